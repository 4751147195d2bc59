// SPDX-License-Identifier: GPL-2.0
/*
 * Description: MAPS and FDS stream their answer, whatever the target
 * holds. A process with 60,000 mappings and 100,000 open files is asked
 * for both: with a buffer of the size first reported as needed, every
 * record comes (as many as /proc/PID/maps lines, less the vsyscall gate;
 * as many as /proc/PID/fd entries), in order, and the size needed agrees
 * with what came; through a 4 KiB buffer, whole records only, and the same
 * size needed. The kernel's memory is bounded: a thread samples
 * /proc/meminfo during the calls, and neither Slab nor VmallocUsed rises by
 * a MiB (gathering the whole answers in the kernel, as before, raised them
 * by 6 and 14 MB).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "uabi.h"

/* Divided by TEST_TIMEOUT_SCALE: the debug kernel sets each up 10 times slower. */
#define NMAPS 60000
#define NFDS 100000
static int nmaps_made = NMAPS, nfds_made = NFDS;
#define MIB (1024LL * 1024)

static volatile int sampling;
static long long peak_slab, peak_vmalloc;

/* A field of /proc/meminfo, in bytes; -1 when missing. */
static long long meminfo(const char *field)
{
	char line[128];
	long long kb = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			kb = atoll(line + n + 1);
			break;
		}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

static void *sampler(void *arg)
{
	(void)arg;
	while (sampling) {
		long long s = meminfo("Slab"), v = meminfo("VmallocUsed");

		if (s > peak_slab)
			peak_slab = s;
		if (v > peak_vmalloc)
			peak_vmalloc = v;
		usleep(500);
	}
	return NULL;
}

/* The target: many mappings (alternate protections: none merge), many fds. */
static void target(int ready)
{
	struct rlimit rl = { nfds_made + 64, nfds_made + 64 };
	char c = 'r';

	for (int i = 0; i < nmaps_made; i++)
		if (mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
			_exit(1);
	if (setrlimit(RLIMIT_NOFILE, &rl))
		_exit(2);
	for (int i = 0; i < nfds_made; i++)
		if (open("/dev/null", O_RDONLY) < 0)
			_exit(3);
	if (write(ready, &c, 1) != 1)
		_exit(4);
	pause();
	_exit(0);
}

static long count_lines(const char *path, const char *skip)
{
	char line[4096];
	long n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !(skip && strstr(line, skip));
	fclose(f);
	return n;
}

static long count_fds(pid_t pid)
{
	char path[64];
	struct dirent *d;
	long n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

/* Walk the records of a full answer: whole, in increasing key order. */
static void check_records(const char *what, const char *buf, unsigned long long len,
			  unsigned int count, int maps)
{
	unsigned long long off = 0, last = 0;
	unsigned int n = 0;

	while (off < len) {
		unsigned int rec_len = *(const unsigned int *)(buf + off);
		unsigned long long key;

		if (rec_len < 8 || off + rec_len > len) {
			CHECK(0, "%s: record %u at %llu has length %u", what, n, off, rec_len);
			return;
		}
		key = maps ? ((const struct utracer_map_record *)(buf + off))->start :
			     (unsigned long long)((const struct utracer_fd_record *)(buf + off))->fd;
		CHECK(!n || key > last, "%s: record %u (%llx) after %llx", what, n, key, last);
		last = key;
		off += rec_len;
		n++;
	}
	CHECK(n == count, "%s: %u records, count says %u", what, n, count);
}

static void one(struct uabi_client *c, unsigned long ioc, const char *what, pid_t pid,
		long want, int maps)
{
	struct utracer_buf_query q;
	unsigned long long needed;
	char small[4096];
	char *buf;

	CHECK_OK(uabi_buf_query(c, ioc, pid, NULL, 0, &q));
	needed = q.needed;
	CHECK(q.len == 0 && q.count == 0 && needed > 0, "%s: size only: len %llu count %u",
	      what, (unsigned long long)q.len, q.count);
	buf = malloc(needed);
	if (!buf)
		return;
	CHECK_OK(uabi_buf_query(c, ioc, pid, buf, needed, &q));
	CHECK(q.len == needed && q.needed == needed, "%s: full answer: len %llu needed %llu, want %llu",
	      what, (unsigned long long)q.len, (unsigned long long)q.needed, needed);
	CHECK(q.count == want, "%s: %u records, /proc shows %ld", what, q.count, want);
	check_records(what, buf, q.len, q.count, maps);
	CHECK_OK(uabi_buf_query(c, ioc, pid, small, sizeof(small), &q));
	CHECK(q.len <= sizeof(small) && q.len > sizeof(small) - 4096 / 2 && q.needed == needed &&
	      q.count > 0, "%s: through 4 KiB: len %llu needed %llu count %u", what,
	      (unsigned long long)q.len, (unsigned long long)q.needed, q.count);
	check_records(what, small, q.len, q.count, maps);
	CHECK(!memcmp(small, buf, q.len), "%s: the first records differ through 4 KiB", what);
	free(buf);
}

int main(void)
{
	long long slab0, vmalloc0;
	struct uabi_client c;
	long nmaps, nfds;
	int ready[2], status;
	pthread_t th;
	char path[64];
	pid_t pid;
	char ch;

	if (!uabi_available())
		return SKIP;
	if (getenv("TEST_TIMEOUT_SCALE") && atoi(getenv("TEST_TIMEOUT_SCALE")) > 1) {
		nmaps_made /= atoi(getenv("TEST_TIMEOUT_SCALE"));
		nfds_made /= atoi(getenv("TEST_TIMEOUT_SCALE"));
	}
	CHECK(pipe(ready) == 0, "pipe");
	pid = fork();
	if (!pid)
		target(ready[1]);
	close(ready[1]);
	if (read(ready[0], &ch, 1) != 1) {
		CHECK(0, "the target did not get ready");
		waitpid(pid, &status, 0);
		return FAIL;
	}
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, pid, 0, 0, 0));

	/* The oracles first: /proc/PID/fd makes a dentry and an inode per fd. */
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	nmaps = count_lines(path, "[vsyscall]");
	nfds = count_fds(pid);
	slab0 = meminfo("Slab");
	vmalloc0 = meminfo("VmallocUsed");
	peak_slab = slab0;
	peak_vmalloc = vmalloc0;
	sampling = 1;
	CHECK(pthread_create(&th, NULL, sampler, NULL) == 0, "sampler");
	one(&c, UTRACER_IOC_MAPS, "maps", pid, nmaps, 1);
	one(&c, UTRACER_IOC_FDS, "fds", pid, nfds, 0);
	sampling = 0;
	pthread_join(th, NULL);
	fprintf(stderr, "during the queries: Slab +%lld KiB, VmallocUsed +%lld KiB at most\n",
		(peak_slab - slab0) / 1024, (peak_vmalloc - vmalloc0) / 1024);
	CHECK(peak_slab - slab0 < MIB, "Slab rose by %lld KiB", (peak_slab - slab0) / 1024);
	CHECK(peak_vmalloc - vmalloc0 < MIB, "VmallocUsed rose by %lld KiB",
	      (peak_vmalloc - vmalloc0) / 1024);

	uabi_close(&c);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return uabi_failures ? FAIL : PASS;
}
