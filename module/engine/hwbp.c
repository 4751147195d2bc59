// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: hardware breakpoints and watchpoints through the
 * kernel's user hw-breakpoint interface (the perf events ptrace uses for
 * the debug registers).
 *
 * A watch is one perf breakpoint event on one thread, for one engine. Its
 * overflow handler runs in the #DB exception the thread took in user mode
 * (interrupts off, the hw-breakpoint handler's RCU read side): it must
 * not sleep. It reports the hit to the engine's owner and makes the
 * thread stop in its own context, as a uprobe breakpoint does: it holds
 * the engine and queues the thread's task_work, which stops it on its way
 * back to user mode. A data watchpoint traps after the access, so the
 * thread stops after the instruction that wrote or read; an execution
 * breakpoint traps before the instruction runs, and the x86 handler sets
 * RF in the saved flags so that the instruction does not trap again when
 * the thread runs on (RF stays in the registers during the stop).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hw_breakpoint.h>
#include <linux/log2.h>
#include <linux/perf_event.h>
#include "internal.h"

/*
 * utrace_watch_hit() - a thread hit a watch
 * CONTEXT: the #DB exception of the watched thread, from user mode,
 * interrupts off: must not sleep.
 */
static void utrace_watch_hit(struct perf_event *event, struct perf_sample_data *data,
			     struct pt_regs *regs)
{
	struct utrace_watch *w = event->overflow_handler_context;
	struct utrace_report r = { .type = UTRACE_EVENT_HWBP, .task = current };
	struct utrace_engine *engine = w->engine;
	struct utrace_task *utask = engine->utask;
	unsigned long flags;

	/* The event is bound to the engine's thread: nobody else hits it. */
	if (WARN_ON_ONCE(current != utrace_engine_task(engine)))
		return;
	spin_lock_irqsave(&utask->lock, flags);
	/* Fails only for a thread past exit_task_work(). */
	if (engine->attached && !utrace_task_queue_work(utask, TWA_RESUME)) {
		utrace_engine_hold_locked(engine, UTRACE_STOP_BREAKPOINT, UTRACE_EVENT_HWBP);
		r.hwbp.watch = w;
		r.hwbp.ip = instruction_pointer(regs);
		atomic64_inc(&w->hits);
		engine->ops->report(engine, &r, true);
	}
	spin_unlock_irqrestore(&utask->lock, flags);
}

/**
 * utrace_watch_register() - arm @w on the thread of @engine
 * @w: the watch, @addr, @len and @type filled by its owner
 * @engine: an attached engine; @w holds a reference on it until
 *	utrace_watch_unregister()
 *
 * Takes one of the thread's debug registers (four on x86, shared with
 * ptrace's); the engine's owner is told of each hit (UTRACE_EVENT_HWBP)
 * and the thread stops for @engine.
 *
 * Context: process context, sleeps.
 * Return: 0; -ESRCH when the thread is exiting; -ENOSPC when the thread
 * has no debug register left; -EINVAL
 * for a length, alignment or type the hardware does not take, or a kernel
 * address; -ENOMEM; what register_user_hw_breakpoint() gives.
 */
int utrace_watch_register(struct utrace_watch *w, struct utrace_engine *engine)
{
	struct task_struct *task = utrace_engine_task(engine);
	struct perf_event_attr attr;
	struct perf_event *event;

	if (!task)
		return -ESRCH;
	ptrace_breakpoint_init(&attr);
	attr.bp_addr = w->addr;
	switch (w->type) {
	case UTRACE_WATCH_EXEC:
		/* x86 takes only this length for an execution breakpoint. */
		if (w->len != 1)
			return -EINVAL;
		attr.bp_type = HW_BREAKPOINT_X;
		attr.bp_len = sizeof(long);
		break;
	case UTRACE_WATCH_WRITE:
		attr.bp_type = HW_BREAKPOINT_W;
		attr.bp_len = w->len;
		break;
	case UTRACE_WATCH_ACCESS:
		attr.bp_type = HW_BREAKPOINT_RW;
		attr.bp_len = w->len;
		break;
	default:
		return -EINVAL;
	}
	if (w->type != UTRACE_WATCH_EXEC &&
	    (!is_power_of_2(w->len) || w->len > 8 || (w->addr & (w->len - 1))))
		return -EINVAL;
	w->engine = engine;
	atomic64_set(&w->hits, 0);
	utrace_engine_get(engine);
	event = register_user_hw_breakpoint(&attr, utrace_watch_hit, w, task);
	if (IS_ERR(event)) {
		utrace_engine_put(engine);
		w->engine = NULL;
		/* The perf core refuses a thread past its perf exit. */
		return READ_ONCE(task->flags) & PF_EXITING ? -ESRCH : PTR_ERR(event);
	}
	w->event = event;
	return 0;
}

/**
 * utrace_watch_unregister() - disarm @w
 * @w: a registered watch
 *
 * Frees the debug register. No handler runs on @w after this (the perf
 * event is removed from the thread's context, which waits for a handler
 * in flight): its owner may free it. A thread stopped for a hit of @w
 * stays stopped until its engine releases it.
 *
 * Context: process context, sleeps.
 */
void utrace_watch_unregister(struct utrace_watch *w)
{
	if (!w->event)
		return;
	unregister_hw_breakpoint(w->event);
	w->event = NULL;
	utrace_engine_put(w->engine);
	w->engine = NULL;
}
