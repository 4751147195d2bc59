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
 * an ->access method) the way ptrace does, through a kernel buffer, and
 * hand it to @put at @off.
 * @n: at most up to the end of @addr's page
 * RETURNS: bytes handed over (0 when nothing could be read), -ENOMEM or
 * @put's error.
 */
static long utrace_copy_vm_slow(struct task_struct *task, unsigned long addr, size_t n,
				unsigned int gup_flags, utrace_copy_fn put, void *ctx, u64 off)
{
	void *kbuf;
	int got, ret;

	kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	got = access_process_vm(task, addr, kbuf, n, gup_flags);
	if (got > 0) {
		ret = put(ctx, off, kbuf, got);
		if (ret)
			got = ret;
	}
	kfree(kbuf);
	return got;
}

/*
 * Hand [addr, addr + len) of @task's memory to @put, stopping at the first
 * byte that cannot be read, as process_vm_readv() does: take a batch of
 * pages under the mmap_lock (read), drop the lock, give each page to @put
 * directly (no bounce buffer) and release the pages. A page the batch
 * could not take is read through access_process_vm(), which also knows
 * the mappings that have no struct page. *@done is what was handed over.
 */
static long utrace_copy_vm(struct task_struct *task, unsigned long addr, u64 len,
			   u64 *done, unsigned int gup_flags, utrace_copy_fn put, void *ctx)
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

			if (!ret) {
				kaddr = kmap_local_page(pages[i]);
				ret = put(ctx, *done, kaddr + off, n);
				kunmap_local(kaddr);
				if (!ret)
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

			got = utrace_copy_vm_slow(task, pos, n, gup_flags, put, ctx, *done);
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

/**
 * utrace_mem_read() - read @task's memory, like /proc/PID/mem
 * @task: the thread
 * @addr: where in its address space
 * @len: how many bytes
 * @put: gives the bytes read to the owner, piece by piece
 * @ctx: @put's
 * @done: out, the bytes given to @put
 *
 * Context: process context; sleeps (the mm's mmap_lock, page faults).
 * Return: 0 with *@done > 0 (or @len == 0); -EIO when nothing at @addr
 * can be read; -EFAULT from @put (what came before counts as not done
 * either); -EINTR when killed.
 */
long utrace_mem_read(struct task_struct *task, unsigned long addr, u64 len,
		     utrace_copy_fn put, void *ctx, u64 *done)
{
	long ret;

	if (addr + len < addr)
		return -EINVAL;
	ret = utrace_copy_vm(task, addr, len, done, FOLL_FORCE, put, ctx);
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
static long utrace_area_read(struct task_struct *task, u64 len, utrace_copy_fn put,
			     void *ctx, u64 *copied, u64 *needed, bool env,
			     unsigned int gup_flags)
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
	return utrace_copy_vm(task, start, min(len, *needed), copied, gup_flags, put, ctx);
}

/**
 * utrace_env_read() - the environment block, as /proc/PID/environ shows it
 * @task: the thread
 * @len: how many bytes the owner takes at most
 * @put: gives the bytes to the owner
 * @ctx: @put's
 * @copied: out, the bytes given to @put
 * @needed: out, the size of the whole block
 *
 * Context: process context; sleeps.
 * Return: 0, -ESRCH without an mm, @put's error, -EINTR, -ENOMEM.
 */
long utrace_env_read(struct task_struct *task, u64 len, utrace_copy_fn put, void *ctx,
		     u64 *copied, u64 *needed)
{
	return utrace_area_read(task, len, put, ctx, copied, needed, true, 0);
}

/**
 * utrace_cmdline_read() - the argument area, as the kernel holds it
 * @task: the thread
 * @len: how many bytes the owner takes at most
 * @put: gives the bytes to the owner
 * @ctx: @put's
 * @copied: out, the bytes given to @put
 * @needed: out, the size of the whole area
 *
 * The area runs from mm->arg_start to mm->arg_end: NUL-separated arguments.
 *
 * Context: process context; sleeps.
 * Return: 0, -ESRCH without an mm, @put's error, -EINTR, -ENOMEM.
 */
long utrace_cmdline_read(struct task_struct *task, u64 len, utrace_copy_fn put,
			 void *ctx, u64 *copied, u64 *needed)
{
	return utrace_area_read(task, len, put, ctx, copied, needed, false, FOLL_FORCE);
}

/**
 * utrace_exe_path() - the path of @task's executable, as /proc/PID/exe
 * @task: the thread
 * @buf: where the path is written, at its end, as d_path() does
 * @size: @buf's size in bytes
 *
 * Context: process context; may sleep.
 * Return: the path, NUL-terminated, in @buf; ERR_PTR(-ESRCH) without an
 * mm or executable, ERR_PTR(-ENAMETOOLONG).
 */
char *utrace_exe_path(struct task_struct *task, char *buf, int size)
{
	struct mm_struct *mm;
	struct file *exe;
	struct path path;
	char *p;

	mm = get_task_mm(task);
	if (!mm)
		return ERR_PTR(-ESRCH);
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
		return ERR_PTR(-ESRCH);
	p = d_path(&path, buf, size);
	path_put(&path);
	return p;
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

/**
 * utrace_maps_walk() - call @fn for each of @task's mappings, in order
 * @task: the thread
 * @from: the first mapping is the one that ends above this address
 * @fn: called with @ctx and each mapping, under the mm's mmap_lock: it
 *	must not touch user memory
 * @ctx: @fn's
 *
 * A caller that must copy out what it gathered has @fn end the walk (a
 * non-zero return), copies it with the lock dropped, and walks again from
 * where it stopped, as /proc/PID/maps is read by chunks.
 *
 * Context: process context; sleeps (the mmap_lock).
 * Return: 0, -ESRCH without an mm, -ENOMEM, -EINTR, or @fn's non-zero
 * return (which ends the walk).
 */
int utrace_maps_walk(struct task_struct *task, unsigned long from,
		     int (*fn)(void *ctx, const struct utrace_map *map), void *ctx)
{
	struct vm_area_struct *vma;
	struct utrace_map map;
	struct mm_struct *mm;
	struct inode *inode;
	char *page;
	int ret = 0;

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
		VMA_ITERATOR(vmi, mm, from);

		for_each_vma(vmi, vma) {
			memset(&map, 0, sizeof(map));
			map.start = vma->vm_start;
			map.end = vma->vm_end;
			map.vm_flags = vma->vm_flags;
			if (vma->vm_file) {
				inode = file_inode(vma->vm_file);
				map.offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
				map.ino = inode->i_ino;
				map.dev = inode->i_sb->s_dev;
			}
			map.path = utrace_vma_name(vma, page);
			ret = fn(ctx, &map);
			if (ret)
				break;
		}
	}
	mmap_read_unlock(mm);
out:
	free_page((unsigned long)page);
	mmput(mm);
	return ret;
}

/**
 * utrace_regset_walk() - call @fn for each register set of @task's view
 * @task: the thread
 * @fn: called with @ctx and each set that has a core note type
 * @ctx: @fn's
 *
 * Context: any that @fn allows.
 * Return: 0 or @fn's error (which ends the walk).
 */
int utrace_regset_walk(struct task_struct *task,
		       int (*fn)(void *ctx, const struct utrace_regset_info *info),
		       void *ctx)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	struct utrace_regset_info info;
	unsigned int i;
	int ret;

	for (i = 0; i < view->n; i++) {
		const struct user_regset *rs = &view->regsets[i];

		if (!rs->core_note_type)
			continue;
		info.note_type = rs->core_note_type;
		info.n = rs->n;
		info.size = rs->size;
		info.align = rs->align;
		ret = fn(ctx, &info);
		if (ret)
			return ret;
	}
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

/**
 * utrace_regset_read() - read a register set of @engine's stopped thread
 * @engine: an engine whose thread is stopped with its stop reported
 * @note_type: the set's core note type (NT_PRSTATUS, ...)
 * @data: out, the set's contents, kmalloc'ed: the caller frees it
 *
 * Context: process context; sleeps until the thread has read it.
 * Return: the set's size in bytes; -EBUSY when not stopped; -EINVAL for
 * an unknown note type; -ENODATA when inactive; -ENOMEM; -ESRCH when the
 * engine is detached or the thread killed.
 */
int utrace_regset_read(struct utrace_engine *engine, u32 note_type, void **data)
{
	struct utrace_regset_req req = { .note_type = note_type };
	long ret, fn_ret = 0;

	ret = utrace_engine_call_stopped(engine, utrace_regset_get_self, &req, &fn_ret);
	if (!ret)
		ret = fn_ret;
	if (ret) {
		kfree(req.data);
		return ret;
	}
	*data = req.data;
	return req.size;
}
