// SPDX-License-Identifier: GPL-2.0
/*
 * Description: SYSCALL_CAPTURE puts the memory a syscall's arguments point
 * to into its records. A tracee opens a file (the path, a string, at
 * entry), writes a buffer into it (argument-counted), reads it back (the
 * return value counts the exit's bytes; a second spec of the same call,
 * given apart, is cut at its max and TRUNCATED), fstat()s it (a fixed
 * size at exit) and polls (a count times an element size, at entry and at
 * exit, where revents is filled). A string longer than max is cut and
 * TRUNCATED; a NULL pointer and an unmapped one give F_FAULT and nothing;
 * a buffer that runs into a PROT_NONE page gives the part before it and
 * F_FAULT | F_RETRIED, and the same part again at the exit (F_ENTRY);
 * a path in a file mapping never touched before the call is not resident
 * at entry (F_FAULT | F_RETRIED) and comes whole in the exit record
 * (F_ENTRY, the entry spec's index); so does the unmapped pointer, still
 * F_FAULT. Every byte and flag is compared with what the tracee used, and
 * every record's blocks are laid out as the header says (offset, 8-byte
 * padding of zeros, nothing else). A thread there at attach and one
 * followed at clone capture too. A second client with another table gets
 * its own captures. count 0 removes the table: records without captures
 * again. Calls held at their entry stop (UTRACER_SYSCALL_BEFORE): one run
 * takes the entry's mapped path again at its exit; two skipped take their
 * exit captures from the arguments still in the registers, and the
 * entry's mapped path, never touched, stays F_FAULT | F_ENTRY. An ia32
 * tracee's calls take the specs of UTRACER_ARCH_I386 (its numbers and
 * argument registers), not x86_64's.
 * VERSION announces the feature; every EINVAL and E2BIG rule,
 * EFAULT and ESRCH are checked, and a table of 4096 specs is taken. Tables
 * replaced and removed over and over while threads come and go making
 * captured calls leave every record well formed.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define BLOCK(len) ((sizeof(struct utracer_ev_capture) + (len) + 7) & ~(size_t)7)
#define BADPTR ((const char *)0x1000)	/* below mmap_min_addr: never mapped */
#define EDGE 10

/* What the tracee did, for the checks. */
struct shared {
	pid_t tid_a, tid_b;
	long read_ret;
	const char *map, *map2;
	const char *edge;		/* EDGE bytes before a PROT_NONE page */
	struct stat st;
	struct pollfd pfd_after[3];
};

/*
 * The tracee's data, at the same addresses in the tracee (a fork); the
 * mapping's address is the tracee's alone (sh->map), its bytes are mpath.
 */
static char path[64], mpath[64];
static char wbuf[100], rbuf[4096];
static const char longpath[] = "/this/path/is/longer/than/sixteen/bytes";
static const char apath[] = "/thread-a-path", bpath[] = "/thread-b-path";
static struct pollfd pfds[3];
static struct shared *sh;
static int inner[2];

/* Records read, kept whole. */
struct rec {
	size_t size;
	unsigned char *b;
};

struct recs {
	struct rec *v;
	int n, cap;
};

static const struct utracer_event *hdr_of(const struct rec *r)
{
	return (const void *)r->b;
}

static void *thread_a(void *arg)
{
	char x;

	(void)arg;
	sh->tid_a = (pid_t)syscall(SYS_gettid);
	if (read(inner[0], &x, 1) != 1)
		return NULL;
	syscall(SYS_access, apath, F_OK);
	return NULL;
}

static void *thread_b(void *arg)
{
	(void)arg;
	sh->tid_b = (pid_t)syscall(SYS_gettid);
	syscall(SYS_access, bpath, F_OK);
	return NULL;
}

/* Phase one after a byte on @go, phase two after another; "r" on @ready. */
static void tracee(int go, int ready)
{
	pthread_t a, b;
	char x, *edge;
	int fd, mfd;

	if (pipe(inner) || pthread_create(&a, NULL, thread_a, NULL))
		_exit(1);
	mfd = open(mpath, O_RDONLY);
	sh->map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, mfd, 0);
	if (mfd < 0 || sh->map == MAP_FAILED)
		_exit(1);
	while (!__atomic_load_n(&sh->tid_a, __ATOMIC_ACQUIRE))
		usleep(1000);
	if (write(ready, "r", 1) != 1 || read(go, &x, 1) != 1)
		_exit(1);
	if (write(inner[1], "a", 1) != 1 || pthread_join(a, NULL) ||
	    pthread_create(&b, NULL, thread_b, NULL) || pthread_join(b, NULL))
		_exit(1);
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || syscall(SYS_write, fd, wbuf, sizeof(wbuf)) != sizeof(wbuf))
		_exit(1);
	lseek(fd, 0, SEEK_SET);
	sh->read_ret = syscall(SYS_read, fd, rbuf, sizeof(rbuf));
	syscall(SYS_fstat, fd, &sh->st);
	syscall(SYS_access, longpath, F_OK);
	syscall(SYS_access, NULL, F_OK);
	syscall(SYS_access, BADPTR, F_OK);
	pfds[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	pfds[1] = (struct pollfd){ .fd = fd, .events = POLLOUT };
	pfds[2] = (struct pollfd){ .fd = -1, .events = POLLIN };
	syscall(SYS_poll, pfds, 3, 0);
	memcpy(sh->pfd_after, pfds, sizeof(pfds));
	/* A buffer of 30 bytes whose last 20 cannot be read. */
	edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (edge == MAP_FAILED || mprotect(edge + 4096, 4096, PROT_NONE))
		_exit(1);
	for (int i = 0; i < EDGE; i++)
		edge[4096 - EDGE + i] = (char)('a' + i);
	sh->edge = edge + 4096 - EDGE;
	syscall(SYS_write, fd, sh->edge, 3 * EDGE);
	close((int)syscall(SYS_openat, AT_FDCWD, sh->map, O_RDONLY));
	syscall(SYS_getppid);
	if (read(go, &x, 1) != 1)
		_exit(1);
	close((int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY));
	syscall(SYS_getppid);
	_exit(0);
}

/* Keep a copy of the record @h in @rs; false when out of memory. */
static bool recs_add(struct recs *rs, const struct utracer_event *h)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 256;
		rs->v = realloc(rs->v, rs->cap * sizeof(*rs->v));
		if (!rs->v)
			return false;
	}
	rs->v[rs->n].size = h->size;
	rs->v[rs->n].b = malloc(h->size);
	if (!rs->v[rs->n].b)
		return false;
	memcpy(rs->v[rs->n].b, h, h->size);
	rs->n++;
	return true;
}

/* Read records of @c until the exit of syscall @nr by @tid; false on a timeout. */
static bool collect_until(struct uabi_client *c, struct recs *rs, pid_t tid, int nr)
{
	static unsigned char buf[70000];
	const struct utracer_event *h = (const void *)buf;
	const struct utracer_ev_syscall_exit *x = (const void *)buf;
	int t;

	while ((t = uabi_next_event(c, buf, sizeof(buf), TMO)) > 0) {
		if (!recs_add(rs, h))
			return false;
		if (t == UTRACER_EV_SYSCALL_EXIT && h->tid == tid && x->nr == nr)
			return true;
	}
	return false;
}

/* The same up to the exit of getppid. */
static bool collect(struct uabi_client *c, struct recs *rs, pid_t tid)
{
	return collect_until(c, rs, tid, SYS_getppid);
}

static void recs_free(struct recs *rs)
{
	while (rs->n--)
		free(rs->v[rs->n].b);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* The fixed size of a syscall record, its ncaptures and capture_off. */
static size_t sc_fixed(const struct rec *r, uint32_t *n, uint32_t *off)
{
	const struct utracer_ev_syscall_entry *e = (const void *)r->b;
	const struct utracer_ev_syscall_exit *x = (const void *)r->b;

	if (hdr_of(r)->type == UTRACER_EV_SYSCALL_ENTRY) {
		*n = e->ncaptures;
		*off = e->capture_off;
		return sizeof(*e);
	}
	*n = x->ncaptures;
	*off = x->capture_off;
	return sizeof(*x);
}

/*
 * The layout of every syscall record: no captures, the fixed size and both
 * fields 0; else blocks from the fixed size on, each padded with zeros, and
 * zeros to the end.
 */
static void check_layout(const struct recs *rs)
{
	for (int i = 0; i < rs->n; i++) {
		const struct rec *r = &rs->v[i];
		uint32_t n, off;
		size_t fixed, pos;

		if (hdr_of(r)->type != UTRACER_EV_SYSCALL_ENTRY &&
		    hdr_of(r)->type != UTRACER_EV_SYSCALL_EXIT)
			continue;
		fixed = sc_fixed(r, &n, &off);
		if (!n) {
			CHECK(!off && r->size == fixed, "record %d: size %zu, capture_off %u, no captures",
			      i, r->size, off);
			continue;
		}
		CHECK(off == fixed, "record %d: capture_off %u, want %zu", i, off, fixed);
		pos = fixed;
		for (uint32_t k = 0; k < n && pos + sizeof(struct utracer_ev_capture) <= r->size; k++) {
			const struct utracer_ev_capture *b = (const void *)(r->b + pos);
			size_t end = pos + BLOCK(b->len);

			CHECK(end <= r->size, "record %d: block %u past its end", i, k);
			if (end > r->size)
				return;
			for (size_t z = pos + sizeof(*b) + b->len; z < end; z++)
				CHECK(!r->b[z], "record %d: block %u padding not zero", i, k);
			CHECK(!(b->flags & ~0xfu), "record %d: block %u flags %#x", i, k, b->flags);
			pos = end;
		}
		for (; pos < r->size; pos++)
			CHECK(!r->b[pos], "record %d: byte %zu after the blocks not zero", i, pos);
	}
}

/* Block @k of the syscall record @r, or NULL. */
static const struct utracer_ev_capture *block(const struct rec *r, uint32_t k)
{
	uint32_t n, off;
	size_t pos;

	sc_fixed(r, &n, &off);
	if (k >= n)
		return NULL;
	pos = off;
	while (k--)
		pos += BLOCK(((const struct utracer_ev_capture *)(r->b + pos))->len);
	return pos + sizeof(struct utracer_ev_capture) <= r->size ? (const void *)(r->b + pos) : NULL;
}

static uint32_t ncaptures(const struct rec *r)
{
	uint32_t n, off;

	sc_fixed(r, &n, &off);
	return n;
}

/* The first entry of syscall @nr by @tid from @from with args[@arg] == @val. */
static int find_entry(const struct recs *rs, int from, pid_t tid, int nr, int arg, uint64_t val)
{
	for (int i = from; i < rs->n; i++) {
		const struct utracer_ev_syscall_entry *e = (const void *)rs->v[i].b;

		if (e->hdr.type == UTRACER_EV_SYSCALL_ENTRY && e->hdr.tid == tid && e->nr == nr &&
		    e->args[arg] == val)
			return i;
	}
	return -1;
}

/* The exit after the entry at @i, of the same thread (STOP records passed over). */
static int exit_of(const struct recs *rs, int i)
{
	pid_t tid = hdr_of(&rs->v[i])->tid;

	for (int j = i + 1; j < rs->n; j++)
		if (hdr_of(&rs->v[j])->tid == tid && hdr_of(&rs->v[j])->type != UTRACER_EV_STOP) {
			if (hdr_of(&rs->v[j])->type == UTRACER_EV_SYSCALL_EXIT)
				return j;
			break;
		}
	return -1;
}

/* Block @k of record @i is @len bytes of @data from @addr, with @flags. */
static void check_block(const struct recs *rs, int i, uint32_t k, const char *what,
			uint64_t addr, const void *data, uint32_t len, uint16_t flags,
			uint8_t index, uint8_t arg)
{
	const struct utracer_ev_capture *b;

	CHECK(i >= 0, "%s: no record", what);
	if (i < 0)
		return;
	b = block(&rs->v[i], k);
	CHECK(b, "%s: no block %u (%u captures)", what, k, ncaptures(&rs->v[i]));
	if (!b)
		return;
	CHECK(b->addr == addr, "%s: addr %#llx, want %#llx", what, (unsigned long long)b->addr,
	      (unsigned long long)addr);
	CHECK(b->flags == flags, "%s: flags %#x, want %#x", what, b->flags, flags);
	CHECK(b->index == index && b->arg == arg, "%s: index %u arg %u, want %u %u", what,
	      b->index, b->arg, index, arg);
	CHECK(b->len == len, "%s: len %u, want %u", what, b->len, len);
	if (b->len == len && len)
		CHECK(!memcmp(b->data, data, len), "%s: the bytes differ", what);
}

static int set_captures(struct uabi_client *c, pid_t pid, const struct utracer_capture_spec *s,
			uint32_t count)
{
	struct utracer_syscall_capture sc = {
		.size = sizeof(sc), .pid = pid, .count = count, .specs = (uintptr_t)s,
	};

	return ioctl(c->cmd, UTRACER_IOC_SYSCALL_CAPTURE, &sc);
}

#define SPEC(n, w, k, ...) { .nr = (n), .arch = UTRACER_ARCH_X86_64, \
			     .when = UTRACER_SYSCALL_##w, .kind = UTRACER_CAPTURE_##k, __VA_ARGS__ }

static const struct utracer_capture_spec specs_a[] = {
	SPEC(SYS_openat, ENTRY, STR, .arg = 1, .max = 256),
	SPEC(SYS_read, EXIT, MEM, .arg = 1, .len_from = UTRACER_CAPTURE_LEN_RET, .max = 4096),
	SPEC(SYS_write, ENTRY, MEM, .arg = 1, .len_from = UTRACER_CAPTURE_LEN_ARG, .len_arg = 2,
	     .max = 4096),
	SPEC(SYS_fstat, EXIT, MEM, .arg = 1, .max = sizeof(struct stat)),
	SPEC(SYS_access, ENTRY, STR, .arg = 0, .max = 16),
	SPEC(SYS_poll, ENTRY, MEM, .arg = 0, .len_from = UTRACER_CAPTURE_LEN_ARG, .len_arg = 1,
	     .elem = sizeof(struct pollfd), .max = 1024),
	SPEC(SYS_poll, EXIT, MEM, .arg = 0, .len_from = UTRACER_CAPTURE_LEN_ARG, .len_arg = 1,
	     .elem = sizeof(struct pollfd), .max = 1024),
	/* The read's second: index 1 among its exit's, given apart. */
	SPEC(SYS_read, EXIT, MEM, .arg = 1, .len_from = UTRACER_CAPTURE_LEN_RET, .max = 10),
};

static const struct utracer_capture_spec specs_b[] = {
	SPEC(SYS_openat, ENTRY, STR, .arg = 1, .max = 4),
};

static void check_client_a(const struct recs *rs, pid_t pid)
{
	const uint16_t T = UTRACER_CAPTURE_F_TRUNCATED, F = UTRACER_CAPTURE_F_FAULT;
	const uint16_t R = UTRACER_CAPTURE_F_RETRIED, E = UTRACER_CAPTURE_F_ENTRY;
	size_t plen = strlen(path) + 1, mlen = strlen(mpath) + 1;
	struct pollfd before[3] = {
		{ .fd = sh->pfd_after[0].fd, .events = POLLIN },
		{ .fd = sh->pfd_after[1].fd, .events = POLLOUT },
		{ .fd = -1, .events = POLLIN },
	};
	int i, x;

	check_layout(rs);
	i = find_entry(rs, 0, sh->tid_a, SYS_access, 0, (uintptr_t)apath);
	check_block(rs, i, 0, "thread at attach: access", (uintptr_t)apath, apath,
		    sizeof(apath), 0, 0, 0);
	i = find_entry(rs, 0, sh->tid_b, SYS_access, 0, (uintptr_t)bpath);
	check_block(rs, i, 0, "thread followed: access", (uintptr_t)bpath, bpath,
		    sizeof(bpath), 0, 0, 0);

	i = find_entry(rs, 0, pid, SYS_openat, 1, (uintptr_t)path);
	check_block(rs, i, 0, "openat path", (uintptr_t)path, path, plen, 0, 0, 1);
	CHECK(i < 0 || ncaptures(&rs->v[i]) == 1, "openat: %u captures", ncaptures(&rs->v[i]));
	x = i < 0 ? -1 : exit_of(rs, i);
	CHECK(x >= 0 && !ncaptures(&rs->v[x]), "openat exit: captures");

	i = find_entry(rs, 0, pid, SYS_write, 1, (uintptr_t)wbuf);
	check_block(rs, i, 0, "write buffer", (uintptr_t)wbuf, wbuf, sizeof(wbuf), 0, 0, 1);

	i = find_entry(rs, 0, pid, SYS_read, 1, (uintptr_t)rbuf);
	x = i < 0 ? -1 : exit_of(rs, i);
	CHECK(sh->read_ret == sizeof(wbuf), "read returned %ld", sh->read_ret);
	CHECK(i < 0 || !ncaptures(&rs->v[i]), "read entry: captures");
	/* It read what it wrote. */
	check_block(rs, x, 0, "read buffer", (uintptr_t)rbuf, wbuf, sizeof(wbuf), 0, 0, 1);
	check_block(rs, x, 1, "read, cut", (uintptr_t)rbuf, wbuf, 10, T, 1, 1);

	i = find_entry(rs, 0, pid, SYS_fstat, 1, (uintptr_t)&sh->st);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, x, 0, "fstat", (uintptr_t)&sh->st, &sh->st, sizeof(struct stat), 0, 0, 1);

	i = find_entry(rs, 0, pid, SYS_access, 0, (uintptr_t)longpath);
	check_block(rs, i, 0, "long path", (uintptr_t)longpath, longpath, 16, T, 0, 0);
	i = find_entry(rs, 0, pid, SYS_access, 0, 0);
	check_block(rs, i, 0, "NULL path", 0, NULL, 0, F, 0, 0);
	x = i < 0 ? -1 : exit_of(rs, i);
	CHECK(x >= 0 && !ncaptures(&rs->v[x]), "NULL path: exit with captures");
	i = find_entry(rs, 0, pid, SYS_access, 0, (uintptr_t)BADPTR);
	check_block(rs, i, 0, "bad pointer", (uintptr_t)BADPTR, NULL, 0, F | R, 0, 0);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, x, 0, "bad pointer, again at exit", (uintptr_t)BADPTR, NULL, 0,
		    F | E, 0, 0);
	CHECK(x < 0 || ncaptures(&rs->v[x]) == 1, "bad pointer exit: %u captures",
	      ncaptures(&rs->v[x]));

	i = find_entry(rs, 0, pid, SYS_poll, 0, (uintptr_t)pfds);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, i, 0, "poll at entry", (uintptr_t)pfds, before, sizeof(before), 0, 0, 0);
	check_block(rs, x, 0, "poll at exit", (uintptr_t)pfds, sh->pfd_after,
		    sizeof(sh->pfd_after), 0, 0, 0);
	CHECK(sh->pfd_after[0].revents & POLLIN, "poll: revents %#x", sh->pfd_after[0].revents);

	/* Read in part: up to the page that cannot be; again at the exit. */
	i = find_entry(rs, 0, pid, SYS_write, 1, (uintptr_t)sh->edge);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, i, 0, "buffer in part", (uintptr_t)sh->edge, "abcdefghij", EDGE, F | R,
		    0, 1);
	check_block(rs, x, 0, "buffer in part, at exit", (uintptr_t)sh->edge, "abcdefghij",
		    EDGE, F | E, 0, 1);

	i = find_entry(rs, 0, pid, SYS_openat, 1, (uintptr_t)sh->map);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, i, 0, "mapped path at entry", (uintptr_t)sh->map, NULL, 0, F | R, 0, 1);
	check_block(rs, x, 0, "mapped path at exit", (uintptr_t)sh->map, mpath, mlen, E, 0, 1);
	CHECK(x < 0 || ((const struct utracer_ev_syscall_exit *)rs->v[x].b)->ret >= 0,
	      "the mapped path did not open");
}

static void check_client_b(const struct recs *rs, pid_t pid)
{
	const uint16_t T = UTRACER_CAPTURE_F_TRUNCATED, F = UTRACER_CAPTURE_F_FAULT;
	int i, x;

	check_layout(rs);
	i = find_entry(rs, 0, pid, SYS_openat, 1, (uintptr_t)path);
	check_block(rs, i, 0, "client b: openat", (uintptr_t)path, path, 4, T, 0, 1);
	i = find_entry(rs, 0, pid, SYS_write, 1, (uintptr_t)wbuf);
	CHECK(i >= 0 && !ncaptures(&rs->v[i]), "client b: write with captures");
	i = find_entry(rs, 0, pid, SYS_access, 0, (uintptr_t)longpath);
	CHECK(i >= 0 && !ncaptures(&rs->v[i]), "client b: access with captures");
	i = find_entry(rs, 0, pid, SYS_openat, 1, (uintptr_t)sh->map);
	x = i < 0 ? -1 : exit_of(rs, i);
	check_block(rs, i, 0, "client b: mapped path", (uintptr_t)sh->map, NULL, 0,
		    F | UTRACER_CAPTURE_F_RETRIED, 0, 1);
	check_block(rs, x, 0, "client b: mapped path at exit", (uintptr_t)sh->map, mpath, 4,
		    T | UTRACER_CAPTURE_F_ENTRY, 0, 1);
}

/*
 * Client b, in a process of its own (one client per process): "r" on
 * @to once its table is set, "1" once phase one is checked; phase two
 * after a byte on @from. Exits with its failures.
 */
static void client_b(pid_t pid, int from, int to)
{
	const uint64_t ev = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	struct recs rb = { 0 };
	struct uabi_client b;
	char x;
	int i;

	uabi_failures = 0;
	CHECK_OK(uabi_register(&b));
	CHECK_OK(uabi_attach(&b, pid, 0, ev, 0));
	CHECK_OK(set_captures(&b, pid, specs_b, 1));
	CHECK(write(to, "r", 1) == 1, "ready");
	CHECK(collect(&b, &rb, pid), "client b: no end of phase one");
	check_client_b(&rb, pid);
	recs_free(&rb);
	CHECK(write(to, "1", 1) == 1, "phase one");
	CHECK(read(from, &x, 1) == 1, "phase two");
	CHECK(collect(&b, &rb, pid), "client b: no end of phase two");
	i = find_entry(&rb, 0, pid, SYS_openat, 1, (uintptr_t)path);
	check_block(&rb, i, 0, "client b, phase two", (uintptr_t)path, path, 4,
		    UTRACER_CAPTURE_F_TRUNCATED, 0, 1);
	recs_free(&rb);
	uabi_close(&b);
	_exit(uabi_failures ? 1 : 0);
}

/*
 * Fork a child running @body(go, ready) and wait for its word on ready:
 * the parent keeps go[1] (its "go") and ready[0]. RETURNS: the child's
 * pid, or -1 (a failure recorded).
 */
static pid_t start_tracee(void (*body)(int go, int ready), int go[2], int ready[2])
{
	pid_t pid;
	char x;

	if (pipe(go) || pipe(ready)) {
		CHECK(0, "pipe");
		return -1;
	}
	pid = fork();
	if (!pid) {
		close(go[1]);
		close(ready[0]);
		body(go[0], ready[1]);
	}
	close(go[0]);
	close(ready[1]);
	CHECK(read(ready[0], &x, 1) == 1, "the tracee is not ready");
	return pid;
}

static void test_captures(void)
{
	const uint64_t ev = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	struct uabi_client a;
	struct recs ra = { 0 };
	int go[2], ready[2], bto[2], bfrom[2], mfd, st, i;
	char x;
	pid_t pid, bpid;

	snprintf(path, sizeof(path), "/tmp/utracer-capture-%d", (int)getpid());
	snprintf(mpath, sizeof(mpath), "/tmp/utracer-capture-%d-map", (int)getpid());
	for (i = 0; i < (int)sizeof(wbuf); i++)
		wbuf[i] = (char)(i * 7 + 1);
	mfd = open(mpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(mfd >= 0 && write(mfd, mpath, strlen(mpath) + 1) == (ssize_t)strlen(mpath) + 1,
	      "write %s", mpath);
	close(mfd);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	if (sh == MAP_FAILED || pipe(bto) || pipe(bfrom))
		return;
	pid = start_tracee(tracee, go, ready);
	if (pid < 0)
		return;
	bpid = fork();
	if (!bpid) {
		close(go[1]);
		client_b(pid, bto[0], bfrom[1]);
	}
	CHECK(read(bfrom[0], &x, 1) == 1 && x == 'r', "client b is not ready");
	CHECK_OK(uabi_register(&a));
	CHECK_OK(uabi_attach(&a, pid, 0, ev, 0));
	CHECK_OK(set_captures(&a, pid, specs_a, sizeof(specs_a) / sizeof(specs_a[0])));
	CHECK(write(go[1], "g", 1) == 1, "go");
	CHECK(collect(&a, &ra, pid), "client a: no end of phase one");
	check_client_a(&ra, pid);
	recs_free(&ra);
	CHECK(read(bfrom[0], &x, 1) == 1 && x == '1', "client b: phase one");

	/* count 0: client a's records have no captures any more; b's still do. */
	CHECK_OK(set_captures(&a, pid, NULL, 0));
	CHECK(write(bto[1], "2", 1) == 1, "client b: phase two");
	CHECK(write(go[1], "g", 1) == 1, "go");
	CHECK(collect(&a, &ra, pid), "client a: no end of phase two");
	check_layout(&ra);
	i = find_entry(&ra, 0, pid, SYS_openat, 1, (uintptr_t)path);
	CHECK(i >= 0 && !ncaptures(&ra.v[i]) &&
	      ra.v[i].size == sizeof(struct utracer_ev_syscall_entry),
	      "cleared: openat still with captures");
	recs_free(&ra);

	close(go[1]);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "the tracee failed: %#x", st);
	CHECK(waitpid(bpid, &st, 0) == bpid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "client b failed: %#x", st);
	uabi_close(&a);
	unlink(path);
	unlink(mpath);
	munmap(sh, sizeof(*sh));
}

/* The ring's data size of @c's ring. */
static uint64_t ring_size(struct uabi_client *c)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	const struct utracer_ring_producer *p;
	uint64_t size;

	p = mmap(NULL, page, PROT_READ, MAP_SHARED, c->resp, (off_t)page);
	if (p == MAP_FAILED)
		return 0;
	size = p->data_size;
	munmap((void *)p, page);
	return size;
}

static pid_t small_pid;

/*
 * A client of a 16 KiB ring (a process of its own: one client per
 * process): a quarter of it, 4096 bytes, is the largest record.
 */
static void small_ring(void)
{
	struct utracer_capture_spec s = SPEC(SYS_read, EXIT, MEM, .arg = 1);
	struct uabi_client c;

	if (uabi_register_queue(&c, 4096)) {
		CHECK(0, "register a queue of 4096");
		return;
	}
	CHECK(ring_size(&c) == 16384, "a queue of 4096: ring of %llu",
	      (unsigned long long)ring_size(&c));
	CHECK_OK(uabi_attach(&c, small_pid, 0, 0, 0));
	s.max = 4096 - sizeof(struct utracer_ev_syscall_exit) - sizeof(struct utracer_ev_capture);
	CHECK_OK(set_captures(&c, small_pid, &s, 1));
	s.max++;
	CHECK_ERR(set_captures(&c, small_pid, &s, 1), E2BIG);
	uabi_close(&c);
}

static void check_einval(struct uabi_client *c, pid_t pid, const char *what,
			 struct utracer_capture_spec s)
{
	errno = 0;
	CHECK(set_captures(c, pid, &s, 1) == -1 && errno == EINVAL, "%s: errno %d, want EINVAL",
	      what, errno);
}

static void test_errors(void)
{
	const struct utracer_capture_spec ok = SPEC(SYS_openat, ENTRY, STR, .arg = 1, .max = 64);
	const struct utracer_capture_spec mem = SPEC(SYS_read, EXIT, MEM, .arg = 1, .max = 64);
	struct utracer_version v = { .size = sizeof(v) };
	struct utracer_syscall_capture sc = { .size = sizeof(sc) };
	static struct utracer_capture_spec many[UTRACER_CAPTURE_SPECS_MAX + 1];
	struct utracer_capture_spec s, big[6];
	struct uabi_client c;
	uint64_t quarter;
	pid_t pid;
	int i;

	pid = fork();
	if (!pid) {
		pause();
		_exit(0);
	}
	if (uabi_register(&c)) {
		CHECK(0, "register");
		return;
	}
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_CAPTURE, "VERSION does not announce SYSCALL_CAPTURE");
	CHECK(v.max_syscall == 1024, "max_syscall %u: the checks below assume 1024",
	      v.max_syscall);
	CHECK_ERR(set_captures(&c, pid, &ok, 1), ESRCH);
	CHECK_OK(uabi_attach(&c, pid, 0, 0, 0));
	CHECK_OK(set_captures(&c, pid, &ok, 1));
	CHECK_ERR(set_captures(&c, getpid(), &ok, 1), ESRCH);
	CHECK_ERR(set_captures(&c, getpid(), NULL, 0), ESRCH);
	CHECK_OK(set_captures(&c, pid, NULL, 0));

	sc.pid = pid;
	sc.count = 1;
	sc.specs = (uintptr_t)&ok;
	sc.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_CAPTURE, &sc), EINVAL);
	sc.flags = 0;
	sc.specs = (uintptr_t)BADPTR;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_CAPTURE, &sc), EFAULT);
	sc.specs = 0;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_SYSCALL_CAPTURE, &sc), EFAULT);

	s = ok; s.kind = 0; check_einval(&c, pid, "kind 0", s);
	s = ok; s.kind = 3; check_einval(&c, pid, "kind 3", s);
	s = ok; s.arch = 0; check_einval(&c, pid, "arch 0", s);
	s = ok; s.arch = 3; check_einval(&c, pid, "arch 3", s);
	s = ok; s.when = 0; check_einval(&c, pid, "when 0", s);
	s = ok; s.when = 3; check_einval(&c, pid, "when both", s);
	s = ok; s.when = 4; check_einval(&c, pid, "when 4", s);
	s = ok; s.nr = -1; check_einval(&c, pid, "nr -1", s);
	s = ok; s.nr = (int32_t)v.max_syscall; check_einval(&c, pid, "nr max_syscall", s);
	s = ok; s.arg = 6; check_einval(&c, pid, "arg 6", s);
	s = ok; s.max = 0; check_einval(&c, pid, "max 0", s);
	s = ok; s.len_from = UTRACER_CAPTURE_LEN_ARG; check_einval(&c, pid, "string, len_from", s);
	s = ok; s.elem = 1; check_einval(&c, pid, "string, elem", s);
	s = ok; s.len_arg = 1; check_einval(&c, pid, "string, len_arg", s);
	s = mem; s.len_from = 3; check_einval(&c, pid, "len_from 3", s);
	s = mem; s.len_from = UTRACER_CAPTURE_LEN_ARG; s.len_arg = 6;
	check_einval(&c, pid, "len_arg 6", s);
	s = mem; s.elem = 4; check_einval(&c, pid, "elem with _LEN_MAX", s);
	s = mem; s.len_arg = 2; check_einval(&c, pid, "len_arg with _LEN_MAX", s);
	s = mem; s.len_from = UTRACER_CAPTURE_LEN_RET; s.when = UTRACER_SYSCALL_ENTRY;
	check_einval(&c, pid, "_LEN_RET at entry", s);
	/* The same specs are taken where they are valid. */
	s = mem; s.len_from = UTRACER_CAPTURE_LEN_RET; s.elem = 4;
	CHECK_OK(set_captures(&c, pid, &s, 1));
	s = mem; s.len_from = UTRACER_CAPTURE_LEN_ARG; s.len_arg = 5; s.elem = 8;
	s.when = UTRACER_SYSCALL_ENTRY;
	CHECK_OK(set_captures(&c, pid, &s, 1));
	s = ok; s.arch = UTRACER_ARCH_I386; s.nr = (int32_t)v.max_syscall - 1; s.arg = 5;
	CHECK_OK(set_captures(&c, pid, &s, 1));

	/* E2BIG: max, count, per call. */
	s = mem; s.max = UTRACER_CAPTURE_BYTES_MAX + 1;
	CHECK_ERR(set_captures(&c, pid, &s, 1), E2BIG);
	CHECK_ERR(set_captures(&c, pid, many, UTRACER_CAPTURE_SPECS_MAX + 1), E2BIG);
	for (i = 0; i < UTRACER_CAPTURE_SPECS_MAX; i++)
		many[i] = (struct utracer_capture_spec){
			.nr = i % 1024, .arch = 1 + i / 2048,
			.when = (i / 1024) % 2 ? UTRACER_SYSCALL_EXIT : UTRACER_SYSCALL_ENTRY,
			.kind = UTRACER_CAPTURE_STR, .max = 1 };
	CHECK_OK(set_captures(&c, pid, many, UTRACER_CAPTURE_SPECS_MAX));
	for (i = 0; i <= UTRACER_CAPTURE_PER_CALL; i++)
		many[i] = ok;
	CHECK_OK(set_captures(&c, pid, many, UTRACER_CAPTURE_PER_CALL));
	CHECK_ERR(set_captures(&c, pid, many, UTRACER_CAPTURE_PER_CALL + 1), E2BIG);
	/* Other keys between them do not make them fewer. */
	many[UTRACER_CAPTURE_PER_CALL + 1] = ok;
	many[3] = mem;
	CHECK_ERR(set_captures(&c, pid, many, UTRACER_CAPTURE_PER_CALL + 2), E2BIG);

	/*
	 * A quarter of the ring: an entry's and an exit's largest records fit
	 * apart; the exit with the entry captures it may take again does not,
	 * for the same call; for another call it does.
	 */
	quarter = ring_size(&c) / 4;
	CHECK(quarter >= 4096, "ring of %llu bytes", (unsigned long long)quarter * 4);
	for (i = 0; i < 6; i++) {
		big[i] = mem;
		big[i].when = i < 3 ? UTRACER_SYSCALL_ENTRY : UTRACER_SYSCALL_EXIT;
		big[i].max = (uint32_t)((quarter - sizeof(struct utracer_ev_syscall_entry)) / 3 -
					sizeof(struct utracer_ev_capture)) & ~7u;
		if (big[i].max > UTRACER_CAPTURE_BYTES_MAX)
			big[i].max = UTRACER_CAPTURE_BYTES_MAX;
	}
	CHECK(sizeof(struct utracer_ev_syscall_exit) + 6 * BLOCK(big[0].max) > quarter,
	      "the quarter is too large for the check (%llu)", (unsigned long long)quarter);
	CHECK_OK(set_captures(&c, pid, big, 3));
	CHECK_OK(set_captures(&c, pid, big + 3, 3));
	CHECK_ERR(set_captures(&c, pid, big, 6), E2BIG);
	for (i = 3; i < 6; i++)
		big[i].nr = SYS_write;
	CHECK_OK(set_captures(&c, pid, big, 6));

	small_pid = pid;
	CHECK(uabi_in_child(small_ring), "the small ring's checks failed");
	uabi_close(&c);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static const struct utracer_capture_spec specs_held[] = {
	SPEC(SYS_openat, ENTRY, STR, .arg = 1, .max = 256),
	SPEC(SYS_openat, EXIT, STR, .arg = 1, .max = 256),
};

/* Three openat, each held at its entry stop: two mapped paths and one resident. */
static void held_tracee(int go, int ready)
{
	int mfd = open(mpath, O_RDONLY);
	char x;

	sh->map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, mfd, 0);
	sh->map2 = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, mfd, 0);
	if (mfd < 0 || sh->map == MAP_FAILED || sh->map2 == MAP_FAILED)
		_exit(1);
	if (write(ready, "r", 1) != 1 || read(go, &x, 1) != 1)
		_exit(1);
	syscall(SYS_openat, AT_FDCWD, sh->map, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, sh->map2, O_RDONLY);
	syscall(SYS_getppid);
	_exit(0);
}

/* Read records into @rs up to an entry stop of @tid: its index, or -1. */
static int wait_entry_stop(struct uabi_client *c, struct recs *rs, pid_t tid)
{
	static unsigned char buf[70000];
	const struct utracer_event *h = (const void *)buf;
	int t;

	while ((t = uabi_next_event(c, buf, sizeof(buf), TMO)) > 0) {
		if (!recs_add(rs, h))
			return -1;
		if (t == UTRACER_EV_SYSCALL_ENTRY && h->tid == tid &&
		    (h->flags & UTRACER_EVF_STOPPED))
			return rs->n - 1;
	}
	return -1;
}

/* Skip the call @tid is held at, with the return value @ret. */
static void skip_call(struct uabi_client *c, pid_t tid, long ret)
{
	struct user_regs_struct regs;
	struct utracer_regset_read rd = {
		.size = sizeof(rd), .tid = tid, .note_type = NT_PRSTATUS,
		.buf = (uintptr_t)&regs, .len = sizeof(regs),
	};
	struct utracer_regset_write wr = {
		.size = sizeof(wr), .tid = tid, .note_type = NT_PRSTATUS,
		.buf = (uintptr_t)&regs, .len = sizeof(regs),
	};

	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_REGSET_READ, &rd));
	regs.orig_rax = (unsigned long long)-1;
	regs.rax = (unsigned long long)ret;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_REGSET_WRITE, &wr));
}

/*
 * Calls held at their entry stop (UTRACER_SYSCALL_BEFORE): one run, whose
 * exit (after the stop) takes the entry's mapped path again; two skipped,
 * whose exits (reported from the thread's task_work) take the exit's
 * captures from the arguments still in the registers, and the entry's
 * mapped path again, still not resident: the call never ran.
 */
static void test_held(void)
{
	const uint64_t ev = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	const uint16_t F = UTRACER_CAPTURE_F_FAULT, R = UTRACER_CAPTURE_F_RETRIED;
	const uint16_t E = UTRACER_CAPTURE_F_ENTRY;
	struct utracer_version v = { .size = sizeof(v) };
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = UTRACER_SYSCALL_ENTRY, .op = UTRACER_SYSCALL_OP_NONE,
	};
	struct utracer_set_events se = {
		.size = sizeof(se), .event_mask = ev,
		.stop_mask = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY),
	};
	size_t plen, mlen;
	struct uabi_client c;
	struct recs rs = { 0 };
	int go[2], ready[2], mfd, i, x, k;
	const struct utracer_ev_syscall_exit *xr;
	pid_t pid;

	snprintf(path, sizeof(path), "/tmp/utracer-capture-%d", (int)getpid());
	snprintf(mpath, sizeof(mpath), "/tmp/utracer-capture-%d-map", (int)getpid());
	plen = strlen(path) + 1;
	mlen = strlen(mpath) + 1;
	if (uabi_register(&c)) {
		CHECK(0, "register");
		return;
	}
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	if (!(v.features & UTRACER_FEAT_SYSCALL_BEFORE)) {
		fprintf(stderr, "no syscall-entry holds here: held calls not checked\n");
		uabi_close(&c);
		return;
	}
	mfd = open(mpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(mfd >= 0 && write(mfd, mpath, mlen) == (ssize_t)mlen, "write %s", mpath);
	close(mfd);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	if (sh == MAP_FAILED)
		return;
	pid = start_tracee(held_tracee, go, ready);
	if (pid < 0)
		return;
	/*
	 * No stop until the stop set is openat's alone: the tracee may not
	 * have entered its read() of "go" yet, and would stop there.
	 */
	CHECK_OK(uabi_attach(&c, pid, 0, ev, 0));
	f.pid = pid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_STOPS, &f));
	f.flags = UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_BEFORE;
	f.op = UTRACER_SYSCALL_OP_ADD;
	f.nr = SYS_openat;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SYSCALL_STOPS, &f));
	se.pid = pid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_SET_EVENTS, &se));
	CHECK_OK(set_captures(&c, pid, specs_held, 2));
	CHECK(write(go[1], "g", 1) == 1, "go");
	for (k = 0; k < 3; k++) {
		i = wait_entry_stop(&c, &rs, pid);
		CHECK(i >= 0, "no entry stop %d", k);
		if (i < 0)
			break;
		CHECK(hdr_of(&rs.v[i])->flags & UTRACER_EVF_BEFORE, "stop %d not before the call", k);
		if (k)
			skip_call(&c, pid, -EPERM);
		CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, pid, UTRACER_TARGET_THREAD));
	}
	CHECK(collect(&c, &rs, pid), "no end");
	check_layout(&rs);

	i = find_entry(&rs, 0, pid, SYS_openat, 1, (uintptr_t)sh->map);
	x = i < 0 ? -1 : exit_of(&rs, i);
	check_block(&rs, i, 0, "held, mapped path", (uintptr_t)sh->map, NULL, 0, F | R, 0, 1);
	check_block(&rs, x, 0, "held, run: exit's path", (uintptr_t)sh->map, mpath, mlen, 0, 0, 1);
	check_block(&rs, x, 1, "held, run: entry's path", (uintptr_t)sh->map, mpath, mlen, E, 0, 1);
	CHECK(x < 0 || !(hdr_of(&rs.v[x])->flags & UTRACER_EVF_SKIPPED), "run, but SKIPPED");

	i = find_entry(&rs, 0, pid, SYS_openat, 1, (uintptr_t)path);
	x = i < 0 ? -1 : exit_of(&rs, i);
	check_block(&rs, i, 0, "skipped, path", (uintptr_t)path, path, plen, 0, 0, 1);
	check_block(&rs, x, 0, "skipped: exit's path", (uintptr_t)path, path, plen, 0, 0, 1);
	xr = x < 0 ? NULL : (const void *)rs.v[x].b;
	CHECK(xr && (xr->hdr.flags & UTRACER_EVF_SKIPPED) && xr->ret == -EPERM &&
	      xr->ncaptures == 1, "skipped: flags %#x ret %lld, %u captures",
	      xr ? xr->hdr.flags : 0, xr ? (long long)xr->ret : 0, xr ? xr->ncaptures : 0);

	i = find_entry(&rs, 0, pid, SYS_openat, 1, (uintptr_t)sh->map2);
	x = i < 0 ? -1 : exit_of(&rs, i);
	check_block(&rs, i, 0, "skipped, mapped path", (uintptr_t)sh->map2, NULL, 0, F | R, 0, 1);
	check_block(&rs, x, 0, "skipped, mapped: exit's", (uintptr_t)sh->map2, NULL, 0, F, 0, 1);
	check_block(&rs, x, 1, "skipped, mapped: entry's", (uintptr_t)sh->map2, NULL, 0, F | E,
		    0, 1);
	CHECK(x < 0 || (hdr_of(&rs.v[x])->flags & UTRACER_EVF_SKIPPED), "not SKIPPED");
	recs_free(&rs);

	close(go[1]);
	CHECK(waitpid(pid, &mfd, 0) == pid && WIFEXITED(mfd) &&
	      !WEXITSTATUS(mfd), "the tracee failed: %#x", mfd);
	uabi_close(&c);
	unlink(mpath);
	munmap(sh, sizeof(*sh));
}

/* A 32-bit program: it reads a byte, writes "hello", access()es a path. */
static const char ia32_source[] =
	"	.globl _start\n"
	"_start:\n"
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov $ready, %ecx\n"
	"	mov $6, %edx\n"
	"	int $0x80\n"
	"	mov $3, %eax\n"
	"	mov $0, %ebx\n"
	"	mov $buf, %ecx\n"
	"	mov $16, %edx\n"
	"	int $0x80\n"
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov $hello, %ecx\n"
	"	mov $5, %edx\n"
	"	int $0x80\n"
	"	mov $33, %eax\n"
	"	mov $path, %ebx\n"
	"	mov $0, %ecx\n"
	"	int $0x80\n"
	"	mov $64, %eax\n"
	"	int $0x80\n"
	"	mov $1, %eax\n"
	"	mov $0, %ebx\n"
	"	int $0x80\n"
	"	.data\n"
	"ready:	.ascii \"ready\\n\"\n"
	"hello:	.ascii \"hello\"\n"
	"path:	.asciz \"/i386/path\"\n"
	"	.bss\n"
	"buf:	.skip 16\n";

/* The first exit of syscall @nr by @tid. */
static int find_exit(const struct recs *rs, pid_t tid, int nr)
{
	for (int i = 0; i < rs->n; i++) {
		const struct utracer_ev_syscall_exit *x = (const void *)rs->v[i].b;

		if (x->hdr.type == UTRACER_EV_SYSCALL_EXIT && x->hdr.tid == tid && x->nr == nr)
			return i;
	}
	return -1;
}

/*
 * An ia32 tracee (int $0x80): the specs of UTRACER_ARCH_I386 and its
 * numbers apply, with its 32-bit argument registers, at entry and exit.
 */
static void test_ia32(void)
{
	static const struct utracer_capture_spec specs[] = {
		{ .nr = 4, .arch = UTRACER_ARCH_I386, .when = UTRACER_SYSCALL_ENTRY,
		  .kind = UTRACER_CAPTURE_MEM, .arg = 1, .len_from = UTRACER_CAPTURE_LEN_ARG,
		  .len_arg = 2, .max = 64 },
		{ .nr = 3, .arch = UTRACER_ARCH_I386, .when = UTRACER_SYSCALL_EXIT,
		  .kind = UTRACER_CAPTURE_MEM, .arg = 1, .len_from = UTRACER_CAPTURE_LEN_RET,
		  .max = 64 },
		{ .nr = 33, .arch = UTRACER_ARCH_I386, .when = UTRACER_SYSCALL_ENTRY,
		  .kind = UTRACER_CAPTURE_STR, .arg = 0, .max = 64 },
		/* x86_64's write: not this tracee's. */
		{ .nr = 1, .arch = UTRACER_ARCH_X86_64, .when = UTRACER_SYSCALL_ENTRY,
		  .kind = UTRACER_CAPTURE_MEM, .arg = 1, .max = 64 },
	};
	const uint64_t ev = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	const struct utracer_ev_syscall_entry *e;
	struct utracer_ev_syscall_entry ie;
	struct recs rs = { 0 };
	struct uabi_client c;
	struct uabi_child ch;
	char exe[64];
	int i, st;

	if (uabi_spawn_ia32(&ch, ia32_source, exe, sizeof(exe), TMO) != 0) {
		fprintf(stderr, "no 32-bit tracee: ia32 captures not checked\n");
		return;
	}
	if (uabi_register(&c)) {
		CHECK(0, "register");
		return;
	}
	CHECK_OK(uabi_attach(&c, ch.pid, 0, ev, 0));
	CHECK_OK(set_captures(&c, ch.pid, specs, sizeof(specs) / sizeof(specs[0])));
	CHECK(write(ch.in, "g", 1) == 1, "go");
	CHECK(collect_until(&c, &rs, ch.pid, 64), "no getppid exit from the 32-bit tracee");
	check_layout(&rs);
	i = find_exit(&rs, ch.pid, 3);
	CHECK(i >= 0 && ((const struct utracer_ev_syscall_exit *)rs.v[i].b)->arch ==
	      UTRACER_ARCH_I386, "read's exit");
	CHECK(i >= 0 && ncaptures(&rs.v[i]) == 1 && block(&rs.v[i], 0)->len == 1 &&
	      block(&rs.v[i], 0)->data[0] == 'g' && block(&rs.v[i], 0)->arg == 1,
	      "ia32 read: the byte at exit");
	for (i = 0; i < rs.n; i++) {
		e = (const void *)rs.v[i].b;
		if (e->hdr.type == UTRACER_EV_SYSCALL_ENTRY && e->nr == 4)
			check_block(&rs, i, 0, "ia32 write", e->args[1], "hello", 5, 0, 0, 1);
		if (e->hdr.type == UTRACER_EV_SYSCALL_ENTRY && e->nr == 33)
			check_block(&rs, i, 0, "ia32 access", e->args[0], "/i386/path", 11, 0, 0, 0);
	}
	CHECK(find_entry(&rs, 0, ch.pid, 4, 2, 5) >= 0, "no ia32 write entry");
	CHECK(find_entry(&rs, 0, ch.pid, 33, 1, 0) >= 0, "no ia32 access entry");
	recs_free(&rs);
	/* Its exit (1): x86_64's number of write, whose spec is not its arch's. */
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, ch.pid, &ie, sizeof(ie), TMO) &&
	      ie.nr == 1 && ie.arch == UTRACER_ARCH_I386 && !ie.ncaptures &&
	      !ie.capture_off, "ia32 exit(): nr %d, %u captures", ie.nr, ie.ncaptures);
	uabi_close(&c);
	CHECK(uabi_reap(&ch, &st) == 0 && WIFEXITED(st) && !WEXITSTATUS(st), "ia32 tracee: %#x",
	      st);
	unlink(exe);
}

static void *churn_thread(void *arg)
{
	for (int i = 0; !arg || i < 20; i++) {
		close((int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY));
		syscall(SYS_access, BADPTR, F_OK);
	}
	return NULL;
}

/* Threads come and go, making captured calls, until killed. */
static void churn_tracee(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, churn_thread, NULL))
		_exit(1);
	for (;;) {
		if (pthread_create(&t, NULL, churn_thread, (void *)1) || pthread_join(t, NULL))
			_exit(1);
		churn_thread((void *)1);
	}
}

/*
 * The table replaced and removed over and over while threads make captured
 * calls, are created (inheriting whichever table is there) and exit: every
 * record stays well formed (and the kernel log clean: tests/run --dmesg).
 */
static void test_churn(void)
{
	const uint64_t ev = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	static unsigned char buf[70000];
	const struct utracer_event *h = (const void *)buf;
	struct recs rs = { 0 };
	struct rec one;
	struct uabi_client c;
	long long end;
	long swaps = 0, records = 0, captured = 0;
	uint32_t n, off;
	pid_t pid;
	int fd;

	snprintf(path, sizeof(path), "/tmp/utracer-capture-%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	close(fd);
	pid = fork();
	if (!pid)
		churn_tracee();
	if (uabi_register(&c)) {
		CHECK(0, "register");
		return;
	}
	CHECK_OK(uabi_attach(&c, pid, 0, ev, 0));
	end = uabi_now_ms() + 1500;
	while (uabi_now_ms() < end) {
		CHECK_OK(set_captures(&c, pid, swaps % 3 ? specs_a : NULL,
				      swaps % 3 ? sizeof(specs_a) / sizeof(specs_a[0]) : 0));
		swaps++;
		/* A few records per table: the tracee makes them as fast as they go. */
		for (int k = 0; k < 64 && uabi_next_event(&c, buf, sizeof(buf), 0) > 0; k++) {
			one.size = h->size;
			one.b = buf;
			rs.v = &one;
			rs.n = 1;
			check_layout(&rs);
			records++;
			if ((h->type == UTRACER_EV_SYSCALL_ENTRY || h->type == UTRACER_EV_SYSCALL_EXIT) &&
			    (sc_fixed(&one, &n, &off), n))
				captured++;
		}
	}
	fprintf(stderr, "churn: %ld tables, %ld records, %ld with captures\n", swaps, records,
		captured);
	CHECK(captured > 0, "no record with captures in %ld", records);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	uabi_close(&c);
	unlink(path);
}

int main(void)
{
	if (!uabi_available())
		return SKIP;
	test_errors();
	test_captures();
	test_held();
	test_ia32();
	test_churn();
	return uabi_failures ? FAIL : PASS;
}
