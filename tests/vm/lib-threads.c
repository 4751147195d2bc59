// SPDX-License-Identifier: GPL-2.0
/*
 * Description: libutracer from several threads: one thread blocks in
 * utracer_event_wait() while the main thread attaches, quiesces and
 * inspects, and it receives the stop; a tracee blocked in read() is
 * stopped promptly and, once run, its read completes with the data
 * (no EINTR); utracer_event_fd() works with epoll; two threads draining
 * one busy client together get every event exactly once, in sequence.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;

struct waiter {
	pthread_t thread;
	struct utracer_event_info ev;
	int err;
};

static void *wait_one(void *arg)
{
	struct waiter *w = arg;

	w->err = utracer_event_wait(u, &w->ev, 30000);
	return NULL;
}

static void test_wait_while_commanding(void)
{
	struct ulib_tracee t;
	struct waiter w;
	struct utracer_task *tasks;
	char line[64];
	size_t n;
	int status;

	REQUIRE(ulib_tracee_start(&t, "lib-sleeper", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(pthread_create(&w.thread, NULL, wait_one, &w) == 0);
	/* The waiter is (very likely) blocked by now; commands go on. */
	usleep(100 * 1000);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_is_attached(u, t.pid) == 1);
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	pthread_join(w.thread, NULL);
	CHECK(w.err == 0);
	CHECK(w.ev.type == UTRACER_EVENT_STOP && w.ev.tid == t.pid);
	CHECK(w.ev.stop.reason == UTRACER_STOP_REASON_QUIESCE);
	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 1 && tasks[0].state == UTRACER_STATE_STOPPED);
	free(tasks);

	/* Data arrives while it is stopped: it must wait for the run. */
	CHECK(write(t.in, "hello\n", 6) == 6);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 500) == -1);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 &&
	      strcmp(line, "got hello") == 0);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
	/* Its detach at exit. */
	{
		struct utracer_event_info ev;

		CHECK(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_DETACH, &ev, 20000) == 0);
	}
}

static void test_epoll(void)
{
	char *argv[] = { "64", NULL };
	struct epoll_event ee = { .events = EPOLLIN }, out;
	struct utracer_event_info ev;
	struct ulib_tracee t;
	char line[64];
	int ep, got = 0;

	ep = epoll_create1(EPOLL_CLOEXEC);
	REQUIRE(ep >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, utracer_event_fd(u), &ee) == 0);
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);

	argv[0] = "1";
	REQUIRE(ulib_tracee_start(&t, "lib-spin", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	CHECK(epoll_wait(ep, &out, 1, 20000) == 1 && (out.events & EPOLLIN));
	while (utracer_event_next(u, &ev) == 0)
		got += ev.type == UTRACER_EVENT_STOP && ev.tid == t.pid;
	CHECK(got == 1);
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	while (utracer_event_next(u, &ev) == 0)
		;
	ulib_tracee_kill(&t);
	close(ep);
}

#define DRAIN_CALLS 2000

struct drainer {
	pthread_t thread;
	uint64_t *seqs;
	size_t n;
	pid_t pid;
};

static void *drain(void *arg)
{
	struct drainer *d = arg;
	struct utracer_event_info ev;

	/* Until both have seen the end or nothing comes for a while. */
	while (utracer_event_wait(u, &ev, 3000) == 0) {
		d->seqs[d->n++] = ev.seq;
		if (ev.type == UTRACER_EVENT_DETACH && ev.tid == d->pid)
			break;
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_two_drainers(void)
{
	char calls[16];
	char *argv[] = { "lib-syscalls", calls, "0", "0", "0", NULL };
	UTRACER_OPTS(utracer_attach_opts, a,
		.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT));
	UTRACER_OPTS(utracer_spawn_opts, o, .attach = &a);
	struct drainer d[2];
	uint64_t *all;
	size_t i, total, dup = 0, gaps = 0;
	pid_t pid;

	snprintf(calls, sizeof(calls), "%d", DRAIN_CALLS);
	pid = utracer_spawn(u, ulib_prog("lib-syscalls"), argv, &o);
	REQUIRE(pid > 0);
	for (i = 0; i < 2; i++) {
		d[i].seqs = calloc(4 * DRAIN_CALLS + 1000, sizeof(uint64_t));
		REQUIRE(d[i].seqs);
		d[i].n = 0;
		d[i].pid = pid;
		REQUIRE(pthread_create(&d[i].thread, NULL, drain, &d[i]) == 0);
	}
	CHECK(utracer_run(u, pid, 0) == 0);
	for (i = 0; i < 2; i++)
		pthread_join(d[i].thread, NULL);
	waitpid(pid, NULL, 0);

	total = d[0].n + d[1].n;
	all = calloc(total + 1, sizeof(uint64_t));
	REQUIRE(all);
	memcpy(all, d[0].seqs, d[0].n * sizeof(uint64_t));
	memcpy(all + d[0].n, d[1].seqs, d[1].n * sizeof(uint64_t));
	qsort(all, total, sizeof(uint64_t), cmp_u64);
	for (i = 1; i < total; i++) {
		dup += all[i] == all[i - 1];
		gaps += all[i] > all[i - 1] + 1;
	}
	CHECK(total >= 2 * DRAIN_CALLS);
	CHECK(dup == 0 && gaps == 0);
	if (dup || gaps || total < 2 * DRAIN_CALLS)
		fprintf(stderr, "%zu events (%zu + %zu), %zu doubled, %zu gaps\n",
			total, d[0].n, d[1].n, dup, gaps);
	free(all);
	free(d[0].seqs);
	free(d[1].seqs);
}

int main(void)
{
	u = ulib_open_or_skip();
	test_wait_while_commanding();
	test_epoll();
	test_two_drainers();
	utracer_close(u);
	return ulib_verdict();
}
