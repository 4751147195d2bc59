// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Description: udb's growable string: sb_addf() formats short and long
 * text alike (what fits the room it has at once, and what needs the buffer
 * grown, at the start and past the first allocation), sb_pad() and
 * sb_addc() append, sb_add_dec() prints as "%lld" does, sb_column() counts from the last newline, and the text
 * stays NUL-terminated.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "host-check.h"
#include "strbuf.h"

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char want[4096], big[1000];
	size_t len;

	CHECK(!strcmp(sb_str(&sb), "") && sb_column(&sb) == 0, "an empty buffer");

	/* Longer than any first allocation: the second vsnprintf() path. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sb_addf(&sb, "<%s>", big);
	CHECK(sb.len == sizeof(big) + 1 && sb.buf[0] == '<' && sb.buf[sb.len - 1] == '>' &&
	      sb.buf[sb.len] == '\0', "a long first addf: %zu bytes", sb.len);
	sb_reset(&sb);
	CHECK(sb.len == 0 && !strcmp(sb_str(&sb), ""), "reset");

	/* Short ones, many: each in the room the buffer has, growing as it goes. */
	want[0] = '\0';
	len = 0;
	for (int i = 0; i < 300; i++) {
		sb_addf(&sb, "%d,", i);
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%d,", i);
	}
	CHECK(sb.len == len && !strcmp(sb_str(&sb), want), "300 short addfs: '%.40s...'",
	      sb_str(&sb));

	/* A long one after them: it does not fit what is left. */
	sb_addf(&sb, "%s", big);
	CHECK(sb.len == len + strlen(big) && !strncmp(sb.buf, want, len) &&
	      !strcmp(sb.buf + len, big), "a long addf after short ones");

	/* An empty format adds nothing and keeps the terminator. */
	len = sb.len;
	sb_addf(&sb, "%s", "");
	CHECK(sb.len == len && sb.buf[len] == '\0', "an empty addf");
	sb_free(&sb);

	/* Padding and columns. */
	sb_add(&sb, "ab\ncd");
	CHECK(sb_column(&sb) == 2, "column after a newline: %zu", sb_column(&sb));
	sb_pad(&sb, ' ', 5);
	sb_addc(&sb, '=');
	CHECK(!strcmp(sb_str(&sb), "ab\ncd     =") && sb_column(&sb) == 8, "pad: '%s'",
	      sb_str(&sb));
	sb_pad(&sb, '-', 0);
	CHECK(!strcmp(sb_str(&sb), "ab\ncd     ="), "a pad of 0: '%s'", sb_str(&sb));
	sb_pad(&sb, '.', 300);
	CHECK(sb.len == 311 && sb.buf[310] == '.' && sb.buf[311] == '\0', "a pad past the room");
	sb_free(&sb);
	CHECK(sb.buf == NULL && sb.len == 0 && sb.cap == 0, "free");

	/* Decimal, as printf's %lld. */
	{
		static const long long vals[] = { 0, 1, -1, 9, 10, -10, 1234567890123LL,
						  LLONG_MAX, LLONG_MIN, -4095 };
		char ref[32];

		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			sb_reset(&sb);
			sb_add(&sb, "=");
			sb_add_dec(&sb, vals[i]);
			snprintf(ref, sizeof(ref), "=%lld", vals[i]);
			CHECK(!strcmp(sb_str(&sb), ref), "sb_add_dec(%lld): '%s'", vals[i],
			      sb_str(&sb));
		}
		sb_free(&sb);
	}
	return host_verdict();
}
