/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb trace -e inject= and -e fault=: which syscalls fail or succeed
 * without running, and at which of their invocations, in strace's syntax.
 */
#ifndef UDB_INJECT_H
#define UDB_INJECT_H

#include <stdint.h>
#include <utracer.h>
#include "decode.h"

struct udb_inject;
/* One thread's invocation counts. */
struct udb_inject_counts;

/* The highest syscall number a rule can name, plus one. */
#define UDB_INJECT_NR_MAX 1024

/*
 * Add the rule "SET:OPTIONS" of -e inject= (@fault: of -e fault=, whose
 * error defaults to ENOSYS) to *@inj (allocated on first use): @pick says,
 * per ABI (x86-64, i386) and number, which syscalls SET names; @options is
 * what follows SET (from its first ':', or ""). A later rule replaces an
 * earlier one for the syscalls both name. 0, or -1 after saying why.
 */
int udb_inject_add(struct udb_inject **inj, const uint8_t pick[2][UDB_INJECT_NR_MAX],
		   const char *options, int fault, const char *spec);

void udb_inject_free(struct udb_inject *inj);
void udb_inject_counts_free(struct udb_inject_counts *counts);

/* Add the numbers, of either ABI, of the syscalls that rules name to @set. */
void udb_inject_syscalls(const struct udb_inject *inj, struct utracer_syscall_set *set);

/*
 * A thread enters syscall @nr of @abi, held before it runs: count the
 * invocation in *@counts (allocated on first use) and say whether it is
 * to be skipped: 1 with an error (*@retval: -errno), 2 with a value
 * (retval=, shown as a value even when it looks like an error), 0 not.
 */
int udb_inject_decide(const struct udb_inject *inj, struct udb_inject_counts **counts,
		      enum udb_abi abi, unsigned int nr, int64_t *retval);

#endif
