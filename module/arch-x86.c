// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: what depends on the architecture (x86).
 */
#include <linux/sched.h>
#include <linux/audit.h>
#include <asm/syscall.h>
#include "utrace.h"

/* The syscall table current's syscall came through: UTRACER_ARCH_*. */
unsigned int utrace_arch_syscall_arch(struct task_struct *task)
{
	return syscall_get_arch(task) == AUDIT_ARCH_I386 ?
		UTRACER_ARCH_I386 : UTRACER_ARCH_X86_64;
}

/* The six argument registers of the syscall @task is in, zero-extended. */
void utrace_arch_syscall_args(struct task_struct *task, struct pt_regs *regs,
			      unsigned long args[6])
{
	syscall_get_arguments(task, regs, args);
}
