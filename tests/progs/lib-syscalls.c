// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the library's tests: makes argv[1] getppid() calls and
 * argv[2] getpid() calls (syscall() so that libc cannot cache them), in
 * alternation, then spawns argv[3] threads that each exit at once, then
 * sleeps argv[5] seconds, then exits with status argv[4].
 * Defaults: 10 5 0 0 0.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long ppids = argc > 1 ? atol(argv[1]) : 10;
	long pids = argc > 2 ? atol(argv[2]) : 5;
	long threads = argc > 3 ? atol(argv[3]) : 0;
	int status = argc > 4 ? atoi(argv[4]) : 0;
	struct timespec nap = { argc > 5 ? atol(argv[5]) : 0, 0 };
	long i;

	for (i = 0; i < ppids || i < pids; i++) {
		if (i < ppids)
			syscall(SYS_getppid);
		if (i < pids)
			syscall(SYS_getpid);
	}
	for (i = 0; i < threads; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread_main, NULL) == 0)
			pthread_join(t, NULL);
	}
	if (nap.tv_sec)
		nanosleep(&nap, NULL);
	return status;
}
