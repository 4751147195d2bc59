// SPDX-License-Identifier: GPL-2.0
/*
 * Description: events through libutracer, decoded: syscall entry events
 * limited by a filter stop the tracee when asked (the event carries
 * UTRACER_EVENT_F_STOPPED, a stop event follows, the thread is listed
 * stopped until run); clone events name the new threads and exit events
 * carry wait statuses; a second exec reports its path; a delivered
 * (handled) signal reports its number, code and sender; a lossy attachment
 * with a small queue that is not read reports what it dropped in lost
 * events (received + lost account for every syscall), while a lossless
 * one with the same small queue drops nothing, both again with batched
 * wake-ups (utracer_set_wakeup()). Through the mapped ring:
 * utracer_event_wait_for() that passes over more than 4 MiB of records
 * fails with ENOBUFS (the lossless tracee waits meanwhile), and every one
 * of them is then taken by utracer_event_peek() (the same event until
 * utracer_event_advance(), which without a peek is ENOENT), in order.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;

static pid_t spawn(char *const argv[], const struct utracer_attach_opts *a)
{
	UTRACER_OPTS(utracer_spawn_opts, o, .attach = a);
	pid_t pid = utracer_spawn(u, argv[0][0] == '/' ? argv[0] : ulib_prog(argv[0]),
				  argv, &o);

	REQUIRE(pid > 0);
	return pid;
}

static int next_event(pid_t pid, struct utracer_event_info *ev)
{
	int err = utracer_event_wait_for(u, pid, 0, ev, 20000);

	if (err)
		fprintf(stderr, "no event from %d: %s\n", (int)pid, utracer_strerror(err));
	return err;
}

static void test_stops_at_syscalls(void)
{
	char *argv[] = { "lib-syscalls", "4", "3", "0", "0", NULL };
	struct utracer_syscall_set set;
	struct utracer_event_info ev;
	int stops = 0, status;
	pid_t pid;

	utracer_syscall_set_zero(&set);
	utracer_syscall_set_add(&set, SYS_getppid);
	{
		UTRACER_OPTS(utracer_attach_opts, a,
			.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY),
			.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY),
			.syscall_entry = &set);

		pid = spawn(argv, &a);
	}
	CHECK(utracer_run(u, pid, 0) == 0);
	while (stops < 4) {
		struct utracer_task *tasks;
		size_t n;

		REQUIRE(next_event(pid, &ev) == 0);
		REQUIRE(ev.type == UTRACER_EVENT_SYSCALL_ENTRY);
		CHECK(ev.syscall_entry.nr == SYS_getppid);
		CHECK(ev.flags & UTRACER_EVENT_F_STOPPED);
		REQUIRE(next_event(pid, &ev) == 0);
		CHECK(ev.type == UTRACER_EVENT_STOP);
		CHECK(ev.stop.reason == UTRACER_STOP_REASON_EVENT);
		CHECK(ev.stop.event == UTRACER_EVENT_SYSCALL_ENTRY);
		tasks = utracer_task_list(u, &n);
		CHECK(tasks && n == 1 && tasks[0].state == UTRACER_STATE_STOPPED);
		free(tasks);
		stops++;
		CHECK(utracer_run(u, pid, 0) == 0);
	}
	/* No more getppid: the next thing is the end. */
	REQUIRE(next_event(pid, &ev) == 0);
	CHECK(ev.type == UTRACER_EVENT_DETACH);
	CHECK(ev.detach.reason == UTRACER_DETACH_REASON_EXIT);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
}

static void test_clone_exit_exec(void)
{
	char *argv[] = { "lib-syscalls", "0", "0", "2", "5", NULL };
	char *sh_argv[] = { "/bin/sh", "-c", "exec /bin/true", NULL };
	UTRACER_OPTS(utracer_attach_opts, a,
		.events = UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC));
	struct utracer_event_info ev;
	pid_t pid, children[2] = { 0, 0 };
	int clones = 0, exits = 0, execs = 0, status, main_gone = 0;

	pid = spawn(argv, &a);
	CHECK(utracer_run(u, pid, 0) == 0);
	/* A thread's exit may be reported after the main thread's detach. */
	while ((!main_gone || exits < 3) && next_event(pid, &ev) == 0) {
		if (ev.type == UTRACER_EVENT_CLONE) {
			CHECK(ev.tid == pid);
			CHECK(ev.clone.kind == UTRACER_CLONE_KIND_THREAD);
			CHECK(ev.clone.child_pid == pid && ev.clone.child_tid > pid);
			if (clones < 2)
				children[clones] = ev.clone.child_tid;
			clones++;
		} else if (ev.type == UTRACER_EVENT_EXIT) {
			if (ev.tid == pid) {
				CHECK(WIFEXITED(ev.exit.status) &&
				      WEXITSTATUS(ev.exit.status) == 5);
				CHECK(ev.exit.group);
			} else {
				CHECK(ev.tid == children[0] || ev.tid == children[1]);
			}
			exits++;
		} else if (ev.type == UTRACER_EVENT_DETACH && ev.tid == pid) {
			main_gone = 1;
		}
	}
	CHECK(clones == 2 && exits == 3);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 5);

	/* The program exec's again: that exec is reported with its path. */
	pid = spawn(sh_argv, &a);
	CHECK(utracer_run(u, pid, 0) == 0);
	while (next_event(pid, &ev) == 0) {
		if (ev.type == UTRACER_EVENT_EXEC) {
			CHECK(strcmp(ev.exec.path, "/bin/true") == 0);
			CHECK(ev.pid == pid && ev.exec.old_tid == pid);
			execs++;
		}
		if (ev.type == UTRACER_EVENT_DETACH && ev.tid == pid)
			break;
	}
	CHECK(execs == 1);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
}

static void test_signal(void)
{
	UTRACER_OPTS(utracer_attach_opts, a,
		.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL) |
			  UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT));
	struct utracer_event_info ev;
	struct ulib_tracee t;
	char line[64];
	int signals = 0, exits = 0, status;

	REQUIRE(ulib_tracee_start(&t, "lib-sleeper", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(utracer_attach(u, t.pid, &a) == 0);
	CHECK(kill(t.pid, SIGUSR1) == 0);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 &&
	      strcmp(line, "usr1") == 0);
	CHECK(write(t.in, "bye\n", 4) == 4);
	while (next_event(t.pid, &ev) == 0) {
		if (ev.type == UTRACER_EVENT_SIGNAL) {
			if (ev.signal.signo != SIGUSR1 || ev.signal.sender_pid != getpid())
				fprintf(stderr, "signal %d code %d sender %d (we are %d)\n",
					ev.signal.signo, ev.signal.code,
					(int)ev.signal.sender_pid, (int)getpid());
			CHECK(ev.signal.signo == SIGUSR1);
			CHECK(ev.signal.code == SI_USER);
			CHECK(ev.signal.sender_pid == getpid());
			signals++;
		} else if (ev.type == UTRACER_EVENT_EXIT) {
			CHECK(WIFEXITED(ev.exit.status) && WEXITSTATUS(ev.exit.status) == 0);
			exits++;
		} else if (ev.type == UTRACER_EVENT_DETACH) {
			break;
		}
	}
	CHECK(signals == 1 && exits == 1);
	status = ulib_tracee_wait(&t, 10000);
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

/* The syscall number thread pid is in (from /proc/PID/syscall), or -1. */
static long current_syscall(pid_t pid)
{
	char path[64];
	long nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &nr) != 1)
			nr = -1;
		fclose(f);
	}
	return nr;
}

/*
 * A child process of ours with its own client (one per process) and a
 * small queue traces N getppid calls; it reports "received lost" on a
 * pipe. Lossy: nothing is read until the tracee has made every call and
 * sleeps, still attached. Lossless: events are read as they come.
 */
static void test_queue(int lossy, int batched, long calls, long *received, long *lost)
{
	int p[2];
	pid_t child;
	long r = -1, l = -1;

	REQUIRE(pipe(p) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		UTRACER_OPTS(utracer_open_opts, oo, .queue_limit = 4096);
		UTRACER_OPTS(utracer_attach_opts, a,
			.flags = lossy ? UTRACER_ATTACH_F_LOSSY : 0,
			.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
				  UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT));
		char n[32];
		char *argv[] = { "lib-syscalls", n, "0", "0", "0", "30", NULL };
		struct utracer_event_info ev;
		struct utracer *c = utracer_open(&oo);
		long got = 0, gone = 0, waited = 0;
		pid_t pid;

		snprintf(n, sizeof(n), "%ld", calls);
		if (!c)
			_exit(2);
		if (batched && utracer_set_wakeup(c, 2048, 5))
			_exit(4);
		{
			UTRACER_OPTS(utracer_spawn_opts, so, .attach = &a);

			pid = utracer_spawn(c, ulib_prog("lib-syscalls"), argv, &so);
		}
		if (pid < 0 || utracer_run(c, pid, 0))
			_exit(3);
		if (lossy) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			while (current_syscall(pid) != SYS_clock_nanosleep &&
			       current_syscall(pid) != SYS_nanosleep && waited++ < 6000)
				nanosleep(&ts, NULL);
		}
		while (utracer_event_wait(c, &ev, 2000) == 0) {
			if ((ev.type == UTRACER_EVENT_SYSCALL_ENTRY &&
			     ev.syscall_entry.nr == SYS_getppid) ||
			    (ev.type == UTRACER_EVENT_SYSCALL_EXIT &&
			     ev.syscall_exit.nr == SYS_getppid))
				got++;
			if (ev.type == UTRACER_EVENT_LOST)
				gone += (long)ev.lost.count;
			/* Once in its sleep, nothing more comes. */
			if (ev.type == UTRACER_EVENT_SYSCALL_ENTRY &&
			    (ev.syscall_entry.nr == SYS_clock_nanosleep ||
			     ev.syscall_entry.nr == SYS_nanosleep))
				break;
		}
		/* A lossy queue may have dropped the sleep's entry too. */
		while (lossy && utracer_event_next(c, &ev) == 0)
			if (ev.type == UTRACER_EVENT_LOST)
				gone += (long)ev.lost.count;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		dprintf(p[1], "%ld %ld\n", got, gone);
		utracer_close(c);
		_exit(0);
	}
	close(p[1]);
	{
		char buf[64] = "";
		ssize_t k = read(p[0], buf, sizeof(buf) - 1);

		if (k > 0)
			sscanf(buf, "%ld %ld", &r, &l);
	}
	close(p[0]);
	waitpid(child, NULL, 0);
	*received = r;
	*lost = l;
}

static void test_peek_and_stash(void)
{
	const long calls = 40000;
	UTRACER_OPTS(utracer_attach_opts, a,
		     .events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
			       UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT));
	char n[32];
	char *argv[] = { "lib-syscalls", n, "0", "0", "0", "30", NULL };
	struct utracer_event_info ev, again;
	long got = 0, peeks = 0, same = 0;
	uint64_t last_seq = 0;
	int ret, out_of_order = 0;
	time_t end;
	pid_t pid;

	REQUIRE(utracer_has_feature(u, UTRACER_FEATURE_RING) == 1);
	CHECK_ERR(utracer_event_advance(u), ENOENT);
	snprintf(n, sizeof(n), "%ld", calls);
	pid = spawn(argv, &a);
	REQUIRE(pid > 0);
	REQUIRE(utracer_run(u, pid, 0) == 0);
	/* No exec comes: every record is passed over, until the stash is full. */
	CHECK_ERR(utracer_event_wait_for(u, pid, UTRACER_EVENT_EXEC, &ev, 60000), ENOBUFS);
	end = time(NULL) + 60;
	while (got < 2 * calls && time(NULL) < end) {
		ret = utracer_event_peek(u, &ev);
		if (ret == -EAGAIN) {
			struct pollfd pfd = { .fd = utracer_event_fd(u), .events = POLLIN };

			poll(&pfd, 1, 100);
			continue;
		}
		REQUIRE(ret == 0);
		peeks++;
		if (utracer_event_peek(u, &again) == 0 && again.seq == ev.seq)
			same++;
		if (ev.seq <= last_seq)
			out_of_order++;
		last_seq = ev.seq;
		if ((ev.type == UTRACER_EVENT_SYSCALL_ENTRY && ev.syscall_entry.nr == SYS_getppid) ||
		    (ev.type == UTRACER_EVENT_SYSCALL_EXIT && ev.syscall_exit.nr == SYS_getppid))
			got++;
		CHECK(utracer_event_advance(u) == 0);
	}
	CHECK(got == 2 * calls);
	CHECK(same == peeks);
	CHECK(out_of_order == 0);
	if (got != 2 * calls || same != peeks || out_of_order)
		fprintf(stderr, "peek: %ld of %ld getppid events, %ld of %ld peeks repeated, %d out of order\n",
			got, 2 * calls, same, peeks, out_of_order);
	CHECK_ERR(utracer_event_advance(u), ENOENT);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int main(void)
{
	long received, lost;

	u = ulib_open_or_skip();
	test_stops_at_syscalls();
	test_clone_exit_exec();
	test_signal();
	test_peek_and_stash();
	utracer_close(u);

	/* Woken for each event, then in batches (utracer_set_wakeup()). */
	for (int batched = 0; batched < 2; batched++) {
		test_queue(1, batched, 5000, &received, &lost);
		CHECK(lost > 0);
		/* Lost counts every dropped event, not only getppid ones. */
		CHECK(received >= 0 && received + lost >= 2 * 5000);
		if (lost <= 0 || received + lost < 2 * 5000)
			fprintf(stderr, "lossy%s: received %ld lost %ld\n",
				batched ? ", batched" : "", received, lost);
		test_queue(0, batched, 3000, &received, &lost);
		CHECK(received == 2 * 3000 && lost == 0);
		if (received != 2 * 3000 || lost)
			fprintf(stderr, "lossless%s: received %ld lost %ld\n",
				batched ? ", batched" : "", received, lost);
	}
	return ulib_verdict();
}
