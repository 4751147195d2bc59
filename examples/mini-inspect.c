// SPDX-License-Identifier: MIT
/*
 * mini-inspect: a minimal inspector on libutracer.
 *
 *   mini-inspect PID
 *
 * Stops every thread of process PID, prints its executable, threads,
 * registers (x86-64), memory map and environment and the bytes at its
 * instruction pointer, then lets it go on as if nothing happened.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/user.h>
#include <utracer.h>

static int fail(const char *what, int err)
{
	fprintf(stderr, "mini-inspect: %s: %s\n", what, utracer_strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	UTRACER_OPTS(utracer_attach_opts, attach, .flags = UTRACER_ATTACH_F_QUIESCE);
	struct utracer_event_info ev;
	struct user_regs_struct regs;
	struct utracer_task *tasks;
	struct utracer_map *maps;
	unsigned char code[16];
	size_t n, i;
	struct utracer *u;
	char **env, *exe;
	ssize_t got;
	pid_t pid;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PID\n", argv[0]);
		return 2;
	}
	pid = (pid_t)atoi(argv[1]);
	memset(&regs, 0, sizeof(regs));
	u = utracer_open(NULL);
	if (!u)
		return fail("open", errno);
	err = utracer_attach(u, pid, &attach);
	if (err)
		return fail("attach", err);
	/* The main thread's stop is enough to read its registers. */
	err = utracer_event_wait_for(u, pid, UTRACER_EVENT_STOP, &ev, 5000);
	if (err)
		return fail("waiting for the stop", err);

	exe = utracer_exe_path(u, pid);
	printf("executable: %s\n", exe ? exe : utracer_strerror(errno));
	free(exe);

	tasks = utracer_task_list(u, &n);
	for (i = 0; tasks && i < n; i++)
		printf("thread %d state %u\n", (int)tasks[i].tid, tasks[i].state);
	free(tasks);

	got = utracer_regset_read(u, pid, NT_PRSTATUS, &regs, sizeof(regs));
	if (got == (ssize_t)sizeof(regs)) {
		printf("rip %#llx rsp %#llx rax %#llx\n", regs.rip, regs.rsp, regs.rax);
		got = utracer_mem_read(u, pid, regs.rip, code, sizeof(code));
		printf("code at rip:");
		for (i = 0; got > 0 && i < (size_t)got; i++)
			printf(" %02x", code[i]);
		printf("\n");
	} else {
		fail("registers", got < 0 ? (int)got : EIO);
	}

	maps = utracer_map_list(u, pid, &n);
	for (i = 0; maps && i < n; i++)
		printf("%012llx-%012llx %c%c%c%c %s\n",
		       (unsigned long long)maps[i].start,
		       (unsigned long long)maps[i].end,
		       maps[i].prot & PROT_READ ? 'r' : '-',
		       maps[i].prot & PROT_WRITE ? 'w' : '-',
		       maps[i].prot & PROT_EXEC ? 'x' : '-',
		       maps[i].flags & UTRACER_MAP_F_SHARED ? 's' : 'p',
		       maps[i].path);
	free(maps);

	env = utracer_environ_list(u, pid, &n);
	printf("%zu environment strings\n", env ? n : 0);
	for (i = 0; env && env[i]; i++)
		printf("  %s\n", env[i]);
	free(env);

	utracer_run(u, pid, 0);
	utracer_detach(u, pid, 0);
	utracer_close(u);
	return 0;
}
