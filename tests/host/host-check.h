/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of the udb host tests: CHECK(cond, fmt, ...) says what failed
 * and counts it; host_verdict() ends main() with the count.
 */
#ifndef UTRACER_HOST_CHECK_H
#define UTRACER_HOST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                        \
	do {                                                    \
		if (!(cond)) {                                  \
			printf("FAIL: %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);                    \
			putchar('\n');                          \
			failures++;                             \
		}                                               \
	} while (0)

/* main()'s status: 0 without failures, else 1 after saying how many. */
static inline int host_verdict(void)
{
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	return 0;
}

#endif /* UTRACER_HOST_CHECK_H */
