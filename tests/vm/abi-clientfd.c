// SPDX-License-Identifier: GPL-2.0
/*
 * Description: REGISTER with UTRACER_REGISTER_FD gives the client a file of
 * its own (close-on-exec, read-write) that outlives the control file: with
 * the control file closed at once, commands (ioctl and write() batches),
 * events (read, poll with POLLIN, the mapped ring) all go through it, and
 * /proc/utrace/<pid>/cmd works on the same client. UNREGISTER on the
 * control file does not end it (ENOENT); another process holding the
 * descriptor gets EACCES; the module cannot be unloaded while it is open.
 * Closing it ends the client: its directory goes and the tracee it held
 * stopped runs on. Bad flags and a non-zero fd in are EINVAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static int reg_fd(int control, struct utracer_register *reg, uint32_t flags)
{
	memset(reg, 0, sizeof(*reg));
	reg->size = sizeof(*reg);
	reg->flags = flags;
	return ioctl(control, UTRACER_IOC_REGISTER, reg);
}

/* The next record from the client's file, waiting with poll(). */
static ssize_t next_record(int fd, void *buf, size_t size)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, TMO) != 1 || !(pfd.revents & POLLIN))
		return -1;
	return read(fd, buf, size);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct utracer_version v = { .size = sizeof(v) };
	struct utracer_register reg;
	struct uabi_child ch;
	char line[64], path[64], buf[4096];
	struct {
		struct utracer_cmd_record rec;
		struct utracer_target t;
	} batch;
	struct utracer_attach at;
	struct stat st;
	int control, fd, status;
	ssize_t n;
	pid_t other;
	void *cons;

	if (!uabi_available())
		return SKIP;
	control = open("/proc/utrace/control", O_RDONLY | O_CLOEXEC);
	CHECK(control >= 0, "control: %s", strerror(errno));
	CHECK_OK(ioctl(control, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_CLIENT_FD, "VERSION does not announce the client file");
	CHECK_ERR(reg_fd(control, &reg, 1U << 1), EINVAL);
	memset(&reg, 0, sizeof(reg));
	reg.size = sizeof(reg);
	reg.flags = UTRACER_REGISTER_FD;
	reg.fd = 3;
	CHECK_ERR(ioctl(control, UTRACER_IOC_REGISTER, &reg), EINVAL);
	CHECK_OK(reg_fd(control, &reg, UTRACER_REGISTER_FD));
	fd = reg.fd;
	CHECK(fd > 2 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "fd %d, flags %d", fd,
	      fcntl(fd, F_GETFD));
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "the client file is not read-write");
	CHECK_ERR(ioctl(control, UTRACER_IOC_UNREGISTER), ENOENT);
	close(control);

	/* The control file is gone; the client is not. */
	snprintf(path, sizeof(path), "/proc/utrace/%d", reg.client_pid);
	CHECK(stat(path, &st) == 0, "%s gone with the control file", path);
	CHECK_OK(ioctl(fd, UTRACER_IOC_VERSION, &v));
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	memset(&at, 0, sizeof(at));
	at.size = sizeof(at);
	at.pid = ch.pid;
	at.event_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY);
	CHECK_OK(ioctl(fd, UTRACER_IOC_ATTACH, &at));
	/* QUIESCE through a write() batch: its STOP comes by read(). */
	memset(&batch, 0, sizeof(batch));
	batch.rec.rec_len = sizeof(batch);
	batch.rec.cmd = UTRACER_IOC_QUIESCE;
	batch.t.size = sizeof(batch.t);
	batch.t.pid = ch.pid;
	CHECK(write(fd, &batch, sizeof(batch)) == sizeof(batch), "write batch: %s",
	      strerror(errno));
	do {
		n = next_record(fd, buf, sizeof(buf));
	} while (n > 0 && ((struct utracer_event *)buf)->type != UTRACER_EV_STOP);
	CHECK(n > 0, "no STOP through the client file: %s", strerror(errno));

	/* The mapped ring through it: the consumer page maps writable. */
	cons = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0);
	CHECK(cons != MAP_FAILED, "map the consumer page: %s", strerror(errno));
	if (cons != MAP_FAILED) {
		CHECK(((struct utracer_ring_consumer *)cons)->consumer_pos > 0,
		      "read() did not move the mapped position");
		munmap(cons, (size_t)sysconf(_SC_PAGESIZE));
	}

	/* The same client through /proc. */
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", reg.client_pid);
	{
		int cmd = open(path, O_RDWR | O_CLOEXEC);
		struct utracer_status s = { .size = sizeof(s), .pid = ch.pid };

		CHECK(cmd >= 0, "open %s: %s", path, strerror(errno));
		CHECK_OK(ioctl(cmd, UTRACER_IOC_STATUS, &s));
		close(cmd);
	}

	/* Another process holding the descriptor may do nothing with it. */
	other = fork();
	if (!other) {
		struct utracer_version v2 = { .size = sizeof(v2) };

		errno = 0;
		_exit(ioctl(fd, UTRACER_IOC_VERSION, &v2) == -1 && errno == EACCES &&
		      read(fd, buf, sizeof(buf)) == -1 && errno == EACCES ? 0 : 1);
	}
	CHECK(waitpid(other, &status, 0) == other && WIFEXITED(status) &&
	      !WEXITSTATUS(status), "another process used the client's file");

	errno = 0;
	CHECK(syscall(SYS_delete_module, "utracer", O_NONBLOCK) == -1 &&
	      (errno == EWOULDBLOCK || errno == EBUSY), "unload with a client file open: %d",
	      errno);

	/* Closing it ends the client: the held tracee runs on. */
	close(fd);
	snprintf(path, sizeof(path), "/proc/utrace/%d", reg.client_pid);
	for (int i = 0; i < 100 && stat(path, &st) == 0; i++)
		usleep(10000);
	CHECK(stat(path, &st) == -1 && errno == ENOENT, "%s survived its file", path);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "the tracee was left stopped");
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	return uabi_failures ? FAIL : PASS;
}
