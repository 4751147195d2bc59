// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee for the following tests. "fork", "vfork" and
 * "thread" create one child (or thread) whose first act is to set the
 * marker word at FOLLOW_MARKER, a fixed address the tests read; a child
 * process exits 7, and the tracee exits 0 when the child did all that. "storm N" forks N
 * children that exit at once and exits 0 when every one was reaped with
 * status 0. "getppid N" calls getppid() N times and prints how many times
 * it slept meanwhile (voluntary context switches: a stop is one).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* Keep in step with tests/vm/follow-fork.c. */
#define FOLLOW_MARKER 0x5a0000000UL

static volatile uint64_t *marker;

static void *thread_fn(void *arg)
{
	*marker = 1;
	return arg;
}

static int child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	pthread_t t;
	pid_t pid;
	int i, n;

	if (argc < 2)
		return 2;
	marker = mmap((void *)FOLLOW_MARKER, 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (marker != (void *)FOLLOW_MARKER)
		return 2;
	*marker = 0;
	if (!strcmp(argv[1], "fork")) {
		pid = fork();
		if (pid == 0) {
			*marker = 1;
			_exit(7);
		}
		return pid > 0 && child_status(pid) == 7 && *marker == 0 ? 0 : 1;
	}
	if (!strcmp(argv[1], "vfork")) {
		pid = vfork();
		if (pid == 0) {
			*marker = 1;
			_exit(7);
		}
		/* vfork shares the memory: the child's store is ours. */
		return pid > 0 && child_status(pid) == 7 && *marker == 1 ? 0 : 1;
	}
	if (!strcmp(argv[1], "thread")) {
		if (pthread_create(&t, NULL, thread_fn, NULL) || pthread_join(t, NULL))
			return 1;
		return *marker == 1 ? 0 : 1;
	}
	if (!strcmp(argv[1], "getppid") && argc > 2) {
		struct rusage before, after;

		n = atoi(argv[2]);
		getrusage(RUSAGE_THREAD, &before);
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		getrusage(RUSAGE_THREAD, &after);
		printf("%ld\n", after.ru_nvcsw - before.ru_nvcsw);
		return 0;
	}
	if (!strcmp(argv[1], "storm") && argc > 2) {
		n = atoi(argv[2]);
		for (i = 0; i < n; i++) {
			pid = fork();
			if (pid < 0)
				return 1;
			if (pid == 0)
				_exit(0);
		}
		for (i = 0; i < n; i++) {
			int st;

			if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
				return 1;
		}
		return 0;
	}
	return 2;
}
