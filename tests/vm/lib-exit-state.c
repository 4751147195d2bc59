// SPDX-License-Identifier: GPL-2.0
/*
 * Description: once a thread's EXIT event can be read, the task list says
 * the thread exited. A client that reads EXIT and at once asks whether the
 * process has a live thread left (as a debugger does to decide whether to
 * report the process gone) must get no for a single-threaded process: 250
 * times, /bin/true is spawned and run to its exit, its EXIT event is read
 * as soon as it is queued (by polling), and the task list is read straight
 * after; the thread is listed EXITED, or not at all. (The window was
 * narrow: without the fix, about one round in 200 failed under TCG.)
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

#define ROUNDS 250

/* The state of thread tid in the task list: 0 when not listed, -1 on error. */
static int listed_state(struct utracer *u, pid_t tid)
{
	struct utracer_task *t;
	size_t n;
	int state = 0;

	t = utracer_task_list(u, &n);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (t[i].tid == tid)
			state = (int)t[i].state;
	free(t);
	return state;
}

/*
 * Poll for pid's EXIT event without sleeping (the reader runs while the
 * thread exits, as a debugger on another CPU does): 0, or -1 after 30 s.
 */
static int exit_event(struct utracer *u, pid_t pid, struct utracer_event_info *ev)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		while (utracer_event_next(u, ev) == 0)
			if (ev->type == UTRACER_EVENT_EXIT && ev->tid == pid)
				return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 30);
	return -1;
}

int main(void)
{
	struct utracer *u = ulib_open_or_skip();
	char *argv[] = { "true", NULL };
	int live = 0, exits = 0;

	for (int i = 0; i < ROUNDS; i++) {
		struct utracer_event_info ev;
		pid_t pid = utracer_spawn(u, "/bin/true", argv, NULL);
		int state, status;

		CHECK(pid > 0);
		if (pid <= 0)
			break;
		CHECK(utracer_set_events(u, pid, UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT), 0) == 0);
		CHECK(utracer_run(u, pid, 0) == 0);
		if (exit_event(u, pid, &ev) == 0) {
			exits++;
			state = listed_state(u, pid);
			CHECK(state >= 0);
			if (state > 0 && state != UTRACER_STATE_EXITED) {
				if (!live++)
					fprintf(stderr, "round %d: pid %d listed in state %d after its EXIT event\n",
						i, (int)pid, state);
			}
		}
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	if (live)
		fprintf(stderr, "%d of %d exits listed live after their EXIT event\n", live, exits);
	CHECK(exits == ROUNDS);
	CHECK(live == 0);
	utracer_close(u);
	return ulib_verdict();
}
