// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the client's event buffer, driven through a pipe that
 * stands in for resp: utracer_event_next() gives -EAGAIN when empty,
 * utracer_event_wait() times out and wakes for an event written by another
 * thread, utracer_event_wait_for() picks the matching event and keeps the
 * others queued in order, unknown record types are skipped, a record cut
 * across two reads is put together, a record that does not decode gives
 * EBADMSG and the stream goes on after it, end of file gives EPIPE, and
 * utracer_event_fd() is the descriptor to poll.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

static int wfd;

/* A record of size bytes whose header claims claimed bytes. */
static void put_raw(unsigned int type, pid_t pid, uint64_t seq, size_t size,
		    size_t claimed)
{
	uint64_t rec[64];
	struct utracer_event *hdr = (struct utracer_event *)rec;

	memset(rec, 0, sizeof(rec));
	hdr->size = (uint32_t)claimed;
	hdr->type = (uint16_t)type;
	hdr->pid = pid;
	hdr->tid = pid;
	hdr->seq = seq;
	REQUIRE(write(wfd, rec, size) == (ssize_t)size);
}

static void put(unsigned int type, pid_t pid, uint64_t seq, size_t size)
{
	put_raw(type, pid, seq, size, size);
}

static void put_stop(pid_t pid, uint64_t seq)
{
	put(UTRACER_EV_STOP, pid, seq, sizeof(struct utracer_ev_stop));
}

static void put_exit(pid_t pid, uint64_t seq)
{
	put(UTRACER_EV_EXIT, pid, seq, sizeof(struct utracer_ev_exit));
}

static void *late_writer(void *arg)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	put_stop(77, 1);
	return NULL;
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void)
{
	struct utracer_event_info ev;
	struct timespec t0;
	struct utracer *u;
	pthread_t thr;
	int p[2];

	REQUIRE(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	wfd = p[1];
	/* Room for more than one read() of the library's worth of records. */
	REQUIRE(fcntl(wfd, F_SETPIPE_SZ, 1 << 20) >= 0);
	u = ulib_fake_client(-1, p[0]);
	REQUIRE(u);
	CHECK(utracer_event_fd(u) == p[0]);

	/* Empty: no wait, then a timed wait that times out. */
	CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR(utracer_event_wait(u, &ev, 100), EAGAIN);
	CHECK(elapsed_ms(&t0) >= 90);

	/* Bad arguments. */
	CHECK_ERR(utracer_event_next(NULL, &ev), EINVAL);
	CHECK_ERR(utracer_event_next(u, NULL), EINVAL);
	CHECK_ERR(utracer_event_wait_for(u, -1, 0, &ev, 0), EINVAL);
	CHECK_ERR(utracer_event_wait_for(u, 0, UTRACER_EVENT_KIND_MAX, &ev, 0), EINVAL);
	CHECK_ERR(utracer_event_fd(NULL), EINVAL);

	/* A blocking wait wakes for an event another thread makes. */
	REQUIRE(pthread_create(&thr, NULL, late_writer, NULL) == 0);
	CHECK(utracer_event_wait(u, &ev, -1) == 0);
	CHECK(ev.type == UTRACER_EVENT_STOP && ev.pid == 77);
	pthread_join(thr, NULL);

	/* Unknown types are skipped; order is kept. */
	put_exit(1, 1);
	put(200, 1, 2, 40);
	put_stop(1, 3);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 1);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 3);
	CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);

	/* wait_for takes the match and keeps the rest, in order. */
	put_exit(10, 1);
	put_exit(20, 2);
	put(200, 20, 3, 64);
	put_stop(20, 4);
	put_exit(10, 5);
	put_stop(10, 6);
	CHECK(utracer_event_wait_for(u, 20, UTRACER_EVENT_STOP, &ev, 0) == 0);
	CHECK(ev.seq == 4);
	CHECK(utracer_event_wait_for(u, 10, UTRACER_EVENT_STOP, &ev, 0) == 0);
	CHECK(ev.seq == 6);
	CHECK_ERR(utracer_event_wait_for(u, 30, 0, &ev, 0), EAGAIN);
	CHECK(utracer_event_wait_for(u, 0, UTRACER_EVENT_EXIT, &ev, 0) == 0);
	CHECK(ev.seq == 1);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 2);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 5);
	CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);

	/* A wait_for that finds nothing yet waits for more to come. */
	put_exit(5, 1);
	REQUIRE(pthread_create(&thr, NULL, late_writer, NULL) == 0);
	CHECK(utracer_event_wait_for(u, 77, 0, &ev, 5000) == 0);
	CHECK(ev.type == UTRACER_EVENT_STOP);
	pthread_join(thr, NULL);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.pid == 5);

	/* Many events, more than one read() gets: none lost, none doubled. */
	{
		uint64_t i, want = 1;
		int bad = 0;

		for (i = 1; i <= 3000; i++)
			put_exit(9, i);
		while (utracer_event_next(u, &ev) == 0)
			bad |= ev.seq != want++;
		CHECK(!bad && want == 3001);
	}

	/* A record cut short is waited for, and taken once it is whole. */
	{
		uint64_t rec[4] = { 0 };
		struct utracer_event *hdr = (struct utracer_event *)rec;

		hdr->size = sizeof(struct utracer_ev_stop);
		hdr->type = UTRACER_EV_STOP;
		hdr->pid = 3;
		REQUIRE(write(wfd, rec, 12) == 12);
		CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);
		REQUIRE(write(wfd, (char *)rec + 12, 20) == 20);
		CHECK_ERR(utracer_event_next(u, &ev), EAGAIN);
		memset(rec, 0, sizeof(rec));
		REQUIRE(write(wfd, rec, sizeof(struct utracer_ev_stop) - 32) ==
			(ssize_t)sizeof(struct utracer_ev_stop) - 32);
		CHECK(utracer_event_next(u, &ev) == 0);
		CHECK(ev.type == UTRACER_EVENT_STOP && ev.pid == 3);
	}

	/* Records that do not hold together: a size that is not whole. */
	put_raw(UTRACER_EV_STOP, 1, 1, 40, 36);
	CHECK_ERR(utracer_event_next(u, &ev), EBADMSG);
	put_raw(UTRACER_EV_STOP, 1, 1, 40, 16);
	CHECK_ERR(utracer_event_next(u, &ev), EBADMSG);
	/* A known type shorter than its struct: that record alone is lost. */
	put_exit(4, 1);
	put(UTRACER_EV_SIGNAL, 1, 2, 32);
	put_exit(4, 3);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 1);
	CHECK_ERR(utracer_event_next(u, &ev), EBADMSG);
	CHECK(utracer_event_next(u, &ev) == 0 && ev.seq == 3);

	/* The writer is gone: end of file. */
	close(wfd);
	CHECK_ERR(utracer_event_wait(u, &ev, 1000), EPIPE);

	utracer_close(u);
	return ulib_verdict();
}
