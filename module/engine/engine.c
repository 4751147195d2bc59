// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: per-task state, attaching and detaching engines,
 * handing events to them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include "internal.h"

/*
 * utrace_hash maps task_struct pointers to their struct utrace_task.
 * utrace_hash_lock protects its writers; probes read it under RCU.
 * Nesting: utask->lock -> utrace_hash_lock (detach unhashes an empty utask).
 */
static DEFINE_HASHTABLE(utrace_hash, 8);
static DEFINE_SPINLOCK(utrace_hash_lock);
/* Traced tasks: the probes' "nothing is traced" fast path. */
atomic_t utrace_nr_tasks = ATOMIC_INIT(0);

static void utrace_task_free_rcu(struct rcu_head *rcu)
{
	struct utrace_task *utask = container_of(rcu, struct utrace_task, rcu);

	put_task_struct(utask->task);
	kfree(utask);
}

void utrace_task_get(struct utrace_task *utask)
{
	refcount_inc(&utask->ref);
}

void utrace_task_put(struct utrace_task *utask)
{
	if (refcount_dec_and_test(&utask->ref))
		call_rcu(&utask->rcu, utrace_task_free_rcu);
}

/*
 * utrace_task_lookup() - the utrace_task of @task, if it is traced
 * CONTEXT: rcu_read_lock() held; the result is valid until it is dropped.
 */
struct utrace_task *utrace_task_lookup(struct task_struct *task)
{
	struct utrace_task *utask;

	hash_for_each_possible_rcu(utrace_hash, utask, hash_node, (unsigned long)task)
		if (utask->task == task)
			return utask;
	return NULL;
}

/* CONTEXT: utask->lock held. The hash's reference is dropped by the caller. */
static bool utrace_task_unhash_locked(struct utrace_task *utask)
{
	if (!utask->hashed || !list_empty(&utask->engines))
		return false;
	spin_lock(&utrace_hash_lock);
	hash_del_rcu(&utask->hash_node);
	utask->hashed = false;
	atomic_dec(&utrace_nr_tasks);
	spin_unlock(&utrace_hash_lock);
	return true;
}

/* Find or make @task's utask; returns it with a reference, or NULL. */
static struct utrace_task *utrace_task_get_or_create(struct task_struct *task, gfp_t gfp)
{
	struct utrace_task *utask, *fresh;
	unsigned long flags;

	fresh = kzalloc(sizeof(*fresh), gfp);
	spin_lock_irqsave(&utrace_hash_lock, flags);
	hash_for_each_possible(utrace_hash, utask, hash_node, (unsigned long)task)
		if (utask->task == task)
			goto found;
	utask = fresh;
	fresh = NULL;
	if (!utask)
		goto out;
	get_task_struct(task);
	utask->task = task;
	refcount_set(&utask->ref, 1);	/* the hash's */
	spin_lock_init(&utask->lock);
	INIT_LIST_HEAD(&utask->engines);
	INIT_LIST_HEAD(&utask->sig_held);
	INIT_LIST_HEAD(&utask->sig_held_shared);
	init_waitqueue_head(&utask->wait);
	mutex_init(&utask->request_mutex);
	utask->hashed = true;
	hash_add_rcu(utrace_hash, &utask->hash_node, (unsigned long)task);
	atomic_inc(&utrace_nr_tasks);
found:
	utrace_task_get(utask);
out:
	spin_unlock_irqrestore(&utrace_hash_lock, flags);
	kfree(fresh);
	return utask;
}

/**
 * utrace_engine_create() - make a new engine, not attached yet
 * @ops: the owner's callbacks, for the engine's whole life
 * @flags: UTRACE_ENGINE_* (following threads or processes, new engines held)
 * @data: the owner's, returned by utrace_engine_data()
 * @gfp: how to allocate it
 *
 * Context: any that @gfp allows.
 * Return: the engine, holding the owner's reference; NULL without memory.
 */
struct utrace_engine *utrace_engine_create(const struct utrace_engine_ops *ops,
					   unsigned long flags, void *data, gfp_t gfp)
{
	struct utrace_engine *engine = kzalloc(sizeof(*engine), gfp);

	if (!engine)
		return NULL;
	engine->ops = ops;
	engine->data = data;
	engine->flags = flags;
	engine->sc_entry_all = true;
	engine->sc_exit_all = true;
	engine->sc_stop_entry_all = true;
	engine->sc_stop_exit_all = true;
	INIT_LIST_HEAD(&engine->task_node);
	refcount_set(&engine->ref, 1);	/* the owner's */
	return engine;
}

/**
 * utrace_engine_data() - the owner's pointer given at creation
 * @engine: the engine
 *
 * Context: any.
 * Return: the @data given to utrace_engine_create().
 */
void *utrace_engine_data(const struct utrace_engine *engine)
{
	return engine->data;
}

/**
 * utrace_engine_task() - the thread @engine is attached to
 * @engine: the engine
 *
 * Context: any.
 * Return: NULL until attached, then the thread, fixed for the engine's life
 * (the utask pins it).
 */
struct task_struct *utrace_engine_task(const struct utrace_engine *engine)
{
	return READ_ONCE(engine->task);
}

/**
 * utrace_engine_flags() - @engine's UTRACE_ENGINE_* flags
 * @engine: the engine
 *
 * Context: any; a utrace_engine_set_follow() racing with the read gives
 * either set.
 * Return: the flags, the follow bits as last set.
 */
unsigned long utrace_engine_flags(const struct utrace_engine *engine)
{
	return READ_ONCE(engine->flags);
}

/**
 * utrace_engine_clone_result() - how following the clone being reported went
 * @engine: the creating thread's engine
 *
 * Context: ->report() of that CLONE event, in the creating thread.
 * Return: UTRACE_CLONE_* bits (0 when the engine does not follow that kind).
 */
unsigned int utrace_engine_clone_result(const struct utrace_engine *engine)
{
	return engine->clone_result;
}

/**
 * utrace_engine_owned_by() - whether @engine was created with @ops
 * @engine: the engine
 * @ops: an owner's callbacks
 *
 * An owner tells its own engines apart from others' this way.
 *
 * Context: any.
 * Return: true when @engine's ops are @ops.
 */
bool utrace_engine_owned_by(const struct utrace_engine *engine,
			    const struct utrace_engine_ops *ops)
{
	return engine->ops == ops;
}

/**
 * utrace_engine_want_prepare() - have the new thread of @engine run the
 * owner's ->prepare() before its first user instruction
 * @engine: an engine made by ->clone(), being adopted
 *
 * Context: ->adopt() only: atomic, under the creating thread's utask->lock;
 * takes the new thread's (nested: see utrace_clone_follow()).
 */
void utrace_engine_want_prepare(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;

	if (!engine->ops->prepare)
		return;
	spin_lock_nested(&utask->lock, SINGLE_DEPTH_NESTING);
	if (engine->attached && !utrace_task_queue_work(utask, TWA_RESUME))
		engine->prepare = true;
	spin_unlock(&utask->lock);
}

static void utrace_engine_free_rcu(struct rcu_head *rcu)
{
	struct utrace_engine *engine = container_of(rcu, struct utrace_engine, rcu);
	struct utrace_task *utask = engine->utask;

	if (engine->sc_counted)
		utrace_syscall_hooks_put();
	engine->ops->release(engine);
	kfree(engine);
	if (utask)
		utrace_task_put(utask);
}

/**
 * utrace_engine_get() - take a reference on @engine
 * @engine: an engine the caller already holds a reference on
 *
 * Context: any, including atomic.
 */
void utrace_engine_get(struct utrace_engine *engine)
{
	refcount_inc(&engine->ref);
}

/**
 * utrace_engine_put() - drop a reference on @engine
 * @engine: the engine
 *
 * The last one frees it after an RCU grace period, after ->release().
 *
 * Context: any, including atomic.
 */
void utrace_engine_put(struct utrace_engine *engine)
{
	if (refcount_dec_and_test(&engine->ref))
		call_rcu(&engine->rcu, utrace_engine_free_rcu);
}

/*
 * @stop_reason: attach with a hold already set, for this UTRACE_STOP_*
 * reason (a thread created while its creator's engine was being quiesced;
 * a followed thread or process asked to start stopped); 0 for none.
 * @nested: the caller holds its creator's utask->lock (following).
 */
static int __utrace_engine_attach(struct utrace_engine *engine,
				  struct task_struct *task, gfp_t gfp,
				  unsigned int stop_reason, bool nested)
{
	struct utrace_task *utask;
	unsigned long flags;

	for (;;) {
		utask = utrace_task_get_or_create(task, gfp);
		if (!utask)
			return -ENOMEM;
		/*
		 * Pairs with smp_mb() in utrace_task_exited(): either the
		 * exiting task finds this utask, or we see PF_EXITING.
		 */
		smp_mb();
		spin_lock_irqsave_nested(&utask->lock, flags, nested ? SINGLE_DEPTH_NESTING : 0);
		if (utask->hashed)
			break;
		/* Emptied and unhashed under our feet: take a fresh one. */
		spin_unlock_irqrestore(&utask->lock, flags);
		utrace_task_put(utask);
	}
	if (utask->dead || (READ_ONCE(task->flags) & PF_EXITING)) {
		bool unhashed = utrace_task_unhash_locked(utask);

		spin_unlock_irqrestore(&utask->lock, flags);
		if (unhashed)
			utrace_task_put(utask);
		utrace_task_put(utask);
		return -ESRCH;
	}
	WRITE_ONCE(engine->task, task);
	engine->utask = utask;		/* keeps our reference */
	engine->attached = true;
	refcount_inc(&engine->ref);	/* being attached */
	list_add_tail_rcu(&engine->task_node, &utask->engines);
	if (stop_reason) {
		engine->held = true;
		engine->stop_reason = stop_reason;
		utrace_task_queue_work(utask, TWA_SIGNAL);
	}
	spin_unlock_irqrestore(&utask->lock, flags);
	return 0;
}

/**
 * utrace_engine_attach() - attach @engine to @task
 * @engine: a new engine, from utrace_engine_create()
 * @task: the thread, which the caller holds a reference on
 *
 * The attachment takes a reference on @engine, dropped at detach.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or -ESRCH when @task is exiting.
 */
int utrace_engine_attach(struct utrace_engine *engine, struct task_struct *task)
{
	return __utrace_engine_attach(engine, task, GFP_KERNEL, 0, false);
}

/* CONTEXT: utask->lock held. Drops the attached reference. */
static void utrace_engine_detach_locked(struct utrace_task *utask,
					struct utrace_engine *engine,
					unsigned int reason)
{
	list_del_rcu(&engine->task_node);
	engine->attached = false;
	engine->held = false;
	engine->stop_silent = false;
	engine->ops->detached(engine, reason);
	utask->wake_gen++;
	wake_up(&utask->wait);
	utrace_engine_put(engine);
}

/*
 * __utrace_engine_detach() - detach @engine from its thread, resuming it if
 * this engine held it stopped
 * CONTEXT: any; takes utask->lock (with @nested: under another task's
 * utask->lock, that of the thread creating this one).
 * RETURNS: true if this call detached it, false if it was already detached.
 */
static bool __utrace_engine_detach(struct utrace_engine *engine, unsigned int reason,
				   bool nested)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	bool unhashed;

	if (!utask)
		return false;
	spin_lock_irqsave_nested(&utask->lock, flags, nested ? SINGLE_DEPTH_NESTING : 0);
	if (!engine->attached) {
		spin_unlock_irqrestore(&utask->lock, flags);
		return false;
	}
	utrace_engine_detach_locked(utask, engine, reason);
	unhashed = utrace_task_unhash_locked(utask);
	/*
	 * A held call's re-run blocked signals, or a step is in flight: the
	 * thread gives the mask back, or cleans up after the step.
	 */
	if (unhashed && (READ_ONCE(utask->sc_masked) || READ_ONCE(utask->step_armed)))
		utrace_task_queue_work(utask, TWA_RESUME);
	spin_unlock_irqrestore(&utask->lock, flags);
	if (unhashed)
		utrace_task_put(utask);
	return true;
}

/**
 * utrace_engine_detach() - detach @engine from its thread
 * @engine: the engine
 * @reason: UTRACE_DETACH_*, passed to ->detached()
 *
 * Resumes the thread if @engine held it stopped; ->detached() runs from
 * here when this call detached it.
 *
 * Context: any; takes utask->lock.
 * Return: true if this call detached it, false if it was already detached
 * (or never attached).
 */
bool utrace_engine_detach(struct utrace_engine *engine, unsigned int reason)
{
	return __utrace_engine_detach(engine, reason, false);
}

/**
 * utrace_engine_set_events() - change what @engine reports and stops for
 * @engine: the engine
 * @event_mask: UTRACE_EVMASK() bits of the events to report
 * @stop_mask: the events (of @event_mask) whose report stops the thread
 *
 * Probes read the masks locklessly: an event racing with the change may see
 * either mask.
 *
 * Context: process context; the owner makes one change at a time (the
 * syscall hooks count stays exact even if it does not).
 * Return: 0; or the error of registering the syscall hooks, when the new
 * mask needs them: nothing is changed then.
 */
int utrace_engine_set_events(struct utrace_engine *engine, u64 event_mask,
			     u64 stop_mask)
{
	const u64 sc = UTRACE_EVMASK_SYSCALLS;
	int ret;

	/* Hooks first, so that the engine sees every syscall it asks for. */
	if ((event_mask & sc) && !READ_ONCE(engine->sc_counted)) {
		ret = utrace_syscall_hooks_get();
		if (ret)
			return ret;
		/* Counted once whatever the callers: never a double get. */
		if (xchg(&engine->sc_counted, true))
			utrace_syscall_hooks_put();
	}
	WRITE_ONCE(engine->stop_mask, stop_mask);
	WRITE_ONCE(engine->event_mask, event_mask);
	/* Nor a double put, which would take the hooks from other engines. */
	if (!(event_mask & sc) && xchg(&engine->sc_counted, false))
		utrace_syscall_hooks_put();
	return 0;
}

/**
 * utrace_engine_copy_events() - give a new engine @src's masks and filters
 * @dst: the new engine, not attached yet
 * @src: the engine to copy
 *
 * Context: any; @src keeps the syscall hooks registered meanwhile.
 */
void utrace_engine_copy_events(struct utrace_engine *dst, struct utrace_engine *src)
{
	dst->event_mask = READ_ONCE(src->event_mask);
	dst->stop_mask = READ_ONCE(src->stop_mask);
	dst->sc_entry_all = READ_ONCE(src->sc_entry_all);
	dst->sc_exit_all = READ_ONCE(src->sc_exit_all);
	bitmap_copy(dst->sc_entry, src->sc_entry, UTRACE_SYSCALL_MAX);
	bitmap_copy(dst->sc_exit, src->sc_exit, UTRACE_SYSCALL_MAX);
	dst->sc_stop_entry_all = READ_ONCE(src->sc_stop_entry_all);
	dst->sc_stop_exit_all = READ_ONCE(src->sc_stop_exit_all);
	bitmap_copy(dst->sc_stop_entry, src->sc_stop_entry, UTRACE_SYSCALL_MAX);
	bitmap_copy(dst->sc_stop_exit, src->sc_stop_exit, UTRACE_SYSCALL_MAX);
	dst->sc_before_all = READ_ONCE(src->sc_before_all);
	bitmap_copy(dst->sc_before, src->sc_before, UTRACE_SYSCALL_MAX);
	dst->sig_hold = src->sig_hold;
	/* @src's count may be dropped meanwhile: count only while users remain. */
	if (READ_ONCE(src->sc_counted))
		dst->sc_counted = utrace_syscall_hooks_get_more();
}

/*
 * utrace_syscall_set_update() - change one of an engine's syscall sets
 * @set: UTRACE_SYSCALL_MAX bits, meaningful when !*@all
 * @all: every syscall is in the set
 * @op: enum utrace_syscall_op; @nr for _ADD/_REMOVE; @bitmap for _SET
 * (UTRACE_SYSCALL_MAX bits, already validated and zero-extended).
 * CONTEXT: process context; probes may see a half-updated set meanwhile.
 */
static void utrace_syscall_set_update(unsigned long *set, bool *all, u32 op, u32 nr,
				      const unsigned long *bitmap)
{
	switch (op) {
	case UTRACE_SYSCALL_OP_ALL:
		WRITE_ONCE(*all, true);
		break;
	case UTRACE_SYSCALL_OP_NONE:
		WRITE_ONCE(*all, false);
		bitmap_zero(set, UTRACE_SYSCALL_MAX);
		break;
	case UTRACE_SYSCALL_OP_ADD:
		if (READ_ONCE(*all)) {
			bitmap_zero(set, UTRACE_SYSCALL_MAX);
			WRITE_ONCE(*all, false);
		}
		set_bit(nr, set);
		break;
	case UTRACE_SYSCALL_OP_REMOVE:
		if (READ_ONCE(*all)) {
			bitmap_fill(set, UTRACE_SYSCALL_MAX);
			WRITE_ONCE(*all, false);
		}
		clear_bit(nr, set);
		break;
	case UTRACE_SYSCALL_OP_SET:
		WRITE_ONCE(*all, false);
		bitmap_copy(set, bitmap, UTRACE_SYSCALL_MAX);
		break;
	}
}

/* Whether @nr is in a set that utrace_syscall_set_update() keeps. */
static bool utrace_syscall_in_set(const unsigned long *set, const bool *all, long nr)
{
	return READ_ONCE(*all) || (nr >= 0 && nr < UTRACE_SYSCALL_MAX && test_bit(nr, set));
}

/* The number an exit is filtered by: a held call's goes where its entry went. */
static long utrace_exit_set_nr(const struct utrace_report *r)
{
	return r->sc_exit.held ? r->sc_exit.held_nr : r->sc_exit.nr;
}

/**
 * utrace_engine_set_syscall_filter() - choose which syscalls @engine reports
 * @engine: the engine
 * @which: UTRACE_SYSCALL_ENTRY, UTRACE_SYSCALL_EXIT or both
 * @op: enum utrace_syscall_op
 * @nr: the syscall number, for UTRACE_SYSCALL_OP_ADD and _REMOVE
 * @bitmap: UTRACE_SYSCALL_MAX bits, for UTRACE_SYSCALL_OP_SET
 *
 * Context: process context; probes may see a half-updated set meanwhile.
 */
void utrace_engine_set_syscall_filter(struct utrace_engine *engine, u32 which,
				      u32 op, u32 nr, const unsigned long *bitmap)
{
	if (which & UTRACE_SYSCALL_ENTRY)
		utrace_syscall_set_update(engine->sc_entry, &engine->sc_entry_all, op, nr, bitmap);
	if (which & UTRACE_SYSCALL_EXIT)
		utrace_syscall_set_update(engine->sc_exit, &engine->sc_exit_all, op, nr, bitmap);
}

/**
 * utrace_engine_set_syscall_stops() - choose which reported syscalls stop
 * @engine: the engine
 * @which: UTRACE_SYSCALL_ENTRY, _EXIT and/or _BEFORE (the entry stops
 *	taken before the call runs; the caller checked
 *	utrace_syscall_before_supported())
 * @op: enum utrace_syscall_op
 * @nr: the syscall number, for UTRACE_SYSCALL_OP_ADD and _REMOVE
 * @bitmap: UTRACE_SYSCALL_MAX bits, for UTRACE_SYSCALL_OP_SET
 *
 * The sets apply when the stop mask has SYSCALL_ENTRY or _EXIT.
 *
 * Context: process context; probes may see a half-updated set meanwhile.
 */
void utrace_engine_set_syscall_stops(struct utrace_engine *engine, u32 which,
				     u32 op, u32 nr, const unsigned long *bitmap)
{
	if (which & UTRACE_SYSCALL_ENTRY)
		utrace_syscall_set_update(engine->sc_stop_entry, &engine->sc_stop_entry_all,
					  op, nr, bitmap);
	if (which & UTRACE_SYSCALL_EXIT)
		utrace_syscall_set_update(engine->sc_stop_exit, &engine->sc_stop_exit_all,
					  op, nr, bitmap);
	if (which & UTRACE_SYSCALL_BEFORE)
		utrace_syscall_set_update(engine->sc_before, &engine->sc_before_all,
					  op, nr, bitmap);
}

/**
 * utrace_engine_set_signal_holds() - choose the signals held before delivery
 * @engine: the engine
 * @set: the signals (SIGKILL and SIGSTOP are never held)
 *
 * They apply while the engine reports and stops on SIGNAL events: such a
 * signal, sent to the thread or to its process for this thread to take,
 * is reported before delivery (.signal.before) and stops the thread, and
 * is then delivered, cancelled or replaced (utrace_engine_signal_verdict();
 * engine/signal.c says which signals can be held).
 *
 * Context: any; takes utask->lock.
 */
void utrace_engine_set_signal_holds(struct utrace_engine *engine, const sigset_t *set)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	sigset_t hold = *set;

	sigdelsetmask(&hold, sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (!utask) {
		engine->sig_hold = hold;
		return;
	}
	spin_lock_irqsave(&utask->lock, flags);
	engine->sig_hold = hold;
	spin_unlock_irqrestore(&utask->lock, flags);
}

/**
 * utrace_engine_signal_verdict() - what becomes of the held signal the
 * thread is stopped for, once it runs
 * @engine: an engine that holds the thread stopped for it
 * @sig: 0 to cancel it, its own number to deliver it (the default),
 *	another to deliver that one instead (sent with SI_USER)
 *
 * Several engines holding the signal: the first (in attach order) to give
 * a verdict decides.
 *
 * Context: any; takes utask->lock.
 * Return: 0; -EINVAL for a number out of range; -ESRCH when detached;
 * -ENOENT when the thread is not stopped for a held signal.
 */
int utrace_engine_signal_verdict(struct utrace_engine *engine, int sig)
{
	struct utrace_task *utask = engine->utask;
	unsigned long flags;
	int ret = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!utask)
		return -ESRCH;
	spin_lock_irqsave(&utask->lock, flags);
	if (!engine->attached)
		ret = -ESRCH;
	else if (!utask->sig_q || !engine->held)
		ret = -ENOENT;
	if (!ret) {
		engine->sig_verdict = sig;
		engine->sig_verdict_set = true;
	}
	spin_unlock_irqrestore(&utask->lock, flags);
	return ret;
}

/**
 * utrace_engine_state() - the state of @engine's thread as its owner sees it
 * @engine: the engine
 *
 * Context: any; takes utask->lock.
 * Return: enum utrace_task_state; UTRACE_TASK_EXITED when never attached.
 */
unsigned int utrace_engine_state(struct utrace_engine *engine)
{
	struct utrace_task *utask = engine->utask;
	unsigned int state = UTRACE_TASK_RUNNING;
	unsigned long flags;

	if (!utask)
		return UTRACE_TASK_EXITED;
	spin_lock_irqsave(&utask->lock, flags);
	if (engine->exited || utask->dead)
		state = UTRACE_TASK_EXITED;
	else if (engine->held && engine->stop_reported && utask->stopped)
		state = UTRACE_TASK_STOPPED;
	else if (engine->held)
		state = UTRACE_TASK_STOPPING;
	spin_unlock_irqrestore(&utask->lock, flags);
	return state;
}

static bool utrace_engine_wants(struct utrace_engine *engine,
				const struct utrace_report *r)
{
	if (!(READ_ONCE(engine->event_mask) & UTRACE_EVMASK(r->type)))
		return false;
	if (r->type == UTRACE_EVENT_SYSCALL_ENTRY)
		return utrace_syscall_in_set(engine->sc_entry, &engine->sc_entry_all,
					     r->sc_entry.nr);
	if (r->type == UTRACE_EVENT_SYSCALL_EXIT)
		return utrace_syscall_in_set(engine->sc_exit, &engine->sc_exit_all,
					     utrace_exit_set_nr(r));
	if (r->type == UTRACE_EVENT_SIGNAL && (r->signal.before || r->signal.released))
		return sigismember(&engine->sig_hold, r->signal.signo) == r->signal.before;
	return true;
}

/* Whether the event @r, which @engine wants, stops the thread. */
static bool utrace_engine_stops(struct utrace_engine *engine,
				const struct utrace_report *r)
{
	if (!(READ_ONCE(engine->stop_mask) & UTRACE_EVMASK(r->type)))
		return false;
	if (r->type == UTRACE_EVENT_SIGNAL && r->signal.fatal)
		return false;
	if (r->type == UTRACE_EVENT_SYSCALL_ENTRY)
		return utrace_syscall_in_set(engine->sc_stop_entry,
					     &engine->sc_stop_entry_all, r->sc_entry.nr);
	if (r->type == UTRACE_EVENT_SYSCALL_EXIT)
		return !r->sc_exit.restart &&
			utrace_syscall_in_set(engine->sc_stop_exit, &engine->sc_stop_exit_all,
					      utrace_exit_set_nr(r));
	return true;
}

/*
 * utrace_report_before() - whether some engine of @utask stops the syscall
 * entry @r before the call runs
 * CONTEXT: the sys_enter probe, current's @utask->lock held.
 */
static bool utrace_report_before(struct utrace_task *utask, const struct utrace_report *r)
{
	struct utrace_engine *engine;

	if (!utrace_syscall_before_supported())
		return false;
	/* The before set first: empty unless asked for, it ends the common case. */
	list_for_each_entry(engine, &utask->engines, task_node)
		if (utrace_syscall_in_set(engine->sc_before, &engine->sc_before_all,
					  r->sc_entry.nr) &&
		    utrace_engine_wants(engine, r) && utrace_engine_stops(engine, r))
			return true;
	return false;
}

/*
 * utrace_report_event() - give an event of current to every engine of
 * @utask that wants it, and arrange the stops it asks for
 *
 * A syscall entry that some engine stops before the call comes back with
 * r->sc_entry.before set, its task_work queued: the caller then makes the
 * call "no syscall" (see utrace_probe_sys_enter()).
 * CONTEXT: a probe in current's context (@utask is current's), atomic; or
 * current's task_work (the exit of a syscall skipped at its entry stop).
 */
void utrace_report_event(struct utrace_task *utask, struct utrace_report *r)
{
	struct utrace_engine *engine;
	bool stopping, queue = false;
	unsigned long flags;

	spin_lock_irqsave(&utask->lock, flags);
	/* Queued first: the records must not say "before" for a stop that fails. */
	if (r->type == UTRACE_EVENT_SYSCALL_ENTRY && utrace_report_before(utask, r))
		r->sc_entry.before = !utrace_task_queue_work(utask, TWA_RESUME);
	list_for_each_entry(engine, &utask->engines, task_node) {
		if (!utrace_engine_wants(engine, r))
			continue;
		stopping = utrace_engine_stops(engine, r);
		if (stopping && !engine->held) {
			engine->held = true;
			engine->stop_reported = false;
			engine->stop_reason = UTRACE_STOP_EVENT;
			engine->stop_event = r->type;
			queue = true;
		}
		engine->ops->report(engine, r, stopping);
		if (r->type != UTRACE_EVENT_EXIT && engine->ops->must_wait(engine)) {
			utask->throttle = true;
			queue = true;
		}
	}
	if (queue && r->type != UTRACE_EVENT_EXIT)
		utrace_task_queue_work(utask, TWA_RESUME);
	spin_unlock_irqrestore(&utask->lock, flags);
}

/*
 * utrace_task_exited() - @task passed do_exit(): report EXIT, detach all
 * CONTEXT: the sched_process_exit probe, in @task's context, atomic.
 */
void utrace_task_exited(struct task_struct *task, int code, bool group)
{
	struct utrace_engine *engine, *next;
	struct utrace_report r = { .type = UTRACE_EVENT_EXIT, .task = task };
	struct utrace_task *utask;
	unsigned long flags;
	bool unhashed;

	/* Pairs with smp_mb() in __utrace_engine_attach(). */
	smp_mb();
	rcu_read_lock();
	utask = utrace_task_lookup(task);
	if (!utask) {
		rcu_read_unlock();
		return;
	}
	r.exit.code = code;
	r.exit.group = group;
	/*
	 * Dead before the EXIT event is out: an owner that reads the event
	 * and then asks for the thread's state sees it exited.
	 */
	spin_lock_irqsave(&utask->lock, flags);
	utask->dead = true;
	spin_unlock_irqrestore(&utask->lock, flags);
	utrace_report_event(utask, &r);
	spin_lock_irqsave(&utask->lock, flags);
	list_for_each_entry_safe(engine, next, &utask->engines, task_node) {
		engine->exited = true;
		utrace_engine_detach_locked(utask, engine, UTRACE_DETACH_EXIT);
	}
	unhashed = utrace_task_unhash_locked(utask);
	/* A step of exit_group() holds the syscall hooks: exit_task_work() gives them back. */
	if (unhashed && utask->step_armed)
		utrace_task_queue_work(utask, TWA_RESUME);
	spin_unlock_irqrestore(&utask->lock, flags);
	rcu_read_unlock();
	if (unhashed)
		utrace_task_put(utask);
}

/**
 * utrace_engine_set_follow() - change which follow flags @engine has
 * @engine: the engine
 * @follow: UTRACE_ENGINE_FOLLOW_MUTABLE bits
 *
 * Context: any. utrace_clone_follow() reads the flags once per clone: a
 * clone racing with the change sees either set.
 */
void utrace_engine_set_follow(struct utrace_engine *engine, unsigned long follow)
{
	unsigned long flags = READ_ONCE(engine->flags);

	WRITE_ONCE(engine->flags, (flags & ~UTRACE_ENGINE_FOLLOW_MUTABLE) |
		   (follow & UTRACE_ENGINE_FOLLOW_MUTABLE));
}

/*
 * utrace_clone_follow() - give @child an engine for every engine of its
 * creator that follows threads (a CLONE_THREAD child) or processes (any
 * other child), and record in each engine's clone_result how it went
 * CONTEXT: the task_newtask probe, in the parent's context, atomic: the
 * child is fully set up but has not run yet (it is woken after the probe),
 * so an engine attached here sees its first instruction. The parent's
 * utask->lock is held throughout, so that a detach of the parent's engine
 * either comes first (no engine for the child) or after the child's engine
 * is attached and adopted (its owner sees it). Nesting: parent utask->lock
 * -> child utask->lock (a brand-new task: nobody else nests), in the
 * attach and in the detach of an engine its owner refused, both annotated
 * SINGLE_DEPTH_NESTING for lockdep (same class).
 */
void utrace_clone_follow(struct utrace_task *parent, struct task_struct *child,
			 unsigned long clone_flags)
{
	bool process = !(clone_flags & CLONE_THREAD);
	struct utrace_engine *engine, *fresh;
	unsigned int stop_reason;
	unsigned long eflags;
	unsigned long flags;

	spin_lock_irqsave(&parent->lock, flags);
	list_for_each_entry(engine, &parent->engines, task_node) {
		eflags = READ_ONCE(engine->flags);
		engine->clone_result = 0;
		if (!(eflags & (process ? UTRACE_ENGINE_FOLLOW_FORK :
				UTRACE_ENGINE_FOLLOW_THREADS)))
			continue;
		engine->clone_result = UTRACE_CLONE_FAILED;
		fresh = engine->ops->clone(engine, child, process);
		if (!fresh)
			continue;
		fresh->flags = eflags;
		stop_reason = 0;
		if (eflags & UTRACE_ENGINE_STOP_NEW)
			stop_reason = UTRACE_STOP_NEW;
		else if (!process && engine->held &&
			 engine->stop_reason == UTRACE_STOP_QUIESCE)
			stop_reason = UTRACE_STOP_QUIESCE;
		if (__utrace_engine_attach(fresh, child, GFP_NOWAIT | __GFP_NOWARN,
					   stop_reason, true)) {
			fresh->ops->detached(fresh, UTRACE_DETACH_EXIT);
			engine->ops->clone_failed(engine);
			continue;
		}
		engine->clone_result = UTRACE_CLONE_FOLLOWED;
		/* An owner going away does not take it: the child's lock nests. */
		if (!engine->ops->adopt(fresh))
			__utrace_engine_detach(fresh, UTRACE_DETACH_REQUEST, true);
	}
	spin_unlock_irqrestore(&parent->lock, flags);
}

/**
 * utrace_init() - set up the engine layer (its tracepoint probes)
 * Context: module init.
 * Return: 0, or the error of registering the probes (nothing is left
 * registered then).
 */
int utrace_init(void)
{
	int ret;

	ret = utrace_step_init();
	if (ret)
		return ret;
	ret = utrace_hooks_init();
	if (ret)
		utrace_step_exit();
	return ret;
}

/**
 * utrace_exit() - wait for the engines' RCU callbacks, unregister the probes
 *
 * Context: module exit, every engine detached and put; sleeps.
 */
void utrace_exit(void)
{
	/*
	 * Engines are freed by RCU callbacks that drop utasks (more RCU
	 * callbacks) and syscall hook users (a work item): drain both
	 * generations before the hooks go.
	 */
	rcu_barrier();
	rcu_barrier();
	utrace_hooks_exit();
	utrace_step_exit();
	WARN_ON(atomic_read(&utrace_nr_tasks));
}
