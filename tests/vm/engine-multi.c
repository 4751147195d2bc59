// SPDX-License-Identifier: GPL-2.0
/*
 * Description: several clients on one process. Two clients (two
 * processes) attach the same tracee, each gets its own syscall events; when
 * both hold it stopped it runs only after both have let it go; one client
 * detaching does not disturb the other, which keeps its events.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static int filter_getpid(struct uabi_client *c, pid_t pid)
{
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_ENTRY, .pid = pid,
		.op = UTRACER_SYSCALL_OP_NONE,
	};

	if (ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f))
		return -1;
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getpid;
	return ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f);
}

/* The second client: obeys one-letter commands on @in, answers on @out. */
static int second_client(pid_t pid, int in, int out)
{
	struct utracer_ev_syscall_entry e;
	struct uabi_client c;
	char cmd;

	if (uabi_register(&c) || uabi_attach(&c, pid, 0,
					    UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0) ||
	    filter_getpid(&c, pid))
		return 1;
	if (write(out, "y", 1) != 1)
		return 1;
	while (read(in, &cmd, 1) == 1) {
		char ok = 'y';

		switch (cmd) {
		case 'q':
			if (uabi_target(&c, UTRACER_IOC_QUIESCE, pid, 0) ||
			    !uabi_wait_event(&c, UTRACER_EV_STOP, pid, &e, sizeof(e), TMO))
				ok = 'n';
			break;
		case 'r':
			if (uabi_target(&c, UTRACER_IOC_RUN, pid, 0))
				ok = 'n';
			break;
		case 'e':
			if (!uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, pid, &e, sizeof(e), TMO) ||
			    e.nr != SYS_getpid)
				ok = 'n';
			break;
		case 'd':
			if (uabi_target(&c, UTRACER_IOC_DETACH, pid, 0))
				ok = 'n';
			break;
		}
		if (write(out, &ok, 1) != 1)
			return 1;
	}
	return 0;
}

static int ask(int to, int from, char cmd)
{
	char ok = 0;

	if (write(to, &cmd, 1) != 1 || read(from, &ok, 1) != 1)
		return 0;
	return ok == 'y';
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct utracer_ev_syscall_entry e;
	struct uabi_client c;
	struct uabi_child ch;
	int to[2], from[2], st;
	char line[64];
	pid_t other;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(pipe(to) == 0 && pipe(from) == 0, "pipe");
	other = fork();
	if (!other) {
		close(to[1]);
		close(from[0]);
		_exit(second_client(ch.pid, to[0], from[1]));
	}
	close(to[0]);
	close(from[1]);
	{
		char ready = 0;

		CHECK(read(from[0], &ready, 1) == 1 && ready == 'y', "second client failed");
	}
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0));
	CHECK_OK(filter_getpid(&c, ch.pid));

	/* Both see the same syscall. */
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &e, sizeof(e), TMO),
	      "first client: no event");
	CHECK(ask(to[1], from[0], 'e'), "second client: no event");

	/* Both stop it; it runs only when both let go. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &e, sizeof(e), TMO), "no STOP");
	CHECK(ask(to[1], from[0], 'q'), "second client: no STOP");
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_read_line(&ch, line, sizeof(line), 500) < 0, "ran while the other held it");
	CHECK(ask(to[1], from[0], 'r'), "second client: RUN");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "did not run after both RUN");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &e, sizeof(e), TMO),
	      "first client: no event");
	CHECK(ask(to[1], from[0], 'e'), "second client: no event");

	/* The second detaches while the first holds it: still stopped, still traced. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &e, sizeof(e), TMO), "no STOP");
	CHECK(ask(to[1], from[0], 'd'), "second client: DETACH");
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), 500) < 0, "other's detach resumed it");
	CHECK(uabi_wait_state(&c, ch.pid, UTRACER_TASK_STOPPED, TMO), "not stopped");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &e, sizeof(e), TMO),
	      "first client lost its events");

	close(to[1]);
	CHECK(waitpid(other, &st, 0) == other && WIFEXITED(st) && !WEXITSTATUS(st),
	      "second client status %x", st);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
