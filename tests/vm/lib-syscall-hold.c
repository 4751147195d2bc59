// SPDX-License-Identifier: GPL-2.0
/*
 * Description: syscall-entry stops before the call (UTRACER_SYSCALL_F_BEFORE)
 * through libutracer: the feature is announced; at the stop the call has
 * not run (mkdir's directory is not there yet) and utracer_syscall_get()
 * reads its number and arguments; run, it runs once, with one entry and one
 * exit event; a rewritten argument opens another path, a rewritten number
 * makes another call, a negative one fails with ENOSYS; a skipped call has
 * no effect and returns the chosen error or value (its exit event
 * UTRACER_EVENT_F_SKIPPED, stopping when exit stops are asked); a signal
 * sent during the stop is taken after the call, as under ptrace: its
 * handler runs once the call is over, a blocking call (nanosleep) is
 * interrupted by it; the thread's signal mask is all blocked from the
 * release to the call's re-entry only (seen in a job-control stop between)
 * and given back after, also when the client detaches there; a detach
 * during the stop lets the call run; SIGKILL
 * during it kills the thread without the call; a second client's entry
 * stop holds the thread until both let it go. Bad arguments: EINVAL, a
 * running thread: EBUSY, BEFORE in a report filter: EINVAL.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>

#include "procfs.h"
#include "ulib-check.h"
#include "ulib-tracee.h"

#define TMO 30000

static struct utracer *u;
static struct ulib_tracee t;
static unsigned long long alt;

#define EV(kind) UTRACER_EVENT_BIT(UTRACER_EVENT_##kind)

/* The next syscall or signal event of the tracee; STOP events are passed over. */
static int next_event(struct utracer *c, struct utracer_event_info *ev)
{
	int err;

	do {
		err = utracer_event_wait_for(c, t.pid, 0, ev, TMO);
	} while (!err && ev->type == UTRACER_EVENT_STOP);
	return err;
}

/* The next event is the held entry of syscall nr: 0, or -1 (reported). */
static int expect_hold(struct utracer *c, int nr, struct utracer_event_info *ev)
{
	const unsigned int want = UTRACER_EVENT_F_STOPPED | UTRACER_EVENT_F_BEFORE;

	if (next_event(c, ev)) {
		fprintf(stderr, "no event where the entry of %d was due\n", nr);
		return -1;
	}
	if (ev->type != UTRACER_EVENT_SYSCALL_ENTRY || ev->syscall_entry.nr != nr ||
	    (ev->flags & want) != want) {
		fprintf(stderr, "event %u (nr %d, flags %#x) where the held entry of %d was due\n",
			ev->type, ev->syscall_entry.nr, ev->flags, nr);
		return -1;
	}
	return 0;
}

/* The next event is the exit of nr with ret and exactly the flags given. */
static void expect_exit(struct utracer *c, int nr, int64_t ret, unsigned int flags)
{
	struct utracer_event_info ev;

	if (next_event(c, &ev)) {
		fprintf(stderr, "no event where the exit of %d = %lld was due\n", nr, (long long)ret);
		CHECK(!"an exit event");
		return;
	}
	if (ev.type != UTRACER_EVENT_SYSCALL_EXIT || ev.syscall_exit.nr != nr ||
	    ev.syscall_exit.ret != ret || ev.flags != flags) {
		fprintf(stderr, "event %u (nr %d, ret %lld, flags %#x) where the exit of %d = %lld"
			" (flags %#x) was due\n", ev.type, ev.syscall_exit.nr,
			(long long)ev.syscall_exit.ret, ev.flags, nr, (long long)ret, flags);
		CHECK(!"the exit event due");
	}
}

/* Send a command line to the tracee. */
static void say(const char *line)
{
	size_t n = strlen(line);

	REQUIRE(write(t.in, line, n) == (ssize_t)n);
}

/* The tracee's answer "NAME RET ERRNO" to the last command. */
static void answer(const char *name, long ret, int err)
{
	char line[256], want[256];

	snprintf(want, sizeof(want), "%s %ld %d", name, ret, err);
	do {
		if (ulib_tracee_line(&t, line, sizeof(line), TMO) < 0) {
			fprintf(stderr, "no answer where '%s' was due\n", want);
			CHECK(!"an answer");
			return;
		}
	} while (!line[0]);
	if (strcmp(line, want)) {
		fprintf(stderr, "the tracee says '%s', not '%s'\n", line, want);
		CHECK(!"the answer due");
	}
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Stop the entries of the syscalls in nrs (-1 ends) before they run. */
static void hold(struct utracer *c, const int *nrs, unsigned int stop_exits)
{
	struct utracer_syscall_set set;
	int i;

	utracer_syscall_set_zero(&set);
	for (i = 0; nrs[i] >= 0; i++)
		REQUIRE(utracer_syscall_set_add(&set, (unsigned int)nrs[i]) == 0);
	REQUIRE(utracer_set_syscall_filter(c, t.pid, UTRACER_SYSCALL_F_ENTRY |
					   UTRACER_SYSCALL_F_EXIT, &set) == 0);
	REQUIRE(utracer_set_syscall_stops(c, t.pid, UTRACER_SYSCALL_F_ENTRY |
					  UTRACER_SYSCALL_F_BEFORE, &set) == 0);
	REQUIRE(utracer_set_syscall_stops(c, t.pid, UTRACER_SYSCALL_F_EXIT, &set) == 0);
	REQUIRE(utracer_set_events(c, t.pid, EV(SYSCALL_ENTRY) | EV(SYSCALL_EXIT) | EV(SIGNAL),
				   EV(SYSCALL_ENTRY) | stop_exits) == 0);
}

static void start(void)
{
	char *argv[] = { "sc-hold", NULL };
	char line[128];
	int pid;

	REQUIRE(ulib_tracee_start(&t, "sc-hold", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), TMO) > 0);
	REQUIRE(sscanf(line, "ready %d %llx", &pid, &alt) == 2 && pid == t.pid);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
}

static void check_run_and_rewrite(void)
{
	const int mkdir_only[] = { SYS_mkdir, -1 }, open_only[] = { SYS_openat, -1 };
	const int ppid_only[] = { SYS_getppid, -1 };
	struct utracer_event_info ev;
	struct utracer_syscall sc;

	/* Held before it runs; run, it runs once. */
	hold(u, mkdir_only, 0);
	say("mkdir /tmp/sc-hold-d1\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(!exists("/tmp/sc-hold-d1"));
	CHECK(utracer_syscall_get(u, t.pid, &sc) == 0);
	CHECK(sc.nr == SYS_mkdir && sc.arch == AUDIT_ARCH_X86_64);
	CHECK(sc.args[0] == ev.syscall_entry.args[0] && sc.args[1] == 0700);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_mkdir, 0, 0);
	answer("mkdir", 0, 0);
	CHECK(exists("/tmp/sc-hold-d1"));

	/* Another path: the tracee's own, never named, string. */
	hold(u, open_only, 0);
	say("open /tmp/sc-hold-orig\n");
	REQUIRE(expect_hold(u, SYS_openat, &ev) == 0);
	CHECK(utracer_syscall_get(u, t.pid, &sc) == 0);
	sc.args[1] = alt;
	CHECK(utracer_syscall_set(u, t.pid, &sc) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_openat, 3, 0);
	answer("open", 0, 0);
	CHECK(exists("/tmp/sc-hold-alt") && !exists("/tmp/sc-hold-orig"));

	/* Another call: getpid instead of getppid. */
	hold(u, ppid_only, 0);
	say("getppid\n");
	REQUIRE(expect_hold(u, SYS_getppid, &ev) == 0);
	CHECK(utracer_syscall_get(u, t.pid, &sc) == 0);
	sc.nr = SYS_getpid;
	CHECK(utracer_syscall_set(u, t.pid, &sc) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_getpid, t.pid, 0);
	answer("getppid", t.pid, 0);

	/* An invalid number: ENOSYS. */
	say("getppid\n");
	REQUIRE(expect_hold(u, SYS_getppid, &ev) == 0);
	CHECK(utracer_syscall_get(u, t.pid, &sc) == 0);
	sc.nr = -5;
	CHECK(utracer_syscall_set(u, t.pid, &sc) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, -5, -ENOSYS, 0);
	answer("getppid", -1, ENOSYS);

	/* Bad arguments change nothing. */
	say("getppid\n");
	REQUIRE(expect_hold(u, SYS_getppid, &ev) == 0);
	CHECK(utracer_syscall_get(u, t.pid, &sc) == 0);
	sc.arch = AUDIT_ARCH_I386;
	CHECK_ERR(utracer_syscall_set(u, t.pid, &sc), EINVAL);
	CHECK_ERR(utracer_syscall_set(u, t.pid, NULL), EINVAL);
	CHECK_ERR(utracer_syscall_get(u, 0, &sc), EINVAL);
	CHECK_ERR(utracer_syscall_skip(NULL, t.pid, 0), EINVAL);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_getppid, getpid(), 0);
	answer("getppid", getpid(), 0);
}

static void check_skip(void)
{
	const int mkdir_only[] = { SYS_mkdir, -1 }, ppid_only[] = { SYS_getppid, -1 };
	struct utracer_event_info ev;
	char line[64];

	/* Skipped with an error: nothing happens. */
	hold(u, mkdir_only, 0);
	say("mkdir /tmp/sc-hold-d2\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(utracer_syscall_skip(u, t.pid, -EPERM) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_mkdir, -EPERM, UTRACER_EVENT_F_SKIPPED);
	answer("mkdir", -1, EPERM);
	CHECK(!exists("/tmp/sc-hold-d2"));

	/* Skipped with a value; its exit stops when exit stops are asked. */
	hold(u, ppid_only, EV(SYSCALL_EXIT));
	say("getppid\n");
	REQUIRE(expect_hold(u, SYS_getppid, &ev) == 0);
	CHECK(utracer_syscall_skip(u, t.pid, 4242) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_getppid, 4242, UTRACER_EVENT_F_SKIPPED | UTRACER_EVENT_F_STOPPED);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 300) < 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	answer("getppid", 4242, 0);
}

/* A field of /proc/PID/status, as a number in base; ~0 if it is not there. */
static unsigned long long status_field(const char *key, int base)
{
	char path[64], line[256];
	unsigned long long v = ~0ULL;
	size_t n = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", t.pid);
	f = fopen(path, "r");
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = strtoull(line + n + 1, NULL, base);
			break;
		}
	fclose(f);
	return v;
}

/* Every signal blocked but SIGKILL and SIGSTOP, as /proc shows it. */
#define ALL_BLOCKED (~0ULL & ~(1ULL << (SIGKILL - 1)) & ~(1ULL << (SIGSTOP - 1)))

static void check_signal(void)
{
	const int nrs[] = { SYS_mkdir, SYS_getpid, SYS_nanosleep, -1 };
	struct utracer_event_info ev;

	/* getpid (the handler's) is held too: run it as it comes. */
	hold(u, nrs, 0);
	say("mkdir /tmp/sc-hold-d3\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(kill(t.pid, SIGUSR1) == 0);
	usleep(100000);
	CHECK(!exists("/tmp/sc-hold-d3"));
	CHECK(status_field("SigBlk", 16) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	/* The call runs first, then the handler (with its held getpid). */
	expect_exit(u, SYS_mkdir, 0, 0);
	CHECK(next_event(u, &ev) == 0 && ev.type == UTRACER_EVENT_SIGNAL &&
	      ev.signal.signo == SIGUSR1);
	REQUIRE(expect_hold(u, SYS_getpid, &ev) == 0);
	CHECK(exists("/tmp/sc-hold-d3"));
	/* In the handler: its own mask (SIGUSR1), not the re-run's. */
	CHECK(status_field("SigBlk", 16) == 1ULL << (SIGUSR1 - 1));
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_getpid, t.pid, 0);
	answer("mkdir", 0, 0);
	say("handled\n");
	answer("handled", 1, 0);

	/* A blocking call: the signal interrupts it, as it would under ptrace. */
	say("sleep\n");
	REQUIRE(expect_hold(u, SYS_nanosleep, &ev) == 0);
	CHECK(kill(t.pid, SIGUSR1) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_nanosleep, -516, 0);	/* -ERESTART_RESTARTBLOCK */
	CHECK(next_event(u, &ev) == 0 && ev.type == UTRACER_EVENT_SIGNAL &&
	      ev.signal.signo == SIGUSR1);
	REQUIRE(expect_hold(u, SYS_getpid, &ev) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	expect_exit(u, SYS_getpid, t.pid, 0);
	/* Not 60 s later: at once, with EINTR (a handler ran). */
	answer("sleep", -1, EINTR);
	say("handled\n");
	answer("handled", 2, 0);
	CHECK(status_field("SigBlk", 16) == 0);
}

/*
 * SIGUSR1 and SIGSTOP sent during the stop: on its way back to the call
 * the thread stops for SIGSTOP with every other signal blocked; the client
 * detaches there, and the thread, continued, has its own mask back (the
 * handler runs, SigBlk is 0) and makes the call.
 */
static void check_signal_detach(void)
{
	const int mkdir_only[] = { SYS_mkdir, -1 };
	struct utracer_event_info ev;

	hold(u, mkdir_only, 0);
	say("mkdir /tmp/sc-hold-d6\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(kill(t.pid, SIGUSR1) == 0);
	CHECK(kill(t.pid, SIGSTOP) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(proc_state(t.pid, 'T', TMO) == 'T');
	CHECK(status_field("SigBlk", 16) == ALL_BLOCKED);
	CHECK((status_field("SigPnd", 16) | status_field("ShdPnd", 16)) &
	      (1ULL << (SIGUSR1 - 1)));
	CHECK(!exists("/tmp/sc-hold-d6"));
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	while (utracer_event_next(u, &ev) == 0)
		;	/* the SIGNAL, STOP and DETACH records of that attachment */
	CHECK(kill(t.pid, SIGCONT) == 0);
	answer("mkdir", 0, 0);
	CHECK(exists("/tmp/sc-hold-d6"));
	say("handled\n");
	answer("handled", 3, 0);
	CHECK(status_field("SigBlk", 16) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
}

/*
 * The second client, in a child (one client per process): it stops at
 * every getppid entry too, the default way, and sees the held call's
 * record say "before"; it lets the thread go when told (a byte on go).
 * Exit status: 0 when all went as expected.
 */
static int second_client(int ready, int go)
{
	struct utracer_event_info ev;
	struct utracer_syscall_set set;
	struct utracer *u2 = utracer_open(NULL);
	char c = 0;

	REQUIRE(u2);
	REQUIRE(utracer_attach(u2, t.pid, NULL) == 0);
	utracer_syscall_set_zero(&set);
	REQUIRE(utracer_syscall_set_add(&set, SYS_getppid) == 0);
	REQUIRE(utracer_set_syscall_filter(u2, t.pid, UTRACER_SYSCALL_F_ENTRY |
					   UTRACER_SYSCALL_F_EXIT, &set) == 0);
	REQUIRE(utracer_set_events(u2, t.pid, EV(SYSCALL_ENTRY) | EV(SYSCALL_EXIT),
				   EV(SYSCALL_ENTRY)) == 0);
	REQUIRE(write(ready, "r", 1) == 1);
	REQUIRE(expect_hold(u2, SYS_getppid, &ev) == 0);
	REQUIRE(read(go, &c, 1) == 1);
	CHECK(utracer_run(u2, t.pid, 0) == 0);
	expect_exit(u2, SYS_getppid, getppid(), 0);
	utracer_close(u2);
	return ulib_failures ? ULIB_FAIL : ULIB_PASS;
}

static void check_two_clients(void)
{
	const int ppid_only[] = { SYS_getppid, -1 };
	struct utracer_event_info ev;
	int ready[2], go[2], status;
	char line[64], c;
	pid_t child;

	hold(u, ppid_only, 0);
	REQUIRE(pipe(ready) == 0 && pipe(go) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		ulib_failures = 0;	/* the child's own verdict */
		_exit(second_client(ready[1], go[0]));
	}
	REQUIRE(read(ready[0], &c, 1) == 1);
	say("getppid\n");
	REQUIRE(expect_hold(u, SYS_getppid, &ev) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	/* The other client still holds it. */
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 500) < 0);
	REQUIRE(write(go[1], "g", 1) == 1);
	expect_exit(u, SYS_getppid, getpid(), 0);
	answer("getppid", getpid(), 0);
	CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

static void check_detach_and_kill(void)
{
	const int mkdir_only[] = { SYS_mkdir, -1 };
	struct utracer_event_info ev;
	int status;

	hold(u, mkdir_only, 0);
	say("mkdir /tmp/sc-hold-d5\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	answer("mkdir", 0, 0);
	CHECK(exists("/tmp/sc-hold-d5"));
	while (utracer_event_next(u, &ev) == 0)
		;	/* the STOP and DETACH records of that attachment */

	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	hold(u, mkdir_only, 0);
	say("mkdir /tmp/sc-hold-d4\n");
	REQUIRE(expect_hold(u, SYS_mkdir, &ev) == 0);
	CHECK(kill(t.pid, SIGKILL) == 0);
	status = ulib_tracee_wait(&t, TMO);
	CHECK(status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CHECK(!exists("/tmp/sc-hold-d4"));
}

int main(void)
{
	const char *dirs[] = { "/tmp/sc-hold-d1", "/tmp/sc-hold-d2", "/tmp/sc-hold-d3",
			       "/tmp/sc-hold-d4", "/tmp/sc-hold-d5", "/tmp/sc-hold-d6" };
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rmdir(dirs[i]);
	unlink("/tmp/sc-hold-alt");
	unlink("/tmp/sc-hold-orig");
	u = ulib_open_or_skip();
	if (utracer_has_feature(u, UTRACER_FEATURE_SYSCALL_BEFORE) != 1) {
		/* The kernel cannot hold a call: the request says so. */
		start();
		CHECK_ERR(utracer_set_syscall_stops(u, t.pid, UTRACER_SYSCALL_F_BEFORE, NULL),
			  EOPNOTSUPP);
		ulib_tracee_kill(&t);
		utracer_close(u);
		if (ulib_failures)
			return ULIB_FAIL;
		fprintf(stderr, "syscall-entry holds are not supported here: skipped\n");
		return ULIB_SKIP;
	}
	start();
	CHECK_ERR(utracer_set_syscall_filter(u, t.pid, UTRACER_SYSCALL_F_BEFORE, NULL), EINVAL);
	{
		struct utracer_syscall sc;

		CHECK_ERR(utracer_syscall_get(u, t.pid, &sc), EBUSY);
	}
	check_run_and_rewrite();
	check_skip();
	check_signal();
	check_two_clients();
	check_signal_detach();
	check_detach_and_kill();
	ulib_tracee_kill(&t);
	utracer_close(u);
	return ulib_verdict();
}
