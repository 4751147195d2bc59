// SPDX-License-Identifier: GPL-2.0
/*
 * Description: 64 clients (64 processes) on one tracee. Each attaches it,
 * holds it stopped once (it runs only after all 64 let go) and gets every
 * one of its getppid() calls; then half detach and the other half still
 * get every call; all end by exiting, and the tracee runs on untraced.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define CLIENTS 64
#define CALLS 20

/*
 * One client. Steps, each acknowledged with a byte on @up after a byte on
 * @down: attach + QUIESCE (ack when stopped), RUN, count a storm, then
 * odd clients detach and even ones count a second storm.
 */
static int client(int idx, pid_t pid, int down, int up)
{
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_ENTRY, .pid = pid,
		.op = UTRACER_SYSCALL_OP_NONE,
	};
	struct utracer_ev_stop st;
	struct uabi_client c;
	char b;

	if (uabi_register(&c) ||
	    uabi_attach(&c, pid, 0, UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0) ||
	    ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f))
		return 1;
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	if (ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f) ||
	    uabi_target(&c, UTRACER_IOC_QUIESCE, pid, 0) ||
	    !uabi_wait_event(&c, UTRACER_EV_STOP, pid, &st, sizeof(st), TMO))
		return 2;
	if (write(up, "s", 1) != 1 || read(down, &b, 1) != 1)
		return 3;
	if (uabi_target(&c, UTRACER_IOC_RUN, pid, 0) || write(up, "r", 1) != 1)
		return 4;
	if (uabi_count_entries(&c, pid, SYS_getppid, CALLS, TMO) != CALLS)
		return 5;
	if (idx & 1) {
		if (uabi_target(&c, UTRACER_IOC_DETACH, pid, 0))
			return 6;
	}
	if (write(up, "c", 1) != 1 || read(down, &b, 1) != 1)
		return 7;
	if (!(idx & 1) && uabi_count_entries(&c, pid, SYS_getppid, CALLS, TMO) != CALLS)
		return 8;
	if (write(up, "d", 1) != 1 || read(down, &b, 1) != 1)
		return 9;
	return 0;
}

static int acks(int up, char want, int n)
{
	char b;
	int got = 0;

	while (got < n && read(up, &b, 1) == 1 && b == want)
		got++;
	return got;
}

static void all_go(int down[][2])
{
	for (int i = 0; i < CLIENTS; i++)
		CHECK(write(down[i][1], "g", 1) == 1, "write");
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	int down[CLIENTS][2], up[2], i, st, bad = 0;
	pid_t pids[CLIENTS];
	struct uabi_child ch;
	char line[64], cmd[32];

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(pipe(up) == 0, "pipe");
	for (i = 0; i < CLIENTS; i++) {
		CHECK(pipe(down[i]) == 0, "pipe");
		pids[i] = fork();
		if (!pids[i]) {
			close(up[0]);
			_exit(client(i, ch.pid, down[i][0], up[1]));
		}
		close(down[i][0]);
	}
	close(up[1]);
	CHECK(acks(up[0], 's', CLIENTS) == CLIENTS, "not all clients stopped it");
	snprintf(cmd, sizeof(cmd), "storm %d\n", CALLS);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	/* Let all but one go: it stays stopped. */
	for (i = 0; i < CLIENTS - 1; i++)
		CHECK(write(down[i][1], "g", 1) == 1, "write");
	CHECK(acks(up[0], 'r', CLIENTS - 1) == CLIENTS - 1, "RUN");
	CHECK(uabi_read_line(&ch, line, sizeof(line), 500) < 0, "ran while one client held it");
	CHECK(write(down[CLIENTS - 1][1], "g", 1) == 1, "write");
	CHECK(acks(up[0], 'r', 1) == 1, "RUN");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "ok storm"),
	      "storm: %s", line);
	CHECK(acks(up[0], 'c', CLIENTS) == CLIENTS, "not all clients counted the storm");
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "second storm");
	all_go(down);
	CHECK(acks(up[0], 'd', CLIENTS) == CLIENTS, "not all clients counted the second storm");
	all_go(down);
	for (i = 0; i < CLIENTS; i++) {
		if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "client %d: status %x\n", i, st);
			bad++;
		}
	}
	CHECK(!bad, "%d clients failed", bad);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee disturbed");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	return uabi_failures ? FAIL : PASS;
}
