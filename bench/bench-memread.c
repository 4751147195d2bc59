// SPDX-License-Identifier: GPL-2.0
/*
 * bench-memread: B3, reading a tracee's memory.
 *
 *   bench-memread SIZE [MIN_BYTES]
 *
 * A child maps SIZE bytes, fills them with a pattern and sleeps; the parent
 * reads them with each method in turn, repeating a method until it has read
 * at least MIN_BYTES (default 4 MiB, and at least once), and prints
 *	result memread method=M size=SIZE reps=N ns=T mib_per_s=B
 * for M in utracer (utracer_mem_read), process_vm_readv, proc_mem
 * (pread of /proc/PID/mem) and peekdata (PTRACE_PEEKDATA, one word per
 * call). PEEKDATA reads only MIN_BYTES / 16 per size (it makes a syscall
 * per 8 bytes: seconds per MiB under emulation) and is left out above
 * 1 MiB.
 * Every read is checked against the pattern, outside the timed part.
 */
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utracer.h>
#include "bench.h"

#define PEEK_MAX (1L << 20)

static uint64_t pattern(size_t word)
{
	return (uint64_t)word * 0x9e3779b97f4a7c15ull;
}

static void check_pattern(const char *method, const uint64_t *buf, size_t size)
{
	size_t i;

	for (i = 0; i < size / 8; i++)
		if (buf[i] != pattern(i))
			bench_fail(method, "word %zu is 0x%llx, not 0x%llx", i,
				   (unsigned long long)buf[i],
				   (unsigned long long)pattern(i));
}

/* The child: map, fill, report the address, sleep until killed. */
static pid_t start_target(size_t size, uint64_t *addr)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		bench_fail("pipe", "%s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_fail("fork", "%s", strerror(errno));
	if (pid == 0) {
		uint64_t *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t a = (uintptr_t)mem;
		size_t i;

		if (mem == MAP_FAILED)
			_exit(1);
		for (i = 0; i < size / 8; i++)
			mem[i] = pattern(i);
		if (write(fds[1], &a, sizeof(a)) != sizeof(a))
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], addr, sizeof(*addr)) != sizeof(*addr))
		bench_fail("target", "the child did not start");
	close(fds[0]);
	return pid;
}

static void read_utracer(pid_t pid, uint64_t addr, void *buf, size_t size)
{
	static struct utracer *u;
	ssize_t n;

	if (!u) {
		u = utracer_open(NULL);
		if (!u)
			bench_fail("utracer", "open: %s", utracer_strerror(errno));
		n = utracer_attach(u, pid, NULL);
		if (n < 0)
			bench_fail("utracer", "attach: %s", utracer_strerror((int)n));
	}
	n = utracer_mem_read(u, pid, addr, buf, size);
	if (n != (ssize_t)size)
		bench_fail("utracer", "read %zd of %zu bytes", n, size);
}

static void read_vm_readv(pid_t pid, uint64_t addr, void *buf, size_t size)
{
	struct iovec local = { buf, size }, remote = { (void *)(uintptr_t)addr, size };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

	if (n != (ssize_t)size)
		bench_fail("process_vm_readv", "read %zd of %zu bytes: %s", n, size,
			   strerror(errno));
}

static void read_proc_mem(pid_t pid, uint64_t addr, void *buf, size_t size)
{
	static int fd = -1;
	size_t done = 0;

	if (fd < 0) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			bench_fail("proc_mem", "%s: %s", path, strerror(errno));
	}
	while (done < size) {
		ssize_t n = pread(fd, (char *)buf + done, size - done,
				  (off_t)(addr + done));

		if (n <= 0)
			bench_fail("proc_mem", "read %zu of %zu bytes: %s", done, size,
				   n ? strerror(errno) : "end of file");
		done += (size_t)n;
	}
}

static void read_peekdata(pid_t pid, uint64_t addr, void *buf, size_t size)
{
	static int seized;
	uint64_t *words = buf;
	size_t i;

	if (!seized) {
		int status;

		if (ptrace(PTRACE_SEIZE, pid, 0, 0) || ptrace(PTRACE_INTERRUPT, pid, 0, 0) ||
		    waitpid(pid, &status, 0) != pid)
			bench_fail("peekdata", "seize: %s", strerror(errno));
		seized = 1;
	}
	for (i = 0; i < size / 8; i++) {
		errno = 0;
		words[i] = (uint64_t)ptrace(PTRACE_PEEKDATA, pid, addr + i * 8, 0);
		if (errno)
			bench_fail("peekdata", "word %zu: %s", i, strerror(errno));
	}
}

static const struct method {
	const char *name;
	void (*read)(pid_t pid, uint64_t addr, void *buf, size_t size);
} methods[] = {
	{ "utracer", read_utracer },
	{ "process_vm_readv", read_vm_readv },
	{ "proc_mem", read_proc_mem },
	{ "peekdata", read_peekdata },
};

int main(int argc, char **argv)
{
	size_t size, min_bytes = 4u << 20;
	uint64_t addr;
	void *buf;
	pid_t pid;
	unsigned int m;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench-memread SIZE [MIN_BYTES]\n");
		return 2;
	}
	size = (size_t)bench_count(argv[1], "SIZE");
	if (size % 8)
		bench_fail("size", "SIZE must be a multiple of 8");
	if (argc > 2)
		min_bytes = (size_t)bench_count(argv[2], "MIN_BYTES");
	buf = malloc(size);
	if (!buf)
		bench_fail("malloc", "%zu bytes", size);
	pid = start_target(size, &addr);

	for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		int peek = strcmp(methods[m].name, "peekdata") == 0;
		size_t want = peek ? min_bytes / 16 : min_bytes;
		long reps = (long)((want + size - 1) / size), r;
		uint64_t t0, t1;

		if (peek && size > PEEK_MAX)
			continue;
		/* The first read faults the buffer in; it is not timed. */
		memset(buf, 0, size);
		methods[m].read(pid, addr, buf, size);
		check_pattern(methods[m].name, buf, size);
		memset(buf, 0, size);
		t0 = bench_now_ns();
		for (r = 0; r < reps; r++)
			methods[m].read(pid, addr, buf, size);
		t1 = bench_now_ns();
		check_pattern(methods[m].name, buf, size);
		bench_ok(methods[m].name);
		printf("result memread method=%s size=%zu reps=%ld ns=%llu mib_per_s=%.3f\n",
		       methods[m].name, size, reps, (unsigned long long)(t1 - t0),
		       (double)size * (double)reps / 1048576.0 * 1e9 / (double)(t1 - t0));
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	free(buf);
	return 0;
}
