/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer engine layer: the per-task state, private to engine.c, stop.c
 * and hooks.c.
 */
#ifndef UTRACE_ENGINE_INTERNAL_H
#define UTRACE_ENGINE_INTERNAL_H

#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/task_work.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include "utrace.h"
#include "arch.h"

/**
 * struct utrace_engine - one owner's hold on one thread
 *
 * Lifetime: a reference for being attached (dropped at detach) and one for
 * the owner (utrace_engine_put()); freed after an RCU grace period, since
 * probes walk a thread's engines under rcu_read_lock(), after ->release().
 */
struct utrace_engine {
	const struct utrace_engine_ops *ops;
	void *data;			/* the owner's, for its callbacks */
	unsigned long flags;		/* UTRACE_ENGINE_*; the follow bits: READ_ONCE() */
	/* Read locklessly by probes; written by the owner. */
	u64 event_mask;
	u64 stop_mask;
	bool sc_entry_all;
	bool sc_exit_all;
	bool sc_counted;			/* holds a syscall hooks user */
	unsigned long sc_entry[BITS_TO_LONGS(UTRACE_SYSCALL_MAX)];
	unsigned long sc_exit[BITS_TO_LONGS(UTRACE_SYSCALL_MAX)];
	/* Which reported syscalls stop (stop_mask has the kind); read locklessly. */
	bool sc_stop_entry_all;
	bool sc_stop_exit_all;
	unsigned long sc_stop_entry[BITS_TO_LONGS(UTRACE_SYSCALL_MAX)];
	unsigned long sc_stop_exit[BITS_TO_LONGS(UTRACE_SYSCALL_MAX)];
	/* Which entry stops come before the call (UTRACE_SYSCALL_BEFORE). */
	bool sc_before_all;
	unsigned long sc_before[BITS_TO_LONGS(UTRACE_SYSCALL_MAX)];
	/*
	 * The signals held before delivery (engine/signal.c), under
	 * utask->lock; @sig_verdict: what to deliver in place of the held
	 * signal the thread is stopped for (0: nothing), valid when
	 * @sig_verdict_set, under utask->lock.
	 */
	sigset_t sig_hold;
	int sig_verdict;
	bool sig_verdict_set;

	struct task_struct *task;	/* pinned by utask while attached */
	struct utrace_task *utask;	/* pinned by this engine until freed */
	struct list_head task_node;	/* utask->engines; utask->lock, RCU */
	refcount_t ref;
	struct rcu_head rcu;

	/* Under utask->lock. */
	bool attached;
	bool exited;			/* the thread passed do_exit() */
	bool held;			/* this engine keeps the thread stopped */
	bool stop_reported;		/* the STOP event for this hold is out */
	bool stop_silent;		/* a QUIESCE waiter takes this stop: no STOP event */
	bool rechecked;			/* utrace_task_recheck() saw it */
	bool prepare;			/* ->prepare() to run in the thread's task_work */
	bool step;			/* utrace_engine_step() asked; ends in a STEP stop */
	unsigned int stop_reason;
	unsigned int stop_event;
	/*
	 * UTRACE_CLONE_*: set by utrace_clone_follow() and read by ->report()
	 * of the CLONE event that follows it, both in the creating thread's
	 * task_newtask probe (one clone at a time per thread).
	 */
	unsigned int clone_result;
};

/* Consumers one replay can let pass: more clients at one place see it twice. */
#define UTRACE_BP_PASS_MAX	8

/**
 * struct utrace_task - the engine layer's state for one traced thread
 *
 * Keyed by task_struct, never by pid (a non-leader exec changes the pid).
 * Lives in utrace_hash while it has engines; references: one for the hash,
 * one per engine (engine->utask) and one per queued task_work. Holds a
 * reference on the task_struct. Freed after an RCU grace period (probes
 * look it up under rcu_read_lock()).
 *
 * @lock protects @engines (writers; probes read it under RCU), every
 * engine's stop fields, @stopped, @request, @work_queued, @kick_queued,
 * @wake_gen, @dead, @hashed, @recheck and @throttle. It is taken with interrupts off: the
 * signal_deliver probe runs under siglock. Nesting: siglock ->
 * utask->lock -> the owner's queue lock (taken in ->report()).
 */
struct utrace_task {
	struct task_struct *task;
	struct hlist_node hash_node;	/* utrace_hash; utrace_hash_lock */
	refcount_t ref;
	struct rcu_head rcu;
	spinlock_t lock;		/* see above */
	struct list_head engines;
	wait_queue_head_t wait;		/* the stopped thread, QUIESCE waiters */
	struct callback_head work;	/* queued with TWA_RESUME */
	struct callback_head kick;	/* queued with TWA_SIGNAL */
	bool work_queued;
	bool kick_queued;
	/* Only the thread itself, in its task_work, uses these: no lock. */
	bool work_deferred;		/* @work queued again once: see utrace_task_defer() */
	bool kick_deferred;		/* the same for @kick */
	unsigned long wake_gen;		/* bumped on anything a stopped thread must see */
	bool hashed;
	bool dead;			/* passed do_exit(): no engine may attach */
	bool stopped;			/* sleeping in utrace_stop() */
	bool recheck;			/* an exec: check may_trace() */
	bool throttle;			/* an engine's must_wait() said so */
	struct utrace_request *request;	/* work to run in the stopped thread */
	struct mutex request_mutex;	/* one request at a time; outside @lock */

	/*
	 * Breakpoints (uprobe.c), under @lock. A hit that stops the thread
	 * skips the uprobe's out-of-line step and sets @rewind: the task_work
	 * puts the instruction pointer back to @bp_vaddr before the stop, so
	 * the thread stops exactly at the breakpoint and, once resumed, traps
	 * there again. That second trap (the replay) is not reported to the
	 * consumers listed in @bp_pass, which saw the first one; the uprobe
	 * then steps over the original instruction as usual.
	 */
	bool rewind;
	unsigned long bp_vaddr;
	unsigned int bp_npass;
	u64 bp_pass[UTRACE_BP_PASS_MAX];

	/*
	 * A syscall-entry stop before the call (UTRACE_SYSCALL_BEFORE). The
	 * sys_enter probe makes the call "no syscall" and sets HELD (@sc_nr:
	 * the call); the sys_exit probe then reports nothing. The task_work
	 * shows the stopped thread as ptrace's entry stop would and, once it
	 * runs on, either completes a skip (the number left at -1) or puts
	 * the instruction pointer back on the syscall instruction and sets
	 * REPLAY (@sc_ip: where the probe will see it come back), so that the
	 * call runs again unreported at entry; RAN while it runs, so that its
	 * exit goes to the engines that wanted the held call's (@sc_nr), even
	 * when a client changed the number. Only the thread itself, in its
	 * probes and task_work, uses these: no lock.
	 *
	 * From the release to the re-entry (REPLAY) the thread blocks every
	 * signal but SIGKILL and SIGSTOP, @sc_blocked keeping its own mask,
	 * so that a signal sent during the stop is taken after the call, as
	 * under ptrace, not before it on the way back to the instruction.
	 * @sc_masked says the mask is to be put back: set by the thread under
	 * @lock while @hashed (a detacher that unhashes the utask under @lock
	 * then sees it and queues the task_work that puts it back), cleared
	 * by the thread alone. @sc_insn: the syscall instruction it returns to.
	 */
	enum { UTRACE_SC_NONE, UTRACE_SC_HELD, UTRACE_SC_REPLAY, UTRACE_SC_RAN } sc_state;
	long sc_nr;
	unsigned long sc_ip;
	unsigned long sc_insn;
	bool sc_masked;
	sigset_t sc_blocked;

	/*
	 * A signal that complete_signal() made fatal to the whole group: the
	 * thread dequeues SIGKILL in its place, so the signal_generate probe
	 * keeps what was sent for the signal_deliver probe to report. Under
	 * the thread's sighand->siglock, which both probes run under.
	 */
	struct {
		int signo;		/* 0: none kept */
		kernel_siginfo_t info;	/* what was sent, as utrace_siginfo_sent() gives it */
	} fatal;

	/*
	 * Signals held before delivery (engine/signal.c): the sigqueues the
	 * signal_generate probe took off the thread's pending list
	 * (@sig_held) or its process's shared one (@sig_held_shared), in the
	 * order sent. Under @lock, which the probe takes inside siglock. Not
	 * empty only while the task_work (@kick) is queued or running, which
	 * takes them one at a time (@sig_q: the one reported, under @lock) and
	 * gives each back to the kernel's queue before it returns.
	 * @sig_released: per signal number, how many were given back to be
	 * delivered (or sent in place of a held one) whose delivery the
	 * signal_deliver probe does not report to the engines that held
	 * them; the thread's alone.
	 */
	struct list_head sig_held;
	struct list_head sig_held_shared;
	struct sigqueue *sig_q;
	u32 sig_released[_NSIG];

	/*
	 * Single-step (step.c). @step_armed: the thread runs with the trap
	 * flag the engine set; @step_own_tf: the program had set it itself;
	 * @step_insn: what the instruction is (UTRACE_STEP_*); @step_hooks:
	 * the syscall hooks are held for the step of a syscall instruction;
	 * @step_sigq: the SIGTRAP a uprobe sent for the step, off the queue,
	 * to be freed; @step_fix_pushf: a stepped pushf stored the engine's
	 * trap flag, to be taken out. The thread's own (its task_work, its
	 * probes, the die notifier on its behalf); @step_armed is also set
	 * under @lock while @hashed, so that the detacher that unhashes the
	 * utask sees a step in flight (see utrace_step_orphaned()).
	 */
	bool step_armed;
	bool step_own_tf;
	bool step_hooks;
	bool step_fix_pushf;
	unsigned int step_insn;
	struct sigqueue *step_sigq;
};

/* A request served by a stopped thread in its own context. */
struct utrace_request {
	long (*fn)(void *arg);
	void *arg;
	long ret;
	struct completion done;
};

/* Shared by engine.c, stop.c, hooks.c and uprobe.c. */
struct utrace_task *utrace_task_lookup(struct task_struct *task);
void utrace_task_exited(struct task_struct *task, int code, bool group);
void utrace_report_event(struct utrace_task *utask, struct utrace_report *r);
void utrace_clone_follow(struct utrace_task *parent, struct task_struct *child,
			 unsigned long clone_flags);
void utrace_task_rewind(struct utrace_task *utask);
void utrace_task_bp_resume(struct utrace_task *utask);
void utrace_syscall_unmask(struct utrace_task *utask);
bool utrace_syscall_hooks_get_more(void);
int utrace_hooks_init(void);
void utrace_hooks_exit(void);

/* siginfo.c: a signal's siginfo as its receiver sees it. */
void utrace_siginfo_sent(kernel_siginfo_t *out, int sig, const struct kernel_siginfo *info);
void utrace_siginfo_to_user(struct task_struct *task, const kernel_siginfo_t *info,
			    struct utrace_report *r, u8 buf[UTRACE_SIGINFO_SIZE]);

/* Traced tasks: the probes' "nothing is traced" fast path. */
extern atomic_t utrace_nr_tasks;

/*
 * utrace_traced() - @task's utask if it is traced, else NULL: the first
 * question of every probe, answered without the hash while nothing is.
 * CONTEXT: rcu_read_lock() held; the result is valid until it is dropped.
 */
static inline struct utrace_task *utrace_traced(struct task_struct *task)
{
	return atomic_read(&utrace_nr_tasks) ? utrace_task_lookup(task) : NULL;
}

void utrace_task_get(struct utrace_task *utask);
void utrace_task_put(struct utrace_task *utask);
int utrace_task_queue_work(struct utrace_task *utask, enum task_work_notify_mode mode);
bool utrace_task_held(struct utrace_task *utask);
void utrace_engine_hold_locked(struct utrace_engine *engine, unsigned int reason,
			       unsigned int event);
void utrace_stop(struct utrace_task *utask);
void utrace_signal_fill(struct utrace_report *r, struct task_struct *task,
			const kernel_siginfo_t *info, u8 siginfo[UTRACE_SIGINFO_SIZE]);

/* signal.c: signals held before delivery. */
void utrace_signal_generated(int sig, struct task_struct *task, bool group, int result);
void utrace_signal_serve(struct utrace_task *utask);
void utrace_signal_unqueued(struct sigpending *pending, int sig);
void utrace_signal_discard(struct sigqueue *q, bool shared);
bool utrace_signal_discard_trap(void);

/* step.c: single-step. */
void utrace_step_arm(struct utrace_task *utask);
void utrace_step_serve(struct utrace_task *utask);
void utrace_step_syscall_exit(struct utrace_task *utask, struct pt_regs *regs);
void utrace_step_signal_deliver(struct utrace_task *utask, struct k_sigaction *ka);
void utrace_step_signal_generated(int sig, struct kernel_siginfo *info,
				  struct task_struct *task, bool group, int result);
int utrace_step_init(void);
void utrace_step_exit(void);

#endif /* UTRACE_ENGINE_INTERNAL_H */
