/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udb trace --timeline FILE: the trace as Chrome/Perfetto trace-event JSON
 * ({"traceEvents": [...]}): a track per thread, a complete ("X") event per
 * syscall with its line, instants ("i") for signals and exits, flows
 * ("s"/"f") from a fork or exec to what the new process or program does
 * first. And --json: one JSON object per line of the trace.
 */
#ifndef UDB_TIMELINE_H
#define UDB_TIMELINE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct udb_timeline;

/* NULL (errno set) when @path cannot be written. */
struct udb_timeline *udb_timeline_open(const char *path);
/* Ends the JSON and closes the file; -1 when a write failed. */
int udb_timeline_close(struct udb_timeline *tl);
/* A syscall on thread @tid from @start_ns for @dur_ns (CLOCK_MONOTONIC). */
void udb_timeline_slice(struct udb_timeline *tl, pid_t pid, pid_t tid, const char *name,
			uint64_t start_ns, uint64_t dur_ns, const char *line);
/* A signal or an exit at @ns. */
void udb_timeline_instant(struct udb_timeline *tl, pid_t pid, pid_t tid, const char *name,
			  uint64_t ns, const char *line);
/* A flow's start ('s') or end ('f', bound to the next slice) on @tid. */
void udb_timeline_flow(struct udb_timeline *tl, char phase, const char *name,
		       unsigned long id, pid_t pid, pid_t tid, uint64_t ns);
/* Names a process's track (its program) or a thread's. */
void udb_timeline_name(struct udb_timeline *tl, int process, pid_t pid, pid_t tid,
		       const char *name);

/* "..." with JSON's escapes (bytes past ASCII as \u00XX). */
void udb_json_string(FILE *f, const char *s);

#endif
