// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the event ring, mapped from resp. The consumer page maps
 * read-write and nothing else does (EPERM; a read-only mapping of the
 * rest cannot be made writable later; past the end is EINVAL; resp opened
 * read-only cannot map it writable). The data area is a power of two of
 * at least 16 KiB and the queue_limit. Consumed through the mapping alone,
 * a 16 KiB ring wraps dozens of times under a lossless tracee: every
 * getppid it makes arrives once, in order, sequence numbers without a gap,
 * and its four threads' records all arrive too (producers on both CPUs).
 * Never read, a lossy tracee runs to its end and the records it lost are
 * counted in the producer page and in LOST records: delivered plus lost is
 * every call. Never read, a lossless tracee is held (its count stops);
 * consumed to just above the producer page's room mark (half the queue
 * limit), RING_CONSUMED after each record, it is still held; it runs on
 * once the ring drains below the mark; nothing is lost. read() and the
 * mapping share one position. A consumer position the ring cannot have
 * makes read() fail with EIO, and the producers go on. A client that dies
 * with a lossless tracee held releases it. The producer page's F_READ is
 * set while read() has what the ring does not show (LOST records to
 * write, records waiting for room, the client's end) and clear otherwise.
 * Batched wake-ups (wakeup_bytes, wakeup_ms in the consumer page): resp
 * polls readable for syscall records only once the mark is reached or the
 * delay has passed since the first; the tracee's end (EXIT, DETACH)
 * makes it readable at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define THREADS 4

struct ring {
	struct utracer_ring_consumer *cons;
	const struct utracer_ring_producer *prod;
	const unsigned char *data;
	size_t page, len;
	uint64_t mask;
};

/* Registers with @queue, opens resp read-write; 0 or -1. */
static int client(struct uabi_client *c, uint32_t queue)
{
	char path[64];

	if (uabi_register_queue(c, queue))
		return -1;
	close(c->resp);
	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", c->pid);
	c->resp = open(path, O_RDWR | O_CLOEXEC);
	return c->resp >= 0 ? 0 : -1;
}

static int ring_map(struct uabi_client *c, struct ring *r)
{
	const struct utracer_ring_producer *p;

	r->page = (size_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, r->page, PROT_READ, MAP_SHARED, c->resp, (off_t)r->page);
	if (p == MAP_FAILED)
		return -1;
	r->mask = p->data_size - 1;
	munmap((void *)p, r->page);
	r->len = r->page + 2 * (r->mask + 1);
	r->cons = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, c->resp, 0);
	r->prod = mmap(NULL, r->len, PROT_READ, MAP_SHARED, c->resp, (off_t)r->page);
	if (r->cons == MAP_FAILED || r->prod == MAP_FAILED)
		return -1;
	r->data = (const unsigned char *)r->prod + r->page;
	return 0;
}

static void ring_unmap(struct ring *r)
{
	munmap(r->cons, r->page);
	munmap((void *)r->prod, r->len);
}

/* The next whole record, or NULL. */
static const struct utracer_event *ring_peek(struct ring *r)
{
	uint64_t pos = r->cons->consumer_pos;
	const struct utracer_event *e;

	if (pos == __atomic_load_n(&r->prod->producer_pos, __ATOMIC_ACQUIRE))
		return NULL;
	e = (const void *)(r->data + (pos & r->mask));
	if (__atomic_load_n(&e->size, __ATOMIC_ACQUIRE) & UTRACER_EVENT_BUSY)
		return NULL;
	return e;
}

static void ring_consume(struct uabi_client *c, struct ring *r, uint32_t size)
{
	__atomic_store_n(&r->cons->consumer_pos, r->cons->consumer_pos + size, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (r->prod->flags & UTRACER_RING_F_WAITERS)
		CHECK_OK(ioctl(c->resp, UTRACER_IOC_RING_CONSUMED, 0));
}

/* A tracee of @threads threads, each making @calls getppid after "go". */
struct tracee {
	pid_t pid;
	int go;
	volatile long *done;	/* calls made, shared */
};

static int calls_per_thread;
static volatile long *shared_done;

static void *caller(void *arg)
{
	(void)arg;
	for (int i = 0; i < calls_per_thread; i++) {
		syscall(SYS_getppid);
		__atomic_add_fetch(shared_done, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Start @t; once it has made its calls it exits, or with @stay sleeps until killed. */
static int tracee_start(struct tracee *t, int threads, int calls, bool stay)
{
	int p[2];

	t->done = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t->done == MAP_FAILED || pipe(p))
		return -1;
	t->pid = fork();
	if (!t->pid) {
		pthread_t th[THREADS];
		char x;

		close(p[1]);
		calls_per_thread = calls;
		shared_done = t->done;
		if (read(p[0], &x, 1) != 1)
			_exit(1);
		for (int i = 1; i < threads; i++)
			pthread_create(&th[i], NULL, caller, NULL);
		caller(NULL);
		for (int i = 1; i < threads; i++)
			pthread_join(th[i], NULL);
		while (stay)
			pause();
		_exit(0);
	}
	close(p[0]);
	t->go = p[1];
	return t->pid > 0 ? 0 : -1;
}

static void tracee_go(struct tracee *t)
{
	CHECK(write(t->go, "g", 1) == 1, "go");
	close(t->go);
}

static void tracee_kill(struct tracee *t)
{
	int status;

	kill(t->pid, SIGKILL);
	CHECK(waitpid(t->pid, &status, 0) == t->pid, "tracee");
}

/* Attach to @t reporting getppid's exits only (its threads followed). */
static void attach_getppid(struct uabi_client *c, struct tracee *t, uint32_t flags)
{
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_EXIT, .pid = t->pid,
		.op = UTRACER_SYSCALL_OP_NONE,
	};
	struct utracer_set_events se = {
		.size = sizeof(se), .pid = t->pid,
		.event_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT),
	};

	CHECK_OK(uabi_attach(c, t->pid, flags, 0, 0));
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_getppid;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_SYSCALL_FILTER, &f));
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_SET_EVENTS, &se));
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_mmap_rules(void)
{
	struct uabi_client c;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	const struct utracer_ring_producer *p;
	struct utracer_version v = { .size = sizeof(v) };
	uint64_t size;
	char path[64];
	void *m;
	int ro;

	CHECK(client(&c, 20000) == 0, "register: %s", strerror(errno));
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_RING, "VERSION does not announce the ring");
	CHECK(v.features & UTRACER_FEAT_RING_WAKEUP, "VERSION does not announce batched wake-ups");
	p = mmap(NULL, page, PROT_READ, MAP_SHARED, c.resp, (off_t)page);
	CHECK(p != MAP_FAILED, "map the producer page: %s", strerror(errno));
	if (p == MAP_FAILED) {
		uabi_close(&c);
		return;
	}
	size = p->data_size;
	CHECK(size >= 32768 && !(size & (size - 1)),
	      "data_size %llu for a queue of 20000: want a power of two >= 16 KiB and the limit",
	      (unsigned long long)size);
	CHECK(p->producer_pos == 0 && p->lost == 0 && p->flags == 0, "a new ring is not empty");
	munmap((void *)p, page);

	errno = 0;
	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, c.resp, (off_t)page);
	CHECK(m == MAP_FAILED && errno == EPERM, "producer page writable: errno %d", errno);
	errno = 0;
	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, c.resp, 0);
	CHECK(m == MAP_FAILED && errno == EPERM, "consumer and producer writable: errno %d",
	      errno);
	m = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, c.resp, 0);
	CHECK(m != MAP_FAILED, "read-only map of both pages: %s", strerror(errno));
	if (m != MAP_FAILED) {
		errno = 0;
		CHECK(mprotect(m, 2 * page, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
		      "a read-only ring map made writable: errno %d", errno);
		munmap(m, 2 * page);
	}
	errno = 0;
	m = mmap(NULL, page, PROT_READ, MAP_SHARED, c.resp, (off_t)(2 * page + 2 * size));
	CHECK(m == MAP_FAILED && errno == EINVAL, "a map past the end: errno %d", errno);
	errno = 0;
	m = mmap(NULL, 2 * page + 2 * size, PROT_READ, MAP_SHARED, c.resp, (off_t)page);
	CHECK(m == MAP_FAILED && errno == EINVAL, "a map running past the end: errno %d", errno);
	m = mmap(NULL, page + 2 * size, PROT_READ, MAP_SHARED, c.resp, (off_t)page);
	CHECK(m != MAP_FAILED, "the producer page and data: %s", strerror(errno));
	if (m != MAP_FAILED)
		munmap(m, page + 2 * size);

	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", c.pid);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	errno = 0;
	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	CHECK(m == MAP_FAILED && errno == EACCES, "writable map of resp opened O_RDONLY: %d",
	      errno);
	close(ro);
	CHECK_ERR(ioctl(c.resp, UTRACER_IOC_RING_CONSUMED, 1), EINVAL);
	CHECK_ERR(ioctl(c.resp, _IO(UTRACER_IOC_MAGIC, 0x31), 0), ENOTTY);
	uabi_close(&c);
}

/*
 * Lossless, consumed through the mapping alone: @threads threads of
 * @calls getppid each, through a 16 KiB ring.
 */
static void test_lossless_wraps(int threads, int calls)
{
	long total = (long)threads * calls, got = 0, deadline;
	long per_tid[64][2] = { { 0 } };
	struct uabi_client c;
	struct tracee t;
	struct ring r;
	uint64_t seq = 0, bytes = 0;
	int status, gaps = 0, bad = 0, tids = 0;

	CHECK(client(&c, 4096) == 0, "register: %s", strerror(errno));
	CHECK(ring_map(&c, &r) == 0, "map: %s", strerror(errno));
	CHECK(tracee_start(&t, threads, calls, false) == 0, "tracee");
	attach_getppid(&c, &t, 0);
	tracee_go(&t);
	deadline = now_ms() + TMO;
	while (got < total && now_ms() < deadline) {
		const struct utracer_event *e = ring_peek(&r);
		int i;

		if (!e) {
			struct pollfd pfd = { .fd = c.resp, .events = POLLIN };

			poll(&pfd, 1, 100);
			continue;
		}
		if (e->seq != seq + 1)
			gaps++;
		seq = e->seq;
		bytes += e->size;
		if (e->type == UTRACER_EV_SYSCALL_EXIT &&
		    ((const struct utracer_ev_syscall_exit *)e)->nr == SYS_getppid) {
			got++;
			for (i = 0; i < tids && per_tid[i][0] != e->tid; i++)
				;
			if (i == tids && tids < 64)
				per_tid[tids++][0] = e->tid;
			if (i < 64)
				per_tid[i][1]++;
		} else if (e->type != UTRACER_EV_DETACH) {
			/* A thread that ends before the last call is detached: nothing else. */
			fprintf(stderr, "unexpected record of type %u\n", e->type);
			bad++;
		}
		ring_consume(&c, &r, e->size);
	}
	CHECK(waitpid(t.pid, &status, 0) == t.pid && WIFEXITED(status) && !WEXITSTATUS(status),
	      "the tracee did not end well");
	fprintf(stderr, "lossless, %d thread(s): %ld of %ld calls, %llu bytes through a %llu-byte ring, %d thread(s) seen\n",
		threads, got, total, (unsigned long long)bytes,
		(unsigned long long)r.mask + 1, tids);
	CHECK(got == total, "%ld of %ld getppid exits arrived", got, total);
	CHECK(gaps == 0, "%d gaps in the sequence numbers", gaps);
	CHECK(bad == 0, "%d records of another kind", bad);
	CHECK(r.prod->lost == 0, "%llu lost in lossless mode", (unsigned long long)r.prod->lost);
	CHECK(bytes > 8 * (r.mask + 1), "the ring did not wrap eight times: %llu bytes",
	      (unsigned long long)bytes);
	CHECK(tids == threads, "records of %d threads, want %d", tids, threads);
	for (int i = 0; i < tids; i++)
		CHECK(per_tid[i][1] == calls, "thread %ld: %ld calls, want %d", per_tid[i][0],
		      per_tid[i][1], calls);
	ring_unmap(&r);
	uabi_close(&c);
}

/* Never read while the tracee runs: lossy drops and counts, lossless holds. */
static void test_full(bool lossy)
{
	const int calls = 20000;
	struct uabi_client c;
	struct tracee t;
	struct ring r;
	long got = 0, lost_records = 0, held, deadline;
	int status;

	CHECK(client(&c, 4096) == 0, "register: %s", strerror(errno));
	CHECK(ring_map(&c, &r) == 0, "map: %s", strerror(errno));
	CHECK(tracee_start(&t, 1, calls, false) == 0, "tracee");
	attach_getppid(&c, &t, lossy ? UTRACER_ATTACH_LOSSY : 0);
	tracee_go(&t);
	if (lossy) {
		CHECK(waitpid(t.pid, &status, 0) == t.pid && WIFEXITED(status),
		      "the lossy tracee did not run to its end");
		CHECK(r.prod->flags & UTRACER_RING_F_READ, "no F_READ with LOST records to write");
	} else {
		/* Held: its count stops well short of the end. */
		usleep(500000);
		held = *t.done;
		usleep(500000);
		CHECK(*t.done == held && held < calls,
		      "a lossless tracee with a full ring ran on: %ld then %ld calls", held,
		      *t.done);
		CHECK(r.prod->flags & UTRACER_RING_F_WAITERS, "no WAITERS flag while it waits");
		/*
		 * It goes on only once the ring drained to its room mark (half
		 * the queue limit): consumed to just above it, with
		 * RING_CONSUMED after every record, it is still held.
		 */
		CHECK(r.prod->room_mark == 4096 / 2, "room mark %u, want %d", r.prod->room_mark,
		      4096 / 2);
		for (const struct utracer_event *e = ring_peek(&r);
		     e && r.prod->producer_pos - r.cons->consumer_pos - e->size > r.prod->room_mark;
		     e = ring_peek(&r)) {
			if (e->type == UTRACER_EV_SYSCALL_EXIT)
				got++;
			ring_consume(&c, &r, e->size);
			CHECK_OK(ioctl(c.resp, UTRACER_IOC_RING_CONSUMED, 0));
		}
		usleep(200000);
		CHECK(*t.done == held, "the tracee went on above the room mark: %ld then %ld calls",
		      held, *t.done);
		CHECK(r.prod->flags & UTRACER_RING_F_WAITERS, "no WAITERS flag above the room mark");
	}
	deadline = now_ms() + TMO;
	while (got + lost_records < calls && now_ms() < deadline) {
		const struct utracer_event *e = ring_peek(&r);

		if (!e) {
			struct pollfd pfd = { .fd = c.resp, .events = POLLIN };

			/* LOST records are written at the next write: ask. */
			if (poll(&pfd, 1, 100) > 0 && !ring_peek(&r))
				ioctl(c.resp, UTRACER_IOC_RING_CONSUMED, 0);
			continue;
		}
		if (e->type == UTRACER_EV_SYSCALL_EXIT)
			got++;
		else if (e->type == UTRACER_EV_LOST)
			lost_records += ((const struct utracer_ev_lost *)e)->count;
		ring_consume(&c, &r, e->size);
	}
	if (!lossy)
		CHECK(waitpid(t.pid, &status, 0) == t.pid && WIFEXITED(status),
		      "the lossless tracee did not run to its end");
	fprintf(stderr, "%s, never read: %ld delivered, %ld counted lost (producer page: %llu)\n",
		lossy ? "lossy" : "lossless", got, lost_records,
		(unsigned long long)r.prod->lost);
	CHECK(got + lost_records == calls, "%ld delivered + %ld lost != %d calls", got,
	      lost_records, calls);
	CHECK(lossy ? lost_records > 0 : lost_records == 0, "%ld lost", lost_records);
	CHECK((long)r.prod->lost == lost_records, "producer page %llu lost, LOST records %ld",
	      (unsigned long long)r.prod->lost, lost_records);
	CHECK(!(r.prod->flags & UTRACER_RING_F_READ), "F_READ with nothing left for read()");
	ring_unmap(&r);
	uabi_close(&c);
}

/* Milliseconds until resp polls readable (-1: not within @ms). */
static long poll_in(struct uabi_client *c, int ms)
{
	struct pollfd pfd = { .fd = c->resp, .events = POLLIN };
	long start = now_ms();

	return poll(&pfd, 1, ms) == 1 && (pfd.revents & POLLIN) ? now_ms() - start : -1;
}

/*
 * Batched wake-ups: with wakeup_bytes set, syscall records below the mark
 * do not make resp readable until wakeup_ms after the first; reaching the
 * mark does at once, as does a record of another kind (EXIT); F_READ is
 * clear while read() has nothing the ring does not show, and set at the
 * client's end.
 */
static void test_batched_wakeup(void)
{
	const uint32_t wait_ms = 1000;
	struct utracer_set_events se = { .size = sizeof(se) };
	struct uabi_client c;
	struct tracee t;
	struct ring r;
	long start, took;
	int status;

	/* Room for the thousand records below: the tracee is never held. */
	CHECK(client(&c, 131072) == 0, "register: %s", strerror(errno));
	CHECK(ring_map(&c, &r) == 0, "map: %s", strerror(errno));
	r.cons->wakeup_ms = wait_ms;
	r.cons->wakeup_bytes = 32768;

	/* Ten records, far below the mark: due only after wakeup_ms. */
	CHECK(tracee_start(&t, 1, 10, true) == 0, "tracee");
	attach_getppid(&c, &t, 0);
	start = now_ms();
	tracee_go(&t);
	for (long deadline = start + 200;
	     r.prod->producer_pos < 10 * sizeof(struct utracer_ev_syscall_exit) &&
	     now_ms() < deadline;)
		usleep(1000);
	CHECK(ring_peek(&r), "no record in the ring");
	CHECK(!(r.prod->flags & UTRACER_RING_F_READ), "F_READ with nothing for read()");
	/* Only meaningful while the first record is younger than wakeup_ms. */
	if (now_ms() - start < wait_ms / 2)
		CHECK(poll_in(&c, 0) < 0, "readable before the batch's delay or mark");
	took = poll_in(&c, 5000);
	CHECK(took >= 0, "not readable 5 s after a batch's first record (delay %u ms)", wait_ms);
	CHECK(now_ms() - start >= wait_ms - 50, "readable %ld ms after the batch began, delay %u",
	      now_ms() - start, wait_ms);
	tracee_kill(&t);
	while (ring_peek(&r))
		ring_consume(&c, &r, ring_peek(&r)->size);

	/* A thousand records cross the mark: readable long before the delay. */
	CHECK(tracee_start(&t, 1, 1000, true) == 0, "tracee");
	attach_getppid(&c, &t, 0);
	start = now_ms();
	tracee_go(&t);
	took = poll_in(&c, 5000);
	CHECK(took >= 0 && now_ms() - start < wait_ms - 100,
	      "not readable at the mark: %ld ms after the start (delay %u ms)",
	      now_ms() - start, wait_ms);
	CHECK(r.prod->producer_pos - r.cons->consumer_pos >= 32768,
	      "readable with %llu bytes, below the mark",
	      (unsigned long long)(r.prod->producer_pos - r.cons->consumer_pos));
	tracee_kill(&t);
	while (ring_peek(&r))
		ring_consume(&c, &r, ring_peek(&r)->size);

	/* One getppid then the end: EXIT (and DETACH) wake at once. */
	CHECK(tracee_start(&t, 1, 1, false) == 0, "tracee");
	attach_getppid(&c, &t, 0);
	se.pid = t.pid;
	se.event_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT) | UTRACER_EVMASK(UTRACER_EV_EXIT);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));
	start = now_ms();
	tracee_go(&t);
	CHECK(waitpid(t.pid, &status, 0) == t.pid, "tracee");
	took = poll_in(&c, 5000);
	CHECK(took >= 0 && now_ms() - start < wait_ms - 100,
	      "an EXIT record did not wake at once: %ld ms (delay %u ms)", now_ms() - start,
	      wait_ms);
	ring_unmap(&r);
	uabi_close(&c);
}

/* The end of a client sets F_READ: read() has the end to say. */
static void test_read_flag_at_end(void)
{
	struct uabi_client c;
	struct ring r;
	int resp;

	CHECK(client(&c, 4096) == 0, "register: %s", strerror(errno));
	CHECK(ring_map(&c, &r) == 0, "map: %s", strerror(errno));
	CHECK(!(r.prod->flags & UTRACER_RING_F_READ), "F_READ on a new client");
	resp = dup(c.resp);
	uabi_close(&c);
	CHECK(r.prod->flags & UTRACER_RING_F_READ, "no F_READ once the client ended");
	close(resp);
	ring_unmap(&r);
}

/* read() and the mapping consume from one position; a bad one is EIO. */
static void test_read_and_position(void)
{
	struct uabi_client c;
	struct tracee t;
	struct ring r;
	char buf[4096];
	uint64_t pos;
	ssize_t n;
	int status;

	CHECK(client(&c, 4096) == 0, "register: %s", strerror(errno));
	CHECK(ring_map(&c, &r) == 0, "map: %s", strerror(errno));
	CHECK(tracee_start(&t, 1, 50, false) == 0, "tracee");
	attach_getppid(&c, &t, 0);
	tracee_go(&t);
	CHECK(waitpid(t.pid, &status, 0) == t.pid, "tracee");
	n = read(c.resp, buf, sizeof(struct utracer_ev_syscall_exit));
	CHECK(n == sizeof(struct utracer_ev_syscall_exit), "read one record: %zd", n);
	CHECK(r.cons->consumer_pos == (uint64_t)n, "read() moved the mapped position to %llu",
	      (unsigned long long)r.cons->consumer_pos);
	pos = r.cons->consumer_pos;
	r.cons->consumer_pos = pos + 4;		/* not aligned */
	CHECK_ERR(read(c.resp, buf, sizeof(buf)), EIO);
	r.cons->consumer_pos = pos + 16;	/* inside a record: its seq, 2, as a size */
	CHECK_ERR(read(c.resp, buf, sizeof(buf)), EIO);
	r.cons->consumer_pos = pos + (1ULL << 40);	/* past the producer */
	CHECK_ERR(read(c.resp, buf, sizeof(buf)), EIO);
	r.cons->consumer_pos = pos;
	n = read(c.resp, buf, sizeof(buf));
	CHECK(n > 0 && ((struct utracer_event *)buf)->seq == 2,
	      "after the position is mended, read() goes on at record 2: %zd", n);
	ring_unmap(&r);
	uabi_close(&c);
}

/* A client killed with its lossless tracee held by a full ring releases it. */
static void test_reader_dies(void)
{
	struct tracee t;
	int status, ready[2];
	pid_t cl;
	char x;

	CHECK(tracee_start(&t, 1, 20000, false) == 0, "tracee");
	CHECK(pipe(ready) == 0, "pipe");
	cl = fork();
	if (!cl) {
		struct uabi_client c;
		struct ring r;

		if (client(&c, 4096) || ring_map(&c, &r))
			_exit(1);
		attach_getppid(&c, &t, 0);
		tracee_go(&t);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	close(t.go);
	CHECK(read(ready[0], &x, 1) == 1, "the client did not start");
	usleep(300000);
	CHECK(*t.done < 20000, "the tracee was not held by a full ring");
	kill(cl, SIGKILL);
	CHECK(waitpid(cl, &status, 0) == cl, "client");
	CHECK(waitpid(t.pid, &status, 0) == t.pid && WIFEXITED(status) && !WEXITSTATUS(status),
	      "the tracee did not run to its end once its client died");
	CHECK(*t.done == 20000, "the tracee made %ld calls", *t.done);
	close(ready[0]);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	test_mmap_rules();
	test_lossless_wraps(1, 3000);
	test_lossless_wraps(THREADS, 2000);
	test_full(true);
	test_full(false);
	test_read_and_position();
	test_reader_dies();
	test_batched_wakeup();
	test_read_flag_at_end();
	return uabi_failures ? FAIL : PASS;
}
