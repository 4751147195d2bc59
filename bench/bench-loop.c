// SPDX-License-Identifier: GPL-2.0
/*
 * bench-loop: the syscall-heavy workload of B1, B2 and B5, and their tracee.
 *
 *   bench-loop mix ITER       per iteration: getppid(), then one byte written
 *                             to a pipe and read back (3 syscalls)
 *   bench-loop getppid ITER   per iteration: getppid() only (1 syscall)
 *
 * Times the loop itself (CLOCK_MONOTONIC), so that start-up, attaching and
 * a tracer's own exit are not counted, and prints
 *	result loop iterations=N syscalls=S ns=T ns_per_iter=X
 * It checks that every call succeeded and that each byte read is the one
 * written. It links nothing of ours: tracers see only its own syscalls.
 */
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv)
{
	pid_t parent = getppid();
	int mix, fds[2];
	uint64_t t0, t1;
	long iter, i;

	if (argc != 3 || (strcmp(argv[1], "mix") && strcmp(argv[1], "getppid"))) {
		fprintf(stderr, "usage: bench-loop mix|getppid ITERATIONS\n");
		return 2;
	}
	mix = strcmp(argv[1], "mix") == 0;
	iter = bench_count(argv[2], "ITERATIONS");
	if (pipe(fds))
		bench_fail("pipe", "%s", strerror(errno));

	t0 = bench_now_ns();
	for (i = 0; i < iter; i++) {
		unsigned char out = (unsigned char)i, in = (unsigned char)~i;

		/* syscall(): libc must not answer from a cache. */
		if (syscall(SYS_getppid) != parent)
			bench_fail("getppid", "iteration %ld: wrong parent", i);
		if (!mix)
			continue;
		if (write(fds[1], &out, 1) != 1)
			bench_fail("write", "iteration %ld: %s", i, strerror(errno));
		if (read(fds[0], &in, 1) != 1)
			bench_fail("read", "iteration %ld: %s", i, strerror(errno));
		if (in != out)
			bench_fail("pipe-data", "iteration %ld: read %u, wrote %u", i, in, out);
	}
	t1 = bench_now_ns();

	bench_ok("loop");
	printf("result loop iterations=%ld syscalls=%ld ns=%llu ns_per_iter=%.1f\n",
	       iter, iter * (mix ? 3 : 1), (unsigned long long)(t1 - t0),
	       (double)(t1 - t0) / (double)iter);
	return 0;
}
