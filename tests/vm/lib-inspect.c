// SPDX-License-Identifier: GPL-2.0
/*
 * Description: through libutracer, a process attached with an immediate
 * quiesce reports a stop; the client sees it attached and stopped;
 * register sets are listed and NT_PRSTATUS holds the values the tracee
 * loaded into r12-r15; a 64 MiB memory read ($LIB_INSPECT_MIB MiB if set)
 * matches the tracee's pattern and /proc/PID/mem, a read running into
 * unmapped memory is short and one starting there fails with EIO; the executable path, the environment and
 * the memory map match /proc/PID/exe, /proc/PID/environ and
 * /proc/PID/maps (less the gate area, [vsyscall], no mapping of the
 * process); after run and detach the tracee goes on untraced.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;
static struct ulib_tracee t;

static void check_regs(void)
{
	struct utracer_regset sets[16];
	struct user_regs_struct regs;
	int n, i, have_prstatus = 0, have_fp = 0;
	ssize_t got;

	/* Zeroed: valgrind cannot see what the module writes through a pointer. */
	memset(&regs, 0, sizeof(regs));
	memset(sets, 0, sizeof(sets));

	n = utracer_regset_list(u, t.pid, sets, 16);
	CHECK(n > 0);
	for (i = 0; i < n && i < 16; i++) {
		CHECK(sets[i].bytes == (uint64_t)sets[i].count * sets[i].size);
		if (sets[i].note_type == NT_PRSTATUS) {
			have_prstatus = 1;
			CHECK(sets[i].bytes == sizeof(struct user_regs_struct));
		}
		if (sets[i].note_type == NT_PRFPREG)
			have_fp = 1;
	}
	CHECK(have_prstatus && have_fp);
	CHECK(utracer_regset_list(u, t.pid, NULL, 0) == n);

	got = utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs));
	CHECK(got == (ssize_t)sizeof(regs));
	CHECK(regs.r12 == 0x1111111111111111ULL);
	CHECK(regs.r13 == 0x2222222222222222ULL);
	CHECK(regs.r14 == 0x3333333333333333ULL);
	CHECK(regs.r15 == 0x4444444444444444ULL);
	CHECK_ERR(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, 8), ENOSPC);
	CHECK_ERR(utracer_regset_read(u, t.pid, 0x7777, &regs, sizeof(regs)), EINVAL);
}

static void check_memory(uint64_t addr, size_t len)
{
	unsigned char *buf = calloc(1, len), *oracle = calloc(1, 4096);
	struct utracer_map *maps;
	size_t i, n, bad = 0;
	char path[64];
	ssize_t got;
	int fd;

	REQUIRE(buf && oracle);
	got = utracer_mem_read(u, t.pid, addr, buf, len);
	CHECK(got == (ssize_t)len);
	for (i = 0; i < len; i++)
		bad += buf[i] != (unsigned char)(i * 7 + 3);
	CHECK(bad == 0);

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)t.pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, oracle, 4096, (off_t)(addr + 12345)) == 4096);
	CHECK(memcmp(oracle, buf + 12345, 4096) == 0);
	if (fd >= 0)
		close(fd);

	/* The end of the mapping holding addr: a read across it is short. */
	maps = utracer_map_list(u, t.pid, &n);
	CHECK(maps != NULL);
	for (i = 0; maps && i < n; i++) {
		if (maps[i].start <= addr && addr < maps[i].end) {
			uint64_t end = maps[i].end;
			int next_mapped = i + 1 < n && maps[i + 1].start == end;

			if (!next_mapped) {
				got = utracer_mem_read(u, t.pid, end - 100, buf, 4096);
				CHECK(got == 100);
				CHECK_ERR(utracer_mem_read(u, t.pid, end, buf, 16), EIO);
			}
		}
	}
	free(maps);
	CHECK_ERR(utracer_mem_read(u, t.pid, 0, buf, 16), EIO);
	free(buf);
	free(oracle);
}

static void check_exe_environ(void)
{
	char link[PATH_MAX], path[64], raw[8192], *exe;
	char **env;
	size_t n = 0, i, off = 0;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)t.pid);
	len = readlink(path, link, sizeof(link) - 1);
	REQUIRE(len > 0);
	link[len] = '\0';
	exe = utracer_exe_path(u, t.pid);
	CHECK(exe && strcmp(exe, link) == 0);
	free(exe);

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)t.pid);
	fd = open(path, O_RDONLY);
	REQUIRE(fd >= 0);
	len = read(fd, raw, sizeof(raw));
	close(fd);
	REQUIRE(len > 0);
	env = utracer_environ_list(u, t.pid, &n);
	CHECK(env != NULL && n == 3);
	for (i = 0; env && i < n; i++) {
		CHECK(off < (size_t)len && strcmp(env[i], raw + off) == 0);
		off += strlen(raw + off) + 1;
	}
	CHECK(off == (size_t)len);
	CHECK(env && strcmp(env[1], "LIB_INSPECT=with spaces and = signs") == 0);
	free(env);
}

static void check_maps(void)
{
	struct utracer_map *maps;
	char path[64], line[4096];
	size_t n = 0, i = 0;
	FILE *f;

	maps = utracer_map_list(u, t.pid, &n);
	REQUIRE(maps);
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)t.pid);
	f = fopen(path, "r");
	REQUIRE(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, off, inode;
		unsigned int major, minor;
		char perms[8], file[4096] = "";
		int prot;

		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %4095[^\n]", &start, &end,
			   perms, &off, &major, &minor, &inode, file) < 7)
			continue;
		/* The gate area (vsyscall=xonly|emulate) is no VMA of the mm. */
		if (!strcmp(file, "[vsyscall]"))
			continue;
		if (i >= n) {
			i++;
			continue;
		}
		prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
		       (perms[2] == 'x' ? PROT_EXEC : 0);
		CHECK(maps[i].start == start && maps[i].end == end);
		CHECK(maps[i].offset == off && maps[i].inode == inode);
		CHECK(maps[i].dev_major == major && maps[i].dev_minor == minor);
		CHECK(maps[i].prot == (uint32_t)prot);
		CHECK(!!(maps[i].flags & UTRACER_MAP_F_SHARED) == (perms[3] == 's'));
		{
			const char *p = file;

			while (*p == ' ')
				p++;
			CHECK(strcmp(maps[i].path, p) == 0);
			if (strcmp(maps[i].path, p))
				fprintf(stderr, "map %zu: '%s' vs '%s'\n", i, maps[i].path, p);
		}
		i++;
	}
	fclose(f);
	CHECK(i == n);
	free(maps);
}

int main(void)
{
	/* 64 MiB; under valgrind (lib-valgrind-inspect.sh) less, for time. */
	char *argv[] = { getenv("LIB_INSPECT_MIB") ? getenv("LIB_INSPECT_MIB") : "64", NULL };
	char *envp[] = { "A=1", "LIB_INSPECT=with spaces and = signs", "", NULL };
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_QUIESCE);
	struct utracer_module_info info = { .sz = sizeof(info) };
	struct utracer_event_info ev;
	struct utracer_task *tasks;
	char line[128];
	unsigned long long addr;
	size_t len, n;

	u = ulib_open_or_skip();
	CHECK(utracer_module_info(u, &info) == 0);
	CHECK(info.api_major == 1);
	CHECK(info.events & UTRACER_EVENT_BIT(UTRACER_EVENT_STOP));
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_REGSETS) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_MEM_READ) == 1);

	REQUIRE(ulib_tracee_start(&t, "lib-spin", argv, envp) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 30000) > 0);
	REQUIRE(sscanf(line, "%llx %zu", &addr, &len) == 2);

	CHECK(utracer_is_attached(u, t.pid) == 0);
	REQUIRE(utracer_attach(u, t.pid, &opts) == 0);
	CHECK_ERR(utracer_attach(u, t.pid, &opts), EEXIST);
	REQUIRE(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 10000) == 0);
	CHECK(ev.pid == t.pid && ev.tid == t.pid);
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_QUIESCE);
	CHECK(utracer_is_attached(u, t.pid) == 1);
	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 1);
	CHECK(tasks && tasks[0].pid == t.pid && tasks[0].tid == t.pid);
	CHECK(tasks && tasks[0].state == UTRACER_STATE_STOPPED);
	CHECK(tasks && tasks[0].flags == UTRACER_TASK_F_PROCESS);
	free(tasks);

	check_regs();
	check_memory(addr, len);
	check_exe_environ();
	check_maps();

	CHECK(utracer_run(u, t.pid, 0) == 0);
	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 1 && tasks[0].state == UTRACER_STATE_RUNNING);
	free(tasks);
	/* Running: the registers cannot be read. */
	{
		struct user_regs_struct regs;

		CHECK_ERR(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)),
			  EBUSY);
	}
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	CHECK(utracer_is_attached(u, t.pid) == 0);
	CHECK_ERR(utracer_detach(u, t.pid, 0), ESRCH);
	CHECK_NULL_ERR(utracer_exe_path(u, t.pid), ESRCH);
	tasks = utracer_task_list(u, &n);
	CHECK(tasks && n == 0);
	free(tasks);
	CHECK(ulib_tracee_wait(&t, 200) == -1);	/* still spinning */

	ulib_tracee_kill(&t);
	utracer_close(u);
	return ulib_verdict();
}
