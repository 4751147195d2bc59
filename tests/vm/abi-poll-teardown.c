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
#include <sched.h>
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

static int ncpus;
static volatile int spin_until_clear;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * A real-time spinner on CPU 1 keeps the woken poller (pinned there too)
 * from running until the client is freed and its memory reused: the
 * poller then unhooks itself from whatever queue it was on.
 */
static void *spin_thread(void *arg)
{
	struct sched_param sp = { .sched_priority = 1 };
	long long t0;

	pin(1);
	sched_setscheduler(0, SCHED_FIFO, &sp);
	t0 = uabi_now_ms();
	while (spin_until_clear && uabi_now_ms() - t0 < 500)
		;
	return arg;
}

static void *poll_thread(void *arg)
{
	struct poller *p = arg;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	if (ncpus > 1)
		pin(1);
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
	pthread_t th, spinner;
	long long t0;
	int ep = -1, i;

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
	if (ncpus > 1) {
		spin_until_clear = 1;
		CHECK(pthread_create(&spinner, NULL, spin_thread, NULL) == 0, "spinner");
		usleep(20000);
	}
	t0 = uabi_now_ms();
	if (how == 1) {
		close(c.control);
		c.control = -1;
	} else {
		CHECK_OK(ioctl(c.control, UTRACER_IOC_UNREGISTER));
	}
	/* New clients take the freed one's memory. */
	for (i = 0; i < 4; i++) {
		struct uabi_client n;

		if (uabi_register(&n) == 0)
			uabi_close(&n);
	}
	if (ncpus > 1) {
		spin_until_clear = 0;
		pthread_join(spinner, NULL);
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
	ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus > 1)
		pin(0);
	for (i = 0; i < 2; i++) {
		round_trip(0);
		round_trip(1);
		round_trip(2);
	}
	return uabi_failures ? FAIL : PASS;
}
