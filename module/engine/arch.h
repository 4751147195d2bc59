/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer engine layer: what the engine asks of the architecture
 * (arch-x86.c). Private to engine/.
 */
#ifndef UTRACE_ENGINE_ARCH_H
#define UTRACE_ENGINE_ARCH_H

#include <linux/types.h>

struct task_struct;
struct pt_regs;

unsigned int utrace_arch_syscall_arch(struct task_struct *task);
void utrace_arch_syscall_args(struct task_struct *task, struct pt_regs *regs,
			      unsigned long args[6]);
void utrace_arch_syscall_skip(struct pt_regs *regs);
void utrace_arch_syscall_show(struct pt_regs *regs, long nr);
long utrace_arch_syscall_nr(struct task_struct *task, struct pt_regs *regs);
long utrace_arch_syscall_retval(struct task_struct *task, struct pt_regs *regs);
void utrace_arch_syscall_return(struct pt_regs *regs, long ret);
unsigned long utrace_arch_syscall_rerun(struct pt_regs *regs, long nr);
void utrace_arch_syscall_interrupt(struct pt_regs *regs, long nr);
void utrace_arch_user_state_to_memory(void);
bool utrace_arch_compat_mm(struct task_struct *task);
unsigned int utrace_arch_signal_abi(struct task_struct *task);

#endif /* UTRACE_ENGINE_ARCH_H */
