// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb trace --timeline: trace-event JSON, written as the events come, one
 * event per line, closed by udb_timeline_close().
 */
#include <stdlib.h>
#include "timeline.h"

struct udb_timeline {
	FILE *f;
	int events;		/* written so far: the next one needs "," first */
};

void udb_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

struct udb_timeline *udb_timeline_open(const char *path)
{
	struct udb_timeline *tl = calloc(1, sizeof(*tl));

	if (!tl)
		return NULL;
	tl->f = fopen(path, "we");
	if (!tl->f) {
		free(tl);
		return NULL;
	}
	fputs("{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n", tl->f);
	return tl;
}

int udb_timeline_close(struct udb_timeline *tl)
{
	int err;

	if (!tl)
		return 0;
	fputs("\n]}\n", tl->f);
	err = ferror(tl->f) ? -1 : 0;
	if (fclose(tl->f))
		err = -1;
	free(tl);
	return err;
}

/* The common head of an event: phase, name, category, pid, tid, ts (microseconds). */
static void begin_event(struct udb_timeline *tl, char phase, const char *name, const char *cat,
			pid_t pid, pid_t tid, uint64_t ns)
{
	if (tl->events++)
		fputs(",\n", tl->f);
	fprintf(tl->f, "{\"ph\": \"%c\", \"name\": ", phase);
	udb_json_string(tl->f, name);
	fprintf(tl->f, ", \"cat\": \"%s\", \"pid\": %d, \"tid\": %d, \"ts\": %llu.%03u",
		cat, (int)pid, (int)tid, (unsigned long long)(ns / 1000), (unsigned int)(ns % 1000));
}

void udb_timeline_slice(struct udb_timeline *tl, pid_t pid, pid_t tid, const char *name,
			uint64_t start_ns, uint64_t dur_ns, const char *line)
{
	begin_event(tl, 'X', name, "syscall", pid, tid, start_ns);
	fprintf(tl->f, ", \"dur\": %llu.%03u, \"args\": {\"line\": ",
		(unsigned long long)(dur_ns / 1000), (unsigned int)(dur_ns % 1000));
	udb_json_string(tl->f, line);
	fputs("}}", tl->f);
}

void udb_timeline_instant(struct udb_timeline *tl, pid_t pid, pid_t tid, const char *name,
			  uint64_t ns, const char *line)
{
	begin_event(tl, 'i', name, "signal", pid, tid, ns);
	fputs(", \"s\": \"t\", \"args\": {\"line\": ", tl->f);
	udb_json_string(tl->f, line);
	fputs("}}", tl->f);
}

void udb_timeline_flow(struct udb_timeline *tl, char phase, const char *name,
		       unsigned long id, pid_t pid, pid_t tid, uint64_t ns)
{
	begin_event(tl, phase, name, "process", pid, tid, ns);
	fprintf(tl->f, ", \"id\": %lu%s}", id, phase == 'f' ? ", \"bp\": \"e\"" : "");
}

void udb_timeline_name(struct udb_timeline *tl, int process, pid_t pid, pid_t tid,
		       const char *name)
{
	if (tl->events++)
		fputs(",\n", tl->f);
	fprintf(tl->f, "{\"ph\": \"M\", \"name\": \"%s\", \"pid\": %d, \"tid\": %d, "
		"\"args\": {\"name\": ", process ? "process_name" : "thread_name", (int)pid, (int)tid);
	udb_json_string(tl->f, name);
	fputs("}}", tl->f);
}
