// SPDX-License-Identifier: GPL-2.0
/*
 * Description: following children and threads with libutracer. With
 * UTRACER_ATTACH_F_FOLLOW_FORK and _STOP_NEW, every child of
 * sh -c 'A | B; C' is reported by a CLONE event (marked followed), stops
 * before its first instruction (its instruction pointer equals its
 * parent's after the clone syscall, its return value is 0), execs with a
 * stop whose instruction pointer is the dynamic loader's entry point
 * (AT_BASE + e_entry), and exits; none is missed. A static program's
 * exec stop is at its own e_entry. fork, vfork and a
 * thread stop before their first instruction: the word their first
 * instruction stores is still 0 at the stop. Without following the child
 * is not attached; utracer_set_follow() turns following on and off; a
 * thread attachment cannot follow. A storm of 200 forks with following
 * loses nothing and leaves nothing attached or stopped.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/user.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

/* Keep in step with tests/progs/follow.c. */
#define FOLLOW_MARKER 0x5a0000000UL
#define MAXP 512

static struct utracer *u;

static int get_regs(pid_t tid, struct user_regs_struct *regs)
{
	memset(regs, 0, sizeof(*regs));
	return utracer_regset_read(u, tid, NT_PRSTATUS, regs, sizeof(*regs)) ==
	       (ssize_t)sizeof(*regs) ? 0 : -1;
}

/*
 * At a stop after exec: the thread is at the first instruction of the new
 * image, the dynamic loader's entry (or the program's, when static).
 */
static void check_exec_ip(pid_t pid)
{
	struct user_regs_struct regs;
	uint64_t base = ulib_proc_auxv(pid, AT_BASE), want;
	Elf64_Ehdr eh;

	memset(&eh, 0, sizeof(eh));
	REQUIRE(get_regs(pid, &regs) == 0);
	if (base) {
		CHECK(utracer_mem_read(u, pid, base, &eh, sizeof(eh)) == (ssize_t)sizeof(eh));
		CHECK(memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0);
		want = base + eh.e_entry;
	} else {
		want = ulib_proc_auxv(pid, AT_ENTRY);
	}
	CHECK(want != 0 && regs.rip == want);
	if (regs.rip != want)
		fprintf(stderr, "pid %d: exec stop at %llx, entry %llx\n", (int)pid,
			(unsigned long long)regs.rip, (unsigned long long)want);
}

/* What the tests learn about each followed child. */
struct child {
	pid_t tid;
	pid_t parent;
	int clone_seen, new_stop, execs, exited, detached;
	int parent_regs_ok, child_regs_ok, marker_ok;
	struct user_regs_struct pregs, cregs;
	uint64_t marker;
};

static struct child kids[MAXP];
static int nkids;

static struct child *kid(pid_t tid)
{
	int i;

	for (i = 0; i < nkids; i++)
		if (kids[i].tid == tid)
			return &kids[i];
	REQUIRE(nkids < MAXP);
	memset(&kids[nkids], 0, sizeof(kids[nkids]));
	kids[nkids].tid = tid;
	return &kids[nkids++];
}

struct run_result {
	int lost, root_detached, root_exit_status, other_stops;
};

/*
 * Run a spawned, stopped tracee to its end, handling every stop: a new
 * child's (registers and marker recorded), a parent's at CLONE (its
 * registers recorded for the child named by its return value), an exec's
 * (instruction pointer checked). Returns when every followed task and the
 * tracee are detached.
 */
static void run_to_end(pid_t root, struct run_result *res)
{
	struct utracer_event_info *ev = malloc(sizeof(*ev));
	int live = 1, i;

	REQUIRE(ev);
	memset(res, 0, sizeof(*res));
	CHECK(utracer_run(u, root, 0) == 0);
	while (live > 0) {
		struct user_regs_struct regs;
		struct child *c;
		int err = utracer_event_wait(u, ev, 20000);

		if (err) {
			fprintf(stderr, "no event: %s (%d live)\n", strerror(errno), live);
			ulib_failures++;
			break;
		}
		switch (ev->type) {
		case UTRACER_EVENT_CLONE:
			c = kid(ev->clone.child_tid);
			c->clone_seen++;
			c->parent = ev->tid;
			CHECK(ev->clone.follow == UTRACER_CLONE_FOLLOWED);
			live++;
			break;
		case UTRACER_EVENT_STOP:
			if (ev->stop.reason == UTRACER_STOP_REASON_NEW) {
				c = kid(ev->tid);
				c->new_stop++;
				c->child_regs_ok = get_regs(ev->tid, &c->cregs) == 0;
				/* Only the follow tracee maps it. */
				c->marker_ok = utracer_mem_read(u, ev->pid, FOLLOW_MARKER,
								&c->marker, sizeof(c->marker)) ==
					       sizeof(c->marker);
			} else if (ev->stop.reason == UTRACER_STOP_REASON_EVENT &&
				   ev->stop.event == UTRACER_EVENT_CLONE) {
				REQUIRE(get_regs(ev->tid, &regs) == 0);
				c = kid((pid_t)regs.rax);
				c->pregs = regs;
				c->parent_regs_ok = 1;
			} else if (ev->stop.reason == UTRACER_STOP_REASON_EVENT &&
				   ev->stop.event == UTRACER_EVENT_EXEC) {
				check_exec_ip(ev->pid);
			} else {
				res->other_stops++;
			}
			CHECK(utracer_run(u, ev->tid, UTRACER_THREAD) == 0);
			break;
		case UTRACER_EVENT_EXEC:
			if (ev->pid != root)
				kid(ev->pid)->execs++;
			break;
		case UTRACER_EVENT_EXIT:
			if (ev->tid == root)
				res->root_exit_status = ev->exit.status;
			else
				kid(ev->tid)->exited++;
			break;
		case UTRACER_EVENT_DETACH:
			CHECK(ev->detach.reason == UTRACER_DETACH_REASON_EXIT);
			if (ev->tid == root)
				res->root_detached++;
			else
				kid(ev->tid)->detached++;
			live--;
			break;
		case UTRACER_EVENT_LOST:
			res->lost++;
			break;
		}
	}
	free(ev);
	for (i = 0; i < nkids; i++) {
		CHECK(kids[i].clone_seen == 1);
		CHECK(kids[i].detached == 1);
		CHECK(kids[i].exited == 1);
	}
	CHECK(res->lost == 0);
}

static pid_t spawn(char *const argv[], uint32_t flags, uint64_t events, uint64_t stops)
{
	UTRACER_OPTS(utracer_attach_opts, a, .flags = flags, .events = events,
		     .stop_events = stops);
	UTRACER_OPTS(utracer_spawn_opts, o, .attach = &a);

	return utracer_spawn(u, argv[0], argv, &o);
}

static int reap(pid_t pid)
{
	int st = -1;

	CHECK(waitpid(pid, &st, 0) == pid);
	return st;
}

static void check_nothing_attached(void)
{
	struct utracer_task *tasks;
	size_t n = 99;

	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 0);
	free(tasks);
}

#define EV(k) UTRACER_EVENT_BIT(UTRACER_EVENT_##k)

static void test_pipeline(void)
{
	char *argv[] = { "/bin/sh", "-c", "/bin/echo hi | /bin/cat >/dev/null; /bin/true",
			 NULL };
	struct run_result res;
	int i, st;
	pid_t pid;

	nkids = 0;
	pid = spawn(argv, UTRACER_ATTACH_F_FOLLOW_FORK | UTRACER_ATTACH_F_STOP_NEW,
		    EV(CLONE) | EV(EXEC) | EV(EXIT), EV(CLONE) | EV(EXEC));
	REQUIRE(pid > 0);
	run_to_end(pid, &res);
	CHECK(res.root_detached == 1 && res.other_stops == 0);
	/* echo and cat at least; true may be exec'ed by sh itself. */
	CHECK(nkids >= 2);
	for (i = 0; i < nkids; i++) {
		struct child *c = &kids[i];

		CHECK(c->new_stop == 1);
		CHECK(c->execs == 1);
		CHECK(c->child_regs_ok && c->parent_regs_ok);
		CHECK(c->cregs.rip == c->pregs.rip);
		CHECK(c->cregs.rax == 0);
		CHECK(c->cregs.rsp == c->pregs.rsp);
	}
	st = reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	check_nothing_attached();
}

/*
 * A static program (busybox, as the VM's initramfs needs it): no loader,
 * so the exec stop is at the program's own entry, its ELF e_entry.
 */
static void test_static_exec(void)
{
	char *argv[] = { "/bin/busybox", "true", NULL };
	struct user_regs_struct regs;
	Elf64_Ehdr eh;
	int fd, st;
	pid_t pid;

	memset(&eh, 0, sizeof(eh));
	fd = open(argv[0], O_RDONLY);
	if (fd < 0) {
		printf("no /bin/busybox: the static exec stop is not checked\n");
		return;
	}
	CHECK(read(fd, &eh, sizeof(eh)) == (ssize_t)sizeof(eh));
	close(fd);
	pid = spawn(argv, 0, EV(EXEC) | EV(EXIT), EV(EXEC));
	REQUIRE(pid > 0);
	if (ulib_proc_auxv(pid, AT_BASE) != 0 || eh.e_type != ET_EXEC) {
		printf("/bin/busybox is not a static executable: not checked\n");
	} else {
		REQUIRE(get_regs(pid, &regs) == 0);
		CHECK(regs.rip == eh.e_entry);
		CHECK(ulib_proc_auxv(pid, AT_ENTRY) == eh.e_entry);
		check_exec_ip(pid);
	}
	CHECK(utracer_detach(u, pid, 0) == 0);
	st = reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	{
		struct utracer_event_info ev;

		while (utracer_event_next(u, &ev) == 0)
			CHECK(ev.type == UTRACER_EVENT_DETACH);
	}
}

/* fork, vfork, thread: the child stops before its first store. */
static void test_first_instruction(const char *mode)
{
	char *argv[] = { (char *)ulib_prog("follow"), (char *)mode, NULL };
	int thread = !strcmp(mode, "thread");
	struct run_result res;
	struct child *c;
	int st;
	pid_t pid;

	nkids = 0;
	pid = spawn(argv, thread ? UTRACER_ATTACH_F_STOP_NEW :
		    UTRACER_ATTACH_F_FOLLOW_FORK | UTRACER_ATTACH_F_STOP_NEW,
		    EV(CLONE) | EV(EXIT), EV(CLONE));
	REQUIRE(pid > 0);
	run_to_end(pid, &res);
	CHECK(nkids == 1);
	c = &kids[0];
	CHECK(c->new_stop == 1);
	CHECK(c->child_regs_ok && c->parent_regs_ok);
	CHECK(c->cregs.rip == c->pregs.rip);
	CHECK(c->cregs.rax == 0);
	CHECK(c->pregs.rax == (unsigned long long)c->tid);
	if (!thread)
		CHECK(c->cregs.rsp == c->pregs.rsp);
	CHECK(c->marker_ok && c->marker == 0);
	if (c->marker != 0 || c->cregs.rip != c->pregs.rip)
		fprintf(stderr, "%s: marker %llu, rip %llx vs %llx\n", mode,
			(unsigned long long)c->marker, (unsigned long long)c->cregs.rip,
			(unsigned long long)c->pregs.rip);
	st = reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(res.root_exit_status == st);
	check_nothing_attached();
}

/*
 * Run a "fork" tracee with CLONE and EXIT events: whether its child was
 * attached (its CLONE says so, its EXIT comes) or not (neither).
 */
static void check_fork_followed(pid_t pid, int followed)
{
	struct utracer_event_info *ev = malloc(sizeof(*ev));
	int child_events = 0, done = 0, st, follow = -1;
	pid_t child = 0;

	REQUIRE(ev);
	CHECK(utracer_run(u, pid, 0) == 0);
	while (!done) {
		REQUIRE(utracer_event_wait(u, ev, 20000) == 0);
		if (ev->type == UTRACER_EVENT_CLONE && ev->pid == pid) {
			child = ev->clone.child_pid;
			follow = (int)ev->clone.follow;
			/* A followed child may be gone already. */
			if (!followed)
				CHECK(utracer_is_attached(u, child) == 0);
		} else if (ev->pid != pid) {
			CHECK(ev->pid == child);
			child_events++;
		} else if (ev->type == UTRACER_EVENT_DETACH) {
			done = 1;
		}
	}
	free(ev);
	CHECK(child > 0);
	CHECK(follow == (followed ? (int)UTRACER_CLONE_FOLLOWED : 0));
	/* The child's EXIT and DETACH when followed, nothing when not. */
	CHECK(child_events == (followed ? 2 : 0));
	st = reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	check_nothing_attached();
}

static void test_follow_off_and_set(void)
{
	char *argv[] = { (char *)ulib_prog("follow"), "fork", NULL };
	pid_t pid;

	/* Not asked: the child is not attached. */
	pid = spawn(argv, 0, EV(CLONE) | EV(EXIT), 0);
	REQUIRE(pid > 0);
	check_fork_followed(pid, 0);

	/* Turned on after attach. */
	pid = spawn(argv, 0, EV(CLONE) | EV(EXIT), 0);
	REQUIRE(pid > 0);
	CHECK(utracer_set_follow(u, pid, UTRACER_ATTACH_F_FOLLOW_FORK) == 0);
	check_fork_followed(pid, 1);

	/* Turned off after attach. */
	pid = spawn(argv, UTRACER_ATTACH_F_FOLLOW_FORK, EV(CLONE) | EV(EXIT), 0);
	REQUIRE(pid > 0);
	CHECK(utracer_set_follow(u, pid, 0) == 0);
	check_fork_followed(pid, 0);

	/* A thread attachment follows nothing; the module says so. */
	pid = spawn(argv, 0, EV(CLONE) | EV(EXIT), 0);
	REQUIRE(pid > 0);
	CHECK(utracer_detach(u, pid, 0) == 0);
	{
		UTRACER_OPTS(utracer_attach_opts, a, .flags = UTRACER_THREAD);

		CHECK(utracer_attach(u, pid, &a) == 0);
	}
	CHECK_ERR(utracer_set_follow(u, pid, UTRACER_ATTACH_F_FOLLOW_FORK), EINVAL);
	CHECK_ERR(utracer_set_follow(u, pid + 100000, 0), ESRCH);
	CHECK(utracer_detach(u, pid, UTRACER_THREAD) == 0);
	kill(pid, SIGKILL);
	reap(pid);
	/* The two detaches' events. */
	{
		struct utracer_event_info ev;
		int detaches = 0;

		while (utracer_event_next(u, &ev) == 0)
			detaches += ev.type == UTRACER_EVENT_DETACH &&
				    ev.detach.reason == UTRACER_DETACH_REASON_REQUEST;
		CHECK(detaches == 2);
	}
}

/* FOLLOW_STORM sets the number of forks (the valgrind run takes fewer). */
static void test_storm(void)
{
	const char *env = getenv("FOLLOW_STORM");
	int forks = env ? atoi(env) : 200;
	char count[16];
	char *argv[] = { (char *)ulib_prog("follow"), "storm", count, NULL };
	struct run_result res;
	int i, st, stopped = 0;
	pid_t pid;

	REQUIRE(forks > 0 && forks <= 400);
	snprintf(count, sizeof(count), "%d", forks);

	nkids = 0;
	pid = spawn(argv, UTRACER_ATTACH_F_FOLLOW_FORK | UTRACER_ATTACH_F_STOP_NEW,
		    EV(CLONE) | EV(EXIT), 0);
	REQUIRE(pid > 0);
	run_to_end(pid, &res);
	CHECK(nkids == forks);
	for (i = 0; i < nkids; i++)
		stopped += kids[i].new_stop;
	CHECK(stopped == forks);
	st = reap(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	check_nothing_attached();
}

static void step(const char *name)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("%ld.%03ld %s\n", (long)ts.tv_sec, ts.tv_nsec / 1000000, name);
	fflush(stdout);
}

int main(void)
{
	struct utracer_event_info ev;

	u = ulib_open_or_skip();
	REQUIRE(utracer_has_feature(u, UTRACER_FEATURE_FOLLOW) == 1);
	step("fork");
	test_first_instruction("fork");
	step("vfork");
	test_first_instruction("vfork");
	step("thread");
	test_first_instruction("thread");
	step("pipeline");
	test_pipeline();
	step("static exec");
	test_static_exec();
	step("off and set");
	test_follow_off_and_set();
	step("storm");
	test_storm();
	step("end");
	while (utracer_event_next(u, &ev) == 0) {
		fprintf(stderr, "left over: %s of %d\n", utracer_event_name(ev.type), ev.tid);
		ulib_failures++;
	}
	utracer_close(u);
	return ulib_verdict();
}
