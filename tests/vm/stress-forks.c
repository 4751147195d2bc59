// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a fork storm under a whole-process attach that stops at
 * CLONE. The 200 children are not followed (no record of theirs, never
 * attached, none left stopped: each exits 7 and is reaped), and every one
 * of the parent's forks is reported: 200 CLONE records of kind PROCESS
 * with distinct child pids, each a stop released by RUN. Following forks
 * (module following) is tested on its own branch.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define FORKS 200

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	const uint64_t ev_clone = UTRACER_EVMASK(UTRACER_EV_CLONE);
	struct utracer_task_list tl = { .size = sizeof(tl) };
	int children[FORKS], clones = 0, foreign = 0, dups = 0, r, i, bad = -1;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	union {
		struct utracer_event hdr;
		struct utracer_ev_clone clone;
		char raw[256];
	} ev;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, ev_clone | UTRACER_EVMASK(UTRACER_EV_EXIT), ev_clone));
	snprintf(line, sizeof(line), "forks %d\n", FORKS);
	CHECK(write(ch.in, line, strlen(line)) == (ssize_t)strlen(line), "write");
	while (clones < FORKS && (r = uabi_next_event(&c, &ev, sizeof(ev), TMO)) > 0) {
		if (ev.hdr.pid != ch.pid) {
			foreign++;
			continue;
		}
		if (r != UTRACER_EV_CLONE)
			continue;
		CHECK(ev.clone.kind == UTRACER_CLONE_PROCESS && (ev.hdr.flags & UTRACER_EVF_STOPPED),
		      "CLONE kind %u flags %x", ev.clone.kind, ev.hdr.flags);
		children[clones++] = ev.clone.child_pid;
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	}
	CHECK(clones == FORKS, "%d CLONE records of %d forks", clones, FORKS);
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 &&
	      sscanf(line, "ok forks %*d %d", &bad) == 1 && bad == 0,
	      "children not all exited 7 and reaped: %s", line);
	qsort(children, clones, sizeof(int), cmp_int);
	for (i = 1; i < clones; i++)
		dups += children[i] == children[i - 1];
	CHECK(!dups, "%d repeated child pids", dups);
	while ((r = uabi_next_event(&c, &ev, sizeof(ev), 200)) > 0)
		foreign += ev.hdr.pid != ch.pid;
	CHECK(!foreign, "%d records of unfollowed children", foreign);
	tl.count = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 1, "%u threads attached", tl.count);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee disturbed");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
