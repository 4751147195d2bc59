/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the library's tests (lib-*): verdict macros and a fake client
 * whose descriptors the test owns, so that the library's own logic
 * (options, decoding, the event buffer) runs on the host without the
 * module.
 */
#ifndef ULIB_CHECK_H
#define ULIB_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utracer.h"

#define ULIB_PASS 0
#define ULIB_FAIL 1
#define ULIB_SKIP 77

extern int ulib_failures;

/* Record a failure with its place and go on. */
#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #expr);		\
			ulib_failures++;				\
		}							\
	} while (0)

/* A call that must fail with -err and set errno to err. */
#define CHECK_ERR(call, err)						\
	do {								\
		long __ret;						\
		errno = 0;						\
		__ret = (long)(call);					\
		if (__ret != -(long)(err) || errno != (err)) {		\
			fprintf(stderr, "%s:%d: %s: got %ld errno %d (%s), " \
				"want %d\n", __FILE__, __LINE__, #call,	\
				__ret, errno, strerror(errno), -(err));	\
			ulib_failures++;				\
		}							\
	} while (0)

/* A pointer-returning call that must give NULL with errno err. */
#define CHECK_NULL_ERR(call, err)					\
	do {								\
		const void *__p;					\
		errno = 0;						\
		__p = (call);						\
		if (__p || errno != (err)) {				\
			fprintf(stderr, "%s:%d: %s: got %p errno %d, want NULL " \
				"errno %d\n", __FILE__, __LINE__, #call,	\
				__p, errno, (err));			\
			ulib_failures++;				\
		}							\
	} while (0)

/* Stop the test now: a failure that makes the rest meaningless. */
#define REQUIRE(expr)							\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "%s:%d: required: %s\n",	\
				__FILE__, __LINE__, #expr);		\
			exit(ULIB_FAIL);				\
		}							\
	} while (0)

static inline int ulib_verdict(void)
{
	return ulib_failures ? ULIB_FAIL : ULIB_PASS;
}

/*
 * A client that never talked to a module: resp_fd and cmd_fd are the
 * given descriptors (owned by the client from now on; -1 for none).
 * Released with utracer_close().
 */
struct utracer *ulib_fake_client(int cmd_fd, int resp_fd);

#endif /* ULIB_CHECK_H */
