// SPDX-License-Identifier: GPL-2.0
/*
 * Description: module unload is refused while a client exists (even one
 * holding a tracee stopped) and is clean after: the tracee runs again, the
 * module unloads and loads again. A mapping of the client's event ring
 * outlives the client and the module: still readable after the unload
 * (its STOP record), then unmapped without harm. A process that was in
 * poll() of resp and is stopped (SIGSTOP) when the client ends does not
 * hold the unload up, and its poll() ends without harm once it runs again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
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
	const struct utracer_ring_producer *ring;
	const struct utracer_event *first;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t produced;
	pid_t poller;
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
	/* The producer page and the first data page, read-only. */
	ring = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, c.resp, (off_t)page);
	CHECK(ring != MAP_FAILED, "map the ring: %s", strerror(errno));
	if (ring == MAP_FAILED)
		return FAIL;
	first = (const void *)((const char *)ring + page);
	produced = ring->producer_pos;
	CHECK(produced >= sizeof(ev), "the ring holds %llu bytes", (unsigned long long)produced);
	/* A poller of resp, stopped inside poll(). */
	poller = fork();
	if (!poller) {
		struct pollfd pfd = { .fd = c.resp, .events = POLLIN };

		/* The client ends with its control file: keep none of it but resp. */
		close(c.control);
		close(c.cmd);
		/* The STOP was read: nothing is readable until the client ends. */
		poll(&pfd, 1, -1);
		_exit(0);
	}
	CHECK(poller > 0, "fork");
	usleep(300000);
	kill(poller, SIGSTOP);
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
	CHECK(ring->producer_pos >= produced && first->type == UTRACER_EV_STOP,
	      "the mapping after unload: position %llu, first record of type %u",
	      (unsigned long long)ring->producer_pos, first->type);
	CHECK(munmap((void *)ring, 2 * page) == 0, "munmap: %s", strerror(errno));
	kill(poller, SIGCONT);
	CHECK(waitpid(poller, NULL, 0) == poller, "the stopped poller did not end");
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
