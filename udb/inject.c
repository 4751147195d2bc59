// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb trace -e inject=SET:error=ERRNO|:retval=VALUE[:when=EXPR] and
 * -e fault=SET[:error=ERRNO][:when=EXPR], with strace's syntax, checks and
 * counting (per syscall and per thread). The calls are held by the module
 * before they run (UTRACER_SYSCALL_F_BEFORE) and skipped with the value.
 * strace's signal=, syscall=, delay_*= and poke_*= are refused by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "inject.h"
#include "names.h"
#include "udb.h"

/* The invocations a rule applies to: first..last, every step-th. */
struct inject_rule {
	int64_t retval;		/* what the skipped call returns */
	int value;		/* retval=, not error= */
	unsigned int first, last, step;
};

struct udb_inject {
	struct inject_rule *rules;
	size_t nrules;
	/* Per ABI and number: 1 + the index of the rule, 0 for none. */
	uint16_t rule_of[2][UDB_INJECT_NR_MAX];
};

struct udb_inject_counts {
	uint16_t n[2][UDB_INJECT_NR_MAX];	/* invocations so far, saturating */
};

#define WHEN_MAX 65535U

static int bad(const char *spec, int fault)
{
	udb_error("invalid %s argument '%s'", fault ? "fault" : "inject", spec);
	return -1;
}

/* A decimal number in [min, max], all of @s up to @end; -1 when not. */
static long number(const char *s, const char *end, long min, long max)
{
	char *stop;
	long v;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &stop, 10);
	if (errno || stop != end || v < min || v > max)
		return -1;
	return v;
}

/* when=first[..last][+[step]] */
static int parse_when(struct inject_rule *r, const char *s)
{
	const char *dots = strstr(s, ".."), *plus = strchr(s, '+');
	const char *end = s + strlen(s);
	long first, last, step = 1;

	if (plus && dots && plus < dots)
		return -1;
	first = number(s, dots ? dots : plus ? plus : end, 1, WHEN_MAX);
	if (first < 0)
		return -1;
	last = first;
	if (dots) {
		last = number(dots + 2, plus ? plus : end, first, WHEN_MAX);
		if (last < 0)
			return -1;
	}
	if (plus) {
		if (!dots)
			last = WHEN_MAX;
		if (plus[1]) {
			step = number(plus + 1, end, 1, WHEN_MAX - 1);
			if (step < 0)
				return -1;
		}
	}
	r->first = (unsigned int)first;
	r->last = (unsigned int)last;
	r->step = (unsigned int)step;
	return 0;
}

/* error=ENOENT or error=2 (1..4095): the value the call returns, -errno. */
static int parse_errno(const char *s, int64_t *retval)
{
	long err = number(s, s + strlen(s), 1, 4095);

	for (int e = 1; err < 0 && e < 4096; e++) {
		const char *name = errno_name(e);

		if (name && !strcmp(name, s))
			err = e;
	}
	if (err < 0)
		return -1;
	*retval = -err;
	return 0;
}

/* retval=VALUE: any integer the registers hold. */
static int parse_retval(const char *s, int64_t *retval)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || *end)
		return -1;
	*retval = v;
	return 0;
}

static int unsupported(const char *key, size_t len)
{
	static const char *const names[] = { "signal", "syscall", "delay_enter", "delay_exit",
					     "poke_enter", "poke_exit", NULL };

	for (const char *const *n = names; *n; n++)
		if (strlen(*n) == len && !strncmp(key, *n, len))
			return 1;
	return 0;
}

int udb_inject_add(struct udb_inject **injp, const uint8_t pick[2][UDB_INJECT_NR_MAX],
		   const char *options, int fault, const char *spec)
{
	struct inject_rule r = { .first = 1, .last = WHEN_MAX, .step = 1 };
	struct udb_inject *inj = *injp;
	char *list, *tok, *save = NULL;
	int have_value = 0, err = 0;
	struct inject_rule *more;

	if (fault)
		r.retval = -ENOSYS;
	list = strdup(*options == ':' ? options + 1 : options);
	if (!list)
		return -1;
	for (tok = strtok_r(list, ":", &save); tok && !err; tok = strtok_r(NULL, ":", &save)) {
		const char *eq = strchr(tok, '=');
		size_t len = eq ? (size_t)(eq - tok) : strlen(tok);

		if (eq && len == 5 && !strncmp(tok, "error", 5)) {
			err = have_value++ || parse_errno(eq + 1, &r.retval);
		} else if (eq && len == 6 && !strncmp(tok, "retval", 6) && !fault) {
			err = have_value++ || parse_retval(eq + 1, &r.retval);
			r.value = 1;
		} else if (eq && len == 4 && !strncmp(tok, "when", 4)) {
			err = parse_when(&r, eq + 1);	/* the last one counts */
		} else if (!fault && unsupported(tok, len)) {
			udb_error("-e inject=...:%.*s= is not supported by udb trace", (int)len, tok);
			free(list);
			return -1;
		} else {
			err = 1;
		}
	}
	free(list);
	/* inject= must say what to return; fault= has its default. */
	if (err || (!have_value && !fault))
		return bad(spec, fault);

	if (!inj) {
		inj = calloc(1, sizeof(*inj));
		if (!inj)
			return -1;
		*injp = inj;
	}
	if (inj->nrules == UINT16_MAX) {
		udb_error("too many -e inject= and -e fault= rules");
		return -1;
	}
	more = realloc(inj->rules, (inj->nrules + 1) * sizeof(*more));
	if (!more)
		return -1;
	inj->rules = more;
	inj->rules[inj->nrules++] = r;
	for (int a = 0; a < 2; a++)
		for (unsigned int nr = 0; nr < UDB_INJECT_NR_MAX; nr++)
			if (pick[a][nr])
				inj->rule_of[a][nr] = (uint16_t)inj->nrules;
	return 0;
}

void udb_inject_free(struct udb_inject *inj)
{
	if (!inj)
		return;
	free(inj->rules);
	free(inj);
}

void udb_inject_counts_free(struct udb_inject_counts *counts)
{
	free(counts);
}

void udb_inject_syscalls(const struct udb_inject *inj, struct utracer_syscall_set *set)
{
	if (!inj)
		return;
	for (int a = 0; a < 2; a++)
		for (unsigned int nr = 0; nr < UDB_INJECT_NR_MAX && nr < UTRACER_SYSCALL_SET_BITS; nr++)
			if (inj->rule_of[a][nr])
				utracer_syscall_set_add(set, nr);
}

int udb_inject_decide(const struct udb_inject *inj, struct udb_inject_counts **counts,
		      enum udb_abi abi, unsigned int nr, int64_t *retval)
{
	const struct inject_rule *r;
	int a = abi == UDB_ABI_I386;
	unsigned int n;

	if (!inj || nr >= UDB_INJECT_NR_MAX || !inj->rule_of[a][nr])
		return 0;
	if (!*counts) {
		*counts = calloc(1, sizeof(**counts));
		if (!*counts)
			return 0;
	}
	r = &inj->rules[inj->rule_of[a][nr] - 1];
	if ((*counts)->n[a][nr] < UINT16_MAX)
		(*counts)->n[a][nr]++;
	n = (*counts)->n[a][nr];
	if (n < r->first || n > r->last || (n - r->first) % r->step)
		return 0;
	*retval = r->retval;
	return r->value ? 2 : 1;
}
