// SPDX-License-Identifier: GPL-2.0
/*
 * Description: utracer_spawn() starts a program attached and stopped
 * before its first instruction: the thread is held stopped, its
 * instruction pointer is the dynamic loader's entry point (AT_BASE from
 * /proc/PID/auxv plus the loader's e_entry) and its stack pointer points
 * at argc; once run, the caller's events (with a syscall filter applied
 * inside the kernel) start with the new program and end with its exit and
 * detach; envp, cwd and $PATH search work; the child stays in the
 * caller's process group unless UTRACER_SPAWN_F_NEW_PGRP makes it lead its
 * own; execve() failures come back as their errno with the child reaped.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;

static void test_first_instruction(void)
{
	char *argv[] = { "lib-syscalls", "10", "5", "2", "3", NULL };
	struct utracer_syscall_set only_getppid;
	struct user_regs_struct regs;
	struct utracer_event_info ev;
	struct utracer_task *tasks;
	char real[PATH_MAX], *exe;
	uint64_t base, argc = 0;
	int getppids = 0, others = 0, exits = 0, execs = 0, status, main_gone = 0;
	size_t n;
	Elf64_Ehdr eh;
	pid_t pid;

	/* Zeroed: valgrind cannot see what the module writes through a pointer. */
	memset(&regs, 0, sizeof(regs));
	memset(&eh, 0, sizeof(eh));
	utracer_syscall_set_zero(&only_getppid);
	utracer_syscall_set_add(&only_getppid, SYS_getppid);
	{
		UTRACER_OPTS(utracer_attach_opts, a,
			.events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
				  UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
				  UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT),
			.syscall_entry = &only_getppid);
		UTRACER_OPTS(utracer_spawn_opts, o, .attach = &a);

		pid = utracer_spawn(u, ulib_prog("lib-syscalls"), argv, &o);
	}
	REQUIRE(pid > 0);

	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 1 && tasks[0].tid == pid);
	CHECK(tasks && tasks[0].state == UTRACER_STATE_STOPPED);
	free(tasks);

	exe = utracer_exe_path(u, pid);
	CHECK(exe && realpath(ulib_prog("lib-syscalls"), real) && strcmp(exe, real) == 0);
	free(exe);

	CHECK(utracer_regset_read(u, pid, NT_PRSTATUS, &regs, sizeof(regs)) ==
	      (ssize_t)sizeof(regs));
	base = ulib_proc_auxv(pid, AT_BASE);
	CHECK(base != 0);
	CHECK(utracer_mem_read(u, pid, base, &eh, sizeof(eh)) == (ssize_t)sizeof(eh));
	CHECK(memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0);
	CHECK(regs.rip == base + eh.e_entry);
	CHECK(utracer_mem_read(u, pid, regs.rsp, &argc, sizeof(argc)) == sizeof(argc));
	CHECK(argc == 5);

	CHECK(utracer_run(u, pid, 0) == 0);
	/*
	 * Until the main thread is detached and the three threads' exits are
	 * in: a thread's exit event may come after the main thread's end,
	 * since pthread_join() returns before the exiting thread reports.
	 */
	while (!main_gone || exits < 3) {
		int err = utracer_event_wait_for(u, pid, 0, &ev, 20000);

		REQUIRE(err == 0);
		if (ev.type == UTRACER_EVENT_SYSCALL_ENTRY) {
			if (ev.syscall_entry.nr == SYS_getppid)
				getppids++;
			else
				others++;
		} else if (ev.type == UTRACER_EVENT_EXIT) {
			if (ev.tid == pid) {
				CHECK(WIFEXITED(ev.exit.status) &&
				      WEXITSTATUS(ev.exit.status) == 3);
				CHECK(ev.exit.group == 1);
			}
			exits++;
		} else if (ev.type == UTRACER_EVENT_EXEC) {
			execs++;
		} else if (ev.type == UTRACER_EVENT_DETACH && ev.tid == pid) {
			main_gone = 1;
		}
	}
	CHECK(getppids == 10);
	CHECK(others == 0);
	CHECK(execs == 0);
	CHECK(exits == 3);	/* two threads and the main one */
	if (exits != 3)
		fprintf(stderr, "%d exits, %d getppid, %d others\n", exits, getppids, others);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}

static void test_env_cwd_path(void)
{
	char *spin_argv[] = { "lib-spin", NULL };
	char *true_argv[] = { "true", NULL };
	char *envp[] = { "ONLY=this", NULL };
	char path[64], cwd[PATH_MAX];
	char **env;
	size_t n = 0;
	ssize_t len;
	int status;
	pid_t pid;

	{
		UTRACER_OPTS(utracer_spawn_opts, o, .envp = envp, .cwd = "/tmp");

		pid = utracer_spawn(u, ulib_prog("lib-spin"), spin_argv, &o);
	}
	REQUIRE(pid > 0);
	env = utracer_environ_list(u, pid, &n);
	CHECK(env && n == 1 && strcmp(env[0], "ONLY=this") == 0);
	free(env);
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
	len = readlink(path, cwd, sizeof(cwd) - 1);
	CHECK(len == 4 && memcmp(cwd, "/tmp", 4) == 0);
	CHECK(getpgid(pid) == getpgrp());
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
	CHECK(utracer_is_attached(u, pid) == 0);

	{
		UTRACER_OPTS(utracer_spawn_opts, o, .flags = UTRACER_SPAWN_F_NEW_PGRP);

		pid = utracer_spawn(u, ulib_prog("lib-spin"), spin_argv, &o);
	}
	REQUIRE(pid > 0);
	CHECK(getpgid(pid) == pid && getpgrp() != pid);
	/* A signal to our group no longer reaches it. */
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));

	{
		UTRACER_OPTS(utracer_spawn_opts, o, .flags = UTRACER_SPAWN_F_SEARCH_PATH);

		pid = utracer_spawn(u, "true", true_argv, &o);
		REQUIRE(pid > 0);
		CHECK(utracer_run(u, pid, 0) == 0);
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

		/* execve() errors, each with its child reaped. */
		CHECK_ERR(utracer_spawn(u, "/nonexistent/program", true_argv, NULL), ENOENT);
		CHECK_ERR(utracer_spawn(u, "/etc/passwd", true_argv, NULL), EACCES);
		o.cwd = "/nonexistent";
		CHECK_ERR(utracer_spawn(u, "true", true_argv, &o), ENOENT);
		errno = 0;
		CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
	}
	/* Nothing of those children is left with the client. */
	{
		struct utracer_task *tasks = utracer_task_list(u, &n);

		CHECK(tasks && n == 0);
		free(tasks);
	}
}

int main(void)
{
	struct utracer_event_info ev;

	u = ulib_open_or_skip();
	test_first_instruction();
	test_env_cwd_path();
	/* The spins and failures above left no event behind but detaches. */
	while (utracer_event_next(u, &ev) == 0) {
		if (ev.type != UTRACER_EVENT_DETACH && ev.type != UTRACER_EVENT_STOP)
			fprintf(stderr, "left: %s of %d/%d\n", utracer_event_name(ev.type),
				(int)ev.pid, (int)ev.tid);
		CHECK(ev.type == UTRACER_EVENT_DETACH || ev.type == UTRACER_EVENT_STOP);
	}
	utracer_close(u);
	return ulib_verdict();
}
