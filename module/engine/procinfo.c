// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: more of what /proc/PID shows, as records: the
 * auxiliary vector, status (ids, signal sets) and open file descriptors.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/auxvec.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/pid_namespace.h>
#include <linux/user_namespace.h>
#include "compat.h"
#include "utrace.h"

/*
 * utrace_auxv_read() - @task's auxiliary vector, the entries before AT_NULL
 * as struct utracer_auxv_entry (32-bit words widened for an ia32 process)
 * RETURNS: 0 (whole entries that fit in @len are copied), -ESRCH without
 * an mm, -ENOMEM, -EFAULT.
 */
long utrace_auxv_read(struct task_struct *task, void __user *buf, u64 len,
		      u64 *copied, u64 *needed, u32 *count)
{
	struct utracer_auxv_entry *v;
	struct mm_struct *mm;
	bool compat;
	u32 n = 0, i;
	long ret = 0;

	v = kcalloc(AT_VECTOR_SIZE, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	mm = get_task_mm(task);
	if (!mm) {
		kfree(v);
		return -ESRCH;
	}
	compat = utrace_arch_compat_mm(task);
	/*
	 * Read without a lock, as /proc/PID/auxv does: exec writes it before
	 * the mm is installed and prctl(PR_SET_MM_AUXV) under the writer's
	 * task_lock(); a racing reader may see a mix, never past the array.
	 */
	for (i = 0; i < AT_VECTOR_SIZE / 2; i++) {
		u64 type, value;

		if (compat) {
			const u32 *w = (const u32 *)mm->saved_auxv;

			type = w[2 * i];
			value = w[2 * i + 1];
		} else {
			type = mm->saved_auxv[2 * i];
			value = mm->saved_auxv[2 * i + 1];
		}
		if (type == AT_NULL)
			break;
		v[n].type = type;
		v[n].value = value;
		n++;
	}
	mmput(mm);
	*needed = (u64)n * sizeof(*v);
	*count = min_t(u64, n, len / sizeof(*v));
	*copied = (u64)*count * sizeof(*v);
	if (*copied && copy_to_user(buf, v, *copied))
		ret = -EFAULT;
	kfree(v);
	return ret;
}

/*
 * Lock @task's signal handlers, which exit takes away: the sighand struct
 * is freed by RCU, so lock it and check it is still the task's.
 * RETURNS: the locked sighand, or NULL when the task has none any more.
 */
static struct sighand_struct *utrace_lock_sighand(struct task_struct *task,
						  unsigned long *flags)
{
	struct sighand_struct *sighand;

	rcu_read_lock();
	for (;;) {
		sighand = rcu_dereference(task->sighand);
		if (!sighand)
			break;
		spin_lock_irqsave(&sighand->siglock, *flags);
		if (likely(sighand == rcu_access_pointer(task->sighand)))
			break;
		spin_unlock_irqrestore(&sighand->siglock, *flags);
	}
	rcu_read_unlock();
	return sighand;
}

/* Signal set as /proc shows it: bit n - 1 for signal n (1..64). */
static u64 utrace_sigset_bits(const sigset_t *set)
{
	return set->sig[0];
}

/*
 * utrace_status_read() - fill the answers of @st (see struct
 * utracer_status) for @task, ids as seen from @pid_ns and @user_ns.
 * CONTEXT: process context.
 */
void utrace_status_read(struct task_struct *task, struct pid_namespace *pid_ns,
			struct user_namespace *user_ns, struct utracer_status *st)
{
	struct sighand_struct *sighand;
	const struct cred *cred;
	unsigned long flags;
	int i;

	st->state = task_state_to_char(task);
	st->tgid = task_tgid_nr_ns(task, pid_ns);
	st->tid = task_pid_nr_ns(task, pid_ns);
	rcu_read_lock();
	st->ppid = pid_alive(task) ?
		task_tgid_nr_ns(rcu_dereference(task->real_parent), pid_ns) : 0;
	rcu_read_unlock();
	st->threads = get_nr_threads(task);

	cred = get_task_cred(task);
	st->uid[0] = from_kuid_munged(user_ns, cred->uid);
	st->uid[1] = from_kuid_munged(user_ns, cred->euid);
	st->uid[2] = from_kuid_munged(user_ns, cred->suid);
	st->uid[3] = from_kuid_munged(user_ns, cred->fsuid);
	st->gid[0] = from_kgid_munged(user_ns, cred->gid);
	st->gid[1] = from_kgid_munged(user_ns, cred->egid);
	st->gid[2] = from_kgid_munged(user_ns, cred->sgid);
	st->gid[3] = from_kgid_munged(user_ns, cred->fsgid);
	put_cred(cred);

	st->sig_pending = 0;
	st->sig_shared = 0;
	st->sig_blocked = 0;
	st->sig_ignored = 0;
	st->sig_caught = 0;
	sighand = utrace_lock_sighand(task, &flags);
	if (!sighand)
		return;
	st->sig_pending = utrace_sigset_bits(&task->pending.signal);
	st->sig_shared = utrace_sigset_bits(&task->signal->shared_pending.signal);
	st->sig_blocked = utrace_sigset_bits(&task->blocked);
	for (i = 1; i <= 64 && i <= _NSIG; i++) {
		__sighandler_t h = sighand->action[i - 1].sa.sa_handler;

		if (h == SIG_IGN)
			st->sig_ignored |= 1ULL << (i - 1);
		else if (h != SIG_DFL)
			st->sig_caught |= 1ULL << (i - 1);
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
}

struct utrace_fds_buf {
	char *data;
	size_t used;
	size_t size;
};

static int utrace_fds_add(struct utrace_fds_buf *fb, unsigned int fd, struct file *file,
			  bool cloexec, char *page)
{
	const char *name = d_path(&file->f_path, page, PAGE_SIZE);
	struct utracer_fd_record *rec;
	struct inode *inode = file_inode(file);
	size_t n, rec_len;

	if (IS_ERR(name))
		name = "";
	n = strlen(name) + 1;
	rec_len = ALIGN(sizeof(*rec) + n, 8);
	if (fb->used + rec_len > fb->size) {
		size_t size = max(fb->size * 2, fb->used + rec_len + PAGE_SIZE);
		char *bigger = utrace_kvrealloc(fb->data, fb->size, size);

		if (!bigger)
			return -ENOMEM;
		fb->data = bigger;
		fb->size = size;
	}
	rec = (struct utracer_fd_record *)(fb->data + fb->used);
	memset(rec, 0, rec_len);
	rec->rec_len = rec_len;
	rec->fd = fd;
	rec->flags = file->f_flags | (cloexec ? O_CLOEXEC : 0);
	if (file->f_mode & FMODE_READ)
		rec->mode |= UTRACER_FD_READ;
	if (file->f_mode & FMODE_WRITE)
		rec->mode |= UTRACER_FD_WRITE;
	rec->pos = file->f_pos;
	rec->inode = inode->i_ino;
	rec->dev_major = MAJOR(inode->i_sb->s_dev);
	rec->dev_minor = MINOR(inode->i_sb->s_dev);
	memcpy(rec->path, name, n);
	fb->used += rec_len;
	return 0;
}

/* Whether @fd of @task is close-on-exec. */
static bool utrace_fd_cloexec(struct task_struct *task, unsigned int fd)
{
	struct files_struct *files;
	struct fdtable *fdt;
	bool ret = false;

	/* task->files is stable under task_lock(); the fdtable under RCU. */
	task_lock(task);
	files = task->files;
	if (files) {
		rcu_read_lock();
		fdt = files_fdtable(files);
		ret = fd < fdt->max_fds && test_bit(fd, fdt->close_on_exec);
		rcu_read_unlock();
	}
	task_unlock(task);
	return ret;
}

/*
 * utrace_fds_read() - @task's open files as struct utracer_fd_record
 * RETURNS: 0 (whole records that fit in @len are copied), -ENOMEM,
 * -EFAULT, -EINTR.
 */
long utrace_fds_read(struct task_struct *task, void __user *buf, u64 len,
		     u64 *copied, u64 *needed, u32 *count)
{
	struct utrace_fds_buf fb = { };
	struct utracer_fd_record *rec;
	unsigned int fd = 0;
	struct file *file;
	size_t off = 0;
	char *page;
	long ret = 0;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	for (;; fd++) {
		file = utrace_next_file(task, &fd);
		if (!file)
			break;
		ret = utrace_fds_add(&fb, fd, file, utrace_fd_cloexec(task, fd), page);
		fput(file);
		if (ret)
			goto out;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}
		cond_resched();
	}
	*needed = fb.used;
	*count = 0;
	while (off < fb.used) {
		rec = (struct utracer_fd_record *)(fb.data + off);
		if (off + rec->rec_len > len)
			break;
		off += rec->rec_len;
		(*count)++;
	}
	*copied = off;
	if (off && copy_to_user(buf, fb.data, off))
		ret = -EFAULT;
out:
	kvfree(fb.data);
	free_page((unsigned long)page);
	return ret;
}
