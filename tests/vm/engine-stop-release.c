// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a thread stops only after the task works queued before its
 * stop have run. A tracee holds the only write end of a pipe, close-on-exec,
 * and execs with a stop at EXEC: exec's final fput() of that end is queued
 * as task work before the stop, and must not wait for the tracee to be
 * resumed (the reader sees EOF while the tracee stays stopped). The same
 * held back a client's control file, closed by the client but last held by
 * a child of it that exec'd into a stop: the registration outlived the
 * close (REGISTER answered EEXIST) until the child was resumed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

int main(void)
{
	struct utracer_ev_stop stop;
	struct uabi_client c;
	struct pollfd pfd;
	int p[2], go[2], st = 0, r;
	char b = 'g';
	pid_t pid;

	if (!uabi_available())
		return SKIP;
	CHECK(pipe2(p, O_CLOEXEC) == 0 && pipe2(go, O_CLOEXEC) == 0, "pipe2: %s", strerror(errno));
	pid = fork();
	if (!pid) {
		close(p[0]);
		close(go[1]);
		if (read(go[0], &b, 1) != 1)
			_exit(1);
		execl("/bin/true", "true", (char *)NULL);
		_exit(2);
	}
	CHECK(pid > 0, "fork");
	close(p[1]);
	close(go[0]);
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, pid, 0, UTRACER_EVMASK(UTRACER_EV_EXEC),
			     UTRACER_EVMASK(UTRACER_EV_EXEC)));
	CHECK(write(go[1], &b, 1) == 1, "go");
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, pid, &stop, sizeof(stop), TMO) &&
	      stop.reason == UTRACER_STOP_EVENT && stop.event == UTRACER_EV_EXEC, "no EXEC stop");
	CHECK(uabi_wait_state(&c, pid, UTRACER_TASK_STOPPED, TMO), "not stopped");
	/* The write end is gone: EOF, though the tracee is still stopped. */
	pfd.fd = p[0];
	pfd.events = POLLIN;
	r = poll(&pfd, 1, 5000);
	CHECK(r == 1 && (pfd.revents & POLLHUP) && read(p[0], &b, 1) == 0,
	      "the pipe end closed on exec is held while the tracee is stopped "
	      "(poll %d, revents %#x)", r, pfd.revents);
	CHECK(uabi_wait_state(&c, pid, UTRACER_TASK_STOPPED, 0), "no longer stopped");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, 0));
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "status %#x", st);
	close(p[0]);
	close(go[1]);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
