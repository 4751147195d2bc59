// SPDX-License-Identifier: GPL-2.0
/*
 * Description: register sets. The list matches the x86-64 view
 * (NT_PRSTATUS, NT_PRFPREG, NT_X86_XSTATE with their sizes), and reading
 * a stopped thread gives the values a tracee loaded into rbx, r12-r15 and
 * xmm0 itself; reading a running thread is -EBUSY, a short buffer -ENOSPC,
 * an unknown note type -EINVAL.
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
#include "uabi.h"

#define TMO 30000

int main(void)
{
	char *argv[] = { (char *)uabi_prog("regs"), NULL };
	struct utracer_regset_info info[32] = { 0 };
	struct utracer_regset_list l = { .size = sizeof(l) };
	struct utracer_regset_read r = { .size = sizeof(r) };
	struct user_regs_struct regs;
	struct user_fpregs_struct fp;
	struct utracer_ev_stop ev;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	unsigned int i;
	int have_prstatus = 0, have_fp = 0, have_xstate = 0;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_THREAD, 0, 0));

	l.tid = ch.pid;
	l.count = 32;
	l.buf = (uintptr_t)info;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_LIST, &l));
	for (i = 0; i < l.count && i < 32; i++) {
		if (info[i].note_type == NT_PRSTATUS)
			have_prstatus = info[i].n * info[i].size == sizeof(regs);
		if (info[i].note_type == NT_PRFPREG)
			have_fp = info[i].n * info[i].size == sizeof(fp);
		if (info[i].note_type == NT_X86_XSTATE)
			have_xstate = info[i].n * info[i].size >= 576;
	}
	CHECK(have_prstatus && have_fp && have_xstate, "regset list (%u): %d %d %d",
	      l.count, have_prstatus, have_fp, have_xstate);
	/* count 0: only the number. */
	l.count = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_LIST, &l));
	CHECK(l.count >= 3, "count %u", l.count);

	/* Running: the registers are not stable. */
	r.tid = ch.pid;
	r.note_type = NT_PRSTATUS;
	r.buf = (uintptr_t)&regs;
	r.len = sizeof(regs);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), EBUSY);

	/* Let it reach its loop, then stop it there. */
	usleep(200000);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &ev, sizeof(ev), TMO), "no STOP");
	memset(&regs, 0, sizeof(regs));
	r.len = sizeof(regs);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r));
	CHECK(r.len == sizeof(regs), "len %llu", (unsigned long long)r.len);
	CHECK(regs.rbx == 0x1111111111111111ULL && regs.r12 == 0x2222222222222222ULL &&
	      regs.r13 == 0x3333333333333333ULL && regs.r14 == 0x4444444444444444ULL &&
	      regs.r15 == 0x5555555555555555ULL, "rbx %llx r12 %llx r13 %llx r14 %llx r15 %llx",
	      regs.rbx, regs.r12, regs.r13, regs.r14, regs.r15);
	CHECK(regs.rip > 0x1000 && regs.rsp > 0x1000, "rip %llx rsp %llx", regs.rip, regs.rsp);

	r.note_type = NT_PRFPREG;
	r.buf = (uintptr_t)&fp;
	r.len = sizeof(fp);
	memset(&fp, 0, sizeof(fp));
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r));
	CHECK(fp.xmm_space[0] == 0x76543210 && fp.xmm_space[1] == 0xfedcba98 &&
	      fp.xmm_space[2] == 0x89abcdef && fp.xmm_space[3] == 0x01234567,
	      "xmm0 %08x %08x %08x %08x", fp.xmm_space[3], fp.xmm_space[2],
	      fp.xmm_space[1], fp.xmm_space[0]);

	r.len = 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), ENOSPC);
	CHECK(r.len == sizeof(fp), "needed %llu", (unsigned long long)r.len);
	r.len = sizeof(fp);
	r.note_type = 0x7777;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), EINVAL);
	r.note_type = NT_PRFPREG;
	r.buf = 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), EFAULT);
	r.tid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), ESRCH);
	r.tid = ch.pid;
	r.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r), EINVAL);

	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0));
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
