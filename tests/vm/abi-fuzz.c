// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a fuzzer of the whole raw ABI (control, cmd by ioctl and by
 * write, resp). Several clients at once (one of them unprivileged), each
 * with threads issuing random and structure-aware commands, sizes, flags
 * and pointers (NULL, unmapped, kernel, misaligned, straddling a guard
 * page, read-only) on pids of every kind (live tracees and their threads,
 * exiting, zombie, reused, kernel threads, init, itself, other clients,
 * another user's), and random sequences of attach, quiesce, run, detach,
 * read, hardware breakpoints and unregister against tracees that fork, exec, spawn threads and
 * die. It checks what must hold whatever the input: the documented errors
 * for unknown commands (ENOTTY, and never for a command's number whose
 * size bits are another version's of its struct), bad pointers, unknown
 * flags, non-zero padding and short or unknown-tail sizes; well-formed
 * event records with no gap in the sequence numbers (events lost: 0); no
 * call that hangs; no tracee left stopped once the clients are gone.
 * Time-bounded and reproducible:
 *
 *   abi-fuzz [--seconds N] [--seed S] [--clients N] [--verbose]
 *
 * prints its seed first and its figures last. `make fuzz` runs it long on
 * the debug kernel with allocation-failure injection on. Without --seconds
 * (the ordinary test suite) it runs until it has done a set amount of work
 * (iterations, attachments, events), for 10 s at least and 60 s at most, so
 * that a slow kernel (KASAN under TCG) is judged on work done, not on time;
 * short of it at 10 s, it keeps one tracee per client (lean), so that busy
 * tracees do not starve the clients.
 *
 * The fuzzer keeps out of its own way: what the module may write to through
 * a pointer lies in a guarded arena (a mutated out pointer that would land
 * in the fuzzer's memory is redirected, and writes past the length given
 * are caught with a canary), and tracees are spawned sharing the client's
 * file table, not holding a copy of it (see fork_shared_files()). A client
 * that dies of a fatal signal prints the address, the instruction and what
 * each of its threads last asked; a tracee that dies of one is a violation.
 * docs/reliability.md has the findings and how they were diagnosed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <ucontext.h>
#include "uabi.h"

#define MAX_CLIENTS	8
#define MAX_TRACEES	4
#define MAX_POOL	64
#define HANG_MS		30000
#define STOP_GRACE_MS	10000
#define TRACEE_GENS	3
#define BUFSZ		65536

/* ------------------------------------------------------------------------ */
/* Random numbers: xorshift64*, one state per thread. */

static uint64_t rnd_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(rnd_next(s) % n) : 0;
}

static uint64_t rnd_seed(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t s = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL);

	return s ? s : 0x1234567;
}

/* ------------------------------------------------------------------------ */
/* Figures, in memory shared by the parent and the clients. */

struct client_stats {
	volatile long long heartbeat;	/* uabi_now_ms() of the last operation */
	volatile int op_in_progress;	/* the kind of operation under way */
	pid_t pid;
	long long ops;
	long long ioctls;
	long long writes;
	long long reads;
	long long events;
	long long lost_reported;	/* sum of LOST records' counts */
	long long seq_gaps;		/* events missing between sequence numbers */
	long long malformed;
	long long violations;
	long long attached;
	long long stopped;
	long long resumed;
	long long detached;
	long long tracees;
	long long registers;
	long long enomem;
	long long efault;
	long long redirected;		/* out pointers a mutation sent into mapped memory */
	long long canaries;		/* writes checked against their length */
	long long max_threads;		/* tracee threads attached at once (task list) */
	long long left_stopped;
	int failed_setup;
};

struct shared {
	volatile long long end;		/* when the clients stop: the parent may bring it in */
	volatile int lean;		/* a slow kernel: one tracee per client, no holder */
	pid_t other_user;		/* a process of uid 65534 */
	pid_t clients[MAX_CLIENTS];
	struct client_stats st[MAX_CLIENTS];
};

static struct shared *shm;
static int verbose;
static char self_exe[PATH_MAX];

static const char *const op_names[] = {
	"none", "ioctl", "write", "read", "sequence", "lifecycle", "tracees", "racer",
};

/* ------------------------------------------------------------------------ */
/* Tracees: this program again, with --tracee END_MS GENERATION SEED. */

static volatile sig_atomic_t tracee_stop;

static void tracee_term(int sig)
{
	(void)sig;
	_exit(0);
}

static void tracee_usr1(int sig)
{
	(void)sig;
}

struct tracee_ctx {
	long long end;
	int gen;
	uint64_t seed;
};

static void *tracee_long_thread(void *arg)
{
	const struct tracee_ctx *t = arg;
	struct timespec ts = { 0, 2000000 };

	while (uabi_now_ms() < t->end && !tracee_stop) {
		syscall(SYS_getppid);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void *tracee_short_thread(void *arg)
{
	int i;

	for (i = 0; i < 20; i++)
		syscall(SYS_getpid);
	return arg;
}

static void tracee_exec(const struct tracee_ctx *t, uint64_t *s)
{
	char end[32], gen[16], seed[32];

	if (t->gen >= TRACEE_GENS)
		execl("/bin/true", "true", (char *)NULL);
	snprintf(end, sizeof(end), "%lld", t->end);
	snprintf(gen, sizeof(gen), "%d", t->gen + 1);
	snprintf(seed, sizeof(seed), "%" PRIu64, rnd_next(s));
	execl(self_exe, self_exe, "--tracee", end, gen, seed, (char *)NULL);
}

static void *tracee_exec_thread(void *arg)
{
	struct tracee_ctx *t = arg;
	uint64_t s = t->seed;

	tracee_exec(t, &s);
	return NULL;
}

static int tracee_main(long long end, int gen, uint64_t seed)
{
	static struct tracee_ctx ctx;
	struct timespec ts;
	pthread_t th;
	int long_threads = 0, i, fd;
	uint64_t s = seed ? seed : 1;
	pid_t pid;

	ctx.end = end;
	ctx.gen = gen;
	ctx.seed = seed;
	signal(SIGTERM, tracee_term);
	signal(SIGUSR1, tracee_usr1);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	while (uabi_now_ms() < end) {
		uint32_t r = rnd(&s, 100);

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (r < 30) {
			for (i = 0; i < 50; i++)
				syscall(SYS_getppid);
		} else if (r < 45) {
			ts.tv_sec = 0;
			ts.tv_nsec = (1 + rnd(&s, 10)) * 1000000L;
			nanosleep(&ts, NULL);
		} else if (r < 55) {
			if (!pthread_create(&th, NULL, tracee_short_thread, NULL)) {
				if (rnd(&s, 2))
					pthread_join(th, NULL);
				else
					pthread_detach(th);
			}
		} else if (r < 60) {
			if (long_threads < 3 &&
			    !pthread_create(&th, NULL, tracee_long_thread, &ctx)) {
				pthread_detach(th);
				long_threads++;
			}
		} else if (r < 70) {
			pid = fork();
			if (pid == 0) {
				for (i = 0; i < 20; i++)
					syscall(SYS_getpid);
				if (rnd(&s, 3) == 0)
					tracee_exec(&ctx, &s);
				_exit((int)rnd(&s, 4));
			}
		} else if (r < 75) {
			raise(SIGUSR1);
		} else if (r < 77) {
			ctx.seed = rnd_next(&s);
			if (rnd(&s, 2) && !pthread_create(&th, NULL, tracee_exec_thread, &ctx))
				pthread_join(th, NULL);	/* returns only if exec failed */
			else
				tracee_exec(&ctx, &s);
		} else if (r < 78 && gen > 0) {
			if (rnd(&s, 2))
				_exit(3);
			kill(getpid(), SIGKILL);
		} else if (fd >= 0) {
			if (write(fd, "x", 1) < 0)
				break;
		}
	}
	tracee_stop = 1;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Pointers the commands are given. */

enum ptr_kind {
	P_GOOD, P_NULL, P_UNMAPPED, P_KERNEL, P_MISALIGNED, P_STRADDLE, P_READONLY,
	P_KINDS
};

/*
 * Everything the module may write to through a pointer a command carries
 * lies in memory of its own, never in memory the fuzzer lives on: the
 * module writes as much as it is told to (a length, a count), so a pointer
 * into the fuzzer's heap, stack or globals would have it overwrite them,
 * which is the fuzzer's fault, not the module's. The good buffer is an
 * arena between two PROT_NONE areas (what runs past its end faults), and a
 * mutation that sends an out pointer elsewhere is undone (ptr_harmless()).
 */
#define ARENA		(BUFSZ + 4096)
#define ARENA_GUARD	(256 * 1024)

struct ptrs {
	char *good;		/* ARENA bytes, page-aligned, guarded on both sides */
	char *guard;		/* one page, followed by a PROT_NONE page */
	char *readonly;		/* one page, PROT_READ, zeros */
	char *res;		/* the arena's reservation, guards included */
	long page;
};

static void ptrs_free(struct ptrs *p)
{
	if (p->res && p->res != MAP_FAILED)
		munmap(p->res, ARENA + 2 * ARENA_GUARD);
	if (p->guard && p->guard != MAP_FAILED)
		munmap(p->guard, 3 * p->page);
	p->res = p->guard = NULL;
}

static int ptrs_init(struct ptrs *p)
{
	char *m;

	p->page = sysconf(_SC_PAGESIZE);
	p->res = mmap(NULL, ARENA + 2 * ARENA_GUARD, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	m = mmap(NULL, 3 * p->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p->guard = m;
	if (p->res == MAP_FAILED || m == MAP_FAILED ||
	    mprotect(p->res + ARENA_GUARD, ARENA, PROT_READ | PROT_WRITE)) {
		ptrs_free(p);
		return -1;
	}
	p->good = p->res + ARENA_GUARD;
	mprotect(m + p->page, p->page, PROT_NONE);
	p->readonly = m + 2 * p->page;
	mprotect(p->readonly, p->page, PROT_READ);
	return 0;
}

/*
 * Whether the module may write through @v without touching the fuzzer's
 * own memory: below mmap_min_addr (P_UNMAPPED's range), not a user address,
 * in the arena or its guards, or in the guard page block.
 */
static int ptr_harmless(const struct ptrs *p, uint64_t v)
{
	uint64_t res = (uintptr_t)p->res, guard = (uintptr_t)p->guard;

	return v < 0x10000 || v >= 0x800000000000ULL ||
	       (v >= res && v - res < ARENA + 2 * ARENA_GUARD) ||
	       (v >= guard && v - guard < 3 * (uint64_t)p->page);
}

/*
 * A pointer of @kind for an argument of @len bytes whose content is at
 * @src (copied where the memory can hold it).
 */
static void *ptr_make(struct ptrs *p, enum ptr_kind kind, const void *src, size_t len,
		      uint64_t *s)
{
	char *dst;
	size_t n;

	switch (kind) {
	case P_NULL:
		return NULL;
	case P_UNMAPPED:
		/* Below mmap_min_addr: never mapped, whatever other threads map. */
		return (void *)(uintptr_t)(0x1000 + rnd(s, 0xe000));
	case P_KERNEL:
		return (void *)(uintptr_t)(rnd(s, 2) ? 0xffffffff81000000ULL :
					   0xffff888000000000ULL + rnd(s, 4096));
	case P_MISALIGNED:
		dst = p->good + 1 + rnd(s, 7);
		memmove(dst, src, len < BUFSZ ? len : BUFSZ);
		return dst;
	case P_STRADDLE:
		/* The first bytes are readable, the rest is not. */
		n = len > 1 ? 1 + rnd(s, (uint32_t)(len - 1)) : 0;
		if (n > (size_t)p->page)
			n = p->page;
		dst = p->guard + p->page - n;
		memcpy(dst, src, n);
		return dst;
	case P_READONLY:
		return p->readonly;
	default:
		memmove(p->good, src, len < BUFSZ ? len : BUFSZ);
		return p->good;
	}
}

static enum ptr_kind ptr_pick(uint64_t *s)
{
	uint32_t r = rnd(s, 100);

	if (r < 70)
		return P_GOOD;
	return (enum ptr_kind)(1 + rnd(s, P_KINDS - 1));
}

/* ------------------------------------------------------------------------ */
/* The commands and their structs. */

enum fdk { FD_CONTROL, FD_CMD, FD_RESP };

struct cmd_desc {
	const char *name;
	unsigned long nr;
	uint32_t size;		/* sizeof the struct */
	uint32_t ver0;		/* the first published size */
	uint32_t flags;		/* the valid flags */
	int pad_off;		/* offset of a must-be-zero field, -1 if none */
	int has_flags;		/* a flags field at offset 4 */
	enum fdk fd;
};

static const struct cmd_desc cmds[] = {
	{ "VERSION", UTRACER_IOC_VERSION, sizeof(struct utracer_version),
	  UTRACER_VERSION_SIZE_VER0, 0, -1, 0, FD_CMD },
	{ "REGISTER", UTRACER_IOC_REGISTER, sizeof(struct utracer_register),
	  UTRACER_REGISTER_SIZE_VER0, 0, 16, 1, FD_CONTROL },
	{ "UNREGISTER", UTRACER_IOC_UNREGISTER, 0, 0, 0, -1, 0, FD_CONTROL },
	{ "ATTACH", UTRACER_IOC_ATTACH, sizeof(struct utracer_attach),
	  UTRACER_ATTACH_SIZE_VER0, UTRACER_ATTACH_FLAGS, 12, 1, FD_CMD },
	{ "DETACH", UTRACER_IOC_DETACH, sizeof(struct utracer_target),
	  UTRACER_TARGET_SIZE_VER0, UTRACER_TARGET_THREAD, 12, 1, FD_CMD },
	{ "QUIESCE", UTRACER_IOC_QUIESCE, sizeof(struct utracer_target),
	  UTRACER_TARGET_SIZE_VER0, UTRACER_TARGET_THREAD, 12, 1, FD_CMD },
	{ "RUN", UTRACER_IOC_RUN, sizeof(struct utracer_target),
	  UTRACER_TARGET_SIZE_VER0, UTRACER_TARGET_THREAD, 12, 1, FD_CMD },
	{ "SET_EVENTS", UTRACER_IOC_SET_EVENTS, sizeof(struct utracer_set_events),
	  UTRACER_SET_EVENTS_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "SYSCALL_FILTER", UTRACER_IOC_SYSCALL_FILTER, sizeof(struct utracer_syscall_filter),
	  UTRACER_SYSCALL_FILTER_SIZE_VER0, UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_EXIT,
	  -1, 1, FD_CMD },
	{ "REGSET_LIST", UTRACER_IOC_REGSET_LIST, sizeof(struct utracer_regset_list),
	  UTRACER_REGSET_LIST_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "REGSET_READ", UTRACER_IOC_REGSET_READ, sizeof(struct utracer_regset_read),
	  UTRACER_REGSET_READ_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "MEM_READ", UTRACER_IOC_MEM_READ, sizeof(struct utracer_mem_read),
	  UTRACER_MEM_READ_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "ENV", UTRACER_IOC_ENV, sizeof(struct utracer_buf_query),
	  UTRACER_BUF_QUERY_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "MAPS", UTRACER_IOC_MAPS, sizeof(struct utracer_buf_query),
	  UTRACER_BUF_QUERY_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "EXE", UTRACER_IOC_EXE, sizeof(struct utracer_buf_query),
	  UTRACER_BUF_QUERY_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "TASK_LIST", UTRACER_IOC_TASK_LIST, sizeof(struct utracer_task_list),
	  UTRACER_TASK_LIST_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "CHECK_PID", UTRACER_IOC_CHECK_PID, sizeof(struct utracer_check_pid),
	  UTRACER_CHECK_PID_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "HWBP_SET", UTRACER_IOC_HWBP_SET, sizeof(struct utracer_hwbp_set),
	  UTRACER_HWBP_SET_SIZE_VER0, 0, 32, 1, FD_CMD },
	{ "HWBP_REMOVE", UTRACER_IOC_HWBP_REMOVE, sizeof(struct utracer_bp_remove),
	  UTRACER_BP_REMOVE_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "HWBP_LIST", UTRACER_IOC_HWBP_LIST, sizeof(struct utracer_bp_list),
	  UTRACER_BP_LIST_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "SIGNAL_HOLDS", UTRACER_IOC_SIGNAL_HOLDS, sizeof(struct utracer_signal_holds),
	  UTRACER_SIGNAL_HOLDS_SIZE_VER0, 0, 12, 1, FD_CMD },
	{ "SIGNAL_VERDICT", UTRACER_IOC_SIGNAL_VERDICT, sizeof(struct utracer_signal_verdict),
	  UTRACER_SIGNAL_VERDICT_SIZE_VER0, 0, -1, 1, FD_CMD },
	{ "STEP", UTRACER_IOC_STEP, sizeof(struct utracer_target),
	  UTRACER_TARGET_SIZE_VER0, UTRACER_TARGET_THREAD, 12, 1, FD_CMD },
	{ "SYSCALL_CAPTURE", UTRACER_IOC_SYSCALL_CAPTURE, sizeof(struct utracer_syscall_capture),
	  UTRACER_SYSCALL_CAPTURE_SIZE_VER0, 0, -1, 1, FD_CMD },
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct cmd_desc *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

/* Mutations of a well-formed struct; the ones after M_NONE have a known answer. */
enum mutation {
	M_NONE, M_FLAGS, M_PAD, M_SMALL, M_TAIL, M_BADPTR,
	M_BIG_ZERO_TAIL, M_RANDOM_FIELD, M_BITFLIP, M_HUGE, M_KINDS
};

/* ------------------------------------------------------------------------ */
/* One client. */

enum pid_kind {
	K_TRACEE, K_THREAD, K_CHILD, K_ZOMBIE, K_REAPED, K_KTHREAD, K_INIT, K_SELF,
	K_CLIENT, K_OTHER_USER, K_WEIRD
};

struct tracee {
	pid_t pid;
	long long end;
};

struct holder {
	pid_t pid;		/* a child that keeps a zombie child */
	pid_t zombie;
};

/*
 * The last call each thread of a client made, written before the call, for
 * the report of a fatal signal (read there without a lock).
 */
struct last_call {
	volatile unsigned long nr;	/* ioctl number; 1: write, 2: read */
	volatile uintptr_t arg;		/* the ioctl argument or the buffer */
	volatile uint64_t out;		/* the struct's out pointer, if any */
	volatile uint64_t len;		/* the struct's len or count, or the read size */
	volatile int mutation;
};

struct client {
	int idx;
	int unprivileged;
	uint64_t seed;
	struct client_stats *st;
	/* fds: replaced under fd_lock held for writing, used under it read */
	pthread_rwlock_t fd_lock;
	int control, cmd, resp, resp_block;
	pid_t client_pid;
	/* the event stream: read under read_lock; nesting: read_lock, then fd_lock */
	pthread_mutex_t read_lock;
	uint64_t last_seq;
	/* pids, under pid_lock */
	pthread_mutex_t pid_lock;
	struct tracee tracees[MAX_TRACEES];
	struct holder holders[2];
	pid_t reaped[MAX_POOL];
	int nreaped;
	pid_t kthreads[8];
	int nkthreads;
	volatile int done;
	struct last_call last[3];	/* per thread (main, racer, reader), for crash reports */
};

/*
 * Where the module writes for a command: the offset of its out pointer in
 * the struct, and of the length (or count) bounding it, with the bytes per
 * unit of that length. RETURNS: 0 for a command that writes nothing
 * through a pointer.
 */
static int out_field(unsigned long nr, int *ptr_off, int *len_off, int *len_bytes,
		     size_t *unit)
{
	*len_bytes = 8;
	*unit = 1;
	switch (nr) {
	case UTRACER_IOC_MEM_READ:
		*ptr_off = offsetof(struct utracer_mem_read, buf);
		*len_off = offsetof(struct utracer_mem_read, len);
		return 1;
	case UTRACER_IOC_REGSET_READ:
		*ptr_off = offsetof(struct utracer_regset_read, buf);
		*len_off = offsetof(struct utracer_regset_read, len);
		return 1;
	case UTRACER_IOC_ENV:
	case UTRACER_IOC_MAPS:
	case UTRACER_IOC_EXE:
		*ptr_off = offsetof(struct utracer_buf_query, buf);
		*len_off = offsetof(struct utracer_buf_query, len);
		return 1;
	case UTRACER_IOC_REGSET_LIST:
		*ptr_off = offsetof(struct utracer_regset_list, buf);
		*len_off = offsetof(struct utracer_regset_list, count);
		*len_bytes = 4;
		*unit = sizeof(struct utracer_regset_info);
		return 1;
	case UTRACER_IOC_TASK_LIST:
		*ptr_off = offsetof(struct utracer_task_list, buf);
		*len_off = offsetof(struct utracer_task_list, count);
		*len_bytes = 4;
		*unit = sizeof(struct utracer_task_info);
		return 1;
	case UTRACER_IOC_HWBP_LIST:
		*ptr_off = offsetof(struct utracer_bp_list, buf);
		*len_off = offsetof(struct utracer_bp_list, count);
		*len_bytes = 4;
		*unit = sizeof(struct utracer_hwbp_info);
		return 1;
	}
	return 0;
}

/* The out pointer and length of the struct at @b for @nr, for the record. */
static void out_get(unsigned long nr, const char *b, uint64_t *out, uint64_t *len)
{
	int po, lo, lb;
	size_t unit;
	uint32_t l32;

	*out = 0;
	*len = 0;
	if (!out_field(nr, &po, &lo, &lb, &unit))
		return;
	memcpy(out, b + po, 8);
	if (lb == 4) {
		memcpy(&l32, b + lo, 4);
		*len = l32;
	} else {
		memcpy(len, b + lo, 8);
	}
}

/*
 * Undo a mutation that sent the out pointer of the struct at @b (laid out
 * for @nr) outside harmless memory: it gets a never-mapped address instead,
 * which the module must answer with EFAULT all the same.
 */
static void out_sanitize(struct client *c, const struct ptrs *p, unsigned long nr, char *b)
{
	uint64_t v, bad;
	int po, lo, lb;
	size_t unit;

	if (!out_field(nr, &po, &lo, &lb, &unit))
		return;
	memcpy(&v, b + po, 8);
	if (ptr_harmless(p, v))
		return;
	bad = 0x1000 + (v & 0xfff8);
	memcpy(b + po, &bad, 8);
	/* Counted when it was mapped: the module could have written there. */
	if (!msync((void *)(uintptr_t)(v & ~(uint64_t)(p->page - 1)), 1, MS_ASYNC))
		__atomic_add_fetch(&c->st->redirected, 1, __ATOMIC_RELAXED);
}

/*
 * The module must write no further than the length (or count) it was
 * given: when the out buffer is at the start of the arena, the bytes after
 * what it may write are filled with a pattern, checked after the call.
 * RETURNS: where the pattern starts, or NULL when this call is not checked.
 */
static void violation(struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define CANARY_LEN	256
#define CANARY_BYTE	0xa5

static char *canary_set(const struct ptrs *p, unsigned long nr, uint64_t out, uint64_t len)
{
	uint64_t good = (uintptr_t)p->good;
	int po, lo, lb;
	size_t unit;
	char *canary;

	if (!out_field(nr, &po, &lo, &lb, &unit) || out < good || out - good >= 8 ||
	    len > 4096 / unit)
		return NULL;
	canary = p->good + (out - good) + len * unit;
	memset(canary, CANARY_BYTE, CANARY_LEN);	/* ends below the struct's 8192 */
	return canary;
}

static void canary_check(struct client *c, const struct cmd_desc *d, const char *canary,
			 uint64_t len)
{
	int i;

	c->st->canaries++;
	for (i = 0; i < CANARY_LEN; i++)
		if ((unsigned char)canary[i] != CANARY_BYTE) {
			violation(c, "%s wrote past the %llu it was given (byte %d after)",
				  d->name, (unsigned long long)len, i);
			return;
		}
}

/* ------------------------------------------------------------------------ */
/* A fatal signal in a client: what each of its threads was doing. */

static struct client *crash_client;
static __thread int thread_slot;	/* 0 main, 1 racer, 2 reader */
static uintptr_t exe_base;		/* where the program is loaded */

static void note_call(struct client *c, unsigned long nr, const void *arg, uint64_t out,
		      uint64_t len, int mutation)
{
	struct last_call *l = &c->last[thread_slot];

	l->nr = nr;
	l->arg = (uintptr_t)arg;
	l->out = out;
	l->len = len;
	l->mutation = mutation;
}

static char *put_str(char *p, const char *str)
{
	while (*str)
		*p++ = *str++;
	return p;
}

static char *put_hex(char *p, uint64_t v)
{
	int i, started = 0;

	*p++ = '0';
	*p++ = 'x';
	for (i = 60; i >= 0; i -= 4) {
		int d = (int)((v >> i) & 15);

		if (d || started || !i) {
			*p++ = "0123456789abcdef"[d];
			started = 1;
		}
	}
	return p;
}

/* Async-signal-safe: write(2) and _exit(2) only. */
static void crash_handler(int sig, siginfo_t *si, void *uc)
{
	const ucontext_t *u = uc;
	struct client *c = crash_client;
	char buf[1024], *p = buf;
	uint64_t ip = (uint64_t)u->uc_mcontext.gregs[REG_RIP];
	int i;

	p = put_str(p, "abi-fuzz: client ");
	p = put_hex(p, c ? (uint64_t)c->idx : 0);
	p = put_str(p, ": signal ");
	p = put_hex(p, (uint64_t)sig);
	p = put_str(p, " at ");
	p = put_hex(p, (uint64_t)(uintptr_t)si->si_addr);
	p = put_str(p, ", ip ");
	p = put_hex(p, ip);
	p = put_str(p, " (program + ");
	p = put_hex(p, ip - exe_base);
	p = put_str(p, "), in thread ");
	p = put_hex(p, (uint64_t)thread_slot);
	*p++ = '\n';
	for (i = 0; c && i < 3; i++) {
		const struct last_call *l = &c->last[i];

		p = put_str(p, "  thread ");
		p = put_hex(p, (uint64_t)i);
		p = put_str(p, ": last call ");
		p = put_hex(p, l->nr);
		p = put_str(p, " arg ");
		p = put_hex(p, l->arg);
		p = put_str(p, " out ");
		p = put_hex(p, l->out);
		p = put_str(p, " len ");
		p = put_hex(p, l->len);
		p = put_str(p, " mutation ");
		p = put_hex(p, (uint64_t)l->mutation);
		*p++ = '\n';
	}
	if (write(2, buf, (size_t)(p - buf)) < 0)
		_exit(128 + sig);
	_exit(128 + sig);
}

static void crash_catch(struct client *c)
{
	struct sigaction sa;
	extern char __executable_start[];

	exe_base = (uintptr_t)__executable_start;
	crash_client = c;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = crash_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
}

static void violation(struct client *c, const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&c->st->violations, 1, __ATOMIC_RELAXED);
	if (c->st->violations > 20)
		return;
	fprintf(stderr, "abi-fuzz: client %d: VIOLATION: ", c->idx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void beat(struct client *c, int op)
{
	c->st->heartbeat = uabi_now_ms();
	c->st->op_in_progress = op;
	__atomic_add_fetch(&c->st->ops, 1, __ATOMIC_RELAXED);
}

static void count_errno(struct client *c, int e)
{
	if (e == ENOMEM)
		__atomic_add_fetch(&c->st->enomem, 1, __ATOMIC_RELAXED);
	else if (e == EFAULT)
		__atomic_add_fetch(&c->st->efault, 1, __ATOMIC_RELAXED);
}

static void client_close_fds(struct client *c)
{
	if (c->cmd >= 0)
		close(c->cmd);
	if (c->resp >= 0)
		close(c->resp);
	if (c->resp_block >= 0)
		close(c->resp_block);
	if (c->control >= 0)
		close(c->control);
	c->control = c->cmd = c->resp = c->resp_block = -1;
}

/*
 * Who else holds a control file open: for the report of a registration
 * that keeps failing with EEXIST.
 */
static void report_control_holders(struct client *c)
{
	DIR *d = opendir("/proc"), *fdd;
	struct dirent *e, *f;
	char path[300], link[64], *status;
	size_t len;
	ssize_t n;

	while (d && (e = readdir(d))) {
		pid_t pid = atoi(e->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fdd = opendir(path);
		while (fdd && (f = readdir(fdd))) {
			snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, f->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = 0;
			if (strcmp(link, "/proc/utrace/control"))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/status", pid);
			status = uabi_slurp(path, &len);
			if (status) {
				char *st = strstr(status, "State:"), *pp = strstr(status, "PPid:");

				if (st)
					*strchrnul(st, '\n') = 0;
				if (pp)
					*strchrnul(pp, '\n') = 0;
				fprintf(stderr, "abi-fuzz: client %d: pid %d holds a control file "
					"(fd %s, %s, %s)\n", c->idx, pid, f->d_name,
					st ? st : "?", pp ? pp : "?");
				free(status);
			}
		}
		if (fdd)
			closedir(fdd);
		/* Or its final fput pending in a thread stopped by the module. */
		snprintf(path, sizeof(path), "/proc/%d/stack", pid);
		status = uabi_slurp(path, &len);
		if (status && strstr(status, "utrace")) {
			char *t = strstr(status, "task_work_run");

			if (t)
				*t = 0;
			fprintf(stderr, "abi-fuzz: client %d: pid %d stopped by utracer:\n%s",
				c->idx, pid, status);
		}
		free(status);
	}
	if (d)
		closedir(d);
}

/*
 * Register and open the client's files; under read_lock and fd_lock (write),
 * or before the other threads start. Failures (ENOMEM) are retried.
 */
static int client_open(struct client *c)
{
	struct utracer_register reg;
	char path[64];
	int tries;

	client_close_fds(c);
	for (tries = 0; tries < 2000; tries++) {
		if (c->control < 0)
			c->control = open("/proc/utrace/control", O_RDONLY | O_CLOEXEC);
		if (c->control < 0)
			goto retry;
		memset(&reg, 0, sizeof(reg));
		reg.size = sizeof(reg);
		reg.queue_limit = rnd(&c->seed, 3) ? 0 : 4096 + rnd(&c->seed, 65536);
		/*
		 * EEXIST: the previous registration lives on while something
		 * holds the old control file (none of ours should: see
		 * fork_shared_files()); reported each hundredth try.
		 */
		if (ioctl(c->control, UTRACER_IOC_REGISTER, &reg) < 0)
			goto retry;
		c->client_pid = reg.client_pid;
		snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", c->client_pid);
		c->cmd = open(path, O_RDWR | O_CLOEXEC);
		snprintf(path, sizeof(path), "/proc/utrace/%d/resp", c->client_pid);
		c->resp = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		c->resp_block = open(path, O_RDONLY | O_CLOEXEC);
		if (c->cmd >= 0 && c->resp >= 0 && c->resp_block >= 0) {
			c->last_seq = 0;
			c->st->registers++;
			return 0;
		}
retry:
		if (tries % 100 == 99) {
			int e = errno;

			fprintf(stderr, "abi-fuzz: client %d: registering again: %s (try %d)\n",
				c->idx, strerror(e), tries + 1);
			if (e == EEXIST)
				report_control_holders(c);
			errno = e;
		}
		count_errno(c, errno);
		client_close_fds(c);
		c->st->heartbeat = uabi_now_ms();	/* slow, not stuck */
		usleep(5000);
	}
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Pids. */

static void find_kthreads(struct client *c)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[300], *buf;
	size_t len;

	c->kthreads[c->nkthreads++] = 2;
	while (d && (e = readdir(d)) && c->nkthreads < 8) {
		pid_t pid = atoi(e->d_name);

		if (pid <= 2)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		buf = uabi_slurp(path, &len);
		if (buf) {
			char *p = strrchr(buf, ')');
			int ppid = 0;

			if (p && sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == 2)
				c->kthreads[c->nkthreads++] = pid;
			free(buf);
		}
	}
	if (d)
		closedir(d);
}

/* A thread of @pid other than the leader, or @pid. */
static pid_t pick_thread(pid_t pid, uint64_t *s)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	pid_t tids[16];
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	while (d && (e = readdir(d)) && n < 16) {
		pid_t t = atoi(e->d_name);

		if (t > 0)
			tids[n++] = t;
	}
	if (d)
		closedir(d);
	return n ? tids[rnd(s, n)] : pid;
}

static pid_t pick_pid(struct client *c, uint64_t *s, enum pid_kind *kind)
{
	uint32_t r = rnd(s, 100);
	pid_t pid = 0;
	int i;

	pthread_mutex_lock(&c->pid_lock);
	if (r < 45) {
		*kind = K_TRACEE;
		pid = c->tracees[rnd(s, MAX_TRACEES)].pid;
	} else if (r < 60) {
		*kind = K_THREAD;
		pid = c->tracees[rnd(s, MAX_TRACEES)].pid;
	} else if (r < 65) {
		*kind = K_CHILD;
		pid = c->tracees[rnd(s, MAX_TRACEES)].pid;
		if (pid)
			pid += 1 + rnd(s, 4);	/* likely one of its children */
	} else if (r < 72) {
		*kind = K_ZOMBIE;
		i = rnd(s, 2);
		pid = c->holders[i].zombie;
	} else if (r < 80) {
		*kind = K_REAPED;
		if (c->nreaped)
			pid = c->reaped[rnd(s, c->nreaped)];
	} else if (r < 84) {
		*kind = K_KTHREAD;
		pid = c->kthreads[rnd(s, c->nkthreads)];
	} else if (r < 85) {
		*kind = K_INIT;
		pid = 1;
	} else if (r < 87) {
		*kind = K_SELF;
		pid = rnd(s, 2) ? getpid() : (pid_t)syscall(SYS_gettid);
	} else if (r < 90) {
		*kind = K_CLIENT;
		pid = shm->clients[rnd(s, MAX_CLIENTS)];
	} else if (r < 94) {
		*kind = K_OTHER_USER;
		pid = shm->other_user;
	} else {
		static const pid_t weird[] = { 0, -1, INT_MAX, INT_MIN, 4194304, 32768, -2 };

		*kind = K_WEIRD;
		pid = weird[rnd(s, sizeof(weird) / sizeof(weird[0]))];
	}
	pthread_mutex_unlock(&c->pid_lock);
	if (*kind == K_THREAD && pid > 0)
		pid = pick_thread(pid, s);
	if (!pid && *kind != K_WEIRD) {
		*kind = K_WEIRD;
		pid = 0;
	}
	return pid;
}

/*
 * A child sharing the client's file table (CLONE_FILES) rather than holding
 * a copy of it. A copy would keep the client's files open for as long as
 * the child lives before its exec or exit, and another client may well have
 * stopped it there (a guessed or reused pid): the old control file, hence
 * the old registration, would outlive its close and REGISTER would answer
 * EEXIST. A shared table holds no file of its own; exec unshares it and
 * closes the O_CLOEXEC files at once. The child may only exec, write, sleep
 * or exit, and must not close anything: it would close the client's file.
 * No malloc either: another thread may have held its lock at the clone.
 */
static pid_t fork_shared_files(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_FILES | SIGCHLD, NULL, NULL, NULL, NULL);
}

static void tracee_spawn(struct client *c, int i)
{
	char end[32], seed[32];
	long long e = uabi_now_ms() + 500 + rnd(&c->seed, 4000);
	pid_t pid;

	if (e > shm->end)
		e = shm->end;
	snprintf(end, sizeof(end), "%lld", e);
	snprintf(seed, sizeof(seed), "%" PRIu64, rnd_next(&c->seed));
	pid = fork_shared_files();
	if (pid == 0) {
		execl(self_exe, self_exe, "--tracee", end, "0", seed, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		c->tracees[i].pid = pid;
		c->tracees[i].end = e;
		c->st->tracees++;
	}
}

static void holder_spawn(struct client *c, int i)
{
	struct pollfd pfd;
	int p[2];
	pid_t pid, z = 0;
	long hold_ms = 300 + rnd(&c->seed, 2000);

	if (pipe2(p, O_CLOEXEC))
		return;
	pid = fork_shared_files();
	if (pid == 0) {
		/* The zombie, sharing the files too. */
		pid_t child = fork_shared_files();

		if (child == 0)
			_exit(0);
		if (write(p[1], &child, sizeof(child)) != sizeof(child))
			_exit(1);
		usleep(hold_ms * 1000);	/* the child stays a zombie meanwhile */
		_exit(0);
	}
	/* The pipe is the holder's too: closed once it has written. */
	pfd.fd = p[0];
	pfd.events = POLLIN;
	if (pid > 0 && poll(&pfd, 1, 2000) == 1 && read(p[0], &z, sizeof(z)) == sizeof(z) &&
	    z > 0) {
		c->holders[i].pid = pid;
		c->holders[i].zombie = z;
	} else if (pid > 0) {
		c->holders[i].pid = pid;	/* reaped as any other */
	}
	close(p[0]);
	close(p[1]);
}

static void remember_reaped(struct client *c, pid_t pid)
{
	if (c->nreaped < MAX_POOL)
		c->reaped[c->nreaped++] = pid;
	else
		c->reaped[rnd(&c->seed, MAX_POOL)] = pid;
}

static int crash_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS;
}

/* Reap what died (a subreaper gets the orphans too) and replace tracees. */
static void tracees_maintain(struct client *c, int respawn)
{
	pid_t pid;
	int i, status;

	pthread_mutex_lock(&c->pid_lock);
	while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
		/*
		 * Tracees, their children and the holders end by exit, SIGKILL
		 * or SIGTERM: a fault means the tracing broke the process.
		 */
		if (WIFSIGNALED(status) && crash_signal(WTERMSIG(status)))
			violation(c, "process %d (a tracee, one of its children or a holder) "
				  "died of signal %d", pid, WTERMSIG(status));
		remember_reaped(c, pid);
		for (i = 0; i < MAX_TRACEES; i++)
			if (c->tracees[i].pid == pid)
				c->tracees[i].pid = 0;
		for (i = 0; i < 2; i++) {
			if (c->holders[i].pid == pid)
				c->holders[i].pid = 0;
		}
	}
	for (i = 0; respawn && i < (shm->lean ? 1 : MAX_TRACEES); i++)
		if (!c->tracees[i].pid && uabi_now_ms() + 600 < shm->end)
			tracee_spawn(c, i);
	for (i = 0; respawn && !shm->lean && i < 2; i++)
		if (!c->holders[i].pid && uabi_now_ms() + 600 < shm->end)
			holder_spawn(c, i);
	pthread_mutex_unlock(&c->pid_lock);
}

/* ------------------------------------------------------------------------ */
/* Events. */

static size_t min_record(uint16_t type)
{
	switch (type) {
	case UTRACER_EV_SYSCALL_ENTRY: return sizeof(struct utracer_ev_syscall_entry);
	case UTRACER_EV_SYSCALL_EXIT: return sizeof(struct utracer_ev_syscall_exit);
	case UTRACER_EV_EXEC: return sizeof(struct utracer_ev_exec);
	case UTRACER_EV_CLONE: return sizeof(struct utracer_ev_clone);
	case UTRACER_EV_EXIT: return sizeof(struct utracer_ev_exit);
	case UTRACER_EV_SIGNAL: return sizeof(struct utracer_ev_signal);
	case UTRACER_EV_STOP: return sizeof(struct utracer_ev_stop);
	case UTRACER_EV_DETACH: return sizeof(struct utracer_ev_detach);
	case UTRACER_EV_LOST: return sizeof(struct utracer_ev_lost);
	}
	return 0;
}

/* Check @n bytes of records read into @buf; under read_lock. */
static void events_check(struct client *c, const char *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		struct utracer_event hdr;
		size_t want;

		if (n - off < sizeof(hdr)) {
			c->st->malformed++;
			violation(c, "a partial record header (%zu bytes)", n - off);
			return;
		}
		memcpy(&hdr, buf + off, sizeof(hdr));
		want = min_record(hdr.type);
		if (hdr.size % 8 || hdr.size < sizeof(hdr) || hdr.size > n - off || !want ||
		    hdr.size < want || hdr.pid <= 0 || hdr.tid <= 0) {
			c->st->malformed++;
			violation(c, "malformed record: size %u type %u pid %d tid %d (%zu bytes left)",
				  hdr.size, hdr.type, hdr.pid, hdr.tid, n - off);
			return;
		}
		if (hdr.type == UTRACER_EV_EXEC) {
			struct utracer_ev_exec ex;

			memcpy(&ex, buf + off, sizeof(ex));
			if (ex.path_len > hdr.size - sizeof(ex) ||
			    (ex.path_len && buf[off + sizeof(ex) + ex.path_len - 1])) {
				c->st->malformed++;
				violation(c, "EXEC record with a bad path (path_len %u size %u)",
					  ex.path_len, hdr.size);
			}
		}
		if (hdr.type == UTRACER_EV_LOST) {
			struct utracer_ev_lost l;

			memcpy(&l, buf + off, sizeof(l));
			c->st->lost_reported += (long long)l.count;
			if (!l.count)
				violation(c, "a LOST record of count 0");
		}
		if (hdr.seq != c->last_seq + 1) {
			if (hdr.seq > c->last_seq)
				c->st->seq_gaps += (long long)(hdr.seq - c->last_seq - 1);
			violation(c, "sequence %" PRIu64 " after %" PRIu64, (uint64_t)hdr.seq,
				  c->last_seq);
		}
		c->last_seq = hdr.seq;
		c->st->events++;
		off += hdr.size;
	}
}

/* One read of resp: random size and pointer; holds read_lock and fd_lock. */
static void op_read(struct client *c, uint64_t *s, int drain)
{
	static const size_t sizes[] = { 0, 1, 8, 23, 24, 40, 64, 100, 256, 4096, BUFSZ };
	struct ptrs *p = NULL;
	enum ptr_kind kind = P_GOOD;
	size_t len = drain ? BUFSZ : sizes[rnd(s, sizeof(sizes) / sizeof(sizes[0]))];
	char *buf = malloc(BUFSZ + 64);
	struct pollfd pfd;
	ssize_t n;
	void *ptr;
	int fd;

	if (!buf)
		return;
	pthread_mutex_lock(&c->read_lock);
	pthread_rwlock_rdlock(&c->fd_lock);
	fd = c->resp;
	if (!drain && rnd(s, 4) == 0) {
		/* A blocking read, only when poll says it will not block. */
		pfd.fd = c->resp_block;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN))
			fd = c->resp_block;
	}
	ptr = buf;
	if (!drain && rnd(s, 5) == 0) {
		p = malloc(sizeof(*p));
		if (p && !ptrs_init(p)) {
			kind = (enum ptr_kind)(1 + rnd(s, P_KINDS - 1));
			ptr = ptr_make(p, kind, buf, 0, s);
			if (kind == P_STRADDLE) {
				len = 1 + rnd(s, (uint32_t)p->page);
				ptr = p->guard + p->page - len;
				len += rnd(s, 4096);
			}
		} else {
			kind = P_GOOD;
		}
	}
	c->st->reads++;
	note_call(c, 2, ptr, 0, len, kind);
	n = read(fd, ptr, len);
	if (n < 0) {
		count_errno(c, errno);
		if (kind != P_GOOD && kind != P_MISALIGNED && kind != P_STRADDLE && len &&
		    errno != EFAULT && errno != EAGAIN && errno != EINVAL)
			violation(c, "read(resp, bad pointer kind %d, %zu) gave errno %d", kind,
				  len, errno);
	} else if (n > 0) {
		if ((size_t)n > len)
			violation(c, "read returned %zd for %zu bytes", n, len);
		else if (kind == P_GOOD || kind == P_MISALIGNED || kind == P_STRADDLE)
			events_check(c, ptr, (size_t)n);
		else
			violation(c, "read(resp) into an unwritable pointer (kind %d) returned %zd",
				  kind, n);
	}
	pthread_rwlock_unlock(&c->fd_lock);
	pthread_mutex_unlock(&c->read_lock);
	if (p) {
		ptrs_free(p);
		free(p);
	}
	free(buf);
}

/* ------------------------------------------------------------------------ */
/* Commands. */

/* A well-formed struct for @d at @b (zeroed, 8-aligned, >= 4096 bytes). */
static void fill_struct(struct client *c, const struct cmd_desc *d, char *b, uint64_t *s,
			struct ptrs *p)
{
	enum pid_kind kind;
	pid_t pid = pick_pid(c, s, &kind);
	uint64_t evmask = rnd_next(s) & UTRACER_EVMASK_ALL;
	uint64_t stops = evmask & rnd_next(s);
	uint64_t ptr = (uint64_t)(uintptr_t)ptr_make(p, ptr_pick(s), p->good, 64, s);
	uint64_t len = rnd(s, 3) ? rnd(s, 4096) : rnd_next(s);

	memset(b, 0, d->size ? d->size : 8);
	memcpy(b, &d->size, 4);
	if (d->nr == UTRACER_IOC_ATTACH) {
		struct utracer_attach *a = (void *)b;

		a->flags = rnd(s, 8) & UTRACER_ATTACH_FLAGS;
		a->pid = pid;
		a->event_mask = rnd(s, 4) ? evmask : 0;
		a->stop_mask = rnd(s, 3) ? 0 : stops;
	} else if (d->nr == UTRACER_IOC_DETACH || d->nr == UTRACER_IOC_QUIESCE ||
		   d->nr == UTRACER_IOC_RUN || d->nr == UTRACER_IOC_STEP) {
		struct utracer_target *t = (void *)b;

		t->flags = rnd(s, 4) ? 0 : UTRACER_TARGET_THREAD;
		t->pid = pid;
	} else if (d->nr == UTRACER_IOC_SET_EVENTS) {
		struct utracer_set_events *e = (void *)b;

		e->pid = pid;
		e->event_mask = evmask;
		e->stop_mask = rnd(s, 3) ? 0 : stops;
	} else if (d->nr == UTRACER_IOC_SYSCALL_FILTER) {
		struct utracer_syscall_filter *f = (void *)b;

		f->flags = 1 + rnd(s, 3);
		f->pid = pid;
		f->op = rnd(s, 6);
		f->nr = rnd(s, 3) ? rnd(s, 450) : rnd_next(s);
		f->bitmap_bits = rnd(s, 2) ? rnd(s, UTRACER_SYSCALL_MAX + 1) : rnd_next(s);
		f->bitmap = ptr;
	} else if (d->nr == UTRACER_IOC_REGSET_LIST) {
		struct utracer_regset_list *l = (void *)b;

		l->tid = pid;
		l->count = rnd(s, 3) ? rnd(s, 16) : rnd_next(s);
		l->buf = ptr;
	} else if (d->nr == UTRACER_IOC_REGSET_READ) {
		static const uint32_t notes[] = { 1, 2, 0x202, 0x200, 0x201, 0x46e62b7f, 0 };
		struct utracer_regset_read *r = (void *)b;

		r->tid = pid;
		r->note_type = rnd(s, 4) ? notes[rnd(s, 7)] : rnd(s, 0x1000);
		r->buf = ptr;
		r->len = len;
	} else if (d->nr == UTRACER_IOC_MEM_READ) {
		struct utracer_mem_read *m = (void *)b;

		m->pid = pid;
		m->addr = rnd(s, 2) ? 0x400000 + rnd(s, 0x100000) : rnd_next(s);
		m->buf = ptr;
		m->len = len;
	} else if (d->nr == UTRACER_IOC_ENV || d->nr == UTRACER_IOC_MAPS ||
		   d->nr == UTRACER_IOC_EXE) {
		struct utracer_buf_query *q = (void *)b;

		q->pid = pid;
		q->buf = ptr;
		q->len = len;
	} else if (d->nr == UTRACER_IOC_TASK_LIST) {
		struct utracer_task_list *l = (void *)b;

		l->count = rnd(s, 3) ? rnd(s, 64) : rnd_next(s);
		l->buf = ptr;
	} else if (d->nr == UTRACER_IOC_CHECK_PID) {
		struct utracer_check_pid *cp = (void *)b;

		cp->pid = pid;
	} else if (d->nr == UTRACER_IOC_HWBP_SET) {
		static const uint32_t lens[] = { 1, 2, 4, 8, 3, 16 };
		struct utracer_hwbp_set *h = (void *)b;

		h->pid = pid;
		h->addr = rnd(s, 2) ? 0x400000 + 8 * rnd(s, 0x20000) : rnd_next(s);
		h->len = lens[rnd(s, 6)];
		h->type = rnd(s, 5);
	} else if (d->nr == UTRACER_IOC_HWBP_REMOVE) {
		struct utracer_bp_remove *r = (void *)b;

		r->id = rnd(s, 16);
	} else if (d->nr == UTRACER_IOC_HWBP_LIST) {
		struct utracer_bp_list *l = (void *)b;

		l->count = rnd(s, 3) ? rnd(s, 8) : rnd_next(s);
		l->buf = ptr;
	} else if (d->nr == UTRACER_IOC_SIGNAL_HOLDS) {
		struct utracer_signal_holds *h = (void *)b;

		h->pid = pid;
		h->mask = rnd(s, 2) ? (1ULL << (SIGUSR1 - 1)) | (1ULL << (SIGSEGV - 1)) : rnd_next(s);
	} else if (d->nr == UTRACER_IOC_SIGNAL_VERDICT) {
		struct utracer_signal_verdict *v = (void *)b;

		v->tid = pid;
		v->signo = rnd(s, 2) ? (int32_t)rnd(s, 66) : (int32_t)rnd_next(s);
	} else if (d->nr == UTRACER_IOC_SYSCALL_CAPTURE) {
		/* Mostly valid specs of common calls: tables that are taken. */
		static __thread struct utracer_capture_spec specs[UTRACER_CAPTURE_PER_CALL + 1];
		struct utracer_syscall_capture *sc = (void *)b;
		uint32_t i;

		sc->pid = pid;
		sc->count = rnd(s, 4) ? rnd(s, UTRACER_CAPTURE_PER_CALL + 2) : rnd_next(s);
		sc->specs = rnd(s, 4) ? (uint64_t)(uintptr_t)specs : ptr;
		for (i = 0; i < UTRACER_CAPTURE_PER_CALL + 1; i++) {
			struct utracer_capture_spec *sp = &specs[i];

			memset(sp, 0, sizeof(*sp));
			sp->nr = (int32_t)(rnd(s, 8) ? rnd(s, 8) : rnd(s, 1100));
			sp->arch = 1 + rnd(s, 2);
			sp->when = 1 + rnd(s, 2);
			sp->kind = 1 + rnd(s, 2);
			sp->arg = rnd(s, 6);
			sp->max = rnd(s, 8) ? 1 + rnd(s, 4096) : rnd(s, 1 << 17);
			if (sp->kind == UTRACER_CAPTURE_MEM) {
				sp->len_from = rnd(s, 2 + (sp->when == UTRACER_SYSCALL_EXIT));
				if (sp->len_from == UTRACER_CAPTURE_LEN_ARG)
					sp->len_arg = rnd(s, 6);
				if (sp->len_from != UTRACER_CAPTURE_LEN_MAX)
					sp->elem = rnd(s, 3) ? 1 : rnd(s, 64);
			}
			if (!rnd(s, 16))
				memset(sp, (int)rnd(s, 256), sizeof(*sp));
		}
	} else if (d->nr == UTRACER_IOC_REGISTER) {
		struct utracer_register *r = (void *)b;

		r->queue_limit = rnd(s, 2) ? 0 : rnd_next(s);
	}
}

/* Mutate the struct at @b (size @*size); returns the mutation applied. */
static enum mutation mutate(const struct cmd_desc *d, char *b, uint32_t *size, uint64_t *s)
{
	enum mutation m = rnd(s, 2) ? M_NONE : (enum mutation)(1 + rnd(s, M_KINDS - 1));
	uint32_t v;

	*size = d->size;
	switch (m) {
	case M_FLAGS:
		if (!d->has_flags)
			return M_NONE;
		v = 1U << (16 + rnd(s, 16));
		memcpy(b + 4, &v, 4);
		break;
	case M_PAD:
		if (d->pad_off < 0)
			return M_NONE;
		v = 1 + rnd(s, 0xffff);
		memcpy(b + d->pad_off, &v, 4);
		break;
	case M_SMALL:
		v = rnd(s, d->ver0);
		memcpy(b, &v, 4);
		break;
	case M_TAIL:
		v = d->size + 8 + 8 * rnd(s, 8);
		memcpy(b, &v, 4);
		b[v - 1 - rnd(s, 8)] = (char)(1 + rnd(s, 255));
		*size = v;
		break;
	case M_BIG_ZERO_TAIL:
		v = d->size + 8 * (1 + rnd(s, 64));
		memcpy(b, &v, 4);
		*size = v;
		break;
	case M_HUGE:
		v = rnd(s, 2) ? 0xffffffffu : (1u << (12 + rnd(s, 20)));
		memcpy(b, &v, 4);
		break;
	case M_RANDOM_FIELD:
		if (d->size > 8) {
			uint64_t x = rnd_next(s);

			memcpy(b + 8 + 8 * rnd(s, (d->size - 8) / 8), &x, 8);
		}
		break;
	case M_BITFLIP:
		if (d->size)
			b[rnd(s, d->size)] ^= (char)(1 << rnd(s, 8));
		break;
	default:
		/* M_BADPTR is the caller's (a pointer, not the struct). */
		return M_NONE;
	}
	return m;
}

/* Is @e a possible answer to a fully valid struct? ENOMEM is always possible. */
static int expect_errno(enum mutation m, int e)
{
	if (e == ENOMEM)
		return 1;
	switch (m) {
	case M_FLAGS:
	case M_PAD:
	case M_SMALL:
		return e == EINVAL;
	case M_TAIL:
		return e == E2BIG;
	case M_BADPTR:
		return e == EFAULT;
	default:
		return 1;
	}
}

/*
 * Whether @nr names command @d: its type, number and direction, and size
 * bits from its first published size to a page (none for UNREGISTER), as
 * the header's rule for command numbers says.
 */
static int names_cmd(unsigned long nr, const struct cmd_desc *d)
{
	unsigned long size = _IOC_SIZE(nr);

	if ((nr ^ d->nr) & ~((unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT))
		return 0;
	if (!d->ver0)
		return size == 0;
	return size >= d->ver0 && size <= (unsigned long)sysconf(_SC_PAGESIZE);
}

/*
 * What @nr is on file @fdk (control or cmd): 1 a command, 0 none (ENOTTY
 * only), -1 a number of the reserved range that the table above lacks (not
 * judged). VERSION is on both files.
 */
static int cmd_verdict(unsigned long nr, int fdk)
{
	int known = 0;
	size_t i;

	if (_IOC_TYPE(nr) != UTRACER_IOC_MAGIC || _IOC_NR(nr) >= 0x40)
		return 0;
	for (i = 0; i < NCMDS; i++) {
		if (_IOC_NR(nr) != _IOC_NR(cmds[i].nr))
			continue;
		known = 1;
		if ((fdk == (int)cmds[i].fd ||
		     (cmds[i].nr == UTRACER_IOC_VERSION && fdk == FD_CONTROL)) &&
		    names_cmd(nr, &cmds[i]))
			return 1;
	}
	return known ? 0 : -1;
}

static int fd_of(struct client *c, enum fdk k)
{
	return k == FD_CONTROL ? c->control : k == FD_CMD ? c->cmd : c->resp;
}

static void op_ioctl(struct client *c, uint64_t *s, struct ptrs *p, int racer)
{
	char *b = p->good + 4096 * 2;	/* a scratch area of the good buffer */
	const struct cmd_desc *d;
	enum mutation m;
	uint32_t size;
	unsigned long nr;
	uint64_t out, olen;
	char *canary;
	void *arg;
	long r;
	int fd, e, fdk, verdict;
	uint32_t bits;

	if (racer) {
		static const char *const names[] = {
			"QUIESCE", "RUN", "DETACH", "CHECK_PID", "TASK_LIST", "SET_EVENTS",
			"MEM_READ", "REGSET_READ", "ATTACH",
		};
		d = cmd_find(names[rnd(s, sizeof(names) / sizeof(names[0]))]);
	} else {
		/* UNREGISTER is op_lifecycle's: the other threads must know. */
		do
			d = &cmds[rnd(s, NCMDS)];
		while (d->nr == UTRACER_IOC_UNREGISTER);
	}
	memset(b, 0, 8192);
	fill_struct(c, d, b, s, p);
	m = mutate(d, b, &size, s);
	out_sanitize(c, p, d->nr, b);
	nr = d->nr;
	fdk = d->fd;
	if (!racer && rnd(s, 8) == 0) {
		/*
		 * Another number, direction or size, or another file: no
		 * command, or (size bits of a larger or smaller version of
		 * the struct) the same command.
		 */
		switch (rnd(s, 5)) {
		case 0:
			nr = _IOC(rnd(s, 4), UTRACER_IOC_MAGIC, 0x40 + rnd(s, 0xc0), rnd(s, 512));
			break;
		case 1:
			nr = _IOC(_IOC_DIR(nr) ^ (1 + rnd(s, 3)), UTRACER_IOC_MAGIC, _IOC_NR(nr),
				  _IOC_SIZE(nr));
			break;
		case 2:
			if (rnd(s, 2))		/* grown: the command still */
				bits = _IOC_SIZE(nr) + 8 * (1 + rnd(s, 8));
			else if (rnd(s, 2))	/* _SIZE_VER0 or below it */
				bits = rnd(s, d->ver0 + 1);
			else
				bits = rnd(s, _IOC_SIZEMASK + 1);
			nr = _IOC(_IOC_DIR(nr), UTRACER_IOC_MAGIC, _IOC_NR(nr),
				  bits & _IOC_SIZEMASK);
			break;
		case 3:
			nr = _IOC(_IOC_DIR(nr), rnd(s, 256), _IOC_NR(nr), _IOC_SIZE(nr));
			if (_IOC_TYPE(nr) == UTRACER_IOC_MAGIC)
				nr = d->nr;
			break;
		default:
			nr = (unsigned long)(uint32_t)rnd_next(s);
			break;
		}
		fdk = rnd(s, 3);
		m = M_NONE;
	} else if (rnd(s, 10) == 0) {
		fdk = rnd(s, 3);	/* the right number on a random file */
		m = M_NONE;
	}
	if (m == M_NONE && rnd(s, 6) == 0) {
		enum ptr_kind k = (enum ptr_kind)(1 + rnd(s, P_KINDS - 1));

		arg = ptr_make(p, k, b, size, s);
		if (k == P_NULL || k == P_UNMAPPED || k == P_KERNEL)
			m = M_BADPTR;
	} else {
		arg = b;
	}

	pthread_rwlock_rdlock(&c->fd_lock);
	fd = fd_of(c, fdk);
	c->st->ioctls++;
	out_get(d->nr, b, &out, &olen);
	note_call(c, nr, arg, out, olen, m);
	canary = canary_set(p, d->nr, arg == b ? out : 0, olen);
	errno = 0;
	r = ioctl(fd, nr, arg);
	e = errno;
	pthread_rwlock_unlock(&c->fd_lock);
	if (canary)
		canary_check(c, d, canary, olen);
	verdict = fdk == FD_RESP ? -1 : cmd_verdict(nr, fdk);
	if (r >= 0) {
		if (!verdict)
			violation(c, "ioctl %#lx on file %d names no command but succeeded", nr,
				  fdk);
		if (m == M_FLAGS || m == M_PAD || m == M_SMALL || m == M_TAIL ||
		    (m == M_BADPTR && d->size && nr == d->nr && fdk == (int)d->fd))
			if (fdk == FD_CMD && nr == d->nr && d->fd == FD_CMD)
				violation(c, "%s with mutation %d succeeded", d->name, m);
		if (nr == UTRACER_IOC_ATTACH && fdk == FD_CMD)
			c->st->attached++;
		else if (nr == UTRACER_IOC_QUIESCE && fdk == FD_CMD)
			c->st->stopped++;
		else if (nr == UTRACER_IOC_RUN && fdk == FD_CMD)
			c->st->resumed++;
		else if (nr == UTRACER_IOC_DETACH && fdk == FD_CMD)
			c->st->detached++;
		return;
	}
	count_errno(c, e);
	/*
	 * On control and cmd: a number that names no command (another type,
	 * 0x40 and above, size bits out of range, another direction) gives
	 * ENOTTY; one that names a command, whatever its size bits, never does.
	 */
	if (!verdict && e != ENOTTY)
		violation(c, "ioctl %#lx on file %d names no command but gave errno %d, not ENOTTY",
			  nr, fdk, e);
	if (verdict == 1 && e == ENOTTY)
		violation(c, "ioctl %#lx on file %d names a command (size bits %lu) but gave ENOTTY",
			  nr, fdk, (unsigned long)_IOC_SIZE(nr));
	if (fdk == FD_CMD && nr == d->nr && d->fd == FD_CMD && !expect_errno(m, e))
		violation(c, "%s with mutation %d gave errno %d (%s)", d->name, m, e,
			  strerror(e));
}

/* A batch of records written to cmd. */
static void op_write(struct client *c, uint64_t *s, struct ptrs *p)
{
	static const char *const names[] = {
		"ATTACH", "DETACH", "QUIESCE", "RUN", "SET_EVENTS", "SYSCALL_FILTER",
		"CHECK_PID", "MEM_READ",
	};
	char *b = p->good + 4096 * 4, *rec;
	size_t total = 0;
	int n = 1 + rnd(s, 6), i, bad = 0, e;
	enum ptr_kind k = P_GOOD;
	ssize_t r;
	void *arg;
	int pw = rnd(s, 20) == 0;

	memset(b, 0, 8192);
	for (i = 0; i < n && total < 4096; i++) {
		const struct cmd_desc *d = cmd_find(names[rnd(s, sizeof(names) / sizeof(names[0]))]);
		struct utracer_cmd_record h;
		uint32_t size;
		char tmp[1024];

		memset(tmp, 0, sizeof(tmp));
		fill_struct(c, d, tmp, s, p);
		mutate(d, tmp, &size, s);
		if (size > 512)
			size = d->size;
		h.cmd = (uint32_t)d->nr;
		h.rec_len = (uint32_t)(sizeof(h) + ((size + 7) & ~7u));
		switch (rnd(s, 12)) {
		case 0:
			h.rec_len = rnd(s, 2) ? rnd(s, 16) : (uint32_t)rnd_next(s);
			bad = 1;
			break;
		case 1:
			h.rec_len += 1 + rnd(s, 7);
			bad = 1;
			break;
		case 2:
			h.cmd = rnd(s, 2) ? (uint32_t)rnd_next(s) : (uint32_t)UTRACER_IOC_MEM_READ;
			bad = 1;
			break;
		case 3:		/* the size bits of a later, larger struct */
			h.cmd = (uint32_t)_IOC(_IOC_DIR(d->nr), UTRACER_IOC_MAGIC, _IOC_NR(d->nr),
					       d->size + 8 * (1 + rnd(s, 8)));
			break;
		default:
			break;
		}
		out_sanitize(c, p, d->nr, tmp);
		out_sanitize(c, p, h.cmd, tmp);	/* another command's layout */
		rec = b + total;
		memcpy(rec, &h, sizeof(h));
		memcpy(rec + sizeof(h), tmp, size < 1024 ? size : 1024);
		total += sizeof(h) + ((size + 7) & ~7u);
	}
	if (rnd(s, 10) == 0)
		total = rnd(s, (uint32_t)total + 1);	/* a cut batch */
	arg = b;
	if (rnd(s, 8) == 0) {
		k = (enum ptr_kind)(1 + rnd(s, P_KINDS - 1));
		arg = ptr_make(p, k, b, total, s);
	}
	(void)bad;
	pthread_rwlock_rdlock(&c->fd_lock);
	c->st->writes++;
	note_call(c, 1, arg, 0, total, 0);
	r = pw ? pwrite(c->cmd, arg, total, rnd(s, 100)) : write(c->cmd, arg, total);
	e = errno;
	pthread_rwlock_unlock(&c->fd_lock);
	if (r < 0) {
		count_errno(c, e);
		/* Shorter than a record header: EINVAL before any read. */
		if ((k == P_NULL || k == P_UNMAPPED || k == P_KERNEL) &&
		    total >= sizeof(struct utracer_cmd_record) &&
		    e != EFAULT && e != ENOMEM && !(pw && e == ESPIPE))
			violation(c, "write(cmd, bad pointer kind %d, %zu) gave errno %d", k, total,
				  e);
	} else if ((size_t)r > total) {
		violation(c, "write(cmd) returned %zd for %zu bytes", r, total);
	} else if (r > 0 && (k == P_NULL || k == P_UNMAPPED || k == P_KERNEL)) {
		violation(c, "write(cmd) from an unreadable pointer returned %zd", r);
	}
}

/* attach, quiesce, inspect, run, detach on one tracee, sometimes killing it. */
static void op_sequence(struct client *c, uint64_t *s)
{
	struct utracer_task_list tl = { .size = sizeof(tl) };
	struct utracer_task_info info[32];
	struct utracer_mem_read mr;
	char mem[64];
	enum pid_kind kind;
	pid_t pid;
	int i, ours;

	/* Only this thread reaps: a pid of the table is not reused under us. */
	pthread_mutex_lock(&c->pid_lock);
	pid = c->tracees[rnd(s, MAX_TRACEES)].pid;
	pthread_mutex_unlock(&c->pid_lock);
	ours = pid != 0;
	if (!pid)
		pid = pick_pid(c, s, &kind);
	pthread_rwlock_rdlock(&c->fd_lock);
	{
		struct utracer_attach a = {
			.size = sizeof(a), .pid = pid,
			.flags = (rnd(s, 2) ? UTRACER_ATTACH_QUIESCE : 0) |
				 (rnd(s, 3) ? 0 : UTRACER_ATTACH_LOSSY),
			.event_mask = rnd_next(s) & UTRACER_EVMASK_ALL,
		};

		a.stop_mask = rnd(s, 2) ? 0 : a.event_mask & rnd_next(s);
		c->st->ioctls++;
		if (ioctl(c->cmd, UTRACER_IOC_ATTACH, &a) == 0)
			c->st->attached++;
		else
			count_errno(c, errno);
	}
	for (i = 0; i < 4; i++) {
		struct utracer_target t = { .size = sizeof(t), .pid = pid };
		unsigned long nr;

		switch (rnd(s, 7)) {
		case 0:
			nr = UTRACER_IOC_QUIESCE;
			break;
		case 1:
			nr = UTRACER_IOC_RUN;
			break;
		case 6:
			nr = UTRACER_IOC_STEP;
			break;
		case 2:
			memset(&mr, 0, sizeof(mr));
			mr.size = sizeof(mr);
			mr.pid = pid;
			mr.addr = 0x400000;
			mr.buf = (uintptr_t)mem;
			mr.len = sizeof(mem);
			c->st->ioctls++;
			if (ioctl(c->cmd, UTRACER_IOC_MEM_READ, &mr) == 0 && mr.done > mr.len)
				violation(c, "MEM_READ done %llu > len %llu",
					  (unsigned long long)mr.done, (unsigned long long)mr.len);
			continue;
		case 3:
			if (ours && rnd(s, 8) == 0)
				kill(pid, rnd(s, 2) ? SIGKILL : SIGUSR1);
			continue;
		case 4:
			tl.count = 32;
			tl.buf = (uintptr_t)info;
			c->st->ioctls++;
			if (ioctl(c->cmd, UTRACER_IOC_TASK_LIST, &tl) == 0 &&
			    tl.count > c->st->max_threads)
				c->st->max_threads = tl.count;
			continue;
		default:
			nr = UTRACER_IOC_DETACH;
			break;
		}
		c->st->ioctls++;
		if (ioctl(c->cmd, nr, &t) == 0) {
			if (nr == UTRACER_IOC_QUIESCE)
				c->st->stopped++;
			else if (nr == UTRACER_IOC_RUN || nr == UTRACER_IOC_STEP)
				c->st->resumed++;
			else
				c->st->detached++;
		} else {
			count_errno(c, errno);
		}
	}
	pthread_rwlock_unlock(&c->fd_lock);
}

/* Unregister and register again, reopen files, poke other clients' files. */
static void op_lifecycle(struct client *c, uint64_t *s)
{
	char path[64];
	int fd, r = rnd(s, 4);

	if (r == 0) {
		pid_t other = shm->clients[rnd(s, MAX_CLIENTS)];
		struct utracer_version v = { .size = sizeof(v) };

		if (!other)
			return;
		snprintf(path, sizeof(path), "/proc/utrace/%d/%s", other,
			 rnd(s, 2) ? "cmd" : "resp");
		fd = open(path, (rnd(s, 2) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
		if (fd >= 0) {
			ioctl(fd, UTRACER_IOC_VERSION, &v);
			ioctl(fd, UTRACER_IOC_ATTACH, NULL);
			close(fd);
		}
		return;
	}
	pthread_mutex_lock(&c->read_lock);
	pthread_rwlock_wrlock(&c->fd_lock);
	if (r == 1) {
		/* Unregister: the queue is drained first, then the files are reopened. */
		ioctl(c->control, UTRACER_IOC_UNREGISTER);
	}
	if (client_open(c)) {
		violation(c, "cannot register again");
		c->st->failed_setup = 1;
	}
	pthread_rwlock_unlock(&c->fd_lock);
	pthread_mutex_unlock(&c->read_lock);
}

static void *racer_thread(void *arg)
{
	struct client *c = arg;
	uint64_t s = rnd_seed(c->seed, 77, (uint64_t)c->idx);
	struct ptrs p;

	thread_slot = 1;
	if (ptrs_init(&p))
		return NULL;
	while (!c->done && uabi_now_ms() < shm->end) {
		op_ioctl(c, &s, &p, 1);
		if (rnd(&s, 3) == 0)
			op_read(c, &s, 0);
	}
	ptrs_free(&p);
	return NULL;
}

static void *reader_thread(void *arg)
{
	struct client *c = arg;
	uint64_t s = rnd_seed(c->seed, 99, (uint64_t)c->idx);
	struct pollfd pfd;

	thread_slot = 2;
	while (!c->done) {
		pthread_rwlock_rdlock(&c->fd_lock);
		pfd.fd = c->resp;
		pfd.events = POLLIN;
		pthread_rwlock_unlock(&c->fd_lock);
		poll(&pfd, 1, 20);
		op_read(c, &s, 1);
	}
	return NULL;
}

static int client_main(int idx, int unprivileged, uint64_t seed)
{
	struct client *c = calloc(1, sizeof(*c));
	pthread_t racer, reader;
	uint64_t s;
	struct ptrs p;
	int i, rc = 0, alive, wstatus;
	long long t0;
	pid_t pid;

	if (!c)
		return 1;
	c->idx = idx;
	c->unprivileged = unprivileged;
	c->seed = rnd_seed(seed, 1, (uint64_t)idx);
	c->st = &shm->st[idx];
	crash_catch(c);
	c->control = c->cmd = c->resp = c->resp_block = -1;
	pthread_rwlock_init(&c->fd_lock, NULL);
	pthread_mutex_init(&c->read_lock, NULL);
	pthread_mutex_init(&c->pid_lock, NULL);
	s = rnd_seed(seed, 2, (uint64_t)idx);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	find_kthreads(c);
	if (unprivileged && uabi_drop_privileges()) {
		fprintf(stderr, "abi-fuzz: client %d cannot drop privileges\n", idx);
		return 1;
	}
	if (ptrs_init(&p) || client_open(c)) {
		fprintf(stderr, "abi-fuzz: client %d cannot start: %s\n", idx, strerror(errno));
		c->st->failed_setup = 1;
		return 1;
	}
	c->st->pid = getpid();
	tracees_maintain(c, 1);
	pthread_create(&racer, NULL, racer_thread, c);
	pthread_create(&reader, NULL, reader_thread, c);
	while (uabi_now_ms() < shm->end) {
		uint32_t r = rnd(&s, 100);

		if (r < 40) {
			beat(c, 1);
			op_ioctl(c, &s, &p, 0);
		} else if (r < 58) {
			beat(c, 2);
			op_write(c, &s, &p);
		} else if (r < 70) {
			beat(c, 3);
			op_read(c, &s, 0);
		} else if (r < 88) {
			beat(c, 4);
			op_sequence(c, &s);
		} else if (r < 90) {
			beat(c, 5);
			op_lifecycle(c, &s);
		} else {
			beat(c, 6);
			tracees_maintain(c, 1);
		}
	}
	beat(c, 0);
	c->done = 1;
	pthread_join(racer, NULL);
	pthread_join(reader, NULL);
	/* Drain what is left, then let everything go. */
	op_read(c, &s, 1);
	pthread_rwlock_wrlock(&c->fd_lock);
	client_close_fds(c);
	pthread_rwlock_unlock(&c->fd_lock);

	/* No tracee may stay stopped: each one answers SIGTERM. */
	pthread_mutex_lock(&c->pid_lock);
	for (i = 0; i < MAX_TRACEES; i++)
		if (c->tracees[i].pid)
			kill(c->tracees[i].pid, SIGTERM);
	pthread_mutex_unlock(&c->pid_lock);
	t0 = uabi_now_ms();
	do {
		tracees_maintain(c, 0);
		alive = 0;
		for (i = 0; i < MAX_TRACEES; i++)
			alive += c->tracees[i].pid != 0;
		if (alive)
			usleep(20000);
	} while (alive && uabi_now_ms() - t0 < STOP_GRACE_MS);
	for (i = 0; i < MAX_TRACEES; i++) {
		char path[64], *status;
		size_t len;

		if (!c->tracees[i].pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/status", c->tracees[i].pid);
		status = uabi_slurp(path, &len);
		if (status) {
			char *st = strstr(status, "State:");

			if (st)
				*strchrnul(st, '\n') = 0;
			violation(c, "tracee %d did not exit on SIGTERM within %d ms (%s)",
				  c->tracees[i].pid, STOP_GRACE_MS, st ? st : "?");
			free(status);
		}
		c->st->left_stopped++;
		kill(c->tracees[i].pid, SIGKILL);
	}
	/* Orphans and holders. */
	for (i = 0; i < 2; i++)
		if (c->holders[i].pid)
			kill(c->holders[i].pid, SIGKILL);
	while ((pid = waitpid(-1, &wstatus, __WALL)) > 0)
		if (WIFSIGNALED(wstatus) && crash_signal(WTERMSIG(wstatus)))
			violation(c, "process %d died of signal %d", pid, WTERMSIG(wstatus));
	if (c->st->violations)
		rc = 1;
	ptrs_free(&p);
	pthread_rwlock_destroy(&c->fd_lock);
	pthread_mutex_destroy(&c->read_lock);
	pthread_mutex_destroy(&c->pid_lock);
	free(c);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Fault injection figures, when the debug kernel's failslab is set up. */

static long long read_ll(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return LLONG_MIN;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return LLONG_MIN;
	buf[n] = 0;
	return atoll(buf);
}

/*
 * Without --seconds (the test suite's pass), the clients run until they have
 * done this much, but at least SUITE_MIN_MS (stock kernels under TCG get
 * there in about 10 s) and at most SUITE_MAX_MS (a KASAN kernel under TCG
 * is some ten times slower, more under load). Short of the target at
 * SUITE_MIN_MS, the run turns lean (one tracee per client, no zombie
 * holder): the busy tracees no longer starve the clients. Short of
 * SUITE_OPS_FLOOR iterations at the end, the pass tested too little and
 * fails.
 */
#define SUITE_MIN_MS	10000
#define SUITE_MAX_MS	60000
#define SUITE_OPS	50
#define SUITE_ATTACHED	5
#define SUITE_EVENTS	10
#define SUITE_OPS_FLOOR	20

static int suite_target_met(int nclients)
{
	long long ops = 0, attached = 0, events = 0;
	int i;

	for (i = 0; i < nclients; i++) {
		ops += shm->st[i].ops;
		attached += shm->st[i].attached;
		events += shm->st[i].events;
	}
	return ops >= SUITE_OPS && attached >= SUITE_ATTACHED && events >= SUITE_EVENTS;
}

static void usage(void)
{
	fprintf(stderr, "usage: abi-fuzz [--seconds N] [--seed S] [--clients N] [--verbose]\n");
}

int main(int argc, char **argv)
{
	long long seconds = 10, end, t0, faults0, faults1, pfaults0, pfaults1;
	uint64_t seed = 0;
	int nclients = 3, i, rc = PASS, st, hung = 0, suite = 1, target_met = 0;
	struct client_stats tot;
	ssize_t n;
	pid_t pid;

	n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (n <= 0)
		return FAIL;
	self_exe[n] = 0;
	if (argc == 5 && !strcmp(argv[1], "--tracee"))
		return tracee_main(atoll(argv[2]), atoi(argv[3]), strtoull(argv[4], NULL, 10));

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
			seconds = atoll(argv[++i]);
			suite = 0;
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--clients") && i + 1 < argc) {
			nclients = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--verbose")) {
			verbose = 1;
		} else {
			usage();
			return 2;
		}
	}
	if (seconds < 1 || nclients < 1 || nclients > MAX_CLIENTS) {
		usage();
		return 2;
	}
	if (!seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = ((uint64_t)ts.tv_sec * 1000003ULL) ^ (uint64_t)ts.tv_nsec ^
		       ((uint64_t)getpid() << 32);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (suite)
		printf("abi-fuzz: seed %" PRIu64 " clients %d, the suite's pass: %d to %d s, "
		       "until %d iterations, %d attachments, %d events (reproduce: "
		       "abi-fuzz --seed %" PRIu64 " --clients %d)\n", seed, nclients,
		       SUITE_MIN_MS / 1000, SUITE_MAX_MS / 1000, SUITE_OPS, SUITE_ATTACHED,
		       SUITE_EVENTS, seed, nclients);
	else
		printf("abi-fuzz: seed %" PRIu64 " seconds %lld clients %d (reproduce: "
		       "abi-fuzz --seconds %lld --seed %" PRIu64 " --clients %d)\n",
		       seed, seconds, nclients, seconds, seed, nclients);
	if (!uabi_available()) {
		printf("abi-fuzz: no /proc/utrace (module not loaded)\n");
		return SKIP;
	}
	if (geteuid() != 0) {
		printf("abi-fuzz: needs root (one client drops to another user)\n");
		return SKIP;
	}
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		return FAIL;
	memset(shm, 0, sizeof(*shm));
	signal(SIGPIPE, SIG_IGN);
	faults0 = read_ll("/sys/kernel/debug/failslab/times");
	pfaults0 = read_ll("/sys/kernel/debug/fail_page_alloc/times");

	/* Another user's process, for the permission checks. */
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (uabi_drop_privileges())
			_exit(1);
		for (;;)
			pause();
	}
	shm->other_user = pid;

	t0 = uabi_now_ms();
	end = t0 + (suite ? SUITE_MAX_MS : seconds * 1000);
	shm->end = end;
	for (i = 0; i < nclients; i++) {
		pid = fork();
		if (pid == 0)
			_exit(client_main(i, nclients > 1 && i == nclients - 1, seed));
		shm->clients[i] = pid;
		shm->st[i].heartbeat = uabi_now_ms();
	}

	/* Watch for a client stuck in one call. */
	for (;;) {
		int running = 0;

		for (i = 0; i < nclients; i++) {
			if (!shm->clients[i])
				continue;
			pid = waitpid(shm->clients[i], &st, WNOHANG);
			if (pid == shm->clients[i]) {
				if (!WIFEXITED(st) || WEXITSTATUS(st)) {
					printf("abi-fuzz: client %d ended with status %#x\n", i, st);
					rc = FAIL;
				}
				shm->clients[i] = 0;
				continue;
			}
			running++;
			if (uabi_now_ms() - shm->st[i].heartbeat > HANG_MS &&
			    shm->st[i].op_in_progress) {
				char path[300], *stack;
				struct dirent *e;
				size_t len;
				DIR *d;

				printf("abi-fuzz: client %d HUNG in a %s operation for %d s\n", i,
				       op_names[shm->st[i].op_in_progress], HANG_MS / 1000);
				snprintf(path, sizeof(path), "/proc/%d/task", shm->clients[i]);
				d = opendir(path);
				while (d && (e = readdir(d))) {
					if (e->d_name[0] == '.')
						continue;
					snprintf(path, sizeof(path), "/proc/%d/task/%s/stack",
						 shm->clients[i], e->d_name);
					stack = uabi_slurp(path, &len);
					if (stack) {
						printf("thread %s:\n%.*s", e->d_name, (int)len, stack);
						free(stack);
					}
				}
				if (d)
					closedir(d);
				hung++;
				kill(shm->clients[i], SIGKILL);
				shm->st[i].heartbeat = uabi_now_ms();
			}
		}
		if (!running)
			break;
		if (suite && !target_met && !shm->lean && uabi_now_ms() >= t0 + SUITE_MIN_MS &&
		    !suite_target_met(nclients)) {
			/*
			 * Slow: the tracees (short-lived, busy) take the CPU the
			 * clients need; let them die out down to one per client.
			 */
			shm->lean = 1;
			printf("abi-fuzz: target not met in %d s: one tracee per client from now on\n",
			       SUITE_MIN_MS / 1000);
		}
		if (suite && !target_met && uabi_now_ms() >= t0 + SUITE_MIN_MS &&
		    suite_target_met(nclients)) {
			target_met = 1;
			printf("abi-fuzz: the suite's target met after %.1f s\n",
			       (uabi_now_ms() - t0) / 1000.0);
			if (shm->end > uabi_now_ms())
				shm->end = uabi_now_ms();
		}
		if (uabi_now_ms() > shm->end + 120000) {
			printf("abi-fuzz: clients still running 120 s after the end\n");
			hung++;
			for (i = 0; i < nclients; i++)
				if (shm->clients[i])
					kill(shm->clients[i], SIGKILL);
		}
		usleep(100000);
	}
	kill(shm->other_user, SIGKILL);
	waitpid(shm->other_user, NULL, 0);
	faults1 = read_ll("/sys/kernel/debug/failslab/times");
	pfaults1 = read_ll("/sys/kernel/debug/fail_page_alloc/times");

	memset(&tot, 0, sizeof(tot));
	for (i = 0; i < nclients; i++) {
		const struct client_stats *c = &shm->st[i];

		tot.ops += c->ops;
		tot.ioctls += c->ioctls;
		tot.writes += c->writes;
		tot.reads += c->reads;
		tot.events += c->events;
		tot.lost_reported += c->lost_reported;
		tot.seq_gaps += c->seq_gaps;
		tot.malformed += c->malformed;
		tot.violations += c->violations;
		tot.attached += c->attached;
		tot.stopped += c->stopped;
		tot.resumed += c->resumed;
		tot.detached += c->detached;
		tot.tracees += c->tracees;
		tot.registers += c->registers;
		tot.enomem += c->enomem;
		tot.efault += c->efault;
		tot.redirected += c->redirected;
		tot.canaries += c->canaries;
		tot.left_stopped += c->left_stopped;
		if (c->max_threads > tot.max_threads)
			tot.max_threads = c->max_threads;
		if (c->failed_setup)
			rc = FAIL;
	}
	printf("abi-fuzz: seed %" PRIu64 ": %.1f s, %d clients (1 unprivileged) with 3 threads each\n",
	       seed, (uabi_now_ms() - t0) / 1000.0, nclients);
	printf("abi-fuzz: iterations %lld (ioctl %lld, write %lld, read %lld), registrations %lld\n",
	       tot.ops, tot.ioctls, tot.writes, tot.reads, tot.registers);
	printf("abi-fuzz: attached %lld, quiesced %lld, resumed %lld, detached %lld, "
	       "tracees started %lld, most threads held by one client %lld\n",
	       tot.attached, tot.stopped, tot.resumed, tot.detached, tot.tracees,
	       tot.max_threads);
	printf("abi-fuzz: events %lld, dropped and reported by LOST %lld, "
	       "lost (sequence gaps) %lld, malformed %lld\n",
	       tot.events, tot.lost_reported, tot.seq_gaps, tot.malformed);
	printf("abi-fuzz: answers ENOMEM %lld, EFAULT %lld\n", tot.enomem, tot.efault);
	printf("abi-fuzz: out pointers a mutation sent into the fuzzer's mapped memory (redirected) "
	       "%lld, writes checked against their length %lld\n", tot.redirected, tot.canaries);
	if (faults0 != LLONG_MIN && faults1 != LLONG_MIN && faults0 >= 0)
		printf("abi-fuzz: failslab faults injected %lld\n", faults0 - faults1);
	if (pfaults0 != LLONG_MIN && pfaults1 != LLONG_MIN && pfaults0 >= 0)
		printf("abi-fuzz: fail_page_alloc faults injected %lld\n", pfaults0 - pfaults1);
	printf("abi-fuzz: violations %lld, hangs %d, tracees left stopped %lld\n",
	       tot.violations, hung, tot.left_stopped);
	if (tot.violations || hung || tot.left_stopped || tot.seq_gaps || tot.malformed)
		rc = FAIL;
	if (!tot.attached || !tot.events) {
		printf("abi-fuzz: the run attached nothing or saw no event: it tested nothing\n");
		rc = FAIL;
	}
	if (suite && !target_met) {
		printf("abi-fuzz: the suite's target (%d iterations, %d attachments, %d events) "
		       "not met in %d s\n", SUITE_OPS, SUITE_ATTACHED, SUITE_EVENTS,
		       SUITE_MAX_MS / 1000);
		if (tot.ops < SUITE_OPS_FLOOR)
			rc = FAIL;
	}
	printf("abi-fuzz: %s\n", rc == PASS ? "PASS" : "FAIL");
	return rc;
}
