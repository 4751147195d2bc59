// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a syscall storm against a 4 KiB queue. Lossless: a client
 * that reads while the tracee storms gets every one of its syscalls and no
 * LOST record. Lossy: delivered + dropped == generated exactly, also when
 * the tracee exits right after the storm or the client detaches it before
 * reading a thing: the final count comes in a LOST record queued before the
 * DETACH record.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define STORM 3000

union rec {
	struct utracer_event hdr;
	struct utracer_ev_syscall_entry entry;
	struct utracer_ev_lost lost;
	struct utracer_ev_detach detach;
	char raw[256];
};

struct tally {
	unsigned long entries;
	unsigned long long lost;
	int lost_records;
	int detach_reason;	/* 0: none seen */
	int lost_after_detach;
	int bad_seq;
};

static int setup(struct uabi_client *c, struct uabi_child *ch, uint32_t flags)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_register reg = { .size = sizeof(reg), .queue_limit = 4096 };
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_ENTRY, .op = UTRACER_SYSCALL_OP_NONE,
	};
	char path[64], line[64];

	memset(c, 0, sizeof(*c));
	c->control = open("/proc/utrace/control", O_RDONLY | O_CLOEXEC);
	CHECK_OK(ioctl(c->control, UTRACER_IOC_REGISTER, &reg));
	c->pid = reg.client_pid;
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", reg.client_pid);
	c->cmd = open(path, O_RDWR | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", reg.client_pid);
	c->resp = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(c->cmd >= 0 && c->resp >= 0, "open client files");
	CHECK(uabi_spawn(ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	if (uabi_attach(c, ch->pid, flags, UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0))
		return -1;
	f.pid = ch->pid;
	if (ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f))
		return -1;
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	return ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f);
}

/* Account for one record; returns its type. */
static int account(struct tally *t, const union rec *ev, int type, pid_t pid, uint64_t *seq)
{
	if (ev->hdr.seq <= *seq)
		t->bad_seq++;
	*seq = ev->hdr.seq;
	switch (type) {
	case UTRACER_EV_SYSCALL_ENTRY:
		if (ev->entry.nr == SYS_getppid && ev->hdr.pid == pid)
			t->entries++;
		break;
	case UTRACER_EV_LOST:
		CHECK(ev->hdr.pid == pid && ev->lost.count > 0, "LOST record pid %d count %llu",
		      ev->hdr.pid, (unsigned long long)ev->lost.count);
		t->lost += ev->lost.count;
		t->lost_records++;
		t->lost_after_detach += t->detach_reason != 0;
		break;
	case UTRACER_EV_DETACH:
		t->detach_reason = ev->detach.reason;
		break;
	}
	return type;
}

/* Read until DETACH arrives, or until nothing comes for @quiet_ms. */
static void drain(struct uabi_client *c, struct tally *t, pid_t pid, int quiet_ms)
{
	uint64_t seq = 0;
	union rec ev;
	int r;

	while ((r = uabi_next_event(c, &ev, sizeof(ev), quiet_ms)) > 0)
		if (account(t, &ev, r, pid, &seq) == UTRACER_EV_DETACH)
			break;
}

static void lossless(void)
{
	struct tally t = { 0 };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], cmd[32];
	uint64_t seq = 0;
	union rec ev;
	long long t0 = uabi_now_ms();
	int r;

	CHECK_OK(setup(&c, &ch, 0));
	snprintf(cmd, sizeof(cmd), "storm %d\n", STORM);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	/* Read while it storms; it waits whenever the 4 KiB queue is full. */
	while (t.entries < STORM && (r = uabi_next_event(&c, &ev, sizeof(ev), TMO)) > 0)
		account(&t, &ev, r, ch.pid, &seq);
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "ok storm"),
	      "tracee did not finish the storm: %s", line);
	CHECK(t.entries == STORM && !t.lost_records && !t.bad_seq,
	      "lossless: %lu of %d, %d LOST records, %d out of order", t.entries, STORM,
	      t.lost_records, t.bad_seq);
	fprintf(stderr, "lossless storm of %d: %lld ms\n", STORM, uabi_now_ms() - t0);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

/* Lossy, nobody reads until the tracee has exited and been reaped. */
static void lossy_exit(void)
{
	struct tally t = { 0 };
	struct uabi_client c;
	struct uabi_child ch;
	char cmd[32];
	int st = 0;

	CHECK_OK(setup(&c, &ch, UTRACER_ATTACH_LOSSY));
	snprintf(cmd, sizeof(cmd), "storm-exit %d\n", STORM);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_reap(&ch, &st) == 0 && WIFEXITED(st) && !WEXITSTATUS(st),
	      "tracee status %x", st);
	drain(&c, &t, ch.pid, 2000);
	CHECK(t.lost > 0 && t.entries + t.lost == STORM,
	      "lossy exit: %lu delivered + %llu dropped != %d", t.entries, t.lost, STORM);
	CHECK(t.detach_reason == UTRACER_DETACH_EXIT && !t.lost_after_detach,
	      "DETACH reason %d, %d LOST records after it", t.detach_reason,
	      t.lost_after_detach);
	CHECK(!t.bad_seq, "%d records out of order", t.bad_seq);
	CHECK(t.entries * sizeof(struct utracer_ev_syscall_entry) <= 4096, "queue exceeded");
	uabi_close(&c);
}

/* Lossy, the client detaches the tracee before it reads a thing. */
static void lossy_detach(void)
{
	struct tally t = { 0 };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], cmd[32];

	CHECK_OK(setup(&c, &ch, UTRACER_ATTACH_LOSSY));
	snprintf(cmd, sizeof(cmd), "storm %d\n", STORM);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "lossy tracee was blocked");
	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0));
	drain(&c, &t, ch.pid, 2000);
	CHECK(t.lost > 0 && t.entries + t.lost == STORM,
	      "lossy detach: %lu delivered + %llu dropped != %d", t.entries, t.lost, STORM);
	CHECK(t.detach_reason == UTRACER_DETACH_REQUEST && !t.lost_after_detach,
	      "DETACH reason %d, %d LOST records after it", t.detach_reason,
	      t.lost_after_detach);
	CHECK(!t.bad_seq, "%d records out of order", t.bad_seq);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

/* Lossy, the client reads while the tracee storms and exits. */
static void lossy_reading(void)
{
	struct tally t = { 0 };
	struct uabi_client c;
	struct uabi_child ch;
	char cmd[32];

	CHECK_OK(setup(&c, &ch, UTRACER_ATTACH_LOSSY));
	snprintf(cmd, sizeof(cmd), "storm-exit %d\n", STORM);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	drain(&c, &t, ch.pid, TMO);
	CHECK(t.entries + t.lost == STORM,
	      "lossy reading: %lu delivered + %llu dropped != %d", t.entries, t.lost, STORM);
	CHECK(t.detach_reason == UTRACER_DETACH_EXIT && !t.lost_after_detach && !t.bad_seq,
	      "DETACH reason %d, %d LOST after it, %d out of order", t.detach_reason,
	      t.lost_after_detach, t.bad_seq);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	lossless();
	lossy_exit();
	lossy_detach();
	lossy_reading();
	return uabi_failures ? FAIL : PASS;
}
