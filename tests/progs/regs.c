// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee that loads known values into registers and spins
 * with them: rbx, r12-r15 hold 0x1111111111111111 * k and xmm0 holds
 * 0x0123456789abcdef fedcba9876543210, so a test can check a register
 * read against values it did not compute from the module.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const unsigned long long x[2] = { 0xfedcba9876543210ULL, 0x0123456789abcdefULL };

	char line[32];
	int n = snprintf(line, sizeof(line), "ready %d\n", getpid());

#if defined(__x86_64__)
	/* "ready" is written after the loads (a syscall keeps these registers). */
	__asm__ volatile(
		"movdqu (%0), %%xmm0\n\t"
		"movabs $0x1111111111111111, %%rbx\n\t"
		"movabs $0x2222222222222222, %%r12\n\t"
		"movabs $0x3333333333333333, %%r13\n\t"
		"movabs $0x4444444444444444, %%r14\n\t"
		"movabs $0x5555555555555555, %%r15\n\t"
		"mov $1, %%eax\n\t"		/* write(1, line, n) */
		"mov $1, %%edi\n\t"
		"syscall\n\t"
		"1: jmp 1b\n\t"
		: : "r"(x), "S"(line), "d"((long)n)
		: "rax", "rdi", "rcx", "r11", "rbx", "r12", "r13", "r14", "r15", "xmm0", "memory");
#else
	fputs(line, stdout);
#endif
	return 1;
}
