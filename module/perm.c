// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: who may trace whom. ptrace_may_access() is not
 * exported, so this makes the same decision as its PTRACE_MODE_ATTACH |
 * PTRACE_MODE_REALCREDS check, with the credentials of whoever opened the
 * file, never those of the task calling write() or ioctl(). LSM ptrace
 * hooks (Yama, SELinux's ptrace class) cannot be called from a module:
 * admin_only makes the policy stricter for systems that rely on them.
 */
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/sched/coredump.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/fs.h>
#include <linux/user_namespace.h>
#include "iface.h"
#include "compat.h"

/*
 * utracer_may_trace() - whether the opener of @file may trace @task
 * @client_tgid: the client's thread group: it may not trace itself (its
 *	own stop would stop the tracer).
 * CONTEXT: process context.
 * RETURNS: 0 or -EPERM.
 */
int utracer_may_trace(struct file *file, struct pid *client_tgid,
		      struct task_struct *task)
{
	const struct cred *cred = file->f_cred, *tcred;
	bool ok;

	if (task->flags & PF_KTHREAD)
		return -EPERM;
	if (task_tgid(task) == client_tgid)
		return -EPERM;
	if (utracer_admin_only && !file_ns_capable(file, &init_user_ns, CAP_SYS_PTRACE))
		return -EPERM;

	rcu_read_lock();
	tcred = __task_cred(task);
	ok = (uid_eq(cred->uid, tcred->euid) && uid_eq(cred->uid, tcred->suid) &&
	      uid_eq(cred->uid, tcred->uid) && gid_eq(cred->gid, tcred->egid) &&
	      gid_eq(cred->gid, tcred->sgid) && gid_eq(cred->gid, tcred->gid)) ||
	     file_ns_capable(file, tcred->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	if (!ok)
		return -EPERM;

	/* An undumpable process (setuid, prctl) needs CAP_SYS_PTRACE. */
	return utrace_dumpable_or_capable(task, file) ? 0 : -EPERM;
}
