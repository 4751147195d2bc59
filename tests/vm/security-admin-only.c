// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the admin_only module parameter. With admin_only=1 an
 * unprivileged client cannot attach even its own process (EPERM), while
 * root still can; with admin_only=0 the same unprivileged attach succeeds.
 * Set after an unprivileged attach, it makes every inspection of the
 * tracee (memory, environment, executable, maps, registers) fail with
 * EPERM. The parameter is set through
 * /sys/module/utracer/parameters/admin_only (mode 0644) and restored.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define PARAM "/sys/module/utracer/parameters/admin_only"

static int set_admin_only(int on)
{
	int fd = open(PARAM, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

static int get_admin_only(void)
{
	char buf[8] = "";
	int fd = open(PARAM, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? buf[0] == 'Y' || buf[0] == '1' : -1;
}

/*
 * As uid 65534: attach its own tracee, expecting @want (0 or an errno);
 * with @flip, attach first, have root set admin_only=1 (@up/@down), then
 * expect EPERM on a memory read of the attached tracee.
 */
static int unprivileged(int want, int flip, int up, int down)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_mem_read m = { .size = sizeof(m), .len = 1 };
	struct utracer_buf_query q = { .size = sizeof(q) };
	struct utracer_regset_read rr = { .size = sizeof(rr) };
	static char big[8192];
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], b;
	int r;

	if (uabi_drop_privileges() || uabi_register(&c) || uabi_spawn(&ch, argv) ||
	    uabi_read_line(&ch, line, sizeof(line), TMO) <= 0)
		return 2;
	errno = 0;
	r = uabi_attach(&c, ch.pid, 0, 0, 0);
	if (want)
		CHECK(r < 0 && errno == want, "attach: %d errno %d, want %d", r, errno, want);
	else
		CHECK(r == 0, "attach: %s", strerror(errno));
	if (flip) {
		m.pid = ch.pid;
		m.buf = (uintptr_t)line;
		m.addr = 4096;	/* refused before any address is looked at */
		if (write(up, "a", 1) != 1 || read(down, &b, 1) != 1)
			return 3;
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), EPERM);
		q.pid = ch.pid;
		q.buf = (uintptr_t)big;
		q.len = sizeof(big);
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ENV, &q), EPERM);
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_EXE, &q), EPERM);
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MAPS, &q), EPERM);
		rr.tid = ch.pid;
		rr.note_type = 1;	/* NT_PRSTATUS */
		rr.buf = (uintptr_t)big;
		rr.len = sizeof(big);
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_REGSET_READ, &rr), EPERM);
	}
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? 1 : 0;
}

static int run_unprivileged(int want, int flip)
{
	int up[2], down[2], st;
	pid_t pid;
	char b;

	if (pipe(up) || pipe(down))
		return 0;
	pid = fork();
	if (!pid) {
		uabi_failures = 0;
		_exit(unprivileged(want, flip, up[1], down[0]));
	}
	close(up[1]);
	close(down[0]);
	if (flip && read(up[0], &b, 1) == 1) {
		CHECK(set_admin_only(1) == 0, "set admin_only");
		CHECK(write(down[1], "g", 1) == 1, "write");
	}
	close(up[0]);
	close(down[1]);
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	int saved;

	if (!uabi_available() || getuid() != 0)
		return SKIP;
	saved = get_admin_only();
	if (saved < 0 || access(PARAM, W_OK))
		return SKIP;

	CHECK(set_admin_only(0) == 0 && get_admin_only() == 0, "admin_only=0");
	CHECK(run_unprivileged(0, 0), "admin_only=0: unprivileged attach refused");
	CHECK(set_admin_only(1) == 0 && get_admin_only() == 1, "admin_only=1");
	CHECK(run_unprivileged(EPERM, 0), "admin_only=1: unprivileged attach allowed");
	/* Root (CAP_SYS_PTRACE in the initial namespace) still attaches. */
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));
	uabi_close(&c);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	/* Switched on after an unprivileged attach: its reads stop. */
	CHECK(set_admin_only(0) == 0, "admin_only=0");
	CHECK(run_unprivileged(0, 1), "admin_only=1 after attach: reads allowed");
	CHECK(set_admin_only(0) == 0 && get_admin_only() == 0, "admin_only=0 again");
	CHECK(run_unprivileged(0, 0), "admin_only=0 again: unprivileged attach refused");
	set_admin_only(saved);
	return uabi_failures ? FAIL : PASS;
}
