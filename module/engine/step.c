// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: single-step (utrace_engine_step()).
 *
 * A thread an engine asked to step leaves its stop with the trap flag set
 * in its saved user flags (utrace_step_arm(), in its task_work, once no
 * engine holds it), runs one instruction, and is held again by each engine
 * that asked, with a STOP of reason UTRACE_STOP_STEP. The instruction ends
 * in one of these ways, each seen in the thread's own context, where
 * utrace_step_end() clears the flag and queues the stop:
 *
 * - the debug trap (DR6.BS) on the die notifier chain, which the kernel
 *   calls before it sends SIGTRAP; the notifier takes the trap's DR_STEP
 *   away, and no signal is sent;
 * - a syscall instruction: the entry masks the trap flag, and the exit
 *   would trap one instruction late. The sys_exit probe ends the step
 *   instead (the syscall hooks are held for the step of a syscall
 *   instruction); a call held at its entry stop ends it when it runs;
 * - a signal with a handler: the signal_deliver probe ends the step before
 *   the frame is built, so the frame saves the flags without the trap flag
 *   and the stop comes at the handler's first instruction;
 * - an instruction that carries a uprobe (a breakpoint of any client): the
 *   uprobe steps it out of line or emulates it and, seeing the trap flag,
 *   sends the thread SIGTRAP (SEND_SIG_NOINFO, outside any syscall). The
 *   signal_generate probe takes that signal off the queue and ends the
 *   step; the task_work frees the signal;
 * - the thread exits: nothing is reported but its EXIT. An exec is a
 *   syscall.
 *
 * A program that had set the trap flag itself keeps it, and its SIGTRAP.
 *
 * The state (@step_* of struct utrace_task) is the thread's own. When the
 * last engine goes while a step is in flight, the utask leaves the hash
 * and the probes and the notifier no longer find it: the detacher sees
 * @step_armed and queues the thread's task_work, which clears the flag
 * and drops the SIGTRAP of a trap that came meanwhile
 * (utrace_step_orphaned()); the queued work holds the utask.
 */
#include <linux/errno.h>
#include <linux/kdebug.h>
#include <linux/notifier.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/mm.h>
#include <asm/debugreg.h>
#include <asm/syscall.h>
#include <trace/events/signal.h>
#include "compat.h"
#include "internal.h"

/* What the stepped instruction is, as far as the step cares. */
enum {
	UTRACE_STEP_INSN,	/* any other */
	UTRACE_STEP_SYSCALL,	/* syscall, sysenter, int $0x80 */
	UTRACE_STEP_SETS_TF,	/* popf, iret: load the flags, the trap flag with them */
	UTRACE_STEP_PUSHF,	/* pushf: stores the flags, the trap flag with them */
};

/*
 * Classify the instruction at @regs' instruction pointer. Prefixes are
 * skipped: operand size (66), REX (40-4f); other prefixes make it "any
 * other".
 * CONTEXT: current's own, process context (reads its memory).
 */
static unsigned int utrace_step_insn(struct pt_regs *regs)
{
	u8 insn[4];
	int i;

	if (access_process_vm(current, instruction_pointer(regs), insn, sizeof(insn),
			      FOLL_FORCE) != sizeof(insn))
		return UTRACE_STEP_INSN;
	for (i = 0; i < (int)sizeof(insn) - 1; i++) {
		if (insn[i] != 0x66 && (!user_64bit_mode(regs) || (insn[i] & 0xf0) != 0x40))
			break;
	}
	switch (insn[i]) {
	case 0x0f:
		return insn[i + 1] == 0x05 || insn[i + 1] == 0x34 ?
		       UTRACE_STEP_SYSCALL : UTRACE_STEP_INSN;
	case 0xcd:
		return insn[i + 1] == 0x80 ? UTRACE_STEP_SYSCALL : UTRACE_STEP_INSN;
	case 0x9d:
	case 0xcf:
		return UTRACE_STEP_SETS_TF;
	case 0x9c:
		return UTRACE_STEP_PUSHF;
	}
	return UTRACE_STEP_INSN;
}

/*
 * Whether the kernel is to restart the syscall the thread is in on its way
 * out (it stopped in the call): the next instruction is the call again.
 */
static bool utrace_step_restarts(struct pt_regs *regs)
{
	if (syscall_get_nr(current, regs) < 0)
		return false;
	switch (syscall_get_error(current, regs)) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		return true;
	}
	return false;
}

/**
 * utrace_step_arm() - set the trap flag for the step an engine asked for
 * @utask: current's
 *
 * A step already in flight (the thread stopped for another engine before
 * its instruction ran) stays as it is. A killed thread runs nothing.
 *
 * Context: current's task_work, after utrace_stop(); may sleep (the
 * syscall hooks).
 */
void utrace_step_arm(struct utrace_task *utask)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct utrace_engine *engine;
	bool want = false, hooks;
	unsigned int insn;

	if (utask->step_armed || fatal_signal_pending(current))
		return;
	spin_lock_irq(&utask->lock);
	list_for_each_entry(engine, &utask->engines, task_node)
		want |= engine->step;
	spin_unlock_irq(&utask->lock);
	if (!want)
		return;
	insn = utrace_step_restarts(regs) ? UTRACE_STEP_SYSCALL : utrace_step_insn(regs);
	/* Without the hooks (no memory) the call's step ends late, at the trap. */
	hooks = insn == UTRACE_STEP_SYSCALL && !utrace_syscall_hooks_get();
	spin_lock_irq(&utask->lock);
	if (utask->hashed) {
		utask->step_own_tf = regs->flags & X86_EFLAGS_TF;
		regs->flags |= X86_EFLAGS_TF;
		utask->step_insn = insn;
		utask->step_hooks = hooks;
		utask->step_armed = true;
		hooks = false;
	}
	spin_unlock_irq(&utask->lock);
	if (hooks)
		utrace_syscall_hooks_put();
}

/*
 * utrace_step_end() - the stepped instruction is over: take the trap flag
 * away unless the program keeps it (@keep_tf), and hold each engine that
 * asked, with a STOP of reason UTRACE_STOP_STEP, in the task_work queued
 * here. An engine that holds the thread already keeps the stop it asked
 * for.
 * CONTEXT: current's own, atomic included (probes, the die notifier);
 * takes utask->lock.
 */
static void utrace_step_end(struct utrace_task *utask, struct pt_regs *regs, bool keep_tf)
{
	struct utrace_engine *engine;
	unsigned long flags;

	if (!keep_tf)
		regs->flags &= ~X86_EFLAGS_TF;
	spin_lock_irqsave(&utask->lock, flags);
	utask->step_armed = false;
	list_for_each_entry(engine, &utask->engines, task_node) {
		if (!engine->step)
			continue;
		engine->step = false;
		utrace_engine_hold_locked(engine, UTRACE_STOP_STEP, 0);
	}
	/* Also for what utrace_step_serve() has left to do. */
	utrace_task_queue_work(utask, TWA_RESUME);
	spin_unlock_irqrestore(&utask->lock, flags);
}

/**
 * utrace_step_syscall_exit() - a syscall ran: it was the stepped instruction
 * @utask: current's
 * @regs: its user registers
 *
 * Context: the sys_exit probe.
 */
void utrace_step_syscall_exit(struct utrace_task *utask, struct pt_regs *regs)
{
	if (!utask->step_armed)
		return;
	/*
	 * rt_sigreturn() loaded the flags of the frame, and made the call
	 * "no syscall": the trap flag there is the program's.
	 */
	if (syscall_get_nr(current, regs) == -1)
		utrace_step_end(utask, regs, regs->flags & X86_EFLAGS_TF);
	else
		utrace_step_end(utask, regs, utask->step_own_tf);
}

/**
 * utrace_step_signal_deliver() - a handler is about to run: the step ends
 * at its first instruction
 * @utask: current's
 * @ka: the action of the signal being delivered
 *
 * Context: the signal_deliver probe, before the frame is built.
 */
void utrace_step_signal_deliver(struct utrace_task *utask, struct k_sigaction *ka)
{
	if (utask->step_armed && ka->sa.sa_handler != SIG_DFL && ka->sa.sa_handler != SIG_IGN)
		utrace_step_end(utask, task_pt_regs(current), utask->step_own_tf);
}

/**
 * utrace_step_signal_generated() - the SIGTRAP a uprobe sends the thread
 * after it stepped or emulated its instruction with the trap flag set
 * ends the step in its place
 * @sig: the signal
 * @info: as passed to the kernel's send (SEND_SIG_NOINFO: send_sig())
 * @task: its receiver
 * @group: sent to the process
 * @result: TRACE_SIGNAL_*
 *
 * Context: the signal_generate probe: @task's siglock held, interrupts off.
 */
void utrace_step_signal_generated(int sig, struct kernel_siginfo *info,
				  struct task_struct *task, bool group, int result)
{
	struct sigpending *pending = &current->pending;
	struct utrace_task *utask;
	struct sigqueue *q;

	if (sig != SIGTRAP || info != SEND_SIG_NOINFO || task != current || group ||
	    syscall_get_nr(current, task_pt_regs(current)) != -1)
		return;
	rcu_read_lock();
	utask = utrace_traced(current);
	if (!utask || !utask->step_armed)
		goto out;
	if (result == TRACE_SIGNAL_DELIVERED && !utask->step_sigq &&
	    !list_empty(&pending->list)) {
		/* __send_signal_locked() queued it last. */
		q = list_last_entry(&pending->list, struct sigqueue, list);
		if (q->info.si_signo == SIGTRAP) {
			list_del_init(&q->list);
			utask->step_sigq = q;
			utrace_signal_unqueued(pending, SIGTRAP);
		}
	}
	utrace_step_end(utask, task_pt_regs(current), utask->step_own_tf);
out:
	rcu_read_unlock();
}

/*
 * The debug trap of a stepped instruction. hw_breakpoint's handler and the
 * uprobes' (their own out-of-line steps) come first, by priority.
 */
static int utrace_step_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	unsigned long *dr6 = (unsigned long *)ERR_PTR(args->err);
	struct utrace_task *utask;
	int ret = NOTIFY_DONE;

	if (val != DIE_DEBUG || !user_mode(args->regs) || !(*dr6 & DR_STEP))
		return NOTIFY_DONE;
	rcu_read_lock();
	utask = utrace_traced(current);
	if (utask && utask->step_armed) {
		struct pt_regs *regs = args->regs;
		bool own = utask->step_own_tf;

		/* A popf or iret loaded the flags: the trap flag is the program's now. */
		if (utask->step_insn == UTRACE_STEP_SETS_TF)
			utrace_step_end(utask, regs, regs->flags & X86_EFLAGS_TF);
		else
			utrace_step_end(utask, regs, own);
		/* A pushf stored our flag: utrace_step_serve() takes it away. */
		utask->step_fix_pushf = !own && utask->step_insn == UTRACE_STEP_PUSHF;
		if (!own) {
			/* Ours alone: no SIGTRAP, unless another cause is left. */
			*dr6 &= ~DR_STEP;
			current->thread.virtual_dr6 &= ~DR_STEP;
			if (!*dr6 && !current->thread.virtual_dr6)
				ret = NOTIFY_STOP;
		}
	}
	rcu_read_unlock();
	return ret;
}

static struct notifier_block utrace_step_nb = {
	.notifier_call = utrace_step_notify,
};

/*
 * utrace_step_orphaned() - the last engine went while the step was in
 * flight: clear the trap flag, and drop the SIGTRAP of a trap that came
 * before this ran (none when this runs first: the instruction then runs
 * without the flag, or, in a syscall, it was the call). The flag stays if
 * the thread is traced again and a new step is armed.
 * CONTEXT: current's task_work, @utask unhashed.
 */
static void utrace_step_orphaned(struct utrace_task *utask)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct utrace_task *now;
	bool again;

	utask->step_armed = false;
	rcu_read_lock();
	now = utrace_traced(current);
	again = now && now->step_armed;
	rcu_read_unlock();
	if (again || utask->step_own_tf)
		return;
	regs->flags &= ~X86_EFLAGS_TF;
	if (syscall_get_nr(current, regs) == -1)
		utrace_signal_discard_trap();
}

/*
 * utrace_step_fix_pushf() - a stepped pushf stored the flags with the trap
 * flag the engine had set: the program's copy gets the flag it had (none)
 * CONTEXT: current's task_work; may fault.
 */
static void utrace_step_fix_pushf(struct pt_regs *regs)
{
	unsigned long top = user_stack_pointer(regs);
	u16 low;

	/* The trap flag is in the low 16 bits of what any pushf stores. */
	if (access_process_vm(current, top, &low, sizeof(low), FOLL_FORCE) != sizeof(low) ||
	    !(low & X86_EFLAGS_TF))
		return;
	low &= ~X86_EFLAGS_TF;
	access_process_vm(current, top, &low, sizeof(low), FOLL_FORCE | FOLL_WRITE);
}

/**
 * utrace_step_serve() - what an ended step leaves to the thread's task_work:
 * the uprobe's SIGTRAP to free, the syscall hooks to give back; and a step
 * no engine is left to see end
 * @utask: current's
 *
 * Context: current's task_work, first; may sleep.
 */
void utrace_step_serve(struct utrace_task *utask)
{
	bool hashed;

	if (utask->step_sigq) {
		utrace_signal_discard(utask->step_sigq, false);
		utask->step_sigq = NULL;
	}
	if (utask->step_armed) {
		spin_lock_irq(&utask->lock);
		hashed = utask->hashed;
		spin_unlock_irq(&utask->lock);
		if (!hashed)
			utrace_step_orphaned(utask);
	}
	if (!utask->step_armed && utask->step_hooks) {
		utask->step_hooks = false;
		utrace_syscall_hooks_put();
	}
	if (utask->step_fix_pushf) {
		utask->step_fix_pushf = false;
		utrace_step_fix_pushf(task_pt_regs(current));
	}
}

/* Context: module init. Return: 0 or register_die_notifier()'s error. */
int utrace_step_init(void)
{
	return register_die_notifier(&utrace_step_nb);
}

/* Context: module exit; waits until no notifier call runs. */
void utrace_step_exit(void)
{
	unregister_die_notifier(&utrace_step_nb);
}
