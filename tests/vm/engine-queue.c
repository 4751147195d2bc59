// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the event queue. read() returns whole records only (a
 * buffer smaller than the next record is -EINVAL), O_NONBLOCK gives
 * -EAGAIN, poll() and epoll report readability. With a 4 KiB queue, a
 * lossy attachment drops events and reports how many in a LOST record; a
 * lossless one makes the tracee wait until the client reads, and loses
 * nothing: every one of its syscalls is reported. Every SYSCALL_ENTRY
 * record is one the filter lets through (getppid).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include "uabi.h"

#define TMO 30000
#define LOOPS 400

/*
 * A client with a 4 KiB queue, attached to a spawner, reporting the entries
 * of getppid only. Events are enabled after the filter is in place: the
 * spawner's "ready" line may reach us before it enters read(), and an
 * attachment that reported every syscall until the filter came would
 * report that read() too, a record no test counts on.
 */
static int setup(struct uabi_client *c, struct uabi_child *ch, uint32_t flags)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct utracer_register reg = { .size = sizeof(reg), .queue_limit = 4096 };
	struct utracer_syscall_filter f = { .size = sizeof(f) };
	struct utracer_set_events se = {
		.size = sizeof(se), .event_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY),
	};
	char path[64], line[64];

	memset(c, 0, sizeof(*c));
	c->control = open("/proc/utrace/control", O_RDONLY);
	CHECK_OK(ioctl(c->control, UTRACER_IOC_REGISTER, &reg));
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", reg.client_pid);
	c->cmd = open(path, O_RDWR);
	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", reg.client_pid);
	c->resp = open(path, O_RDONLY);
	CHECK(c->cmd >= 0 && c->resp >= 0, "open client files");
	CHECK(uabi_spawn(ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(c, ch->pid, flags, 0, 0));
	f.flags = UTRACER_SYSCALL_ENTRY;
	f.pid = ch->pid;
	f.op = UTRACER_SYSCALL_OP_NONE;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	se.pid = ch->pid;
	return ioctl(c->cmd, UTRACER_IOC_SET_EVENTS, &se);
}

static void basics(void)
{
	struct uabi_client c;
	struct uabi_child ch;
	struct pollfd pfd;
	struct epoll_event ee = { .events = EPOLLIN }, out;
	char small[16], line[64];
	int fl, ep;

	CHECK_OK(setup(&c, &ch, 0));
	fl = fcntl(c.resp, F_GETFL);
	fcntl(c.resp, F_SETFL, fl | O_NONBLOCK);
	CHECK_ERR(read(c.resp, small, sizeof(small)), EAGAIN);
	pfd.fd = c.resp;
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 0) == 0, "poll: readable while empty");
	ep = epoll_create1(0);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, c.resp, &ee));
	CHECK(epoll_wait(ep, &out, 1, 0) == 0, "epoll: readable while empty");
	CHECK(write(ch.in, "loop 1\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer");
	CHECK(poll(&pfd, 1, TMO) == 1 && (pfd.revents & POLLIN), "poll: not readable");
	CHECK(epoll_wait(ep, &out, 1, TMO) == 1, "epoll: not readable");
	CHECK_ERR(read(c.resp, small, sizeof(small)), EINVAL);
	/* A bad buffer: EFAULT, and the record stays queued. */
	CHECK_ERR(read(c.resp, (void *)(uintptr_t)4096, 4096), EFAULT);
	{
		struct utracer_ev_syscall_entry e;

		CHECK(read(c.resp, &e, sizeof(e)) == sizeof(e) && e.nr == SYS_getppid,
		      "whole record");
	}
	CHECK_ERR(read(c.resp, small, sizeof(small)), EAGAIN);
	close(ep);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

static void lossy(void)
{
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], cmd[32];
	uint64_t lost = 0;
	int entries = 0, r;
	union {
		struct utracer_event hdr;
		struct utracer_ev_lost lost;
		struct utracer_ev_syscall_entry sce;
		char raw[256];
	} ev;

	CHECK_OK(setup(&c, &ch, UTRACER_ATTACH_LOSSY));
	snprintf(cmd, sizeof(cmd), "loop %d\n", LOOPS);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	/* The tracee never waits: it finishes while nobody reads. */
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "lossy tracee was blocked");
	while ((r = uabi_next_event(&c, &ev, sizeof(ev), 500)) > 0) {
		if (r == UTRACER_EV_SYSCALL_ENTRY) {
			CHECK(ev.sce.nr == SYS_getppid, "lossy: entry of syscall %u (seq %llu)",
			      ev.sce.nr, (unsigned long long)ev.hdr.seq);
			entries++;
		}
		if (r == UTRACER_EV_LOST) {
			CHECK(ev.hdr.pid == ch.pid && ev.lost.count > 0, "lost record");
			lost += ev.lost.count;
		}
	}
	CHECK(lost > 0 && entries + lost == LOOPS,
	      "lossy: %d delivered + %llu lost != %d", entries, (unsigned long long)lost, LOOPS);
	CHECK(entries * sizeof(struct utracer_ev_syscall_entry) <= 4096, "queue exceeded");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

static void lossless(void)
{
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], cmd[32];
	int entries = 0, lost = 0, others = 0, r;
	union {
		struct utracer_event hdr;
		struct utracer_ev_syscall_entry sce;
		char raw[256];
	} ev;

	CHECK_OK(setup(&c, &ch, 0));
	snprintf(cmd, sizeof(cmd), "loop %d\n", LOOPS);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	/* Nobody reads: the tracee must wait, not finish. */
	CHECK(uabi_read_line(&ch, line, sizeof(line), 1000) < 0, "lossless tracee not blocked");
	while (entries < LOOPS && (r = uabi_next_event(&c, &ev, sizeof(ev), TMO)) > 0) {
		entries += r == UTRACER_EV_SYSCALL_ENTRY;
		others += r == UTRACER_EV_SYSCALL_ENTRY && ev.sce.nr != SYS_getppid;
		lost += r == UTRACER_EV_LOST;
	}
	CHECK(entries == LOOPS && !lost && !others, "lossless: %d of %d, %d lost records, %d not getppid",
	      entries, LOOPS, lost, others);
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "ok loop"),
	      "tracee did not finish: %s", line);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	basics();
	lossy();
	lossless();
	return uabi_failures ? FAIL : PASS;
}
