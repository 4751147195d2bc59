// SPDX-License-Identifier: GPL-2.0
/*
 * Description: signals held before delivery (utracer_set_signal_holds(),
 * utracer_signal_verdict()): the feature is announced; a held SIGUSR1
 * stops the thread with a SIGNAL event flagged BEFORE and STOPPED, its
 * siginfo as sent, while it is pending nowhere (SigPnd and ShdPnd of
 * /proc/PID/status) and its handler has not run; run, it is delivered
 * once, with no second event for the client; verdict 0 cancels it (the
 * handler never runs); verdict SIGUSR2 runs SIGUSR2's handler instead;
 * 20 real-time signals queued at once from outside are each held and
 * delivered, in order, with their values, none lost; a
 * signal sent to the process (kill) is held too; a signal not in the set
 * and one the thread blocks are reported at delivery as before (no
 * BEFORE); a SIGSEGV at its default action stops the process whole (it
 * is not reaped), a cancel lets the instruction fault again (a second
 * held event), and delivered it kills the process with SIGSEGV; a detach
 * during the stop delivers the signal; SIGTERM at its default action,
 * which the kernel makes fatal when it is sent, is not held, and its
 * SIGNAL event says no stop (the thread dies). Bad arguments: EINVAL; a verdict
 * for a thread not stopped for a held signal: ENOENT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

#define TMO 30000
#define EV(kind) UTRACER_EVENT_BIT(UTRACER_EVENT_##kind)

static struct utracer *u;
static struct ulib_tracee t;

/* The next signal event of the tracee (STOP events passed over): 0 or -1. */
static int next_signal(struct utracer_event_info *ev)
{
	int err;

	do {
		err = utracer_event_wait_for(u, t.pid, 0, ev, TMO);
	} while (!err && ev->type == UTRACER_EVENT_STOP);
	if (err)
		return -1;
	return ev->type == UTRACER_EVENT_SIGNAL ? 0 : -1;
}

/* The next event is sig's, with exactly the flags given. */
static void expect_signal(int sig, unsigned int flags, struct utracer_event_info *ev)
{
	if (next_signal(ev) || ev->signal.signo != sig || ev->flags != flags) {
		fprintf(stderr, "event %u (signo %d, flags %#x) where signal %d (flags %#x) was due\n",
			ev->type, ev->type == UTRACER_EVENT_SIGNAL ? ev->signal.signo : 0,
			ev->flags, sig, flags);
		CHECK(!"the signal event due");
	}
}

/* No event of the tracee but STOP within a short while. */
static void expect_quiet(void)
{
	struct utracer_event_info ev;
	int err;

	do {
		err = utracer_event_wait_for(u, t.pid, 0, &ev, 300);
	} while (!err && ev.type == UTRACER_EVENT_STOP);

	if (err != -EAGAIN) {
		fprintf(stderr, "event %u (err %d) where none was due\n", ev.type, err);
		CHECK(!"no event");
	}
}

/* A command line for the tracee: its name and, unless negative, a number. */
static void say(const char *cmd, int arg)
{
	char line[64];
	int n = arg < 0 ? snprintf(line, sizeof(line), "%s\n", cmd) :
			  snprintf(line, sizeof(line), "%s %d\n", cmd, arg);

	REQUIRE(write(t.in, line, (size_t)n) == n);
}

/* The tracee's next line is want. */
static void answer(const char *want)
{
	char line[256];

	if (ulib_tracee_line(&t, line, sizeof(line), TMO) < 0) {
		fprintf(stderr, "no answer where '%s' was due\n", want);
		CHECK(!"an answer");
		return;
	}
	if (strcmp(line, want)) {
		fprintf(stderr, "the tracee says '%s', not '%s'\n", line, want);
		CHECK(!"the answer due");
	}
}

static void counts(int usr1, int usr2)
{
	char want[64];

	snprintf(want, sizeof(want), "usr1 %d usr2 %d", usr1, usr2);
	say("count", -1);
	answer(want);
}

/* Whether sig is pending for the tracee, in /proc/PID/status (SigPnd or ShdPnd). */
static int pending(int sig)
{
	char path[64], line[256];
	unsigned long long mask, all = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)t.pid);
	f = fopen(path, "r");
	REQUIRE(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigPnd: %llx", &mask) == 1 || sscanf(line, "ShdPnd: %llx", &mask) == 1)
			all |= mask;
	fclose(f);
	return !!(all & (1ULL << (sig - 1)));
}

static void start(void)
{
	char *argv[] = { "sig-hold", NULL };
	char line[64];
	int pid;

	REQUIRE(ulib_tracee_start(&t, "sig-hold", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), TMO) > 0);
	REQUIRE(sscanf(line, "ready %d", &pid) == 1 && pid == t.pid);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	REQUIRE(utracer_set_events(u, t.pid, EV(SIGNAL), EV(SIGNAL)) == 0);
	REQUIRE(utracer_set_signal_holds(u, t.pid, UTRACER_SIGNAL_BIT(SIGUSR1) |
					 UTRACER_SIGNAL_BIT(SIGSEGV) |
					 UTRACER_SIGNAL_BIT(SIGRTMIN)) == 0);
}

static void check_verdicts(void)
{
	const unsigned int held = UTRACER_EVENT_F_BEFORE | UTRACER_EVENT_F_STOPPED;
	struct utracer_event_info ev;

	/* Held: pending nowhere, not handled; run: delivered once, no second event. */
	say("raise", SIGUSR1);
	expect_signal(SIGUSR1, held, &ev);
	CHECK(ev.signal.code == SI_USER && ev.signal.sender_pid == t.pid);
	CHECK(!pending(SIGUSR1));
	CHECK_ERR(utracer_signal_verdict(u, t.pid, 65), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, t.pid, -1), EINVAL);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("raised 10");
	expect_quiet();
	counts(1, 0);

	/* Cancelled. */
	say("raise", SIGUSR1);
	expect_signal(SIGUSR1, held, &ev);
	CHECK(utracer_signal_verdict(u, t.pid, 0) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("raised 10");
	counts(1, 0);

	/* Replaced: SIGUSR2 is not held, its delivery is reported (and stops). */
	say("raise", SIGUSR1);
	expect_signal(SIGUSR1, held, &ev);
	CHECK(utracer_signal_verdict(u, t.pid, SIGUSR2) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_signal(SIGUSR2, UTRACER_EVENT_F_STOPPED, &ev);
	CHECK(ev.signal.code == SI_USER);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("raised 10");
	counts(1, 1);

	/* Not held: SIGUSR2 is reported at delivery, as before. */
	say("raise", SIGUSR2);
	expect_signal(SIGUSR2, UTRACER_EVENT_F_STOPPED, &ev);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("raised 12");
	counts(1, 2);

	/* Sent to the process from outside. */
	REQUIRE(kill(t.pid, SIGUSR1) == 0);
	expect_signal(SIGUSR1, held, &ev);
	CHECK(ev.signal.sender_pid == getpid());
	CHECK(utracer_run(u, t.pid, 0) == 0);
	counts(2, 2);

	/* Blocked when sent: not held; reported when it is delivered. */
	say("block", SIGUSR1);
	answer("blocked 10");
	say("raise", SIGUSR1);
	answer("raised 10");
	CHECK(pending(SIGUSR1));
	say("unblock", SIGUSR1);
	expect_signal(SIGUSR1, UTRACER_EVENT_F_STOPPED, &ev);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("unblocked 10");
	counts(3, 2);

	/* Real-time signals queued from outside: each held, in order, none lost. */
	{
		char want[512];
		int n = 0, i;

		for (i = 0; i < 20; i++)
			REQUIRE(sigqueue(t.pid, SIGRTMIN, (union sigval){ .sival_int = 100 + i }) == 0);
		n = snprintf(want, sizeof(want), "rt 20");
		for (i = 0; i < 20; i++) {
			expect_signal(SIGRTMIN, held, &ev);
			CHECK(ev.signal.code == SI_QUEUE);
			CHECK(*(int32_t *)(ev.signal.siginfo + 24) == 100 + i);
			CHECK(utracer_run(u, t.pid, 0) == 0);
			n += snprintf(want + n, sizeof(want) - (size_t)n, " %d", 100 + i);
		}
		say("rtlog", -1);
		answer(want);
	}

	/* Not stopped for a held signal. */
	CHECK_ERR(utracer_signal_verdict(u, t.pid, 0), ENOENT);

	/* A detach during the stop delivers it. */
	say("raise", SIGUSR1);
	expect_signal(SIGUSR1, held, &ev);
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	answer("raised 10");
	counts(4, 2);
}

static void check_crash(void)
{
	const unsigned int held = UTRACER_EVENT_F_BEFORE | UTRACER_EVENT_F_STOPPED;
	struct utracer_event_info ev;
	int status;

	say("segv", -1);
	expect_signal(SIGSEGV, held, &ev);
	CHECK(ev.signal.code == SEGV_MAPERR);
	CHECK(ev.signal.addr == 0);
	/* Whole while held: not reaped. */
	CHECK(waitpid(t.pid, &status, WNOHANG) == 0);
	/* Cancelled: the instruction faults again. */
	CHECK(utracer_signal_verdict(u, t.pid, 0) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_signal(SIGSEGV, held, &ev);
	/* Delivered: the default action. */
	CHECK(utracer_run(u, t.pid, 0) == 0);
	status = ulib_tracee_wait(&t, TMO);
	CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	t.pid = 0;
}

/* A delivery that ends the process (SIGTERM at its default action) does not stop. */
static void check_fatal(void)
{
	struct utracer_event_info ev;
	int status;

	say("raise", SIGTERM);
	expect_signal(SIGTERM, 0, &ev);
	status = ulib_tracee_wait(&t, TMO);
	CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	t.pid = 0;
}

int main(void)
{
	u = ulib_open_or_skip();
	if (utracer_has_feature(u, UTRACER_FEATURE_SIGNAL_HOLD) != 1) {
		utracer_close(u);
		fprintf(stderr, "the module holds no signal: failed\n");
		return ULIB_FAIL;
	}
	CHECK_ERR(utracer_set_signal_holds(u, 0, 0), EINVAL);
	CHECK_ERR(utracer_set_signal_holds(NULL, 1, 0), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, 0, 0), EINVAL);
	start();
	check_verdicts();
	ulib_tracee_kill(&t);
	start();
	check_crash();
	if (t.pid)
		ulib_tracee_kill(&t);
	start();
	check_fatal();
	if (t.pid)
		ulib_tracee_kill(&t);
	utracer_close(u);
	return ulib_verdict();
}
