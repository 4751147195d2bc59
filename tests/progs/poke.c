// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee whose behaviour a debugger changes by writing its
 * registers or memory. "poke regs": prints "ready PID LOOP END", clears
 * rbx and spins in [LOOP, END) until rbx is not zero, then exits with
 * rbx & 0xff. "poke data":
 * prints "ready PID ADDR BIG" (ADDR of a variable holding 1, BIG of a
 * 4 MiB zeroed buffer), waits until the variable changes and prints
 * "value HEX SUM" (SUM: the sum of BIG's bytes). "poke text": prints
 * "ready PID ADDR" (ADDR of a function that returns 1), then for each line
 * read from stdin prints "answer N" with the function's result.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long value = 1;
static volatile unsigned char big[4 << 20];

/* noinline and noclone: the caller must really call the bytes at &answer. */
__attribute__((noinline, noclone)) static int answer(void)
{
	__asm__ volatile("");
	return 1;
}

static int (*volatile answer_fn)(void) = answer;

#if defined(__x86_64__)
/* rbx is callee-saved: the spin keeps the caller's. */
unsigned long poke_spin(void);
extern const char poke_spin_loop[], poke_spin_end[];
__asm__(".text\n"
	".globl poke_spin\n"
	".type poke_spin, @function\n"
	"poke_spin:\n"
	"	push %rbx\n"
	"	xor %ebx, %ebx\n"
	"poke_spin_loop:\n"
	"	test %rbx, %rbx\n"
	"	jz poke_spin_loop\n"
	"poke_spin_end:\n"
	"	mov %rbx, %rax\n"
	"	pop %rbx\n"
	"	ret\n"
	".size poke_spin, .-poke_spin\n");
#endif

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	unsigned long sum = 0;
	char line[64];
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "regs")) {
#if defined(__x86_64__)
		printf("ready %d %p %p\n", getpid(), (void *)poke_spin_loop, (void *)poke_spin_end);
		return (int)(poke_spin() & 0xff);
#else
		return 2;
#endif
	}
	if (!strcmp(argv[1], "data")) {
		printf("ready %d %p %p\n", getpid(), (void *)&value, (void *)big);
		while (value == 1)
			nanosleep(&tick, NULL);
		for (i = 0; i < sizeof(big); i++)
			sum += big[i];
		printf("value %lx %lu\n", value, sum);
		return 0;
	}
	if (!strcmp(argv[1], "text")) {
		printf("ready %d %p\n", getpid(), (void *)answer);
		while (fgets(line, sizeof(line), stdin))
			printf("answer %d\n", answer_fn());
		return 0;
	}
	return 2;
}
