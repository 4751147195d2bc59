// SPDX-License-Identifier: GPL-2.0
/*
 * Description: REGSET_WRITE. A tracee spins until rbx is not zero, then
 * exits with rbx & 0xff: writing rbx = 42 into the stopped thread is read
 * back and makes it exit with 42. A set with a bad segment selector (cs
 * with RPL 0) is refused with EIO and changes nothing, not even the rbx
 * it also carried; IOPL bits in eflags are dropped; an invalid MXCSR is
 * refused with EINVAL; xmm0 written through NT_PRFPREG and NT_X86_XSTATE
 * reads back; a write() batch carries a set too. A running thread gives
 * EBUSY; wrong length, unknown note type, read-only set (NT_386_IOPERM),
 * flags, size, bad pointer and a thread not attached give their errors.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/user.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

#ifndef NT_386_IOPERM
#define NT_386_IOPERM 0x201
#endif

static struct uabi_client c;

static int read_set(pid_t tid, unsigned int note, void *buf, size_t len)
{
	struct utracer_regset_read r = { .size = sizeof(r), .tid = tid, .note_type = note,
					 .buf = (uintptr_t)buf, .len = len };

	return ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r);
}

static int write_set(pid_t tid, unsigned int note, const void *buf, size_t len)
{
	struct utracer_regset_write w = { .size = sizeof(w), .tid = tid, .note_type = note,
					  .buf = (uintptr_t)buf, .len = len };

	return ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, &w);
}

/* Stop the tracee inside its spin loop [loop, end): retried until it is. */
static int stop_in_loop(pid_t pid, unsigned long long loop, unsigned long long end)
{
	struct user_regs_struct regs;
	struct utracer_ev_stop ev;
	int i;

	for (i = 0; i < 50; i++) {
		if (uabi_target(&c, UTRACER_IOC_QUIESCE, pid, 0) ||
		    !uabi_wait_event(&c, UTRACER_EV_STOP, pid, &ev, sizeof(ev), TMO) ||
		    read_set(pid, NT_PRSTATUS, &regs, sizeof(regs)))
			return -1;
		if (regs.rip >= loop && regs.rip < end)
			return 0;
		uabi_target(&c, UTRACER_IOC_RUN, pid, 0);
		usleep(20000);
	}
	return -1;
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("poke"), "regs", NULL };
	struct utracer_regset_write w = { .size = sizeof(w) };
	struct user_regs_struct regs, orig, back;
	struct user_fpregs_struct fp, fpback;
	unsigned char xs[16384], xsback[16384];
	struct utracer_regset_info info[32] = { { 0 } };
	struct utracer_regset_list l = { .size = sizeof(l), .count = 32,
					 .buf = (uintptr_t)info };
	unsigned long long loop = 0, end = 0;
	struct uabi_child ch;
	size_t xslen = 0;
	char line[64];
	int status = 0;
	unsigned int i;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(sscanf(line, "ready %*d %llx %llx", &loop, &end) == 2, "line '%s'", line);
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_THREAD, 0, 0));
	l.tid = ch.pid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_LIST, &l));
	for (i = 0; i < l.count && i < 32; i++)
		if (info[i].note_type == NT_X86_XSTATE)
			xslen = (size_t)info[i].n * info[i].size;
	CHECK(xslen >= 576 && xslen <= sizeof(xs), "xstate size %zu", xslen);

	/* Running: refused, like a read. */
	memset(&regs, 0, sizeof(regs));
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs)), EBUSY);

	CHECK(stop_in_loop(ch.pid, loop, end) == 0, "never stopped in its loop");
	CHECK_OK(read_set(ch.pid, NT_PRSTATUS, &orig, sizeof(orig)));
	CHECK(orig.rbx == 0, "rbx %llx before the write", orig.rbx);

	/* A bad selector in the same set as a good rbx: nothing is applied. */
	regs = orig;
	regs.rbx = 42;
	regs.cs = 0x10;
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs)), EIO);
	regs = orig;
	regs.rbx = 42;
	regs.ss = 0x18;
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs)), EIO);
	CHECK_OK(read_set(ch.pid, NT_PRSTATUS, &back, sizeof(back)));
	CHECK(!memcmp(&back, &orig, sizeof(back)), "registers changed by a refused set: rbx %llx cs %llx",
	      back.rbx, back.cs);

	/* Wrong length, unknown set, read-only set, flags, size, pointer, thread. */
	regs = orig;
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs) - 8), EINVAL);
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, &regs, 0), EINVAL);
	CHECK_ERR(write_set(ch.pid, 0x7777, &regs, sizeof(regs)), EINVAL);
	CHECK_ERR(write_set(ch.pid, NT_386_IOPERM, &regs, sizeof(regs)), EOPNOTSUPP);
	CHECK_ERR(write_set(ch.pid, NT_PRSTATUS, (void *)8, sizeof(regs)), EFAULT);
	CHECK_ERR(write_set(1, NT_PRSTATUS, &regs, sizeof(regs)), ESRCH);
	w.tid = ch.pid;
	w.note_type = NT_PRSTATUS;
	w.buf = (uintptr_t)&regs;
	w.len = sizeof(regs);
	w.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, &w), EINVAL);
	w.flags = 0;
	w.size = 16;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, &w), EINVAL);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, (void *)8), EFAULT);
	CHECK_OK(read_set(ch.pid, NT_PRSTATUS, &back, sizeof(back)));
	CHECK(!memcmp(&back, &orig, sizeof(back)), "registers changed by a failed call");

	/* Floating point: xmm0 through NT_PRFPREG; a bad MXCSR is refused. */
	CHECK_OK(read_set(ch.pid, NT_PRFPREG, &fp, sizeof(fp)));
	fp.xmm_space[0] = 0xa5a5a5a5;
	fp.xmm_space[3] = 0x5a5a5a5a;
	fp.mxcsr = 0xffffffff;
	CHECK_ERR(write_set(ch.pid, NT_PRFPREG, &fp, sizeof(fp)), EINVAL);
	CHECK_OK(read_set(ch.pid, NT_PRFPREG, &fpback, sizeof(fpback)));
	CHECK(fpback.xmm_space[0] != 0xa5a5a5a5, "xmm0 written by a refused set");
	fp.mxcsr = fpback.mxcsr;
	CHECK_OK(write_set(ch.pid, NT_PRFPREG, &fp, sizeof(fp)));
	CHECK_OK(read_set(ch.pid, NT_PRFPREG, &fpback, sizeof(fpback)));
	CHECK(fpback.xmm_space[0] == 0xa5a5a5a5 && fpback.xmm_space[3] == 0x5a5a5a5a,
	      "xmm0 %08x ... %08x", fpback.xmm_space[0], fpback.xmm_space[3]);
	/* The same through the xstate set (the legacy area is the fxsave image). */
	CHECK_OK(read_set(ch.pid, NT_X86_XSTATE, xs, xslen));
	memcpy(xs + 160, "\x11\x22\x33\x44", 4);
	CHECK_OK(write_set(ch.pid, NT_X86_XSTATE, xs, xslen));
	CHECK_OK(read_set(ch.pid, NT_X86_XSTATE, xsback, xslen));
	CHECK(!memcmp(xsback + 160, "\x11\x22\x33\x44", 4), "xstate xmm0 not written");
	CHECK_OK(read_set(ch.pid, NT_PRFPREG, &fpback, sizeof(fpback)));
	CHECK(fpback.xmm_space[0] == 0x44332211, "xmm0 %08x after xstate write",
	      fpback.xmm_space[0]);

	/* IOPL may not be raised: the bits are dropped, the rest is written. */
	regs = orig;
	regs.eflags |= 0x3000;
	regs.rbx = 42;
	CHECK_OK(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs)));
	CHECK_OK(read_set(ch.pid, NT_PRSTATUS, &back, sizeof(back)));
	CHECK(back.rbx == 42, "rbx %llx after the write", back.rbx);
	CHECK(!(back.eflags & 0x3000), "eflags %llx: IOPL raised", back.eflags);
	CHECK(back.rip == orig.rip && back.rsp == orig.rsp, "rip/rsp changed");

	/* The same through a write() batch: REGSET_WRITE has no answer. */
	{
		struct {
			struct utracer_cmd_record rec;
			struct utracer_regset_write w;
		} batch = { .rec = { .rec_len = sizeof(batch), .cmd = UTRACER_IOC_REGSET_WRITE },
			    .w = { .size = sizeof(batch.w), .tid = ch.pid, .note_type = NT_PRSTATUS,
				   .buf = (uintptr_t)&back, .len = sizeof(back) } };

		back.rbx = 43;
		CHECK(write(c.cmd, &batch, sizeof(batch)) == (ssize_t)sizeof(batch),
		      "batch write: %s", strerror(errno));
		memset(&back, 0, sizeof(back));
		CHECK_OK(read_set(ch.pid, NT_PRSTATUS, &back, sizeof(back)));
		CHECK(back.rbx == 43, "rbx %llx after the batch", back.rbx);
		regs.rbx = 42;
		CHECK_OK(write_set(ch.pid, NT_PRSTATUS, &regs, sizeof(regs)));
	}

	/* The program sees it. */
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_reap(&ch, &status) == 0, "reap");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x, want exit 42", status);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
