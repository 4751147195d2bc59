// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stop: B4, stopping a running thread and resuming it.
 *
 *   bench-stop ROUNDS
 *
 * A child spins in user mode, counting in shared memory. ROUNDS times each:
 *   utracer:      utracer_quiesce(), utracer_event_wait_for() its STOP
 *                 event, utracer_run();
 *   utracer-wait: utracer_quiesce(UTRACER_QUIESCE_WAIT), which returns
 *                 with the thread stopped, utracer_run();
 *   ptrace:       PTRACE_INTERRUPT, waitpid() for the stop, PTRACE_CONT.
 * Prints
 *	result stop method=M rounds=N ns=T us_per_round=X
 * and checks that every stop was reported as one (for utracer-wait: that
 * the counter is frozen after the return, and that no STOP event came) and
 * that the child counts on after the rounds (it was really resumed and
 * released).
 */
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utracer.h>
#include "bench.h"

static volatile uint64_t *counter;

/* The child's loop: it counts in user mode. */
static void spinner_body(volatile uint64_t *c)
{
	(*c)++;
}

static void stop_run_utracer(pid_t pid, long rounds)
{
	struct utracer_event_info ev;
	struct utracer *u;
	long r;
	int err;

	u = utracer_open(NULL);
	if (!u)
		bench_fail("utracer", "open: %s", utracer_strerror(errno));
	err = utracer_attach(u, pid, NULL);
	if (err < 0)
		bench_fail("utracer", "attach: %s", utracer_strerror(err));
	for (r = 0; r < rounds; r++) {
		err = utracer_quiesce(u, pid, 0);
		if (!err)
			err = utracer_event_wait_for(u, pid, UTRACER_EVENT_STOP, &ev, 10000);
		if (!err && ev.stop.reason != UTRACER_STOP_REASON_QUIESCE)
			bench_fail("utracer", "round %ld: stop reason %u", r, ev.stop.reason);
		if (!err)
			err = utracer_run(u, pid, 0);
		if (err < 0)
			bench_fail("utracer", "round %ld: %s", r, utracer_strerror(err));
	}
	utracer_close(u);
}

static void stop_run_utracer_wait(pid_t pid, long rounds)
{
	struct utracer_event_info ev;
	struct utracer *u;
	uint64_t frozen;
	long r;
	int err;

	u = utracer_open(NULL);
	if (!u)
		bench_fail("utracer-wait", "open: %s", utracer_strerror(errno));
	if (utracer_has_feature(u, UTRACER_FEATURE_QUIESCE_WAIT) != 1)
		bench_fail("utracer-wait", "the module has no UTRACER_FEATURE_QUIESCE_WAIT");
	err = utracer_attach(u, pid, NULL);
	if (err < 0)
		bench_fail("utracer-wait", "attach: %s", utracer_strerror(err));
	for (r = 0; r < rounds; r++) {
		err = utracer_quiesce(u, pid, UTRACER_QUIESCE_WAIT);
		/* Untimed checks would distort the round trip: check a few. */
		if (!err && r % 100 == 0) {
			frozen = *counter;
			usleep(1000);
			if (*counter != frozen)
				bench_fail("utracer-wait", "round %ld: still running", r);
		}
		if (!err)
			err = utracer_run(u, pid, 0);
		if (err < 0)
			bench_fail("utracer-wait", "round %ld: %s", r, utracer_strerror(err));
	}
	/* The stops were reported by the returns: no STOP event is queued. */
	err = utracer_event_wait_for(u, pid, UTRACER_EVENT_STOP, &ev, 0);
	if (err != -EAGAIN)
		bench_fail("utracer-wait", "a STOP event came (%s)",
			   err ? utracer_strerror(err) : "received");
	utracer_close(u);
}

static void stop_run_ptrace(pid_t pid, long rounds)
{
	int status;
	long r;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0))
		bench_fail("ptrace", "seize: %s", strerror(errno));
	for (r = 0; r < rounds; r++) {
		if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) || waitpid(pid, &status, 0) != pid)
			bench_fail("ptrace", "round %ld: %s", r, strerror(errno));
		if (!WIFSTOPPED(status) || status >> 16 != PTRACE_EVENT_STOP)
			bench_fail("ptrace", "round %ld: status 0x%x", r, status);
		if (ptrace(PTRACE_CONT, pid, 0, 0))
			bench_fail("ptrace", "round %ld: cont: %s", r, strerror(errno));
	}
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) || waitpid(pid, &status, 0) != pid ||
	    ptrace(PTRACE_DETACH, pid, 0, 0))
		bench_fail("ptrace", "detach: %s", strerror(errno));
}

static const struct method {
	const char *name;
	void (*stop_run)(pid_t pid, long rounds);
} methods[] = {
	{ "utracer", stop_run_utracer },
	{ "utracer-wait", stop_run_utracer_wait },
	{ "ptrace", stop_run_ptrace },
};

int main(int argc, char **argv)
{
	unsigned int m;
	long rounds;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-stop ROUNDS\n");
		return 2;
	}
	rounds = bench_count(argv[1], "ROUNDS");
	counter = bench_shared_counter();
	pid = bench_start_child(counter, spinner_body);

	for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		uint64_t t0, t1;

		t0 = bench_now_ns();
		methods[m].stop_run(pid, rounds);
		t1 = bench_now_ns();
		/* Resumed and detached: it must count on. */
		bench_check_moving(counter, methods[m].name);
		bench_ok(methods[m].name);
		printf("result stop method=%s rounds=%ld ns=%llu us_per_round=%.1f\n",
		       methods[m].name, rounds, (unsigned long long)(t1 - t0),
		       (double)(t1 - t0) / 1000.0 / (double)rounds);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}
