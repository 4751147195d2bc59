// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: signals held before delivery.
 *
 * An engine that stops on SIGNAL events may name signals to hold
 * (utrace_engine_set_signal_holds()). Such a signal is taken off the
 * kernel's pending queue the moment it is queued, in the signal_generate
 * probe, which runs under the target's siglock at the end of
 * __send_signal_locked(): no thread can dequeue it before the probe lets
 * siglock go. The sigqueue moves, unchanged, to a list of the traced
 * thread that is to receive it, and that thread's task_work is queued
 * with TWA_SIGNAL. There (utrace_signal_serve(), from get_signal() before
 * it dequeues anything) the thread reports the signal to the engines that
 * hold it (a SIGNAL report with @before set), stops, and once no engine
 * holds it gives the signal back as the engines decided
 * (utrace_engine_signal_verdict()): delivered as sent (the sigqueue goes
 * back to the head of the queue it came from, where get_signal() takes it
 * next), cancelled (put back, then dequeued and freed by dequeue_signal()
 * under a mask of that signal alone, which rearms a POSIX timer as
 * delivery would), or replaced by another signal (cancelled, then the new
 * one sent to the thread with SI_USER, and not held again, as ptrace
 * delivers the signal its tracer puts in place of another).
 *
 * Only a signal that the receiving thread could take at once is held: one
 * it blocks, or waits for in sigtimedwait() (its real_blocked mask), stays
 * queued for whoever takes it; so does a signal that the kernel made fatal
 * to the whole group before the probe (complete_signal(): a signal whose
 * default action kills without a core dump), SIGKILL and SIGSTOP.
 *
 * Lifetime: a held sigqueue is the kernel's; the list is the only link to
 * it until it is given back. The task_work is queued before the sigqueue
 * is moved, and a queued task_work always runs (at the latest from
 * exit_task_work()), so every held signal is given back by its thread;
 * the module reference each queued work holds keeps this code until then.
 */
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <trace/events/signal.h>
#include "compat.h"
#include "internal.h"

/*
 * Whether an engine of @utask holds @sig.
 * CONTEXT: utask->lock held.
 */
static bool utrace_signal_held_by(struct utrace_engine *engine, int sig)
{
	return engine->attached && sigismember(&engine->sig_hold, sig) &&
	       (READ_ONCE(engine->event_mask) & UTRACE_EVMASK(UTRACE_EVENT_SIGNAL)) &&
	       (READ_ONCE(engine->stop_mask) & UTRACE_EVMASK(UTRACE_EVENT_SIGNAL));
}

/* CONTEXT: utask->lock held. */
static bool utrace_signal_wanted(struct utrace_task *utask, int sig)
{
	struct utrace_engine *engine;

	list_for_each_entry(engine, &utask->engines, task_node)
		if (utrace_signal_held_by(engine, sig))
			return true;
	return false;
}

/**
 * utrace_signal_unqueued() - a sigqueue of @sig was taken off @pending:
 * the pending bit goes with the last queued one of its number
 * @pending: the queue
 * @sig: the signal
 *
 * Context: the queue's siglock held.
 */
void utrace_signal_unqueued(struct sigpending *pending, int sig)
{
	struct sigqueue *other;

	list_for_each_entry(other, &pending->list, list)
		if (other->info.si_signo == sig)
			return;
	sigdelset(&pending->signal, sig);
}

/*
 * Move @q, a sigqueue of @sig on @pending, to @t's held signals if an
 * engine of @t holds @sig and @t may take it now.
 * CONTEXT: @t's siglock held, interrupts off; rcu_read_lock() held.
 * RETURNS: true when moved.
 */
static bool utrace_signal_take(struct task_struct *t, struct sigpending *pending,
			       struct sigqueue *q, int sig, bool shared)
{
	struct utrace_task *utask;
	bool taken = false;

	if ((t->flags & PF_EXITING) || sigismember(&t->blocked, sig) ||
	    sigismember(&t->real_blocked, sig))
		return false;
	utask = utrace_traced(t);
	if (!utask)
		return false;
	/* A replacement the thread sends itself (utrace_signal_give_back()) goes through. */
	if (t == current && utask->sig_released[sig - 1])
		return false;
	spin_lock(&utask->lock);
	if (utask->hashed && !utask->dead && utrace_signal_wanted(utask, sig) &&
	    !utrace_task_queue_work(utask, TWA_SIGNAL)) {
		list_move_tail(&q->list, shared ? &utask->sig_held_shared : &utask->sig_held);
		taken = true;
	}
	spin_unlock(&utask->lock);
	if (!taken)
		return false;
	utrace_signal_unqueued(pending, sig);
	return true;
}

/**
 * utrace_signal_generated() - the signal_generate probe's part: hold a
 * signal just queued, when an engine of its receiver holds it
 * @sig: the signal
 * @task: the thread it was sent to (with @group, any thread of its process)
 * @group: sent to the process (the shared queue)
 * @result: the probe's TRACE_SIGNAL_* (only a signal queued with its
 *	sigqueue, TRACE_SIGNAL_DELIVERED, can be held)
 *
 * Context: the signal_generate probe: @task's siglock held, interrupts off.
 */
void utrace_signal_generated(int sig, struct task_struct *task, bool group, int result)
{
	struct sigpending *pending;
	struct task_struct *t;
	struct sigqueue *q;

	if (result != TRACE_SIGNAL_DELIVERED || sig == SIGKILL || sig == SIGSTOP ||
	    (task->signal->flags & SIGNAL_GROUP_EXIT))
		return;
	pending = group ? &task->signal->shared_pending : &task->pending;
	if (list_empty(&pending->list))
		return;
	/* __send_signal_locked() queued it last. */
	q = list_last_entry(&pending->list, struct sigqueue, list);
	if (q->info.si_signo != sig)
		return;
	rcu_read_lock();
	if (!utrace_signal_take(task, pending, q, sig, group) && group) {
		/* The thread the kernel woke may not be traced: any that is. */
		for_each_thread(task, t)
			if (t != task && utrace_signal_take(t, pending, q, sig, true))
				break;
	}
	rcu_read_unlock();
}

/*
 * The first held signal of current, off the list: its own before its
 * process's, as dequeue_signal() takes them. NULL when none.
 * CONTEXT: current's task_work; takes utask->lock.
 */
static struct sigqueue *utrace_signal_next(struct utrace_task *utask, bool *shared)
{
	struct sigqueue *q = NULL;

	spin_lock_irq(&utask->lock);
	*shared = list_empty(&utask->sig_held);
	if (!*shared)
		q = list_first_entry(&utask->sig_held, struct sigqueue, list);
	else if (!list_empty(&utask->sig_held_shared))
		q = list_first_entry(&utask->sig_held_shared, struct sigqueue, list);
	if (q)
		list_del_init(&q->list);
	spin_unlock_irq(&utask->lock);
	return q;
}

/*
 * The signals to deliver, back to the heads of the queues they came from,
 * in the order they were held: the next taken.
 * CONTEXT: current's task_work, no lock held.
 */
static void utrace_signal_requeue(struct list_head *own, struct list_head *shared)
{
	struct sigpending *pending = &current->pending;
	struct sigpending *group = &current->signal->shared_pending;
	struct sigqueue *q;

	if (list_empty(own) && list_empty(shared))
		return;
	spin_lock_irq(&current->sighand->siglock);
	list_for_each_entry(q, own, list)
		sigaddset(&pending->signal, q->info.si_signo);
	list_for_each_entry(q, shared, list)
		sigaddset(&group->signal, q->info.si_signo);
	list_splice(own, &pending->list);
	list_splice(shared, &group->list);
	recalc_sigpending();
	spin_unlock_irq(&current->sighand->siglock);
}

/**
 * utrace_signal_discard() - free a sigqueue taken off current's queues
 * @q: the sigqueue, on no list
 * @shared: it came from the process's queue, not the thread's
 *
 * Put first in its queue and dequeued alone: freed, and a POSIX timer
 * rearmed, as delivery does.
 *
 * Context: current's task_work, no lock held.
 */
void utrace_signal_discard(struct sigqueue *q, bool shared)
{
	struct sigpending *pending = shared ? &current->signal->shared_pending :
					      &current->pending;
	int sig = q->info.si_signo;
	kernel_siginfo_t info;
	enum pid_type type;
	sigset_t mask;

	spin_lock_irq(&current->sighand->siglock);
	list_add(&q->list, &pending->list);
	sigaddset(&pending->signal, sig);
	siginitsetinv(&mask, sigmask(sig));
	utrace_dequeue_signal(&mask, &info, &type);
	recalc_sigpending();
	spin_unlock_irq(&current->sighand->siglock);
}

/**
 * utrace_signal_discard_trap() - drop the SIGTRAP of a step no engine saw
 * end: the debug trap's (TRAP_TRACE), or the one a uprobe sends itself
 * after stepping an instruction with the trap flag set (SI_USER, from
 * current)
 *
 * Context: current's task_work, outside a syscall; takes siglock.
 * Return: whether one was dropped.
 */
bool utrace_signal_discard_trap(void)
{
	struct sigpending *pending = &current->pending;
	kernel_siginfo_t info;
	struct sigqueue *q;
	enum pid_type type;
	bool found = false;
	sigset_t mask;

	spin_lock_irq(&current->sighand->siglock);
	/* SIGTRAP is not real-time: at most one is queued to the thread. */
	list_for_each_entry(q, &pending->list, list) {
		if (q->info.si_signo != SIGTRAP)
			continue;
		found = q->info.si_code == TRAP_TRACE ||
			(q->info.si_code == SI_USER &&
			 q->info.si_pid == task_tgid_vnr(current));
		break;
	}
	if (found) {
		siginitsetinv(&mask, sigmask(SIGTRAP));
		utrace_dequeue_signal(&mask, &info, &type);
		recalc_sigpending();
	}
	spin_unlock_irq(&current->sighand->siglock);
	return found;
}

/*
 * Carry out the verdict on @q: @sig 0 cancels it, its own number delivers
 * it (onto @release, given back once every held one is decided), another
 * number replaces it.
 * CONTEXT: current's task_work, no lock held.
 */
static void utrace_signal_give_back(struct utrace_task *utask, struct sigqueue *q,
				    bool shared, int sig, struct list_head *release)
{
	int was = q->info.si_signo;
	kernel_siginfo_t info;

	if (sig == was) {
		list_add_tail(&q->list, release);
		utask->sig_released[was - 1]++;
		return;
	}
	utrace_signal_discard(q, shared);
	if (!sig)
		return;
	clear_siginfo(&info);
	info.si_signo = sig;
	info.si_code = SI_USER;
	utask->sig_released[sig - 1]++;
	send_sig_info(sig, &info, current);
	/* Ignored, or a fatal one turned into SIGKILL: no delivery to leave out. */
	spin_lock_irq(&current->sighand->siglock);
	if (!sigismember(&current->pending.signal, sig))
		utask->sig_released[sig - 1]--;
	spin_unlock_irq(&current->sighand->siglock);
}

/*
 * The verdict the engines left for the signal the thread stopped for: the
 * first engine's that set one (in attach order), else @sig itself.
 * CONTEXT: takes utask->lock.
 */
static int utrace_signal_verdict(struct utrace_task *utask, int sig)
{
	struct utrace_engine *engine;
	int verdict = sig;
	bool found = false;

	spin_lock_irq(&utask->lock);
	list_for_each_entry(engine, &utask->engines, task_node) {
		if (engine->sig_verdict_set && !found) {
			verdict = engine->sig_verdict;
			found = true;
		}
		engine->sig_verdict_set = false;
	}
	spin_unlock_irq(&utask->lock);
	return verdict;
}

/**
 * utrace_signal_serve() - report each held signal of current, stop for
 * it, and give it back as the engines decided
 * @utask: current's
 *
 * A killed thread gives its held signals back unreported (they die with
 * it, or another thread takes a process-wide one).
 *
 * Context: current's task_work, no lock held; sleeps.
 */
void utrace_signal_serve(struct utrace_task *utask)
{
	struct utrace_report r = { .type = UTRACE_EVENT_SIGNAL, .task = current };
	u8 siginfo[UTRACE_SIGINFO_SIZE];
	LIST_HEAD(release_shared);
	kernel_siginfo_t sent;
	LIST_HEAD(release);
	struct sigqueue *q;
	bool shared;
	int sig;

	while ((q = utrace_signal_next(utask, &shared))) {
		sig = q->info.si_signo;
		if (fatal_signal_pending(current)) {
			utrace_signal_give_back(utask, q, shared, sig,
						shared ? &release_shared : &release);
			continue;
		}
		spin_lock_irq(&utask->lock);
		utask->sig_q = q;
		spin_unlock_irq(&utask->lock);
		copy_siginfo(&sent, &q->info);
		utrace_signal_fill(&r, current, &sent, siginfo);
		r.signal.before = true;
		utrace_report_event(utask, &r);
		utrace_stop(utask);
		spin_lock_irq(&utask->lock);
		utask->sig_q = NULL;
		spin_unlock_irq(&utask->lock);
		utrace_signal_give_back(utask, q, shared, utrace_signal_verdict(utask, sig),
					shared ? &release_shared : &release);
	}
	utrace_signal_requeue(&release, &release_shared);
}
