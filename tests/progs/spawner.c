// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee that does what a test tells it on stdin, one
 * command a line, answering "ok ..." on stdout: "getpid", "thread"
 * (a thread that exits at once), "fork" (a child that exits 7), "exec
 * PATH", "signal" (SIGUSR1 to itself, handled), "exit N", "loop N"
 * (N getppid() calls).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
	got = sig;
}

static void *thread_fn(void *arg)
{
	return arg;
}

int main(void)
{
	char line[256];
	pthread_t t;
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, handler);
	printf("ready %d\n", getpid());
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "getpid")) {
			printf("ok %ld\n", (long)syscall(SYS_getpid));
		} else if (!strcmp(line, "thread")) {
			pthread_create(&t, NULL, thread_fn, NULL);
			pthread_join(t, NULL);
			printf("ok thread\n");
		} else if (!strcmp(line, "fork")) {
			pid = fork();
			if (!pid)
				_exit(7);
			waitpid(pid, &st, 0);
			printf("ok %d %d\n", pid, WEXITSTATUS(st));
		} else if (!strncmp(line, "exec ", 5)) {
			execl(line + 5, line + 5, (char *)NULL);
			printf("failed exec\n");
		} else if (!strcmp(line, "signal")) {
			kill(getpid(), SIGUSR1);
			printf("ok %d\n", got);
		} else if (!strncmp(line, "exit ", 5)) {
			exit(atoi(line + 5));
		} else if (!strncmp(line, "loop ", 5)) {
			for (int i = atoi(line + 5); i > 0; i--)
				syscall(SYS_getppid);
			printf("ok loop\n");
		}
	}
	return 0;
}
