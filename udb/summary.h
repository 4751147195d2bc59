/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb trace -c: calls, errors and time per syscall, printed as strace -c's
 * table. Knows nothing of utracer: it is fed (ABI, number, return, time).
 */
#ifndef UDB_SUMMARY_H
#define UDB_SUMMARY_H

#include <stdint.h>
#include <stdio.h>
#include "decode.h"

/* -S: the order of the table's rows. */
enum udb_summary_sort {
	UDB_SORT_TIME,		/* most time first (strace's default) */
	UDB_SORT_CALLS,		/* most calls first */
	UDB_SORT_ERRORS,	/* most errors first */
	UDB_SORT_NAME,		/* by name */
	UDB_SORT_NOTHING,	/* by syscall number */
};

struct udb_summary;

/* NULL when out of memory. */
struct udb_summary *udb_summary_new(void);
void udb_summary_free(struct udb_summary *s);
/* -S's KEY as strace spells it; -1 when it is none of them. */
int udb_summary_sort_parse(const char *key);
/* One call of @nr that returned @ret after @ns nanoseconds. */
void udb_summary_add(struct udb_summary *s, enum udb_abi abi, long nr, int64_t ret,
		     uint64_t ns);
/* The table, one per ABI that made calls (i386's under its own heading). */
void udb_summary_print(const struct udb_summary *s, FILE *out, enum udb_summary_sort sort);

#endif
