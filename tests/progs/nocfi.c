// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee without call-frame information, built with frame pointers
 * (tests/tests.mk gives it its flags): main() calls outer(), which calls
 * inner(), which spins. A backtrace of it must come from the frame-pointer
 * chain. Prints "ready PID" once spinning.
 */
#include <stdio.h>
#include <unistd.h>

static volatile unsigned long counter;

__attribute__((noinline)) static void inner(void)
{
	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;)
		counter++;
}

__attribute__((noinline)) static void outer(void)
{
	inner();
	counter--;	/* not a tail call */
}

int main(void)
{
	outer();
	return 0;
}
