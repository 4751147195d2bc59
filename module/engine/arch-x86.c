// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: what depends on the architecture (x86).
 */
#include <linux/sched.h>
#include <linux/audit.h>
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
