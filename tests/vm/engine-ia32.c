// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a 32-bit (ia32) tracee on the 64-bit kernel: its syscall
 * records name the i386 table (getpid is 20 there, 39 on x86-64), and its
 * register view is the ia32 one: NT_PRSTATUS is the 68-byte i386
 * user_regs_struct, holding the esi/edi/ebp values the tracee loaded. The
 * tracee is assembled at run time; without a compiler that can build it,
 * or without ia32 emulation, the test is skipped.
 */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static const char source[] =
	"	.globl _start\n"
	"_start:\n"
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov $msg, %ecx\n"
	"	mov $6, %edx\n"
	"	int $0x80\n"
	"	mov $0x11223344, %esi\n"
	"	mov $0x55667788, %edi\n"
	"	mov $0x99aabbcc, %ebp\n"
	"1:	mov $20, %eax\n"
	"	int $0x80\n"
	"	jmp 1b\n"
	"	.data\n"
	"msg:	.ascii \"ready\\n\"\n";

int main(void)
{
	char exe[64];
	struct utracer_regset_read r = { .size = sizeof(r) };
	struct utracer_ev_syscall_entry e;
	struct utracer_ev_stop stop;
	struct uabi_client c;
	struct uabi_child ch;
	unsigned int regs[17];
	int ret;

	if (!uabi_available())
		return SKIP;
	ret = uabi_spawn_ia32(&ch, source, exe, sizeof(exe), TMO);
	if (ret == SKIP)
		return SKIP;
	CHECK(ret == 0, "spawn");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &e, sizeof(e), TMO) &&
	      e.arch == UTRACER_ARCH_I386 && e.nr == 20, "entry arch %u nr %u", e.arch, e.nr);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO), "no STOP");
	r.tid = ch.pid;
	r.note_type = NT_PRSTATUS;
	r.buf = (uintptr_t)regs;
	r.len = sizeof(regs);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r));
	/* i386 user_regs_struct: ebx ecx edx esi edi ebp eax ... */
	CHECK(r.len == 68 && regs[3] == 0x11223344 && regs[4] == 0x55667788 &&
	      regs[5] == 0x99aabbcc, "len %llu esi %x edi %x ebp %x",
	      (unsigned long long)r.len, regs[3], regs[4], regs[5]);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	unlink(exe);
	return uabi_failures ? FAIL : PASS;
}
