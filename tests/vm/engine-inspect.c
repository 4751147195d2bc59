// SPDX-License-Identifier: GPL-2.0
/*
 * Description: inspection of an attached process against the kernel's own
 * /proc files: memory reads equal /proc/PID/mem (a 64 MiB read works, a
 * read that runs into an unmapped page is short, one that starts there is
 * -EIO), the environment equals /proc/PID/environ, the map records equal
 * /proc/PID/maps line by line (but for the gate area, [vsyscall], which is
 * no mapping of the process and which MAPS leaves out), the executable equals /proc/PID/exe; the
 * task list and CHECK_PID know the tracee and not others.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include "uabi.h"

#define TMO 30000

static void check_mem(struct uabi_client *c, pid_t pid, uint64_t start, uint64_t end)
{
	struct utracer_mem_read m = { .size = sizeof(m), .pid = pid };
	size_t len = end - start;
	char *mine = malloc(len), *oracle = malloc(len);
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, oracle, len, start) == (ssize_t)len, "pread %s", path);
	close(fd);
	m.addr = start;
	m.buf = (uintptr_t)mine;
	m.len = len;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_MEM_READ, &m));
	CHECK(m.done == len && !memcmp(mine, oracle, len), "mem %" PRIx64 "-%" PRIx64
	      " done %llu differs", start, end, (unsigned long long)m.done);
	free(mine);
	free(oracle);
}

/*
 * The gate area: /proc/PID/maps shows x86-64's [vsyscall] page when the
 * kernel emulates vsyscalls (vsyscall=xonly or emulate); it is not a VMA
 * of the mm, and MAPS lists only those.
 */
static int gate_area(const char *line)
{
	size_t n = strlen(line), g = strlen(" [vsyscall]");

	return n >= g && !strcmp(line + n - g, " [vsyscall]");
}

static void check_maps(struct uabi_client *c, pid_t pid)
{
	struct utracer_buf_query q = { .size = sizeof(q), .pid = pid };
	char path[64], want[PATH_MAX + 128], got[PATH_MAX + 128], *oracle, *tmp, *line, *save;
	size_t olen, off = 0;
	unsigned int n = 0;
	char *buf;

	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_MAPS, &q));	/* size only */
	CHECK(q.len == 0 && q.count == 0 && q.needed > 0, "maps size query");
	buf = malloc(q.needed + 4096);
	q.buf = (uintptr_t)buf;
	q.len = q.needed + 4096;
	q.needed = 0;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_MAPS, &q));
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	oracle = uabi_slurp(path, &olen);
	tmp = oracle ? realloc(oracle, olen + 1) : NULL;
	if (!tmp) {
		CHECK(0, "cannot read %s", path);
		free(oracle);
		free(buf);
		return;
	}
	oracle = tmp;
	oracle[olen] = 0;
	for (line = strtok_r(oracle, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct utracer_map_record *r = (void *)(buf + off);
		unsigned long long s, e, o, ino;
		unsigned int maj, min;
		char perms[5];
		int pos = 0;

		if (gate_area(line))
			continue;
		if (off >= q.len) {
			CHECK(0, "maps: no record for '%s'", line);
			break;
		}
		sscanf(line, "%llx-%llx %4s %llx %x:%x %llu %n", &s, &e, perms, &o, &maj, &min,
		       &ino, &pos);
		snprintf(want, sizeof(want), "%llx-%llx %s %llx %x:%x %llu %s", s, e, perms, o,
			 maj, min, ino, pos ? line + pos : "");
		snprintf(got, sizeof(got), "%llx-%llx %c%c%c%c %llx %x:%x %llu %s",
			 (unsigned long long)r->start, (unsigned long long)r->end,
			 r->prot & UTRACER_MAP_READ ? 'r' : '-', r->prot & UTRACER_MAP_WRITE ? 'w' : '-',
			 r->prot & UTRACER_MAP_EXEC ? 'x' : '-', r->prot & UTRACER_MAP_SHARED ? 's' : 'p',
			 (unsigned long long)r->offset, r->dev_major, r->dev_minor,
			 (unsigned long long)r->inode, r->path);
		/* Trim trailing blanks of the oracle's empty path. */
		while (strlen(want) && want[strlen(want) - 1] == ' ')
			want[strlen(want) - 1] = 0;
		while (strlen(got) && got[strlen(got) - 1] == ' ')
			got[strlen(got) - 1] = 0;
		CHECK(!strcmp(want, got), "maps record differs:\n  want %s\n  got  %s", want, got);
		CHECK(r->rec_len % 8 == 0, "rec_len %u", r->rec_len);
		off += r->rec_len;
		n++;
	}
	CHECK(n == q.count && off == q.len, "%u lines, %u records", n, q.count);
	/* A buffer too small for all: whole records only. */
	q.len = 100;
	q.needed = 0;
	q.count = 0;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_MAPS, &q));
	CHECK(q.count == 1 && q.len == ((struct utracer_map_record *)buf)->rec_len,
	      "small maps buffer: %u records, %llu bytes", q.count, (unsigned long long)q.len);
	free(oracle);
	free(buf);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "read", NULL };
	struct utracer_mem_read m = { .size = sizeof(m) };
	struct utracer_buf_query q = { .size = sizeof(q) };
	struct utracer_task_list tl = { .size = sizeof(tl) };
	struct utracer_task_info ti[8] = { 0 };
	struct utracer_check_pid cp = { .size = sizeof(cp) };
	char path[64], line[256], exe[PATH_MAX], *oracle, *buf;
	size_t olen, biglen = 64 << 20;
	struct uabi_client c;
	struct uabi_child ch;
	unsigned long long s, e, big_s, stack_end = 0;
	FILE *maps;
	ssize_t n;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	setenv("UTRACER_TEST_ENV", "some value with spaces=and equals", 1);
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));

	/* Task list and CHECK_PID. */
	tl.count = 8;
	tl.buf = (uintptr_t)ti;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 1 && ti[0].pid == ch.pid && ti[0].tid == ch.pid &&
	      ti[0].state == UTRACER_TASK_RUNNING, "task list: %u %d/%d state %u", tl.count,
	      ti[0].pid, ti[0].tid, ti[0].state);
	cp.pid = ch.pid;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_CHECK_PID, &cp));
	cp.pid = getpid();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_CHECK_PID, &cp), ESRCH);

	/* Memory: every readable mapping against /proc/PID/mem. */
	snprintf(path, sizeof(path), "/proc/%d/maps", ch.pid);
	maps = fopen(path, "r");
	while (maps && fgets(line, sizeof(line), maps)) {
		char perms[5];

		sscanf(line, "%llx-%llx %4s", &s, &e, perms);
		if (perms[0] == 'r' && !strstr(line, "[vvar") && !strstr(line, "[vsyscall]"))
			check_mem(&c, ch.pid, s, e);
		if (strstr(line, "[stack]"))
			stack_end = e;
	}
	if (maps)
		fclose(maps);
	CHECK(stack_end, "no [stack] in maps");

	/* Running into the end of the stack mapping: a short read. */
	buf = malloc(8192);
	m.pid = ch.pid;
	m.addr = stack_end - 4096;
	m.buf = (uintptr_t)buf;
	m.len = 8192;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m));
	CHECK(m.done == 4096, "short read gave %llu", (unsigned long long)m.done);
	/* Starting in an unmapped page: -EIO. */
	m.addr = 0x1000;
	m.done = 0;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), EIO);
	m.addr = stack_end - 4096;
	m.buf = 16;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), EFAULT);
	m.addr = ~0ULL - 10;
	m.buf = (uintptr_t)buf;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m), EINVAL);
	m.addr = stack_end;
	m.len = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_MEM_READ, &m));
	free(buf);

	/* 64 MiB in one read: the sleeper maps and fills that much for us. */
	snprintf(path, sizeof(path), "/proc/%d/maps", ch.pid);
	maps = fopen(path, "r");
	s = 0;
	while (maps && fgets(line, sizeof(line), maps)) {
		sscanf(line, "%llx-%llx", &big_s, &e);
		if (e - big_s >= biglen && strstr(line, "rw-p")) {
			s = big_s;
			break;
		}
	}
	if (maps)
		fclose(maps);
	CHECK(s, "the sleeper has no 64 MiB mapping");
	if (s) {
		long long t0 = uabi_now_ms();

		check_mem(&c, ch.pid, s, s + biglen);
		fprintf(stderr, "64 MiB read and compared in %lld ms\n", uabi_now_ms() - t0);
	}

	/* Environment: exactly /proc/PID/environ. */
	snprintf(path, sizeof(path), "/proc/%d/environ", ch.pid);
	oracle = uabi_slurp(path, &olen);
	buf = malloc(olen + 100);
	q.pid = ch.pid;
	q.buf = (uintptr_t)buf;
	q.len = olen + 100;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_ENV, &q));
	CHECK(q.len == olen && q.needed == olen && !memcmp(buf, oracle, olen),
	      "environ: %llu/%llu bytes vs %zu", (unsigned long long)q.len,
	      (unsigned long long)q.needed, olen);
	CHECK(memmem(buf, q.len, "UTRACER_TEST_ENV=some value", 27) != NULL, "env var missing");
	q.len = 10;
	q.needed = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_ENV, &q));
	CHECK(q.len == 10 && q.needed == olen, "short env buffer");
	q.needed = 5;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_ENV, &q), EINVAL);
	q.needed = 0;
	free(buf);
	free(oracle);

	/* Executable. */
	snprintf(path, sizeof(path), "/proc/%d/exe", ch.pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	buf = malloc(PATH_MAX);
	q.buf = (uintptr_t)buf;
	q.len = PATH_MAX;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_EXE, &q));
	CHECK(q.len == strlen(exe) + 1 && !strcmp(buf, exe), "exe '%s' vs '%s'", buf, exe);
	q.len = 3;
	q.needed = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_EXE, &q));
	CHECK(q.len == 0 && q.needed == strlen(exe) + 1, "short exe buffer");
	q.needed = 0;
	q.pid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_EXE, &q), ESRCH);
	free(buf);

	check_maps(&c, ch.pid);

	CHECK_OK(uabi_target(&c, UTRACER_IOC_DETACH, ch.pid, 0));
	tl.count = 8;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 0, "%u tasks after detach", tl.count);
	CHECK(write(ch.in, "x\n", 2) == 2, "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strcmp(line, "read 2 ok"),
	      "tracee after detach: '%s'", line);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
