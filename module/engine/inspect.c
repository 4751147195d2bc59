// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: inspection of a traced thread: memory,
 * environment, executable, memory map, register sets.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/regset.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/highmem.h>
#include "compat.h"
#include "utrace.h"

/* Pages taken per mmap_lock hold: 2 MiB, 4 KiB of page pointers. */
#define UTRACE_GUP_BATCH	512
/* Reads up to this many pages use an array on the stack. */
#define UTRACE_GUP_STACK	16

/*
 * Read what get_user_pages cannot take (VM_IO and VM_PFNMAP mappings with
 * an ->access method) the way ptrace does, through a kernel buffer.
 * @n: at most up to the end of @addr's page
 * RETURNS: bytes copied to @buf (0 when nothing could be read), -ENOMEM or
 * -EFAULT.
 */
static long utrace_copy_vm_slow(struct task_struct *task, unsigned long addr,
				void __user *buf, size_t n, unsigned int gup_flags)
{
	void *kbuf;
	int got;

	kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	got = access_process_vm(task, addr, kbuf, n, gup_flags);
	if (got > 0 && copy_to_user(buf, kbuf, got))
		got = -EFAULT;
	kfree(kbuf);
	return got;
}

/*
 * Copy [addr, addr + len) of @mm's memory to @buf, stopping at the first
 * byte that cannot be read, as process_vm_readv() does: take a batch of
 * pages under the mmap_lock (read), drop the lock, copy each page to the
 * caller directly (no kernel buffer) and release the pages. A page the
 * batch could not take is read through access_process_vm(), which also
 * knows the mappings that have no struct page. *@done is what was copied.
 */
static long utrace_copy_vm(struct task_struct *task, unsigned long addr,
			   void __user *buf, u64 len, u64 *done, unsigned int gup_flags)
{
	struct page *stack_pages[UTRACE_GUP_STACK];
	struct page **pages = stack_pages;
	unsigned long nr_max = UTRACE_GUP_STACK;
	unsigned long first, last;
	struct mm_struct *mm;
	long ret = 0, got, i;

	*done = 0;
	if (!len)
		return 0;
	mm = get_task_mm(task);
	if (!mm)
		return 0;
	first = addr >> PAGE_SHIFT;
	last = (addr + len - 1) >> PAGE_SHIFT;
	if (last - first + 1 > UTRACE_GUP_STACK) {
		nr_max = min_t(unsigned long, last - first + 1, UTRACE_GUP_BATCH);
		pages = kmalloc_array(nr_max, sizeof(*pages), GFP_KERNEL);
		if (!pages) {
			mmput(mm);
			return -ENOMEM;
		}
	}
	while (*done < len) {
		unsigned long pos = addr + *done;
		unsigned long nr = min_t(unsigned long, nr_max,
					 last - (pos >> PAGE_SHIFT) + 1);

		if (mmap_read_lock_killable(mm)) {
			ret = -EINTR;
			break;
		}
		got = utrace_get_user_pages_remote(mm, pos, nr, gup_flags, pages);
		mmap_read_unlock(mm);
		for (i = 0; i < got; i++) {
			size_t off = offset_in_page(pos);
			size_t n = min_t(u64, PAGE_SIZE - off, len - *done);
			void *kaddr;
			unsigned long left;

			if (!ret) {
				kaddr = kmap_local_page(pages[i]);
				left = copy_to_user(buf + *done, kaddr + off, n);
				kunmap_local(kaddr);
				if (left)
					ret = -EFAULT;
				else
					*done += n;
				pos += n;
			}
			put_page(pages[i]);
		}
		if (ret)
			break;
		if (got < (long)nr) {
			/* The page at pos: no struct page, not mapped, or no access. */
			size_t n = min_t(u64, PAGE_SIZE - offset_in_page(pos), len - *done);

			got = utrace_copy_vm_slow(task, pos, buf + *done, n, gup_flags);
			if (got < 0)
				ret = got;
			if (got <= 0)
				break;
			*done += got;
			if (got < (long)n)
				break;
		}
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	if (pages != stack_pages)
		kfree(pages);
	mmput(mm);
	return ret;
}

/*
 * utrace_mem_read() - read @task's memory, like /proc/PID/mem
 * RETURNS: 0 with *@done > 0 (or @len == 0); -EIO when nothing at @addr
 * can be read; -EFAULT for a bad @buf; -EINTR when killed.
 */
long utrace_mem_read(struct task_struct *task, unsigned long addr,
		     void __user *buf, u64 len, u64 *done)
{
	long ret;

	if (addr + len < addr)
		return -EINVAL;
	ret = utrace_copy_vm(task, addr, buf, len, done, FOLL_FORCE);
	if (ret && *done)
		ret = ret == -EFAULT ? -EFAULT : 0;
	if (!ret && len && !*done)
		ret = -EIO;
	return ret;
}

/*
 * Copy an area of @task's mm whose bounds are read under mm->arg_lock:
 * the environment block (@env) or the argument area.
 */
static long utrace_area_read(struct task_struct *task, void __user *buf, u64 len,
			     u64 *copied, u64 *needed, bool env, unsigned int gup_flags)
{
	unsigned long start, end;
	struct mm_struct *mm;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	spin_lock(&mm->arg_lock);
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	spin_unlock(&mm->arg_lock);
	mmput(mm);
	*needed = end > start ? end - start : 0;
	/* A page that cannot be read ends the copy short, as for /proc. */
	return utrace_copy_vm(task, start, buf, min(len, *needed), copied, gup_flags);
}

/*
 * utrace_env_read() - the environment block, as /proc/PID/environ shows it
 * RETURNS: 0, -ESRCH without an mm, -EFAULT, -EINTR, -ENOMEM.
 */
long utrace_env_read(struct task_struct *task, void __user *buf, u64 len,
		     u64 *copied, u64 *needed)
{
	return utrace_area_read(task, buf, len, copied, needed, true, 0);
}

/*
 * utrace_cmdline_read() - the argument area, from mm->arg_start to
 * mm->arg_end, as the kernel holds it (NUL-separated arguments)
 * RETURNS: 0, -ESRCH without an mm, -EFAULT, -EINTR, -ENOMEM.
 */
long utrace_cmdline_read(struct task_struct *task, void __user *buf, u64 len,
			 u64 *copied, u64 *needed)
{
	return utrace_area_read(task, buf, len, copied, needed, false, FOLL_FORCE);
}

/* Copy @s (with its NUL) to @buf if it fits in @len. */
static long utrace_copy_string(const char *s, void __user *buf, u64 len,
			       u64 *copied, u64 *needed)
{
	size_t n = strlen(s) + 1;

	*needed = n;
	*copied = 0;
	if (n > len)
		return 0;
	if (copy_to_user(buf, s, n))
		return -EFAULT;
	*copied = n;
	return 0;
}

/*
 * utrace_exe_read() - the path of @task's executable, as /proc/PID/exe
 * RETURNS: 0, -ESRCH without an mm or executable, -ENOMEM, -EFAULT,
 * -ENAMETOOLONG.
 */
long utrace_exe_read(struct task_struct *task, void __user *buf, u64 len,
		     u64 *copied, u64 *needed)
{
	struct mm_struct *mm;
	struct file *exe;
	struct path path;
	char *page, *p;
	long ret;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	/* mm->exe_file changes only at exec (a new mm) and by prctl under mmap_lock. */
	mmap_read_lock(mm);
	exe = rcu_dereference_protected(mm->exe_file, lockdep_is_held(&mm->mmap_lock));
	if (exe) {
		path = exe->f_path;
		path_get(&path);
	}
	mmap_read_unlock(mm);
	mmput(mm);
	if (!exe)
		return -ESRCH;
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page) {
		path_put(&path);
		return -ENOMEM;
	}
	p = d_path(&path, page, PAGE_SIZE);
	path_put(&path);
	ret = IS_ERR(p) ? PTR_ERR(p) : utrace_copy_string(p, buf, len, copied, needed);
	free_page((unsigned long)page);
	return ret;
}

struct utrace_maps_buf {
	char *data;
	size_t used;
	size_t size;
};

static int utrace_maps_add(struct utrace_maps_buf *mb, struct vm_area_struct *vma,
			   const char *name)
{
	size_t n = strlen(name) + 1;
	size_t rec_len = ALIGN(sizeof(struct utracer_map_record) + n, 8);
	struct utracer_map_record *rec;
	struct inode *inode;
	char *bigger;

	if (mb->used + rec_len > mb->size) {
		size_t size = max(mb->size * 2, mb->used + rec_len + PAGE_SIZE);

		bigger = utrace_kvrealloc(mb->data, mb->size, size);
		if (!bigger)
			return -ENOMEM;
		mb->data = bigger;
		mb->size = size;
	}
	rec = (struct utracer_map_record *)(mb->data + mb->used);
	memset(rec, 0, rec_len);
	rec->rec_len = rec_len;
	rec->start = vma->vm_start;
	rec->end = vma->vm_end;
	if (vma->vm_flags & VM_READ)
		rec->prot |= UTRACER_MAP_READ;
	if (vma->vm_flags & VM_WRITE)
		rec->prot |= UTRACER_MAP_WRITE;
	if (vma->vm_flags & VM_EXEC)
		rec->prot |= UTRACER_MAP_EXEC;
	if (vma->vm_flags & VM_MAYSHARE)
		rec->prot |= UTRACER_MAP_SHARED;
	if (vma->vm_file) {
		inode = file_inode(vma->vm_file);
		rec->offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
		rec->inode = inode->i_ino;
		rec->dev_major = MAJOR(inode->i_sb->s_dev);
		rec->dev_minor = MINOR(inode->i_sb->s_dev);
	}
	memcpy(rec->path, name, n);
	mb->used += rec_len;
	return 0;
}

/* The name /proc/PID/maps gives a mapping (file path, [heap], [vdso], ...). */
static const char *utrace_vma_name(struct vm_area_struct *vma, char *page)
{
	struct mm_struct *mm = vma->vm_mm;
	const char *name;

	if (vma->vm_file) {
		name = d_path(&vma->vm_file->f_path, page, PAGE_SIZE);
		return IS_ERR(name) ? "" : name;
	}
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= vma->vm_mm->start_stack &&
	    vma->vm_end >= vma->vm_mm->start_stack)
		return "[stack]";
	return "";
}

/*
 * utrace_maps_read() - @task's mappings as struct utracer_map_record
 * RETURNS: 0 (whole records that fit in @len are copied), -ESRCH without
 * an mm, -ENOMEM, -EFAULT, -EINTR.
 */
long utrace_maps_read(struct task_struct *task, void __user *buf, u64 len,
		      u64 *copied, u64 *needed, u32 *count)
{
	struct utrace_maps_buf mb = { };
	struct vm_area_struct *vma;
	struct utracer_map_record *rec;
	struct mm_struct *mm;
	size_t off = 0;
	char *page;
	long ret = 0;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page) {
		mmput(mm);
		return -ENOMEM;
	}
	if (mmap_read_lock_killable(mm)) {
		ret = -EINTR;
		goto out;
	}
	{
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			ret = utrace_maps_add(&mb, vma, utrace_vma_name(vma, page));
			if (ret)
				break;
		}
	}
	mmap_read_unlock(mm);
	if (ret)
		goto out;
	*needed = mb.used;
	*count = 0;
	while (off < mb.used) {
		rec = (struct utracer_map_record *)(mb.data + off);
		if (off + rec->rec_len > len)
			break;
		off += rec->rec_len;
		(*count)++;
	}
	*copied = off;
	if (off && copy_to_user(buf, mb.data, off))
		ret = -EFAULT;
out:
	kvfree(mb.data);
	free_page((unsigned long)page);
	mmput(mm);
	return ret;
}

/*
 * utrace_regset_list() - the register sets of @task's view
 * @count: in, entries at @buf; out, entries in the view
 * RETURNS: 0 or -EFAULT.
 */
long utrace_regset_list(struct task_struct *task,
			struct utracer_regset_info __user *buf, u32 *count)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	struct utracer_regset_info info;
	u32 i, n = 0;

	for (i = 0; i < view->n; i++) {
		const struct user_regset *rs = &view->regsets[i];

		if (!rs->core_note_type)
			continue;
		if (n < *count) {
			info.note_type = rs->core_note_type;
			info.n = rs->n;
			info.size = rs->size;
			info.align = rs->align;
			if (copy_to_user(&buf[n], &info, sizeof(info)))
				return -EFAULT;
		}
		n++;
	}
	*count = n;
	return 0;
}

struct utrace_regset_req {
	u32 note_type;
	void *data;		/* out: kmalloc'ed by regset_get_alloc() */
	int size;
};

/* CONTEXT: the stopped thread itself (current), so the FPU state is synced. */
static long utrace_regset_get_self(void *arg)
{
	const struct user_regset_view *view = task_user_regset_view(current);
	struct utrace_regset_req *req = arg;
	unsigned int i;

	for (i = 0; i < view->n; i++) {
		const struct user_regset *rs = &view->regsets[i];

		if (rs->core_note_type != req->note_type)
			continue;
		if (rs->active && rs->active(current, rs) == 0)
			return -ENODATA;
		req->size = regset_get_alloc(current, rs, rs->n * rs->size, &req->data);
		return req->size < 0 ? req->size : 0;
	}
	return -EINVAL;
}

/*
 * utrace_regset_read() - read a register set of @engine's stopped thread
 * @len: in, bytes at @buf; out, bytes written (the regset's size)
 * RETURNS: 0; -EBUSY when not stopped; -EINVAL for an unknown note type;
 * -ENODATA when inactive; -ENOSPC when @len is too small; -EFAULT.
 */
long utrace_regset_read(struct utrace_engine *engine, u32 note_type,
			void __user *buf, u64 *len)
{
	struct utrace_regset_req req = { .note_type = note_type };
	long ret, fn_ret = 0;

	ret = utrace_engine_call_stopped(engine, utrace_regset_get_self, &req, &fn_ret);
	if (!ret)
		ret = fn_ret;
	if (ret)
		goto out;
	if (req.size > *len) {
		*len = req.size;
		ret = -ENOSPC;
		goto out;
	}
	if (copy_to_user(buf, req.data, req.size))
		ret = -EFAULT;
	*len = req.size;
out:
	kfree(req.data);
	return ret;
}
