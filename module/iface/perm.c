// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: who may trace whom, decided by the kernel itself.
 *
 * ptrace_may_access() and security_ptrace_access_check() are not exported,
 * but opening /proc/PID/mem runs the first, with the opener's credentials,
 * before it gives a file: mem_open() -> proc_mem_open() -> mm_access(task,
 * PTRACE_MODE_ATTACH | PTRACE_MODE_FSCREDS) -> ptrace_may_access(), which
 * is __ptrace_may_access() (uid/gid, dumpable, CAP_SYS_PTRACE over the mm's
 * user namespace) followed by every LSM's ptrace_access_check hook:
 * commoncap's (same user namespace and permitted capabilities a subset,
 * else CAP_SYS_PTRACE), Yama's, AppArmor's and SELinux's. So a check here
 * is that open, made through exported VFS calls (vfs_path_lookup(),
 * dentry_open()) on the procfs mount that the client's control file was
 * opened through, with override_creds() of the control file's opener:
 * current_cred() is then the opener's for every hook, and current is the
 * client's own thread, which Yama's descendant and PR_SET_PTRACER rules
 * look at. The exec recheck runs from a kworker instead (the tracee itself
 * would pass: mm_access() skips the check for one's own mm); Yama's
 * relationship rules then fail, so under ptrace_scope 1 only a client with
 * CAP_SYS_PTRACE (or a PR_SET_PTRACER_ANY tracee) survives a privileged
 * exec: closed, never open.
 *
 * The file proves a verdict about one mm: it pins it (mmgrab(), not its
 * pages) in private_data, 6.1 to 6.12. The verdict holds for the task while
 * the task's mm is that mm, confirmed under exec_update_lock, which exec
 * holds from the new mm until its new credentials are committed: a task
 * whose mm is still the checked one has not exec'd since. The file is
 * dropped once the confirmation is made. Where anything does not match (a
 * task without an mm, a procfs that does not show the task, an open whose
 * private data is not the task's mm), the answer is no.
 *
 * A yes is kept in the attachment (struct utracer_verdict) with what it was
 * about: the thread's mm, exec count, credentials and dumpable mode. While
 * all are the same, under exec_update_lock, the next command on the thread
 * is let through without opening /proc/PID/mem again: what the check read
 * of the target has not changed, but for what an attached ptracer keeps
 * its access through too (a Yama or LSM policy changed meanwhile), as
 * PTRACE_PEEKDATA is allowed after PTRACE_ATTACH. PEEKDATA itself asks
 * again whether the target is dumpable, and so does the kept verdict. An
 * exec (new mm, exec count), a credential change (a new cred), a new
 * dumpable mode or another calling process (Yama's rules look at the
 * caller) means asking the kernel again. admin_only being set, every
 * command asks.
 */
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/proc_fs.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/workqueue.h>
#include "compat.h"
#include "iface.h"

/* Checks that an exec overtakes before the lock is taken, in a row. */
#define UTRACER_PERM_TRIES	8

/* Who decides: the control file's opener, and its procfs. */
struct utracer_opener {
	const struct cred *cred;
	struct path root;
};

/*
 * The opener of @client's control file, pinned. CONTEXT: may sleep; takes
 * client->mutex. RETURNS: 0, -ESRCH (unregistering) or -EPERM (admin_only).
 */
static int utracer_opener_get(struct utracer_client *client, struct utracer_opener *o)
{
	struct file *file;
	int ret = 0;

	mutex_lock(&client->mutex);
	file = client->control_file;
	if (!client->registered || !file) {
		ret = -ESRCH;
	} else if (utracer_admin_only &&
		   !file_ns_capable(file, &init_user_ns, CAP_SYS_PTRACE)) {
		ret = -EPERM;
	} else {
		o->cred = get_cred(file->f_cred);
		o->root.mnt = file->f_path.mnt;
		o->root.dentry = file->f_path.mnt->mnt_root;
		path_get(&o->root);
	}
	mutex_unlock(&client->mutex);
	return ret;
}

static void utracer_opener_put(struct utracer_opener *o)
{
	path_put(&o->root);
	put_cred(o->cred);
}

/*
 * utracer_perm_capable() - whether the opener of @client's control file
 * has @cap in the initial user namespace.
 * CONTEXT: may sleep; takes client->mutex.
 */
bool utracer_perm_capable(struct utracer_client *client, int cap)
{
	bool ret;

	mutex_lock(&client->mutex);
	ret = client->registered && client->control_file &&
	      file_ns_capable(client->control_file, &init_user_ns, cap);
	mutex_unlock(&client->mutex);
	return ret;
}

/* The error ptrace would give for a failed open of @task's mem. */
static int utracer_open_error(int err, struct task_struct *task)
{
	switch (err) {
	case -EINTR:
	case -ENOMEM:
		return err;
	case -ESRCH:
	case -ENOENT:
		/*
		 * mm_access() says -ESRCH for a task without an mm: one that
		 * is exiting (past exit_mm(), before exit_notify() sets its
		 * exit_state) is gone, not refused.
		 */
		return pid_alive(task) && !(READ_ONCE(task->flags) & PF_EXITING) ?
		       -EPERM : -ESRCH;
	default:
		return -EPERM;
	}
}

/*
 * utracer_mem_open() - open /proc/PID/mem of @task as the opener
 * CONTEXT: may sleep; no locks held (mm_access() takes exec_update_lock).
 * RETURNS: the file, or an ERR_PTR of utracer_open_error().
 */
static struct file *utracer_mem_open(const struct utracer_opener *o, struct task_struct *task)
{
	const struct cred *old;
	struct file *mem;
	struct path path;
	char name[24];
	pid_t nr;
	int ret;

	/* The pid as that procfs names it; 0 when it does not show the task. */
	nr = task_pid_nr_ns(task, proc_pid_ns(o->root.mnt->mnt_sb));
	if (!nr)
		return ERR_PTR(utracer_open_error(-ENOENT, task));
	snprintf(name, sizeof(name), "%d/mem", nr);
	old = override_creds(o->cred);
	ret = vfs_path_lookup(o->root.dentry, o->root.mnt, name, 0, &path);
	if (!ret) {
		mem = dentry_open(&path, O_RDONLY, o->cred);
		path_put(&path);
	} else {
		mem = ERR_PTR(ret);
	}
	revert_creds(old);
	if (IS_ERR(mem))
		return ERR_PTR(utracer_open_error(PTR_ERR(mem), task));
	return mem;
}

/* Whether the verdict of @mem is about @task's present image. */
static bool utracer_mem_current(struct file *mem, struct task_struct *task)
{
	bool ok;

	task_lock(task);
	ok = task->mm && task->mm == mem->private_data;
	task_unlock(task);
	return ok;
}

/* What is refused whatever the kernel says. */
static int utracer_perm_precheck(struct utracer_client *client, struct task_struct *task)
{
	if (task->flags & PF_KTHREAD)
		return -EPERM;
	/* The client's own stop would stop the tracer. */
	if (task_tgid(task) == client->tgid)
		return -EPERM;
	return 0;
}

/* Whether @task's owner may dump it. CONTEXT: any; takes task_lock(@task). */
static bool utracer_task_dumpable(struct task_struct *task)
{
	bool ok;

	task_lock(task);
	ok = utrace_task_owner_dumpable(task);
	task_unlock(task);
	return ok;
}

/* CONTEXT: @task's exec_update_lock held. */
static bool utracer_verdict_holds(struct utracer_verdict *v, struct task_struct *task)
{
	bool dumpable = utracer_task_dumpable(task), ok;

	spin_lock(&v->lock);
	ok = v->cred && v->cred == rcu_access_pointer(task->real_cred) &&
	     v->mm == READ_ONCE(task->mm) && v->exec_id == READ_ONCE(task->self_exec_id) &&
	     v->dumpable == dumpable && v->caller == task_tgid(current);
	spin_unlock(&v->lock);
	return ok;
}

/* CONTEXT: @task's exec_update_lock held, the kernel's yes just confirmed. */
static void utracer_verdict_keep(struct utracer_verdict *v, struct task_struct *task)
{
	const struct cred *cred = get_task_cred(task), *old;
	struct pid *caller = get_pid(task_tgid(current)), *old_caller;
	bool dumpable = utracer_task_dumpable(task);

	spin_lock(&v->lock);
	old = v->cred;
	old_caller = v->caller;
	v->cred = cred;
	v->caller = caller;
	v->mm = READ_ONCE(task->mm);
	v->exec_id = READ_ONCE(task->self_exec_id);
	v->dumpable = dumpable;
	spin_unlock(&v->lock);
	if (old)
		put_cred(old);
	put_pid(old_caller);
}

/**
 * utracer_verdict_drop() - forget a kept verdict, with its credentials
 * @verdict: in an attachment being freed
 *
 * Context: any (the attachment's RCU callback).
 */
void utracer_verdict_drop(struct utracer_verdict *verdict)
{
	if (verdict->cred)
		put_cred(verdict->cred);
	verdict->cred = NULL;
	put_pid(verdict->caller);
	verdict->caller = NULL;
}

/**
 * utracer_perm_lock() - the kernel's ptrace verdict on @task for @client,
 * kept true until utracer_perm_unlock()
 * @client: whose control file's opener asks
 * @task: the target (pinned by the caller)
 * @verdict: the attachment's kept verdict, or NULL (at attach)
 *
 * A kept verdict still about the task's image and credentials answers at
 * once. Else the check runs, without locks (mm_access() takes
 * exec_update_lock itself); then exec_update_lock is taken and the check
 * confirmed to be about the task's present image, and kept. An exec in
 * between (its mm differs) means checking again, at most
 * UTRACER_PERM_TRIES times.
 *
 * CONTEXT: process context of a thread of the client (Yama looks at
 * current); may sleep; no utracer lock held.
 * RETURNS: 0 with @task's exec_update_lock held for reading; -EPERM
 * (ptrace would refuse), -ESRCH (the task exited, or the client is
 * unregistering), -EAGAIN (execs kept overtaking the check), -EINTR (fatal
 * signal) or -ENOMEM, without it.
 */
int utracer_perm_lock(struct utracer_client *client, struct task_struct *task,
		      struct utracer_verdict *verdict)
{
	struct utracer_opener o;
	struct file *mem;
	int tries, ret;

	ret = utracer_perm_precheck(client, task);
	if (ret)
		return ret;
	if (verdict && !READ_ONCE(utracer_admin_only)) {
		ret = down_read_killable(&task->signal->exec_update_lock);
		if (ret)
			return ret;
		if (utracer_verdict_holds(verdict, task))
			return 0;
		up_read(&task->signal->exec_update_lock);
	}
	ret = utracer_opener_get(client, &o);
	if (ret)
		return ret;
	for (tries = 0; tries < UTRACER_PERM_TRIES; tries++) {
		mem = utracer_mem_open(&o, task);
		if (IS_ERR(mem)) {
			ret = PTR_ERR(mem);
			break;
		}
		ret = down_read_killable(&task->signal->exec_update_lock);
		if (!ret && utracer_mem_current(mem, task)) {
			fput(mem);
			utracer_opener_put(&o);
			if (verdict)
				utracer_verdict_keep(verdict, task);
			return 0;
		}
		if (!ret)
			up_read(&task->signal->exec_update_lock);
		fput(mem);
		if (ret)
			break;
		/* No mm: it exited, or died in another thread's exec. */
		ret = READ_ONCE(task->mm) ? -EAGAIN : -ESRCH;
		if (ret == -ESRCH)
			break;
	}
	utracer_opener_put(&o);
	return ret;
}

void utracer_perm_unlock(struct task_struct *task)
{
	up_read(&task->signal->exec_update_lock);
}

/* A verdict asked of a kworker, for a tracee that cannot ask for itself. */
struct utracer_perm_req {
	struct work_struct work;
	const struct utracer_opener *opener;
	struct task_struct *task;
	int ret;
};

static void utracer_perm_work(struct work_struct *work)
{
	struct utracer_perm_req *req = container_of(work, struct utracer_perm_req, work);
	struct file *mem = utracer_mem_open(req->opener, req->task);

	if (IS_ERR(mem)) {
		req->ret = PTR_ERR(mem);
	} else {
		req->ret = utracer_mem_current(mem, req->task) ? 0 : -EPERM;
		fput(mem);
	}
}

/**
 * utracer_perm_recheck() - the kernel's ptrace verdict on current, a
 * tracee that has just exec'd with new privileges, for @client
 * @client: whose control file's opener asks
 *
 * A task's own open of its mem passes unchecked, so a kworker opens it
 * with the opener's credentials; current waits (uninterruptibly: the open
 * waits for nothing of ours, and current cannot exec again meanwhile).
 * CONTEXT: current's task_work before it returns to user mode; may sleep.
 * RETURNS: 0 when the client may still trace current, else an error.
 */
int utracer_perm_recheck(struct utracer_client *client)
{
	struct utracer_perm_req req = { .task = current };
	struct utracer_opener o;
	int ret;

	ret = utracer_perm_precheck(client, current);
	if (ret)
		return ret;
	ret = utracer_opener_get(client, &o);
	if (ret)
		return ret;
	req.opener = &o;
	INIT_WORK_ONSTACK(&req.work, utracer_perm_work);
	queue_work(system_unbound_wq, &req.work);
	flush_work(&req.work);
	destroy_work_on_stack(&req.work);
	utracer_opener_put(&o);
	return req.ret;
}
