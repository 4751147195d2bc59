// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb trace -c: a row per syscall (time share, seconds, microseconds per
 * call, calls, errors, name) and a total row, in strace -c's columns. The
 * time of a call is the time between its entry and exit events.
 */
#include <stdlib.h>
#include <string.h>
#include "summary.h"

/* Syscall numbers counted; the tables of both ABIs stay under it. */
#define SUMMARY_NR_MAX 1024

struct summary_row {
	uint64_t ns;
	unsigned long calls;
	unsigned long errors;
};

struct udb_summary {
	struct summary_row rows[2][SUMMARY_NR_MAX];	/* [abi][nr] */
};

struct udb_summary *udb_summary_new(void)
{
	return calloc(1, sizeof(struct udb_summary));
}

void udb_summary_free(struct udb_summary *s)
{
	free(s);
}

int udb_summary_sort_parse(const char *key)
{
	static const struct {
		const char *name;
		enum udb_summary_sort sort;
	} keys[] = {
		{ "time", UDB_SORT_TIME }, { "time_total", UDB_SORT_TIME },
		{ "total_time", UDB_SORT_TIME }, { "calls", UDB_SORT_CALLS },
		{ "count", UDB_SORT_CALLS }, { "errors", UDB_SORT_ERRORS },
		{ "error", UDB_SORT_ERRORS }, { "name", UDB_SORT_NAME },
		{ "syscall", UDB_SORT_NAME }, { "syscall_name", UDB_SORT_NAME },
		{ "nothing", UDB_SORT_NOTHING }, { "none", UDB_SORT_NOTHING },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].name))
			return (int)keys[i].sort;
	return -1;
}

void udb_summary_add(struct udb_summary *s, enum udb_abi abi, long nr, int64_t ret,
		     uint64_t ns)
{
	int a = abi == UDB_ABI_I386;
	struct summary_row *row;

	if (abi == UDB_ABI_I386)
		ret = (int32_t)ret;
	/* No syscall of either ABI is numbered that high. */
	if (nr < 0 || nr >= SUMMARY_NR_MAX)
		return;
	row = &s->rows[a][nr];
	row->calls++;
	row->ns += ns;
	if (ret < 0 && ret >= -4095)
		row->errors++;
}

struct sorted_row {
	const struct summary_row *row;
	const char *name;
	long nr;
};

static int by_time(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	if (x->row->ns != y->row->ns)
		return x->row->ns > y->row->ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_calls(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	if (x->row->calls != y->row->calls)
		return x->row->calls > y->row->calls ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_errors(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	if (x->row->errors != y->row->errors)
		return x->row->errors > y->row->errors ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int by_number(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	return (x->nr > y->nr) - (x->nr < y->nr);
}

static const char rule[] = "------ ----------- ----------- --------- --------- ----------------\n";

static void print_abi(const struct udb_summary *s, int a, FILE *out, enum udb_summary_sort sort)
{
	static char unnamed[SUMMARY_NR_MAX][24];
	struct sorted_row sorted[SUMMARY_NR_MAX];
	enum udb_abi abi = a ? UDB_ABI_I386 : UDB_ABI_X86_64;
	int (*cmp[])(const void *, const void *) = {
		[UDB_SORT_TIME] = by_time, [UDB_SORT_CALLS] = by_calls,
		[UDB_SORT_ERRORS] = by_errors, [UDB_SORT_NAME] = by_name,
		[UDB_SORT_NOTHING] = by_number,
	};
	unsigned long calls = 0, errors = 0;
	uint64_t ns = 0;
	size_t n = 0;

	for (long nr = 0; nr < SUMMARY_NR_MAX; nr++) {
		const struct summary_row *row = &s->rows[a][nr];
		const char *name;

		if (!row->calls)
			continue;
		name = udb_syscall_name(abi, nr);
		if (!name) {
			snprintf(unnamed[nr], sizeof(unnamed[nr]), "syscall_%#lx", nr);
			name = unnamed[nr];
		}
		sorted[n++] = (struct sorted_row){ .row = row, .name = name, .nr = nr };
		calls += row->calls;
		errors += row->errors;
		ns += row->ns;
	}
	qsort(sorted, n, sizeof(sorted[0]), cmp[sort]);
	fputs("% time     seconds  usecs/call     calls    errors syscall\n", out);
	fputs(rule, out);
	for (size_t i = 0; i < n; i++) {
		const struct summary_row *row = sorted[i].row;

		fprintf(out, "%6.2f %11.6f %11lu %9lu %9.lu %s\n",
			ns ? 100.0 * (double)row->ns / (double)ns : 0.0,
			(double)row->ns / 1e9, (unsigned long)(row->ns / 1000 / row->calls),
			row->calls, row->errors, sorted[i].name);
	}
	fputs(rule, out);
	fprintf(out, "%6.6s %11.6f %11lu %9lu %9.lu %s\n", "100.00", (double)ns / 1e9,
		calls ? (unsigned long)(ns / 1000 / calls) : 0UL, calls, errors, "total");
}

void udb_summary_print(const struct udb_summary *s, FILE *out, enum udb_summary_sort sort)
{
	int shown = 0;

	for (int a = 0; a < 2; a++) {
		int any = 0;

		for (long nr = 0; nr < SUMMARY_NR_MAX && !any; nr++)
			any = s->rows[a][nr].calls != 0;
		if (!any && (a || shown))
			continue;
		if (a)
			fputs("System call usage summary for 32 bit mode:\n", out);
		print_abi(s, a, out, sort);
		shown = 1;
	}
}
