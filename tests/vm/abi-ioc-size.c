// SPDX-License-Identifier: GPL-2.0
/*
 * Description: command numbers whose size bits are not this header's.
 * A caller compiled with a larger struct sends the command's number with
 * its own sizeof() in the size bits: the module takes it, on control
 * (VERSION, REGISTER) and on cmd (VERSION, ATTACH, STATUS, DETACH), by
 * ioctl and by write() batches, when the tail it does not know is zero,
 * and answers E2BIG when it is not. A number whose size bits are below the
 * struct's first published size or above a page, or whose direction is
 * not the command's, is no command (ENOTTY); so is UNREGISTER with size
 * bits. The size field, not the size bits, says how much is copied back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TAIL 8

/* The structs as a later header with 8 more bytes would have them. */
struct grown_version {
	struct utracer_version v;
	uint64_t tail;
};

struct grown_register {
	struct utracer_register r;
	uint64_t tail;
};

struct grown_attach {
	struct utracer_attach a;
	uint64_t tail;
};

struct grown_target {
	struct utracer_target t;
	uint64_t tail;
};

struct grown_status {
	struct utracer_status s;
	uint64_t tail;
};

/* ioc with the size bits @size. */
static unsigned long resized(unsigned long ioc, unsigned int size)
{
	return _IOC(_IOC_DIR(ioc), _IOC_TYPE(ioc), _IOC_NR(ioc), size);
}

/* ioc with the direction @dir. */
static unsigned long redirected(unsigned long ioc, unsigned int dir)
{
	return _IOC(dir, _IOC_TYPE(ioc), _IOC_NR(ioc), _IOC_SIZE(ioc));
}

static void check_version(int fd)
{
	const unsigned long grown = _IOWR(UTRACER_IOC_MAGIC, _IOC_NR(UTRACER_IOC_VERSION),
					  struct grown_version);
	unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
	char big[8192] __attribute__((aligned(8)));
	struct grown_version g;

	CHECK(grown != UTRACER_IOC_VERSION, "the grown number is the same");
	memset(&g, 0, sizeof(g));
	g.v.size = sizeof(g);
	CHECK_OK(ioctl(fd, grown, &g));
	CHECK(g.v.api_major == UTRACER_API_MAJOR && g.v.max_syscall == UTRACER_SYSCALL_MAX,
	      "api_major %u max_syscall %u", g.v.api_major, g.v.max_syscall);
	CHECK(g.tail == 0, "the tail was written: %llx", (unsigned long long)g.tail);
	g.tail = 1;
	CHECK_ERR(ioctl(fd, grown, &g), E2BIG);
	/* The size field rules, not the size bits: this one's size is 64 bytes. */
	g.tail = 0xffffffffffffffffULL;
	g.v.size = sizeof(g.v);
	g.v.api_major = 0;
	CHECK_OK(ioctl(fd, grown, &g));
	CHECK(g.v.api_major == UTRACER_API_MAJOR, "api_major %u", g.v.api_major);
	CHECK(g.tail == 0xffffffffffffffffULL, "the tail was written: %llx",
	      (unsigned long long)g.tail);
	g.tail = 0;
	g.v.size = sizeof(g);
	/* Size bits from _SIZE_VER0 to a page, both included. */
	memset(big, 0, sizeof(big));
	((struct utracer_version *)big)->size = sizeof(struct utracer_version);
	CHECK_OK(ioctl(fd, resized(UTRACER_IOC_VERSION, UTRACER_VERSION_SIZE_VER0), big));
	CHECK_OK(ioctl(fd, resized(UTRACER_IOC_VERSION, page), big));
	CHECK_ERR(ioctl(fd, resized(UTRACER_IOC_VERSION, page + 8), big), ENOTTY);
	CHECK_ERR(ioctl(fd, resized(UTRACER_IOC_VERSION, UTRACER_VERSION_SIZE_VER0 - 8), &g),
		  ENOTTY);
	CHECK_ERR(ioctl(fd, resized(UTRACER_IOC_VERSION, 0), &g), ENOTTY);
	/* VERSION is _IOWR: _IOR, _IOW and _IO of its number are not it. */
	CHECK_ERR(ioctl(fd, redirected(grown, _IOC_READ), &g), ENOTTY);
	CHECK_ERR(ioctl(fd, redirected(grown, _IOC_WRITE), &g), ENOTTY);
	CHECK_ERR(ioctl(fd, redirected(grown, _IOC_NONE), &g), ENOTTY);
}

/* REGISTER and UNREGISTER on a control file of their own. */
static void check_register(void)
{
	const unsigned long grown = _IOWR(UTRACER_IOC_MAGIC, _IOC_NR(UTRACER_IOC_REGISTER),
					  struct grown_register);
	struct grown_register g;
	int fd = open("/proc/utrace/control", O_RDONLY);

	CHECK(fd >= 0, "open control: %s", strerror(errno));
	memset(&g, 0, sizeof(g));
	g.r.size = sizeof(g);
	g.tail = 1;
	CHECK_ERR(ioctl(fd, grown, &g), E2BIG);
	g.tail = 0;
	CHECK_ERR(ioctl(fd, redirected(grown, _IOC_WRITE), &g), ENOTTY);
	CHECK_ERR(ioctl(fd, resized(UTRACER_IOC_REGISTER, UTRACER_REGISTER_SIZE_VER0 - 8), &g),
		  ENOTTY);
	CHECK_OK(ioctl(fd, grown, &g));
	CHECK(g.r.client_pid == getpid(), "client_pid %d", g.r.client_pid);
	/* UNREGISTER takes no struct: any size bits make another number. */
	CHECK_ERR(ioctl(fd, resized(UTRACER_IOC_UNREGISTER, 8), 0), ENOTTY);
	CHECK_ERR(ioctl(fd, redirected(UTRACER_IOC_UNREGISTER, _IOC_WRITE), 0), ENOTTY);
	CHECK_OK(ioctl(fd, UTRACER_IOC_UNREGISTER, 0));
	close(fd);
}

/* One record of a write() batch: header and struct, 8-aligned. */
static size_t record(char *buf, unsigned long ioc, const void *arg, size_t size)
{
	struct utracer_cmd_record h = {
		.rec_len = (uint32_t)((sizeof(h) + size + 7) & ~(size_t)7),
		.cmd = (uint32_t)ioc,
	};

	memset(buf, 0, h.rec_len);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), arg, size);
	return h.rec_len;
}

static int attached(struct uabi_client *c, pid_t pid)
{
	struct utracer_check_pid cp = { .size = sizeof(cp), .pid = pid };

	return ioctl(c->cmd, UTRACER_IOC_CHECK_PID, &cp) == 0;
}

static void check_cmd(struct uabi_client *c, pid_t pid)
{
	const unsigned long attach = _IOW(UTRACER_IOC_MAGIC, _IOC_NR(UTRACER_IOC_ATTACH),
					  struct grown_attach);
	const unsigned long detach = _IOW(UTRACER_IOC_MAGIC, _IOC_NR(UTRACER_IOC_DETACH),
					  struct grown_target);
	const unsigned long status = _IOWR(UTRACER_IOC_MAGIC, _IOC_NR(UTRACER_IOC_STATUS),
					   struct grown_status);
	struct grown_attach a;
	struct grown_target t;
	struct grown_status s;
	char batch[256] __attribute__((aligned(8)));
	size_t n;

	memset(&a, 0, sizeof(a));
	a.a.size = sizeof(a);
	a.a.pid = pid;
	a.a.event_mask = UTRACER_EVMASK(UTRACER_EV_EXIT);
	a.tail = 1;
	CHECK_ERR(ioctl(c->cmd, attach, &a), E2BIG);
	a.tail = 0;
	CHECK_ERR(ioctl(c->cmd, resized(UTRACER_IOC_ATTACH, UTRACER_ATTACH_SIZE_VER0 - 8), &a),
		  ENOTTY);
	CHECK_ERR(ioctl(c->cmd, redirected(attach, _IOC_READ | _IOC_WRITE), &a), ENOTTY);
	CHECK_ERR(ioctl(c->cmd, redirected(attach, _IOC_READ), &a), ENOTTY);
	CHECK(!attached(c, pid), "attached by a refused number");
	CHECK_OK(ioctl(c->cmd, attach, &a));
	CHECK(attached(c, pid), "not attached");

	memset(&s, 0, sizeof(s));
	s.s.size = sizeof(s);
	s.s.pid = pid;
	s.tail = 1;
	CHECK_ERR(ioctl(c->cmd, status, &s), E2BIG);
	s.tail = 0;
	CHECK_ERR(ioctl(c->cmd, redirected(status, _IOC_WRITE), &s), ENOTTY);
	CHECK_ERR(ioctl(c->cmd, resized(UTRACER_IOC_STATUS, UTRACER_STATUS_SIZE_VER0 - 8), &s),
		  ENOTTY);
	CHECK_OK(ioctl(c->cmd, status, &s));
	CHECK(s.s.tgid == pid && s.s.tid == pid && s.s.ppid == getpid() && s.s.threads == 1,
	      "tgid %d tid %d ppid %d threads %u", s.s.tgid, s.s.tid, s.s.ppid, s.s.threads);
	CHECK(s.s.size == sizeof(s) && s.tail == 0, "size %u tail %llx", s.s.size,
	      (unsigned long long)s.tail);

	memset(&t, 0, sizeof(t));
	t.t.size = sizeof(t);
	t.t.pid = pid;
	CHECK_OK(ioctl(c->cmd, detach, &t));
	CHECK(!attached(c, pid), "still attached after DETACH");

	/* The same grown commands in a write() batch: ATTACH then DETACH. */
	n = record(batch, attach, &a, sizeof(a));
	CHECK(write(c->cmd, batch, n) == (ssize_t)n, "batch ATTACH: %s", strerror(errno));
	CHECK(attached(c, pid), "not attached by the batch");
	n = record(batch, detach, &t, sizeof(t));
	n += record(batch + n, attach, &a, sizeof(a));
	n += record(batch + n, detach, &t, sizeof(t));
	CHECK(write(c->cmd, batch, n) == (ssize_t)n, "batch DETACH ATTACH DETACH: %s",
	      strerror(errno));
	CHECK(!attached(c, pid), "still attached after the batch");
	a.tail = 1;
	n = record(batch, attach, &a, sizeof(a));
	CHECK_ERR(write(c->cmd, batch, n), E2BIG);
	a.tail = 0;
	n = record(batch, resized(UTRACER_IOC_ATTACH, UTRACER_ATTACH_SIZE_VER0 - 8), &a,
		   sizeof(a));
	CHECK_ERR(write(c->cmd, batch, n), ENOTTY);
	/* CHECK_PID is _IOWR: its number as _IOW is not it. */
	{
		struct utracer_check_pid cp = { .size = sizeof(cp), .pid = pid };

		n = record(batch, redirected(UTRACER_IOC_CHECK_PID, _IOC_WRITE), &cp, sizeof(cp));
		CHECK_ERR(write(c->cmd, batch, n), ENOTTY);
	}
	CHECK(!attached(c, pid), "attached by a refused record");
}

int main(void)
{
	struct uabi_client c;
	pid_t pid;
	int fd;

	if (!uabi_available())
		return SKIP;
	fd = open("/proc/utrace/control", O_RDONLY);
	CHECK(fd >= 0, "open control: %s", strerror(errno));
	check_version(fd);
	close(fd);
	check_register();

	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	check_version(c.cmd);
	pid = fork();
	if (!pid) {
		pause();
		_exit(0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	if (pid > 0) {
		check_cmd(&c, pid);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
