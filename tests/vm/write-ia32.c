// SPDX-License-Identifier: GPL-2.0
/*
 * Description: REGSET_WRITE and AUXV of a 32-bit (ia32) tracee. The tracee
 * clears ebx, spins until it is not zero and exits with it: ebx = 42
 * written through the ia32 view (the 68-byte i386 NT_PRSTATUS) makes it
 * exit with 42; a bad cs is refused with EIO and changes nothing; its
 * auxiliary vector (32-bit words in the kernel) comes widened and matches
 * /proc/PID/auxv. The tracee is assembled at run time; without a compiler
 * that can build it, or without ia32 emulation, the test is skipped.
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
	"	xor %ebx, %ebx\n"
	"1:	test %ebx, %ebx\n"
	"	jz 1b\n"
	"	mov $1, %eax\n"
	"	int $0x80\n"
	"	.data\n"
	"msg:	.ascii \"ready\\n\"\n";

/* i386 user_regs_struct: ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs ... */
#define EBX 0
#define CS 13

static struct uabi_client c;

static long regs_read(pid_t pid, unsigned int *regs)
{
	struct utracer_regset_read r = { .size = sizeof(r), .tid = pid, .note_type = NT_PRSTATUS,
					 .buf = (uintptr_t)regs, .len = 68 };

	return ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r);
}

static long regs_write(pid_t pid, const unsigned int *regs)
{
	struct utracer_regset_write w = { .size = sizeof(w), .tid = pid, .note_type = NT_PRSTATUS,
					  .buf = (uintptr_t)regs, .len = 68 };

	return ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, &w);
}

int main(void)
{
	char exe[64], path[64];
	struct utracer_auxv_entry v[64];
	struct utracer_buf_query q = { .size = sizeof(q) };
	struct utracer_ev_stop stop;
	struct uabi_child ch;
	unsigned int regs[17], back[17], *raw;
	size_t len, i;
	int ret, status = 0, tries;

	if (!uabi_available())
		return SKIP;
	ret = uabi_spawn_ia32(&ch, source, exe, sizeof(exe), TMO);
	if (ret == SKIP)
		return SKIP;
	CHECK(ret == 0, "spawn");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));

	/* The auxiliary vector, against /proc's raw 32-bit words. */
	snprintf(path, sizeof(path), "/proc/%d/auxv", ch.pid);
	raw = (unsigned int *)uabi_slurp(path, &len);
	q.pid = ch.pid;
	q.buf = (uintptr_t)v;
	q.len = sizeof(v);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_AUXV, &q));
	CHECK(raw && q.count > 5 && (q.count + 1) * 8 <= len, "auxv: %u entries, /proc %zu bytes",
	      q.count, len);
	for (i = 0; raw && i < q.count && (i + 1) * 8 <= len; i++)
		CHECK(v[i].type == raw[2 * i] && v[i].value == raw[2 * i + 1],
		      "auxv[%zu] %llu=%#llx, /proc %u=%#x", i, (unsigned long long)v[i].type,
		      (unsigned long long)v[i].value, raw[2 * i], raw[2 * i + 1]);
	CHECK(raw && (q.count + 1) * 8 <= len && raw[2 * q.count] == 0, "no AT_NULL after them");
	free(raw);

	/* Stopped after the xor: ebx is 0 there, 1 before it. */
	for (tries = 0; tries < 50; tries++) {
		CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
		CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO),
		      "no STOP");
		memset(regs, 0xff, sizeof(regs));
		CHECK_OK(regs_read(ch.pid, regs));
		if (regs[EBX] == 0)
			break;
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
		usleep(20000);
	}
	CHECK(regs[EBX] == 0 && regs[CS] == 0x23, "ebx %#x cs %#x", regs[EBX], regs[CS]);
	regs[EBX] = 42;
	regs[CS] = 0x10;
	CHECK_ERR(regs_write(ch.pid, regs), EIO);
	CHECK_OK(regs_read(ch.pid, back));
	CHECK(back[EBX] == 0 && back[CS] == 0x23, "refused set applied: ebx %#x cs %#x",
	      back[EBX], back[CS]);
	regs[CS] = 0x23;
	CHECK_OK(regs_write(ch.pid, regs));
	CHECK_OK(regs_read(ch.pid, back));
	CHECK(back[EBX] == 42, "ebx %#x after the write", back[EBX]);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_reap(&ch, &status) == 0, "reap");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x, want exit 42", status);
	uabi_close(&c);
	unlink(exe);
	return uabi_failures ? FAIL : PASS;
}
