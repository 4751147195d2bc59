// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: gdb's remote serial protocol on libutracer, so that gdb
 * debugs a process through the utracer module while other clients (udb
 * trace, another debugger) trace the same process.
 *
 *   udb gdbserver [--once] [--multi] [--disable-packet=LIST]
 *                 [--wrapper WRAPPER [ARGS...] --] COMM (PROG [ARGS...] | --attach PID)
 *
 * COMM is HOST:PORT, [IPV6]:PORT or :PORT (TCP), or "-" or "stdio" (the
 * protocol on stdin and stdout). The server is all-stop: when one thread stops for gdb, every
 * thread of every traced process is stopped before gdb hears of it; with
 * QNonStop:1 it is non-stop (each thread stops and runs alone).
 * Packets, replies and what is left out are listed in docs/gdbserver.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "gdbserver.h"
#include "udb.h"

#define PACKET_MAX 16384	/* what we tell gdb: PacketSize */
#define MAX_PROCS 8		/* the traced processes: one, and forks not yet decided */
#define STEP_TARGETS 4
#define MORIBUND_MAX 16
#define INT3 0xcc

/*
 * A breakpoint of ours: one of gdb's (Z0), a step's, or both. Where the
 * module can set one (code mapped from a file) it is the module's, armed
 * for this client alone in every process traced. Elsewhere (the stack,
 * where gdb puts the return of a function it calls; code made at run
 * time) it is an int3 written into the memory of the one process it was
 * set in (mem_pid), as gdbserver sets every breakpoint: its trap comes as
 * a SIGTRAP, which the module holds for us (it needs signal holds).
 */
struct gs_bp {
	uint64_t addr;
	uint32_t id;		/* libutracer's; 0 for an int3 in memory */
	pid_t mem_pid;		/* the process whose memory holds its int3, or 0 */
	unsigned char orig;	/* the program's byte at addr */
	unsigned char gdb;	/* set by gdb */
	unsigned char temp;	/* set for a software step */
};

/* An int3 of ours taken out again: a trap it gave may still come. */
struct gs_moribund {
	pid_t pid;
	uint64_t addr;
};

/*
 * A piece of one of gdb's hardware breakpoints or watchpoints (Z1, Z2,
 * Z4): a region gdb watches is cut into aligned pieces of up to 8 bytes,
 * one debug register each, as gdbserver does on x86.
 */
struct gs_hw {
	pid_t pid;		/* the process */
	char z;			/* '1', '2' or '4' */
	uint64_t addr;		/* gdb's: its region */
	uint64_t len;
	uint32_t id;		/* libutracer's, of this piece */
};

/*
 * Non-stop mode: a thread stopped for gdb, with its stop reply (for '?').
 * pending: an event came for it after gdb heard of its stop (a vCont;t
 * racing a breakpoint): reported at its next resume instead of running it.
 * held: stopped for a signal the module holds before delivery.
 */
struct gs_nsthread {
	pid_t pid, tid;
	int held, pending;
	char *reply;
};

/* Non-stop mode: a stop reply queued for gdb (%Stop, then vStopped). */
struct gs_notif {
	pid_t pid;
	char *reply;
};

struct gs_proc {
	pid_t pid;
	int spawned;		/* we started it: killed when we go */
	int attached;		/* gdb attached it (qAttached) */
	enum gs_arch arch;
	int status;		/* its last EXIT event's wait status */
};

struct server {
	struct utracer *u;
	/* The connection: in_fd == out_fd for TCP. */
	int in_fd, out_fd, listen_fd;
	int listen_port;	/* listen_fd's, said once the program is there */
	int stdio, once, extended;
	int noack;
	/* What gdb said it understands (qSupported). */
	int multiprocess, fork_events, exec_events;
	struct strbuf rx;	/* bytes received, not yet a whole packet */
	struct strbuf reply;	/* the packet being built */

	struct gs_proc procs[MAX_PROCS];
	size_t nprocs;
	pid_t gtid;		/* Hg: the thread of register and memory packets */
	int running;		/* resumed; gdb waits for a stop reply */
	int all_running;	/* every thread was resumed, not one stepped alone */
	struct strbuf last_stop; /* for '?' */

	struct gs_bp *bps;
	size_t nbps;
	struct gs_moribund moribund[MORIBUND_MAX];
	unsigned int nmoribund;	/* how many were ever put there (a ring) */
	struct gs_hw *hws;
	size_t nhws;
	pid_t step_tid;		/* the thread a step is for, or 0 */
	int module_step;	/* the module steps (STEP): no software step */
	/*
	 * From a fork's stop reply to the next resume. gdb then removes its
	 * breakpoints from the process it will detach, believing each has
	 * its own copy; ours are armed in every process we trace and leave
	 * a process with its detach, so these removals must change nothing.
	 */
	int fork_window;

	/* Signals: gdb's pass set, and the signal each thread stopped for. */
	unsigned char pass[65];
	/*
	 * qXfer:siginfo: the siginfo_t (the thread's ABI's layout) of the
	 * last stop for a signal, thread sig_tid's, until that thread runs
	 * again or stops for something else; sig_tid 0: none.
	 */
	pid_t sig_tid;
	unsigned char siginfo[UTRACER_SIGINFO_SIZE];
	/*
	 * The thread stopped for a signal the module holds before delivery
	 * (held_tid 0: none): the resume that runs it says what becomes of
	 * the signal (C/S: that signal; c/s: none).
	 */
	pid_t held_tid;
	/* Syscalls gdb catches (QCatchSyscalls). */
	int catch_syscalls, catch_all;
	struct utracer_syscall_set catch_set;
	/* Monitor commands (qRcmd): what goes to stderr, and "exit". */
	int debug, remote_debug, debug_timestamp;
	int exit_requested;
	unsigned int disabled;	/* --disable-packet: GS_NO_* */
	char **wrapper;		/* --wrapper's words (nwrapper), or NULL */
	int nwrapper;
	char **last_argv;	/* the program last started, for R and vRun's empty name */
	/* qXfer:osdata: the document of the last read at offset 0, for the next parts. */
	struct strbuf osdata;
	struct gs_vfile vfile;	/* host I/O: the connection's open files */
	/*
	 * Non-stop mode (QNonStop:1): each thread stops and runs alone. nst:
	 * the threads stopped for gdb (the others run); queue: the stop
	 * replies gdb has not acknowledged with vStopped, the first one sent.
	 */
	int non_stop;
	struct gs_nsthread *nst;
	size_t nnst;
	struct gs_notif *queue;
	size_t nqueue;
	pid_t last_stop_tid;	/* the thread of last_stop */
	int notify_due;		/* queue[0] is to be notified */
};

/* What gdbserver's --disable-packet leaves out, for gdb's tests. */
enum {
	GS_NO_VCONT = 1,	/* vCont? and vCont: the empty reply */
	GS_NO_QC = 2,		/* qC: the empty reply */
	GS_NO_QFTHREADINFO = 4,	/* qfThreadInfo, qsThreadInfo: the empty reply */
	GS_NO_TTHREAD = 8,	/* no "thread:" in T stop replies */
	GS_NO_T = 16,		/* S stop replies instead of T ones */
};

static const struct {
	const char *name, *what;
	unsigned int bits;
} disableable[] = {
	{ "vCont", "All vCont packets", GS_NO_VCONT },
	{ "qC", "Querying the current thread", GS_NO_QC },
	{ "qfThreadInfo", "Thread listing", GS_NO_QFTHREADINFO },
	{ "Tthread", "Passing the thread specifier in the T stop reply packet", GS_NO_TTHREAD },
	{ "threads", "All of the above", GS_NO_VCONT | GS_NO_QC | GS_NO_QFTHREADINFO | GS_NO_TTHREAD },
	{ "T", "All 'T' packets", GS_NO_T },
};

static volatile sig_atomic_t terminate;

static void on_terminate(int sig)
{
	terminate = sig;
}

/* --- Signal numbers: Linux's and gdb's own ------------------------------ */

/* gdb's numbers for Linux signals 1..31 (its enum gdb_signal). */
static const unsigned char gdb_signals[32] = {
	0, 1, 2, 3, 4, 5, 6, 10, 8, 9, 30, 11, 31, 13, 14, 15,
	143, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 32, 12,
};

static int to_gdb_signal(int sig)
{
	if (sig >= 0 && sig < 32)
		return gdb_signals[sig];
	if (sig == 32)
		return 77;
	if (sig >= 33 && sig <= 63)
		return 45 + sig - 33;
	if (sig == 64)
		return 78;
	return 143;
}

static int from_gdb_signal(int gsig)
{
	for (int s = 1; s < 32; s++)
		if (gdb_signals[s] == gsig)
			return s;
	if (gsig == 77)
		return 32;
	if (gsig >= 45 && gsig <= 75)
		return gsig - 45 + 33;
	if (gsig == 78)
		return 64;
	return 0;
}

/* --- The wire ------------------------------------------------------------- */

/* A line of the debugging output ("monitor set debug", "set remote-debug"). */
static void debug_line(const struct server *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void debug_line(const struct server *s, const char *fmt, ...)
{
	va_list ap;

	if (s->debug_timestamp) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		fprintf(stderr, "%lld.%06ld ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Sends s->reply as one packet. */
static int send_reply(struct server *s)
{
	struct strbuf pkt = STRBUF_INIT;
	const char *body = sb_str(&s->reply);
	unsigned int sum = 0;
	int err;

	if (s->remote_debug)
		debug_line(s, "putpkt (\"%.*s\");", (int)s->reply.len, body);
	for (size_t i = 0; i < s->reply.len; i++)
		sum += (unsigned char)body[i];
	sb_addc(&pkt, '$');
	sb_addn(&pkt, body, s->reply.len);
	sb_addf(&pkt, "#%02x", sum & 0xff);
	err = udb_write_all(s->out_fd, sb_str(&pkt), pkt.len);
	sb_free(&pkt);
	sb_reset(&s->reply);
	return err;
}

static void reply_str(struct server *s, const char *str)
{
	sb_reset(&s->reply);
	sb_add(&s->reply, str);
}

static void reply_error(struct server *s, int err)
{
	sb_reset(&s->reply);
	sb_addf(&s->reply, "E%02x", (err < 0 ? -err : err) & 0xff);
}

/* Binary data, escaped as the protocol wants ('#', '$', '}', '*'). */
static void add_binary(struct strbuf *sb, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		if (p[i] == '#' || p[i] == '$' || p[i] == '}' || p[i] == '*') {
			sb_addc(sb, '}');
			sb_addc(sb, (char)(p[i] ^ 0x20));
		} else {
			sb_addc(sb, (char)p[i]);
		}
	}
}

/* Undoes add_binary in place; returns the decoded length. */
static size_t unescape(char *buf, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '}' && i + 1 < len)
			buf[o++] = (char)(buf[++i] ^ 0x20);
		else
			buf[o++] = buf[i];
	}
	return o;
}

/*
 * Takes the next whole packet out of s->rx into *pkt (its length in
 * *len): 1 for a packet, 2 for an interrupt byte, 0 when more bytes are
 * needed. Bad checksums are answered with '-' (in ack mode).
 */
static int next_packet(struct server *s, char **pkt, size_t *len)
{
	char *buf = s->rx.buf;
	size_t n = s->rx.len, start, end;

	for (start = 0; start < n; start++) {
		if (buf[start] == '$')
			break;
		if (buf[start] == 0x03) {
			memmove(buf, buf + start + 1, n - start - 1);
			s->rx.len = n - start - 1;
			buf[s->rx.len] = '\0';
			return 2;
		}
		/* '+' and '-' acknowledge our packets; we resend nothing. */
	}
	if (start == n) {
		sb_reset(&s->rx);
		return 0;
	}
	for (end = start + 1; end < n && buf[end] != '#'; end++)
		;
	if (end + 2 >= n)
		return 0;
	{
		unsigned int sum = 0, want;
		char cs[3] = { buf[end + 1], buf[end + 2], '\0' };
		char *endp;

		for (size_t i = start + 1; i < end; i++)
			sum += (unsigned char)buf[i];
		want = (unsigned int)strtoul(cs, &endp, 16);
		*len = end - start - 1;
		*pkt = malloc(*len + 1);
		if (!*pkt)
			return -1;
		memcpy(*pkt, buf + start + 1, *len);
		(*pkt)[*len] = '\0';
		memmove(buf, buf + end + 3, n - end - 3);
		s->rx.len = n - end - 3;
		buf[s->rx.len] = '\0';
		if (!s->noack) {
			if (*endp || want != (sum & 0xff)) {
				udb_write_all(s->out_fd, "-", 1);
				free(*pkt);
				return 0;
			}
			udb_write_all(s->out_fd, "+", 1);
		}
	}
	return 1;
}

/* Reads what gdb sent; 0 on end of connection. */
static int receive(struct server *s)
{
	char buf[4096];
	ssize_t n;

	do
		n = read(s->in_fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR && !terminate);
	if (n <= 0)
		return 0;
	sb_addn(&s->rx, buf, (size_t)n);
	return 1;
}

/* --- Processes, threads, breakpoints ------------------------------------ */

static struct gs_proc *find_proc(struct server *s, pid_t pid)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	return NULL;
}

static struct gs_proc *add_proc(struct server *s, pid_t pid)
{
	struct gs_proc *p = find_proc(s, pid);

	if (p)
		return p;
	if (s->nprocs == MAX_PROCS)
		return NULL;
	p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	if (gs_arch_of(s->u, pid, &p->arch))
		p->arch = GS_ARCH_AMD64;
	return p;
}

static void hw_forget(struct server *s, pid_t pid);
static void bp_forget_mem(struct server *s, pid_t pid);
static void ns_forget_pid(struct server *s, pid_t pid);

/* Forgets process pid, gone or detached: its int3s go with its memory. */
static void drop_proc(struct server *s, pid_t pid)
{
	struct gs_proc *p = find_proc(s, pid);

	if (!p)
		return;
	hw_forget(s, pid);
	bp_forget_mem(s, pid);
	ns_forget_pid(s, pid);
	*p = s->procs[--s->nprocs];
}

/* The live threads we trace, in order; NULL with errno on failure. */
static struct utracer_task *live_tasks(struct server *s, size_t *count)
{
	size_t n, o = 0;
	struct utracer_task *t = utracer_task_list(s->u, &n);

	if (!t)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (t[i].state != UTRACER_STATE_EXITED && find_proc(s, t[i].pid))
			t[o++] = t[i];
	*count = o;
	return t;
}

/* The process of thread tid, or 0. */
static pid_t pid_of(struct server *s, pid_t tid)
{
	size_t n;
	struct utracer_task *t = live_tasks(s, &n);
	pid_t pid = 0;

	for (size_t i = 0; t && i < n; i++)
		if (t[i].tid == tid)
			pid = t[i].pid;
	free(t);
	return pid;
}

/* The thread of 'g', 'm' and friends: Hg's, else the first process's. */
static pid_t cur_tid(struct server *s)
{
	if (s->gtid > 0 && pid_of(s, s->gtid))
		return s->gtid;
	return s->nprocs ? s->procs[0].pid : 0;
}

static struct gs_proc *cur_proc(struct server *s)
{
	pid_t tid = cur_tid(s);

	return tid ? find_proc(s, pid_of(s, tid)) : NULL;
}

static void add_thread_id(struct server *s, struct strbuf *sb, pid_t pid, pid_t tid)
{
	if (s->multiprocess)
		sb_addf(sb, "p%x.%x", (unsigned int)pid, (unsigned int)tid);
	else
		sb_addf(sb, "%x", (unsigned int)tid);
}

/*
 * A thread id of gdb's: "p<pid>.<tid>", "<tid>", with -1 for all and 0
 * for any. *pid gets the process (0: not given), *tid the thread (-1 all,
 * 0 any). -1 when it is not a thread id.
 */
static int parse_thread_id(const char *str, const char **end, pid_t *pid, pid_t *tid)
{
	char *e;
	long v;

	*pid = 0;
	if (*str == 'p') {
		v = strtol(str + 1, &e, 16);
		if (e == str + 1)
			return -1;
		*pid = (pid_t)v;
		str = e;
		if (*str != '.') {
			*tid = -1;
			*end = str;
			return 0;
		}
		str++;
	}
	v = strtol(str, &e, 16);
	if (e == str)
		return -1;
	*tid = (pid_t)v;
	*end = e;
	return 0;
}

static struct gs_bp *find_bp(struct server *s, uint64_t addr)
{
	for (size_t i = 0; i < s->nbps; i++)
		if (s->bps[i].addr == addr)
			return &s->bps[i];
	return NULL;
}

static struct gs_bp *find_bp_id(struct server *s, uint32_t id)
{
	for (size_t i = 0; i < s->nbps; i++)
		if (s->bps[i].id == id)
			return &s->bps[i];
	return NULL;
}

/*
 * An int3 at addr of process pid, where the module cannot set a
 * breakpoint; its id, 0, or the error. Only where held signals bring its
 * SIGTRAP to us: without them the trap would kill the program.
 */
static int bp_insert_mem(struct server *s, pid_t pid, uint64_t addr)
{
	unsigned char cc = INT3;
	ssize_t n;

	if (utracer_has_feature(s->u, UTRACER_FEATURE_SIGNAL_HOLD) != 1)
		return -EINVAL;
	n = utracer_mem_write(s->u, pid, addr, &cc, 1);
	if (n < 0)
		return (int)n;
	return n == 1 ? 0 : -EIO;
}

/* Sets a breakpoint at addr of process pid, for gdb or for a step. */
static int bp_insert(struct server *s, pid_t pid, uint64_t addr, int for_gdb)
{
	struct gs_bp *bp = find_bp(s, addr), *grown;
	unsigned char orig = 0;
	pid_t mem_pid = 0;
	int id;

	if (bp) {
		if (for_gdb)
			bp->gdb = 1;
		else
			bp->temp = 1;
		return 0;
	}
	if (utracer_mem_read(s->u, pid, addr, &orig, 1) != 1)
		return -EIO;
	grown = realloc(s->bps, (s->nbps + 1) * sizeof(*s->bps));
	if (!grown)
		return -ENOMEM;
	s->bps = grown;
	id = utracer_breakpoint_set_addr(s->u, pid, addr, NULL);
	/* -EINVAL: no code mapped from a file there. */
	if (id == -EINVAL) {
		id = bp_insert_mem(s, pid, addr);
		mem_pid = pid;
	}
	if (id < 0)
		return id;
	bp = &s->bps[s->nbps++];
	memset(bp, 0, sizeof(*bp));
	bp->addr = addr;
	bp->id = (uint32_t)id;
	bp->mem_pid = mem_pid;
	bp->orig = orig;
	bp->gdb = !!for_gdb;
	bp->temp = !for_gdb;
	return 0;
}

static void bp_release(struct server *s, struct gs_bp *bp)
{
	if (bp->mem_pid) {
		struct gs_moribund *m = &s->moribund[s->nmoribund++ % MORIBUND_MAX];

		/* The process may be gone: nothing then to put back. */
		utracer_mem_write(s->u, bp->mem_pid, bp->addr, &bp->orig, 1);
		m->pid = bp->mem_pid;
		m->addr = bp->addr;
	} else {
		utracer_breakpoint_remove(s->u, bp->id);
	}
	*bp = s->bps[--s->nbps];
}

/* Forgets the int3s in process pid's memory without writing: it is gone or replaced. */
static void bp_forget_mem(struct server *s, pid_t pid)
{
	for (size_t i = s->nbps; i-- > 0;)
		if (s->bps[i].mem_pid == pid)
			s->bps[i] = s->bps[--s->nbps];
}

/* Puts back the program's bytes under the int3s of process pid, which stays. */
static void bp_release_mem(struct server *s, pid_t pid)
{
	for (size_t i = s->nbps; i-- > 0;)
		if (s->bps[i].mem_pid == pid)
			bp_release(s, &s->bps[i]);
}

static int bp_remove_gdb(struct server *s, uint64_t addr)
{
	struct gs_bp *bp = find_bp(s, addr);

	if (!bp || !bp->gdb)
		return -ENOENT;
	bp->gdb = 0;
	if (!bp->temp)
		bp_release(s, bp);
	return 0;
}

static void bp_remove_temps(struct server *s)
{
	for (size_t i = s->nbps; i-- > 0;) {
		struct gs_bp *bp = &s->bps[i];

		if (!bp->temp)
			continue;
		bp->temp = 0;
		if (!bp->gdb)
			bp_release(s, bp);
	}
	s->step_tid = 0;
}

/*
 * Thread tid stopped for gdb: a software step's breakpoints go (all-stop:
 * every thread stopped). In non-stop mode only when tid is the thread
 * stepped, or none is: another thread's step goes on.
 */
static void stop_temps(struct server *s, pid_t tid)
{
	if (!s->non_stop || !s->step_tid || tid == s->step_tid)
		bp_remove_temps(s);
}

/* --- Hardware breakpoints and watchpoints (Z1, Z2, Z4) ------------------- */

static struct gs_hw *find_hw_id(struct server *s, uint32_t id)
{
	for (size_t i = 0; i < s->nhws; i++)
		if (s->hws[i].id == id)
			return &s->hws[i];
	return NULL;
}

/* Removes every piece of gdb's region (z, addr, len) of pid; -ENOENT when none. */
static int hw_remove(struct server *s, pid_t pid, char z, uint64_t addr, uint64_t len)
{
	int err = -ENOENT;

	for (size_t i = s->nhws; i-- > 0;) {
		struct gs_hw *h = &s->hws[i];

		if (h->pid != pid || h->z != z || h->addr != addr || h->len != len)
			continue;
		utracer_hwbp_remove(s->u, h->id);
		*h = s->hws[--s->nhws];
		err = 0;
	}
	return err;
}

/* Forgets the pieces of process pid, or of every process (pid 0); the module's go with them. */
static void hw_forget(struct server *s, pid_t pid)
{
	for (size_t i = s->nhws; i-- > 0;) {
		if (pid && s->hws[i].pid != pid)
			continue;
		utracer_hwbp_remove(s->u, s->hws[i].id);
		s->hws[i] = s->hws[--s->nhws];
	}
}

/*
 * Z1 (an instruction breakpoint, kind 1), Z2 (write) or Z4 (access) on len
 * bytes at addr of process pid: one piece per aligned 1, 2, 4 or 8 bytes.
 * All or nothing: -ENOSPC when the debug registers run out.
 */
static int hw_insert(struct server *s, pid_t pid, char z, uint64_t addr, uint64_t len)
{
	enum utracer_hwbp_type type = z == '1' ? UTRACER_HWBP_TYPE_EXEC :
				      z == '2' ? UTRACER_HWBP_TYPE_WRITE : UTRACER_HWBP_TYPE_ACCESS;
	uint64_t at = addr, end = addr + len;
	struct gs_hw *grown;
	int id;

	if (z == '1')
		end = addr + 1;
	if (!len || end < addr)
		return -EINVAL;
	/* gdb inserts what it has inserted already after a fork or an exec. */
	for (size_t i = 0; i < s->nhws; i++)
		if (s->hws[i].pid == pid && s->hws[i].z == z && s->hws[i].addr == addr &&
		    s->hws[i].len == len)
			return 0;
	while (at < end) {
		uint32_t piece = 8;

		while (piece > 1 && ((at & (piece - 1)) || at + piece > end))
			piece /= 2;
		grown = realloc(s->hws, (s->nhws + 1) * sizeof(*s->hws));
		if (!grown) {
			id = -ENOMEM;
		} else {
			s->hws = grown;
			id = utracer_hwbp_set(s->u, pid, at, piece, type);
		}
		if (id < 0) {
			hw_remove(s, pid, z, addr, len);
			return id;
		}
		s->hws[s->nhws++] = (struct gs_hw){ .pid = pid, .z = z, .addr = addr,
						    .len = len, .id = (uint32_t)id };
		at += piece;
	}
	return 0;
}

/* Memory as the program has it: our breakpoints' bytes put back. */
static long read_clean(struct server *s, pid_t pid, uint64_t addr, void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t n;

	/* Zeroed: valgrind cannot see what the module writes through a pointer. */
	memset(buf, 0, len);
	n = utracer_mem_read(s->u, pid, addr, buf, len);

	if (n <= 0)
		return n;
	for (size_t i = 0; i < s->nbps; i++)
		if (s->bps[i].addr >= addr && s->bps[i].addr < addr + (uint64_t)n &&
		    (!s->bps[i].mem_pid || s->bps[i].mem_pid == pid))
			p[s->bps[i].addr - addr] = s->bps[i].orig;
	return n;
}

struct clean_reader {
	struct server *s;
	pid_t pid;
};

static long clean_reader(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct clean_reader *r = opaque;

	return read_clean(r->s, r->pid, addr, buf, len);
}

/* --- Stopping and resuming ------------------------------------------------ */

/*
 * Stops every thread of every traced process (all-stop). In non-stop
 * mode nothing: the thread that stopped stays held alone.
 */
static void stop_all(struct server *s)
{
	if (s->non_stop)
		return;
	for (size_t i = 0; i < s->nprocs; i++) {
		int err = utracer_quiesce(s->u, s->procs[i].pid, UTRACER_QUIESCE_WAIT);

		if (err && err != -ESRCH)
			udb_error("gdbserver: cannot stop %d: %s", (int)s->procs[i].pid,
				  utracer_strerror(err));
	}
	s->running = 0;
}

static void run_all(struct server *s)
{
	for (size_t i = 0; i < s->nprocs; i++)
		utracer_run(s->u, s->procs[i].pid, 0);
}

/*
 * Every thread but tid runs: thread by thread, so that tid, which the
 * module steps, stays held (a RUN of its process would call its step off).
 */
static void run_all_but(struct server *s, pid_t tid)
{
	size_t n;
	struct utracer_task *t = utracer_task_list(s->u, &n);

	if (!t) {
		udb_error("gdbserver: cannot list the threads: %s", utracer_strerror(-errno));
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (t[i].tid != tid && find_proc(s, t[i].pid))
			utracer_run(s->u, t[i].tid, UTRACER_THREAD);
	free(t);
}

static int step_begin(struct server *s, pid_t tid);

/*
 * The module's step of thread tid (step_begin() chose it). Should the
 * module refuse it, the step is made in software, so that gdb still gets
 * its stop.
 */
static void step_run(struct server *s, pid_t tid)
{
	int err = utracer_step(s->u, tid, UTRACER_THREAD);

	if (!err)
		return;
	udb_error("gdbserver: the module cannot step thread %d (%s): stepping in software",
		  (int)tid, utracer_strerror(err));
	s->module_step = 0;
	err = step_begin(s, tid);
	s->module_step = 1;
	if (err)
		udb_error("gdbserver: cannot step thread %d: %s", (int)tid, utracer_strerror(err));
	utracer_run(s->u, tid, UTRACER_THREAD);
}

/* The events and stops every traced process reports to us. */
static uint64_t our_events(const struct server *s)
{
	uint64_t ev = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL);

	if (s->catch_syscalls)
		ev |= UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT);
	return ev;
}

static uint64_t our_stops(const struct server *s)
{
	return our_events(s) & ~UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT);
}

/*
 * Every signal not in gdb's pass set is held before delivery, where the
 * module can: gdb then decides whether the program gets it (C) or not
 * (c), and a crash stops with the process whole.
 */
static int apply_holds(struct server *s, pid_t pid)
{
	uint64_t holds = 0;
	int err;

	for (int sig = 1; sig < 65; sig++)
		if (!s->pass[sig] && sig != SIGKILL && sig != SIGSTOP)
			holds |= UTRACER_SIGNAL_BIT(sig);
	err = utracer_set_signal_holds(s->u, pid, holds);
	return err == -EOPNOTSUPP ? 0 : err;
}

static int apply_events(struct server *s, pid_t pid)
{
	const struct utracer_syscall_set *set = s->catch_all ? NULL : &s->catch_set;
	int err;

	err = utracer_set_events(s->u, pid, our_events(s), our_stops(s));
	if (!err)
		err = apply_holds(s, pid);
	if (!err && s->catch_syscalls) {
		err = utracer_set_syscall_filter(s->u, pid,
						 UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT, set);
		if (!err)
			err = utracer_set_syscall_stops(s->u, pid, UTRACER_SYSCALL_F_ENTRY, set);
		if (!err)
			err = utracer_set_syscall_stops(s->u, pid, UTRACER_SYSCALL_F_EXIT, set);
		/* "call to syscall": before the call runs, as under ptrace, where it can. */
		if (!err && utracer_has_feature(s->u, UTRACER_FEATURE_SYSCALL_BEFORE) == 1)
			err = utracer_set_syscall_stops(s->u, pid, UTRACER_SYSCALL_F_ENTRY |
							UTRACER_SYSCALL_F_BEFORE, set);
	}
	return err;
}

/*
 * Starts a step of thread tid: the module's, made by step_run() once the
 * others run; else a software step: breakpoints where it may go.
 */
static int step_begin(struct server *s, pid_t tid)
{
	pid_t pid = pid_of(s, tid);
	struct gs_proc *p = find_proc(s, pid);
	struct clean_reader r = { s, pid };
	uint64_t pc, sp, next[STEP_TARGETS];
	int n, err;

	if (!p)
		return -ESRCH;
	if (s->module_step) {
		s->step_tid = tid;
		return 0;
	}
	err = gs_pc_sp(s->u, tid, p->arch, &pc, &sp);
	if (err)
		return err;
	n = gs_step_targets(s->u, tid, p->arch, pc, clean_reader, &r, next, STEP_TARGETS);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		err = bp_insert(s, pid, next[i], 0);
		if (err) {
			bp_remove_temps(s);
			return err;
		}
	}
	s->step_tid = tid;
	return 0;
}

static struct gs_nsthread *ns_find(struct server *s, pid_t tid);

/* --- Stop replies ----------------------------------------------------------- */

/* A stop reply (T or S) in sb. */
static void format_stop(struct server *s, struct strbuf *sb, int gdb_sig, pid_t pid, pid_t tid,
			const char *extra)
{
	if (s->disabled & GS_NO_T) {
		/* gdbserver's S reply: the signal alone, whatever the stop was. */
		sb_addf(sb, "S%02x", gdb_sig & 0xff);
	} else {
		sb_addf(sb, "T%02x", gdb_sig & 0xff);
		if (extra)
			sb_add(sb, extra);
		if (!(s->disabled & GS_NO_TTHREAD)) {
			sb_add(sb, "thread:");
			add_thread_id(s, sb, pid, tid);
			sb_addc(sb, ';');
		}
	}
}

static void stop_reply(struct server *s, int gdb_sig, pid_t pid, pid_t tid, const char *extra)
{
	if (tid == s->sig_tid)
		s->sig_tid = 0;
	if (tid == s->held_tid)
		s->held_tid = 0;
	sb_reset(&s->last_stop);
	format_stop(s, &s->last_stop, gdb_sig, pid, tid, extra);
	s->gtid = tid;
	s->last_stop_tid = tid;
	reply_str(s, sb_str(&s->last_stop));
}

static void exit_reply(struct server *s, pid_t pid, int status)
{
	s->sig_tid = 0;
	s->held_tid = 0;
	sb_reset(&s->last_stop);
	if (WIFSIGNALED(status))
		sb_addf(&s->last_stop, "X%02x", to_gdb_signal(WTERMSIG(status)));
	else
		sb_addf(&s->last_stop, "W%02x", WEXITSTATUS(status) & 0xff);
	if (s->multiprocess)
		sb_addf(&s->last_stop, ";process:%x", (unsigned int)pid);
	reply_str(s, sb_str(&s->last_stop));
}

/* Whether process pid has no live thread left but exiting, whose EXIT event came. */
static int process_gone(struct server *s, pid_t pid, pid_t exiting)
{
	size_t n;
	struct utracer_task *t = utracer_task_list(s->u, &n);
	int gone = 1;

	for (size_t i = 0; t && i < n; i++)
		if (t[i].pid == pid && t[i].tid != exiting && t[i].state != UTRACER_STATE_EXITED)
			gone = 0;
	free(t);
	return gone;
}

/*
 * A process ended: its wait status, the exact one when it is our child,
 * else the one its exit event carried.
 */
static int reap_status(const struct gs_proc *p)
{
	int status = p->status;

	if (p->spawned) {
		pid_t r;

		do
			r = waitpid(p->pid, &status, 0);
		while (r < 0 && errno == EINTR);
		if (r != p->pid)
			status = p->status;
	}
	return status;
}

/*
 * Thread tid of process pid is at breakpoint bp (NULL: one gdb removed
 * since), its instruction not run. Returns 1 when it made a stop reply.
 */
static int bp_hit(struct server *s, pid_t pid, pid_t tid, struct gs_bp *bp)
{
	if (!bp) {
		/*
		 * A hit of a breakpoint gdb removed since (to step another
		 * thread over it): the thread stays held at the address, as
		 * gdbserver keeps such a thread's status pending, and runs with
		 * the others at the next resume: it traps again if gdb put the
		 * breakpoint back. In non-stop mode no resume of all comes: it
		 * runs on, as gdbserver discards a hit of a breakpoint since gone.
		 */
		if (s->non_stop)
			utracer_run(s->u, tid, UTRACER_THREAD);
		return 0;
	}
	if (bp->temp && !bp->gdb && tid != s->step_tid) {
		/*
		 * Another thread passes where a step may land: the module's
		 * breakpoint lets it run past; an int3 would trap it again at
		 * once, so it stays held until the step's breakpoints are gone.
		 */
		if (!bp->mem_pid)
			utracer_run(s->u, tid, UTRACER_THREAD);
		return 0;
	}
	stop_all(s);
	if (tid == s->step_tid && !bp->gdb) {
		stop_temps(s, tid);
		stop_reply(s, 5, pid, tid, NULL);
	} else {
		stop_temps(s, tid);
		stop_reply(s, 5, pid, tid, "swbreak:;");
	}
	return 1;
}

/*
 * A SIGTRAP held before delivery: when one of our int3s gave it (the
 * kernel's trap, the instruction pointer just past an int3 of ours, or
 * past one taken out since whose byte is no longer an int3), the thread
 * is put back on the int3's address, the signal is cancelled and *bp is
 * the breakpoint (NULL for one taken out). Returns 1 then, else 0.
 */
static int int3_trap(struct server *s, const struct utracer_event_info *ev, struct gs_bp **bp)
{
	struct udb_regs regs;
	unsigned char byte;
	uint64_t at;
	int ours = 0;

	if (ev->signal.signo != SIGTRAP || ev->signal.code != SI_KERNEL ||
	    !(ev->flags & UTRACER_EVENT_F_BEFORE) || udb_regs_fetch(s->u, ev->tid, &regs))
		return 0;
	at = regs.ip - 1;
	*bp = NULL;
	for (size_t i = 0; i < s->nbps; i++)
		if (s->bps[i].mem_pid == ev->pid && s->bps[i].addr == at)
			*bp = &s->bps[i];
	for (unsigned int i = 0; !*bp && i < MORIBUND_MAX && i < s->nmoribund; i++)
		if (s->moribund[i].pid == ev->pid && s->moribund[i].addr == at &&
		    utracer_mem_read(s->u, ev->pid, at, &byte, 1) == 1 && byte != INT3)
			ours = 1;
	if (!*bp && !ours)
		return 0;
	if (udb_regs_set(&regs, "pc", at) || udb_regs_write(s->u, ev->tid, &regs))
		return 0;
	utracer_signal_verdict(s->u, ev->tid, 0);
	return 1;
}

/*
 * One event while gdb waits. Returns 1 when it made a stop reply (in
 * s->reply), 0 when the tracees go on.
 */
static int on_event(struct server *s, const struct utracer_event_info *ev)
{
	struct gs_proc *p = find_proc(s, ev->pid);
	struct strbuf extra = STRBUF_INIT;
	struct gs_bp *bp;
	int sig, ret = 0;

	switch (ev->type) {
	case UTRACER_EVENT_BREAKPOINT:
		if (!p) {
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		ret = bp_hit(s, ev->pid, ev->tid, find_bp_id(s, ev->breakpoint.id));
		break;
	case UTRACER_EVENT_HWBP: {
		struct gs_hw *h = find_hw_id(s, ev->hwbp.id);

		if (!p || !h) {
			/* One gdb removed since: nothing to report. */
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		stop_all(s);
		stop_temps(s, ev->tid);
		if (h->z == '1')
			sb_add(&extra, "hwbreak:;");
		else
			sb_addf(&extra, "%s:%" PRIx64 ";", h->z == '2' ? "watch" : "awatch",
				h->addr);
		stop_reply(s, 5, ev->pid, ev->tid, sb_str(&extra));
		ret = 1;
		break;
	}
	case UTRACER_EVENT_SIGNAL:
		sig = ev->signal.signo;
		if (p && (ev->flags & UTRACER_EVENT_F_STOPPED) && int3_trap(s, ev, &bp)) {
			ret = bp_hit(s, ev->pid, ev->tid, bp);
			break;
		}
		if (!p || (sig > 0 && sig < 65 && s->pass[sig])) {
			/* A held one is delivered as it goes. */
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		/* Not stopped: the signal ends the process, whose exit says so (X). */
		if (!(ev->flags & UTRACER_EVENT_F_STOPPED))
			break;
		stop_all(s);
		stop_temps(s, ev->tid);
		stop_reply(s, to_gdb_signal(sig), ev->pid, ev->tid, NULL);
		if (ev->flags & UTRACER_EVENT_F_BEFORE)
			s->held_tid = ev->tid;
		if (ev->signal.flags & UTRACER_SIGNAL_SIGINFO) {
			s->sig_tid = ev->tid;
			memcpy(s->siginfo, ev->signal.siginfo, sizeof(s->siginfo));
		}
		ret = 1;
		break;
	case UTRACER_EVENT_SYSCALL_ENTRY:
	case UTRACER_EVENT_SYSCALL_EXIT:
		if (!p || !s->catch_syscalls || !(ev->flags & UTRACER_EVENT_F_STOPPED)) {
			if (ev->flags & UTRACER_EVENT_F_STOPPED)
				utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		stop_all(s);
		stop_temps(s, ev->tid);
		sb_addf(&extra, "%s:%x;",
			ev->type == UTRACER_EVENT_SYSCALL_ENTRY ? "syscall_entry" : "syscall_return",
			ev->type == UTRACER_EVENT_SYSCALL_ENTRY ? ev->syscall_entry.nr
								: ev->syscall_exit.nr);
		stop_reply(s, 5, ev->pid, ev->tid, sb_str(&extra));
		ret = 1;
		break;
	case UTRACER_EVENT_EXEC:
		if (!p)
			break;
		if (gs_arch_of(s->u, ev->tid, &p->arch))
			p->arch = GS_ARCH_AMD64;
		/* The old image's breakpoints are gone with it. */
		bp_forget_mem(s, ev->pid);
		for (size_t i = s->nbps; i-- > 0;)
			bp_release(s, &s->bps[i]);
		hw_forget(s, ev->pid);
		s->step_tid = 0;
		stop_all(s);
		if (s->exec_events) {
			/* The file itself: the path given to execve may be relative or /proc/self/exe. */
			char *exe = utracer_exe_path(s->u, ev->pid);
			const char *path = exe ? exe : ev->exec.path;

			sb_add(&extra, "exec:");
			gs_hex_add(&extra, path, strlen(path));
			sb_addc(&extra, ';');
			free(exe);
		}
		stop_reply(s, 5, ev->pid, ev->tid, extra.len ? sb_str(&extra) : NULL);
		ret = 1;
		break;
	case UTRACER_EVENT_CLONE:
		if (!(ev->flags & UTRACER_EVENT_F_STOPPED))
			break;
		if (!p || ev->clone.kind == UTRACER_CLONE_KIND_THREAD ||
		    !(ev->clone.follow & UTRACER_CLONE_FOLLOWED)) {
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		/*
		 * A fork copies our int3s: the child's copy gets the program's
		 * bytes back (a vfork's child shares the parent's memory).
		 */
		for (size_t i = 0; ev->clone.kind != UTRACER_CLONE_KIND_VFORK && i < s->nbps; i++)
			if (s->bps[i].mem_pid == ev->pid)
				utracer_mem_write(s->u, ev->clone.child_pid, s->bps[i].addr,
						  &s->bps[i].orig, 1);
		/* A new process: gdb decides which to keep, when it asked for fork events. */
		if (!s->fork_events || ev->clone.kind == UTRACER_CLONE_KIND_VFORK ||
		    !add_proc(s, ev->clone.child_pid)) {
			utracer_detach(s->u, ev->clone.child_pid, 0);
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
			break;
		}
		{
			struct utracer_event_info st;

			utracer_event_wait_for(s->u, ev->clone.child_pid, UTRACER_EVENT_STOP, &st,
					       10000);
		}
		stop_all(s);
		stop_temps(s, ev->tid);
		s->fork_window = 1;
		sb_add(&extra, "fork:");
		add_thread_id(s, &extra, ev->clone.child_pid, ev->clone.child_tid);
		sb_addc(&extra, ';');
		stop_reply(s, 5, ev->pid, ev->tid, sb_str(&extra));
		ret = 1;
		break;
	case UTRACER_EVENT_STOP:
		/* Non-stop: a thread not stopped for gdb ends the step it was given. */
		if (ev->stop.reason == UTRACER_STOP_REASON_STEP && s->module_step &&
		    (s->non_stop ? p && !ns_find(s, ev->tid) :
				   ev->tid == s->step_tid && s->running)) {
			if (ev->tid == s->step_tid)
				s->step_tid = 0;
			stop_all(s);
			stop_reply(s, 5, ev->pid, ev->tid, NULL);
			ret = 1;
			break;
		}
		/* New threads start held; all-stop lets them run with the rest. */
		/*
		 * Not while gdb runs one thread alone (a step over a breakpoint
		 * it removed): the new thread would run past it unseen.
		 */
		if (ev->stop.reason == UTRACER_STOP_REASON_NEW &&
		    (s->non_stop || (s->running && s->all_running)) && p && ev->tid != ev->pid)
			utracer_run(s->u, ev->tid, UTRACER_THREAD);
		break;
	case UTRACER_EVENT_EXIT:
		if (!p)
			break;
		if (ev->tid == ev->pid || ev->exit.group)
			p->status = ev->exit.status;
		if (!process_gone(s, ev->pid, ev->tid))
			break;
		{
			pid_t pid = p->pid;
			int status = reap_status(p);

			drop_proc(s, pid);
			if (s->step_tid && !pid_of(s, s->step_tid))
				bp_remove_temps(s);
			stop_all(s);
			exit_reply(s, pid, status);
		}
		ret = 1;
		break;
	case UTRACER_EVENT_DETACH:
		if (p && ev->tid == ev->pid && ev->detach.reason == UTRACER_DETACH_REASON_CRED) {
			drop_proc(s, ev->pid);
			stop_all(s);
			exit_reply(s, ev->pid, 0);
			ret = 1;
		}
		break;
	default:
		break;
	}
	sb_free(&extra);
	return ret;
}

/* gdb's Ctrl-C: stop everything and say so with SIGINT. */
static void interrupt(struct server *s)
{
	size_t n;
	struct utracer_task *t;

	stop_all(s);
	bp_remove_temps(s);
	t = live_tasks(s, &n);
	if (t && n)
		stop_reply(s, 2, t[0].pid, t[0].tid, NULL);
	else
		reply_str(s, "W00");
	free(t);
}

/* --- Non-stop mode ------------------------------------------------------------ */

/*
 * With QNonStop:1 each thread stops alone (its event holds it) and runs
 * alone; gdb hears of each stop by a %Stop notification and takes the
 * queued stop replies one by one with vStopped, as gdbserver's.
 */

static struct gs_nsthread *ns_find(struct server *s, pid_t tid)
{
	for (size_t i = 0; i < s->nnst; i++)
		if (s->nst[i].tid == tid)
			return &s->nst[i];
	return NULL;
}

static void ns_remove(struct server *s, struct gs_nsthread *e)
{
	free(e->reply);
	*e = s->nst[--s->nnst];
}

/* Thread tid is stopped for gdb, with stop reply reply; NULL without memory. */
static struct gs_nsthread *ns_add(struct server *s, pid_t pid, pid_t tid, const char *reply)
{
	struct gs_nsthread *e = ns_find(s, tid);
	char *copy = strdup(reply);

	if (!copy)
		return NULL;
	if (!e) {
		struct gs_nsthread *n = realloc(s->nst, (s->nnst + 1) * sizeof(*n));

		if (!n) {
			free(copy);
			return NULL;
		}
		s->nst = n;
		e = &s->nst[s->nnst++];
		memset(e, 0, sizeof(*e));
		e->pid = pid;
		e->tid = tid;
	}
	free(e->reply);
	e->reply = copy;
	return e;
}

/* Queues a stop reply for gdb; the first of an empty queue is notified. */
static void ns_push(struct server *s, pid_t pid, const char *reply)
{
	struct gs_notif *q = realloc(s->queue, (s->nqueue + 1) * sizeof(*q));
	char *copy = strdup(reply);

	if (q)
		s->queue = q;
	if (!q || !copy) {
		free(copy);
		udb_error("gdbserver: cannot queue a stop reply: %s", strerror(ENOMEM));
		return;
	}
	if (!s->nqueue)
		s->notify_due = 1;
	s->queue[s->nqueue].pid = pid;
	s->queue[s->nqueue++].reply = copy;
}

/* The first queued stop reply as the reply (for '?' and vStopped), or OK. */
static void ns_reply_head(struct server *s)
{
	s->notify_due = 0;
	reply_str(s, s->nqueue ? s->queue[0].reply : "OK");
}

/* %Stop:REPLY: a notification, which gdb does not acknowledge. */
static void ns_notify(struct server *s)
{
	struct strbuf pkt = STRBUF_INIT;
	const char *body;
	unsigned int sum = 0;

	if (!s->notify_due || !s->nqueue)
		return;
	s->notify_due = 0;
	body = s->queue[0].reply;
	if (s->remote_debug)
		debug_line(s, "putpkt (\"%%Stop:%s\"); [notif]", body);
	sb_add(&pkt, "Stop:");
	sb_add(&pkt, body);
	for (size_t i = 0; i < pkt.len; i++)
		sum += (unsigned char)pkt.buf[i];
	sb_reset(&pkt);
	sb_addf(&pkt, "%%Stop:%s#%02x", body, sum & 0xff);
	udb_write_all(s->out_fd, sb_str(&pkt), pkt.len);
	sb_free(&pkt);
}

/*
 * Process pid is gone or detached: its threads and queued replies go, but
 * for the first queued reply when gdb was sent it (vStopped takes it off).
 */
static void ns_forget_pid(struct server *s, pid_t pid)
{
	size_t o = s->nqueue && !s->notify_due ? 1 : 0;

	for (size_t i = s->nnst; i-- > 0;)
		if (s->nst[i].pid == pid)
			ns_remove(s, &s->nst[i]);
	for (size_t i = o; i < s->nqueue; i++) {
		if (s->queue[i].pid == pid)
			free(s->queue[i].reply);
		else
			s->queue[o++] = s->queue[i];
	}
	s->nqueue = o;
}

/* Forgets every stopped thread and queued reply. */
static void ns_clear(struct server *s)
{
	while (s->nnst)
		ns_remove(s, &s->nst[0]);
	for (size_t i = 0; i < s->nqueue; i++)
		free(s->queue[i].reply);
	s->nqueue = 0;
	s->notify_due = 0;
}

/* Forgets the stopped threads that no longer live. */
static void ns_prune(struct server *s, const struct utracer_task *t, size_t n)
{
	for (size_t i = s->nnst; i-- > 0;) {
		size_t j = 0;

		while (j < n && t[j].tid != s->nst[i].tid)
			j++;
		if (j == n)
			ns_remove(s, &s->nst[i]);
	}
}

/*
 * Every live thread of process pid (0: of all), all held, is stopped for
 * gdb: the thread of the last stop with that reply, the others with
 * signal 0 (gdbserver's status of a thread stopped with the others);
 * each queued for gdb when push.
 */
static void ns_add_proc(struct server *s, pid_t pid, int push)
{
	size_t n;
	struct utracer_task *t = live_tasks(s, &n);
	struct strbuf sb = STRBUF_INIT;
	const char *last = sb_str(&s->last_stop);

	for (size_t i = 0; t && i < n; i++) {
		struct gs_nsthread *e;

		if (pid && t[i].pid != pid)
			continue;
		sb_reset(&sb);
		if (t[i].tid == s->last_stop_tid && (last[0] == 'T' || last[0] == 'S')) {
			/* Its thread id as gdb wants it now (multiprocess came since). */
			const char *th = strstr(last, "thread:");
			const char *end = th ? strchr(th, ';') : NULL;

			if (end) {
				sb_addn(&sb, last, (size_t)(th - last));
				sb_add(&sb, "thread:");
				add_thread_id(s, &sb, t[i].pid, t[i].tid);
				sb_add(&sb, end);
			} else {
				sb_add(&sb, last);
			}
		} else
			format_stop(s, &sb, 0, t[i].pid, t[i].tid, NULL);
		e = ns_add(s, t[i].pid, t[i].tid, sb_str(&sb));
		if (e && t[i].tid == s->held_tid) {
			e->held = 1;
			s->held_tid = 0;
		}
		if (push)
			ns_push(s, t[i].pid, sb_str(&sb));
	}
	sb_free(&sb);
	free(t);
}

/* QNonStop:1, with every thread held (gdb connects to a stopped program). */
static void ns_begin(struct server *s)
{
	if (s->non_stop)
		return;
	if (s->running)
		stop_all(s);
	s->non_stop = 1;
	ns_add_proc(s, 0, 0);
}

/* Back to all-stop (QNonStop:0, gdb gone): every thread stopped. */
static void ns_end(struct server *s)
{
	if (!s->non_stop)
		return;
	for (size_t i = 0; i < s->nnst && !s->held_tid; i++)
		if (s->nst[i].held)
			s->held_tid = s->nst[i].tid;
	s->non_stop = 0;
	stop_all(s);
	ns_clear(s);
}

/* One event in non-stop mode: a stop is queued for gdb; the rest runs on. */
static void ns_event(struct server *s, const struct utracer_event_info *ev)
{
	pid_t gtid = s->gtid;
	struct gs_nsthread *e;
	char *r;

	if (!on_event(s, ev))
		return;
	/* gdb's selected thread does not change behind its back. */
	s->gtid = gtid;
	r = strdup(sb_str(&s->reply));
	sb_reset(&s->reply);
	if (!r) {
		udb_error("gdbserver: cannot queue a stop reply: %s", strerror(ENOMEM));
		return;
	}
	if (r[0] == 'W' || r[0] == 'X') {
		ns_push(s, ev->pid, r);
		free(r);
		return;
	}
	e = ns_find(s, ev->tid);
	if (e) {
		/* gdb heard of its stop (vCont;t): this one waits for its next resume. */
		e = ns_add(s, ev->pid, ev->tid, r);
		if (e)
			e->pending = 1;
	} else {
		e = ns_add(s, ev->pid, ev->tid, r);
		ns_push(s, ev->pid, r);
	}
	if (e && s->held_tid == ev->tid)
		e->held = 1;
	s->held_tid = 0;
	/* A fork's child, held: gdb knows it from the fork's reply. */
	if (ev->type == UTRACER_EVENT_CLONE && find_proc(s, ev->clone.child_pid))
		ns_add_proc(s, ev->clone.child_pid, 0);
	free(r);
}

/* '?' in non-stop mode: every stopped thread's reply queued, the first one sent. */
static void ns_status(struct server *s)
{
	size_t n;
	struct utracer_task *t = live_tasks(s, &n);

	if (t)
		ns_prune(s, t, n);
	for (size_t i = 0; t && i < n; i++) {
		struct gs_nsthread *e = ns_find(s, t[i].tid);

		if (e) {
			e->pending = 0;
			ns_push(s, e->pid, e->reply);
		}
	}
	free(t);
	ns_reply_head(s);
}

struct ns_action {
	char action;
	int sig;
	pid_t pid, tid;
};

/* The first of gdb's actions that applies to thread t, or NULL. */
static const struct ns_action *ns_match(const struct ns_action *a, size_t n,
					const struct utracer_task *t)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].tid > 0 ? a[i].tid == t->tid : a[i].pid <= 0 || a[i].pid == t->pid)
			return &a[i];
	return NULL;
}

/*
 * vCont in non-stop mode: each action applies to the threads it names
 * (the first action that names a thread), the others keep what they do;
 * c/C/s/S resume stopped threads, t stops running ones (a stop reply
 * with signal 0 each). The reply is OK at once.
 */
static void ns_vcont(struct server *s, const char *args)
{
	struct ns_action acts[32];
	const struct ns_action **todo;
	size_t nacts = 0, n, steps = 0;
	struct utracer_task *t;
	struct strbuf sb = STRBUF_INIT;
	int err;

	while (*args == ';') {
		struct ns_action *a = &acts[nacts];
		const char *p = args + 2;

		if (nacts == sizeof(acts) / sizeof(acts[0]) || !args[1] ||
		    !strchr("cCsSt", args[1])) {
			reply_str(s, "E01");
			return;
		}
		a->action = args[1];
		a->sig = 0;
		a->pid = 0;
		a->tid = -1;
		if (a->action == 'C' || a->action == 'S') {
			char *e;
			long g = strtol(p, &e, 16);

			a->sig = from_gdb_signal((int)g);
			if (e == p || g < 0 || g > 255) {
				reply_str(s, "E01");
				return;
			}
			p = e;
		}
		if (*p == ':' && parse_thread_id(p + 1, &p, &a->pid, &a->tid)) {
			reply_str(s, "E01");
			return;
		}
		nacts++;
		args = p;
	}
	if (*args || !nacts || !s->nprocs) {
		reply_str(s, "E01");
		return;
	}
	s->fork_window = 0;
	t = live_tasks(s, &n);
	todo = calloc(n ? n : 1, sizeof(*todo));
	if (!t || !todo) {
		free(t);
		free(todo);
		reply_error(s, ENOMEM);
		return;
	}
	ns_prune(s, t, n);
	for (size_t i = 0; i < n; i++) {
		const struct gs_nsthread *e = ns_find(s, t[i].tid);

		todo[i] = ns_match(acts, nacts, &t[i]);
		/* Only a stopped thread resumes, only a running one stops. */
		if (todo[i] && (todo[i]->action == 't' ? e != NULL : !e))
			todo[i] = NULL;
		if (todo[i] && (todo[i]->action == 's' || todo[i]->action == 'S') && !e->pending)
			steps++;
	}
	/* A software step at a time: its breakpoints are the server's, not a thread's. */
	if (steps && !s->module_step && (steps > 1 || s->step_tid)) {
		free(t);
		free(todo);
		reply_str(s, "E01");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ns_action *a = todo[i];
		pid_t tid = t[i].tid;
		struct gs_nsthread *e = ns_find(s, tid);

		if (!a)
			continue;
		if (a->action == 't') {
			err = utracer_quiesce(s->u, tid, UTRACER_THREAD | UTRACER_QUIESCE_WAIT);
			if (err) {
				if (err != -ESRCH)
					udb_error("gdbserver: cannot stop thread %d: %s", (int)tid,
						  utracer_strerror(err));
				continue;
			}
			/* A thread stopped in a software step leaves it. */
			if (tid == s->step_tid)
				bp_remove_temps(s);
			/* gdbserver reports a thread stopped by vCont;t with signal 0. */
			sb_reset(&sb);
			format_stop(s, &sb, 0, t[i].pid, tid, NULL);
			if (ns_add(s, t[i].pid, tid, sb_str(&sb)))
				ns_push(s, t[i].pid, sb_str(&sb));
			continue;
		}
		if (e->pending) {
			/* Its event came after its stop: reported now, the thread still held. */
			e->pending = 0;
			ns_push(s, e->pid, e->reply);
			continue;
		}
		if (e->held) {
			err = utracer_signal_verdict(s->u, tid, a->sig);
			if (err && err != -ESRCH && err != -ENOENT)
				udb_error("gdbserver: signal %d for thread %d: %s", a->sig, (int)tid,
					  utracer_strerror(err));
		}
		if (tid == s->sig_tid)
			s->sig_tid = 0;
		if (a->action == 's' || a->action == 'S') {
			err = step_begin(s, tid);
			if (err) {
				/* The thread stays stopped, and says so (signal 0). */
				udb_error("gdbserver: cannot step thread %d: %s", (int)tid,
					  utracer_strerror(err));
				sb_reset(&sb);
				format_stop(s, &sb, 0, t[i].pid, tid, NULL);
				if (ns_add(s, t[i].pid, tid, sb_str(&sb)))
					ns_push(s, t[i].pid, sb_str(&sb));
				continue;
			}
			ns_remove(s, e);
			if (s->module_step)
				step_run(s, tid);
			else
				utracer_run(s->u, tid, UTRACER_THREAD);
		} else {
			ns_remove(s, e);
			utracer_run(s->u, tid, UTRACER_THREAD);
		}
	}
	sb_free(&sb);
	free(t);
	free(todo);
	reply_str(s, "OK");
}

/* --- Starting, attaching, ending ------------------------------------------ */

/*
 * --wrapper: the wrapper runs, PROG and its arguments after its own, and
 * the session starts when it execs (PROG, normally): its own code is
 * never stopped at. Returns the pid held at that exec, or -errno having
 * said why.
 */
static pid_t spawn_wrapped(struct server *s, char **argv)
{
	UTRACER_OPTS(utracer_attach_opts, opts,
		     .events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
			       UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT),
		     .stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC));
	UTRACER_OPTS(utracer_spawn_opts, sopts, .flags = UTRACER_SPAWN_F_SEARCH_PATH,
		     .attach = &opts);
	struct utracer_event_info ev;
	size_t n = 0, i;
	char **all;
	pid_t pid;
	int err, status;

	while (argv[n])
		n++;
	all = calloc((size_t)s->nwrapper + n + 1, sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (i = 0; i < (size_t)s->nwrapper; i++)
		all[i] = s->wrapper[i];
	for (i = 0; i < n; i++)
		all[s->nwrapper + i] = argv[i];
	pid = utracer_spawn(s->u, all[0], all, &sopts);
	free(all);
	if (pid < 0) {
		udb_error("gdbserver: cannot run the wrapper '%s': %s", s->wrapper[0],
			  utracer_strerror(pid));
		return pid;
	}
	err = utracer_run(s->u, pid, 0);
	while (!err) {
		err = utracer_event_wait_for(s->u, pid, 0, &ev, 1000);
		if (err == -ETIMEDOUT || err == -EAGAIN) {
			err = terminate ? -EINTR : 0;
			continue;
		}
		if (err || ev.type == UTRACER_EVENT_EXEC)
			break;
		if (ev.type == UTRACER_EVENT_EXIT && ev.tid == pid) {
			utracer_detach(s->u, pid, 0);
			waitpid(pid, &status, 0);
			if (WIFEXITED(status) && WEXITSTATUS(status))
				udb_error("gdbserver: During startup program exited with code %d.",
					  WEXITSTATUS(status));
			else if (WIFEXITED(status))
				udb_error("gdbserver: During startup program exited normally.");
			else
				udb_error("gdbserver: During startup program terminated with signal %s.",
					  strsignal(WTERMSIG(status)));
			return -ECHILD;
		}
	}
	if (!err)
		err = utracer_set_events(s->u, pid, our_events(s), our_stops(s));
	if (!err)
		err = utracer_set_follow(s->u, pid, UTRACER_ATTACH_F_FOLLOW_FORK |
					 UTRACER_ATTACH_F_STOP_NEW);
	if (err) {
		udb_error("gdbserver: the wrapper '%s': %s", s->wrapper[0], utracer_strerror(err));
		kill(pid, SIGKILL);
		utracer_detach(s->u, pid, 0);
		waitpid(pid, NULL, 0);
		return err;
	}
	return pid;
}

/*
 * Whether utracer_spawn()'s error err is the child's (its execve() or
 * chdir() failed, and it exited with 127), not the library's.
 */
static int spawn_exec_error(int err)
{
	switch (-err) {
	case ENOENT:
	case EACCES:
	case ENOEXEC:
	case ENOTDIR:
	case ELOOP:
	case E2BIG:
	case ETXTBSY:
	case EISDIR:
		return 1;
	}
	return 0;
}

static int start_program_as(struct server *s, char **argv)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_FOLLOW_FORK |
							 UTRACER_ATTACH_F_STOP_NEW);
	UTRACER_OPTS(utracer_spawn_opts, sopts, .flags = UTRACER_SPAWN_F_SEARCH_PATH);
	struct gs_proc *p;
	pid_t pid;

	opts.events = our_events(s);
	opts.stop_events = our_stops(s);
	sopts.attach = &opts;
	if (s->wrapper) {
		pid = spawn_wrapped(s, argv);
		if (pid < 0)
			return pid;
	} else {
		/* As gdbserver's child says it, before its exec. */
		if (s->stdio)
			fprintf(stderr, "stdin/stdout redirected\n");
		pid = utracer_spawn(s->u, argv[0], argv, &sopts);
		if (pid < 0) {
			/* gdbserver's words, which gdb's test suite waits for. */
			fprintf(stderr, "gdbserver: Cannot exec %s\ngdbserver: Error: %s\n",
				argv[0], utracer_strerror(pid));
			if (spawn_exec_error(pid))
				fprintf(stderr, "\nDuring startup program exited with code 127.\n");
			return pid;
		}
	}
	p = add_proc(s, pid);
	if (!p) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -ENOMEM;
	}
	p->spawned = 1;
	fprintf(stderr, "Process %s created; pid = %d\n", argv[0], (int)pid);
	stop_reply(s, 5, pid, pid, NULL);
	sb_reset(&s->reply);
	return 0;
}

/*
 * As gdbserver: a program named without a slash that is a regular file in
 * the current directory is run from there (by its absolute path, its
 * argv[0] too); any other name is looked up in $PATH. The absolute path,
 * malloc'ed, or NULL for the name as given.
 */
static char *program_here(const char *name)
{
	struct stat st;
	char *cwd, *path = NULL;

	if (strchr(name, '/') || stat(name, &st) || !S_ISREG(st.st_mode))
		return NULL;
	cwd = getcwd(NULL, 0);
	if (cwd && asprintf(&path, "%s/%s", cwd, name) < 0)
		path = NULL;
	free(cwd);
	return path;
}

static void free_argv(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* A copy of argv, as the program to start again; NULL without memory. */
static char **copy_argv(char *const *argv)
{
	size_t n = 0;
	char **copy;

	while (argv[n])
		n++;
	copy = calloc(n + 1, sizeof(*copy));
	for (size_t i = 0; copy && i < n; i++) {
		copy[i] = strdup(argv[i]);
		if (!copy[i]) {
			free_argv(copy);
			copy = NULL;
		}
	}
	return copy;
}

static int start_program(struct server *s, char **argv)
{
	char *here = program_here(argv[0]), *name = argv[0];
	char **last = argv == s->last_argv ? NULL : copy_argv(argv);
	int err;

	if (last) {
		free_argv(s->last_argv);
		s->last_argv = last;
	}
	if (here)
		argv[0] = here;
	err = start_program_as(s, argv);
	argv[0] = name;
	free(here);
	return err;
}

static int attach_process(struct server *s, pid_t pid)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_QUIESCE |
							 UTRACER_ATTACH_F_FOLLOW_FORK |
							 UTRACER_ATTACH_F_STOP_NEW);
	struct gs_proc *p;
	int err;

	if (s->nprocs == MAX_PROCS)
		return -ENOMEM;
	opts.events = our_events(s);
	opts.stop_events = our_stops(s);
	err = utracer_attach(s->u, pid, &opts);
	if (err) {
		udb_error("gdbserver: cannot attach to process %d: %s", (int)pid,
			  utracer_strerror(err));
		return err;
	}
	err = utracer_quiesce(s->u, pid, UTRACER_QUIESCE_WAIT);
	if (err) {
		utracer_detach(s->u, pid, 0);
		return err;
	}
	p = add_proc(s, pid);
	p->attached = 1;
	fprintf(stderr, "Attached; pid = %d\n", (int)pid);
	stop_reply(s, 0, pid, pid, NULL);
	sb_reset(&s->reply);
	return 0;
}

/* Kills process pid (ours or not) and forgets it. */
static void kill_process(struct server *s, pid_t pid)
{
	struct gs_proc *p = find_proc(s, pid);
	struct utracer_event_info ev;

	if (!p)
		return;
	kill(pid, SIGKILL);
	/* SIGKILL wins over our stop; wait for the last thread to go. */
	for (int i = 0; i < 100 && !process_gone(s, pid, 0); i++)
		utracer_event_wait_for(s->u, pid, UTRACER_EVENT_EXIT, &ev, 100);
	if (p->spawned)
		reap_status(p);
	utracer_detach(s->u, pid, 0);
	drop_proc(s, pid);
	while (utracer_event_next(s->u, &ev) == 0)
		;
}

/* A program we started and detached is reaped by init once we are gone. */
static void detach_process(struct server *s, pid_t pid)
{
	if (!find_proc(s, pid))
		return;
	bp_release_mem(s, pid);
	utracer_detach(s->u, pid, 0);
	drop_proc(s, pid);
}

static void release_all(struct server *s)
{
	for (size_t i = s->nbps; i-- > 0;)
		bp_release(s, &s->bps[i]);
	s->step_tid = 0;
	while (s->nprocs) {
		if (s->procs[0].spawned)
			kill_process(s, s->procs[0].pid);
		else
			detach_process(s, s->procs[0].pid);
	}
}

/* --- Packets ------------------------------------------------------------- */

/* "ADDR,LEN" in hex; the rest after it in *rest. */
static int parse_addr_len(const char *str, uint64_t *addr, uint64_t *len, const char **rest)
{
	char *e;

	errno = 0;
	*addr = strtoull(str, &e, 16);
	if (e == str || *e != ',' || errno)
		return -1;
	str = e + 1;
	*len = strtoull(str, &e, 16);
	if (e == str || errno)
		return -1;
	*rest = e;
	return 0;
}

/* qXfer's "OFFSET,LENGTH" over a document: 'm' part or 'l' last part. */
static void xfer_reply(struct server *s, const char *doc, size_t doclen, const char *range)
{
	uint64_t off, len;
	const char *rest;

	if (parse_addr_len(range, &off, &len, &rest) || *rest) {
		reply_str(s, "E00");
		return;
	}
	sb_reset(&s->reply);
	if (off >= doclen) {
		sb_addc(&s->reply, 'l');
		return;
	}
	if (len > PACKET_MAX / 2)
		len = PACKET_MAX / 2;
	if (len > doclen - off) {
		sb_addc(&s->reply, 'l');
		len = doclen - off;
	} else {
		sb_addc(&s->reply, 'm');
	}
	add_binary(&s->reply, doc + off, len);
}

static void xfer_threads(struct server *s, const char *range)
{
	struct strbuf doc = STRBUF_INIT;
	size_t n;
	struct utracer_task *t = live_tasks(s, &n);

	sb_add(&doc, "<?xml version=\"1.0\"?>\n<threads>\n");
	for (size_t i = 0; t && i < n; i++) {
		sb_add(&doc, "<thread id=\"");
		add_thread_id(s, &doc, t[i].pid, t[i].tid);
		sb_add(&doc, "\"/>\n");
	}
	sb_add(&doc, "</threads>\n");
	free(t);
	xfer_reply(s, sb_str(&doc), doc.len, range);
	sb_free(&doc);
}

/* The current process's auxiliary vector; NULL once the error is replied. */
static struct utracer_auxv *cur_auxv(struct server *s, struct gs_proc **proc, size_t *n)
{
	struct gs_proc *p = cur_proc(s);
	struct utracer_auxv *a;

	if (!p) {
		reply_str(s, "E01");
		return NULL;
	}
	a = utracer_auxv_list(s->u, p->pid, n);
	if (!a)
		reply_error(s, errno);
	*proc = p;
	return a;
}

static void xfer_auxv(struct server *s, const char *range)
{
	struct gs_proc *p;
	struct utracer_auxv *a;
	size_t n, width;
	unsigned char *doc;

	a = cur_auxv(s, &p, &n);
	if (!a)
		return;
	width = p->arch == GS_ARCH_I386 ? 4 : 8;
	doc = calloc(n + 1, 2 * width);
	if (!doc) {
		free(a);
		reply_error(s, ENOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(doc + i * 2 * width, &a[i].type, width);
		memcpy(doc + i * 2 * width + width, &a[i].value, width);
	}
	xfer_reply(s, (const char *)doc, (n + 1) * 2 * width, range);
	free(doc);
	free(a);
}

static void xfer_exec_file(struct server *s, const char *annex, const char *range)
{
	pid_t pid = annex[0] ? (pid_t)strtol(annex, NULL, 16) : 0;
	char *path;

	if (!pid) {
		struct gs_proc *p = cur_proc(s);

		pid = p ? p->pid : 0;
	}
	if (!pid || !find_proc(s, pid)) {
		reply_str(s, "E01");
		return;
	}
	path = utracer_exe_path(s->u, pid);
	if (!path) {
		reply_error(s, errno);
		return;
	}
	xfer_reply(s, path, strlen(path), range);
	free(path);
}

/*
 * The siginfo of the signal the current thread (Hg) stopped for, in its
 * ABI's layout, as gdbserver gives PTRACE_GETSIGINFO's; E01 when its last
 * stop was not a signal (a breakpoint, a step, a syscall, a stop of all).
 */
static void xfer_siginfo(struct server *s, const char *range)
{
	if (!s->sig_tid || cur_tid(s) != s->sig_tid) {
		reply_str(s, "E01");
		return;
	}
	xfer_reply(s, (const char *)s->siginfo, sizeof(s->siginfo), range);
}

/* The dynamic linker's list of the current process's objects. */
static void xfer_libraries_svr4(struct server *s, const char *annex, const char *range)
{
	struct gs_proc *p;
	struct clean_reader r;
	struct strbuf doc = STRBUF_INIT;
	struct utracer_auxv *a;
	size_t n;

	/* Without augmented-libraries-svr4-read+, gdb sends no annex. */
	if (*annex) {
		reply_str(s, "E01");
		return;
	}
	a = cur_auxv(s, &p, &n);
	if (!a)
		return;
	r.s = s;
	r.pid = p->pid;
	if (gs_svr4_document(&doc, a, n, p->arch, clean_reader, &r))
		reply_str(s, "E01");
	else
		xfer_reply(s, sb_str(&doc), doc.len, range);
	sb_free(&doc);
	free(a);
}

static void handle_qxfer(struct server *s, char *pkt)
{
	char *object = pkt + strlen("qXfer:"), *op, *annex, *range;

	op = strchr(object, ':');
	if (!op)
		goto bad;
	*op++ = '\0';
	annex = strchr(op, ':');
	if (!annex)
		goto bad;
	*annex++ = '\0';
	range = strchr(annex, ':');
	if (!range)
		goto bad;
	*range++ = '\0';
	if (strcmp(op, "read")) {
		reply_str(s, "");
		return;
	}
	if (!strcmp(object, "features")) {
		struct gs_proc *p = cur_proc(s);
		const char *doc = gs_tdesc(p ? p->arch : GS_ARCH_AMD64, annex);

		if (!doc)
			reply_str(s, "E00");
		else
			xfer_reply(s, doc, strlen(doc), range);
	} else if (!strcmp(object, "threads")) {
		xfer_threads(s, range);
	} else if (!strcmp(object, "auxv")) {
		xfer_auxv(s, range);
	} else if (!strcmp(object, "exec-file")) {
		xfer_exec_file(s, annex, range);
	} else if (!strcmp(object, "siginfo")) {
		xfer_siginfo(s, range);
	} else if (!strcmp(object, "libraries-svr4")) {
		xfer_libraries_svr4(s, annex, range);
	} else if (!strcmp(object, "osdata")) {
		/* Built once, at offset 0: the parts gdb reads next are of the same list. */
		if (!strtoull(range, NULL, 16)) {
			sb_reset(&s->osdata);
			if (gs_osdata(&s->osdata, annex)) {
				reply_str(s, "E00");
				return;
			}
		}
		xfer_reply(s, sb_str(&s->osdata), s->osdata.len, range);
	} else {
		reply_str(s, "");
	}
	return;
bad:
	reply_str(s, "E00");
}

static void handle_qsupported(struct server *s, const char *pkt)
{
	const char *f = strchr(pkt, ':');

	while (f) {
		f++;
		if (!strncmp(f, "multiprocess+", 13))
			s->multiprocess = 1;
		else if (!strncmp(f, "fork-events+", 12))
			s->fork_events = 1;
		else if (!strncmp(f, "exec-events+", 12))
			s->exec_events = 1;
		f = strchr(f, ';');
	}
	sb_reset(&s->reply);
	sb_addf(&s->reply, "PacketSize=%x;QStartNoAckMode+;qXfer:features:read+;"
		"qXfer:threads:read+;qXfer:auxv:read+;qXfer:exec-file:read+;qXfer:siginfo:read+;"
		"qXfer:libraries-svr4:read+;qXfer:osdata:read+;"
		"multiprocess+;swbreak+;hwbreak+;fork-events+;exec-events+;QCatchSyscalls+;"
		"QPassSignals+;QProgramSignals+;vContSupported+;QNonStop+", PACKET_MAX);
}

/* "QPassSignals:NN;NN..." (gdb's numbers). */
static void handle_pass_signals(struct server *s, const char *list)
{
	memset(s->pass, 0, sizeof(s->pass));
	while (*list) {
		char *e;
		long g = strtol(list, &e, 16);
		int sig = from_gdb_signal((int)g);

		if (e == list)
			break;
		if (sig > 0 && sig < 65)
			s->pass[sig] = 1;
		list = *e == ';' ? e + 1 : e;
	}
	for (size_t i = 0; i < s->nprocs; i++)
		apply_holds(s, s->procs[i].pid);
	reply_str(s, "OK");
}

/* "QCatchSyscalls:0" or "QCatchSyscalls:1[;NR;NR...]". */
static void handle_catch_syscalls(struct server *s, const char *arg)
{
	int err = 0;

	if (!strcmp(arg, "0")) {
		s->catch_syscalls = 0;
	} else if (arg[0] == '1' && (arg[1] == '\0' || arg[1] == ';')) {
		s->catch_syscalls = 1;
		s->catch_all = arg[1] == '\0';
		utracer_syscall_set_zero(&s->catch_set);
		for (const char *p = arg + 1; *p == ';';) {
			char *e;
			unsigned long nr = strtoul(p + 1, &e, 16);

			if (e == p + 1 || utracer_syscall_set_add(&s->catch_set, (unsigned int)nr)) {
				reply_str(s, "E01");
				return;
			}
			p = e;
		}
	} else {
		reply_str(s, "E01");
		return;
	}
	for (size_t i = 0; !err && i < s->nprocs; i++)
		err = apply_events(s, s->procs[i].pid);
	if (err)
		reply_error(s, err);
	else
		reply_str(s, "OK");
}

static void handle_read_mem(struct server *s, const char *args)
{
	uint64_t addr, len;
	const char *rest;
	struct gs_proc *p = cur_proc(s);
	unsigned char *buf;
	long n;

	if (parse_addr_len(args, &addr, &len, &rest) || *rest) {
		reply_str(s, "E01");
		return;
	}
	if (!p) {
		reply_str(s, "E01");
		return;
	}
	if (len > PACKET_MAX / 2)
		len = PACKET_MAX / 2;
	buf = malloc(len ? len : 1);
	if (!buf) {
		reply_error(s, ENOMEM);
		return;
	}
	n = len ? read_clean(s, p->pid, addr, buf, len) : 0;
	sb_reset(&s->reply);
	if (n < 0 || (n == 0 && len))
		reply_str(s, "E01");
	else
		gs_hex_add(&s->reply, buf, (size_t)n);
	free(buf);
}

/* Writes memory; the bytes under our breakpoints become their saved bytes. */
static int write_mem(struct server *s, pid_t pid, uint64_t addr, unsigned char *buf,
		     size_t len)
{
	ssize_t n;

	for (size_t i = 0; i < s->nbps; i++)
		if (s->bps[i].addr >= addr && s->bps[i].addr < addr + len &&
		    (!s->bps[i].mem_pid || s->bps[i].mem_pid == pid)) {
			s->bps[i].orig = buf[s->bps[i].addr - addr];
			buf[s->bps[i].addr - addr] = INT3;
		}
	n = len ? utracer_mem_write(s->u, pid, addr, buf, len) : 0;
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

static void handle_write_mem(struct server *s, char *args, size_t pktlen, int binary)
{
	uint64_t addr, len;
	const char *rest;
	struct gs_proc *p = cur_proc(s);
	unsigned char *buf;
	int err;

	if (parse_addr_len(args, &addr, &len, &rest) || *rest != ':' || len > PACKET_MAX) {
		reply_str(s, "E01");
		return;
	}
	if (!p) {
		reply_str(s, "E01");
		return;
	}
	rest++;
	buf = malloc(len ? len : 1);
	if (!buf) {
		reply_error(s, ENOMEM);
		return;
	}
	if (binary) {
		size_t datalen = pktlen - (size_t)(rest - args);
		size_t got = unescape((char *)rest, datalen);

		if (got != len) {
			free(buf);
			reply_str(s, "E01");
			return;
		}
		memcpy(buf, rest, len);
	} else if (gs_hex_decode(rest, strlen(rest), buf, len)) {
		free(buf);
		reply_str(s, "E01");
		return;
	}
	err = write_mem(s, p->pid, addr, buf, len);
	free(buf);
	if (err)
		reply_error(s, err);
	else
		reply_str(s, "OK");
}

static void handle_breakpoint(struct server *s, const char *pkt)
{
	uint64_t addr, kind;
	const char *rest;
	struct gs_proc *p = cur_proc(s);
	int err;

	/* Z3, read watchpoints: x86 has none; gdb then uses Z4 (access). */
	if (pkt[1] != '0' && pkt[1] != '1' && pkt[1] != '2' && pkt[1] != '4') {
		reply_str(s, "");
		return;
	}
	if (pkt[2] != ',' || parse_addr_len(pkt + 3, &addr, &kind, &rest) ||
	    (*rest && *rest != ';')) {
		reply_str(s, "E01");
		return;
	}
	if (!p) {
		reply_str(s, "E01");
		return;
	}
	if (pkt[0] == 'z' && s->fork_window)
		err = 0;
	else if (pkt[1] != '0' && pkt[0] == 'Z')
		err = hw_insert(s, p->pid, pkt[1], addr, kind);
	else if (pkt[1] != '0')
		err = hw_remove(s, p->pid, pkt[1], addr, kind);
	else if (pkt[0] == 'Z')
		err = bp_insert(s, p->pid, addr, 1);
	else
		err = bp_remove_gdb(s, addr);
	if (err)
		reply_error(s, err);
	else
		reply_str(s, "OK");
}

/* vCont;ACTION[:THREAD]...: all-stop, one step at most. */
static void handle_vcont(struct server *s, char *args)
{
	pid_t step = 0, only[64];
	size_t nonly = 0;
	int others = 0, err, verdict = -1;

	if (!s->nprocs) {
		reply_str(s, "E01");
		return;
	}
	s->fork_window = 0;
	while (*args == ';') {
		char action = args[1];
		const char *p = args + 2;
		pid_t pid = 0, tid = -1;
		int sig = 0;

		if (action != 'c' && action != 'C' && action != 's' && action != 'S') {
			reply_str(s, "E01");
			return;
		}
		if (action == 'C' || action == 'S') {
			char *e;

			sig = from_gdb_signal((int)strtol(p, &e, 16));
			if (e == p || sig < 0 || sig > 64) {
				reply_str(s, "E01");
				return;
			}
			p = e;
		}
		if (*p == ':') {
			if (parse_thread_id(p + 1, &p, &pid, &tid)) {
				reply_str(s, "E01");
				return;
			}
		}
		/*
		 * The first action for a thread stopped for a held signal says
		 * what it gets: C/S's signal, or none. A signal that was not
		 * held was delivered when it stopped the thread (docs/gdbserver.md).
		 */
		if (s->held_tid && verdict < 0 && (tid == -1 || tid == 0 || tid == s->held_tid))
			verdict = sig;
		if (tid == -1 || tid == 0) {
			/* The default action: every thread not named before it. */
			if (action == 's' || action == 'S') {
				if (!step)
					step = cur_tid(s);
			} else {
				others = 1;
			}
		} else if (action == 's' || action == 'S') {
			if (!step)
				step = tid;
		} else if (nonly < sizeof(only) / sizeof(only[0])) {
			only[nonly++] = tid;
		}
		args = (char *)p;
	}
	if (*args) {
		reply_str(s, "E01");
		return;
	}
	if (verdict >= 0) {
		err = utracer_signal_verdict(s->u, s->held_tid, verdict);
		if (err && err != -ESRCH && err != -ENOENT)
			udb_error("gdbserver: signal %d for thread %d: %s", verdict,
				  (int)s->held_tid, utracer_strerror(err));
		s->held_tid = 0;
	}
	if (step) {
		err = step_begin(s, step);
		if (err) {
			udb_error("gdbserver: cannot step thread %d: %s", (int)step,
				  utracer_strerror(err));
			reply_error(s, err);
			return;
		}
	}
	/* A thread that runs leaves its signal stop. */
	if (s->sig_tid && (others || step == s->sig_tid))
		s->sig_tid = 0;
	for (size_t i = 0; s->sig_tid && i < nonly; i++)
		if (only[i] == s->sig_tid)
			s->sig_tid = 0;
	s->running = 1;
	s->all_running = others;
	sb_reset(&s->reply);
	if (others) {
		/*
		 * Events that came while gdb looked (a second thread's breakpoint)
		 * wait in the queue, their threads still held: report the first
		 * that stops before anything runs, as gdbserver reports a pending
		 * status.
		 */
		struct utracer_event_info ev;

		while (!step && utracer_event_next(s->u, &ev) == 0)
			if (on_event(s, &ev)) {
				s->running = 0;
				return;
			}
		if (step && s->module_step) {
			run_all_but(s, step);
			step_run(s, step);
		} else {
			run_all(s);
		}
		return;
	}
	if (step && s->module_step)
		step_run(s, step);
	else if (step)
		utracer_run(s->u, step, UTRACER_THREAD);
	for (size_t i = 0; i < nonly; i++)
		utracer_run(s->u, only[i], UTRACER_THREAD);
}

/* The legacy resume packets: c, C, s, S [addr ignored]. */
static void handle_legacy_resume(struct server *s, const char *pkt)
{
	char buf[64];

	/* C SIG[;ADDR] and S SIG[;ADDR]: the signal, without the address. */
	if (pkt[0] == 'C' || pkt[0] == 'S')
		snprintf(buf, sizeof(buf), ";%c%.2s", pkt[0], pkt + 1);
	else
		snprintf(buf, sizeof(buf), ";%c", pkt[0]);
	handle_vcont(s, buf);
}

static void handle_detach(struct server *s, const char *pkt)
{
	pid_t pid = 0;

	if (pkt[1] == ';')
		pid = (pid_t)strtol(pkt + 2, NULL, 16);
	if (pid && !find_proc(s, pid)) {
		reply_str(s, "E01");
		return;
	}
	if (pid) {
		detach_process(s, pid);
	} else {
		for (size_t i = s->nbps; i-- > 0;)
			bp_release(s, &s->bps[i]);
		while (s->nprocs)
			detach_process(s, s->procs[0].pid);
	}
	if (!s->nprocs)
		for (size_t i = s->nbps; i-- > 0;)
			bp_release(s, &s->bps[i]);
	reply_str(s, "OK");
}

static void handle_vrun(struct server *s, char *args)
{
	char *argv[64];
	size_t argc = 0;
	char *tok = args;

	while (tok && argc < sizeof(argv) / sizeof(argv[0]) - 1) {
		char *next = strchr(tok, ';');
		size_t len;

		if (next)
			*next++ = '\0';
		len = strlen(tok) / 2;
		if (gs_hex_decode(tok, strlen(tok), tok, len)) {
			for (size_t i = 0; i < argc; i++)
				free(argv[i]);
			reply_str(s, "E01");
			return;
		}
		argv[argc] = strndup(tok, len);
		if (argv[argc])
			argc++;
		tok = next;
	}
	argv[argc] = NULL;
	/* No name: the program last started, as gdbserver's (with these arguments). */
	if (argc && !argv[0][0] && s->last_argv) {
		char *name = strdup(s->last_argv[0]);

		if (name) {
			free(argv[0]);
			argv[0] = name;
		}
	}
	if (!argc || !argv[0][0]) {
		for (size_t i = 0; i < argc; i++)
			free(argv[i]);
		reply_str(s, "E01");
		return;
	}
	if (start_program(s, argv)) {
		reply_str(s, "E01");
	} else {
		if (s->non_stop)
			ns_add_proc(s, s->last_stop_tid, 0);
		reply_str(s, sb_str(&s->last_stop));
	}
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
}

static void handle_thread_alive(struct server *s, const char *args)
{
	pid_t pid, tid;
	const char *e;

	if (parse_thread_id(args, &e, &pid, &tid) || *e) {
		reply_str(s, "E01");
		return;
	}
	reply_str(s, tid > 0 && pid_of(s, tid) ? "OK" : "E01");
}

static void handle_set_thread(struct server *s, const char *pkt)
{
	pid_t pid, tid;
	const char *e;

	if (parse_thread_id(pkt + 2, &e, &pid, &tid) || *e) {
		reply_str(s, "E01");
		return;
	}
	if (pkt[1] == 'g') {
		if (tid > 0 && !pid_of(s, tid)) {
			reply_str(s, "E01");
			return;
		}
		if (tid > 0)
			s->gtid = tid;
		else if (pid > 0 && find_proc(s, pid))
			s->gtid = pid;
	}
	reply_str(s, "OK");
}

static void handle_thread_info(struct server *s)
{
	size_t n;
	struct utracer_task *t = live_tasks(s, &n);

	sb_reset(&s->reply);
	if (!t || !n) {
		sb_addc(&s->reply, 'l');
		free(t);
		return;
	}
	sb_addc(&s->reply, 'm');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(&s->reply, ',');
		add_thread_id(s, &s->reply, t[i].pid, t[i].tid);
	}
	free(t);
}

static void handle_regs(struct server *s, char *pkt)
{
	struct gs_proc *p = cur_proc(s);
	pid_t tid = cur_tid(s);
	int err;

	if (!p) {
		reply_str(s, "E01");
		return;
	}
	sb_reset(&s->reply);
	switch (pkt[0]) {
	case 'g':
		err = gs_regs_get_all(s->u, tid, p->arch, &s->reply);
		break;
	case 'G':
		err = gs_regs_set_all(s->u, tid, p->arch, pkt + 1);
		if (!err)
			reply_str(s, "OK");
		break;
	case 'p': {
		char *e;
		long regno = strtol(pkt + 1, &e, 16);

		err = *e || e == pkt + 1 ? -EINVAL :
		      gs_reg_get(s->u, tid, p->arch, (int)regno, &s->reply);
		break;
	}
	default: {	/* 'P' */
		char *e;
		long regno = strtol(pkt + 1, &e, 16);

		err = *e != '=' || e == pkt + 1 ? -EINVAL :
		      gs_reg_set(s->u, tid, p->arch, (int)regno, e + 1);
		if (!err)
			reply_str(s, "OK");
		break;
	}
	}
	if (err)
		reply_error(s, err);
}

/* --- Monitor commands (qRcmd) ------------------------------------------------ */

static const char *const monitor_help[] = {
	"The following monitor commands are supported:\n",
	"  set debug <0|1>\n",
	"    Enable general debugging messages\n",
	"  set remote-debug <0|1>\n",
	"    Enable remote protocol debugging messages\n",
	"  set debug-format option1[,option2,...]\n",
	"    Add additional information to debugging messages\n",
	"    Options: all, none, timestamp\n",
	"  help\n",
	"    Show this list\n",
	"  exit\n",
	"    Quit GDBserver\n",
};

/* Text for gdb's console: an 'O' packet, in hex. */
static void monitor_output(struct server *s, const char *text)
{
	sb_reset(&s->reply);
	sb_addc(&s->reply, 'O');
	gs_hex_add(&s->reply, text, strlen(text));
	send_reply(s);
}

static void monitor_show_help(struct server *s)
{
	for (size_t i = 0; i < sizeof(monitor_help) / sizeof(monitor_help[0]); i++)
		monitor_output(s, monitor_help[i]);
}

/*
 * "set debug-format LIST", as gdbserver: comma-separated, empty items
 * ignored; 0, or -1 with the help after an unknown item.
 */
static int monitor_debug_format(struct server *s, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ",");
		char msg[128];

		if (n == 3 && !strncmp(list, "all", 3)) {
			s->debug_timestamp = 1;
			monitor_output(s, "All extra debug format options enabled.\n");
		} else if (n == 4 && !strncmp(list, "none", 4)) {
			s->debug_timestamp = 0;
			monitor_output(s, "All extra debug format options disabled.\n");
		} else if (n == 9 && !strncmp(list, "timestamp", 9)) {
			s->debug_timestamp = 1;
			monitor_output(s, "Timestamps will be added to debug output.\n");
		} else if (n) {
			snprintf(msg, sizeof(msg), "Unknown debug-format argument: \"%.*s\"\n",
				 (int)(n < 64 ? n : 64), list);
			monitor_output(s, msg);
			monitor_show_help(s);
			return -1;
		}
		list += n;
		if (*list == ',')
			list++;
	}
	return 0;
}

/* qRcmd,HEX: gdb's "monitor" command, answered as gdbserver answers it. */
static void handle_monitor(struct server *s, const char *hex)
{
	size_t hexlen = strlen(hex);
	char *cmd = malloc(hexlen / 2 + 1);
	int ok = 1;

	if (!cmd || hexlen % 2 || gs_hex_decode(hex, hexlen, cmd, hexlen / 2)) {
		free(cmd);
		reply_str(s, "E01");
		return;
	}
	cmd[hexlen / 2] = '\0';
	if (!strcmp(cmd, "set debug 1") || !strcmp(cmd, "set debug 0")) {
		s->debug = cmd[10] == '1';
		monitor_output(s, s->debug ? "Debug output enabled.\n" : "Debug output disabled.\n");
	} else if (!strcmp(cmd, "set remote-debug 1") || !strcmp(cmd, "set remote-debug 0")) {
		s->remote_debug = cmd[17] == '1';
		monitor_output(s, s->remote_debug ? "Protocol debug output enabled.\n"
						  : "Protocol debug output disabled.\n");
	} else if (!strncmp(cmd, "set debug-format ", 17)) {
		ok = !monitor_debug_format(s, cmd + 17);
	} else if (!strcmp(cmd, "help")) {
		monitor_show_help(s);
	} else if (!strcmp(cmd, "exit")) {
		s->exit_requested = 1;
	} else {
		monitor_output(s, "Unknown monitor command.\n\n");
		monitor_show_help(s);
		ok = 0;
	}
	free(cmd);
	reply_str(s, ok ? "OK" : "E01");
}

/* Returns 1 when the session ends (k in the plain remote protocol). */
static int handle_packet(struct server *s, char *pkt, size_t len)
{
	reply_str(s, "");
	switch (pkt[0]) {
	case '?':
		if (s->non_stop)
			ns_status(s);
		else if (s->nprocs)
			reply_str(s, sb_str(&s->last_stop));
		else
			reply_str(s, "W00");
		break;
	case '!':
		s->extended = 1;
		reply_str(s, "OK");
		break;
	case 'g':
	case 'G':
	case 'p':
	case 'P':
		handle_regs(s, pkt);
		break;
	case 'm':
		handle_read_mem(s, pkt + 1);
		break;
	case 'M':
		handle_write_mem(s, pkt + 1, len - 1, 0);
		break;
	case 'X':
		handle_write_mem(s, pkt + 1, len - 1, 1);
		break;
	case 'Z':
	case 'z':
		handle_breakpoint(s, pkt);
		break;
	case 'H':
		if (pkt[1] == 'g' || pkt[1] == 'c')
			handle_set_thread(s, pkt);
		break;
	case 'T':
		handle_thread_alive(s, pkt + 1);
		break;
	case 'c':
	case 'C':
	case 's':
	case 'S':
		handle_legacy_resume(s, pkt);
		break;
	case 'D':
		handle_detach(s, pkt);
		break;
	case 'k':
		while (s->nprocs)
			kill_process(s, s->procs[0].pid);
		sb_reset(&s->reply);
		return !s->extended;
	case 'R':
		/*
		 * Restart (extended-remote, gdb's "run" without vRun): the
		 * processes are killed and the program last started starts
		 * again. No reply: gdb asks for the stop with '?'.
		 */
		if (!s->extended)
			break;
		while (s->nprocs)
			kill_process(s, s->procs[0].pid);
		if (s->last_argv && !start_program(s, s->last_argv) && s->non_stop)
			ns_add_proc(s, s->last_stop_tid, 0);
		sb_reset(&s->reply);
		return 0;
	case 'q':
		if (!strncmp(pkt, "qSupported", 10))
			handle_qsupported(s, pkt);
		else if (!strncmp(pkt, "qXfer:", 6))
			handle_qxfer(s, pkt);
		else if (s->disabled & GS_NO_QFTHREADINFO &&
			 (!strcmp(pkt, "qfThreadInfo") || !strcmp(pkt, "qsThreadInfo")))
			;
		else if (!strcmp(pkt, "qfThreadInfo"))
			handle_thread_info(s);
		else if (!strcmp(pkt, "qsThreadInfo"))
			reply_str(s, "l");
		else if (!strcmp(pkt, "qC") && s->disabled & GS_NO_QC)
			;
		else if (!strcmp(pkt, "qC")) {
			pid_t tid = cur_tid(s);

			sb_reset(&s->reply);
			if (tid) {
				sb_add(&s->reply, "QC");
				add_thread_id(s, &s->reply, pid_of(s, tid), tid);
			}
		} else if (!strncmp(pkt, "qAttached", 9)) {
			pid_t pid = pkt[9] == ':' ? (pid_t)strtol(pkt + 10, NULL, 16) : 0;
			struct gs_proc *p = pid ? find_proc(s, pid) : cur_proc(s);

			reply_str(s, !p ? "E01" : p->attached ? "1" : "0");
		} else if (!strncmp(pkt, "qSymbol", 7)) {
			reply_str(s, "OK");
		} else if (!strncmp(pkt, "qRcmd,", 6)) {
			handle_monitor(s, pkt + 6);
			if (s->exit_requested) {
				send_reply(s);
				return 1;
			}
		}
		break;
	case 'Q':
		if (!strcmp(pkt, "QStartNoAckMode")) {
			reply_str(s, "OK");
			send_reply(s);
			s->noack = 1;
			return 0;
		} else if (!strncmp(pkt, "QPassSignals:", 13)) {
			handle_pass_signals(s, pkt + 13);
		} else if (!strncmp(pkt, "QProgramSignals:", 16)) {
			reply_str(s, "OK");
		} else if (!strncmp(pkt, "QCatchSyscalls:", 15)) {
			handle_catch_syscalls(s, pkt + 15);
		} else if (!strcmp(pkt, "QNonStop:1")) {
			ns_begin(s);
			reply_str(s, "OK");
		} else if (!strcmp(pkt, "QNonStop:0")) {
			ns_end(s);
			reply_str(s, "OK");
		} else if (!strncmp(pkt, "QNonStop:", 9)) {
			fprintf(stderr, "Unknown non-stop mode requested: %s\n", pkt);
			reply_str(s, "E01");
		}
		break;
	case 'v':
		if (!strncmp(pkt, "vCont", 5) && s->disabled & GS_NO_VCONT) {
			;
		} else if (!strncmp(pkt, "vCont?", 6)) {
			reply_str(s, "vCont;c;C;t;s;S");
		} else if (!strncmp(pkt, "vCont", 5) && s->non_stop) {
			ns_vcont(s, pkt + 5);
		} else if (!strncmp(pkt, "vCont", 5)) {
			handle_vcont(s, pkt + 5);
		} else if (!strcmp(pkt, "vStopped") && s->non_stop) {
			/* gdb took the first queued stop reply: the next, or OK. */
			if (s->nqueue) {
				free(s->queue[0].reply);
				memmove(s->queue, s->queue + 1, --s->nqueue * sizeof(*s->queue));
			}
			ns_reply_head(s);
		} else if (!strncmp(pkt, "vKill;", 6)) {
			pid_t pid = (pid_t)strtol(pkt + 6, NULL, 16);

			if (!find_proc(s, pid)) {
				reply_str(s, "E01");
				break;
			}
			kill_process(s, pid);
			reply_str(s, "OK");
		} else if (!strncmp(pkt, "vAttach;", 8) && s->extended) {
			pid_t pid = (pid_t)strtol(pkt + 8, NULL, 16);

			if (pid <= 0 || attach_process(s, pid)) {
				reply_str(s, "E01");
			} else if (s->non_stop) {
				/* gdbserver's: OK, then each thread's stop as a notification. */
				ns_add_proc(s, pid, 1);
				reply_str(s, "OK");
			} else {
				reply_str(s, sb_str(&s->last_stop));
			}
		} else if (!strncmp(pkt, "vRun;", 5) && s->extended) {
			handle_vrun(s, pkt + 5);
		} else if (!strncmp(pkt, "vFile:", 6)) {
			gs_vfile_packet(&s->vfile, pkt, len, &s->reply, PACKET_MAX);
		}
		break;
	default:
		break;
	}
	if (!s->running || s->reply.len)
		send_reply(s);
	return 0;
}

/* --- The connection ------------------------------------------------------ */

/*
 * Splits COMM (HOST:PORT, :PORT, [IPV6]:PORT or IPV6:PORT) as gdbserver
 * does: brackets, when there, are removed and ask for IPv6. Returns 0, or
 * -1 having said why (gdbserver's messages for the brackets).
 */
static int parse_comm(const char *comm, char *host, size_t hostsz, const char **port,
		      int *family)
{
	const char *h = comm, *hend, *colon = strrchr(comm, ':');

	*family = AF_UNSPEC;
	if (comm[0] == '[') {
		const char *close = strchr(comm, ']');

		if (!close) {
			udb_error("gdbserver: Missing close bracket in hostname '%s'", comm);
			return -1;
		}
		if (close[1] != ':') {
			if (close[1])
				udb_error("gdbserver: Invalid cruft after close bracket in hostname '%s'",
					  comm);
			else
				udb_error("gdbserver: '%s' is not HOST:PORT, :PORT or -", comm);
			return -1;
		}
		*family = AF_INET6;
		h = comm + 1;
		hend = close;
		colon = close + 1;
	} else {
		if (colon && colon != strchr(comm, ':') && strchr(comm, ']')) {
			udb_error("gdbserver: Missing open bracket in hostname '%s'", comm);
			return -1;
		}
		hend = colon;
	}
	if (!colon || !colon[1] || (size_t)(hend - h) >= hostsz) {
		udb_error("gdbserver: '%s' is not HOST:PORT, :PORT or -", comm);
		return -1;
	}
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = '\0';
	*port = colon + 1;
	return 0;
}

/* 0, or what to exit with: UDB_EXIT_USAGE for a malformed COMM. */
static int open_listener(struct server *s, const char *comm)
{
	const char *portstr;
	char host[256];
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE };
	struct addrinfo *res, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = -1, one = 1, port, rc;

	if (parse_comm(comm, host, sizeof(host), &portstr, &hints.ai_family))
		return UDB_EXIT_USAGE;
	rc = getaddrinfo(host[0] ? host : NULL, portstr, &hints, &res);
	if (rc) {
		/* gdbserver's words: gdb's test suite waits for them. */
		udb_error("gdbserver: %s: cannot resolve name: %s", comm, gai_strerror(rc));
		return UDB_EXIT_FAILURE;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		udb_error("gdbserver: cannot listen on %s: %s", comm, strerror(errno));
		return UDB_EXIT_FAILURE;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						      : ((struct sockaddr_in *)&ss)->sin_port);
	else
		port = atoi(portstr);
	s->listen_port = port;
	s->listen_fd = fd;
	return 0;
}

static int accept_connection(struct server *s)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[NI_MAXHOST];
	int fd, one = 1;

	do
		fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR && !terminate);
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), NULL, 0,
			NI_NUMERICHOST) == 0)
		fprintf(stderr, "Remote debugging from host %s\n", host);
	s->in_fd = s->out_fd = fd;
	s->noack = 0;
	sb_reset(&s->rx);
	return 0;
}

/*
 * The protocol on stdin and stdout: a program we start must not read or
 * write them, so it gets /dev/null for input and our stderr for output,
 * as gdbserver does.
 */
static int use_stdio(struct server *s)
{
	int null;

	s->in_fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
	s->out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (s->in_fd < 0 || s->out_fd < 0 || null < 0 || dup2(null, 0) < 0 || dup2(2, 1) < 0) {
		udb_error("gdbserver: cannot set up stdin/stdout: %s", strerror(errno));
		if (null >= 0)
			close(null);
		return -1;
	}
	close(null);
	s->stdio = 1;
	return 0;
}

/*
 * One connection, until gdb goes (0), asks us to end (1), or we are
 * signalled (-1).
 */
static int serve(struct server *s)
{
	int evfd = utracer_event_fd(s->u);

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = s->in_fd, .events = POLLIN },
			{ .fd = evfd, .events = POLLIN },
		};
		struct utracer_event_info ev;
		char *pkt;
		size_t len;
		int r;

		if (terminate)
			return -1;
		while ((r = next_packet(s, &pkt, &len)) != 0) {
			if (r < 0)
				return -1;
			if (r == 2) {
				if (s->running) {
					interrupt(s);
					send_reply(s);
				}
				continue;
			}
			if (s->remote_debug)
				debug_line(s, "getpkt (\"%.*s\");", (int)len, pkt);
			r = handle_packet(s, pkt, len);
			free(pkt);
			if (r)
				return 1;
			ns_notify(s);
		}
		while ((s->running || s->non_stop) && utracer_event_next(s->u, &ev) == 0) {
			if (s->debug)
				debug_line(s, "event %s: pid %d tid %d", utracer_event_name(ev.type),
					   (int)ev.pid, (int)ev.tid);
			if (s->non_stop) {
				ns_event(s, &ev);
				ns_notify(s);
			} else if (on_event(s, &ev)) {
				s->running = 0;
				send_reply(s);
			}
		}
		if (poll(pfd, s->running || s->non_stop ? 2 : 1, -1) < 0 && errno != EINTR)
			return -1;
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (!receive(s))
				return 0;
		}
	}
}

static void show_disableable(FILE *f)
{
	fputs("Disableable packets:\n", f);
	for (size_t i = 0; i < sizeof(disableable) / sizeof(disableable[0]); i++)
		fprintf(f, "  %-12s\t%s\n", disableable[i].name, disableable[i].what);
}

/* --disable-packet=LIST: 0, or -1 having said what is unknown. */
static int parse_disable(struct server *s, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ","), i;

		for (i = 0; n && i < sizeof(disableable) / sizeof(disableable[0]); i++)
			if (strlen(disableable[i].name) == n && !strncmp(list, disableable[i].name, n))
				break;
		if (n && i == sizeof(disableable) / sizeof(disableable[0])) {
			udb_error("gdbserver: Don't know how to disable \"%.*s\".", (int)n, list);
			show_disableable(stderr);
			return -1;
		}
		if (n)
			s->disabled |= disableable[i].bits;
		list += n;
		if (*list == ',')
			list++;
	}
	return 0;
}

static void usage(void)
{
	fputs("usage: udb gdbserver [--once] [--multi] [--disable-packet=LIST]\n"
	      "                     [--wrapper WRAPPER [ARGS...] --] COMM\n"
	      "                     (PROG [ARGS...] | --attach PID)\n"
	      "       COMM: HOST:PORT, [IPV6]:PORT, :PORT, or - or stdio (stdin/stdout)\n",
	      stderr);
}

int udb_cmd_gdbserver(int argc, char **argv)
{
	struct server s = { .in_fd = -1, .out_fd = -1, .listen_fd = -1 };
	const char *comm = NULL, *soft_step;
	pid_t attach_pid = 0;
	char **prog = NULL;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--once")) {
			s.once = 1;
		} else if (!strcmp(argv[i], "--multi")) {
			s.extended = 1;
		} else if (!strcmp(argv[i], "--attach")) {
			if (!comm || i + 2 != argc) {
				udb_error("gdbserver: --attach takes one process id, after COMM");
				usage();
				return UDB_EXIT_USAGE;
			}
			attach_pid = udb_parse_pid(argv[i + 1]);
			if (attach_pid < 0)
				return UDB_EXIT_USAGE;
			i++;
		} else if (!strcmp(argv[i], "--wrapper") && !comm) {
			int j = i + 1;

			while (j < argc && strcmp(argv[j], "--"))
				j++;
			if (j == argc || j == i + 1) {
				udb_error("gdbserver: --wrapper takes WRAPPER [ARGS...] and then --");
				usage();
				return UDB_EXIT_USAGE;
			}
			s.wrapper = argv + i + 1;
			s.nwrapper = j - i - 1;
			i = j;
		} else if (!strcmp(argv[i], "--disable-packet")) {
			show_disableable(stdout);
			return 0;
		} else if (!strncmp(argv[i], "--disable-packet=", 17) && !comm) {
			if (parse_disable(&s, argv[i] + 17)) {
				usage();
				return UDB_EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "--selftest") || !strncmp(argv[i], "--selftest=", 11)) {
			/* gdbserver's unit tests; udb's are its test suite, not in the program. */
			printf("Selftests have been disabled for this build.\n");
			return 0;
		} else if (!strcmp(argv[i], "--help")) {
			usage();
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] && !comm) {
			udb_error("gdbserver: unknown option '%s'", argv[i]);
			usage();
			return UDB_EXIT_USAGE;
		} else if (!comm) {
			comm = argv[i];
		} else {
			prog = argv + i;
			break;
		}
	}
	if (!comm || (!prog && !attach_pid && !s.extended)) {
		udb_error("gdbserver: COMM and a program (or --attach PID, or --multi) are needed");
		usage();
		return UDB_EXIT_USAGE;
	}
	/* "stdio" is gdbserver's other name for "-". */
	if (!strcmp(comm, "stdio"))
		comm = "-";
	if (strcmp(comm, "-") && !strchr(comm, ':')) {
		udb_error("gdbserver: '%s' is not HOST:PORT, :PORT or -", comm);
		return UDB_EXIT_USAGE;
	}
	/* As gdbserver: the address is resolved before anything starts. */
	if (strcmp(comm, "-")) {
		rc = open_listener(&s, comm);
		if (rc)
			return rc;
	}
	s.u = udb_client_open();
	if (!s.u) {
		if (s.listen_fd >= 0)
			close(s.listen_fd);
		return UDB_EXIT_FAILURE;
	}
	/* UDB_SOFTWARE_STEP=1: the software step, as with a module without STEP. */
	soft_step = getenv("UDB_SOFTWARE_STEP");
	s.module_step = utracer_has_feature(s.u, UTRACER_FEATURE_STEP) == 1 &&
			!(soft_step && !strcmp(soft_step, "1"));
	udb_catch_signal(SIGTERM, on_terminate, 0);
	udb_catch_signal(SIGHUP, on_terminate, 0);
	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(comm, "-")) {
		/* Ctrl-C reaches gdb, which sends it to us as 0x03. */
		signal(SIGINT, SIG_IGN);
		if (use_stdio(&s))
			rc = UDB_EXIT_FAILURE;
	} else {
		udb_catch_signal(SIGINT, on_terminate, 0);
	}
	if (!rc && prog && start_program(&s, prog)) {
		fprintf(stderr, "Exiting\n");
		rc = UDB_EXIT_FAILURE;
	}
	if (!rc && attach_pid && attach_process(&s, attach_pid))
		rc = UDB_EXIT_FAILURE;
	/* As gdbserver: the program first ("Process ... created"), then the port. */
	if (!rc && s.listen_fd >= 0)
		fprintf(stderr, "Listening on port %d\n", s.listen_port);
	while (!rc) {
		int r;

		if (!s.stdio && accept_connection(&s)) {
			if (!terminate)
				udb_error("gdbserver: accept: %s", strerror(errno));
			break;
		}
		r = serve(&s);
		/* The files gdb opened belong to the connection. */
		gs_vfile_close_all(&s.vfile);
		if (!s.stdio)
			close(s.in_fd);
		if (r == 0)
			fprintf(stderr, "Remote side has terminated connection.\n");
		if (r != 0 || s.stdio || s.once || (!s.nprocs && !s.extended))
			break;
		/* gdbserver keeps the port open for the next gdb, the tracee held. */
		ns_end(&s);
		stop_all(&s);
		bp_remove_temps(&s);
	}
	ns_end(&s);
	release_all(&s);
	free(s.nst);
	free(s.queue);
	if (s.stdio) {
		close(s.in_fd);
		close(s.out_fd);
	}
	if (s.listen_fd >= 0)
		close(s.listen_fd);
	free(s.bps);
	free(s.hws);
	free_argv(s.last_argv);
	sb_free(&s.osdata);
	sb_free(&s.rx);
	sb_free(&s.reply);
	sb_free(&s.last_stop);
	gs_tdesc_free();
	utracer_close(s.u);
	return rc;
}
