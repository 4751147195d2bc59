// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb trace: one strace-format line per syscall.
 *
 * Every traced thread reports syscall entries and exits. The exit of a
 * syscall whose line needs the tracee's memory (a path, a buffer, a struct
 * the kernel filled in) also stops it, so that memory is read while the
 * thread waits, then it is resumed; every other syscall is shown from the
 * event alone and never stops the tracee (a getppid() loop runs without
 * one stop). Lines are printed whole at the exit, so lines of different
 * threads never interleave. execve()'s arguments are read at its entry,
 * held before it runs, since its exit finds a new address space.
 *
 * With -f the module follows children itself: each is attached in the
 * kernel's fork path, before it runs, with the same events, filters and
 * stop sets, and its CLONE event names it.
 *
 * With -k every shown syscall stops at its exit, where the thread's
 * registers are those of its syscall instruction (the stack strace takes
 * at entry), and the stack is unwound there with a per-process unwinder
 * kept until the process's executable mappings change.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <limits.h>
#include <regex.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fdinfo.h"
#include "names.h"
#include "summary.h"
#include "inject.h"
#include "timeline.h"
#include "udb.h"

extern char **environ;

/* -e read=SET, -e write=SET: the descriptors whose data is dumped. */
struct dump_set {
	int invert;			/* every descriptor but @fds */
	int *fds;			/* owned */
	size_t nfds;
};

/* One traced thread. */
/*
 * Memory the module captured into a syscall's records (utracer_set_captures()):
 * ranges of the tracee's memory with their bytes, kept from the event that
 * carried them to the syscall's line. Reused from syscall to syscall.
 */
struct cap_set {
	struct cap_range {
		uint64_t addr;
		size_t len;
		size_t off;	/* of its bytes in @bytes */
	} *v;
	size_t n, vcap;
	unsigned char *bytes;
	size_t used, bcap;
};

struct tracee {
	pid_t pid, tid;
	int in_syscall;			/* an entry was seen, not its exit */
	enum udb_abi abi;
	struct udb_syscall sc;
	struct strbuf entry;		/* execve: its entry half, read at entry */
	int exec_built;			/* @entry was taken from the new image */
	int entry_whole;		/* @entry was read while the thread waited */
	char *exec_path;		/* the last exec event's path, or NULL */
	uint64_t entry_ns;		/* CLOCK_MONOTONIC time of the syscall's entry */
	unsigned long flow;		/* --timeline: a fork or exec flow to end, or 0 */
	const char *flow_name;		/* "fork" or "exec" */
	struct udb_inject_counts *inject_counts; /* -e inject=: invocations so far */
	int injected;			/* udb_inject_decide() of the held call */
	struct udb_entry_mem entry_mem;	/* recvmsg's, recvmmsg's memory at entry (sc.entry) */
	struct cap_set entry_caps;	/* what the entry half reads, captured */
	struct cap_set exit_caps;	/* what the exit half reads, captured */
	struct tracee *next;
};

/* -k: the unwinder of one traced process, kept across its syscalls. */
struct proc_stack {
	pid_t pid;
	struct udb_unwinder *uw;	/* owned */
	struct proc_stack *next;
};

/* -k: the most frames shown, as strace. */
#define STACK_MAX_FRAMES 256

/* The highest syscall number asked of libseccomp when a set is built from names. */
#define SYSCALL_NR_SCAN 1024

struct tracer {
	struct utracer *u;
	FILE *out;
	int follow;
	int to_file;			/* -o: lines go to a file */
	unsigned int string_limit;
	/* -e trace=: syscall names to show; NULL shows every one. */
	char **only;
	size_t nonly;
	struct utracer_syscall_set filter;
	struct tracee *tracees;
	size_t ntracees;
	pid_t child;			/* the COMMAND we started, or 0 */
	int child_reaped;
	int child_status;
	struct strbuf line;
	int lines;			/* print lines (not with -c alone) */
	struct udb_summary *summary;	/* -c, -C: the counts; NULL otherwise */
	enum udb_summary_sort sort;	/* -S */
	int stamps;			/* -t: 1, -tt: 2, -ttt: 3 */
	int relative;			/* -r */
	int syscall_times;		/* -T */
	uint64_t last_ns;		/* -r: the previous line's time, 0 before one */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC, for -t */
	unsigned int hex_strings;	/* -x: 1, -xx: 2 */
	unsigned int return_column;	/* -a; 0: the decoder's */
	int quiet;			/* -q: 1, -qq: 2 */
	unsigned int status;		/* -e status=, -z, -Z: STATUS_* shown */
	uint64_t signals;		/* -e signal=: bit N-1 shows signal N */
	struct fd_names *fds;		/* -y, -yy, -P; NULL otherwise */
	int show_fds;			/* -y, -yy */
	pid_t fd_pid;			/* the process whose line is being decoded */
	char **paths;			/* -P, each with its resolved form; owned */
	size_t npaths;
	const char *outfile;		/* -o FILE */
	int separate;			/* -ff -o: a file per thread, FILE.TID */
	struct thread_file *files;	/* -ff: the files opened; owned */
	int write_failed;		/* -ff: a write or close failed */
	pid_t line_tid;			/* the thread of the line being built */
	size_t line_body;		/* where the line's text starts, after the stamps */
	int json;			/* --json: JSON lines instead of text */
	struct udb_timeline *timeline;	/* --timeline FILE, or NULL */
	unsigned long flows;		/* --timeline: flow ids given */
	int verbose;			/* -v */
	int stack_trace;		/* -k */
	struct proc_stack *stacks;	/* -k: per process; owned */
	/* -e abbrev=, -e raw=, -e verbose=: per ABI (x86-64, i386) and number, 1 when in the set. */
	uint8_t abbrev[2][SYSCALL_NR_SCAN];
	uint8_t raw[2][SYSCALL_NR_SCAN];
	uint8_t verbose_set[2][SYSCALL_NR_SCAN];
	struct dump_set read_fds;	/* -e read= */
	struct dump_set write_fds;	/* -e write= */
	struct udb_inject *inject;	/* -e inject=, -e fault=; NULL: none */
	/*
	 * The kernel holds syscalls before they run: recvmsg and recvmmsg
	 * stop there, for the memory they overwrite (udb_decode_save_entry()),
	 * and execve and execveat, for the arguments they free.
	 */
	int hold_entries;
	/*
	 * The module copies what lines read into the syscall events
	 * (set_captures()): only syscalls with memory no capture can hold
	 * stop. uncaptured counts reads a capture should have served and
	 * did not (the memory then is read as it is, the thread running);
	 * UDB_TRACE_STATS=1 shows it at the end.
	 */
	int captures;
	unsigned long uncaptured;
	unsigned long exits, stopped_exits;	/* syscall exits seen; of them stopped */
	/* UDB_TRACE_STATS: per syscall of each ABI, stopped exits and uncaptured reads. */
	struct trace_stats {
		unsigned int stopped[2][SYSCALL_NR_SCAN];
		unsigned int uncaptured[2][SYSCALL_NR_SCAN];
	} *stats;
};

/* What a line is, for --json and --timeline. */
enum record_kind {
	RECORD_SYSCALL,		/* a syscall that returned */
	RECORD_UNFINISHED,	/* a syscall that never returned */
	RECORD_SIGNAL,
	RECORD_EXIT,
};

/* -ff -o FILE: the file of one thread. */
struct thread_file {
	pid_t tid;
	FILE *f;
	struct thread_file *next;
};

/* -e status=: which syscall lines are shown. */
#define STATUS_SUCCESSFUL (1U << 0)
#define STATUS_FAILED (1U << 1)
#define STATUS_UNFINISHED (1U << 2)
#define STATUS_UNAVAILABLE (1U << 3)
#define STATUS_DETACHED (1U << 4)
#define STATUS_ALL (STATUS_SUCCESSFUL | STATUS_FAILED | STATUS_UNFINISHED | \
		    STATUS_UNAVAILABLE | STATUS_DETACHED)

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static struct tracee *tracee_find(struct tracer *t, pid_t tid)
{
	for (struct tracee *e = t->tracees; e; e = e->next)
		if (e->tid == tid)
			return e;
	return NULL;
}

static struct tracee *tracee_add(struct tracer *t, pid_t pid, pid_t tid)
{
	struct tracee *e = tracee_find(t, tid);

	if (e)
		return e;
	e = calloc(1, sizeof(*e));
	if (!e) {
		udb_error("out of memory");
		exit(UDB_EXIT_FAILURE);
	}
	e->pid = pid;
	e->tid = tid;
	e->next = t->tracees;
	t->tracees = e;
	t->ntracees++;
	return e;
}

static void tracee_remove(struct tracer *t, pid_t tid)
{
	for (struct tracee **p = &t->tracees; *p; p = &(*p)->next) {
		if ((*p)->tid == tid) {
			struct tracee *e = *p;

			*p = e->next;
			sb_free(&e->entry);
			free(e->exec_path);
			free(e->entry_caps.v);
			free(e->entry_caps.bytes);
			free(e->exit_caps.v);
			free(e->exit_caps.bytes);
			udb_inject_counts_free(e->inject_counts);
			free(e);
			t->ntracees--;
			return;
		}
	}
}

static int wanted(const struct tracer *t, const char *name)
{
	if (!t->only)
		return 1;
	for (size_t i = 0; name && i < t->nonly; i++)
		if (!strcmp(t->only[i], name))
			return 1;
	return 0;
}

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* -t, -tt, -ttt: the wall-clock time of @ns (CLOCK_MONOTONIC), as strace prints it. */
static void add_stamp(struct tracer *t, uint64_t ns)
{
	int64_t real = (int64_t)ns + t->realtime_offset_ns;
	time_t sec = (time_t)(real / 1000000000);
	long usec = (long)(real % 1000000000 / 1000);
	struct tm tm;
	char hms[16];

	if (t->stamps == 3) {
		sb_addf(&t->line, "%lld.%06ld ", (long long)sec, usec);
		return;
	}
	localtime_r(&sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (t->stamps == 2)
		sb_addf(&t->line, "%s.%06ld ", hms, usec);
	else
		sb_addf(&t->line, "%s ", hms);
}

/* -r: the time since the previous line began, "(+ ...)" after a -t stamp. */
static void add_relative(struct tracer *t, uint64_t ns)
{
	/* Lines are printed at syscall exits: another thread's may have begun later. */
	uint64_t delta = t->last_ns && ns > t->last_ns ? ns - t->last_ns : 0;
	long sec = (long)(delta / 1000000000), usec = (long)(delta % 1000000000 / 1000);

	if (t->stamps)
		sb_addf(&t->line, "(+%6ld.%06ld) ", sec, usec);
	else
		sb_addf(&t->line, "%6ld.%06ld ", sec, usec);
	if (ns > t->last_ns)
		t->last_ns = ns;
}

/*
 * As strace: with -f and -o, "N " before every line; otherwise "[pid N] "
 * once more than one thread is traced. Then the -t and -r stamps of @ns,
 * the time the line's event began.
 */
static void line_start(struct tracer *t, pid_t tid, uint64_t ns)
{
	sb_reset(&t->line);
	t->line_tid = tid;
	t->line_body = 0;
	if (t->json)
		return;	/* JSON carries the ids and the time itself */
	if (t->separate)
		;	/* -ff: the file says whose lines they are */
	else if (t->to_file && (t->follow || t->ntracees > 1))
		sb_addf(&t->line, "%-5d ", (int)tid);
	else if (t->ntracees > 1)
		sb_addf(&t->line, "[pid %5d] ", (int)tid);
	if (t->stamps)
		add_stamp(t, ns);
	if (t->relative)
		add_relative(t, ns);
	t->line_body = t->line.len;
}

/* -T: " <seconds spent in the syscall>". */
static void add_syscall_time(struct tracer *t, uint64_t ns)
{
	if (t->syscall_times)
		sb_addf(&t->line, " <%lu.%06lu>", (unsigned long)(ns / 1000000000),
			(unsigned long)(ns % 1000000000 / 1000));
}

/*
 * The buffer of each -o file. Lines go out in blocks, and whenever the
 * tracer has caught up with its tracees (flush_files()): a write per line
 * cost the tracer more than its decoding of a short call.
 */
#define OUT_BUFFER (64 * 1024)

/* -ff: FILE.TID, opened at the thread's first line; NULL when it cannot be. */
static FILE *thread_file(struct tracer *t, pid_t tid)
{
	struct thread_file *tf;
	char *name;

	for (tf = t->files; tf; tf = tf->next)
		if (tf->tid == tid)
			return tf->f;
	if (asprintf(&name, "%s.%d", t->outfile, (int)tid) < 0)
		return NULL;
	tf = calloc(1, sizeof(*tf));
	if (tf)
		tf->f = fopen(name, "we");
	if (!tf || !tf->f) {
		if (!t->write_failed)
			udb_error("cannot open '%s': %s", name, strerror(errno));
		t->write_failed = 1;
		free(tf);
		free(name);
		return NULL;
	}
	free(name);
	setvbuf(tf->f, NULL, _IOFBF, OUT_BUFFER);
	tf->tid = tid;
	tf->next = t->files;
	t->files = tf;
	return tf->f;
}

/* Write out what the -o files hold (event_loop(): before it waits). */
static void flush_files(struct tracer *t)
{
	if (t->to_file)
		fflush(t->out);
	for (struct thread_file *tf = t->files; tf; tf = tf->next)
		fflush(tf->f);
}

static int close_thread_files(struct tracer *t)
{
	int err = 0;

	while (t->files) {
		struct thread_file *tf = t->files;

		t->files = tf->next;
		if (fclose(tf->f))
			err = -1;
		free(tf);
	}
	return err;
}

static void line_end(struct tracer *t)
{
	FILE *out = t->separate ? thread_file(t, t->line_tid) : t->out;

	if (t->json)
		return;	/* record() wrote it */
	sb_addc(&t->line, '\n');
	if (out)
		fwrite(t->line.buf, 1, t->line.len, out);
}

static int is_exec(const char *name)
{
	return name && (!strcmp(name, "execve") || !strcmp(name, "execveat"));
}

/*
 * --json and --timeline: the line being built (its text after the
 * stamps) as a JSON object, and as a slice or an instant of thread @tid.
 * A flow waiting for @e's next event ends there.
 */
static void record(struct tracer *t, enum record_kind kind, struct tracee *e, pid_t pid,
		   pid_t tid, const char *name, uint64_t start_ns, uint64_t dur_ns, int64_t ret)
{
	const char *text = sb_str(&t->line) + t->line_body;
	static const char *const kinds[] = { "syscall", "syscall", "signal", "exit" };

	if (t->json) {
		FILE *out = t->separate ? thread_file(t, tid) : t->out;
		int64_t real = (int64_t)start_ns + t->realtime_offset_ns;

		if (out) {
			fprintf(out, "{\"type\": \"%s\", \"pid\": %d, \"tid\": %d, "
				"\"time\": %lld.%06lld, \"name\": ", kinds[kind], (int)pid, (int)tid,
				(long long)(real / 1000000000), (long long)(real % 1000000000 / 1000));
			udb_json_string(out, name);
			if (kind == RECORD_SYSCALL)
				fprintf(out, ", \"ret\": %lld, \"duration\": %llu.%06llu",
					(long long)ret, (unsigned long long)(dur_ns / 1000000000),
					(unsigned long long)(dur_ns % 1000000000 / 1000));
			else if (kind == RECORD_UNFINISHED)
				fputs(", \"ret\": null", out);
			fputs(", \"line\": ", out);
			udb_json_string(out, text);
			fputs("}\n", out);
		}
	}
	if (!t->timeline)
		return;
	if (kind == RECORD_SYSCALL || kind == RECORD_UNFINISHED)
		udb_timeline_slice(t->timeline, pid, tid, name, start_ns, dur_ns, text);
	else
		udb_timeline_instant(t->timeline, pid, tid, name, start_ns, text);
	/* An exec's flow starts inside its execve: it ends at the next syscall. */
	if (e && e->flow && (kind == RECORD_SYSCALL || kind == RECORD_UNFINISHED) &&
	    !(!strcmp(e->flow_name, "exec") && is_exec(name))) {
		/* Inside the slice it binds to. */
		udb_timeline_flow(t->timeline, 'f', e->flow_name, e->flow, pid, tid,
				  start_ns + dur_ns / 2);
		e->flow = 0;
	}
}

static int dump_set_has(const struct dump_set *set, int fd)
{
	int in = 0;

	if (fd < 0)
		return 0;
	for (size_t i = 0; i < set->nfds && !in; i++)
		in = set->fds[i] == fd;
	return in != set->invert;
}

static int dump_set_empty(const struct dump_set *set)
{
	return !set->invert && !set->nfds;
}

/*
 * -e read=, -e write=: after the line, the data the call moved through a
 * descriptor of the set, in hex and ASCII (udb_decode_dump_io()). Not
 * with --json, whose records are single lines.
 */
static void dump_io(struct tracer *t, const struct udb_decoder *dec, const struct udb_syscall *sc)
{
	int fd = (int)sc->args[0];
	int written = dump_set_has(&t->write_fds, fd), read = dump_set_has(&t->read_fds, fd);
	FILE *out;

	if (t->json || (!written && !read))
		return;
	sb_reset(&t->line);
	udb_decode_dump_io(&t->line, dec, sc, written, read);
	out = t->separate ? thread_file(t, t->line_tid) : t->out;
	if (out && t->line.len)
		fwrite(t->line.buf, 1, t->line.len, out);
}

static void fd_info(void *opaque, int fd, struct strbuf *sb)
{
	struct tracer *t = opaque;

	fd_names_describe(t->fds, t->fd_pid, fd, sb);
}

static void cap_set_reset(struct cap_set *s)
{
	s->n = 0;
	s->used = 0;
}

/* Keeps a copy of [addr, addr + len); on no memory, the range is left out. */
static void cap_set_add(struct cap_set *s, uint64_t addr, const unsigned char *data, size_t len)
{
	if (s->n == s->vcap) {
		size_t cap = s->vcap ? 2 * s->vcap : 8;
		struct cap_range *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return;
		s->v = v;
		s->vcap = cap;
	}
	if (s->bcap - s->used < len) {
		size_t cap = s->bcap ? s->bcap : 4096;
		unsigned char *b;

		while (cap - s->used < len)
			cap *= 2;
		b = realloc(s->bytes, cap);
		if (!b)
			return;
		s->bytes = b;
		s->bcap = cap;
	}
	memcpy(s->bytes + s->used, data, len);
	s->v[s->n++] = (struct cap_range){ .addr = addr, .len = len, .off = s->used };
	s->used += len;
}

/*
 * The captures of a syscall event: the entry's own into @entry; the exit's
 * own into @exit, and the entry captures it took again (memory that was not
 * resident at the entry) into @entry. A capture that could not be read is
 * left out: its reads go to the tracee, as without captures.
 */
static void cap_take(struct cap_set *entry, struct cap_set *exit,
		     const struct utracer_captured *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (v[i].flags & UTRACER_CAPTURED_FAULT)
			continue;
		cap_set_add(v[i].flags & UTRACER_CAPTURED_ENTRY || !exit ? entry : exit,
			    v[i].addr, v[i].data, v[i].len);
	}
}

/* The captured bytes at @addr, @avail of them; NULL when @s has none there. */
static const unsigned char *cap_lookup(const struct cap_set *s, uint64_t addr, size_t *avail)
{
	for (size_t i = 0; s && i < s->n; i++) {
		const struct cap_range *r = &s->v[i];

		if (addr >= r->addr && addr - r->addr < r->len) {
			*avail = r->len - (size_t)(addr - r->addr);
			return s->bytes + r->off + (addr - r->addr);
		}
	}
	return NULL;
}

/*
 * The decoder's memory: what the module captured for the half of the line
 * being built (@first, then @second), else the tracee's memory.
 */
struct cap_mem {
	struct udb_mem mem;	/* udb_read_mem()'s */
	const struct cap_set *first, *second;
	struct tracer *t;
	int stopped;		/* the thread waits: its memory is as the call left it */
	long nr;		/* the syscall, for UDB_TRACE_STATS */
	int i386;
};

static long cap_read_mem(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct cap_mem *m = opaque;
	const unsigned char *p;
	size_t avail = 0;

	/* A thread that waits is read as it is: what the stop was for (-e read=). */
	if (m->stopped)
		return udb_read_mem(&m->mem, addr, buf, len);
	p = cap_lookup(m->first, addr, &avail);
	if (!p)
		p = cap_lookup(m->second, addr, &avail);
	if (!p) {
		if (m->t->captures) {
			m->t->uncaptured++;
			if (m->t->stats && m->nr >= 0 && m->nr < SYSCALL_NR_SCAN)
				m->t->stats->uncaptured[m->i386][m->nr]++;
		}
		return udb_read_mem(&m->mem, addr, buf, len);
	}
	if (avail > len)
		avail = len;
	memcpy(buf, p, avail);
	return (long)avail;
}

/* A decoder of @e's syscall, its memory the entry's captures first. */
static void decoder_init(struct tracer *t, struct udb_decoder *dec, struct cap_mem *mem,
			 const struct tracee *e)
{
	memset(dec, 0, sizeof(*dec));
	mem->mem.u = t->u;
	mem->mem.pid = e->tid;
	mem->first = &e->entry_caps;
	mem->second = &e->exit_caps;
	mem->t = t;
	mem->stopped = 0;
	mem->nr = e->sc.nr;
	mem->i386 = e->abi == UDB_ABI_I386;
	dec->abi = e->abi;
	dec->read_mem = cap_read_mem;
	dec->opaque = mem;
	dec->string_limit = t->string_limit;
	dec->hex_strings = t->hex_strings;
	dec->return_column = t->return_column;
	dec->verbose = (unsigned int)t->verbose;
	if (e->sc.nr >= 0 && e->sc.nr < SYSCALL_NR_SCAN) {
		int a = e->abi == UDB_ABI_I386;

		if (!t->abbrev[a][e->sc.nr])
			dec->verbose = 1;
		dec->raw = t->raw[a][e->sc.nr];
		dec->terse = !t->verbose_set[a][e->sc.nr];
	}
	if (t->fds)
		t->fd_pid = e->pid;
	if (t->show_fds) {
		dec->fd_info = fd_info;
		dec->fd_opaque = t;
	}
}

static int path_selected(const struct tracer *t, const char *path)
{
	for (size_t i = 0; i < t->npaths; i++)
		if (!strcmp(t->paths[i], path))
			return 1;
	return 0;
}

/* udb_decode_any_path()'s match for -P: a path, or what a descriptor is. */
static int path_match(void *opaque, const char *path, int fd)
{
	struct tracer *t = opaque;
	char what[PATH_MAX];

	if (path)
		return path_selected(t, path);
	return !fd_names_get(t->fds, t->fd_pid, fd, what, sizeof(what)) &&
	       path_selected(t, what);
}

/* -P: does the syscall name one of the paths? Decided before its line is built. */
static int touches_paths(struct tracer *t, const struct udb_decoder *dec,
			 const struct tracee *e, const char *name)
{
	if (!t->npaths)
		return 1;
	if (name && !strcmp(name, "execve") && e->sc.ret == 0)
		return e->exec_path && path_selected(t, e->exec_path);
	return udb_decode_any_path(dec, &e->sc, path_match, t);
}

static int is_sigreturn(const char *name)
{
	return name && (!strcmp(name, "rt_sigreturn") || !strcmp(name, "sigreturn"));
}

/* -k: the unwinder of process @pid, made at its first use; NULL when out of memory. */
static struct udb_unwinder *stack_unwinder(struct tracer *t, pid_t pid)
{
	struct proc_stack *ps;

	for (ps = t->stacks; ps; ps = ps->next)
		if (ps->pid == pid)
			return ps->uw;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return NULL;
	ps->uw = udb_unwinder_new(t->u, pid);
	if (!ps->uw) {
		free(ps);
		return NULL;
	}
	ps->pid = pid;
	ps->next = t->stacks;
	t->stacks = ps;
	return ps->uw;
}

/* -k: process @pid is gone (or @pid 0: every one): its unwinder goes too. */
static void stack_forget(struct tracer *t, pid_t pid)
{
	for (struct proc_stack **p = &t->stacks; *p;) {
		struct proc_stack *ps = *p;

		if (pid && ps->pid != pid) {
			p = &ps->next;
			continue;
		}
		*p = ps->next;
		udb_unwinder_free(ps->uw);
		free(ps);
	}
}

/* -k: process @pid's executable mappings changed (exec): unwind from the new ones. */
static void stack_invalidate(struct tracer *t, pid_t pid)
{
	for (struct proc_stack *ps = t->stacks; ps; ps = ps->next)
		if (ps->pid == pid)
			udb_unwinder_invalidate(ps->uw);
}

static int is_named(const char *name, const char *const *names)
{
	for (; name && *names; names++)
		if (!strcmp(name, *names))
			return 1;
	return 0;
}

/* The syscalls that change a process's mappings: -k learns of them even when unshown. */
static const char *const mapping_syscalls[] = {
	"mmap", "mmap2", "munmap", "mprotect", "pkey_mprotect", "mremap", NULL,
};

/*
 * -k: after a syscall that may have mapped, unmapped or changed executable
 * code, the process's unwinder reads its maps again at its next use, as
 * strace's cache of the maps does. Data mappings leave it as it is.
 */
static void stack_note_mapping(struct tracer *t, const struct tracee *e, const char *name)
{
	struct udb_unwinder *uw;
	uint64_t prot = e->sc.args[2], start = e->sc.args[0], len = e->sc.args[1];
	int64_t ret = e->abi == UDB_ABI_I386 ? (int32_t)e->sc.ret : e->sc.ret;

	if (!t->stack_trace || !is_named(name, mapping_syscalls) || (ret < 0 && ret >= -4095))
		return;
	uw = stack_unwinder(t, e->pid);
	if (!uw)
		return;
	if (!strcmp(name, "mmap") || !strcmp(name, "mmap2")) {
		/* Code mapped, or mapped over (MAP_FIXED) where the call returned. */
		if ((prot & PROT_EXEC) || udb_unwinder_maps_exec(uw, (uint64_t)ret, len))
			udb_unwinder_invalidate(uw);
	} else if (((!strcmp(name, "mprotect") || !strcmp(name, "pkey_mprotect")) &&
		    (prot & PROT_EXEC)) || udb_unwinder_maps_exec(uw, start, len)) {
		udb_unwinder_invalidate(uw);
	}
}

/*
 * -k: the user stack of thread @tid, stopped at its syscall, one line a
 * frame as strace -k prints them: " > FILE(SYMBOL+0xOFF) [0xFILE_OFFSET]",
 * " > FILE() [0xFILE_OFFSET]" when no function symbol precedes the
 * address in FILE's own symbol tables, " > unexpected_backtracing_error
 * [0xADDRESS]" (and the walk ends) outside an executable file mapping.
 * A thread that is gone (killed meanwhile) shows nothing.
 */
static void print_stack(struct tracer *t, pid_t pid, pid_t tid)
{
	struct udb_frame frames[STACK_MAX_FRAMES];
	struct udb_unwinder *uw;
	struct udb_regs regs;
	FILE *out;
	int n;

	if (!t->stack_trace || t->json || udb_regs_fetch(t->u, tid, &regs))
		return;
	uw = stack_unwinder(t, pid);
	if (!uw)
		return;
	n = udb_unwinder_walk(uw, tid, &regs, frames, STACK_MAX_FRAMES);
	sb_reset(&t->line);
	for (int i = 0; i < n; i++) {
		uint64_t pc = frames[i].pc, off;
		const struct utracer_map *map = udb_unwinder_map(uw, pc);
		const char *func;

		if (!map || !(map->prot & PROT_EXEC) || !map->path || !map->path[0]) {
			sb_addf(&t->line, " > unexpected_backtracing_error [%#llx]\n",
				(unsigned long long)pc);
			break;
		}
		if (!udb_unwinder_func(uw, pc, &func, &off))
			sb_addf(&t->line, " > %s(%s+%#llx) [%#llx]\n", map->path, func,
				(unsigned long long)off,
				(unsigned long long)(pc - map->start + map->offset));
		else
			sb_addf(&t->line, " > %s() [%#llx]\n", map->path,
				(unsigned long long)(pc - map->start + map->offset));
	}
	out = t->separate ? thread_file(t, tid) : t->out;
	if (out && t->line.len)
		fwrite(t->line.buf, 1, t->line.len, out);
}

static void on_syscall_entry(struct tracer *t, const struct utracer_event_info *ev)
{
	struct tracee *e = tracee_add(t, ev->pid, ev->tid);
	const char *name;

	e->in_syscall = 1;
	e->entry_ns = ev->time_ns;
	e->abi = udb_abi_of_arch(ev->syscall_entry.arch);
	e->sc.nr = ev->syscall_entry.nr;
	memcpy(e->sc.args, ev->syscall_entry.args, sizeof(e->sc.args));
	e->sc.ret = 0;
	e->sc.entry = NULL;
	e->exec_built = 0;
	e->entry_whole = 0;
	sb_reset(&e->entry);
	cap_set_reset(&e->entry_caps);
	cap_set_reset(&e->exit_caps);
	cap_take(&e->entry_caps, NULL, ev->syscall_entry.captures, ev->syscall_entry.ncaptures);
	name = udb_syscall_name(e->abi, e->sc.nr);
	/* -e inject=: the call is held before it runs; as strace, only traced ones. */
	e->injected = 0;
	if ((ev->flags & UTRACER_EVENT_F_BEFORE) && wanted(t, name)) {
		int64_t retval;
		int err;

		e->injected = udb_inject_decide(t->inject, &e->inject_counts, e->abi,
						(unsigned int)e->sc.nr, &retval);
		if (e->injected) {
			err = utracer_syscall_skip(t->u, ev->tid, retval);
			if (err && err != -ESRCH)
				udb_error("cannot inject into %d's %s: %s", (int)ev->tid,
					  name ? name : "syscall", utracer_strerror(err));
		}
	}
	if (t->lines && is_exec(name) && wanted(t, name)) {
		struct udb_decoder dec;
		struct cap_mem mem;

		decoder_init(t, &dec, &mem, e);
		mem.stopped = !!(ev->flags & UTRACER_EVENT_F_STOPPED);
		udb_decode_entry(&e->entry, &dec, &e->sc);
		e->entry_whole = mem.stopped;
	}
	/* Held before it runs: what the call will overwrite is still there. */
	if ((ev->flags & UTRACER_EVENT_F_BEFORE) && (ev->flags & UTRACER_EVENT_F_STOPPED) &&
	    t->lines && !e->injected && udb_decode_saves_entry(e->abi, e->sc.nr)) {
		struct udb_decoder dec;
		struct cap_mem mem;

		decoder_init(t, &dec, &mem, e);
		mem.stopped = 1;
		udb_decode_save_entry(&dec, &e->sc, &e->entry_mem);
		e->sc.entry = &e->entry_mem;
	}
}

static void on_syscall_exit(struct tracer *t, const struct utracer_event_info *ev)
{
	struct tracee *e = tracee_find(t, ev->tid);
	struct udb_decoder dec;
	struct cap_mem mem;
	const char *name;
	int failed;

	/* An exit without its entry: the syscall was under way at attach. */
	if (!e || !e->in_syscall)
		return;
	name = udb_syscall_name(e->abi, e->sc.nr);
	/* sigreturn restores the registers, syscall number (-1) included. */
	if (e->sc.nr != ev->syscall_exit.nr && !is_sigreturn(name))
		return;
	e->in_syscall = 0;
	t->exits++;
	if (ev->flags & UTRACER_EVENT_F_STOPPED) {
		t->stopped_exits++;
		if (t->stats && e->sc.nr >= 0 && e->sc.nr < SYSCALL_NR_SCAN)
			t->stats->stopped[e->abi == UDB_ABI_I386][e->sc.nr]++;
	}
	e->sc.ret = ev->syscall_exit.ret;
	cap_take(&e->entry_caps, &e->exit_caps, ev->syscall_exit.captures,
		 ev->syscall_exit.ncaptures);
	/* retval=: a value, even one that looks like an error. */
	e->sc.value = (ev->flags & UTRACER_EVENT_F_SKIPPED) && e->injected == 2;
	/* -y, -P: a new descriptor is named while it is open, for its close. */
	if (t->fds && udb_decode_returns_fd(e->abi, &e->sc)) {
		struct strbuf shown = STRBUF_INIT;
		char what[PATH_MAX];

		if (t->show_fds)
			fd_names_describe(t->fds, e->pid, (int)(int32_t)e->sc.ret, &shown);
		else
			fd_names_get(t->fds, e->pid, (int)(int32_t)e->sc.ret, what, sizeof(what));
		sb_free(&shown);
	}
	failed = (e->abi == UDB_ABI_I386 ? (int32_t)e->sc.ret : e->sc.ret) < 0 &&
		 (e->abi == UDB_ABI_I386 ? (int32_t)e->sc.ret : e->sc.ret) >= -4095;
	if (!wanted(t, name))
		goto closed;
	if (t->summary)
		udb_summary_add(t->summary, e->abi, e->sc.nr, e->sc.ret,
				ev->time_ns > e->entry_ns ? ev->time_ns - e->entry_ns : 0);
	if (!t->lines || !(t->status & (failed ? STATUS_FAILED : STATUS_SUCCESSFUL)))
		goto closed;
	decoder_init(t, &dec, &mem, e);
	mem.stopped = !!(ev->flags & UTRACER_EVENT_F_STOPPED);
	if (!touches_paths(t, &dec, e, name))
		goto closed;
	line_start(t, ev->tid, e->entry_ns);
	if (is_exec(name) && e->sc.ret == 0 && e->exec_built) {
		sb_add(&t->line, sb_str(&e->entry));
	} else if (is_exec(name) && e->sc.ret == 0 && !strchr(sb_str(&e->entry), '"') &&
		   e->exec_path && !strcmp(name, "execve") && !dec.raw) {
		/* Its memory was gone before udb read it: the exec event has the path. */
		sb_add(&t->line, "execve(");
		udb_quote_string(&t->line, (const unsigned char *)e->exec_path,
				 strlen(e->exec_path), strlen(e->exec_path),
				 udb_quote_mode(t->hex_strings));
		sb_addf(&t->line, ", %#llx, %#llx", (unsigned long long)e->sc.args[1],
			(unsigned long long)e->sc.args[2]);
	} else if (is_exec(name) && (e->sc.ret == 0 || e->entry_whole) && e->entry.len) {
		/* A failed exec's too, when it was read while the call was held. */
		sb_add(&t->line, sb_str(&e->entry));
	} else {
		/* A failed exec left the memory whole, and the thread waits. */
		udb_decode_entry(&t->line, &dec, &e->sc);
	}
	/* The exit half reads what the call filled in: the exit's captures first. */
	mem.first = &e->exit_caps;
	mem.second = &e->entry_caps;
	udb_decode_exit(&t->line, &dec, &e->sc);
	if (ev->flags & UTRACER_EVENT_F_SKIPPED)
		sb_add(&t->line, " (INJECTED)");
	add_syscall_time(t, ev->time_ns > e->entry_ns ? ev->time_ns - e->entry_ns : 0);
	record(t, RECORD_SYSCALL, e, e->pid, ev->tid, name ? name : "syscall", e->entry_ns,
	       ev->time_ns > e->entry_ns ? ev->time_ns - e->entry_ns : 0,
	       e->abi == UDB_ABI_I386 ? (int32_t)e->sc.ret : e->sc.ret);
	line_end(t);
	dump_io(t, &dec, &e->sc);
	if (ev->flags & UTRACER_EVENT_F_STOPPED)
		print_stack(t, e->pid, ev->tid);
closed:
	/* -y: a closed descriptor's name is not shown for the next one of that number. */
	if (t->fds && !failed && !strcmp(name ? name : "", "close"))
		fd_names_forget(t->fds, e->pid, (int)e->sc.args[0]);
	stack_note_mapping(t, e, name);
}

static void on_signal_event(struct tracer *t, const struct utracer_event_info *ev)
{
	struct udb_siginfo si = {
		.signo = ev->signal.signo,
		.code = ev->signal.code,
		.err = ev->signal.error,
		.pid = ev->signal.sender_pid,
		.uid = ev->signal.sender_uid,
		.status = ev->signal.status,
		.utime = (long)ev->signal.utime,
		.stime = (long)ev->signal.stime,
		.have_pid = ev->signal.sender_pid != 0 ||
			    (ev->signal.flags & UTRACER_SIGNAL_SENDER),
		.have_uid = !!(ev->signal.flags & UTRACER_SIGNAL_SENDER),
		.have_status = !!(ev->signal.flags & UTRACER_SIGNAL_CHILD),
		.addr = ev->signal.addr,
		.have_addr = !!(ev->signal.flags & UTRACER_SIGNAL_ADDR),
	};

	if (ev->signal.flags & UTRACER_SIGNAL_SIGINFO) {
		si.raw = ev->signal.siginfo;
		si.raw_abi = udb_abi_of_arch(ev->signal.siginfo_arch);
	}

	if (!t->lines || si.signo < 1 || si.signo > 64 || !(t->signals >> (si.signo - 1) & 1))
		return;
	line_start(t, ev->tid, ev->time_ns);
	udb_decode_signal(&t->line, &si);
	record(t, RECORD_SIGNAL, NULL, ev->pid, ev->tid, signal_name(si.signo) ? signal_name(si.signo)
									       : "signal",
	       ev->time_ns, 0, 0);
	line_end(t);
}

static void on_exit_event(struct tracer *t, const struct utracer_event_info *ev)
{
	struct tracee *e = tracee_find(t, ev->tid);
	int status = ev->exit.status;

	if (e && e->in_syscall) {
		const char *name = udb_syscall_name(e->abi, e->sc.nr);

		if (t->lines && wanted(t, name) && (t->status & STATUS_UNFINISHED)) {
			struct udb_decoder dec;
			struct cap_mem mem;

			decoder_init(t, &dec, &mem, e);
			if (!touches_paths(t, &dec, e, name))
				goto unfinished_done;
			line_start(t, ev->tid, e->entry_ns);
			udb_decode_entry(&t->line, &dec, &e->sc);
			if (!name || (strcmp(name, "exit") && strcmp(name, "exit_group")))
				sb_add(&t->line, " <unfinished ...>");
			udb_decode_no_return(&t->line, t->return_column);
			record(t, RECORD_UNFINISHED, e, e->pid, ev->tid, name ? name : "syscall",
			       e->entry_ns, ev->time_ns > e->entry_ns ? ev->time_ns - e->entry_ns : 0, 0);
			line_end(t);
		}
unfinished_done:
		e->in_syscall = 0;
	}
	if (t->lines && t->quiet < 2) {
		line_start(t, ev->tid, ev->time_ns);
		if (WIFSIGNALED(status))
			udb_decode_killed(&t->line, WTERMSIG(status), WCOREDUMP(status));
		else
			udb_decode_exited(&t->line, WEXITSTATUS(status));
		record(t, RECORD_EXIT, e, ev->pid, ev->tid, WIFSIGNALED(status) ? "killed" : "exited",
		       ev->time_ns, 0, 0);
		line_end(t);
	}
	tracee_remove(t, ev->tid);
	if (t->stacks) {
		struct tracee *other = t->tracees;

		while (other && other->pid != ev->pid)
			other = other->next;
		if (!other)
			stack_forget(t, ev->pid);
	}
}

static uint64_t trace_events(void)
{
	return UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
	       UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT) |
	       UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
	       UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
	       UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |
	       UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL);
}

static void attach_opts_init(struct tracer *t, struct utracer_attach_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->sz = sizeof(*opts);
	opts->events = trace_events();
	/* Stop at syscall exits (those of set_stops()), to read memory meanwhile. */
	if (t->lines)
		opts->stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT);
	/* And at exec, to read the new image's arguments (exec_entry_from_image()). */
	if (t->lines && wanted(t, "execve"))
		opts->stop_events |= UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC);
	if (t->follow)
		opts->flags |= UTRACER_ATTACH_F_FOLLOW_FORK;
	/* -e inject=, recvmsg's memory: held at entry, before they run (set_stops()). */
	if (t->inject || t->hold_entries)
		opts->stop_events |= UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY);
	if (t->only) {
		opts->syscall_entry = &t->filter;
		opts->syscall_exit = &t->filter;
	}
}

/* Adds the threads of process pid to the tracees, as the module lists them. */
static void add_threads(struct tracer *t, pid_t pid)
{
	size_t count;
	struct utracer_task *tasks = utracer_task_list(t->u, &count);

	if (!tasks) {
		tracee_add(t, pid, pid);
		return;
	}
	for (size_t i = 0; i < count; i++)
		if (tasks[i].pid == pid)
			tracee_add(t, tasks[i].pid, tasks[i].tid);
	free(tasks);
	if (!tracee_find(t, pid))
		tracee_add(t, pid, pid);
}

/* Adds the syscalls that make descriptors, of either ABI, to @set. */
static void add_fd_makers(struct utracer_syscall_set *set)
{
	for (int a = 0; a < 2; a++) {
		for (unsigned int nr = 0; nr < UTRACER_SYSCALL_SET_BITS; nr++) {
			struct udb_syscall sc = { .nr = nr };

			if (udb_decode_returns_fd(a ? UDB_ABI_I386 : UDB_ABI_X86_64, &sc))
				utracer_syscall_set_add(set, nr);
		}
	}
}

/*
 * A shown syscall held before it runs: recvmsg's memory, which the call
 * overwrites, and execve's arguments, which the call frees (a script's
 * image starts with its interpreter, not with what was passed).
 */
static int held_at_entry(struct tracer *t, enum udb_abi abi, unsigned int nr)
{
	const char *name = udb_syscall_name(abi, nr);

	return wanted(t, name) && (udb_decode_saves_entry(abi, nr) || (t->lines && is_exec(name)));
}

/*
 * Whether syscall nr of abi stops at its exit for its line: it reads the
 * tracee's memory, and captures cannot hold all of it.
 */
static int stops_for_memory(struct tracer *t, enum udb_abi abi, unsigned int nr)
{
	struct udb_capture c[UDB_CAPTURES_MAX];

	if (!udb_decode_reads_memory(abi, nr))
		return 0;
	/* An exec shown is read whole while held at its entry (held_at_entry()). */
	if (t->hold_entries && is_exec(udb_syscall_name(abi, nr)))
		return 0;
	return !t->captures || udb_decode_captures(abi, nr, t->string_limit, c) < 0;
}

/*
 * The module copies into the events what the lines of the shown syscalls
 * read, where the decoder can say it in captures (udb_decode_captures()):
 * those syscalls need not stop. Sets t->captures when the module took them.
 */
static void set_captures(struct tracer *t, pid_t pid)
{
	struct utracer_capture_def *defs;
	size_t n = 0;
	int err = 0;

	t->captures = 0;
	/*
	 * -y, -P: the descriptors a line names are looked up while it waits
	 * (a socket's two ends once connected): lines stop as they did.
	 */
	if (t->fds || !utracer_has_feature(t->u, UTRACER_FEATURE_CAPTURE))
		return;
	defs = calloc(UTRACER_CAPTURE_DEFS_MAX, sizeof(*defs));
	if (!defs)
		return;
	for (int a = 0; a < 2; a++) {
		enum udb_abi abi = a ? UDB_ABI_I386 : UDB_ABI_X86_64;

		for (unsigned int nr = 0; nr < UTRACER_SYSCALL_SET_BITS; nr++) {
			struct udb_capture c[UDB_CAPTURES_MAX];
			int k = udb_decode_captures(abi, nr, t->string_limit, c);

			if (k <= 0 || !wanted(t, udb_syscall_name(abi, nr)))
				continue;
			if ((size_t)k > UTRACER_CAPTURE_DEFS_MAX - n) {
				err = -E2BIG;
				break;
			}
			for (int i = 0; i < k; i++, n++) {
				defs[n].nr = (int32_t)nr;
				defs[n].arch = a ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64;
				defs[n].when = c[i].exit ? UTRACER_SYSCALL_F_EXIT : UTRACER_SYSCALL_F_ENTRY;
				defs[n].kind = c[i].kind == UDB_CAPTURE_STRING ? UTRACER_CAPTURE_STRING
									      : UTRACER_CAPTURE_MEMORY;
				defs[n].arg = c[i].arg;
				defs[n].len_from = c[i].len_from == UDB_CAPTURE_FROM_ARG
							   ? UTRACER_CAPTURE_LEN_FROM_ARG
						   : c[i].len_from == UDB_CAPTURE_FROM_RET
							   ? UTRACER_CAPTURE_LEN_FROM_RET
							   : UTRACER_CAPTURE_LEN_FIXED;
				defs[n].len_arg = c[i].len_arg;
				defs[n].elem = c[i].elem;
				defs[n].max = c[i].max;
			}
		}
	}
	if (!err)
		err = utracer_set_captures(t->u, pid, defs, n);
	free(defs);
	if (err && err != -ESRCH)
		udb_error("cannot set the captures of %d (%s): its syscalls stop to be read",
			  (int)pid, utracer_strerror(err));
	t->captures = !err;
}

/*
 * Only the syscalls whose lines read the tracee's memory, and whose memory
 * captures cannot hold, stop at their exit. A module without stop sets
 * stops at every exit: slower, same lines.
 */
static void set_stops(struct tracer *t, pid_t pid)
{
	struct utracer_syscall_set stops;

	set_captures(t, pid);
	utracer_syscall_set_zero(&stops);
	/* By number, for either ABI: a number of both stops for both. */
	for (unsigned int nr = 0; nr < UTRACER_SYSCALL_SET_BITS; nr++)
		if (stops_for_memory(t, UDB_ABI_X86_64, nr) ||
		    stops_for_memory(t, UDB_ABI_I386, nr))
			utracer_syscall_set_add(&stops, nr);
	/* -y, -P: a new descriptor is named while it is surely open. */
	if (t->fds)
		add_fd_makers(&stops);
	/* -e read=, -e write=: the data is read while the thread waits. */
	if (!dump_set_empty(&t->read_fds) || !dump_set_empty(&t->write_fds))
		for (unsigned int nr = 0; nr < UTRACER_SYSCALL_SET_BITS; nr++)
			if (udb_decode_dumps_io(UDB_ABI_X86_64, nr) ||
			    udb_decode_dumps_io(UDB_ABI_I386, nr))
				utracer_syscall_set_add(&stops, nr);
	/* -k: every shown syscall, whose stack is read at its exit. */
	if (t->stack_trace)
		for (unsigned int nr = 0; nr < UTRACER_SYSCALL_SET_BITS; nr++)
			if (wanted(t, udb_syscall_name(UDB_ABI_X86_64, nr)) ||
			    wanted(t, udb_syscall_name(UDB_ABI_I386, nr)))
				utracer_syscall_set_add(&stops, nr);
	utracer_set_syscall_stops(t->u, pid, UTRACER_SYSCALL_F_EXIT, &stops);
	if (t->inject || t->hold_entries) {
		utracer_syscall_set_zero(&stops);
		if (t->inject)
			udb_inject_syscalls(t->inject, &stops);
		/* Only shown ones: a number of either ABI holds both. */
		for (unsigned int nr = 0; t->hold_entries && nr < UTRACER_SYSCALL_SET_BITS; nr++)
			if (held_at_entry(t, UDB_ABI_X86_64, nr) ||
			    held_at_entry(t, UDB_ABI_I386, nr))
				utracer_syscall_set_add(&stops, nr);
		utracer_set_syscall_stops(t->u, pid, UTRACER_SYSCALL_F_ENTRY |
					  UTRACER_SYSCALL_F_BEFORE, &stops);
	}
}

/*
 * The module follows the threads of a traced process, and with -f its new
 * processes, from the fork path: the child's events come after this.
 */
static void on_clone(struct tracer *t, const struct utracer_event_info *ev)
{
	if (ev->clone.follow & UTRACER_CLONE_FOLLOWED) {
		struct tracee *child = tracee_add(t, ev->clone.child_pid, ev->clone.child_tid);

		/* --timeline: from the clone in the parent to the child's first syscall. */
		if (t->timeline) {
			child->flow = ++t->flows;
			child->flow_name = "fork";
			udb_timeline_flow(t->timeline, 's', "fork", child->flow, ev->pid, ev->tid,
					  ev->time_ns);
		}
		/* As strace, in the trace on stderr only. */
		if (t->lines && !t->quiet && t->out == stderr && !t->separate)
			fprintf(stderr, "udb: Process %d attached\n", (int)ev->clone.child_tid);
		if (t->fds && ev->clone.child_pid != ev->pid)
			fd_names_scan(t->fds, ev->clone.child_pid);
	}
	else if (ev->clone.follow & UTRACER_CLONE_FOLLOW_FAILED)
		udb_error("cannot follow %d: the kernel was out of memory",
			  (int)ev->clone.child_tid);
}

/* execve(PATH, [ARGV...], ENVP /\* N vars *\/ as strace shows it. */
static void format_exec(struct tracer *t, struct strbuf *sb, const char *path,
			char *const *argv, uint64_t argv_addr, uint64_t envp, char *const *env,
			size_t nenv)
{
	size_t limit = t->string_limit ? t->string_limit : 32;
	long nr = udb_syscall_number(UDB_ABI_X86_64, "execve");

	sb_add(sb, "execve(");
	udb_quote_string(sb, (const unsigned char *)path, strlen(path), strlen(path),
			 udb_quote_mode(t->hex_strings));
	/* -e verbose= without execve: the arrays' addresses. */
	if (nr >= 0 && nr < SYSCALL_NR_SCAN && !t->verbose_set[0][nr]) {
		sb_addf(sb, ", %#llx, %#llx", (unsigned long long)argv_addr,
			(unsigned long long)envp);
		return;
	}
	sb_add(sb, ", [");
	for (size_t i = 0; argv[i]; i++) {
		if (i == 32 && !t->verbose) {
			sb_add(sb, ", ...");
			break;
		}
		if (i)
			sb_add(sb, ", ");
		udb_quote_string(sb, (const unsigned char *)argv[i], strlen(argv[i]), limit,
				 udb_quote_mode(t->hex_strings));
	}
	if (!t->verbose) {
		sb_addf(sb, "], %#llx /* %zu var%s */", (unsigned long long)envp, nenv,
			nenv == 1 ? "" : "s");
		return;
	}
	/* -v: the environment itself. */
	sb_add(sb, "], [");
	for (size_t i = 0; i < nenv; i++) {
		if (i)
			sb_add(sb, ", ");
		udb_quote_string(sb, (const unsigned char *)env[i], strlen(env[i]), limit,
				 udb_quote_mode(t->hex_strings));
	}
	sb_addc(sb, ']');
}

/* Does the file at @path, for process @pid, start with "#!"? */
static int is_script(pid_t pid, const char *path)
{
	char full[PATH_MAX + 64], magic[2];
	int fd;
	ssize_t n;

	if (path[0] == '/')
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "/proc/%d/cwd/%s", (int)pid, path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, magic, sizeof(magic));
	close(fd);
	return n == 2 && magic[0] == '#' && magic[1] == '!';
}

/*
 * A successful execve()'s arguments, taken while the thread is stopped at
 * its exec, before the new program's first instruction: the new image's
 * argument area holds argv and envp as they were passed (the old address
 * space, which execve() has already freed, cannot be read reliably). A
 * script's argument area starts with its interpreter instead of its
 * argv[0]: there the reading at entry is kept when it came out whole.
 */
static void exec_entry_from_image(struct tracer *t, struct tracee *e, const char *path)
{
	size_t argc = 0, nenv = 0;
	char **argv, **env;
	const char *name = udb_syscall_name(e->abi, e->sc.nr);

	if (!e->in_syscall || !name || strcmp(name, "execve"))
		return;
	if (is_script(e->pid, path) && e->entry.len && strstr(sb_str(&e->entry), "], "))
		return;
	argv = utracer_cmdline_list(t->u, e->pid, &argc);
	env = utracer_environ_list(t->u, e->pid, &nenv);
	if (argv && env) {
		sb_reset(&e->entry);
		format_exec(t, &e->entry, path, argv, e->sc.args[1], e->sc.args[2], env, nenv);
		e->exec_built = 1;
	}
	free(argv);
	free(env);
}

static void on_exec(struct tracer *t, const struct utracer_event_info *ev)
{
	struct tracee *e;

	/* A non-leader exec takes over the leader's id: its old id is gone. */
	if (ev->exec.old_tid && ev->exec.old_tid != ev->tid) {
		struct tracee *old = tracee_find(t, ev->exec.old_tid);

		if (old) {
			e = tracee_find(t, ev->tid);
			if (e && e != old)
				tracee_remove(t, ev->tid);
			old->tid = ev->tid;
		}
	}
	e = tracee_add(t, ev->pid, ev->tid);
	/* The close-on-exec descriptors are gone. */
	if (t->fds)
		fd_names_scan(t->fds, ev->pid);
	free(e->exec_path);
	e->exec_path = strdup(ev->exec.path);
	/* -k: a new address space; and a non-leader's old id is the pid now. */
	stack_invalidate(t, ev->pid);
	/* --timeline: from the execve to the new program's first syscall. */
	if (t->timeline) {
		udb_timeline_name(t->timeline, 1, ev->pid, ev->tid, ev->exec.path);
		e->flow = ++t->flows;
		e->flow_name = "exec";
		udb_timeline_flow(t->timeline, 's', "exec", e->flow, ev->pid, ev->tid, ev->time_ns);
	}
	if (ev->flags & UTRACER_EVENT_F_STOPPED)
		exec_entry_from_image(t, e, ev->exec.path);
}

void tracer_event(struct tracer *t, const struct utracer_event_info *ev)
{
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
		on_syscall_entry(t, ev);
		break;
	case UTRACER_EVENT_SYSCALL_EXIT:
		on_syscall_exit(t, ev);
		break;
	case UTRACER_EVENT_SIGNAL:
		on_signal_event(t, ev);
		break;
	case UTRACER_EVENT_EXIT:
		on_exit_event(t, ev);
		break;
	case UTRACER_EVENT_CLONE:
		on_clone(t, ev);
		break;
	case UTRACER_EVENT_EXEC:
		on_exec(t, ev);
		break;
	case UTRACER_EVENT_DETACH:
		if (ev->detach.reason == UTRACER_DETACH_REASON_CRED)
			udb_error("%d executed a program udb may not trace: detached",
				  (int)ev->tid);
		if (ev->detach.reason != UTRACER_DETACH_REASON_REQUEST)
			tracee_remove(t, ev->tid);
		break;
	case UTRACER_EVENT_LOST:
		udb_error("%llu events lost", (unsigned long long)ev->lost.count);
		break;
	default:
		break;
	}
	/* The thread waits for us only when the event said so. */
	if (ev->flags & UTRACER_EVENT_F_STOPPED && ev->type != UTRACER_EVENT_STOP) {
		int err = utracer_run(t->u, ev->tid, UTRACER_THREAD);

		if (err && err != -ESRCH && tracee_find(t, ev->tid))
			udb_error("cannot resume %d: %s", (int)ev->tid, utracer_strerror(err));
	}
}

/*
 * Has our COMMAND child ended? Peeks without reaping, so that its last
 * events are still read; reaps once the tracees are gone.
 */
static int child_gone(struct tracer *t)
{
	siginfo_t si;

	if (!t->child || t->child_reaped)
		return 1;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)t->child, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return 1;
	return si.si_pid == t->child;
}

static void reap_child(struct tracer *t)
{
	int status;

	if (!t->child || t->child_reaped)
		return;
	while (waitpid(t->child, &status, 0) < 0) {
		if (errno != EINTR) {
			status = 0;
			break;
		}
	}
	t->child_reaped = 1;
	t->child_status = status;
}

static void event_loop(struct tracer *t)
{
	struct utracer_event_info ev;
	int idle_checks = 0;

	while (!interrupted && t->ntracees) {
		int err = utracer_event_wait(t->u, &ev, 0);

		if (err == -EAGAIN) {
			/* Caught up with the tracees: what was printed goes out. */
			flush_files(t);
			err = utracer_event_wait(t->u, &ev, 200);
		}

		if (err == -EINTR)
			continue;
		if (err == -EAGAIN) {
			/*
			 * No event for a while: the COMMAND may have ended with
			 * events we will never see (its tracees detached).
			 */
			if (t->child && child_gone(t) && ++idle_checks >= 5)
				break;
			continue;
		}
		if (err < 0) {
			udb_error("reading events: %s", utracer_strerror(err));
			break;
		}
		idle_checks = 0;
		tracer_event(t, &ev);
	}
}

/* COMMAND's path, searched in $PATH as a shell would; NULL (errno set) if none. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	int saw_eacces = 0;

	if (strchr(name, '/'))
		return strdup(name);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		char *full;
		struct stat st;

		if (asprintf(&full, "%.*s%s%s", (int)n, path, n ? "/" : "", name) < 0)
			return NULL;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(full, X_OK) == 0)
				return full;
			saw_eacces = 1;
		}
		free(full);
		path += n;
		if (*path == ':')
			path++;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return NULL;
}

/*
 * The line strace shows first: the execve() that the spawn helper made,
 * between @start_ns and @end_ns (CLOCK_MONOTONIC; the fork included).
 * 1 when the line was printed.
 */
static int print_first_exec(struct tracer *t, const char *path, char **argv, char **envp,
			    pid_t pid, uint64_t start_ns, uint64_t end_ns)
{
	size_t nenv = 0;

	if (t->summary)
		udb_summary_add(t->summary, UDB_ABI_X86_64,
				udb_syscall_number(UDB_ABI_X86_64, "execve"), 0, end_ns - start_ns);
	if (!t->lines || !(t->status & STATUS_SUCCESSFUL) || (t->npaths && !path_selected(t, path)))
		return 0;
	while (envp[nenv])
		nenv++;
	line_start(t, pid, start_ns);
	format_exec(t, &t->line, path, argv, (uintptr_t)argv, (uintptr_t)envp, envp, nenv);
	sb_addc(&t->line, ')');
	udb_decode_return_column(&t->line, t->return_column);
	sb_add(&t->line, "0");
	add_syscall_time(t, end_ns - start_ns);
	record(t, RECORD_SYSCALL, NULL, pid, pid, "execve", start_ns, end_ns - start_ns, 0);
	line_end(t);
	if (t->timeline)
		udb_timeline_name(t->timeline, 1, pid, pid, path);
	return 1;
}

/* Marks @name (of either ABI) in @pick; -1 when neither ABI knows it. */
static int pick_name(uint8_t pick[2][SYSCALL_NR_SCAN], const char *name)
{
	long nr64 = udb_syscall_number(UDB_ABI_X86_64, name);
	long nr32 = udb_syscall_number(UDB_ABI_I386, name);

	if (nr64 >= 0 && nr64 < SYSCALL_NR_SCAN)
		pick[0][nr64] = 1;
	if (nr32 >= 0 && nr32 < SYSCALL_NR_SCAN)
		pick[1][nr32] = 1;
	return nr64 < 0 && nr32 < 0 ? -1 : 0;
}

static int add_only(struct tracer *t, const char *name)
{
	char **grown;

	for (size_t i = 0; i < t->nonly; i++)
		if (!strcmp(t->only[i], name))
			return 0;
	grown = realloc(t->only, (t->nonly + 1) * sizeof(*t->only));
	if (!grown)
		return -1;
	t->only = grown;
	t->only[t->nonly] = strdup(name);
	if (!t->only[t->nonly])
		return -1;
	t->nonly++;
	return 0;
}

/*
 * A set of syscalls as strace takes it (-e trace=, -e abbrev=, -e raw=):
 * names, %CLASS, /REGEX (extended, on the name), "all" or "none", the
 * whole list negated by a leading "!". Marks the syscalls named in @pick,
 * per ABI and number, and says in *@negate whether the list was negated
 * (@pick is then what it excludes).
 */
static int parse_syscall_set(const char *expr, uint8_t pick[2][SYSCALL_NR_SCAN], int *negate)
{
	char *list, *tok, *save = NULL;
	int err = 0;

	*negate = 0;
	if (*expr == '!') {
		*negate = 1;
		expr++;
	}
	list = strdup(expr);
	if (!list)
		return -1;
	memset(pick, 0, 2 * SYSCALL_NR_SCAN);
	for (tok = strtok_r(list, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all") || !strcmp(tok, "none")) {
			if (!strcmp(tok, "all"))
				memset(pick, 1, 2 * SYSCALL_NR_SCAN);
		} else if (tok[0] == '%') {
			const char *const *members = udb_syscall_class(tok + 1);

			if (!members) {
				udb_error("invalid system call '%s'", tok);
				err = -1;
				break;
			}
			for (; *members; members++)
				pick_name(pick, *members);
		} else if (tok[0] == '/') {
			regex_t re;
			int matched = 0;

			if (regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB)) {
				udb_error("invalid regular expression '%s'", tok + 1);
				err = -1;
				break;
			}
			for (int a = 0; a < 2; a++) {
				for (unsigned int nr = 0; nr < SYSCALL_NR_SCAN; nr++) {
					const char *name = udb_syscall_name(a ? UDB_ABI_I386 :
									    UDB_ABI_X86_64, nr);

					if (name && !regexec(&re, name, 0, NULL, 0)) {
						pick[a][nr] = 1;
						matched = 1;
					}
				}
			}
			regfree(&re);
			if (!matched) {
				udb_error("no system call matches '%s'", tok + 1);
				err = -1;
			}
		} else if (pick_name(pick, tok)) {
			udb_error("invalid system call '%s'", tok);
			err = -1;
		}
	}
	free(list);
	return err;
}

/* -e abbrev=SET, -e raw=SET: @set says, per ABI and number, who is in SET. */
static int parse_syscall_flags(uint8_t set[2][SYSCALL_NR_SCAN], const char *expr)
{
	int negate;

	if (parse_syscall_set(expr, set, &negate))
		return -1;
	if (negate)
		for (int a = 0; a < 2; a++)
			for (unsigned int nr = 0; nr < SYSCALL_NR_SCAN; nr++)
				set[a][nr] = !set[a][nr];
	return 0;
}

/*
 * -e trace=SET: udb shows by name; the kernel filters by number, for
 * either ABI.
 */
static int parse_filter(struct tracer *t, const char *expr)
{
	static uint8_t pick[2][SYSCALL_NR_SCAN];
	int negate;

	if (!strncmp(expr, "trace=", 6))
		expr += 6;
	else if (!strncmp(expr, "t=", 2))
		expr += 2;
	if (!strcmp(expr, "all"))
		return 0;
	if (parse_syscall_set(expr, pick, &negate))
		return -1;
	utracer_syscall_set_zero(&t->filter);
	for (int a = 0; a < 2; a++) {
		for (unsigned int nr = 0; nr < SYSCALL_NR_SCAN; nr++) {
			const char *name;

			if (pick[a][nr] == negate)
				continue;
			name = udb_syscall_name(a ? UDB_ABI_I386 : UDB_ABI_X86_64, nr);
			if (!name)
				continue;
			if (nr < UTRACER_SYSCALL_SET_BITS)
				utracer_syscall_set_add(&t->filter, nr);
			if (add_only(t, name))
				return -1;
		}
	}
	if (!t->nonly) {
		/* strace accepts an empty set: nothing is shown but signals and exits. */
		if (add_only(t, ""))
			return -1;
	}
	return 0;
}

/* A comma-separated list of @what, optionally negated by a leading "!". */
static int parse_set(const char *expr, const char *what, uint64_t all,
		     int (*parse_one)(const char *tok, uint64_t *bits), uint64_t *out)
{
	char *list, *tok, *save = NULL;
	uint64_t bits = 0;
	int negate = *expr == '!';

	list = strdup(expr + negate);
	if (!list)
		return -1;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			bits = all;
		} else if (!strcmp(tok, "none")) {
			continue;
		} else if (parse_one(tok, &bits)) {
			udb_error("invalid %s '%s'", what, tok);
			free(list);
			return -1;
		}
	}
	free(list);
	*out = negate ? all & ~bits : bits;
	return 0;
}

static int parse_signal(const char *tok, uint64_t *bits)
{
	int sig = signal_from_name(tok);

	if (sig < 1 || sig > 64)
		return -1;
	*bits |= 1ULL << (sig - 1);
	return 0;
}

static int parse_status(const char *tok, uint64_t *bits)
{
	static const char *const names[] = {
		"successful", "failed", "unfinished", "unavailable", "detached",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(tok, names[i])) {
			*bits |= 1U << i;
			return 0;
		}
	}
	return -1;
}

/*
 * -e read=SET, -e write=SET: descriptor numbers separated by commas, or
 * "all" or "none" alone, the whole negated by a leading "!"; a later set
 * replaces an earlier one. strace's rules and messages.
 */
static int parse_dump_set(struct dump_set *set, const char *expr)
{
	const char *list = expr;
	char *copy, *tok, *save = NULL;
	int invert = 0;

	if (*list == '!') {
		invert = 1;
		list++;
	}
	free(set->fds);
	*set = (struct dump_set){ .invert = invert };
	if (!strcmp(list, "none"))
		return 0;
	if (!strcmp(list, "all")) {
		set->invert = !invert;
		return 0;
	}
	copy = strdup(list);
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long v;
		int *grown;

		errno = 0;
		v = strtol(tok, &end, 10);
		if (end == tok || *end || errno || v < 0 || v > INT_MAX) {
			udb_error("invalid descriptor '%s'", tok);
			free(copy);
			return -1;
		}
		grown = realloc(set->fds, (set->nfds + 1) * sizeof(*set->fds));
		if (!grown) {
			free(copy);
			return -1;
		}
		set->fds = grown;
		set->fds[set->nfds++] = (int)v;
	}
	free(copy);
	if (!set->nfds) {
		udb_error("invalid descriptor '%s'", expr);
		return -1;
	}
	return 0;
}

/* -e inject=SET:..., -e fault=SET:... (@fault). */
static int parse_inject(struct tracer *t, const char *spec, int fault)
{
	static uint8_t pick[2][SYSCALL_NR_SCAN];
	const char *colon = strchr(spec, ':');
	char *set = strndup(spec, colon ? (size_t)(colon - spec) : strlen(spec));
	int err;

	_Static_assert(SYSCALL_NR_SCAN == UDB_INJECT_NR_MAX, "one table size");
	if (!set)
		return -1;
	err = parse_syscall_flags(pick, set);
	free(set);
	if (err)
		return -1;
	return udb_inject_add(&t->inject, (const uint8_t (*)[UDB_INJECT_NR_MAX])pick,
			      colon ? colon : "", fault, spec);
}

static int qualifier_is(const char *expr, size_t len, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == len && !strncmp(expr, *names, len))
			return 1;
	return 0;
}

/*
 * -e QUALIFIER=SET: trace= (the default), signal=, status=, read=, write=,
 * abbrev=, raw= and verbose=.
 */
static int parse_qualifier(struct tracer *t, const char *expr)
{
	const char *eq = strchr(expr, '=');
	size_t len = eq ? (size_t)(eq - expr) : 0;
	uint64_t bits;

	if (!eq || (len == 5 && !strncmp(expr, "trace", 5)) || (len == 1 && *expr == 't'))
		return parse_filter(t, expr);
	if ((len == 6 && !strncmp(expr, "signal", 6)) ||
	    (len == 7 && !strncmp(expr, "signals", 7)) || (len == 1 && *expr == 's')) {
		if (parse_set(eq + 1, "signal", ~0ULL, parse_signal, &bits))
			return -1;
		t->signals = bits;
		return 0;
	}
	if (len == 6 && !strncmp(expr, "status", 6)) {
		if (parse_set(eq + 1, "status", STATUS_ALL, parse_status, &bits))
			return -1;
		t->status = (unsigned int)bits;
		return 0;
	}
	if (qualifier_is(expr, len, (const char *const[]){ "read", "reads", "r", NULL }))
		return parse_dump_set(&t->read_fds, eq + 1);
	if (qualifier_is(expr, len, (const char *const[]){ "write", "writes", "w", NULL }))
		return parse_dump_set(&t->write_fds, eq + 1);
	if (qualifier_is(expr, len, (const char *const[]){ "abbrev", "a", NULL }))
		return parse_syscall_flags(t->abbrev, eq + 1);
	if (qualifier_is(expr, len, (const char *const[]){ "raw", "x", NULL }))
		return parse_syscall_flags(t->raw, eq + 1);
	if (qualifier_is(expr, len, (const char *const[]){ "inject", "fault", NULL }))
		return parse_inject(t, eq + 1, *expr == 'f');
	if (qualifier_is(expr, len, (const char *const[]){ "verbose", "v", NULL }))
		return parse_syscall_flags(t->verbose_set, eq + 1);
	udb_error("-e %.*s= is not supported by udb trace", (int)len, expr);
	return -1;
}

/* -P PATH: the path as given and, when it differs, as resolved. */
static int add_path(struct tracer *t, const char *path)
{
	char resolved[PATH_MAX];
	char **grown = realloc(t->paths, (t->npaths + 2) * sizeof(*t->paths));

	if (!grown)
		return -1;
	t->paths = grown;
	t->paths[t->npaths] = strdup(path);
	if (!t->paths[t->npaths])
		return -1;
	t->npaths++;
	if (realpath(path, resolved) && strcmp(resolved, path)) {
		t->paths[t->npaths] = strdup(resolved);
		if (!t->paths[t->npaths])
			return -1;
		t->npaths++;
	}
	return 0;
}

/*
 * -y and -P with -e trace=: the kernel also reports the syscalls that make
 * descriptors, unshown, so that a descriptor closed before its line is
 * printed is still named.
 */

/*
 * UDB_TRACE_STATS: for tests and measurements, how often a syscall exit
 * still stopped and memory was read that no capture held, and of which
 * syscalls, on standard error.
 */
static void print_stats(struct tracer *t)
{
	fprintf(stderr, "udb: captures %s; %lu syscall exits, %lu stopped; %lu uncaptured reads\n",
		t->captures ? "on" : "off", t->exits, t->stopped_exits, t->uncaptured);
	for (int a = 0; a < 2; a++) {
		enum udb_abi abi = a ? UDB_ABI_I386 : UDB_ABI_X86_64;

		for (unsigned int nr = 0; nr < SYSCALL_NR_SCAN; nr++) {
			const char *name = udb_syscall_name(abi, nr);

			if (t->stats->stopped[a][nr] || t->stats->uncaptured[a][nr])
				fprintf(stderr, "udb:   %s%s: %u stopped, %u uncaptured reads\n",
					name ? name : "?", a ? " (i386)" : "",
					t->stats->stopped[a][nr], t->stats->uncaptured[a][nr]);
		}
	}
}

static void tracer_release(struct tracer *t)
{
	while (t->tracees)
		tracee_remove(t, t->tracees->tid);
	for (size_t i = 0; i < t->nonly; i++)
		free(t->only[i]);
	free(t->only);
	sb_free(&t->line);
	udb_summary_free(t->summary);
	free(t->stats);
	fd_names_free(t->fds);
	close_thread_files(t);
	stack_forget(t, 0);
	for (size_t i = 0; i < t->npaths; i++)
		free(t->paths[i]);
	free(t->paths);
	free(t->read_fds.fds);
	free(t->write_fds.fds);
	udb_inject_free(t->inject);
}

struct tracer *tracer_new(struct utracer *u, FILE *out)
{
	struct tracer *t = calloc(1, sizeof(*t));

	if (t) {
		t->u = u;
		t->out = out;
		/* As udb trace's defaults: every line, signal and status shown. */
		t->lines = 1;
		t->status = STATUS_ALL;
		t->signals = ~0ULL;
		memset(t->abbrev, 1, sizeof(t->abbrev));
	}
	return t;
}

void tracer_free(struct tracer *t)
{
	if (!t)
		return;
	tracer_release(t);
	free(t);
}

/* Long options without a short one. */
enum { OPT_INJECT = 256, OPT_FAULT };

/* The most -p processes one udb follows. */
#define MAX_PIDS 256

/* -p PID, "-p PID,PID" or "-p 'PID PID'", as strace takes them. */
static int add_pids(const char *arg, pid_t *pids, size_t *npids)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int err = 0;

	if (!list)
		return -1;
	for (tok = strtok_r(list, ", \t", &save); tok && !err; tok = strtok_r(NULL, ", \t", &save)) {
		pid_t pid = udb_parse_pid(tok);
		size_t i;

		for (i = 0; pid > 0 && i < *npids && pids[i] != pid; i++)
			;
		if (pid < 0)
			err = -1;
		else if (i < *npids)
			continue;	/* named twice: attached once */
		else if (*npids == MAX_PIDS) {
			udb_error("at most %d processes with -p", MAX_PIDS);
			err = -1;
		} else
			pids[(*npids)++] = pid;
	}
	free(list);
	if (!err && !*npids) {
		udb_error("-p takes a process id");
		err = -1;
	}
	return err;
}

/* -E VAR=VALUE sets, -E VAR unsets, in a copy of the environment. */
static int edit_env(char ***envp, const char *arg)
{
	size_t n = 0, len = strcspn(arg, "=");
	char **env = *envp, **grown;

	if (!len) {
		udb_error("-E takes VAR=VALUE or VAR");
		return -1;
	}
	for (size_t i = 0; env[i]; i++) {
		if (!strncmp(env[i], arg, len) && env[i][len] == '=')
			continue;	/* the old value goes */
		env[n++] = env[i];
	}
	env[n] = NULL;
	if (!arg[len])
		return 0;
	grown = realloc(env, (n + 2) * sizeof(*env));
	if (!grown)
		return -1;
	grown[n] = (char *)arg;
	grown[n + 1] = NULL;
	*envp = grown;
	return 0;
}

static void trace_usage(void)
{
	udb_error("usage: udb trace [-cCfkqrTtvwxyzZ] [-a COLUMN] [-S SORTBY] [-e EXPR] [-P PATH] "
		  "[-o FILE] [-s SIZE] [-E VAR[=VAL]] [-u USERNAME] "
		  "(-p PID... | -- COMMAND [ARGS...])");
}

/* -u USERNAME: the ids COMMAND runs with, as strace takes them. */
struct run_as {
	uint32_t uid, gid;
	uint32_t *groups;	/* owned */
	int ngroups;
};

/*
 * As strace: only root may, the user comes from the password database,
 * its groups as initgroups(3) makes them (with the group of a set-group-ID
 * @program in place of the user's own). Returns 0, or -1 with the reason
 * said.
 */
static int run_as_lookup(struct run_as *ra, const char *user, const char *program)
{
	struct passwd *pw;
	struct stat st;
	gid_t base;
	int n = 0;

	if (getuid() != 0 || geteuid() != 0) {
		udb_error("You must be root to use the -u/--user option");
		return -1;
	}
	errno = 0;
	pw = *user ? getpwnam(user) : NULL;
	if (!pw) {
		udb_error("Cannot find user '%s'", user);
		return -1;
	}
	ra->uid = pw->pw_uid;
	ra->gid = pw->pw_gid;
	base = pw->pw_gid;
	if (!stat(program, &st) && (st.st_mode & S_ISGID))
		base = st.st_gid;
	getgrouplist(user, base, NULL, &n);
	ra->groups = calloc((size_t)n + 1, sizeof(*ra->groups));
	if (!ra->groups) {
		udb_error("out of memory");
		return -1;
	}
	ra->ngroups = n + 1;
	if (getgrouplist(user, base, (gid_t *)ra->groups, &ra->ngroups) < 0) {
		udb_error("cannot list the groups of '%s'", user);
		return -1;
	}
	return 0;
}

int udb_cmd_trace(int argc, char **argv)
{
	struct tracer t = { .out = stderr, .lines = 1, .status = STATUS_ALL, .signals = ~0ULL };
	struct utracer_attach_opts opts;
	const char *outfile = NULL;
	char **command = NULL;
	char *program = NULL;
	pid_t pids[MAX_PIDS];
	size_t npids = 0, nattached = 0;
	char **env = NULL;
	int opt, ret = 0, count = 0, fd_detail = 0;
	uint64_t spawn_ns;

	/* strace's default: every syscall abbreviated and verbose, none raw. */
	memset(t.abbrev, 1, sizeof(t.abbrev));
	if (getenv("UDB_TRACE_STATS"))
		t.stats = calloc(1, sizeof(*t.stats));
	memset(t.verbose_set, 1, sizeof(t.verbose_set));
	optind = 1;
	opterr = 0;
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "timeline", required_argument, NULL, 'L' },
		{ "read", required_argument, NULL, 'R' },
		{ "write", required_argument, NULL, 'W' },
		{ "user", required_argument, NULL, 'u' },
		{ "inject", required_argument, NULL, OPT_INJECT },
		{ "fault", required_argument, NULL, OPT_FAULT },
		{ NULL, 0, NULL, 0 },
	};
	const char *timeline = NULL, *user = NULL;
	struct run_as run_as = { 0 };

	while ((opt = getopt_long(argc, argv, "+a:cCfe:E:ko:p:P:qrs:S:tTu:vwxyzZ", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case OPT_INJECT:
		case OPT_FAULT:
			if (parse_inject(&t, optarg, opt == OPT_FAULT)) {
				free(env);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			break;
		case 'R':
		case 'W':
			if (parse_dump_set(opt == 'R' ? &t.read_fds : &t.write_fds, optarg)) {
				free(env);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			break;
		case 'u':
			user = optarg;
			break;
		case 'v':
			t.verbose = 1;
			break;
		case 'k':
			t.stack_trace = 1;
			break;
		case 'J':
			t.json = 1;
			break;
		case 'L':
			timeline = optarg;
			break;
		case 'E':
			if (!env) {
				size_t n = 0;

				while (environ[n])
					n++;
				env = calloc(n + 1, sizeof(*env));
				if (env)
					memcpy(env, environ, n * sizeof(*env));
			}
			if (!env || edit_env(&env, optarg)) {
				free(env);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			break;
		case 'P':
			if (!*optarg || add_path(&t, optarg)) {
				udb_error(*optarg ? "out of memory" : "-P takes a path");
				tracer_release(&t);
				return *optarg ? UDB_EXIT_FAILURE : UDB_EXIT_USAGE;
			}
			break;
		case 'a': {
			uint64_t v;

			if (udb_parse_u64(optarg, &v) || v > 4096) {
				udb_error("-a takes a column from 0 to 4096");
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			/* Column 0 and 1 both mean no padding. */
			t.return_column = v ? (unsigned int)v : 1;
			break;
		}
		case 'q':
			t.quiet++;
			break;
		case 'x':
			if (t.hex_strings < 2)
				t.hex_strings++;
			break;
		case 'y':
			if (fd_detail < 2)
				fd_detail++;
			break;
		case 'z':
			t.status = STATUS_SUCCESSFUL;
			break;
		case 'Z':
			t.status = STATUS_FAILED;
			break;
		case 'c':
			count = count ? count : 'c';
			break;
		case 'C':
			count = 'C';
			break;
		case 'S': {
			int sort = udb_summary_sort_parse(optarg);

			if (sort < 0) {
				udb_error("invalid sortby: '%s'", optarg);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			t.sort = (enum udb_summary_sort)sort;
			break;
		}
		case 'w':
			/* udb's times are always the wall-clock time in the syscall. */
			break;
		case 't':
			if (t.stamps < 3)
				t.stamps++;
			break;
		case 'r':
			t.relative = 1;
			break;
		case 'T':
			t.syscall_times = 1;
			break;
		case 'f':
			t.separate = t.follow;	/* -ff */
			t.follow = 1;
			break;
		case 'e':
			if (parse_qualifier(&t, optarg)) {
				free(env);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'p':
			if (add_pids(optarg, pids, &npids)) {
				free(env);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			break;
		case 's': {
			uint64_t v;

			if (udb_parse_u64(optarg, &v) || v == 0 || v > 1 << 20) {
				udb_error("-s takes a size from 1 to %d", 1 << 20);
				tracer_release(&t);
				return UDB_EXIT_USAGE;
			}
			t.string_limit = (unsigned int)v;
			break;
		}
		default:
			if (optopt == 'L')
				udb_error("option --timeline needs a file");
			else if (optopt == 'R' || optopt == 'W')
				udb_error("option --%s needs a set of descriptors",
					  optopt == 'R' ? "read" : "write");
			else if (optopt == OPT_INJECT || optopt == OPT_FAULT)
				udb_error("option --%s needs an argument",
					  optopt == OPT_INJECT ? "inject" : "fault");
			else if (optopt > 0 && optopt < 128 && strchr("aeEopPsSu", optopt))
				udb_error("option -%c needs an argument", optopt);
			else
				udb_error("unknown option '%s'", argv[optind - 1]);
			trace_usage();
			free(env);
			tracer_release(&t);
			return UDB_EXIT_USAGE;
		}
	}
	if (optind < argc)
		command = argv + optind;
	/* As strace: -ff without -o is -f. */
	if (!outfile)
		t.separate = 0;
	t.outfile = outfile;
	if (count) {
		t.summary = udb_summary_new();
		if (!t.summary) {
			udb_error("out of memory");
			tracer_release(&t);
			return UDB_EXIT_FAILURE;
		}
		t.lines = count == 'C';
	}
	t.realtime_offset_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	t.show_fds = fd_detail > 0;
	/*
	 * -y and -P with -e trace=: the kernel also reports the syscalls that
	 * make descriptors, unshown, so that a descriptor closed before its
	 * line is printed is still named.
	 */
	if ((fd_detail || t.npaths) && t.only)
		add_fd_makers(&t.filter);
	/* -k with -e trace=: the mapping changes are reported, unshown, to keep the maps true. */
	if (t.stack_trace && t.only)
		for (size_t i = 0; mapping_syscalls[i]; i++)
			for (int a = 0; a < 2; a++) {
				long nr = udb_syscall_number(a ? UDB_ABI_I386 : UDB_ABI_X86_64,
							     mapping_syscalls[i]);

				if (nr >= 0 && nr < UTRACER_SYSCALL_SET_BITS)
					utracer_syscall_set_add(&t.filter, (unsigned int)nr);
			}
	if (fd_detail || t.npaths) {
		t.fds = fd_names_new(fd_detail);
		if (!t.fds) {
			udb_error("out of memory");
			tracer_release(&t);
			return UDB_EXIT_FAILURE;
		}
	}
	if ((npids && command) || (!npids && !command) || ((env || user) && !command)) {
		udb_error(env && !command ? "-E applies to a COMMAND only" :
			  user && !command ? "-u applies to a COMMAND only" :
			  npids ? "give -p PID or a COMMAND, not both"
				: "nothing to trace: give -p PID or -- COMMAND");
		trace_usage();
		free(env);
		tracer_release(&t);
		return UDB_EXIT_USAGE;
	}
	if (command) {
		program = find_program(command[0]);
		if (!program) {
			int err = errno;

			udb_error("cannot run '%s': %s", command[0], strerror(err));
			free(env);
			tracer_release(&t);
			return err == ENOENT ? 127 : 126;
		}
		if (user && run_as_lookup(&run_as, user, program)) {
			free(run_as.groups);
			free(program);
			free(env);
			tracer_release(&t);
			return UDB_EXIT_USAGE;
		}
	}
	if (outfile && !t.separate) {
		t.out = fopen(outfile, "we");	/* not inherited by COMMAND */
		if (!t.out) {
			udb_error("cannot open '%s': %s", outfile, strerror(errno));
			free(program);
			free(env);
			tracer_release(&t);
			return UDB_EXIT_FAILURE;
		}
		t.to_file = 1;
		setvbuf(t.out, NULL, _IOFBF, OUT_BUFFER);
	}

	t.u = udb_client_open();
	if (!t.u) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	/*
	 * A trace streams: woken by the batch of syscall events rather than
	 * by each (within 10 ms; a stop and any other event come at once).
	 * A module without batched wake-ups wakes it per event.
	 */
	utracer_set_wakeup(t.u, 64 << 10, 0);
	if (t.inject && utracer_has_feature(t.u, UTRACER_FEATURE_SYSCALL_BEFORE) != 1) {
		udb_error("-e inject= and -e fault= need a kernel that can hold a syscall "
			  "before it runs (6.9 or later, 6.1.84 or later in 6.1): not this one");
		ret = UDB_EXIT_FAILURE;
		goto out;
	}

	/*
	 * Signals interrupt the event wait (no SA_RESTART): udb then detaches.
	 * With -p no program inherits udb's dispositions: udb catches them even
	 * when its shell ignored them (a background job's SIGINT), as strace.
	 */
	for (size_t i = 0; i < 4; i++) {
		static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

		if (npids) {
			struct sigaction sa = { .sa_handler = on_signal };

			sigemptyset(&sa.sa_mask);
			sigaction(sigs[i], &sa, NULL);
		} else {
			udb_catch_signal(sigs[i], on_signal, 0);
		}
	}
	udb_survive_sigpipe();

	t.hold_entries = t.lines && utracer_has_feature(t.u, UTRACER_FEATURE_SYSCALL_BEFORE) == 1;
	attach_opts_init(&t, &opts);
	if (outfile && t.separate)
		t.to_file = 1;
	if (timeline) {
		t.timeline = udb_timeline_open(timeline);
		if (!t.timeline) {
			udb_error("cannot open '%s': %s", timeline, strerror(errno));
			ret = UDB_EXIT_FAILURE;
			goto out;
		}
	}
	for (size_t i = 0; i < npids; i++) {
		pid_t pid = pids[i];
		int err = utracer_attach(t.u, pid, &opts);

		if (err) {
			if (err == -ESRCH)
				udb_error("no such process: %d", (int)pid);
			else
				udb_error("cannot attach to %d: %s", (int)pid,
					  utracer_strerror(err));
			continue;
		}
		pids[nattached++] = pid;
		if (t.lines)
			set_stops(&t, pid);
		add_threads(&t, pid);
		if (t.fds)
			fd_names_scan(t.fds, pid);
		if (!t.quiet)
			fprintf(stderr, "udb: Process %d attached\n", (int)pid);
	}
	if (npids && !nattached) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	if (!npids) {
		UTRACER_OPTS(utracer_spawn_opts, sopts, .attach = &opts, .envp = env,
			     .flags = user ? UTRACER_SPAWN_F_SET_IDS : 0, .uid = run_as.uid,
			     .gid = run_as.gid, .groups = run_as.groups,
			     .ngroups = (size_t)run_as.ngroups);
		pid_t child;
		int err;

		spawn_ns = (uint64_t)clock_ns(CLOCK_MONOTONIC);
		child = utracer_spawn(t.u, program, command, &sopts);

		if (child < 0) {
			udb_error("cannot run '%s': %s", command[0], utracer_strerror(child));
			ret = child == -ENOENT ? 127 : child == -EACCES ? 126 : UDB_EXIT_FAILURE;
			goto out;
		}
		t.child = child;
		if (t.lines)
			set_stops(&t, child);
		add_threads(&t, child);
		if (t.fds)
			fd_names_scan(t.fds, child);
		if (wanted(&t, "execve") && print_first_exec(&t, program, command, env ? env : environ,
							    child, spawn_ns,
							    (uint64_t)clock_ns(CLOCK_MONOTONIC)))
			/* Stopped before its first instruction: the new image's entry. */
			print_stack(&t, child, child);
		err = utracer_run(t.u, child, 0);
		if (err) {
			udb_error("cannot start '%s': %s", command[0], utracer_strerror(err));
			kill(child, SIGKILL);
			ret = UDB_EXIT_FAILURE;
			goto out;
		}
	}

	event_loop(&t);
	if (t.stats)
		print_stats(&t);

	if (interrupted && t.child)
		kill(t.child, interrupted);	/* as strace: the signal reaches the command */
	/* Closing the client resumes and detaches every tracee. */
	utracer_close(t.u);
	t.u = NULL;
	for (size_t i = 0; i < nattached && !t.quiet; i++) {
		int alive = 0;

		for (struct tracee *e = t.tracees; e && !alive; e = e->next)
			alive = e->pid == pids[i];
		if (alive)
			fprintf(stderr, "udb: Process %d detached\n", (int)pids[i]);
	}
	/* As strace: the signal that ended the tracing of running processes. */
	if (nattached && interrupted)
		ret = 128 + interrupted;
	if (t.summary)
		udb_summary_print(t.summary, t.out, t.sort);
	if (t.child) {
		reap_child(&t);
		if (WIFEXITED(t.child_status))
			ret = WEXITSTATUS(t.child_status);
		else if (WIFSIGNALED(t.child_status))
			ret = 128 + WTERMSIG(t.child_status);
	}
out:
	utracer_close(t.u);
	if (t.out && t.out != stderr && fclose(t.out) != 0 && !ret) {
		udb_error("writing '%s': %s", outfile, strerror(errno));
		ret = UDB_EXIT_FAILURE;
	}
	if (udb_timeline_close(t.timeline) && !ret) {
		udb_error("writing '%s' failed", timeline);
		ret = UDB_EXIT_FAILURE;
	}
	t.timeline = NULL;
	if ((close_thread_files(&t) || t.write_failed) && !ret) {
		udb_error("writing the files '%s.TID' failed", outfile);
		ret = UDB_EXIT_FAILURE;
	}
	free(program);
	free(env);
	free(run_as.groups);
	tracer_release(&t);
	return ret;
}
