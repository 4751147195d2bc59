// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a breakpoint in a shared library, and several clients at
 * one place. Three processes run tests/progs/bp-getpid; this client
 * attaches A and B and sets breakpoints on the C library's getpid() and
 * getppid() by the library's path and file offsets (from A's map and our
 * own symbols); a second client (a child process) attaches A only and sets
 * its own breakpoint on getpid(). A and B show int3 at getpid() in
 * /proc/PID/mem, C (not attached) and the file do not; every call of A is
 * reported to both clients and every call of B to this one only, each with
 * its own breakpoint id; getpid() still answers right; C makes its calls
 * unhindered and never shows int3. The second client cannot remove this
 * one's breakpoint (ENOENT). Removing them restores A's and B's bytes.
 * A client process that exits (without closing) while a thread is stopped
 * at its breakpoint leaves the thread running on with its original bytes.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

#define CALLS 3

/* The file mapped at addr in /proc/PID/maps and its offset there. */
static int where(pid_t pid, uint64_t addr, char *path, size_t size, uint64_t *off)
{
	char name[64], line[512], file[400];
	unsigned long long start, end, pgoff;
	int ret = -1;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%d/maps", pid);
	f = fopen(name, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		file[0] = '\0';
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %399s", &start, &end, &pgoff,
			   file) < 3)
			continue;
		if (addr >= start && addr < end && file[0] == '/') {
			snprintf(path, size, "%s", file);
			*off = addr - start + pgoff;
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

static int start(struct ulib_tracee *t, const char *calls, uint64_t *fn)
{
	char *argv[] = { (char *)calls, NULL };
	char line[128];

	if (ulib_tracee_start(t, "bp-getpid", argv, NULL))
		return -1;
	if (ulib_tracee_line(t, line, sizeof(line), 20000) <= 0)
		return -1;
	return sscanf(line, "%" SCNx64, fn) == 1 ? 0 : -1;
}

/*
 * The second client: attach A, a breakpoint at libc+off, report ready,
 * take A's CALLS hits (its id only, never B's), then exit with a verdict.
 */
static int second_client(pid_t a, const char *libc, uint64_t off, int ready)
{
	struct utracer_event_info ev;
	struct utracer *u2;
	int id, hits = 0;
	char c = 'r';

	u2 = utracer_open(NULL);
	REQUIRE(u2);
	REQUIRE(utracer_attach(u2, a, NULL) == 0);
	id = utracer_breakpoint_set(u2, libc, off);
	REQUIRE(id == 1);
	REQUIRE(write(ready, &c, 1) == 1);
	while (hits < CALLS) {
		REQUIRE(utracer_event_wait(u2, &ev, 20000) == 0);
		if (ev.type == UTRACER_EVENT_BREAKPOINT) {
			CHECK(ev.pid == a && ev.breakpoint.id == (uint32_t)id);
			hits++;
		} else if (ev.type == UTRACER_EVENT_STOP) {
			CHECK(ev.stop.reason == UTRACER_STOP_REASON_BREAKPOINT);
			CHECK(utracer_run(u2, ev.tid, UTRACER_THREAD) == 0);
		}
	}
	/* The last hit's STOP, then nothing: no hit of B comes here. */
	while (utracer_event_wait(u2, &ev, 1500) == 0) {
		CHECK(ev.type == UTRACER_EVENT_STOP && ev.pid == a);
		if (ev.type == UTRACER_EVENT_STOP)
			CHECK(utracer_run(u2, ev.tid, UTRACER_THREAD) == 0);
	}
	/* Our id 2 does not exist; the other client's id 2 is not ours. */
	CHECK_ERR(utracer_breakpoint_remove(u2, 2), ENOENT);
	CHECK(utracer_breakpoint_remove(u2, (uint32_t)id) == 0);
	utracer_close(u2);
	return ulib_verdict();
}

/* A client that just exits, a thread stopped at its breakpoint. */
static void test_client_exit(void)
{
	char *argv[] = { "3", NULL };
	unsigned char orig[16], now[16];
	struct ulib_tracee t;
	char line[128];
	uint64_t sq, tw;
	int status;
	pid_t child;

	REQUIRE(ulib_tracee_start(&t, "bp-target", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64, &sq, &tw) == 2);
	REQUIRE(ulib_mem_at(t.pid, sq, orig, sizeof(orig)) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		struct utracer_event_info ev;
		struct utracer *u = utracer_open(NULL);

		if (!u || utracer_attach(u, t.pid, NULL) ||
		    utracer_breakpoint_set_addr(u, t.pid, sq, NULL) <= 0 ||
		    utracer_breakpoint_set_addr(u, t.pid, tw, NULL) <= 0 ||
		    write(t.in, "go\n", 3) != 3 ||
		    utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 20000) ||
		    ev.stop.reason != UTRACER_STOP_REASON_BREAKPOINT)
			_exit(1);
		/* No utracer_close(): the exit ends the client. */
		_exit(0);
	}
	REQUIRE(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 5 4"));
	REQUIRE(ulib_mem_at(t.pid, sq, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

int main(void)
{
	unsigned char orig[16], now[16], file[16];
	struct ulib_tracee a, b, c;
	uint64_t fa, fb, fc, off, off2;
	int ready[2], id, id2, hits_a = 0, hits_b = 0, status, fd;
	struct utracer_event_info ev;
	char libc[400], lib2[400], line[128];
	struct utracer *u;
	long calls, ms;
	pid_t child;
	void *getppid_fn;

	if (!ulib_module_loaded())
		return ULIB_SKIP;
	REQUIRE(start(&a, "3", &fa) == 0);
	REQUIRE(start(&b, "3", &fb) == 0);
	REQUIRE(start(&c, "300000", &fc) == 0);
	REQUIRE(where(a.pid, fa, libc, sizeof(libc), &off) == 0);
	REQUIRE(ulib_mem_at(a.pid, fa, orig, sizeof(orig)) == 0);

	/* The second client first: a child must not inherit our client. */
	REQUIRE(pipe(ready) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		close(ready[0]);
		_exit(second_client(a.pid, libc, off, ready[1]));
	}
	close(ready[1]);
	REQUIRE(read(ready[0], line, 1) == 1);
	close(ready[0]);

	u = utracer_open(NULL);
	REQUIRE(u);
	REQUIRE(utracer_attach(u, a.pid, NULL) == 0);
	REQUIRE(utracer_attach(u, b.pid, NULL) == 0);
	id = utracer_breakpoint_set(u, libc, off);
	CHECK(id == 1);
	/* getppid(): never called by the tracees; its offset from our own map. */
	getppid_fn = dlsym(RTLD_DEFAULT, "getppid");
	REQUIRE(getppid_fn);
	REQUIRE(where(getpid(), (uint64_t)(uintptr_t)getppid_fn, lib2, sizeof(lib2), &off2) == 0);
	CHECK(!strcmp(lib2, libc));
	id2 = utracer_breakpoint_set(u, libc, off2);
	CHECK(id2 == 2);


	/* Armed in A and B, not in C nor in the file. */
	REQUIRE(ulib_mem_at(a.pid, fa, now, sizeof(now)) == 0);
	CHECK(now[0] == 0xcc && !memcmp(now + 1, orig + 1, sizeof(now) - 1));
	REQUIRE(ulib_mem_at(b.pid, fb, now, sizeof(now)) == 0);
	CHECK(now[0] == 0xcc);
	REQUIRE(ulib_mem_at(a.pid, fa - off + off2, now, 1) == 0);
	CHECK(now[0] == 0xcc);
	REQUIRE(ulib_mem_at(c.pid, fc, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));
	fd = open(libc, O_RDONLY | O_CLOEXEC);
	REQUIRE(fd >= 0);
	CHECK(pread(fd, file, sizeof(file), (off_t)off) == (ssize_t)sizeof(file));
	close(fd);
	CHECK(!memcmp(file, orig, sizeof(file)));

	CHECK(write(c.in, "go\n", 3) == 3);
	CHECK(write(a.in, "go\n", 3) == 3);
	CHECK(write(b.in, "go\n", 3) == 3);
	while (hits_a < CALLS || hits_b < CALLS) {
		if (utracer_event_wait(u, &ev, 20000)) {
			CHECK(!"an event");
			break;
		}
		if (ev.type == UTRACER_EVENT_BREAKPOINT) {
			CHECK(ev.breakpoint.id == (uint32_t)id);
			CHECK(ev.breakpoint.addr == (ev.pid == a.pid ? fa : fb));
			hits_a += ev.pid == a.pid;
			hits_b += ev.pid == b.pid;
			CHECK(ev.pid == a.pid || ev.pid == b.pid);
		} else if (ev.type == UTRACER_EVENT_STOP) {
			CHECK(utracer_run(u, ev.tid, UTRACER_THREAD) == 0);
		}
	}
	CHECK(hits_a == CALLS && hits_b == CALLS);
	/* The last STOPs. */
	while (utracer_event_wait(u, &ev, 1000) == 0)
		if (ev.type == UTRACER_EVENT_STOP)
			CHECK(utracer_run(u, ev.tid, UTRACER_THREAD) == 0);

	CHECK(ulib_tracee_line(&a, line, sizeof(line), 20000) > 0 && !strncmp(line, "done 3 ", 7));
	CHECK(ulib_tracee_line(&b, line, sizeof(line), 20000) > 0 && !strncmp(line, "done 3 ", 7));
	CHECK(ulib_tracee_line(&c, line, sizeof(line), 60000) > 0 &&
	      sscanf(line, "done %ld %ld", &calls, &ms) == 2 && calls == 300000);
	REQUIRE(ulib_mem_at(c.pid, fc, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));

	REQUIRE(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	CHECK(utracer_breakpoint_remove(u, (uint32_t)id) == 0);
	CHECK(utracer_breakpoint_remove(u, (uint32_t)id2) == 0);
	REQUIRE(ulib_mem_at(a.pid, fa, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));
	REQUIRE(ulib_mem_at(b.pid, fb, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));
	/* getppid() was armed too: its bytes are back as well. */
	REQUIRE(ulib_mem_at(a.pid, fa - off + off2, now, 1) == 0);
	CHECK(now[0] != 0xcc);

	CHECK(write(a.in, "bye\n", 4) == 4);
	CHECK(write(b.in, "bye\n", 4) == 4);
	CHECK(write(c.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&a, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	status = ulib_tracee_wait(&b, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	status = ulib_tracee_wait(&c, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&a);
	ulib_tracee_kill(&b);
	ulib_tracee_kill(&c);
	utracer_close(u);
	test_client_exit();
	return ulib_verdict();
}
