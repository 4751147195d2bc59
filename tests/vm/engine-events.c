// SPDX-License-Identifier: GPL-2.0
/*
 * Description: event records on resp. Syscall entry (number, arguments)
 * and exit (return value) limited in the kernel to a chosen set (entry and
 * exit separately); clone of a thread (followed: its exit and detach are
 * reported) and of a process (not followed); signal delivery with its
 * sender; a syscall entry that stops the tracee until RUN; exec with the
 * new path; exit with its wait status. Sequence numbers increase.
 */
#include <errno.h>
#include <sched.h>
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

static struct uabi_client c;
static struct uabi_child ch;
static uint64_t last_seq;

union ev {
	struct utracer_event hdr;
	struct utracer_ev_syscall_entry entry;
	struct utracer_ev_syscall_exit exit_;
	struct utracer_ev_exec exec;
	struct utracer_ev_clone clone;
	struct utracer_ev_exit ex;
	struct utracer_ev_signal sig;
	struct utracer_ev_stop stop;
	struct utracer_ev_detach detach;
	char raw[4096 + 64];
};

/* Collect every event until the tracee answers @cmd (or times out). */
static int run_cmd(const char *cmd, union ev *evs, int max, char *answer)
{
	char line[256];
	int n = 0, r;

	snprintf(line, sizeof(line), "%s\n", cmd);
	CHECK(write(ch.in, line, strlen(line)) == (ssize_t)strlen(line), "write");
	CHECK(uabi_read_line(&ch, answer, 256, TMO) > 0, "no answer to %s", cmd);
	/* The answer's write happens after the events we want: drain them. */
	while (n < max && (r = uabi_next_event(&c, &evs[n], sizeof(evs[n]), 300)) > 0) {
		CHECK(evs[n].hdr.seq > last_seq, "seq %llu after %llu",
		      (unsigned long long)evs[n].hdr.seq, (unsigned long long)last_seq);
		last_seq = evs[n].hdr.seq;
		n++;
	}
	return n;
}

static int count(union ev *evs, int n, int type)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += evs[i].hdr.type == type;
	return k;
}

static union ev *find(union ev *evs, int n, int type)
{
	for (int i = 0; i < n; i++)
		if (evs[i].hdr.type == type)
			return &evs[i];
	return NULL;
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct utracer_syscall_filter f = { .size = sizeof(f) };
	struct utracer_set_events se = { .size = sizeof(se) };
	static union ev evs[256];
	uint64_t bitmap[UTRACER_SYSCALL_MAX / 64] = { 0 };
	char answer[256], line[256];
	union ev *e;
	int n, st, others;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	/*
	 * Events start only once the filter is in place: the tracee may still
	 * be making syscalls (stdio's buffers) between "ready" and its read().
	 */
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));

	/* Only getpid, entry and exit. */
	bitmap[SYS_getpid / 64] |= 1ULL << (SYS_getpid % 64);
	f.flags = UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_EXIT;
	f.pid = ch.pid;
	f.op = UTRACER_SYSCALL_OP_SET;
	f.bitmap = (uintptr_t)bitmap;
	f.bitmap_bits = UTRACER_SYSCALL_MAX;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	se.pid = ch.pid;
	se.event_mask = UTRACER_EVMASK_ALL;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));
	n = run_cmd("getpid", evs, 256, answer);
	others = n - count(evs, n, UTRACER_EV_SYSCALL_ENTRY) - count(evs, n, UTRACER_EV_SYSCALL_EXIT);
	CHECK(count(evs, n, UTRACER_EV_SYSCALL_ENTRY) == 1 &&
	      count(evs, n, UTRACER_EV_SYSCALL_EXIT) == 1 && !others,
	      "getpid: %d events", n);
	e = find(evs, n, UTRACER_EV_SYSCALL_ENTRY);
	CHECK(e && e->entry.nr == SYS_getpid && e->entry.arch == UTRACER_ARCH_X86_64 &&
	      e->hdr.pid == ch.pid && e->hdr.tid == ch.pid && e->entry.ip &&
	      e->hdr.size == sizeof(e->entry), "entry record");
	e = find(evs, n, UTRACER_EV_SYSCALL_EXIT);
	CHECK(e && e->exit_.nr == SYS_getpid && e->exit_.ret == ch.pid, "exit record ret %lld",
	      e ? (long long)e->exit_.ret : 0);

	/* Entry only: remove getpid from the exit set. */
	f.flags = UTRACER_SYSCALL_EXIT;
	f.op = UTRACER_SYSCALL_OP_REMOVE;
	f.bitmap = 0;
	f.bitmap_bits = 0;
	f.nr = SYS_getpid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	n = run_cmd("getpid", evs, 256, answer);
	CHECK(count(evs, n, UTRACER_EV_SYSCALL_ENTRY) == 1 &&
	      count(evs, n, UTRACER_EV_SYSCALL_EXIT) == 0, "entry-only: %d events", n);
	/* Syscall events off; the rest on. */
	se.pid = ch.pid;
	se.event_mask = UTRACER_EVMASK_ALL & ~(UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
					       UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT));
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));

	n = run_cmd("thread", evs, 256, answer);
	e = find(evs, n, UTRACER_EV_CLONE);
	CHECK(e && e->clone.kind == UTRACER_CLONE_THREAD && e->clone.child_pid == ch.pid &&
	      e->clone.child_tid > 0 && e->clone.child_tid != ch.pid &&
	      (e->clone.clone_flags & CLONE_THREAD), "thread clone record");
	if (e) {
		pid_t tid = e->clone.child_tid;
		union ev *x = find(evs, n, UTRACER_EV_EXIT);

		CHECK(x && x->hdr.tid == tid && x->ex.code == 0 && !x->ex.group,
		      "thread exit record");
		x = find(evs, n, UTRACER_EV_DETACH);
		CHECK(x && x->hdr.tid == tid && x->detach.reason == UTRACER_DETACH_EXIT,
		      "thread detach record");
	}

	n = run_cmd("fork", evs, 256, answer);
	e = find(evs, n, UTRACER_EV_CLONE);
	CHECK(e && e->clone.kind == UTRACER_CLONE_PROCESS && e->clone.child_pid > 0 &&
	      e->clone.child_pid == e->clone.child_tid && e->clone.child_pid != ch.pid,
	      "fork clone record");
	CHECK(e && atoi(answer + 3) == e->clone.child_pid, "fork child %s", answer);
	CHECK(count(evs, n, UTRACER_EV_EXIT) == 0, "the forked child was followed");

	n = run_cmd("signal", evs, 256, answer);
	e = find(evs, n, UTRACER_EV_SIGNAL);
	CHECK(e && e->sig.signo == SIGUSR1 && e->sig.code == SI_USER &&
	      e->sig.sender_pid == ch.pid, "signal record");
	CHECK(!strcmp(answer, "ok 10"), "handler did not run: %s", answer);

	/* A syscall entry that stops the tracee. */
	se.event_mask = UTRACER_EVMASK_ALL;
	se.stop_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));
	f.flags = UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_EXIT;
	f.op = UTRACER_SYSCALL_OP_NONE;
	f.nr = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	f.flags = UTRACER_SYSCALL_ENTRY;
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	CHECK(write(ch.in, "loop 1\n", 7) == 7, "write");
	{
		union ev ev;

		CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &ev, sizeof(ev), TMO) &&
		      ev.entry.nr == SYS_getppid && (ev.hdr.flags & UTRACER_EVF_STOPPED),
		      "stopping entry record");
		CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &ev, sizeof(ev), TMO) &&
		      ev.stop.reason == UTRACER_STOP_EVENT &&
		      ev.stop.event == UTRACER_EV_SYSCALL_ENTRY, "stop record");
		CHECK(uabi_wait_state(&c, ch.pid, UTRACER_TASK_STOPPED, TMO), "not stopped");
		CHECK(uabi_read_line(&ch, answer, 256, 300) < 0, "ran while stopped: %s", answer);
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
		CHECK(uabi_read_line(&ch, answer, 256, TMO) > 0 && !strcmp(answer, "ok loop"),
		      "after RUN: %s", answer);
	}
	se.stop_mask = 0;
	se.event_mask = UTRACER_EVMASK(UTRACER_EV_EXEC) | UTRACER_EVMASK(UTRACER_EV_EXIT);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));

	snprintf(line, sizeof(line), "exec %s", argv[0]);
	n = run_cmd(line, evs, 256, answer);
	e = find(evs, n, UTRACER_EV_EXEC);
	CHECK(e && !strcmp(e->exec.path, argv[0]) && e->exec.old_tid == ch.pid &&
	      e->exec.path_len == strlen(argv[0]) + 1 && e->hdr.size % 8 == 0,
	      "exec record '%s'", e ? e->exec.path : "");
	CHECK(!strncmp(answer, "ready", 5), "after exec: %s", answer);

	CHECK(write(ch.in, "exit 3\n", 7) == 7, "write");
	CHECK(uabi_wait_event(&c, UTRACER_EV_EXIT, ch.pid, &evs[0], sizeof(evs[0]), TMO) &&
	      evs[0].ex.code == 3 << 8 && evs[0].ex.group == 1, "exit record code %x",
	      evs[0].ex.code);
	CHECK(uabi_wait_event(&c, UTRACER_EV_DETACH, ch.pid, &evs[0], sizeof(evs[0]), TMO) &&
	      evs[0].detach.reason == UTRACER_DETACH_EXIT, "detach record");
	uabi_reap(&ch, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status %x", st);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
