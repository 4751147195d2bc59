/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable string: every udb line is built in one of these before it is
 * written, so that a line from one task is never interleaved with another's.
 */
#ifndef UDB_STRBUF_H
#define UDB_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
/* @v in decimal, as "%lld" prints it. */
void sb_add_dec(struct strbuf *sb, long long v);
/* @n times @c. */
void sb_pad(struct strbuf *sb, char c, size_t n);
__attribute__((format(printf, 2, 3)))
void sb_addf(struct strbuf *sb, const char *fmt, ...);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* The current column: characters since the last newline. */
size_t sb_column(const struct strbuf *sb);
/* The text so far ("" when nothing was added). */
const char *sb_str(const struct strbuf *sb);

#endif
