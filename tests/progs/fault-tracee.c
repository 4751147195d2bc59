// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee for the fault and stress tests, driven by one
 * command a line on stdin, answering on stdout: "getpid"; "storm N" (N
 * getppid() calls, then "ok storm"); "storm-exit N" (N getppid() calls,
 * then exit 0 at once, printing nothing); "forks N" (N children that exit
 * 7 at once, all reaped: "ok forks N BAD" with BAD children that did not);
 * "threads N" (N threads that sleep in read() on a pipe: "ok threads N");
 * "release" (the threads return and are joined: "ok release"); "thread-exec"
 * (a non-leader thread prints its tid, "tid T", and execs this program
 * again, which prints "ready PID"); "exec" (the same from the main thread);
 * "exec-path PATH" (the main thread execs PATH, with no arguments);
 * "exit N".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MAX_THREADS 512

static int sleep_pipe[2] = { -1, -1 };
static pthread_t threads[MAX_THREADS];
static int nthreads;
static char self[4096];

static void *sleeper(void *arg)
{
	char c;

	/* Returns at EOF, when "release" closes the write end. */
	while (read(sleep_pipe[0], &c, 1) > 0)
		;
	return arg;
}

static void *exec_thread(void *arg)
{
	printf("tid %ld\n", (long)syscall(SYS_gettid));
	execl(self, self, (char *)NULL);
	printf("failed exec\n");
	return arg;
}

int main(void)
{
	char line[256];
	ssize_t n;
	int i, st;

	setvbuf(stdout, NULL, _IONBF, 0);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = 0;
	printf("ready %d\n", getpid());
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "getpid")) {
			printf("ok %ld\n", (long)syscall(SYS_getpid));
		} else if (!strncmp(line, "storm ", 6)) {
			for (i = atoi(line + 6); i > 0; i--)
				syscall(SYS_getppid);
			printf("ok storm\n");
		} else if (!strncmp(line, "storm-exit ", 11)) {
			for (i = atoi(line + 11); i > 0; i--)
				syscall(SYS_getppid);
			_exit(0);
		} else if (!strncmp(line, "forks ", 6)) {
			int count = atoi(line + 6), bad = 0;

			for (i = 0; i < count; i++) {
				pid_t pid = fork();

				if (!pid)
					_exit(7);
				if (pid < 0 || waitpid(pid, &st, 0) != pid ||
				    !WIFEXITED(st) || WEXITSTATUS(st) != 7)
					bad++;
			}
			printf("ok forks %d %d\n", count, bad);
		} else if (!strncmp(line, "threads ", 8)) {
			int count = atoi(line + 8);

			if (sleep_pipe[0] < 0 && pipe(sleep_pipe))
				return 1;
			for (i = 0; i < count && nthreads < MAX_THREADS; i++)
				if (!pthread_create(&threads[nthreads], NULL, sleeper, NULL))
					nthreads++;
			printf("ok threads %d\n", nthreads);
		} else if (!strcmp(line, "release")) {
			close(sleep_pipe[1]);
			for (i = 0; i < nthreads; i++)
				pthread_join(threads[i], NULL);
			close(sleep_pipe[0]);
			sleep_pipe[0] = sleep_pipe[1] = -1;
			nthreads = 0;
			printf("ok release\n");
		} else if (!strcmp(line, "thread-exec")) {
			pthread_t t;

			if (pthread_create(&t, NULL, exec_thread, NULL))
				printf("failed thread\n");
			pause();
		} else if (!strcmp(line, "exec")) {
			execl(self, self, (char *)NULL);
			printf("failed exec\n");
		} else if (!strncmp(line, "exec-path ", 10)) {
			execl(line + 10, line + 10, (char *)NULL);
			printf("failed exec\n");
		} else if (!strncmp(line, "exit ", 5)) {
			exit(atoi(line + 5));
		}
	}
	return 0;
}
