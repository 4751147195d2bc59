// SPDX-License-Identifier: GPL-2.0
/*
 * Description: quiesce and run. A thread sleeping in read() on a pipe, in
 * nanosleep() and in a futex wait is stopped promptly (a STOP event, state
 * STOPPED) and, once resumed, its syscall completes as if nothing happened:
 * no EINTR, the full sleep. A process of spinning threads stops as a whole
 * (one STOP per thread) and runs again, also by a write() batch of
 * commands. Attach with QUIESCE stops at once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static void stop_and_run(struct uabi_client *c, pid_t pid)
{
	struct utracer_ev_stop ev;
	struct utracer_check_pid cp = { .size = sizeof(cp), .pid = pid };

	CHECK_OK(uabi_target(c, UTRACER_IOC_QUIESCE, pid, 0));
	CHECK(uabi_wait_event(c, UTRACER_EV_STOP, pid, &ev, sizeof(ev), TMO),
	      "no STOP event for %d", pid);
	CHECK(ev.reason == UTRACER_STOP_QUIESCE && (ev.hdr.flags & UTRACER_EVF_STOPPED) &&
	      ev.hdr.pid == pid && ev.hdr.seq > 0 && ev.hdr.time_ns > 0,
	      "stop record reason %u flags %x pid %d", ev.reason, ev.hdr.flags, ev.hdr.pid);
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_CHECK_PID, &cp));
	CHECK(cp.info.state == UTRACER_TASK_STOPPED && cp.info.tid == pid &&
	      (cp.info.flags & UTRACER_TASKF_PROCESS), "state %u tid %d flags %x",
	      cp.info.state, cp.info.tid, cp.info.flags);
	/* A second quiesce of a stopped thread is harmless. */
	CHECK_OK(uabi_target(c, UTRACER_IOC_QUIESCE, pid, 0));
	CHECK_OK(uabi_target(c, UTRACER_IOC_RUN, pid, 0));
	CHECK(uabi_wait_state(c, pid, UTRACER_TASK_RUNNING, TMO), "not running after RUN");
}

static void sleeper(const char *mode, const char *ms)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), (char *)mode, (char *)ms, NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[256];
	long long slept = 0;
	int r = -1, st;

	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	/* Let it reach its sleep: its state shows S in /proc. */
	for (int i = 0; i < 500; i++) {
		char path[64], *stat;
		size_t len;

		snprintf(path, sizeof(path), "/proc/%d/stat", ch.pid);
		stat = uabi_slurp(path, &len);
		if (stat && strstr(stat, ") S ")) {
			free(stat);
			break;
		}
		free(stat);
		usleep(10000);
	}
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));
	stop_and_run(&c, ch.pid);
	stop_and_run(&c, ch.pid);
	if (!strcmp(mode, "read")) {
		CHECK(write(ch.in, "hello\n", 6) == 6, "write");
		CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer");
		CHECK(!strcmp(line, "read 6 ok"), "read was disturbed: '%s'", line);
	} else {
		CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer");
		int err = -1;
		/* nanosleep returns 0; the futex wait times out (nobody wakes it). */
		int want_r = strcmp(mode, "futex") ? 0 : -1;
		int want_err = strcmp(mode, "futex") ? 0 : ETIMEDOUT;

		CHECK(sscanf(line, "%*s %d %d %lld", &r, &err, &slept) == 3 && r == want_r &&
		      err == want_err && slept >= atol(ms), "%s was disturbed: '%s'", mode, line);
	}
	uabi_reap(&ch, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracee status %x", st);
	uabi_close(&c);
}

static int thread_ids(pid_t pid, pid_t *tids, int max)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir)) && n < max)
		if (d->d_name[0] != '.')
			tids[n++] = atoi(d->d_name);
	if (dir)
		closedir(dir);
	return n;
}

static void threads(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "threads", "3", NULL };
	struct utracer_ev_stop ev;
	struct uabi_client c;
	struct uabi_child ch;
	pid_t tids[16];
	char line[256];
	int n, i, stops = 0, st;

	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	n = thread_ids(ch.pid, tids, 16);
	CHECK(n == 4, "%d threads", n);
	/* Attach with QUIESCE: every thread stops at once. */
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE, 0, 0));
	for (i = 0; i < n; i++)
		stops += uabi_wait_event(&c, UTRACER_EV_STOP, 0, &ev, sizeof(ev), TMO);
	CHECK(stops == n, "%d STOP events for %d threads", stops, n);
	for (i = 0; i < n; i++)
		CHECK(uabi_wait_state(&c, tids[i], UTRACER_TASK_STOPPED, TMO),
		      "thread %d not stopped", tids[i]);
	/* One thread only. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, tids[1], UTRACER_TARGET_THREAD));
	CHECK(uabi_wait_state(&c, tids[1], UTRACER_TASK_RUNNING, TMO), "thread not running");
	CHECK(uabi_wait_state(&c, tids[2], UTRACER_TASK_STOPPED, 100), "other thread ran");
	/* The write() batch path: QUIESCE one thread, then RUN them all. */
	{
		struct {
			struct utracer_cmd_record h;
			struct utracer_target t;
		} batch[2] = {
			{ { sizeof(batch[0]), UTRACER_IOC_QUIESCE },
			  { sizeof(struct utracer_target), UTRACER_TARGET_THREAD, tids[1], 0 } },
			{ { sizeof(batch[1]), UTRACER_IOC_RUN },
			  { sizeof(struct utracer_target), 0, ch.pid, 0 } },
		};

		CHECK(write(c.cmd, batch, sizeof(batch)) == sizeof(batch), "batch write");
	}
	for (i = 0; i < n; i++)
		CHECK(uabi_wait_state(&c, tids[i], UTRACER_TASK_RUNNING, TMO),
		      "thread %d not running", tids[i]);
	CHECK(write(ch.in, "x", 1) == 1, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "done 1"),
	      "tracee answer '%s'", line);
	uabi_reap(&ch, &st);
	uabi_close(&c);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	sleeper("read", "0");
	sleeper("nanosleep", "1500");
	sleeper("futex", "1500");
	threads();
	return uabi_failures ? FAIL : PASS;
}
