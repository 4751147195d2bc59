// SPDX-License-Identifier: MIT
/*
 * mini-trace: a minimal tracer on libutracer.
 *
 *   mini-trace PROGRAM [ARG...]   start PROGRAM under tracing
 *   mini-trace -p PID             trace a running process
 *
 * Prints one line per syscall exit, exec, clone, signal and exit of the
 * tracee until it is gone (or, with -p, until interrupted).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <utracer.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void print_event(const struct utracer_event_info *ev)
{
	printf("[%d] ", (int)ev->tid);
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_EXIT:
		printf("syscall %d = %lld\n", (int)ev->syscall_exit.nr,
		       (long long)ev->syscall_exit.ret);
		break;
	case UTRACER_EVENT_EXEC:
		printf("exec %s\n", ev->exec.path);
		break;
	case UTRACER_EVENT_CLONE:
		printf("clone -> %d\n", (int)ev->clone.child_tid);
		break;
	case UTRACER_EVENT_SIGNAL:
		printf("signal %d (%s)\n", ev->signal.signo, strsignal(ev->signal.signo));
		break;
	case UTRACER_EVENT_EXIT:
		printf("exit status 0x%x\n", (unsigned int)ev->exit.status);
		break;
	case UTRACER_EVENT_LOST:
		printf("%llu events lost\n", (unsigned long long)ev->lost.count);
		break;
	default:
		printf("%s\n", utracer_event_name(ev->type));
		break;
	}
}

int main(int argc, char **argv)
{
	UTRACER_OPTS(utracer_attach_opts, attach,
		.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT));
	struct utracer_event_info ev;
	int spawned = 0, err;
	struct utracer *u;
	pid_t pid;

	if (argc < 2 || (strcmp(argv[1], "-p") == 0 && argc != 3)) {
		fprintf(stderr, "usage: %s PROGRAM [ARG...] | -p PID\n", argv[0]);
		return 2;
	}
	u = utracer_open(NULL);
	if (!u) {
		fprintf(stderr, "mini-trace: %s\n", utracer_strerror(errno));
		return 1;
	}

	if (strcmp(argv[1], "-p") == 0) {
		pid = (pid_t)atoi(argv[2]);
		err = utracer_attach(u, pid, &attach);
	} else {
		UTRACER_OPTS(utracer_spawn_opts, spawn,
			.flags = UTRACER_SPAWN_F_SEARCH_PATH,
			.attach = &attach);

		pid = utracer_spawn(u, argv[1], argv + 1, &spawn);
		err = pid < 0 ? (int)pid : utracer_run(u, pid, 0);
		spawned = 1;
	}
	if (err < 0) {
		fprintf(stderr, "mini-trace: %s: %s\n", argv[1], utracer_strerror(err));
		utracer_close(u);
		return 1;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* Until the process is no longer traced (it is gone) or we are told to stop. */
	while (!interrupted) {
		err = utracer_event_wait(u, &ev, 500);
		if (err == -EAGAIN || err == -EINTR)
			continue;
		if (err < 0) {
			fprintf(stderr, "mini-trace: %s\n", utracer_strerror(err));
			break;
		}
		print_event(&ev);
		if (ev.type == UTRACER_EVENT_DETACH && utracer_is_attached(u, pid) == 0)
			break;
	}
	utracer_close(u);
	if (spawned)
		waitpid(pid, NULL, 0);
	return 0;
}
