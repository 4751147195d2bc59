/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names the way strace prints them: signals, errnos, and flag sets.
 */
#ifndef UDB_NAMES_H
#define UDB_NAMES_H

#include <stdint.h>
#include "strbuf.h"

struct flag_name {
	uint64_t value;
	const char *name;
};

/* "SIGCHLD", "SIGRTMIN", "SIGRT_3"; NULL outside 1..64. */
const char *signal_name(int sig);
/* The signal named "SIGKILL", "KILL" or "9"; -1 when there is none. */
int signal_from_name(const char *name);
/* "ENOENT", or the kernel-internal "ERESTARTSYS"; NULL when unknown. */
const char *errno_name(int err);
/* strerror's text, or the kernel-internal codes' meaning. */
const char *errno_text(int err);

/*
 * Flags as "A|B|0x40" (unknown bits in hex at the end), or @zero when
 * @value is 0 (NULL @zero prints "0").
 */
void print_flags(struct strbuf *sb, const struct flag_name *names, uint64_t value,
		 const char *zero);
/* The name of @value, or NULL. */
const char *lookup_name(const struct flag_name *names, uint64_t value);
/* The name of @value, or @value in decimal. */
void print_enum(struct strbuf *sb, const struct flag_name *names, uint64_t value);

#endif
