// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one-shot inspection commands: maps, env, mem, regs, exe, tasks.
 * Each attaches without events, asks, and detaches (closing the client
 * resumes anything it stopped).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "udb.h"

int udb_print_maps(FILE *out, struct utracer *u, pid_t pid)
{
	size_t count;
	struct utracer_map *maps = utracer_map_list(u, pid, &count);

	if (!maps) {
		int err = -errno;

		udb_error("cannot read the maps of %d: %s", (int)pid, utracer_strerror(err));
		return err;
	}
	for (size_t i = 0; i < count; i++) {
		const struct utracer_map *m = &maps[i];
		int n;

		/* As the kernel's show_map_vma() writes it, padding included. */
		n = fprintf(out, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64 " %02x:%02x %" PRIu64 " ",
			    m->start, m->end,
			    m->prot & PROT_READ ? 'r' : '-', m->prot & PROT_WRITE ? 'w' : '-',
			    m->prot & PROT_EXEC ? 'x' : '-',
			    m->flags & UTRACER_MAP_F_SHARED ? 's' : 'p',
			    m->offset, m->dev_major, m->dev_minor, m->inode);
		/* seq_pad(): spaces up to column 72, then one more before the name. */
		if (m->path && m->path[0]) {
			for (; n < 25 + (int)sizeof(void *) * 6 - 1; n++)
				fputc(' ', out);
			fputc(' ', out);
			fputs(m->path, out);
		}
		fputc('\n', out);
	}
	free(maps);
	return 0;
}

int udb_print_env(FILE *out, struct utracer *u, pid_t pid)
{
	size_t count = 0;
	char **env = utracer_environ_list(u, pid, &count);

	return udb_print_lines(out, env, count, "the environment", pid);
}

static const char *state_name(uint32_t state)
{
	switch (state) {
	case UTRACER_STATE_RUNNING: return "running";
	case UTRACER_STATE_STOPPING: return "stopping";
	case UTRACER_STATE_STOPPED: return "stopped";
	case UTRACER_STATE_EXITED: return "exited";
	}
	return "unknown";
}

int udb_print_tasks(FILE *out, struct utracer *u, pid_t pid)
{
	size_t count;
	struct utracer_task *tasks = utracer_task_list(u, &count);

	if (!tasks) {
		int err = -errno;

		udb_error("cannot list the threads: %s", utracer_strerror(err));
		return err;
	}
	for (size_t i = 0; i < count; i++)
		if (!pid || tasks[i].pid == pid)
			fprintf(out, "%d %d %s\n", (int)tasks[i].pid, (int)tasks[i].tid,
				state_name(tasks[i].state));
	free(tasks);
	return 0;
}

void udb_hexdump(FILE *out, uint64_t addr, const unsigned char *buf, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		fprintf(out, "%016" PRIx64 " ", addr + off);
		for (size_t i = 0; i < 16; i++) {
			if (i == 8)
				fputc(' ', out);
			if (i < n)
				fprintf(out, " %02x", buf[off + i]);
			else
				fputs("   ", out);
		}
		fputs("  |", out);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = buf[off + i];

			fputc(c >= 0x20 && c < 0x7f ? c : '.', out);
		}
		fputs("|\n", out);
	}
}

/* The common shape: "udb NAME PID", attach, run @show, close. */
static int simple_command(int argc, char **argv,
			  int (*show)(FILE *out, struct utracer *u, pid_t pid))
{
	struct utracer *u;
	pid_t pid;
	int err;

	if (argc != 2) {
		udb_error("usage: udb %s PID", argv[0]);
		return UDB_EXIT_USAGE;
	}
	pid = udb_parse_pid(argv[1]);
	if (pid < 0)
		return UDB_EXIT_USAGE;
	u = udb_client_open();
	if (!u)
		return UDB_EXIT_FAILURE;
	err = udb_attach_quiet(u, pid, 0);
	if (!err)
		err = show(stdout, u, pid);
	utracer_close(u);
	if (fflush(stdout) != 0 && !err) {
		udb_error("writing the output: %s", strerror(errno));
		err = -EIO;
	}
	return err ? UDB_EXIT_FAILURE : 0;
}

int udb_cmd_maps(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_maps);
}

int udb_cmd_env(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_env);
}

static int show_exe(FILE *out, struct utracer *u, pid_t pid)
{
	char *path = utracer_exe_path(u, pid);

	if (!path) {
		int err = -errno;

		udb_error("cannot read the executable of %d: %s", (int)pid,
			  utracer_strerror(err));
		return err;
	}
	fprintf(out, "%s\n", path);
	free(path);
	return 0;
}

int udb_cmd_exe(int argc, char **argv)
{
	return simple_command(argc, argv, show_exe);
}

int udb_cmd_auxv(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_auxv);
}

int udb_cmd_cmdline(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_cmdline);
}

int udb_cmd_status(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_status);
}

int udb_cmd_fds(int argc, char **argv)
{
	return simple_command(argc, argv, udb_print_fds);
}

static int show_tasks(FILE *out, struct utracer *u, pid_t pid)
{
	return udb_print_tasks(out, u, pid);
}

int udb_cmd_tasks(int argc, char **argv)
{
	return simple_command(argc, argv, show_tasks);
}

int udb_cmd_mem(int argc, char **argv)
{
	const uint64_t max_len = 1ULL << 30;
	struct utracer *u;
	uint64_t addr, len, done = 0;
	unsigned char *buf;
	int hex = 0, nargs = 0, err = 0;
	char *args[3];
	pid_t pid;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-x"))
			hex = 1;
		else if (nargs < 3)
			args[nargs++] = argv[i];
		else
			nargs = 4;
	}
	if (nargs != 3) {
		udb_error("usage: udb mem PID ADDRESS LENGTH [-x]");
		return UDB_EXIT_USAGE;
	}
	pid = udb_parse_pid(args[0]);
	if (pid < 0)
		return UDB_EXIT_USAGE;
	if (udb_parse_u64(args[1], &addr)) {
		udb_error("'%s' is not an address", args[1]);
		return UDB_EXIT_USAGE;
	}
	if (udb_parse_u64(args[2], &len) || len > max_len) {
		udb_error("'%s' is not a length (at most %" PRIu64 ")", args[2], max_len);
		return UDB_EXIT_USAGE;
	}
	u = udb_client_open();
	if (!u)
		return UDB_EXIT_FAILURE;
	if (udb_attach_quiet(u, pid, 0)) {
		utracer_close(u);
		return UDB_EXIT_FAILURE;
	}
	buf = calloc(1, len ? len : 1);	/* defined bytes, for valgrind */
	if (!buf) {
		udb_error("out of memory");
		utracer_close(u);
		return UDB_EXIT_FAILURE;
	}
	while (done < len) {
		ssize_t n = utracer_mem_read(u, pid, addr + done, buf + done, len - done);

		if (n <= 0) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
		done += (uint64_t)n;
	}
	utracer_close(u);
	if (hex)
		udb_hexdump(stdout, addr, buf, done);
	else if (udb_write_all(STDOUT_FILENO, buf, done) < 0)
		udb_error("writing the output: %s", strerror(errno));
	free(buf);
	if (fflush(stdout) != 0)
		return UDB_EXIT_FAILURE;
	if (done < len) {
		udb_error("cannot read memory of %d at %#" PRIx64 " (%" PRIu64 " of %" PRIu64
			  " bytes read): %s", (int)pid, addr + done, done, len,
			  utracer_strerror(err));
		return UDB_EXIT_FAILURE;
	}
	return 0;
}

int udb_cmd_regs(int argc, char **argv)
{
	struct udb_regs regs;
	struct utracer *u;
	int all = 0, err;
	pid_t tid = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			all = 1;
		} else if (!tid) {
			tid = udb_parse_pid(argv[i]);
			if (tid < 0)
				return UDB_EXIT_USAGE;
		} else {
			tid = -1;
		}
	}
	if (tid <= 0) {
		udb_error("usage: udb regs PID|TID [--all]");
		return UDB_EXIT_USAGE;
	}
	u = udb_client_open();
	if (!u)
		return UDB_EXIT_FAILURE;
	err = udb_attach_quiet(u, tid, UTRACER_THREAD);
	if (!err)
		err = udb_stop_thread(u, tid, 10000);
	if (!err)
		err = udb_regs_read(u, tid, &regs);
	if (!err) {
		udb_regs_print(stdout, &regs);
		if (all)
			err = udb_regs_print_all(stdout, u, tid);
	}
	/* Closing resumes the thread and detaches. */
	utracer_close(u);
	if (fflush(stdout) != 0)
		return UDB_EXIT_FAILURE;
	return err ? UDB_EXIT_FAILURE : 0;
}
