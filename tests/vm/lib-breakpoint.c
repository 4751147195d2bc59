// SPDX-License-Identifier: GPL-2.0
/*
 * Description: breakpoints through libutracer. A breakpoint by address on
 * bp_square() and one by executable path and file offset on bp_twice() of
 * tests/progs/bp-target stop it at every call (5 and 3 hits), each hit a
 * BREAKPOINT event with the breakpoint's id and address then a STOP with
 * reason BREAKPOINT, the stopped thread's rip at the function and rdi its
 * argument; after each run the call completes (the program's sums are
 * right). While set, /proc/PID/mem shows int3 at the functions and the
 * file does not change; the list gives both with their hit counts;
 * removing restores the original bytes. Error paths: missing path,
 * offset past the end, a directory, nothing mapped at the address, an
 * anonymous mapping, a process not attached, an unknown id, id 0. A
 * thread stopped at a breakpoint dies at once of SIGKILL; a client that
 * closes with a breakpoint set and a thread stopped there leaves the
 * process running on with its original bytes. A breakpoint set by path
 * before the process is attached is armed when it is attached; one set
 * while an attached shell does not map the program yet hits once the
 * shell execs it. A child the attached process forks (not attached)
 * inherits the int3 in its copy of the code, yet runs its calls right and
 * is never reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <elf.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

/* The file offset of addr in pid's map, and the stack's start. */
static int file_offset(struct utracer *u, pid_t pid, uint64_t addr, uint64_t *off,
		       uint64_t *stack)
{
	struct utracer_map *maps;
	size_t n, i;
	int ret = -1;

	maps = utracer_map_list(u, pid, &n);
	if (!maps)
		return -1;
	for (i = 0; i < n; i++) {
		if (addr >= maps[i].start && addr < maps[i].end) {
			*off = addr - maps[i].start + maps[i].offset;
			ret = 0;
		}
		if (!strcmp(maps[i].path, "[stack]"))
			*stack = maps[i].start;
	}
	free(maps);
	return ret;
}

static int start_target(struct ulib_tracee *t, const char *calls, uint64_t *sq, uint64_t *tw)
{
	char *argv[] = { (char *)calls, NULL };
	char line[128];

	if (ulib_tracee_start(t, "bp-target", argv, NULL))
		return -1;
	if (ulib_tracee_line(t, line, sizeof(line), 20000) <= 0)
		return -1;
	return sscanf(line, "%" SCNx64 " %" SCNx64, sq, tw) == 2 ? 0 : -1;
}

/* The next hit of pid: its BREAKPOINT then its STOP. 0 or -1. */
static int wait_hit(struct utracer *u, pid_t pid, uint32_t *id, uint64_t *addr)
{
	struct utracer_event_info ev;

	if (utracer_event_wait_for(u, pid, UTRACER_EVENT_BREAKPOINT, &ev, 20000))
		return -1;
	CHECK(ev.flags & UTRACER_EVENT_F_STOPPED);
	*id = ev.breakpoint.id;
	*addr = ev.breakpoint.addr;
	if (utracer_event_wait_for(u, pid, UTRACER_EVENT_STOP, &ev, 20000))
		return -1;
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_BREAKPOINT);
	CHECK(ev.stop.event == UTRACER_EVENT_BREAKPOINT);
	return 0;
}

static void test_hits(struct utracer *u)
{
	unsigned char orig_sq[16], orig_tw[16], now[16], file[16];
	struct utracer_breakpoint *bps;
	struct user_regs_struct regs;
	uint64_t sq, tw, off_sq = 0, off_tw = 0, got_off = 0, stack = 0, addr;
	struct ulib_tracee t;
	char line[128], *exe;
	long i, hits_sq = 0, hits_tw = 0;
	uint32_t id;
	size_t n;
	int id_sq, id_tw;

	REQUIRE(start_target(&t, "5", &sq, &tw) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	exe = utracer_exe_path(u, t.pid);
	REQUIRE(exe);
	REQUIRE(file_offset(u, t.pid, sq, &off_sq, &stack) == 0);
	REQUIRE(file_offset(u, t.pid, tw, &off_tw, &stack) == 0);
	REQUIRE(ulib_mem_at(t.pid, sq, orig_sq, sizeof(orig_sq)) == 0);
	REQUIRE(ulib_mem_at(t.pid, tw, orig_tw, sizeof(orig_tw)) == 0);

	/* Error paths. */
	CHECK_ERR(utracer_breakpoint_set(u, "/nonexistent/bp-target", 0), ENOENT);
	CHECK_ERR(utracer_breakpoint_set(u, exe, UINT64_C(1) << 40), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, exe, UINT64_MAX), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, "/tmp", 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, NULL, 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_set_addr(u, t.pid, 0x1000, NULL), ENXIO);
	CHECK(stack != 0);
	CHECK_ERR(utracer_breakpoint_set_addr(u, t.pid, stack, NULL), EINVAL);
	CHECK_ERR(utracer_breakpoint_set_addr(u, getpid(), sq, NULL), ESRCH);
	CHECK_ERR(utracer_breakpoint_remove(u, 12345), ENOENT);
	CHECK_ERR(utracer_breakpoint_remove(u, 0), EINVAL);
	bps = utracer_breakpoint_list(u, &n);
	CHECK(bps && n == 0);
	free(bps);

	id_sq = utracer_breakpoint_set_addr(u, t.pid, sq, &got_off);
	CHECK(id_sq > 0);
	CHECK(got_off == off_sq);
	id_tw = utracer_breakpoint_set(u, exe, off_tw);
	CHECK(id_tw > 0 && id_tw != id_sq);

	/* Armed in the process, not in the file. */
	REQUIRE(ulib_mem_at(t.pid, sq, now, sizeof(now)) == 0);
	CHECK(now[0] == 0xcc && !memcmp(now + 1, orig_sq + 1, sizeof(now) - 1));
	REQUIRE(ulib_mem_at(t.pid, tw, now, sizeof(now)) == 0);
	CHECK(now[0] == 0xcc);
	REQUIRE(ulib_read_at(exe, off_sq, file, sizeof(file)) == 0);
	CHECK(!memcmp(file, orig_sq, sizeof(file)));

	CHECK(write(t.in, "go\n", 3) == 3);
	for (i = 0; i < 5; i++) {
		REQUIRE(wait_hit(u, t.pid, &id, &addr) == 0);
		CHECK(id == (uint32_t)id_sq && addr == sq);
		memset(&regs, 0, sizeof(regs));
		CHECK(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) ==
		      (ssize_t)sizeof(regs));
		CHECK(regs.rip == sq);
		CHECK(regs.rdi == (uint64_t)i);
		hits_sq++;
		CHECK(utracer_run(u, t.pid, 0) == 0);
		if (i % 2)
			continue;
		REQUIRE(wait_hit(u, t.pid, &id, &addr) == 0);
		CHECK(id == (uint32_t)id_tw && addr == tw);
		memset(&regs, 0, sizeof(regs));
		CHECK(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) ==
		      (ssize_t)sizeof(regs));
		CHECK(regs.rip == tw && regs.rdi == (uint64_t)i);
		hits_tw++;
		CHECK(utracer_run(u, t.pid, 0) == 0);
	}
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 30 12"));

	bps = utracer_breakpoint_list(u, &n);
	REQUIRE(bps);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(bps[0].id == (uint32_t)id_sq && bps[0].flags == UTRACER_BREAKPOINT_F_ADDR);
		CHECK(bps[0].addr == sq && bps[0].offset == off_sq && bps[0].hits == 5);
		CHECK(bps[1].id == (uint32_t)id_tw && bps[1].flags == 0);
		CHECK(bps[1].offset == off_tw && bps[1].hits == 3 && bps[1].inode != 0);
		CHECK(bps[0].inode == bps[1].inode);
	}
	free(bps);

	CHECK(utracer_breakpoint_remove(u, (uint32_t)id_sq) == 0);
	CHECK(utracer_breakpoint_remove(u, (uint32_t)id_tw) == 0);
	CHECK_ERR(utracer_breakpoint_remove(u, (uint32_t)id_sq), ENOENT);
	REQUIRE(ulib_mem_at(t.pid, sq, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig_sq, sizeof(now)));
	REQUIRE(ulib_mem_at(t.pid, tw, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig_tw, sizeof(now)));

	CHECK(write(t.in, "bye\n", 4) == 4);
	i = ulib_tracee_wait(&t, 20000);
	CHECK(i >= 0 && WIFEXITED(i) && WEXITSTATUS(i) == 0);
	ulib_tracee_kill(&t);
	free(exe);
}

static void test_kill(struct utracer *u)
{
	struct ulib_tracee t;
	uint64_t sq, tw, addr;
	uint32_t id;
	int bp, status;

	REQUIRE(start_target(&t, "3", &sq, &tw) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	bp = utracer_breakpoint_set_addr(u, t.pid, sq, NULL);
	CHECK(bp > 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	REQUIRE(wait_hit(u, t.pid, &id, &addr) == 0);
	CHECK(kill(t.pid, SIGKILL) == 0);
	status = ulib_tracee_wait(&t, 10000);
	CHECK(status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ulib_tracee_kill(&t);
	CHECK(utracer_breakpoint_remove(u, (uint32_t)bp) == 0);
}

/* A client that goes away with a breakpoint set and a thread stopped at it. */
static void test_close(void)
{
	unsigned char orig[16], now[16];
	struct ulib_tracee t;
	uint64_t sq, tw, addr;
	struct utracer *u;
	char line[128];
	uint32_t id;
	int status;

	u = utracer_open(NULL);
	REQUIRE(u);
	REQUIRE(start_target(&t, "3", &sq, &tw) == 0);
	REQUIRE(ulib_mem_at(t.pid, sq, orig, sizeof(orig)) == 0);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(utracer_breakpoint_set_addr(u, t.pid, sq, NULL) > 0);
	CHECK(utracer_breakpoint_set_addr(u, t.pid, tw, NULL) > 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	REQUIRE(wait_hit(u, t.pid, &id, &addr) == 0);
	utracer_close(u);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 5 4"));
	REQUIRE(ulib_mem_at(t.pid, sq, now, sizeof(now)) == 0);
	CHECK(!memcmp(now, orig, sizeof(now)));
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

/* Set before the attach: the attach arms it. */
static void test_attach_later(struct utracer *u)
{
	unsigned char now[1];
	struct ulib_tracee t;
	uint64_t sq, tw, addr, off = 0, stack = 0;
	char line[128], *exe;
	uint32_t id;
	int bp, status, i;

	REQUIRE(start_target(&t, "2", &sq, &tw) == 0);
	/* A throwaway attachment to learn the file and offset. */
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	exe = utracer_exe_path(u, t.pid);
	REQUIRE(exe);
	REQUIRE(file_offset(u, t.pid, sq, &off, &stack) == 0);
	REQUIRE(utracer_detach(u, t.pid, 0) == 0);

	bp = utracer_breakpoint_set(u, exe, off);
	CHECK(bp > 0);
	REQUIRE(ulib_mem_at(t.pid, sq, now, 1) == 0);
	CHECK(now[0] != 0xcc);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	REQUIRE(ulib_mem_at(t.pid, sq, now, 1) == 0);
	CHECK(now[0] == 0xcc);
	CHECK(write(t.in, "go\n", 3) == 3);
	for (i = 0; i < 2; i++) {
		REQUIRE(wait_hit(u, t.pid, &id, &addr) == 0);
		CHECK(id == (uint32_t)bp && addr == sq);
		CHECK(utracer_run(u, t.pid, 0) == 0);
	}
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 1 0"));
	CHECK(utracer_breakpoint_remove(u, (uint32_t)bp) == 0);
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);

	/* A shell that execs the program after the breakpoint is set. */
	{
		char cmd[PATH_MAX + 64];
		struct user_regs_struct regs;
		int in[2], out[2];
		pid_t sh;

		snprintf(cmd, sizeof(cmd), "read x; exec %s 2 run", exe);
		REQUIRE(pipe(in) == 0 && pipe(out) == 0);
		sh = fork();
		REQUIRE(sh >= 0);
		if (sh == 0) {
			dup2(in[0], 0);
			dup2(out[1], 1);
			close(in[1]);
			close(out[0]);
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		close(in[0]);
		close(out[1]);
		t.pid = sh;
		t.in = in[1];
		t.out = out[0];
		REQUIRE(utracer_attach(u, sh, NULL) == 0);
		bp = utracer_breakpoint_set(u, exe, off);
		CHECK(bp > 0);
		CHECK(write(t.in, "go\n", 3) == 3);
		for (i = 0; i < 2; i++) {
			REQUIRE(wait_hit(u, sh, &id, &addr) == 0);
			CHECK(id == (uint32_t)bp);
			memset(&regs, 0, sizeof(regs));
			CHECK(utracer_regset_read(u, sh, NT_PRSTATUS, &regs, sizeof(regs)) ==
			      (ssize_t)sizeof(regs));
			CHECK(regs.rip == addr && regs.rdi == (uint64_t)i);
			CHECK(utracer_run(u, sh, 0) == 0);
		}
		/* Its first line: the addresses; then the sums. */
		CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
		CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 &&
		      !strcmp(line, "done 1 0"));
		status = ulib_tracee_wait(&t, 20000);
		CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
		ulib_tracee_kill(&t);
		CHECK(utracer_breakpoint_remove(u, (uint32_t)bp) == 0);
	}
	free(exe);
}

/* A forked child is not traced: its inherited int3 goes, silently. */
static void test_fork(struct utracer *u)
{
	char *argv[] = { "3", "fork", NULL };
	struct utracer_event_info ev;
	struct ulib_tracee t;
	uint64_t sq, tw;
	char line[128];
	int bp, status;

	REQUIRE(ulib_tracee_start(&t, "bp-target", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64, &sq, &tw) == 2);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	bp = utracer_breakpoint_set_addr(u, t.pid, sq, NULL);
	CHECK(bp > 0);
	CHECK(write(t.in, "go\n", 3) == 3);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "done 5 4"));
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0 && !strcmp(line, "child 0"));
	/* No hit was reported, neither of the child nor of the parent. */
	CHECK(utracer_event_wait_for(u, 0, UTRACER_EVENT_BREAKPOINT, &ev, 300) == -EAGAIN);
	CHECK(utracer_breakpoint_remove(u, (uint32_t)bp) == 0);
	CHECK(write(t.in, "bye\n", 4) == 4);
	status = ulib_tracee_wait(&t, 20000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

int main(void)
{
	struct utracer *u;

	if (!ulib_module_loaded())
		return ULIB_SKIP;
	u = utracer_open(NULL);
	REQUIRE(u);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_BREAKPOINT) == 1);
	test_hits(u);
	test_kill(u);
	test_attach_later(u);
	test_fork(u);
	utracer_close(u);
	test_close();
	return ulib_verdict();
}
