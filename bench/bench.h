/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the benchmark programs (header only, so that the tracee
 * bench-loop links nothing of ours).
 *
 * Every program prints its measurements as lines
 *	result NAME=VALUE ...
 * and the checks it made on the operations it timed as
 *	check NAME ok
 * or, on failure, "check NAME FAIL why" on standard output and exits 1.
 * bench/guest-run turns the results into samples; tests/vm/bench-*.sh
 * check that they are well-formed and that every check passed.
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spin-child.h"

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A positive count from the command line, or exit with a usage error. */
static inline long bench_count(const char *arg, const char *what)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || *end || end == arg || n < 1) {
		fprintf(stderr, "%s must be a positive number, not '%s'\n", what, arg);
		exit(2);
	}
	return n;
}

/* Report a failed check and end the program. */
__attribute__((format(printf, 2, 3), noreturn))
static inline void bench_fail(const char *check, const char *fmt, ...)
{
	va_list ap;

	printf("check %s FAIL ", check);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

static inline void bench_ok(const char *check)
{
	printf("check %s ok\n", check);
}

/* A counter in memory shared with the children forked later, or exit. */
static inline volatile uint64_t *bench_shared_counter(void)
{
	volatile uint64_t *counter = spin_counter_new();

	if (!counter)
		bench_fail("mmap", "%s", strerror(errno));
	return counter;
}

/*
 * Fork a child that runs @body(@counter) for ever (@body moves the
 * counter) and dies with its parent; return its pid once the counter has
 * moved.
 */
static inline pid_t bench_start_child(volatile uint64_t *counter,
				      void (*body)(volatile uint64_t *counter))
{
	pid_t pid = spin_child_start(counter, body);

	if (pid < 0)
		bench_fail("fork", "%s", strerror(errno));
	while (!spin_counter_passes(counter, 0, 1000))
		;
	return pid;
}

/* The check @name: the child moves @counter on, within a second. */
static inline void bench_check_moving(volatile uint64_t *counter, const char *name)
{
	if (!spin_counter_passes(counter, *counter, 1000))
		bench_fail(name, "the child no longer runs after the tracer let go");
}

#endif /* BENCH_H */
