// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a client that ends while a thread polls its resp file (and
 * while an epoll watches it) must not leave the poller on freed memory:
 * the poll returns (POLLHUP or the file's default mask), the epoll can be
 * torn down, and the kernel reports no list corruption or use-after-free.
 * (Found by abi-fuzz: proc_remove() runs the release of open files at once,
 * so a queue inside the client was freed under a sleeping poll().)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include "uabi.h"

struct poller {
	int fd;
	int ret;
	short revents;
	int started;
};

static void *poll_thread(void *arg)
{
	struct poller *p = arg;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	__atomic_store_n(&p->started, 1, __ATOMIC_RELEASE);
	p->ret = poll(&pfd, 1, 20000);
	p->revents = pfd.revents;
	return NULL;
}

/* One round: @how 0 unregisters, 1 closes control, 2 does it with an epoll. */
static void round_trip(int how)
{
	struct uabi_client c;
	struct poller p = { 0 };
	struct epoll_event ev = { .events = EPOLLIN };
	pthread_t th;
	long long t0;
	int ep = -1;

	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	if (c.resp < 0)
		return;
	if (how == 2) {
		ep = epoll_create1(EPOLL_CLOEXEC);
		CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, c.resp, &ev) == 0,
		      "epoll: %s", strerror(errno));
	}
	p.fd = c.resp;
	CHECK(pthread_create(&th, NULL, poll_thread, &p) == 0, "pthread_create");
	while (!__atomic_load_n(&p.started, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(200000);		/* the poller is asleep on the queue */
	t0 = uabi_now_ms();
	if (how == 1) {
		close(c.control);
		c.control = -1;
	} else {
		CHECK_OK(ioctl(c.control, UTRACER_IOC_UNREGISTER));
	}
	pthread_join(th, NULL);
	CHECK(p.ret == 1, "poll returned %d (revents %#x)", p.ret, p.revents);
	CHECK(uabi_now_ms() - t0 < 10000, "poll woke only after %lld ms", uabi_now_ms() - t0);
	if (ep >= 0) {
		struct epoll_event out;

		CHECK(epoll_wait(ep, &out, 1, 1000) >= 0, "epoll_wait: %s", strerror(errno));
		/* The epoll entry goes with the last reference to the file. */
		close(c.resp);
		c.resp = -1;
		close(ep);
	}
	uabi_close(&c);
}

int main(void)
{
	int i;

	if (!uabi_available())
		return SKIP;
	for (i = 0; i < 2; i++) {
		round_trip(0);
		round_trip(1);
		round_trip(2);
	}
	return uabi_failures ? FAIL : PASS;
}
