// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: more of what /proc/PID shows: the auxiliary
 * vector, status (ids, signal sets) and open file descriptors.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/auxvec.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/pid_namespace.h>
#include <linux/user_namespace.h>
#include "compat.h"
#include "utrace.h"
#include "arch.h"

/**
 * utrace_auxv_read() - @task's auxiliary vector, the entries before AT_NULL
 * @task: the thread
 * @v: out, room for UTRACE_AUXV_MAX entries; 32-bit words of an ia32
 *	process are widened
 *
 * Context: process context.
 * Return: the number of entries at @v; -ESRCH without an mm.
 */
int utrace_auxv_read(struct task_struct *task, struct utrace_auxv_entry *v)
{
	struct mm_struct *mm;
	bool compat;
	int n = 0, i;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	compat = utrace_arch_compat_mm(task);
	/*
	 * Read without a lock, as /proc/PID/auxv does: exec writes it before
	 * the mm is installed and prctl(PR_SET_MM_AUXV) under the writer's
	 * task_lock(); a racing reader may see a mix, never past the array.
	 */
	for (i = 0; i < UTRACE_AUXV_MAX; i++) {
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
	return n;
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

/**
 * utrace_status_read() - what /proc/PID/status shows of ids and signals
 * @task: the thread
 * @pid_ns: the namespace its ids are seen from
 * @user_ns: the namespace its uids and gids are seen from
 * @st: out, filled
 *
 * Context: process context.
 */
void utrace_status_read(struct task_struct *task, struct pid_namespace *pid_ns,
			struct user_namespace *user_ns, struct utrace_status *st)
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

/**
 * utrace_fds_walk() - call @fn for each of @task's open files
 * @task: the thread
 * @fn: called with @ctx and each file, in increasing order of descriptor,
 *	with a reference on the file held; may sleep
 * @ctx: @fn's
 *
 * Context: process context; sleeps.
 * Return: 0, -ENOMEM, -EINTR, or @fn's error (which ends the walk).
 */
int utrace_fds_walk(struct task_struct *task,
		    int (*fn)(void *ctx, const struct utrace_fd *f), void *ctx)
{
	unsigned int fd = 0;
	struct utrace_fd f;
	struct inode *inode;
	struct file *file;
	const char *name;
	char *page;
	int ret = 0;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	for (;; fd++) {
		file = utrace_next_file(task, &fd);
		if (!file)
			break;
		inode = file_inode(file);
		name = d_path(&file->f_path, page, PAGE_SIZE);
		f.fd = fd;
		f.flags = file->f_flags | (utrace_fd_cloexec(task, fd) ? O_CLOEXEC : 0);
		f.mode = file->f_mode;
		f.pos = file->f_pos;
		f.ino = inode->i_ino;
		f.dev = inode->i_sb->s_dev;
		f.path = IS_ERR(name) ? "" : name;
		ret = fn(ctx, &f);
		fput(file);
		if (ret)
			break;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	free_page((unsigned long)page);
	return ret;
}
