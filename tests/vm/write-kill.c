// SPDX-License-Identifier: GPL-2.0
/*
 * Description: register writes race with SIGKILL. Two threads of the
 * test write and read the registers of a stopped tracee as fast as they
 * can while it is killed: every call returns 0, EBUSY or ESRCH, none
 * hangs, the tracee dies of SIGKILL, and the kernel log stays clean. Then
 * the same with RUN and QUIESCE racing the writes of a live tracee.
 */
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/user.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static struct uabi_client c;
static pid_t tracee;
static volatile int stop_writers;
static int bad_errno;

static void *writer(void *arg)
{
	struct user_regs_struct regs;
	struct user_fpregs_struct fp;
	struct utracer_regset_read r = { .size = sizeof(r), .note_type = NT_PRSTATUS,
					 .buf = (uintptr_t)&regs, .len = sizeof(regs) };
	struct utracer_regset_write w = { .size = sizeof(w), .note_type = NT_PRSTATUS,
					  .buf = (uintptr_t)&regs, .len = sizeof(regs) };
	int fpu = arg != NULL;

	r.tid = w.tid = tracee;
	if (fpu) {
		r.note_type = w.note_type = NT_PRFPREG;
		r.buf = w.buf = (uintptr_t)&fp;
		r.len = w.len = sizeof(fp);
	}
	while (!stop_writers) {
		if (ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &r) == 0) {
			if (ioctl(c.cmd, UTRACER_IOC_REGSET_WRITE, &w) == 0)
				continue;
		}
		if (errno != EBUSY && errno != ESRCH)
			__atomic_store_n(&bad_errno, errno, __ATOMIC_RELAXED);
		if (errno == ESRCH)
			break;
	}
	return NULL;
}

static void round_trip(int kill_it)
{
	char *argv[] = { (char *)uabi_prog("poke"), "regs", NULL };
	struct utracer_ev_stop ev;
	struct uabi_child ch;
	pthread_t t[2];
	char line[128];
	int status = 0, i;

	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	tracee = ch.pid;
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE, 0, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &ev, sizeof(ev), TMO), "no STOP");
	stop_writers = 0;
	pthread_create(&t[0], NULL, writer, NULL);
	pthread_create(&t[1], NULL, writer, &t);
	if (kill_it) {
		usleep(200000);
		kill(ch.pid, SIGKILL);
	} else {
		for (i = 0; i < 20; i++) {
			uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0);
			usleep(5000);
			uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0);
			usleep(5000);
		}
		stop_writers = 1;
		kill(ch.pid, SIGKILL);
	}
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	CHECK(uabi_reap(&ch, &status) == 0 && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "status %#x", status);
	stop_writers = 1;
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	round_trip(1);
	round_trip(0);
	CHECK(bad_errno == 0, "a write failed with %d (%s)", bad_errno, strerror(bad_errno));
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
