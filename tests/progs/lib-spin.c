// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the library's tests: fills a buffer of argv[1] MiB (default
 * 1) with byte i = (i * 7 + 3) & 0xff, prints "<buffer address> <length>"
 * on stdout, then spins without syscalls with known values in r12-r15
 * (0x1111111111111111 ... 0x4444444444444444), so that a stop anywhere in
 * the loop shows them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	size_t len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 1) << 20, i;
	unsigned char *buf = malloc(len);

	if (!buf)
		return 1;
	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	/*
	 * The line is written by the same asm that loads the registers, after
	 * loading them (a syscall keeps r12-r15): once a reader has it, any
	 * stop shows the values.
	 */
	char line[64];
	int n = snprintf(line, sizeof(line), "%p %zu\n", (void *)buf, len);

#if defined(__x86_64__)
	__asm__ volatile(
		"movabs $0x1111111111111111, %%r12\n\t"
		"movabs $0x2222222222222222, %%r13\n\t"
		"movabs $0x3333333333333333, %%r14\n\t"
		"movabs $0x4444444444444444, %%r15\n\t"
		"mov $1, %%eax\n\t"		/* write(1, line, n) */
		"mov $1, %%edi\n\t"
		"syscall\n\t"
		"1: pause\n\t"
		"jmp 1b\n\t"
		: : "S"(line), "d"((long)n)
		: "rax", "rdi", "rcx", "r11", "r12", "r13", "r14", "r15", "memory");
#else
	fputs(line, stdout);
	fflush(stdout);
	for (;;)
		;
#endif
	return 0;
}
