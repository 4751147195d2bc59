// SPDX-License-Identifier: GPL-2.0
/*
 * Description: version/feature query on control and cmd, registration
 * rules, and every documented error of the command entry points: short
 * size, non-zero reserved and padding fields, unknown flags, unknown
 * ioctl, bad pointers, pids that do not exist, malformed write() records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdlib.h>
#include "uabi.h"

static void check_version(int fd)
{
	struct utracer_version v = { .size = sizeof(v) };
	struct utracer_version big[2];

	CHECK_OK(ioctl(fd, UTRACER_IOC_VERSION, &v));
	CHECK(v.api_major == UTRACER_API_MAJOR, "api_major %u", v.api_major);
	CHECK(v.api_minor == UTRACER_API_MINOR, "api_minor %u", v.api_minor);
	CHECK(v.max_syscall == UTRACER_SYSCALL_MAX, "max_syscall %u", v.max_syscall);
	CHECK(v.features & UTRACER_FEAT_QUIESCE, "features %llx", (unsigned long long)v.features);
	CHECK(v.events & UTRACER_EVMASK(UTRACER_EV_LOST), "events %llx",
	      (unsigned long long)v.events);

	v.size = 8;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_VERSION, &v), EINVAL);
	CHECK_ERR(ioctl(fd, UTRACER_IOC_VERSION, NULL), EFAULT);
	CHECK_ERR(ioctl(fd, UTRACER_IOC_VERSION, (void *)8), EFAULT);
	/* A newer caller's larger struct: accepted with a zero tail, else E2BIG. */
	memset(big, 0, sizeof(big));
	big[0].size = sizeof(big);
	CHECK_OK(ioctl(fd, UTRACER_IOC_VERSION, big));
	((char *)big)[sizeof(big) - 1] = 1;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_VERSION, big), E2BIG);
	CHECK_ERR(ioctl(fd, _IO(UTRACER_IOC_MAGIC, 0x3f), 0), ENOTTY);
	CHECK_ERR(ioctl(fd, _IO('T', 1), 0), ENOTTY);
}

int main(void)
{
	struct utracer_register reg;
	struct utracer_attach a;
	struct utracer_target t;
	struct utracer_mem_read m;
	struct utracer_syscall_filter f;
	struct uabi_client c;
	struct stat st;
	char path[64];
	int fd;

	if (!uabi_available())
		return SKIP;
	fd = open("/proc/utrace/control", O_RDONLY);
	CHECK(fd >= 0, "open control: %s", strerror(errno));
	CHECK(stat("/proc/utrace/control", &st) == 0 && (st.st_mode & 0777) == 0444,
	      "control mode %o", st.st_mode & 0777);
	check_version(fd);

	memset(&reg, 0, sizeof(reg));
	reg.size = 4;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EINVAL);
	reg.size = sizeof(reg);
	reg.flags = 1U << 1;	/* the first flag REGISTER does not know */
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EINVAL);
	reg.flags = 0;
	reg.pad = 1;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EINVAL);
	reg.pad = 0;
	reg.reserved[0] = 1;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EINVAL);
	reg.reserved[0] = 0;
	reg.queue_limit = 1;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EINVAL);
	reg.queue_limit = 0;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_UNREGISTER, 0), ENOENT);
	CHECK_OK(ioctl(fd, UTRACER_IOC_REGISTER, &reg));
	CHECK(reg.client_pid == getpid(), "client_pid %d", reg.client_pid);
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", getpid());
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_uid == getuid(),
	      "%s mode %o uid %d", path, st.st_mode & 0777, st.st_uid);
	/* One registration per file, one client per thread group. */
	reg.client_pid = 0;
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EBUSY);
	CHECK_OK(ioctl(fd, UTRACER_IOC_UNREGISTER, 0));
	CHECK(stat(path, &st) < 0 && errno == ENOENT, "%s survived unregister", path);
	close(fd);

	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	fd = open("/proc/utrace/control", O_RDONLY);
	memset(&reg, 0, sizeof(reg));
	reg.size = sizeof(reg);
	CHECK_ERR(ioctl(fd, UTRACER_IOC_REGISTER, &reg), EEXIST);
	close(fd);
	check_version(c.cmd);

	/* attach */
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.pid = 999999;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), ESRCH);
	a.pid = -1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), ESRCH);
	a.pid = 1;
	a.size = UTRACER_ATTACH_SIZE_VER0 - 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.size = sizeof(a);
	a.flags = 1U << 31;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.flags = 0;
	a.pad = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.pad = 0;
	a.reserved[0] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.reserved[0] = 0;
	a.event_mask = 1ULL << 63;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.event_mask = UTRACER_EVMASK(UTRACER_EV_EXEC);
	a.stop_mask = UTRACER_EVMASK(UTRACER_EV_CLONE);	/* not in event_mask */
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.event_mask = a.stop_mask = UTRACER_EVMASK(UTRACER_EV_EXIT);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	a.event_mask = a.stop_mask = UTRACER_EVMASK(UTRACER_EV_STOP);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EINVAL);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, NULL), EFAULT);
	/* A zombie (exited, not reaped) is dying: ESRCH. */
	{
		pid_t z = fork();

		if (!z)
			_exit(0);
		for (int i = 0; i < 500; i++) {
			char p[64], *stat;
			size_t len;
			int dead;

			snprintf(p, sizeof(p), "/proc/%d/stat", z);
			stat = uabi_slurp(p, &len);
			dead = stat && strstr(stat, ") Z ");
			free(stat);
			if (dead)
				break;
			usleep(10000);
		}
		a.event_mask = a.stop_mask = 0;
		a.pid = z;
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), ESRCH);
		a.flags = UTRACER_ATTACH_THREAD;
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), ESRCH);
		a.flags = 0;
		waitpid(z, NULL, 0);
	}
	/* Itself: refused like ptrace refuses its own thread group. */
	a.event_mask = a.stop_mask = 0;
	a.pid = getpid();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ATTACH, &a), EPERM);

	/* targets */
	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.pid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_DETACH, &t), ESRCH);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_QUIESCE, &t), ESRCH);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_RUN, &t), ESRCH);
	t.flags = 2;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_RUN, &t), EINVAL);
	t.flags = 0;
	t.pad = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_QUIESCE, &t), EINVAL);

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.pid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), ESRCH);
	m.pad = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), EINVAL);

	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	f.pid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);	/* no direction */
	f.flags = UTRACER_SYSCALL_ENTRY;
	f.op = 99;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = UTRACER_SYSCALL_MAX;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);
	f.nr = -1;	/* signed: below 0 is out of range too */
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_STOPS, &f), EINVAL);
	f.nr = INT32_MIN;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);
	f.nr = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), ESRCH);
	/* BEFORE names a stop set: not one of the filter's. */
	f.flags = UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_BEFORE;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_FILTER, &f), EINVAL);
	f.flags = UTRACER_SYSCALL_ENTRY;

	/* write() batches: malformed records, and commands with answers. */
	{
		struct {
			struct utracer_cmd_record h;
			struct utracer_target t;
		} rec = { { sizeof(rec), UTRACER_IOC_QUIESCE },
			  { sizeof(struct utracer_target), 0, 1, 0 } };
		char small[4] = { 0 };

		CHECK_ERR(write(c.cmd, small, sizeof(small)), EINVAL);
		CHECK_ERR(write(c.cmd, &rec, sizeof(rec)), ESRCH);
		rec.h.rec_len = 12;
		CHECK_ERR(write(c.cmd, &rec, sizeof(rec)), EINVAL);
		rec.h.rec_len = sizeof(rec);
		rec.h.cmd = UTRACER_IOC_MEM_READ;
		CHECK_ERR(write(c.cmd, &rec, sizeof(rec)), EINVAL);
		CHECK_ERR(write(c.cmd, (void *)(uintptr_t)4096, 16), EFAULT);
	}
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
