// SPDX-License-Identifier: GPL-2.0
/*
 * Description: one client on a process of 257 threads (256 asleep in
 * read()). A whole-process attach with QUIESCE stops all 257 (257 STOP
 * records, the task list shows each stopped); RUN lets them all go; when
 * the threads end, each gives an EXIT and a DETACH record and the task
 * list is back to the main thread alone.
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
#define THREADS 256
#define ALL (THREADS + 1)

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	static struct utracer_task_info info[ALL + 8];
	struct utracer_task_list tl = { .size = sizeof(tl) };
	int stops = 0, exits = 0, detaches = 0, r, i, stopped;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	long long t0;
	union {
		struct utracer_event hdr;
		struct utracer_ev_stop stop;
		struct utracer_ev_detach detach;
		char raw[256];
	} ev;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	snprintf(line, sizeof(line), "threads %d\n", THREADS);
	CHECK(write(ch.in, line, strlen(line)) == (ssize_t)strlen(line), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 &&
	      atoi(line + strlen("ok threads ")) == THREADS, "threads: %s", line);
	CHECK(uabi_register(&c) == 0, "register");
	t0 = uabi_now_ms();
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE, UTRACER_EVMASK(UTRACER_EV_EXIT), 0));
	while (stops < ALL && (r = uabi_next_event(&c, &ev, sizeof(ev), TMO)) > 0)
		stops += r == UTRACER_EV_STOP && ev.hdr.pid == ch.pid &&
			 ev.stop.reason == UTRACER_STOP_QUIESCE;
	CHECK(stops == ALL, "%d of %d threads stopped", stops, ALL);
	fprintf(stderr, "%d threads stopped in %lld ms\n", stops, uabi_now_ms() - t0);
	tl.count = ALL + 8;
	tl.buf = (uintptr_t)info;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	for (i = 0, stopped = 0; i < (int)tl.count && i < ALL + 8; i++)
		stopped += info[i].state == UTRACER_TASK_STOPPED && info[i].pid == ch.pid &&
			   (info[i].flags & UTRACER_TASKF_PROCESS);
	CHECK(tl.count == ALL && stopped == ALL, "task list: %u threads, %d stopped", tl.count,
	      stopped);
	/* Held: the main thread does not answer. */
	CHECK(write(ch.in, "release\n", 8) == 8, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), 300) < 0, "ran while stopped");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "ok release"),
	      "threads not released: %s", line);
	while ((exits < THREADS || detaches < THREADS) &&
	       (r = uabi_next_event(&c, &ev, sizeof(ev), TMO)) > 0) {
		exits += r == UTRACER_EV_EXIT && ev.hdr.tid != ch.pid;
		detaches += r == UTRACER_EV_DETACH && ev.hdr.tid != ch.pid &&
			    ev.detach.reason == UTRACER_DETACH_EXIT;
		CHECK(r != UTRACER_EV_LOST, "LOST record");
	}
	CHECK(exits == THREADS && detaches == THREADS, "%d EXIT, %d DETACH of %d threads", exits,
	      detaches, THREADS);
	tl.count = ALL + 8;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 1 && info[0].tid == ch.pid, "%u threads left attached", tl.count);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee disturbed");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
