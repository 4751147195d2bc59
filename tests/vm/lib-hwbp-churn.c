// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a traced process that keeps making and ending threads while
 * a hardware watchpoint is set does not pin a thread's worth of kernel
 * memory per thread it ever had. Each thread gets a watch of its own (a
 * perf event holding its task_struct); the watches of threads that have
 * exited go when the process makes its next thread. With a write
 * watchpoint set, tests/progs/hwbp-target makes and joins 2000 threads
 * one after the other: the task_struct objects in use (/proc/slabinfo)
 * grow by less than 500 once the last has gone (2000 or more when the
 * watches of exited threads stay until the client's next command). The
 * watchpoint survives: a new thread's write still hits it. Each count
 * is taken after the cache is shrunk (/sys/kernel/slab/task_struct/shrink),
 * which on a KASAN kernel also empties its quarantine of the cache's freed
 * objects: freed task_structs wait there, counted as in use, otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

#define THREADS		2000
#define MAX_PINNED	500

static struct utracer *u;
static struct ulib_tracee t;

static void cmd(const char *c)
{
	REQUIRE(write(t.in, c, strlen(c)) == (ssize_t)strlen(c));
}

static long answer(void)
{
	char line[64];
	long v;

	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 120000) > 0);
	REQUIRE(sscanf(line, "ok %ld", &v) == 1);
	return v;
}

/*
 * task_struct objects in use, from /proc/slabinfo, after the cache is
 * shrunk where the kernel lets it be; -1 if it has none.
 */
static long task_structs(void)
{
	char line[512], name[64];
	long active = -1, n;
	int fd = open("/sys/kernel/slab/task_struct/shrink", O_WRONLY | O_CLOEXEC);
	FILE *f;

	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			fprintf(stderr, "shrinking the task_struct cache: %s\n", strerror(errno));
		close(fd);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", name, &n) == 2 && !strcmp(name, "task_struct"))
			active = n;
	fclose(f);
	return active;
}

int main(void)
{
	uint64_t watched, func, spare;
	struct utracer_event_info ev;
	long before, after = -1;
	char line[128];
	int id;

	u = ulib_open_or_skip();
	if (utracer_has_feature(u, UTRACER_FEATURE_HWBP) != 1) {
		fprintf(stderr, "the module has no hardware breakpoints\n");
		return ULIB_FAIL;
	}
	if (task_structs() < 0) {
		fprintf(stderr, "no task_struct line in /proc/slabinfo\n");
		return ULIB_SKIP;
	}
	REQUIRE(ulib_tracee_start(&t, "hwbp-target", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &watched, &func, &spare) == 3);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	id = utracer_hwbp_set(u, t.pid, watched, 8, UTRACER_HWBP_TYPE_WRITE);
	REQUIRE(id > 0);

	before = task_structs();
	cmd("c\n");
	CHECK(answer() == 0);
	/* Freed task_structs go after an RCU grace period: give them time. */
	for (int i = 0; i < 100; i++) {
		after = task_structs();
		if (after - before < MAX_PINNED)
			break;
		usleep(100 * 1000);
	}
	fprintf(stderr, "task_structs in use: %ld before %d threads, %ld after\n",
		before, THREADS, after);
	CHECK(after - before < MAX_PINNED);

	/* The watchpoint is still there for new threads. */
	cmd("t\n");
	REQUIRE(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_HWBP, &ev, 20000) == 0);
	CHECK(ev.hwbp.id == (unsigned int)id && ev.tid != t.pid);
	REQUIRE(utracer_event_wait_for(u, ev.tid, UTRACER_EVENT_STOP, &ev, 20000) == 0);
	CHECK(utracer_run(u, ev.tid, UTRACER_THREAD) == 0);
	CHECK(answer() == 1);

	cmd("q\n");
	CHECK(ulib_tracee_wait(&t, 20000) == 0);
	utracer_close(u);
	return ulib_verdict();
}
