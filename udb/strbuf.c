// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strbuf.h"

/* udb cannot do anything useful without memory: say so and stop. */
static void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	char *p;

	if (want <= sb->cap)
		return;
	if (want < 128)
		want = 128;
	if (want < sb->cap * 2)
		want = sb->cap * 2;
	p = realloc(sb->buf, want);
	if (!p) {
		fputs("udb: out of memory\n", stderr);
		exit(1);
	}
	sb->buf = p;
	sb->cap = want;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_pad(struct strbuf *sb, char c, size_t n)
{
	sb_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add_dec(struct strbuf *sb, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	/* Negated as unsigned: LLONG_MIN has no positive counterpart. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sb_addn(sb, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * Most of what udb formats is short: format into the room the buffer has
 * (at least SB_ADDF_ROOM bytes), and a second time only when it did not fit.
 */
#define SB_ADDF_ROOM 64

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	sb_grow(sb, SB_ADDF_ROOM);
	room = sb->cap - sb->len;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

size_t sb_column(const struct strbuf *sb)
{
	const char *nl;

	if (!sb->len)
		return 0;
	nl = memrchr(sb->buf, '\n', sb->len);
	return nl ? sb->len - (size_t)(nl - sb->buf) - 1 : sb->len;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}
