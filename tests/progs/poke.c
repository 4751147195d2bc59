// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee whose behaviour a debugger changes by writing its
 * registers or memory. "poke regs": prints "ready PID", clears rbx and
 * spins until rbx is not zero, then exits with rbx & 0xff. "poke data":
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
		unsigned long v;

		printf("ready %d\n", getpid());
		__asm__ volatile(
			"xor %%ebx, %%ebx\n\t"
			"1: test %%rbx, %%rbx\n\t"
			"jz 1b\n\t"
			"mov %%rbx, %0\n\t"
			: "=r"(v) : : "rbx", "memory");
		return (int)(v & 0xff);
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
