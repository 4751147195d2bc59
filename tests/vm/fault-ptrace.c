// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee traced by ptrace (strace -p) and by utracer at
 * once. Once strace traces it, both see every one of its getppid() calls
 * (utracer also those before); a utracer QUIESCE stops
 * it under strace and RUN resumes it; strace detaching leaves the utracer
 * attachment working, and a utracer DETACH leaves the process running.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define CALLS 50
#define OUT "/tmp/utracer-fault-ptrace.out"

static int tracer_pid(pid_t pid)
{
	char path[64], *s, *p;
	size_t len;
	int t = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	s = uabi_slurp(path, &len);
	if (!s)
		return -1;
	s[len ? len - 1 : 0] = 0;
	p = strstr(s, "TracerPid:");
	if (p)
		t = atoi(p + 10);
	free(s);
	return t;
}

static int count_lines(const char *path, const char *word)
{
	size_t len;
	char *s = uabi_slurp(path, &len), *p;
	int n = 0;

	if (!s)
		return -1;
	s[len ? len - 1 : 0] = 0;
	for (p = s; (p = strstr(p, word)); p++)
		n++;
	free(s);
	return n;
}

/* Reap @pid within @timeout_ms: 1, or 0 (it still runs). */
static int reap_within(pid_t pid, int *st, int timeout_ms)
{
	long long end = uabi_now_ms() + timeout_ms;

	while (waitpid(pid, st, WNOHANG) == 0) {
		if (uabi_now_ms() >= end)
			return 0;
		usleep(10000);
	}
	return 1;
}

/* /proc/PID/FILE's first line (static storage, two at a time), for a failure. */
static const char *proc_state(pid_t pid, const char *file)
{
	static char buf[2][128];
	static int which;
	char path[64], *s;
	size_t len;

	which ^= 1;
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	s = uabi_slurp(path, &len);
	snprintf(buf[which], sizeof(buf[which]), "%s %.*s", file, s ? (int)strcspn(s, "\n") : 1,
		 s ? s : "?");
	free(s);
	return buf[which];
}

/* want getppid entries of pid, and then none more from anyone. */
static int entries(struct uabi_client *c, pid_t pid, int want)
{
	int n = uabi_count_entries(c, pid, SYS_getppid, want, TMO);

	return n + uabi_count_entries(c, 0, SYS_getppid, INT_MAX, 200);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_ENTRY, .op = UTRACER_SYSCALL_OP_NONE,
	};
	struct utracer_ev_stop stop;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], cmd[32], pidarg[16];
	long long end;
	int st, n, warm, seen;
	pid_t strace;

	if (!uabi_available())
		return SKIP;
	if (access("/usr/bin/strace", X_OK))
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0));
	f.pid = ch.pid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));

	unlink(OUT);
	snprintf(pidarg, sizeof(pidarg), "%d", ch.pid);
	strace = fork();
	if (!strace) {
		execl("/usr/bin/strace", "strace", "-qq", "-e", "trace=getppid", "-o", OUT,
		      "-p", pidarg, (char *)NULL);
		_exit(127);
	}
	/*
	 * TracerPid is set when strace seizes the process, before strace has
	 * it stopped and resumed to trace its syscalls: calls made meanwhile
	 * are not in strace's output. One call at a time until strace shows
	 * one (it writes each line as the call ends); utracer sees them all.
	 */
	end = uabi_now_ms() + TMO;
	while (tracer_pid(ch.pid) != strace && uabi_now_ms() < end)
		usleep(10000);
	CHECK(tracer_pid(ch.pid) == strace, "strace did not attach");
	warm = 0;
	do {
		CHECK(write(ch.in, "storm 1\n", 8) == 8, "write");
		CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer to storm 1");
		warm++;
	} while (count_lines(OUT, "getppid(") < 1 && uabi_now_ms() < end && !uabi_failures);
	n = entries(&c, ch.pid, warm);
	CHECK(n == warm, "utracer saw %d of %d calls while strace attached", n, warm);
	seen = count_lines(OUT, "getppid(");
	CHECK(seen >= 1, "strace traced nothing in %d calls", warm);

	snprintf(cmd, sizeof(cmd), "storm %d\n", CALLS);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer under both tracers");
	n = entries(&c, ch.pid, CALLS);
	CHECK(n == CALLS, "utracer saw %d of %d calls under strace", n, CALLS);

	/* A utracer stop while ptrace-attached. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO),
	      "no STOP under strace");
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), 300) < 0, "ran while stopped");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "not resumed under strace");

	/* strace detaches (SIGTERM); utracer goes on. */
	kill(strace, SIGTERM);
	if (!reap_within(strace, &st, TMO)) {
		CHECK(0, "strace has not detached %d ms after SIGTERM: strace %s; tracee %s",
		      TMO, proc_state(strace, "syscall"), proc_state(ch.pid, "wchan"));
		kill(strace, SIGKILL);
		waitpid(strace, &st, 0);
	}
	CHECK(tracer_pid(ch.pid) == 0, "still ptraced");
	CHECK(count_lines(OUT, "getppid(") == seen + CALLS, "strace saw %d of %d calls",
	      count_lines(OUT, "getppid(") - seen, CALLS);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer after strace left");
	n = entries(&c, ch.pid, CALLS);
	CHECK(n == CALLS, "utracer saw %d of %d calls after strace left", n, CALLS);

	/* utracer detaches: the process runs on. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0));
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee disturbed by DETACH");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	unlink(OUT);
	return uabi_failures ? FAIL : PASS;
}
