// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the breakpoint tests: prints the addresses of its two
 * functions, bp_square() and bp_twice(), as "<square> <twice>", waits for a
 * line on stdin, then makes argv[1] (default 5) calls of bp_square(i) and
 * one of bp_twice(i) for each even i, prints "done <sum of squares> <sum
 * of twices>", waits for another line and exits 0. With a second argument
 * "run" it reads nothing: it makes the calls at once and exits. With
 * "fork", a child it forks makes the calls (and prints the sums) and the
 * process then prints "child <wait status>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

long bp_square(long x);
long bp_twice(long x);

/* Not inlined, not cloned: the breakpoint must see every call. */
__attribute__((noinline, noipa)) long bp_square(long x)
{
	return x * x;
}

__attribute__((noinline, noipa)) long bp_twice(long x)
{
	return x + x;
}

static void calls(long n)
{
	long i, sq = 0, tw = 0;

	for (i = 0; i < n; i++) {
		sq += bp_square(i);
		if (i % 2 == 0)
			tw += bp_twice(i);
	}
	printf("done %ld %ld\n", sq, tw);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 5;
	int forking = argc > 2 && !strcmp(argv[2], "fork");
	int wait = argc < 3 || forking, status = -1;
	char line[64];
	pid_t child;

	printf("%p %p\n", (void *)bp_square, (void *)bp_twice);
	fflush(stdout);
	if (wait && !fgets(line, sizeof(line), stdin))
		return 2;
	if (forking) {
		child = fork();
		if (child == 0) {
			calls(n);
			_exit(0);
		}
		if (child > 0)
			waitpid(child, &status, 0);
		printf("child %d\n", status);
		fflush(stdout);
	} else {
		calls(n);
	}
	if (wait && !fgets(line, sizeof(line), stdin))
		return 0;
	return 0;
}
