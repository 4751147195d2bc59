// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: stops. A thread stops only in its own context, in
 * our task_work callback on its way back to user mode, and sleeps there
 * (killable, freezable, holding no locks) while any engine holds it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include "compat.h"
#include "internal.h"

static void utrace_task_work_fn(struct callback_head *cb);
static void utrace_task_kick_fn(struct callback_head *cb);

/*
 * utrace_task_queue_work() - make @utask's thread run utrace_task_work_fn()
 * @mode: TWA_RESUME from the thread's own context; TWA_SIGNAL to interrupt
 *	an interruptible sleep (the syscall restarts transparently after).
 * CONTEXT: utask->lock held; atomic.
 * RETURNS: 0, or -ESRCH when the thread is past exit_task_work().
 *
 * task_work cannot be cancelled and runs LIFO: each utask has at most one
 * item of each kind queued, and both drain the same per-task state. Each
 * queued item holds a utask reference and a module reference (so unload
 * waits for it).
 */
int utrace_task_queue_work(struct utrace_task *utask, enum task_work_notify_mode mode)
{
	struct callback_head *cb = mode == TWA_SIGNAL ? &utask->kick : &utask->work;
	bool *queued = mode == TWA_SIGNAL ? &utask->kick_queued : &utask->work_queued;
	int ret;

	if (*queued)
		return 0;
	utrace_task_get(utask);
	__module_get(THIS_MODULE);
	init_task_work(cb, mode == TWA_SIGNAL ? utrace_task_kick_fn : utrace_task_work_fn);
	ret = task_work_add(utask->task, cb, mode);
	if (ret) {
		module_put(THIS_MODULE);
		/* Not the last reference: the caller holds one. */
		refcount_dec(&utask->ref);
		return ret;
	}
	*queued = true;
	return 0;
}

/* CONTEXT: utask->lock held. */
static void utrace_task_wake_locked(struct utrace_task *utask)
{
	utask->wake_gen++;
	wake_up(&utask->wait);
}

/* CONTEXT: utask->lock held. */
static int utrace_engine_quiesce_locked(struct utrace_engine *engine, bool silent)
{
	struct utrace_task *utask = engine->utask;

	if (!engine->attached)
		return -ESRCH;
	if (engine->held)
		return 0;
	engine->held = true;
	engine->stop_reported = false;
	engine->stop_silent = silent;
	engine->stop_reason = UTRACE_STOP_QUIESCE;
	engine->stop_event = 0;
	utrace_task_wake_locked(utask);
	/* An exiting thread is detached by its exit probe. */
	if (!utask->stopped)
		utrace_task_queue_work(utask, TWA_SIGNAL);
	return 0;
}

/**
 * utrace_engine_quiesce() - ask @engine's thread to stop at its next safe point
 * @engine: an attached engine
 * @silent: the stop is for a caller of utrace_engine_wait_stopped(), which
 *	learns it from its return, rather than reported by a STOP event
 *
 * A hold the engine already has keeps its own reporting (its STOP event,
 * if not yet out, still is).
 *
 * Context: any; takes utask->lock.
 * Return: 0, or -ESRCH when the engine is detached.
 */
int utrace_engine_quiesce(struct utrace_engine *engine, bool silent)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&utask->lock, flags);
	ret = utrace_engine_quiesce_locked(engine, silent);
	spin_unlock_irqrestore(&utask->lock, flags);
	return ret;
}

/*
 * Whether utrace_engine_wait_stopped() is done: @engine's stop is taken
 * (the thread is stopped, or has left the stop held, which only a dying
 * thread does), the thread is no longer held by @engine, or detached.
 * Read without utask->lock; the caller checks again under it.
 */
static bool utrace_engine_stop_settled(struct utrace_engine *engine)
{
	return !READ_ONCE(engine->attached) || !READ_ONCE(engine->held) ||
	       READ_ONCE(engine->stop_reported);
}

/**
 * utrace_engine_wait_stopped() - wait until @engine's thread is stopped for it
 * @engine: an engine after a silent utrace_engine_quiesce()
 *
 * Context: process context; sleeps (interruptible); takes utask->lock.
 * Return: 0 once stopped (at once when it already is); -ESRCH when the
 * engine is detached meanwhile (the thread exited), or the thread took the
 * stop and left it held (it was killed: its EXIT event follows);
 * -ECANCELED when a RUN released the hold before the thread stopped;
 * -EINTR on a signal: the stop, when it comes, is then reported by a STOP
 * event as for utrace_engine_quiesce().
 */
int utrace_engine_wait_stopped(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	int ret;

	ret = wait_event_interruptible(utask->wait, utrace_engine_stop_settled(engine));
	spin_lock_irqsave(&utask->lock, flags);
	if (!engine->attached)
		ret = -ESRCH;
	else if (!engine->held)
		ret = -ECANCELED;
	else if (engine->stop_reported && utask->stopped)
		ret = 0;
	else if (engine->stop_reported)
		ret = -ESRCH;
	else
		ret = -EINTR;
	if (ret == -EINTR)
		engine->stop_silent = false;
	spin_unlock_irqrestore(&utask->lock, flags);
	return ret;
}

/**
 * utrace_engine_wait_cancel() - give up waiting for a silent stop
 * @engine: an engine after a silent utrace_engine_quiesce()
 *
 * Its waiter gives up without waiting: the stop, when it comes, is reported
 * by a STOP event.
 *
 * Context: any; takes utask->lock.
 */
void utrace_engine_wait_cancel(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;

	spin_lock_irqsave(&utask->lock, flags);
	engine->stop_silent = false;
	spin_unlock_irqrestore(&utask->lock, flags);
}

/**
 * utrace_engine_run() - release @engine's hold
 * @engine: the engine
 *
 * The thread runs when no engine holds it. A step of @engine not ended yet
 * (utrace_engine_step()) is called off: its end stops nothing.
 *
 * Context: any; takes utask->lock.
 */
void utrace_engine_run(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;

	spin_lock_irqsave(&utask->lock, flags);
	engine->step = false;
	if (engine->attached && engine->held) {
		engine->held = false;
		engine->stop_reported = false;
		engine->stop_silent = false;
		utrace_task_wake_locked(utask);
	}
	spin_unlock_irqrestore(&utask->lock, flags);
}

/*
 * An event, breakpoint or new-thread stop is reported to the engine while
 * its thread is still on the way to utrace_stop(), which it reaches before
 * it runs user code again: a request made on the strength of that report
 * waits for the thread to park rather than failing. A hold from
 * utrace_engine_quiesce() is not waited for: a thread blocked in a job
 * control stop or an uninterruptible sleep may take it much later, and its
 * STOP event tells the engine when it did.
 * CONTEXT: process context; sleeps (interruptible); takes utask->lock.
 * RETURNS: 0 (the caller checks the stop again under the lock), or -EINTR.
 */
static int utrace_request_wait_parked(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	bool wait;

	spin_lock_irqsave(&utask->lock, flags);
	wait = engine->attached && engine->held && !engine->stop_reported &&
	       engine->stop_reason != UTRACE_STOP_QUIESCE;
	spin_unlock_irqrestore(&utask->lock, flags);
	if (wait && wait_event_interruptible(utask->wait, utrace_engine_stop_settled(engine)))
		return -EINTR;
	return 0;
}

/**
 * utrace_engine_step() - let @engine's stopped thread run one instruction
 * @engine: an engine that holds its thread stopped
 *
 * Releases @engine's hold as utrace_engine_run() does. Once no engine
 * holds it, the thread runs one instruction (a syscall instruction: the
 * whole call) and is held again by @engine, with a STOP of reason
 * UTRACE_STOP_STEP: after the instruction, or at the first instruction of
 * a signal handler that runs first; not at all if it exits (step.c).
 *
 * Context: process context; sleeps (interruptible) until an event or
 * breakpoint stop already reported is taken; takes utask->lock.
 * Return: 0; -EBUSY when @engine does not hold the thread stopped;
 * -ESRCH when it is detached; -EINTR.
 */
int utrace_engine_step(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	int err;

	err = utrace_request_wait_parked(engine);
	if (err)
		return err;
	spin_lock_irqsave(&utask->lock, flags);
	if (!engine->attached) {
		err = -ESRCH;
	} else if (!engine->held || !engine->stop_reported) {
		err = -EBUSY;
	} else {
		engine->step = true;
		engine->held = false;
		engine->stop_reported = false;
		engine->stop_silent = false;
		utrace_task_wake_locked(utask);
	}
	spin_unlock_irqrestore(&utask->lock, flags);
	return err;
}

/*
 * Hand @req to @engine's thread, which must be stopped with @engine's stop
 * reported, one request at a time: the caller waits for @req->done and
 * then drops utask->request_mutex.
 * RETURNS: 0 with utask->request_mutex held; -EINTR, -ESRCH (detached) or
 * -EBUSY (not stopped for @engine) without it.
 */
static int utrace_request_post(struct utrace_engine *engine, struct utrace_request *req)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	int err;

	init_completion(&req->done);
	err = utrace_request_wait_parked(engine);
	if (err)
		return err;
	if (mutex_lock_killable(&utask->request_mutex))
		return -EINTR;
	spin_lock_irqsave(&utask->lock, flags);
	if (!engine->attached)
		err = -ESRCH;
	else if (!engine->held || !engine->stop_reported || !utask->stopped)
		err = -EBUSY;
	if (!err) {
		utask->request = req;
		utrace_task_wake_locked(utask);
	}
	spin_unlock_irqrestore(&utask->lock, flags);
	if (err)
		mutex_unlock(&utask->request_mutex);
	return err;
}

/**
 * utrace_engine_call_stopped() - run @fn in the context of @engine's thread
 * @engine: an engine whose thread is stopped with its stop reported
 * @fn: what to run, as the thread (current is the thread)
 * @arg: @fn's argument
 * @ret: out, @fn's value
 *
 * Context: process context, sleeps until the thread has run @fn.
 * Return: 0 with *@ret = @fn's value; -EBUSY when the thread is not
 * stopped for this engine; -ESRCH when it is detached or killed.
 */
int utrace_engine_call_stopped(struct utrace_engine *engine,
			       long (*fn)(void *arg), void *arg, long *ret)
{
	struct utrace_task *utask = engine->utask;
	struct utrace_request req = { .fn = fn, .arg = arg };
	int err;

	err = utrace_request_post(engine, &req);
	if (err)
		return err;
	/* The thread completes every request it takes, even when killed. */
	wait_for_completion(&req.done);
	*ret = req.ret;
	if (req.ret == -ESRCH && fn)
		err = -ESRCH;
	mutex_unlock(&utask->request_mutex);
	return err;
}

/**
 * utrace_engine_hold_locked() - hold @engine's thread for an event of its
 * own (a breakpoint hit), unless @engine holds it already
 * @engine: an attached engine of current
 * @reason: UTRACE_STOP_* of the STOP event
 * @event: the event that asked for it
 *
 * The caller has queued the thread's task_work, where it stops.
 *
 * Context: utask->lock held.
 */
void utrace_engine_hold_locked(struct utrace_engine *engine, unsigned int reason,
			       unsigned int event)
{
	if (engine->held)
		return;
	engine->held = true;
	engine->stop_reported = false;
	engine->stop_reason = reason;
	engine->stop_event = event;
}

/* Whether any engine holds @utask's thread. CONTEXT: utask->lock held. */
bool utrace_task_held(struct utrace_task *utask)
{
	struct utrace_engine *engine;

	list_for_each_entry(engine, &utask->engines, task_node)
		if (engine->held)
			return true;
	return false;
}

/*
 * The next engine of @utask whose flag @pick clears (it returns true for
 * an engine that has it set), pinned: for work that sleeps, one engine at
 * a time. NULL when none is left.
 * CONTEXT: the thread's task_work; takes utask->lock.
 */
static struct utrace_engine *utrace_task_take(struct utrace_task *utask,
					      bool (*pick)(struct utrace_engine *engine))
{
	struct utrace_engine *engine, *found = NULL;

	spin_lock_irq(&utask->lock);
	list_for_each_entry(engine, &utask->engines, task_node) {
		if (pick(engine)) {
			utrace_engine_get(engine);
			found = engine;
			break;
		}
	}
	spin_unlock_irq(&utask->lock);
	return found;
}

/* CONTEXT: utask->lock held. */
static bool utrace_pick_unchecked(struct utrace_engine *engine)
{
	if (engine->rechecked)
		return false;
	engine->rechecked = true;
	return true;
}

/* CONTEXT: utask->lock held. */
static bool utrace_pick_prepare(struct utrace_engine *engine)
{
	if (!engine->prepare)
		return false;
	engine->prepare = false;
	return true;
}

/* After an exec: detach engines whose owner may no longer trace the thread. */
static void utrace_task_recheck(struct utrace_task *utask)
{
	struct utrace_engine *engine, *victim;

	spin_lock_irq(&utask->lock);
	if (!utask->recheck) {
		spin_unlock_irq(&utask->lock);
		return;
	}
	utask->recheck = false;
	list_for_each_entry(engine, &utask->engines, task_node)
		engine->rechecked = false;
	spin_unlock_irq(&utask->lock);

	/* may_trace() sleeps: take the engines one at a time, pinned. */
	while ((victim = utrace_task_take(utask, utrace_pick_unchecked))) {
		if (!victim->ops->may_trace(victim, current))
			utrace_engine_detach(victim, UTRACE_DETACH_CRED);
		utrace_engine_put(victim);
	}
}

/* Run the ->prepare() the owners of new engines asked for (see utrace.h). */
static void utrace_task_prepare(struct utrace_task *utask)
{
	struct utrace_engine *engine;

	while ((engine = utrace_task_take(utask, utrace_pick_prepare))) {
		engine->ops->prepare(engine);
		utrace_engine_put(engine);
	}
}

/* Let lossless owners drain their queues before the thread runs on. */
static void utrace_task_throttle(struct utrace_task *utask)
{
	struct utrace_engine *engine, *waiter;

	while (!fatal_signal_pending(current)) {
		waiter = NULL;
		spin_lock_irq(&utask->lock);
		if (utask->throttle) {
			list_for_each_entry(engine, &utask->engines, task_node) {
				if (engine->ops->must_wait(engine)) {
					utrace_engine_get(engine);
					waiter = engine;
					break;
				}
			}
			if (!waiter)
				utask->throttle = false;
		}
		spin_unlock_irq(&utask->lock);
		if (!waiter)
			return;
		waiter->ops->wait(waiter);
		utrace_engine_put(waiter);
	}
}

static bool utrace_stop_should_wake(struct utrace_task *utask, unsigned long gen)
{
	return READ_ONCE(utask->wake_gen) != gen;
}

/* Sleep while any engine holds the thread; serve requests meanwhile. */
void utrace_stop(struct utrace_task *utask)
{
	struct utrace_report r = { .type = UTRACE_EVENT_STOP, .task = current };
	struct utrace_request *req;
	struct utrace_engine *engine;
	unsigned long gen;
	bool held, taken;

	for (;;) {
		spin_lock_irq(&utask->lock);
		held = false;
		taken = false;
		list_for_each_entry(engine, &utask->engines, task_node) {
			if (!engine->held)
				continue;
			held = true;
			if (engine->stop_reported)
				continue;
			engine->stop_reported = true;
			taken = true;
			if (engine->stop_silent) {
				/* The QUIESCE waiter learns it from its return. */
				engine->stop_silent = false;
				continue;
			}
			r.stop.reason = engine->stop_reason;
			r.stop.event = engine->stop_event;
			engine->ops->report(engine, &r, true);
		}
		req = utask->request;
		utask->request = NULL;
		if (!held || fatal_signal_pending(current) || utask->dead) {
			utask->stopped = false;
			spin_unlock_irq(&utask->lock);
			if (req) {
				req->ret = -ESRCH;
				complete(&req->done);
			}
			return;
		}
		utask->stopped = true;
		gen = utask->wake_gen;
		spin_unlock_irq(&utask->lock);
		/* QUIESCE waiters sleep on our queue; we are not on it yet. */
		if (taken && wq_has_sleeper(&utask->wait))
			wake_up(&utask->wait);
		if (req) {
			req->ret = req->fn(req->arg);
			complete(&req->done);
			continue;
		}
		utrace_wait_stopped(utask->wait, utrace_stop_should_wake(utask, gen));
	}
}

/*
 * utrace_syscall_hold_show() - a call held at its entry stop: show its
 * number where ptrace's syscall-entry stop shows it
 * CONTEXT: the thread's task_work, before it stops.
 */
static void utrace_syscall_hold_show(struct utrace_task *utask)
{
	if (utask->sc_state == UTRACE_SC_HELD)
		utrace_arch_syscall_show(task_pt_regs(current), utask->sc_nr);
}

/*
 * utrace_syscall_mask() - a held call is about to run again: block every
 * signal a handler could take (all but SIGKILL and SIGSTOP) until the
 * sys_enter probe sees the call back, so that one sent during the stop is
 * taken after the call, as under ptrace, and not on the way back to the
 * syscall instruction. Not once the last engine is gone: nothing would
 * see the call come back.
 * CONTEXT: the thread's task_work, after the stop; takes utask->lock.
 */
static void utrace_syscall_mask(struct utrace_task *utask)
{
	sigset_t all;
	bool hashed;

	spin_lock_irq(&utask->lock);
	hashed = utask->hashed;
	if (hashed)
		utask->sc_masked = true;
	spin_unlock_irq(&utask->lock);
	if (!hashed)
		return;
	sigfillset(&all);
	sigdelsetmask(&all, sigmask(SIGKILL) | sigmask(SIGSTOP));
	sigprocmask(SIG_SETMASK, &all, &utask->sc_blocked);
}

/**
 * utrace_syscall_unmask() - give back the signal mask a held call's re-run
 * blocked (see utrace_syscall_mask()); a signal it kept pending is taken
 * once the call is over
 * @utask: current's utask
 *
 * Context: current's own: its sys_enter probe or task_work.
 */
void utrace_syscall_unmask(struct utrace_task *utask)
{
	if (!utask->sc_masked)
		return;
	WRITE_ONCE(utask->sc_masked, false);
	sigprocmask(SIG_SETMASK, &utask->sc_blocked, NULL);
}

/*
 * utrace_syscall_replay_check() - after a later stop, before the thread
 * is back at a held call's instruction: give the mask back if it will not
 * get there (a client moved it) or if the last engine went away (nothing
 * will see the call come back to do it).
 * CONTEXT: the thread's task_work.
 */
static void utrace_syscall_replay_check(struct utrace_task *utask)
{
	bool hashed;

	if (!utask->sc_masked)
		return;
	if (instruction_pointer(task_pt_regs(current)) != utask->sc_insn) {
		utask->sc_state = UTRACE_SC_NONE;
		utrace_syscall_unmask(utask);
		return;
	}
	spin_lock_irq(&utask->lock);
	hashed = utask->hashed;
	spin_unlock_irq(&utask->lock);
	if (!hashed)
		utrace_syscall_unmask(utask);
}

/*
 * utrace_syscall_hold_release() - the thread leaves the stop of a held
 * call: run it with the number and arguments its registers hold now (an
 * invalid number fails as the kernel fails it); or, the number being -1,
 * complete it as skipped (its return value: what the registers hold) and
 * report its exit. A killed thread runs nothing.
 * CONTEXT: the thread's task_work, after the stop.
 */
static void utrace_syscall_hold_release(struct utrace_task *utask)
{
	struct utrace_report r = { .type = UTRACE_EVENT_SYSCALL_EXIT, .task = current };
	struct pt_regs *regs = task_pt_regs(current);
	long nr;

	if (utask->sc_state != UTRACE_SC_HELD || fatal_signal_pending(current))
		return;
	utask->sc_state = UTRACE_SC_NONE;
	nr = utrace_arch_syscall_nr(current, regs);
	if (nr != -1) {
		utask->sc_ip = utrace_arch_syscall_rerun(regs, nr);
		utask->sc_insn = instruction_pointer(regs);
		utask->sc_state = UTRACE_SC_REPLAY;
		utrace_syscall_mask(utask);
		return;
	}
	r.sc_exit.nr = utask->sc_nr;
	r.sc_exit.arch = utrace_arch_syscall_arch(current);
	r.sc_exit.ret = utrace_arch_syscall_retval(current, regs);
	r.sc_exit.skipped = true;
	utrace_arch_syscall_args(current, regs, r.sc_exit.args);
	utrace_arch_syscall_return(regs, r.sc_exit.ret);
	utrace_report_event(utask, &r);
}

static void utrace_task_serve(struct utrace_task *utask, bool *queued)
{
	spin_lock_irq(&utask->lock);
	*queued = false;
	spin_unlock_irq(&utask->lock);

	utrace_task_rewind(utask);
	utrace_step_serve(utask);
	utrace_syscall_hold_show(utask);
	utrace_task_recheck(utask);
	utrace_task_prepare(utask);
	utrace_task_throttle(utask);
	utrace_signal_serve(utask);
	utrace_stop(utask);
	utrace_syscall_replay_check(utask);
	utrace_syscall_hold_release(utask);
	utrace_task_bp_resume(utask);
	utrace_step_arm(utask);
	utrace_task_put(utask);
	/* Our text must outlive this call: see utracer_exit(). */
	module_put(THIS_MODULE);
}

/*
 * utrace_task_defer() - let the task works queued before ours run first
 * @deferred: the utask's flag for @cb
 *
 * task_work runs LIFO, so the works queued before ours (the final fput()
 * of the files exec closed on exec, or that close() dropped) come after it
 * in the batch being run: a thread stopping now would hold them back for
 * as long as it is stopped (a pipe's reader would not see EOF, a file's
 * release, such as a client's control file's, would not happen). The first
 * time, @cb is queued again, to run after the rest of the batch: ptrace
 * runs pending task works before its stops in the same way. The queued
 * item's references (utask, module) carry over.
 * CONTEXT: current's task_work, current is the utask's thread.
 * RETURNS: true when @cb was queued again (return at once), false to serve.
 */
static bool utrace_task_defer(struct callback_head *cb, bool *deferred,
			      enum task_work_notify_mode mode)
{
	if (*deferred) {
		*deferred = false;
		return false;
	}
	if (task_work_add(current, cb, mode))
		return false;	/* past exit_task_work(): serve now */
	*deferred = true;
	return true;
}

static void utrace_task_work_fn(struct callback_head *cb)
{
	struct utrace_task *utask = container_of(cb, struct utrace_task, work);

	if (utrace_task_defer(cb, &utask->work_deferred, TWA_RESUME))
		return;
	utrace_task_serve(utask, &utask->work_queued);
}

static void utrace_task_kick_fn(struct callback_head *cb)
{
	struct utrace_task *utask = container_of(cb, struct utrace_task, kick);

	if (utrace_task_defer(cb, &utask->kick_deferred, TWA_SIGNAL))
		return;
	utrace_task_serve(utask, &utask->kick_queued);
}

/*
 * Parking: a stopped thread holds still in our code while another task
 * changes its saved user state (registers), as ptrace does to a traced
 * child. The thread first moves its live user state to memory (FPU
 * registers), says so, and waits to be released; the caller waits until
 * the thread is off the CPU, so that no context switch saves stale values
 * over what it writes.
 */
/*
 * Lifetime: on utrace_engine_call_parked()'s stack; the thread uses it until
 * it completes req.done the second time (or the only time, unparked).
 */
struct utrace_park {
	struct utrace_request req;	/* req.arg is the park itself */
	bool parked;		/* set by the thread before it completes req.done */
	struct completion release;
};

/* CONTEXT: the stopped thread itself, no locks held. */
static long utrace_park_self(void *arg)
{
	struct utrace_park *park = arg;
	struct utrace_request *req = &park->req;

	utrace_arch_user_state_to_memory();
	WRITE_ONCE(park->parked, true);
	/* The first completion: parked. utrace_stop() completes the second. */
	complete(&req->done);
	/* Not killable: the caller releases us after a bounded amount of work. */
	wait_for_completion(&park->release);
	return 0;
}

/*
 * Wait until @task is dequeued and off its CPU: sleeping in
 * utrace_park_self(), from which only our release wakes it. ->on_rq and
 * ->on_cpu are what the scheduler itself reads for this (wait_task_inactive()
 * is not exported).
 */
static void utrace_wait_off_cpu(struct task_struct *task)
{
	while (READ_ONCE(task->on_rq))
		schedule_timeout_uninterruptible(1);
	/* Pairs with the release in finish_task(): the switch's saves are visible. */
	smp_cond_load_acquire(&task->on_cpu, !VAL);
}

/**
 * utrace_engine_call_parked() - run @fn on @engine's parked thread
 * @engine: an engine whose thread is stopped with its stop reported
 * @fn: what to run, in the caller's context, while the thread is parked
 *	off the CPU with its user state in memory; must not sleep for long
 *	or touch user memory: the thread waits for it uninterruptibly
 * @arg: @fn's argument
 * @ret: out, @fn's value
 *
 * Context: process context; sleeps.
 * Return: 0 with *@ret = @fn's value; -EBUSY when the thread is not
 * stopped for this engine; -ESRCH when it is detached or killed; -EINTR.
 */
int utrace_engine_call_parked(struct utrace_engine *engine,
			      long (*fn)(struct task_struct *task, void *arg),
			      void *arg, long *ret)
{
	struct utrace_task *utask = engine->utask;
	struct utrace_park park = { .req = { .fn = utrace_park_self, .arg = &park } };
	struct utrace_request *req = &park.req;
	int err;

	init_completion(&park.release);
	err = utrace_request_post(engine, req);
	if (err)
		return err;
	/* Completed once: parked, or refused by a thread that is leaving. */
	wait_for_completion(&req->done);
	if (!READ_ONCE(park.parked)) {
		err = -ESRCH;
		goto out;
	}
	utrace_wait_off_cpu(utask->task);
	*ret = fn(utask->task, arg);
	complete(&park.release);
	/* The second completion: the thread is done with @park. */
	wait_for_completion(&req->done);
out:
	mutex_unlock(&utask->request_mutex);
	return err;
}
