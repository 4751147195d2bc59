/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb trace -y, -yy: what a tracee's descriptor is, as strace shows it
 * after the number ("<path>", "<pipe:[N]>", "<socket:[N]>"; with -yy a
 * device's "<char M:m>" and a socket's protocol and addresses).
 *
 * Descriptors are read from /proc/PID/fd when the line is printed, at the
 * syscall's exit; a descriptor gone by then (close's) is shown as it was
 * last seen, so each process's descriptors are remembered.
 */
#ifndef UDB_FDINFO_H
#define UDB_FDINFO_H

#include <sys/types.h>
#include "strbuf.h"

struct fd_names;

/* @detail: 1 for -y, 2 for -yy. NULL when out of memory. */
struct fd_names *fd_names_new(int detail);
void fd_names_free(struct fd_names *n);
/* Remembers every descriptor process @pid has now (after forgetting the old ones). */
void fd_names_scan(struct fd_names *n, pid_t pid);
/* Forgets descriptor @fd of @pid (it was closed), or all of @pid's when @fd < 0. */
void fd_names_forget(struct fd_names *n, pid_t pid, int fd);
/* What @fd of @pid is ("/etc/passwd", "pipe:[N]") in @buf; -1 when unknown. */
int fd_names_get(struct fd_names *n, pid_t pid, int fd, char *buf, size_t size);
/* Appends "<...>" for @fd of @pid, or nothing when it is unknown. */
void fd_names_describe(struct fd_names *n, pid_t pid, int fd, struct strbuf *sb);

#endif
