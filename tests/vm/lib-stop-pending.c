// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a request made on the strength of a stopping event waits for
 * the thread to park. An event with UTRACER_EVENT_F_STOPPED is queued while
 * the thread is still on its way to its stop; a register read or write made
 * before the thread gets there waits for it rather than failing with EBUSY.
 * Made deterministic with a second client: its lossless 4 KiB queue, filled
 * with the same getpid exits and not read, holds the thread back (it waits
 * for room) between the first client's SYSCALL_EXIT event and its stop.
 * The first client reads the registers of every stop at once and writes
 * them back; once one of those calls has waited a second, the second
 * client drains; every call succeeds and every getpid returns the right
 * pid. A QUIESCE hold is not
 * waited for: registers of a thread quiesced in a job-control stop are
 * EBUSY at once.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <elf.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

#define CALLS 200

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* waitpid() of @pid for up to @timeout_ms: its status, or -1. */
static int child_wait(pid_t pid, int timeout_ms)
{
	int status;

	for (; timeout_ms > 0; timeout_ms -= 10) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* Wait up to @timeout_ms for /proc/PID/stat to show state @state. */
static int wait_state(pid_t pid, char state, int timeout_ms)
{
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (; timeout_ms > 0; timeout_ms -= 10) {
		f = fopen(path, "r");
		if (!f)
			return -1;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		if (p && p[1] == ' ' && p[2] == state)
			return 0;
		usleep(10000);
	}
	return -1;
}

/*
 * What the first client is blocked in, since when: the watchdog lets the
 * second client drain once a register call has waited a second (or, so
 * that nothing hangs when requests do not wait, an event wait ten).
 */
enum { IDLE, IN_REQUEST, IN_EVENT_WAIT };
static int phase;
static long phase_since;
static int request_waited, watchdog_done;

static void phase_set(int p)
{
	__atomic_store_n(&phase_since, now_ms(), __ATOMIC_SEQ_CST);
	__atomic_store_n(&phase, p, __ATOMIC_SEQ_CST);
}

static void *watchdog(void *arg)
{
	int go = *(int *)arg, p;
	long since;

	while (!__atomic_load_n(&watchdog_done, __ATOMIC_SEQ_CST)) {
		usleep(50000);
		p = __atomic_load_n(&phase, __ATOMIC_SEQ_CST);
		since = now_ms() - __atomic_load_n(&phase_since, __ATOMIC_SEQ_CST);
		if ((p == IN_REQUEST && since > 1000) || (p == IN_EVENT_WAIT && since > 10000)) {
			request_waited = p == IN_REQUEST;
			break;
		}
	}
	close(go);	/* EOF: the second client drains */
	return NULL;
}

/*
 * The second client: attach pid losslessly with a 4 KiB queue, getpid exits
 * only; say so on @ready, leave the queue full until @go reads EOF, then
 * drain CALLS getpid exits. Exits with its verdict.
 */
static int second_client(pid_t pid, int ready, int go)
{
	UTRACER_OPTS(utracer_open_opts, oo, .queue_limit = 4096);
	struct utracer_syscall_set set;
	UTRACER_OPTS(utracer_attach_opts, ao,
		     .events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT),
		     .syscall_exit = &set);
	struct utracer_event_info ev;
	struct utracer *u2;
	int seen = 0;
	char c = 'r';

	utracer_syscall_set_zero(&set);
	utracer_syscall_set_add(&set, SYS_getpid);
	u2 = utracer_open(&oo);
	REQUIRE(u2);
	REQUIRE(utracer_attach(u2, pid, &ao) == 0);
	REQUIRE(write(ready, &c, 1) == 1);
	REQUIRE(read(go, &c, 1) == 0);
	while (seen < CALLS) {
		REQUIRE(utracer_event_wait(u2, &ev, 20000) == 0);
		if (ev.type == UTRACER_EVENT_SYSCALL_EXIT && ev.pid == pid)
			seen++;
	}
	CHECK(utracer_detach(u2, pid, 0) == 0);
	utracer_close(u2);
	return ulib_verdict();
}

static void test_throttled(struct utracer *u)
{
	char *argv[] = { "200", NULL };
	struct utracer_syscall_set set;
	UTRACER_OPTS(utracer_attach_opts, ao,
		     .events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT),
		     .stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT),
		     .syscall_exit = &set);
	struct utracer_event_info ev;
	struct user_regs_struct regs;
	struct ulib_tracee t;
	int i, ret, good = 0, status, ready[2], go[2];
	pthread_t wd;
	pid_t second;
	char line[128], c;

	utracer_syscall_set_zero(&set);
	utracer_syscall_set_add(&set, SYS_getpid);
	REQUIRE(ulib_tracee_start(&t, "bp-getpid", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(pipe(ready) == 0 && pipe(go) == 0);
	second = fork();
	REQUIRE(second >= 0);
	if (!second) {
		close(ready[0]);
		close(go[1]);
		_exit(second_client(t.pid, ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);
	REQUIRE(read(ready[0], &c, 1) == 1);
	close(ready[0]);
	REQUIRE(utracer_attach(u, t.pid, &ao) == 0);
	REQUIRE(pthread_create(&wd, NULL, watchdog, &go[1]) == 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	for (i = 0; i < CALLS; i++) {
		phase_set(IN_EVENT_WAIT);
		ret = utracer_event_wait_for(u, t.pid, UTRACER_EVENT_SYSCALL_EXIT, &ev, 30000);
		phase_set(IN_REQUEST);
		if (ret || !(ev.flags & UTRACER_EVENT_F_STOPPED)) {
			CHECK(!"a stopping SYSCALL_EXIT event");
			break;
		}
		memset(&regs, 0, sizeof(regs));
		if (utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) !=
		    (ssize_t)sizeof(regs)) {
			fprintf(stderr, "stop %d: registers: %s\n", i, strerror(errno));
		} else if (regs.orig_rax == SYS_getpid && regs.rax == (uint64_t)t.pid) {
			/* Written back whole: the write waits the same way. */
			if (utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) == 0)
				good++;
		}
		phase_set(IDLE);
		CHECK(utracer_run(u, t.pid, 0) == 0);
	}
	__atomic_store_n(&watchdog_done, 1, __ATOMIC_SEQ_CST);
	pthread_join(wd, NULL);
	CHECK(good == CALLS);
	/* A register call did wait for the thread the second client held back. */
	CHECK(request_waited);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strncmp(line, "done 200 ", 9));
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	status = child_wait(second, 30000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A QUIESCE hold on a thread in a job-control stop: EBUSY, no wait (a wait
 * would last until SIGCONT: the alarm would end it with EINTR).
 */
static void test_quiesce_not_waited(struct utracer *u)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct user_regs_struct regs;
	struct ulib_tracee t;
	char *argv[] = { NULL };
	char line[128];

	REQUIRE(sigaction(SIGALRM, &sa, NULL) == 0);
	REQUIRE(ulib_tracee_start(&t, "bp-getpid", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(kill(t.pid, SIGSTOP) == 0);
	REQUIRE(wait_state(t.pid, 'T', 20000) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	alarm(20);
	CHECK_ERR(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)), EBUSY);
	alarm(0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	CHECK(kill(t.pid, SIGCONT) == 0);
	ulib_tracee_kill(&t);
}

int main(void)
{
	struct utracer *u;

	if (!ulib_module_loaded())
		return ULIB_SKIP;
	u = utracer_open(NULL);
	REQUIRE(u);
	test_throttled(u);
	test_quiesce_not_waited(u);
	utracer_close(u);
	return ulib_verdict();
}
