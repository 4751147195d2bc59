// SPDX-License-Identifier: GPL-2.0
/*
 * Description: races. A process whose threads keep creating and ending
 * threads is attached, quiesced, run, given new event masks and detached
 * over and over, by two clients at once, one of which then exits while
 * attached; the tracee must come out undisturbed and the kernel without a
 * splat (the harness scans dmesg).
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
#define ROUNDS 15

static void rounds(pid_t pid, int stop_events)
{
	struct utracer_set_events se = { .size = sizeof(se), .pid = pid };
	struct uabi_client c;
	union {
		struct utracer_event hdr;
		char raw[4096];
	} ev;
	int i;

	CHECK(uabi_register(&c) == 0, "register");
	for (i = 0; i < ROUNDS; i++) {
		long long end;

		CHECK_OK(uabi_attach(&c, pid, i & 1 ? UTRACER_ATTACH_QUIESCE : 0,
				     UTRACER_EVMASK_ALL, 0));
		se.event_mask = UTRACER_EVMASK_ALL;
		se.stop_mask = stop_events ? UTRACER_EVMASK(UTRACER_EV_CLONE) : 0;
		CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));
		CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, pid, 0));
		/* Drain for a while, releasing every stop. */
		end = uabi_now_ms() + 200;
		while (uabi_now_ms() < end) {
			int r = uabi_next_event(&c, &ev, sizeof(ev), 50);

			if (r == UTRACER_EV_STOP)
				uabi_target(&c, UTRACER_IOC_RUN, ev.hdr.tid, UTRACER_TARGET_THREAD);
		}
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, 0));
		if (i % 3 != 2)
			CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, pid, 0));
		else
			CHECK(uabi_target(&c, UTRACER_IOC_DETACH, pid, 0) == 0 || errno == ESRCH,
			      "detach");
	}
	/* Leave while attached and holding it stopped: by exit or by close. */
	CHECK_OK(uabi_attach(&c, pid, UTRACER_ATTACH_QUIESCE, UTRACER_EVMASK_ALL,
			     UTRACER_EVMASK(UTRACER_EV_CLONE)));
	if (!stop_events)
		uabi_close(&c);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "churn", "3", NULL };
	struct uabi_child ch;
	char line[128];
	int st;
	pid_t other;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	other = fork();
	if (!other) {
		rounds(ch.pid, 1);
		_exit(uabi_failures ? 1 : 0);	/* exits attached */
	}
	rounds(ch.pid, 0);
	CHECK(waitpid(other, &st, 0) == other && WIFEXITED(st) && !WEXITSTATUS(st),
	      "other client status %x", st);
	/* Both clients are gone: the tracee runs and finishes. */
	CHECK(write(ch.in, "x", 1) == 1, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strncmp(line, "done 1 ", 7),
	      "tracee after the clients: '%s'", line);
	uabi_reap(&ch, &st);
	CHECK(WIFEXITED(st) && !WEXITSTATUS(st), "tracee status %x", st);
	return uabi_failures ? FAIL : PASS;
}
