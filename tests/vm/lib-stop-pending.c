// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a request made on the strength of a stopping event waits for
 * the thread to park. An event with UTRACER_EVENT_F_STOPPED is queued while
 * the thread is still on its way to its stop; a register read or write made
 * before the thread gets there waits for it rather than failing with EBUSY.
 * Made deterministic with a second client: its lossless 4 KiB queue, filled
 * with the same getpid exits and not read for a while, holds the thread
 * back (it waits for room) between the first client's SYSCALL_EXIT event
 * and its stop. The first client reads the registers of every stop at once
 * (one of the reads waits until the second client drains), writes them
 * back, and every getpid returns the right pid. A QUIESCE hold is not
 * waited for: registers of a thread quiesced in a job-control stop are
 * EBUSY at once.
 */
#include <errno.h>
#include <inttypes.h>
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
#define HOLD_MS 2000

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
 * The second client: attach pid losslessly with a 4 KiB queue, getpid exits
 * only; say so on @ready, leave the queue full for HOLD_MS, then drain
 * CALLS getpid exits. Exits with its verdict.
 */
static int second_client(pid_t pid, int ready)
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
	usleep(HOLD_MS * 1000);
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
	long t0, waited = 0;
	int i, good = 0, status, pipefd[2];
	pid_t second;
	char line[128], c;

	utracer_syscall_set_zero(&set);
	utracer_syscall_set_add(&set, SYS_getpid);
	REQUIRE(ulib_tracee_start(&t, "bp-getpid", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(pipe(pipefd) == 0);
	second = fork();
	REQUIRE(second >= 0);
	if (!second) {
		close(pipefd[0]);
		_exit(second_client(t.pid, pipefd[1]));
	}
	close(pipefd[1]);
	REQUIRE(read(pipefd[0], &c, 1) == 1);
	close(pipefd[0]);
	REQUIRE(utracer_attach(u, t.pid, &ao) == 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	for (i = 0; i < CALLS; i++) {
		REQUIRE(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_SYSCALL_EXIT, &ev,
					       20000) == 0);
		REQUIRE(ev.flags & UTRACER_EVENT_F_STOPPED);
		memset(&regs, 0, sizeof(regs));
		t0 = now_ms();
		if (utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) !=
		    (ssize_t)sizeof(regs)) {
			fprintf(stderr, "stop %d: registers: %s\n", i, strerror(errno));
		} else if (regs.orig_rax == SYS_getpid && regs.rax == (uint64_t)t.pid) {
			/* Written back whole: the write waits the same way. */
			if (utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) == 0)
				good++;
		}
		if (now_ms() - t0 > waited)
			waited = now_ms() - t0;
		REQUIRE(utracer_run(u, t.pid, 0) == 0);
	}
	CHECK(good == CALLS);
	/* A read did wait for the thread held back by the second client. */
	CHECK(waited >= HOLD_MS / 2);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strncmp(line, "done 200 ", 9));
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	status = child_wait(second, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

/* A QUIESCE hold on a thread in a job-control stop: EBUSY, no wait. */
static void test_quiesce_not_waited(struct utracer *u)
{
	struct user_regs_struct regs;
	struct ulib_tracee t;
	char *argv[] = { NULL };
	char line[128];
	long t0;

	REQUIRE(ulib_tracee_start(&t, "bp-getpid", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(kill(t.pid, SIGSTOP) == 0);
	REQUIRE(wait_state(t.pid, 'T', 20000) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	t0 = now_ms();
	CHECK_ERR(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)), EBUSY);
	CHECK(now_ms() - t0 < 1000);
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
