// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: the tracepoint probes that turn kernel events into
 * engine reports.
 *
 * Probes run with preemption disabled (signal_deliver also under siglock
 * with interrupts off): no sleeping, GFP_NOWAIT at most. Every probe starts
 * with utrace_traced(), and builds its report only for a traced thread: an
 * untraced one pays a counter test, or a hash lookup while anything is traced.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/tracepoint.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/binfmts.h>
#include <linux/ptrace.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include <asm/syscall.h>
#include <trace/events/signal.h>
#include "compat.h"
#include "internal.h"

/* Set at load time only: an engine's before set then keeps its meaning. */
static bool utrace_syscall_before = true;
module_param_named(syscall_before, utrace_syscall_before, bool, 0444);
MODULE_PARM_DESC(syscall_before,
		 "offer syscall-entry stops before the call (UTRACER_SYSCALL_BEFORE) where the kernel allows them (default 1)");

/**
 * utrace_syscall_before_supported() - whether an entry stop can come before
 * the call runs (UTRACE_SYSCALL_BEFORE)
 *
 * Context: any.
 * Return: true when the kernel's syscall entry code reads the syscall
 * number again after the sys_enter tracepoint (see compat.h) and the
 * syscall_before parameter leaves them on.
 */
bool utrace_syscall_before_supported(void)
{
	return UTRACE_HAVE_SYSCALL_SKIP && utrace_syscall_before;
}

static void utrace_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct utrace_task *utask;

	rcu_read_lock();
	utask = utrace_traced(current);
	if (utask) {
		struct utrace_report r = { .type = UTRACE_EVENT_SYSCALL_ENTRY, .task = current };

		utrace_syscall_unmask(utask);
		if (utask->sc_state == UTRACE_SC_REPLAY) {
			utask->sc_state = UTRACE_SC_NONE;
			/* The held call, run at last: its entry was reported. */
			if (instruction_pointer(regs) == utask->sc_ip) {
				utask->sc_state = UTRACE_SC_RAN;
				goto out;
			}
		}
		r.sc_entry.nr = id;
		r.sc_entry.arch = utrace_arch_syscall_arch(current);
		utrace_arch_syscall_args(current, regs, r.sc_entry.args);
		r.sc_entry.ip = instruction_pointer(regs);
		utrace_report_event(utask, &r);
		if (r.sc_entry.before) {
			/* The entry code reads the number again: nothing runs. */
			utrace_arch_syscall_skip(regs);
			utask->sc_state = UTRACE_SC_HELD;
			utask->sc_nr = id;
		}
	}
out:
	rcu_read_unlock();
}

static void utrace_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct utrace_task *utask;

	rcu_read_lock();
	utask = utrace_traced(current);
	/* A held call did not run: its exit comes after the stop. */
	if (utask && utask->sc_state != UTRACE_SC_HELD) {
		struct utrace_report r = { .type = UTRACE_EVENT_SYSCALL_EXIT, .task = current };

		r.sc_exit.nr = syscall_get_nr(current, regs);
		r.sc_exit.arch = utrace_arch_syscall_arch(current);
		r.sc_exit.ret = ret;
		utrace_arch_syscall_args(current, regs, r.sc_exit.args);
		if (utask->sc_state == UTRACE_SC_RAN) {
			r.sc_exit.held = true;
			r.sc_exit.held_nr = utask->sc_nr;
			utask->sc_state = UTRACE_SC_NONE;
		}
		utrace_report_event(utask, &r);
		utrace_step_syscall_exit(utask, regs);
	}
	rcu_read_unlock();
}

static void utrace_probe_exec(void *data, struct task_struct *p, pid_t old_pid,
			      struct linux_binprm *bprm)
{
	struct utrace_task *utask;

	rcu_read_lock();
	utask = utrace_traced(p);
	if (utask) {
		struct utrace_report r = { .type = UTRACE_EVENT_EXEC, .task = p };
		unsigned long flags;

		/*
		 * The new credentials are committed. An exec that gained
		 * privileges (commoncap, SELinux and AppArmor say so with
		 * secureexec) or left an image ptrace needs CAP_SYS_PTRACE
		 * for (undumpable: setuid, unreadable file) is checked again
		 * before user mode; another exec changed nothing ptrace's
		 * verdict looks at, and ptrace does not check again either.
		 */
		if (bprm->secureexec || !utrace_task_owner_dumpable(p)) {
			spin_lock_irqsave(&utask->lock, flags);
			utask->recheck = true;
			utrace_task_queue_work(utask, TWA_RESUME);
			spin_unlock_irqrestore(&utask->lock, flags);
		}
		r.exec.old_tid = old_pid;
		r.exec.path = bprm->filename;
		utrace_report_event(utask, &r);
	}
	rcu_read_unlock();
}

static void utrace_probe_newtask(void *data, struct task_struct *task,
				 unsigned long clone_flags)
{
	struct utrace_task *utask;

	rcu_read_lock();
	utask = utrace_traced(current);
	if (utask) {
		struct utrace_report r = { .type = UTRACE_EVENT_CLONE, .task = current };

		utrace_clone_follow(utask, task, clone_flags);
		r.clone.child = task;
		r.clone.flags = clone_flags;
		utrace_report_event(utask, &r);
	}
	rcu_read_unlock();
}

static void utrace_probe_exit(void *data, struct task_struct *p)
{
	if (!atomic_read(&utrace_nr_tasks))
		return;
	utrace_task_exited(p, p->exit_code, !atomic_read(&p->signal->live));
}

/*
 * What a siginfo says of its sender, of a child for SIGCHLD, and the whole
 * of it as @task's handler would receive it, built in @buf.
 */
void utrace_signal_fill(struct utrace_report *r, struct task_struct *task,
			const kernel_siginfo_t *info, u8 buf[UTRACE_SIGINFO_SIZE])
{
	r->signal.signo = info->si_signo;
	r->signal.code = info->si_code;
	r->signal.errno_ = info->si_errno;
	switch (info->si_code) {
	case SI_USER:
	case SI_QUEUE:
	case SI_TKILL:
	case SI_MESGQ:
		r->signal.sender = info->si_pid;
		r->signal.uid = info->si_uid;
		r->signal.has_sender = true;
		break;
	default:
		if (info->si_signo == SIGCHLD && info->si_code > 0 && info->si_code != SI_KERNEL) {
			r->signal.sender = info->si_pid;
			r->signal.uid = info->si_uid;
			r->signal.has_sender = true;
			r->signal.status = info->si_status;
			r->signal.utime = info->si_utime;
			r->signal.stime = info->si_stime;
			r->signal.has_child = true;
		}
	}
	utrace_siginfo_to_user(task, info, r, buf);
}

/*
 * A signal an engine holds is taken off the queue here (engine/signal.c).
 * complete_signal() turns a signal that kills the whole group into
 * SIGKILL queued to every thread, which then dequeue SIGKILL alone: keep
 * the signal that was sent, to report it in its place.
 * CONTEXT: @task's siglock held.
 */
static void utrace_probe_signal_generate(void *data, int sig,
					 struct kernel_siginfo *info,
					 struct task_struct *task, int group, int result)
{
	struct utrace_task *utask;

	if (atomic_read(&utrace_nr_tasks)) {
		utrace_step_signal_generated(sig, info, task, group, result);
		utrace_signal_generated(sig, task, group, result);
	}
	if (result != TRACE_SIGNAL_DELIVERED || sig == SIGKILL ||
	    !(task->signal->flags & SIGNAL_GROUP_EXIT) ||
	    task->signal->group_exit_code != sig)
		return;
	rcu_read_lock();
	utask = utrace_traced(task);
	if (utask) {
		utrace_siginfo_sent(&utask->fatal.info, sig, info);
		utask->fatal.signo = sig;
	}
	rcu_read_unlock();
}

/*
 * utrace_syscall_interrupted() - a signal handler runs before a call held
 * at its entry stop ran
 *
 * The re-run blocks signals (utrace_syscall_mask()), so only a signal
 * forced through the mask gets here. The handler runs first, as for a
 * blocking call a signal interrupts: the held call's exit is reported as
 * -ERESTARTNOINTR, and once the handler returns the call starts over, with
 * a new entry event (and stop).
 * REPLAY: the instruction pointer is on the syscall instruction already.
 * Still HELD (the stop not taken yet: its task_work runs first, from
 * get_signal(), so only if that changes): the signal code is asked to
 * restart it.
 * CONTEXT: the signal_deliver probe: current's siglock, interrupts off.
 */
static void utrace_syscall_interrupted(struct utrace_task *utask)
{
	struct utrace_report r = { .type = UTRACE_EVENT_SYSCALL_EXIT, .task = current };

	if (utask->sc_state == UTRACE_SC_HELD)
		utrace_arch_syscall_interrupt(task_pt_regs(current), utask->sc_nr);
	/*
	 * The handler's frame saves the mask it finds: the thread's own, as
	 * __set_task_blocked() sets it, under siglock (held).
	 */
	if (utask->sc_masked) {
		current->blocked = utask->sc_blocked;
		WRITE_ONCE(utask->sc_masked, false);
	}
	utask->sc_state = UTRACE_SC_NONE;
	r.sc_exit.nr = utask->sc_nr;
	r.sc_exit.arch = utrace_arch_syscall_arch(current);
	r.sc_exit.ret = -ERESTARTNOINTR;
	utrace_arch_syscall_args(current, task_pt_regs(current), r.sc_exit.args);
	r.sc_exit.restart = true;
	utrace_report_event(utask, &r);
}

/* CONTEXT: current's siglock held, interrupts off. */
static void utrace_probe_signal_deliver(void *data, int sig,
					struct kernel_siginfo *info,
					struct k_sigaction *ka)
{
	struct utrace_task *utask;

	rcu_read_lock();
	utask = utrace_traced(current);
	if (utask) {
		struct utrace_report r = { .type = UTRACE_EVENT_SIGNAL, .task = current };
		int fatal = current->signal->group_exit_code;
		u8 siginfo[UTRACE_SIGINFO_SIZE];
		kernel_siginfo_t sent;

		utrace_step_signal_deliver(utask, ka);
		/* A handler runs before a held call: it interrupts the call. */
		if ((utask->sc_state == UTRACE_SC_HELD || utask->sc_state == UTRACE_SC_REPLAY) &&
		    ka->sa.sa_handler != SIG_DFL && ka->sa.sa_handler != SIG_IGN)
			utrace_syscall_interrupted(utask);

		if (sig == SIGKILL && info == SEND_SIG_NOINFO && fatal != SIGKILL &&
		    (current->signal->flags & SIGNAL_GROUP_EXIT)) {
			/*
			 * A group exit's SIGKILL: the thread the fatal signal
			 * was sent to reports that signal; the others, and
			 * the threads an exec kills, report nothing.
			 */
			if (utask->fatal.signo != fatal) {
				rcu_read_unlock();
				return;
			}
			utask->fatal.signo = 0;
			utrace_signal_fill(&r, current, &utask->fatal.info, siginfo);
		} else {
			utrace_siginfo_sent(&sent, sig, info);
			utrace_signal_fill(&r, current, &sent, siginfo);
		}
		/* The default action that terminates, or a group exit: no stop. */
		r.signal.fatal = (current->signal->flags & SIGNAL_GROUP_EXIT) ||
				 (ka->sa.sa_handler == SIG_DFL && !sig_kernel_ignore(sig) &&
				  !sig_kernel_stop(sig));
		/* A held signal given back: its holders saw it already. */
		r.signal.released = sig >= 1 && sig <= _NSIG && utask->sig_released[sig - 1];
		if (r.signal.released)
			utask->sig_released[sig - 1]--;
		utrace_report_event(utask, &r);
	}
	rcu_read_unlock();
}

struct utrace_hook {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool registered;
};

enum { HOOK_SYS_ENTER, HOOK_SYS_EXIT, HOOK_EXEC, HOOK_NEWTASK, HOOK_EXIT,
	HOOK_SIGNAL, HOOK_SIGNAL_GENERATE, HOOK_NR };

static struct utrace_hook utrace_hooks[HOOK_NR] = {
	[HOOK_SYS_ENTER] = { "sys_enter", utrace_probe_sys_enter },
	[HOOK_SYS_EXIT] = { "sys_exit", utrace_probe_sys_exit },
	[HOOK_EXEC] = { "sched_process_exec", utrace_probe_exec },
	[HOOK_NEWTASK] = { "task_newtask", utrace_probe_newtask },
	[HOOK_EXIT] = { "sched_process_exit", utrace_probe_exit },
	[HOOK_SIGNAL] = { "signal_deliver", utrace_probe_signal_deliver },
	[HOOK_SIGNAL_GENERATE] = { "signal_generate", utrace_probe_signal_generate },
};

/*
 * The syscall tracepoints put every syscall of the machine on the slow
 * path: registered only while some engine wants syscall events. Each
 * registration patches kernel text (a static key), so they linger for
 * UTRACE_SYSCALL_LINGER after the last user goes: a tracer that switches
 * syscall events off and on, or attaches one short-lived process after
 * another, does not patch the kernel each time.
 *
 * utrace_syscall_mutex protects the registration state of the two syscall
 * hooks and orders it against utrace_syscall_users: the hooks are
 * registered before the count leaves zero, and unregistered only when the
 * count is zero with the mutex held. It nests outside the tracepoint
 * core's own mutex and is never taken in a probe.
 */
#define UTRACE_SYSCALL_LINGER	HZ

static DEFINE_MUTEX(utrace_syscall_mutex);
static atomic_t utrace_syscall_users = ATOMIC_INIT(0);

static int utrace_hook_register(struct utrace_hook *hook)
{
	int ret;

	if (hook->registered)
		return 0;
	ret = tracepoint_probe_register(hook->tp, hook->probe, NULL);
	if (!ret)
		hook->registered = true;
	return ret;
}

static void utrace_hook_unregister(struct utrace_hook *hook)
{
	if (!hook->registered)
		return;
	tracepoint_probe_unregister(hook->tp, hook->probe, NULL);
	hook->registered = false;
}

/* Called with utrace_syscall_mutex held. */
static void utrace_syscall_hooks_drop_locked(void)
{
	if (atomic_read(&utrace_syscall_users))
		return;
	utrace_hook_unregister(&utrace_hooks[HOOK_SYS_ENTER]);
	utrace_hook_unregister(&utrace_hooks[HOOK_SYS_EXIT]);
}

static void utrace_syscall_work_fn(struct work_struct *work)
{
	mutex_lock(&utrace_syscall_mutex);
	utrace_syscall_hooks_drop_locked();
	mutex_unlock(&utrace_syscall_mutex);
}

static DECLARE_DELAYED_WORK(utrace_syscall_work, utrace_syscall_work_fn);

/**
 * utrace_syscall_hooks_get() - an engine starts wanting syscall events
 * Context: process context. The hooks are registered when it returns 0.
 * Return: 0; on failure (the tracepoint core could not allocate) its
 * error, and nothing is counted.
 */
int utrace_syscall_hooks_get(void)
{
	int ret;

	mutex_lock(&utrace_syscall_mutex);
	ret = utrace_hook_register(&utrace_hooks[HOOK_SYS_ENTER]);
	if (!ret)
		ret = utrace_hook_register(&utrace_hooks[HOOK_SYS_EXIT]);
	if (!ret)
		atomic_inc(&utrace_syscall_users);
	else
		utrace_syscall_hooks_drop_locked();
	mutex_unlock(&utrace_syscall_mutex);
	return ret;
}

/*
 * utrace_syscall_hooks_get_more() - one more user while others hold them
 * CONTEXT: any, atomic included.
 * RETURNS: true if counted; false when the count had dropped to zero (the
 * hooks may be going): the caller then holds nothing.
 */
bool utrace_syscall_hooks_get_more(void)
{
	return atomic_inc_not_zero(&utrace_syscall_users);
}

/**
 * utrace_syscall_hooks_put() - an engine stops wanting syscall events
 * Context: any; the hooks go UTRACE_SYSCALL_LINGER later if no one came.
 */
void utrace_syscall_hooks_put(void)
{
	if (atomic_dec_and_test(&utrace_syscall_users))
		mod_delayed_work(system_wq, &utrace_syscall_work, UTRACE_SYSCALL_LINGER);
}

/*
 * The registration state, read-only in /sys/module/utracer/parameters/:
 * what an administrator (and the tests) can see of the hysteresis.
 */
static int utrace_syscall_hooks_show(char *buf, const struct kernel_param *kp)
{
	bool on;

	mutex_lock(&utrace_syscall_mutex);
	on = utrace_hooks[HOOK_SYS_ENTER].registered;
	mutex_unlock(&utrace_syscall_mutex);
	return sysfs_emit(buf, "%d\n", on);
}

static const struct kernel_param_ops utrace_syscall_hooks_ops = {
	.get = utrace_syscall_hooks_show,
};
module_param_cb(syscall_hooks, &utrace_syscall_hooks_ops, NULL, 0444);
MODULE_PARM_DESC(syscall_hooks, "1 while the syscall tracepoints are registered (read-only)");

static void utrace_find_tracepoint(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < HOOK_NR; i++)
		if (!strcmp(tp->name, utrace_hooks[i].name))
			utrace_hooks[i].tp = tp;
}

int utrace_hooks_init(void)
{
	int i, ret;

	for_each_kernel_tracepoint(utrace_find_tracepoint, NULL);
	for (i = 0; i < HOOK_NR; i++) {
		if (!utrace_hooks[i].tp) {
			pr_err("tracepoint %s not found\n", utrace_hooks[i].name);
			return -ENOENT;
		}
	}
	for (i = HOOK_EXEC; i < HOOK_NR; i++) {
		ret = utrace_hook_register(&utrace_hooks[i]);
		if (ret)
			goto fail;
	}
	return 0;
fail:
	while (--i >= HOOK_EXEC)
		utrace_hook_unregister(&utrace_hooks[i]);
	tracepoint_synchronize_unregister();
	return ret;
}

void utrace_hooks_exit(void)
{
	int i;

	cancel_delayed_work_sync(&utrace_syscall_work);
	mutex_lock(&utrace_syscall_mutex);
	for (i = 0; i < HOOK_NR; i++)
		utrace_hook_unregister(&utrace_hooks[i]);
	mutex_unlock(&utrace_syscall_mutex);
	/* No probe runs past this point. */
	tracepoint_synchronize_unregister();
}
