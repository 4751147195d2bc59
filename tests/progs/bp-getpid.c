// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the breakpoint tests: prints the address of the C library's
 * getpid(), waits for a line on stdin, calls getpid() argv[1] times
 * (default 3), checking each answer, prints "done <calls> <ms taken>",
 * waits for another line and exits 0 (1 when getpid() gave a wrong pid).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 3, i;
	pid_t (*volatile fn)(void) = getpid;
	pid_t me = (pid_t)syscall(SYS_getpid);	/* not through getpid() */
	struct timespec a, b;
	char line[64];
	int bad = 0;

	printf("%p\n", (void *)fn);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		bad |= fn() != me;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("done %ld %ld\n", n,
	       (long)((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return bad;
	return bad;
}
