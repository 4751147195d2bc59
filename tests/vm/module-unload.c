// SPDX-License-Identifier: GPL-2.0
/*
 * Description: module unload is refused while a client exists (even one
 * holding a tracee stopped) and is clean after: the tracee runs again, the
 * module unloads and loads again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "uabi.h"

#define TMO 30000

static long unload(void)
{
	return syscall(SYS_delete_module, "utracer", O_NONBLOCK);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	const char *ko = getenv("UTRACER_MODULE");
	struct utracer_ev_stop ev;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	long long end;
	int fd, ret;

	if (!uabi_available() || !ko)
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE,
			     UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY), 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &ev, sizeof(ev), TMO), "no STOP");
	ret = unload();
	CHECK(ret < 0 && (errno == EWOULDBLOCK || errno == EBUSY),
	      "unload with a client: %d errno %d", ret, errno);
	/* The client goes: the tracee resumes, then unload succeeds. */
	uabi_close(&c);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not resumed");
	end = uabi_now_ms() + TMO;
	while ((ret = unload()) < 0 && (errno == EWOULDBLOCK || errno == EBUSY) &&
	       uabi_now_ms() < end)
		usleep(10000);
	CHECK(ret == 0, "unload: errno %d", errno);
	CHECK(!uabi_available(), "/proc/utrace survived unload");
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0 && syscall(SYS_finit_module, fd, "", 0) == 0, "reload: %s", strerror(errno));
	close(fd);
	CHECK(uabi_available(), "/proc/utrace missing after reload");
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee disturbed");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	return uabi_failures ? FAIL : PASS;
}
