// SPDX-License-Identifier: GPL-2.0
/*
 * Description: module unload with breakpoints. While a client holds a
 * thread stopped at a breakpoint the module refuses to unload; once the
 * client closes, the thread runs on through the original instructions
 * (the program's output is right), the module unloads, the process's
 * code is as it was (no int3 left), and the module loads again.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static long unload(void)
{
	return syscall(SYS_delete_module, "utracer", O_NONBLOCK);
}

static int mem_byte(pid_t pid, uint64_t addr, unsigned char *b)
{
	char path[64];
	int fd, ok;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = pread(fd, b, 1, (off_t)addr) == 1;
	close(fd);
	return ok ? 0 : -1;
}

int main(void)
{
	const char *ko = getenv("UTRACER_MODULE");
	char *argv[] = { "3", NULL };
	struct utracer_event_info ev;
	unsigned char orig, now;
	struct ulib_tracee t;
	struct utracer *u;
	uint64_t sq, tw;
	char line[128];
	int fd, status, tries;
	long ret;

	if (!ulib_module_loaded() || !ko)
		return ULIB_SKIP;
	REQUIRE(ulib_tracee_start(&t, "bp-target", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64, &sq, &tw) == 2);
	REQUIRE(mem_byte(t.pid, sq, &orig) == 0);
	u = utracer_open(NULL);
	REQUIRE(u);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_breakpoint_set_addr(u, t.pid, sq, NULL) > 0);
	CHECK(utracer_breakpoint_set_addr(u, t.pid, tw, NULL) > 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	REQUIRE(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 20000) == 0);
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_BREAKPOINT);

	ret = unload();
	CHECK(ret < 0 && (errno == EWOULDBLOCK || errno == EBUSY));
	utracer_close(u);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 5 4"));
	for (tries = 0; (ret = unload()) < 0 && (errno == EWOULDBLOCK || errno == EBUSY) &&
	     tries < 3000; tries++)
		usleep(10000);
	CHECK(ret == 0);
	CHECK(!ulib_module_loaded());
	CHECK(mem_byte(t.pid, sq, &now) == 0 && now == orig);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0 && syscall(SYS_finit_module, fd, "", 0) == 0);
	if (fd >= 0)
		close(fd);
	CHECK(ulib_module_loaded());
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
	return ulib_verdict();
}
