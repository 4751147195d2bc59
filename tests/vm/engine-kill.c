// SPDX-License-Identifier: GPL-2.0
/*
 * Description: SIGKILL always wins. A tracee held stopped by two clients
 * is killed and dies at once: it is reaped, each client gets its EXIT
 * (status SIGKILL) and DETACH records, and the task list empties.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

int main(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "spin", NULL };
	struct utracer_task_list tl = { .size = sizeof(tl) };
	struct utracer_ev_exit ex;
	struct utracer_ev_stop stop;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	long long t0;
	int st = 0, sync[2];
	pid_t other;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	/* A second client (another process) holds it stopped too. */
	CHECK(pipe(sync) == 0, "pipe");
	other = fork();
	if (!other) {
		struct uabi_client c2;

		if (uabi_register(&c2) || uabi_attach(&c2, ch.pid, UTRACER_ATTACH_QUIESCE, 0, 0) ||
		    !uabi_wait_event(&c2, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO))
			_exit(1);
		if (write(sync[1], "s", 1) != 1)
			_exit(1);
		struct utracer_ev_detach d;

		/* It asked for no events: DETACH is always reported. */
		if (!uabi_wait_event(&c2, UTRACER_EV_DETACH, ch.pid, &d, sizeof(d), TMO) ||
		    d.reason != UTRACER_DETACH_EXIT)
			_exit(2);
		_exit(0);
	}
	{
		char s;

		CHECK(read(sync[0], &s, 1) == 1, "second client failed");
	}
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE, UTRACER_EVMASK(UTRACER_EV_EXIT), 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO), "no STOP");
	t0 = uabi_now_ms();
	kill(ch.pid, SIGKILL);
	CHECK(waitpid(ch.pid, &st, 0) == ch.pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "status %x", st);
	fprintf(stderr, "killed in %lld ms\n", uabi_now_ms() - t0);
	CHECK(uabi_wait_event(&c, UTRACER_EV_EXIT, ch.pid, &ex, sizeof(ex), TMO) &&
	      ex.code == SIGKILL, "exit record code %x", ex.code);
	tl.count = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 0, "%u tasks left", tl.count);
	CHECK(waitpid(other, &st, 0) == other && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "second client: status %x", st);
	close(ch.out);
	close(ch.in);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
