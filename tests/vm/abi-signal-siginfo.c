// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the SIGNAL record's whole siginfo, read raw from resp.
 * tests/progs/siginfo raises a signal of each layout and prints the 128
 * bytes its SA_SIGINFO handler received; the record of each (size
 * UTRACER_EV_SIGNAL_SIZE_VER2, UTRACER_SIGNAL_F_SIGINFO, siginfo_arch
 * x86-64) carries the same 128 bytes, and for the faults
 * UTRACER_SIGNAL_F_ADDR with addr the handler's si_addr (NULL for the
 * NULL read); signals that are not faults have no F_ADDR. The fields of
 * the first two versions are unchanged: signo, code, sender and uid of a
 * sigqueue (F_SENDER), SIGCHLD's status (F_CHILD). A reader that knows
 * only the first version (it copies UTRACER_EV_SIGNAL_SIZE_VER0 bytes and
 * steps by hdr.size) reads the same signo, code and sender, and the
 * record after it. A sigqueue'd SIGTERM that kills the process (the
 * kernel turns it into SIGKILL) is reported with its si_value. An ia32
 * program's fault comes in the 32-bit layout: siginfo_arch I386, si_addr
 * 0x1000 at offset 12.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

/* What a reader of the first version knows of the record. */
struct ev_signal_ver0 {
	struct utracer_event hdr;
	__u32 signo;
	__s32 code;
	__s32 errno_;
	__s32 sender_pid;
};

static struct uabi_client c;
static struct uabi_child ch;

static int unhex(const char *hex, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		out[i] = (unsigned char)b;
	}
	return 0;
}

/*
 * Run case @name in the tracee: its handler's siginfo into @want, the
 * record of its signal into @rec. Returns 0 when both came.
 */
static int run_case(const char *name, int signo, unsigned char want[128],
		    struct utracer_ev_signal *rec)
{
	char line[512], expect[64];
	int n = snprintf(line, sizeof(line), "%s\n", name);

	CHECK(write(ch.in, line, (size_t)n) == n, "write %s", name);
	if (uabi_read_line(&ch, line, sizeof(line), TMO) <= 0) {
		CHECK(0, "%s: no answer", name);
		return -1;
	}
	snprintf(expect, sizeof(expect), "ok %s ", name);
	if (strncmp(line, expect, strlen(expect)) || strlen(line) != strlen(expect) + 256 ||
	    unhex(line + strlen(expect), want, 128)) {
		CHECK(0, "%s: the tracee says %s", name, line);
		return -1;
	}
	/* The record came before the handler ran, so before the answer. */
	for (;;) {
		if (!uabi_wait_event(&c, UTRACER_EV_SIGNAL, ch.pid, rec, sizeof(*rec), 1000)) {
			CHECK(0, "%s: no SIGNAL record", name);
			return -1;
		}
		if ((int)rec->signo == signo)
			return 0;
	}
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void check_layouts(void)
{
	static const struct {
		const char *name;
		int signo;
		int fault;
	} cases[] = {
		{ "null", SIGSEGV, 1 }, { "readonly", SIGSEGV, 1 }, { "fpe", SIGFPE, 1 },
		{ "bus", SIGBUS, 1 }, { "ill", SIGILL, 1 }, { "queue", SIGUSR1, 0 },
		{ "queue-ptr", 0, 0 }, { "timer", SIGALRM, 0 }, { "mesgq", SIGUSR2, 0 },
		{ "poll", SIGIO, 0 }, { "tkill", SIGUSR1, 0 }, { "child", SIGCHLD, 0 },
		{ "sys", SIGSYS, 0 },
	};
	struct utracer_ev_signal rec;
	unsigned char want[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = cases[i].name;
		int signo = cases[i].signo ? cases[i].signo : SIGRTMIN + 1;

		if (run_case(name, signo, want, &rec))
			continue;
		CHECK(rec.hdr.size == UTRACER_EV_SIGNAL_SIZE_VER2, "%s: size %u", name,
		      rec.hdr.size);
		CHECK(rec.sig_flags & UTRACER_SIGNAL_F_SIGINFO, "%s: flags %#x", name,
		      rec.sig_flags);
		CHECK(rec.siginfo_arch == UTRACER_ARCH_X86_64, "%s: arch %u", name,
		      rec.siginfo_arch);
		CHECK(!memcmp(rec.siginfo, want, sizeof(want)),
		      "%s: the record's siginfo is not the handler's", name);
		CHECK(rec.code == *(int32_t *)(want + 8), "%s: code %d", name, rec.code);
		if (cases[i].fault) {
			CHECK((rec.sig_flags & UTRACER_SIGNAL_F_ADDR) && rec.addr == le64(want + 16),
			      "%s: addr %#llx flags %#x, the handler's %#llx", name,
			      (unsigned long long)rec.addr, rec.sig_flags,
			      (unsigned long long)le64(want + 16));
		} else {
			CHECK(!(rec.sig_flags & UTRACER_SIGNAL_F_ADDR) && !rec.addr,
			      "%s: F_ADDR on a signal that is no fault", name);
		}
		if (!strcmp(name, "null"))
			CHECK(rec.addr == 0 && rec.code == SEGV_MAPERR, "null: addr %#llx",
			      (unsigned long long)rec.addr);
		if (!strcmp(name, "queue"))
			CHECK(rec.code == SI_QUEUE && rec.sender_pid == ch.pid &&
			      rec.sender_uid == getuid() && (rec.sig_flags & UTRACER_SIGNAL_F_SENDER) &&
			      *(int32_t *)(rec.siginfo + 24) == 42,
			      "queue: code %d sender %d flags %#x", rec.code, rec.sender_pid,
			      rec.sig_flags);
		if (!strcmp(name, "child"))
			CHECK(rec.code == CLD_EXITED && rec.status == 3 &&
			      (rec.sig_flags & UTRACER_SIGNAL_F_CHILD) && rec.sender_pid > 0 &&
			      rec.sender_pid == *(int32_t *)(rec.siginfo + 16),
			      "child: code %d status %d flags %#x", rec.code, rec.status,
			      rec.sig_flags);
	}
}

/* A reader of the first version: VER0 bytes of each record, stepping by hdr.size. */
static void check_old_reader(void)
{
	struct ev_signal_ver0 old;
	struct utracer_ev_exit ex;
	char line[512];

	CHECK(write(ch.in, "queue\n", 6) == 6, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "queue: no answer");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SIGNAL, ch.pid, &old, UTRACER_EV_SIGNAL_SIZE_VER0,
			      TMO), "no SIGNAL record");
	CHECK(old.hdr.size == UTRACER_EV_SIGNAL_SIZE_VER2 && old.signo == SIGUSR1 &&
	      old.code == SI_QUEUE && old.sender_pid == ch.pid && old.errno_ == 0,
	      "the first version's fields: size %u signo %u code %d sender %d", old.hdr.size,
	      old.signo, old.code, old.sender_pid);
	/* The next record, after the whole one: the tracee's exit. */
	close(ch.in);
	CHECK(uabi_wait_event(&c, UTRACER_EV_EXIT, ch.pid, &ex, sizeof(ex), TMO) &&
	      ex.code == 0, "the exit record after it");
}

static void check_fatal(void)
{
	char *argv[] = { (char *)uabi_prog("siginfo"), NULL };
	struct utracer_ev_signal rec;
	struct uabi_child fc;
	char line[256];
	int st = 0;

	CHECK(uabi_spawn(&fc, argv) == 0, "spawn");
	CHECK(uabi_read_line(&fc, line, sizeof(line), TMO) > 0, "the second tracee is not ready");
	CHECK_OK(uabi_attach(&c, fc.pid, 0, UTRACER_EVMASK(UTRACER_EV_SIGNAL), 0));
	CHECK(write(fc.in, "fatal-queue\n", 12) == 12, "write");
	memset(&rec, 0, sizeof(rec));
	CHECK(uabi_wait_event(&c, UTRACER_EV_SIGNAL, fc.pid, &rec, sizeof(rec), TMO),
	      "fatal SIGTERM: no SIGNAL record");
	CHECK(rec.signo == SIGTERM && rec.code == SI_QUEUE &&
	      (rec.sig_flags & UTRACER_SIGNAL_F_SIGINFO) &&
	      *(int32_t *)(rec.siginfo + 0) == SIGTERM && *(int32_t *)(rec.siginfo + 8) == SI_QUEUE &&
	      *(int32_t *)(rec.siginfo + 16) == fc.pid && *(int32_t *)(rec.siginfo + 24) == 99,
	      "fatal SIGTERM: signo %u code %d flags %#x value %d", rec.signo, rec.code,
	      rec.sig_flags, *(int32_t *)(rec.siginfo + 24));
	uabi_reap(&fc, &st);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "fatal-queue: status %#x", st);
}

static void check_ia32(void)
{
	static const char src[] =
		"\t.globl _start\n"
		"_start:\n"
		"\tmovl $4, %eax\n\tmovl $1, %ebx\n\tmovl $msg, %ecx\n\tmovl $3, %edx\n\tint $0x80\n"
		"\tmovl $3, %eax\n\txorl %ebx, %ebx\n\tmovl $msg, %ecx\n\tmovl $1, %edx\n\tint $0x80\n"
		"\tmovl $0x1000, %eax\n\tmovl $1, (%eax)\n"
		"\t.data\nmsg:\t.ascii \"go\\n\"\n";
	struct utracer_ev_signal rec;
	struct uabi_child pc;
	unsigned char want[128];
	uint32_t addr = 0x1000;
	char exe[64];
	int r = uabi_spawn_ia32(&pc, src, exe, sizeof(exe), TMO), st = 0;

	if (r == SKIP)
		return;
	CHECK(r == 0, "spawn the ia32 program");
	if (r)
		return;
	/* It waits in read() for a byte: attach, then let it fault. */
	CHECK_OK(uabi_attach(&c, pc.pid, 0, UTRACER_EVMASK(UTRACER_EV_SIGNAL), 0));
	CHECK(write(pc.in, "x", 1) == 1, "write");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SIGNAL, pc.pid, &rec, sizeof(rec), TMO),
	      "ia32: no SIGNAL record");
	memset(want, 0, sizeof(want));
	want[0] = SIGSEGV;
	want[8] = SEGV_MAPERR;
	memcpy(want + 12, &addr, sizeof(addr));
	CHECK(rec.signo == SIGSEGV && rec.siginfo_arch == UTRACER_ARCH_I386 &&
	      (rec.sig_flags & UTRACER_SIGNAL_F_ADDR) && rec.addr == 0x1000 &&
	      !memcmp(rec.siginfo, want, sizeof(want)),
	      "ia32: signo %u arch %u flags %#x addr %#llx", rec.signo, rec.siginfo_arch,
	      rec.sig_flags, (unsigned long long)rec.addr);
	uabi_reap(&pc, &st);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "ia32: status %#x", st);
	unlink(exe);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("siginfo"), NULL };
	char line[256];

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strncmp(line, "ready ", 6),
	      "the tracee is not ready: %s", line);
	CHECK_OK(uabi_attach(&c, ch.pid, 0,
			     UTRACER_EVMASK(UTRACER_EV_SIGNAL) | UTRACER_EVMASK(UTRACER_EV_EXIT), 0));
	check_layouts();
	check_old_reader();
	uabi_reap(&ch, NULL);
	check_fatal();
	check_ia32();
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
