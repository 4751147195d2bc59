// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: what depends on the architecture (x86).
 */
#include <linux/sched.h>
#include <linux/audit.h>
#include <linux/errno.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/fpu/api.h>
#include "utrace.h"
#include "arch.h"

/* The syscall table current's syscall came through: UTRACE_ARCH_*. */
unsigned int utrace_arch_syscall_arch(struct task_struct *task)
{
	return syscall_get_arch(task) == AUDIT_ARCH_I386 ?
		UTRACE_ARCH_I386 : UTRACE_ARCH_X86_64;
}

/* The six argument registers of the syscall @task is in, zero-extended. */
void utrace_arch_syscall_args(struct task_struct *task, struct pt_regs *regs,
			      unsigned long args[6])
{
	syscall_get_arguments(task, regs, args);
}

/*
 * Held syscalls (UTRACE_SYSCALL_BEFORE). Every way into a syscall on x86
 * (syscall, int $0x80, and sysenter, which returns through the vDSO's
 * landing pad right after an int $0x80) is two bytes long: the kernel's
 * own restart puts the instruction pointer back by two as well.
 */
#define UTRACE_SYSCALL_INSN_LEN	2

/*
 * Make the syscall current is entering "no syscall": the entry code reads
 * the number again after the sys_enter tracepoint, finds -1, runs nothing
 * and leaves the return value register as it is (-ENOSYS).
 * CONTEXT: the sys_enter probe.
 */
void utrace_arch_syscall_skip(struct pt_regs *regs)
{
	regs->orig_ax = -1;
}

/* Show a held call as at ptrace's entry stop: its number in orig_ax. */
void utrace_arch_syscall_show(struct pt_regs *regs, long nr)
{
	regs->orig_ax = nr;
}

/* The number a client left in a held call's registers: -1 skips it. */
long utrace_arch_syscall_nr(struct task_struct *task, struct pt_regs *regs)
{
	return syscall_get_nr(task, regs);
}

/*
 * The return value a client left in a skipped call's registers. An ia32
 * client writes eax zero-extended: sign-extend it as the syscall's own
 * return would be.
 */
long utrace_arch_syscall_retval(struct task_struct *task, struct pt_regs *regs)
{
	if (utrace_arch_syscall_arch(task) == UTRACE_ARCH_I386)
		return (int)regs->ax;
	return regs->ax;
}

/* Complete a held call as skipped, with the return value @ret. */
void utrace_arch_syscall_return(struct pt_regs *regs, long ret)
{
	regs->orig_ax = -1;
	regs->ax = ret;
}

/*
 * Run a held call: back on its syscall instruction, with @nr where the
 * instruction takes the number. Until it is executed the thread is not in
 * a syscall (orig_ax -1): the signal code then restarts nothing, and a
 * handler that runs first returns to the instruction.
 * Return: the instruction pointer at which its sys_enter will come.
 */
unsigned long utrace_arch_syscall_rerun(struct pt_regs *regs, long nr)
{
	unsigned long ip = instruction_pointer(regs);

	regs->orig_ax = -1;
	regs->ax = nr;
	instruction_pointer_set(regs, ip - UTRACE_SYSCALL_INSN_LEN);
	return ip;
}

/*
 * A handler is about to run before a held call: have the signal code
 * restart it once the handler returns, as for an interrupted call.
 * CONTEXT: the signal_deliver probe, before handle_signal() looks at it.
 */
void utrace_arch_syscall_interrupt(struct pt_regs *regs, long nr)
{
	regs->orig_ax = nr;
	regs->ax = -ERESTARTNOINTR;
}

/*
 * Move current's live user FPU state to its fpstate in memory and mark it
 * to be loaded from there on the way back to user mode, so that another
 * task may change it while current is parked (kernel_fpu_begin() saves the
 * user registers and invalidates them when they are live).
 * CONTEXT: current, a user thread in process context.
 */
void utrace_arch_user_state_to_memory(void)
{
	kernel_fpu_begin();
	kernel_fpu_end();
}

/*
 * Whether @task's process was set up 32-bit (ia32): its auxiliary vector
 * then holds 32-bit words.
 */
bool utrace_arch_compat_mm(struct task_struct *task)
{
	return test_tsk_thread_flag(task, TIF_ADDR32);
}

/*
 * The ABI of the siginfo a handler of @task receives (UTRACE_ARCH_*):
 * ia32's for a thread running 32-bit code, else x86-64's. An x32 thread
 * runs 64-bit code and gets x86-64's, not its own (Debian's kernels run
 * no x32 code: CONFIG_X86_X32_DISABLED).
 */
unsigned int utrace_arch_signal_abi(struct task_struct *task)
{
	return user_64bit_mode(task_pt_regs(task)) ? UTRACE_ARCH_X86_64 : UTRACE_ARCH_I386;
}
