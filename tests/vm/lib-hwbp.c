// SPDX-License-Identifier: GPL-2.0
/*
 * Description: hardware breakpoints and watchpoints (HWBP_SET, _REMOVE,
 * _LIST) through libutracer, on tests/progs/hwbp-target. A write
 * watchpoint on a variable stops the main thread after its write with an
 * HWBP event (id, type, address, length) and a STOP of reason BREAKPOINT
 * whose event is HWBP, the new value already in memory; a read does not
 * hit it, but an access watchpoint does (on another variable). An execution breakpoint stops
 * with the instruction pointer on the function, and RUN runs it without a
 * second hit. A thread created after the watchpoint was set hits it too,
 * reported with its own tid, and so do eight threads created at once,
 * each once. A second client tracing the same process
 * shares the thread's four debug registers (two left: the third gives
 * ENOSPC) and sees none of the first one's hits; its exit releases its
 * own. Errors: type, length 3 and 16,
 * length 8 for an execution breakpoint, a misaligned or kernel address
 * give EINVAL, an untraced pid ESRCH, an unknown id ENOENT; with four set,
 * the fifth gives ENOSPC and removing one makes room. LIST shows them
 * with their hits. DETACH releases them: after a new attach, four can be
 * set again. The tracee's exit releases them too (the list is empty).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;
static struct ulib_tracee t;

/* Send a command to the tracee. */
static void cmd(const char *c)
{
	REQUIRE(write(t.in, c, strlen(c)) == (ssize_t)strlen(c));
}

/* The tracee's answer to its last command: "ok <watched>"; the value. */
static long answer(void)
{
	char line[64];
	long v;

	if (ulib_tracee_line(&t, line, sizeof(line), 20000) <= 0) {
		struct utracer_event_info ev;

		while (utracer_event_next(u, &ev) == 0)
			fprintf(stderr, "pending event %s tid %d id %u ip %#llx\n",
				utracer_event_name(ev.type), ev.tid, ev.hwbp.id,
				(unsigned long long)ev.hwbp.ip);
		REQUIRE(!"the tracee answered");
	}
	REQUIRE(sscanf(line, "ok %ld", &v) == 1);
	return v;
}

/*
 * The next HWBP event, then its STOP (of reason BREAKPOINT, event HWBP)
 * for the same thread; the thread stays stopped.
 */
static void hit(struct utracer_event_info *ev)
{
	struct utracer_event_info st;

	REQUIRE(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_HWBP, ev, 20000) == 0);
	CHECK(ev->flags & UTRACER_EVENT_F_STOPPED);
	CHECK(ev->pid == t.pid);
	REQUIRE(utracer_event_wait_for(u, ev->tid, UTRACER_EVENT_STOP, &st, 20000) == 0);
	CHECK(st.stop.reason == UTRACER_STOP_REASON_BREAKPOINT);
	CHECK(st.stop.event == UTRACER_EVENT_HWBP);
}

/* No HWBP event within ms. */
static void no_hit(struct utracer *c, int ms)
{
	struct utracer_event_info ev;

	CHECK(utracer_event_wait_for(c, t.pid, UTRACER_EVENT_HWBP, &ev, ms) == -EAGAIN);
}

/*
 * The second client, a process of its own: attach the tracee, take the
 * two debug registers the first client left (a third: ENOSPC), say so on
 * ready, and for 3 s count HWBP events (there must be none); then exit
 * without closing, its hardware breakpoints still set.
 */
static int second_client(uint64_t spare, int ready)
{
	struct utracer_event_info ev;
	struct utracer *u2;
	int hits = 0;
	char c = 'r';

	u2 = utracer_open(NULL);
	REQUIRE(u2);
	REQUIRE(utracer_attach(u2, t.pid, NULL) == 0);
	CHECK(utracer_hwbp_set(u2, t.pid, spare + 8, 8, UTRACER_HWBP_TYPE_WRITE) == 1);
	CHECK(utracer_hwbp_set(u2, t.pid, spare + 16, 8, UTRACER_HWBP_TYPE_WRITE) == 2);
	CHECK_ERR(utracer_hwbp_set(u2, t.pid, spare + 24, 8, UTRACER_HWBP_TYPE_WRITE), ENOSPC);
	REQUIRE(write(ready, &c, 1) == 1);
	while (utracer_event_wait(u2, &ev, 3000) == 0)
		if (ev.type == UTRACER_EVENT_HWBP)
			hits++;
	return hits || ulib_failures ? ULIB_FAIL : ULIB_PASS;
}

int main(void)
{
	uint64_t watched, func, spare;
	struct utracer_event_info ev;
	struct utracer_hwbp *list;
	int w, x, a, ids[4], i, status, pfd[2];
	size_t n;
	char line[128], c;
	pid_t child, main_tid;

	u = ulib_open_or_skip();
	if (utracer_has_feature(u, UTRACER_FEATURE_HWBP) != 1) {
		fprintf(stderr, "the module has no hardware breakpoints\n");
		return ULIB_FAIL;
	}
	REQUIRE(ulib_tracee_start(&t, "hwbp-target", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &watched, &func, &spare) == 3);
	main_tid = t.pid;
	CHECK_ERR(utracer_hwbp_set(u, t.pid, watched, 8, UTRACER_HWBP_TYPE_WRITE), ESRCH);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);

	/* A write watchpoint: the main thread stops after its write. */
	w = utracer_hwbp_set(u, t.pid, watched, 8, UTRACER_HWBP_TYPE_WRITE);
	CHECK(w == 1);
	cmd("r\n");
	CHECK(answer() == 0);
	no_hit(u, 300);
	cmd("w\n");
	hit(&ev);
	CHECK(ev.tid == main_tid);
	CHECK(ev.hwbp.id == (uint32_t)w);
	CHECK(ev.hwbp.type == UTRACER_HWBP_TYPE_WRITE);
	CHECK(ev.hwbp.addr == watched);
	CHECK(ev.hwbp.len == 8);
	{
		long v = 0;

		CHECK(utracer_mem_read(u, t.pid, watched, &v, sizeof(v)) == sizeof(v));
		CHECK(v == 1);
	}
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(answer() == 1);

	/* A thread created now hits it too, with its own tid. */
	cmd("t\n");
	hit(&ev);
	CHECK(ev.tid != main_tid);
	CHECK(ev.hwbp.id == (uint32_t)w);
	CHECK(utracer_run(u, ev.tid, UTRACER_THREAD) == 0);
	CHECK(answer() == 2);

	/* Eight threads created at once: each hits it, once, with its own tid. */
	cmd("m\n");
	{
		pid_t tids[8] = { 0 };
		int k, j;

		for (k = 0; k < 8; k++) {
			hit(&ev);
			CHECK(ev.hwbp.id == (uint32_t)w && ev.tid != main_tid);
			for (j = 0; j < k; j++)
				CHECK(tids[j] != ev.tid);
			tids[k] = ev.tid;
			CHECK(utracer_run(u, ev.tid, UTRACER_THREAD) == 0);
		}
	}
	CHECK(answer() == 10);

	/* An execution breakpoint: stops on the function, runs on without a second hit. */
	x = utracer_hwbp_set(u, t.pid, func, 1, UTRACER_HWBP_TYPE_EXEC);
	CHECK(x == 2);
	cmd("f\n");
	hit(&ev);
	CHECK(ev.hwbp.id == (uint32_t)x);
	CHECK(ev.hwbp.type == UTRACER_HWBP_TYPE_EXEC);
	CHECK(ev.hwbp.ip == func);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	no_hit(u, 500);
	CHECK(answer() == 10);

	/* An access watchpoint hits on a read. */
	CHECK(utracer_hwbp_remove(u, (uint32_t)w) == 0);
	a = utracer_hwbp_set(u, t.pid, spare, 4, UTRACER_HWBP_TYPE_ACCESS);
	CHECK(a == 3);
	cmd("s\n");
	hit(&ev);
	CHECK(ev.hwbp.id == (uint32_t)a);
	CHECK(ev.hwbp.type == UTRACER_HWBP_TYPE_ACCESS);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(answer() == 10);

	/* A second client on the same process sees none of our hits. */
	REQUIRE(pipe(pfd) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		close(pfd[0]);
		_exit(second_client(spare, pfd[1]));
	}
	close(pfd[1]);
	REQUIRE(read(pfd[0], &c, 1) == 1);
	close(pfd[0]);
	cmd("s\n");
	hit(&ev);
	CHECK(ev.hwbp.id == (uint32_t)a);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(answer() == 10);
	REQUIRE(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Errors. */
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare, 8, 0), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare, 8, 4), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare, 3, UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare, 16, UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare + 2, 4, UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, func, 8, UTRACER_HWBP_TYPE_EXEC), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, 0xffffffff81000000ULL, 8,
				   UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_remove(u, 99), ENOENT);
	CHECK_ERR(utracer_hwbp_remove(u, (uint32_t)w), ENOENT);

	/*
	 * Four debug registers: two set (x, a), two more fit (the second
	 * client's exit gave back the two it took), the fifth not.
	 */
	ids[0] = utracer_hwbp_set(u, t.pid, spare + 8, 8, UTRACER_HWBP_TYPE_WRITE);
	ids[1] = utracer_hwbp_set(u, t.pid, spare + 16, 8, UTRACER_HWBP_TYPE_WRITE);
	CHECK(ids[0] > 0 && ids[1] > 0);
	CHECK_ERR(utracer_hwbp_set(u, t.pid, spare + 24, 8, UTRACER_HWBP_TYPE_WRITE), ENOSPC);
	list = utracer_hwbp_list(u, &n);
	REQUIRE(list);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(list[0].id == (uint32_t)x && list[0].hits == 1 && list[0].addr == func);
		CHECK(list[1].id == (uint32_t)a && list[1].hits == 2 && list[1].len == 4);
		CHECK(list[1].pid == t.pid && list[1].type == UTRACER_HWBP_TYPE_ACCESS);
		CHECK(list[2].id == (uint32_t)ids[0] && list[2].hits == 0);
	}
	free(list);
	CHECK(utracer_hwbp_remove(u, (uint32_t)ids[1]) == 0);
	ids[1] = utracer_hwbp_set(u, t.pid, spare + 24, 8, UTRACER_HWBP_TYPE_WRITE);
	CHECK(ids[1] > 0);

	/* DETACH releases them: attached again, four fit. */
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	list = utracer_hwbp_list(u, &n);
	REQUIRE(list);
	CHECK(n == 0);
	free(list);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	for (i = 0; i < 4; i++) {
		ids[i] = utracer_hwbp_set(u, t.pid, spare + 8 * i, 8, UTRACER_HWBP_TYPE_WRITE);
		CHECK(ids[i] > 0);
	}
	/* Nothing of the old ones is left: the watched variable is free. */
	cmd("w\n");
	no_hit(u, 300);
	CHECK(answer() == 11);

	cmd("q\n");
	status = ulib_tracee_wait(&t, 20000);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The tracee's exit released them. */
	list = utracer_hwbp_list(u, &n);
	REQUIRE(list);
	CHECK(n == 0);
	free(list);
	utracer_close(u);
	return ulib_verdict();
}
