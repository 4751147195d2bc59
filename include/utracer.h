/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libutracer: process tracing through the utracer kernel module.
 *
 * The library owns the /proc/utrace file protocol: a program that links it
 * never opens, reads or ioctl()s a utracer file itself. See libutracer(7)
 * for the overview and one man page in section 3 per function.
 *
 * Conventions, for every function below:
 * - Calls that return int or ssize_t return 0 (or a count) on success and a
 *   negative errno value on failure, and also set errno to the positive
 *   value. Calls that return a pointer return NULL and set errno.
 * - Arrays and strings that the library allocates for the caller are one
 *   block each: release them with free(3).
 * - Options structs start with a size_t sz field. Declare them with
 *   UTRACER_OPTS(), which zero-fills the struct and sets sz, so that a
 *   program built against an older header keeps working with a newer
 *   library and vice versa; a struct whose unknown tail is not zero is
 *   refused with EINVAL. A NULL options pointer means "all defaults".
 * - Unknown flag bits give EINVAL.
 *
 * Thread safety: a struct utracer may be used by several threads at once.
 * Commands (attach, quiesce, inspection, ...) may run concurrently with each
 * other and with the event calls; in particular one thread may block in
 * utracer_event_wait() while others command the tracees. Event calls
 * serialize among themselves: each event is handed to exactly one caller.
 * utracer_close() must not run concurrently with any other call on the
 * same object. The object belongs to the process that opened it: a child
 * made by fork(2) must not use its copy (utracer_spawn() takes care of its
 * own child).
 */
#ifndef UTRACER_H
#define UTRACER_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- Options structs ------------------------------------------------------ */

/*
 * UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_QUIESCE);
 * declares "struct utracer_attach_opts opts", zero-filled (padding too),
 * with opts.sz set and the given fields initialized.
 */
#if defined(__GNUC__) && !defined(__cplusplus)
#define UTRACER_OPTS(TYPE, NAME, ...)					\
	struct TYPE NAME = __extension__ ({					\
		memset(&NAME, 0, sizeof(struct TYPE));			\
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ };\
	})
#else
#define UTRACER_OPTS(TYPE, NAME, ...)					\
	struct TYPE NAME = { .sz = sizeof(struct TYPE), __VA_ARGS__ }
#endif

/* --- Library and errors -------------------------------------------------- */

/* The library's version, as "MAJOR.MINOR.PATCH". */
const char *utracer_library_version(void);

/*
 * A description of err (a positive or negative errno value). It names the
 * library's own conditions, which use ordinary errno values:
 *   ENOSYS           /proc/utrace/control is missing: utracer.ko is not loaded
 *   EPROTONOSUPPORT  the loaded module speaks an interface version this
 *                    library does not (module too old, or too new)
 *   EBADMSG          the module sent a record the library cannot decode
 *   EOPNOTSUPP       the loaded module lacks the feature the call needs
 * and falls back to the C library's text for everything else. The string
 * is static: it is never freed and is safe to use from any thread.
 */
const char *utracer_strerror(int err);

/* --- Clients: open, close, module version and features ------------------- */

/* The client: one registration with the module. Opaque. */
struct utracer;

struct utracer_open_opts {
	size_t sz;
	/* The utracer directory; NULL means "/proc/utrace". */
	const char *proc_root;
	/* Limit of the client's event queue in bytes; 0: the module's default. */
	uint32_t queue_limit;
	uint32_t __pad0;
};

/*
 * Register the calling process as a client of the module and check that the
 * module's interface version is one this library speaks. Fails with ENOSYS
 * when the module is not loaded, EPROTONOSUPPORT when it is too old, and
 * EEXIST when the process is a client already (a process is one client).
 */
struct utracer *utracer_open(const struct utracer_open_opts *opts);

/*
 * Unregister and free the client. The module resumes and detaches every
 * tracee the client held. Accepts NULL.
 */
void utracer_close(struct utracer *u);

/* Features a module may offer; utracer_has_feature() tests one. */
enum utracer_feature {
	UTRACER_FEATURE_THREAD_ATTACH = 0,	/* UTRACER_THREAD with utracer_attach() */
	UTRACER_FEATURE_QUIESCE = 1,		/* utracer_quiesce(), utracer_run() */
	UTRACER_FEATURE_REGSETS = 2,		/* utracer_regset_list(), _read() */
	UTRACER_FEATURE_MEM_READ = 3,		/* utracer_mem_read() */
	UTRACER_FEATURE_ENVIRON = 4,		/* utracer_environ_list() */
	UTRACER_FEATURE_MAPS = 5,		/* utracer_map_list() */
	UTRACER_FEATURE_EXE = 6,		/* utracer_exe_path() */
	UTRACER_FEATURE_TASKS = 7,		/* utracer_task_list(), _is_attached() */
	UTRACER_FEATURE_SYSCALL_FILTER = 8,	/* utracer_set_syscall_filter() */
	UTRACER_FEATURE_LOSSY = 9,		/* UTRACER_ATTACH_F_LOSSY */
	UTRACER_FEATURE_BREAKPOINT = 10,	/* utracer_breakpoint_*() */
	/* 11: not a feature of the library's calls. */
	UTRACER_FEATURE_AUXV = 12,		/* utracer_auxv_list() */
	UTRACER_FEATURE_CMDLINE = 13,		/* utracer_cmdline_list() */
	UTRACER_FEATURE_STATUS = 14,		/* utracer_task_status() */
	UTRACER_FEATURE_FDS = 15,		/* utracer_fd_list() */
	UTRACER_FEATURE_REGSET_WRITE = 16,	/* utracer_regset_write() */
	UTRACER_FEATURE_MEM_WRITE = 17,		/* utracer_mem_write() */
	UTRACER_FEATURE_HWBP = 21,		/* utracer_hwbp_*() */
	/*
	 * UTRACER_ATTACH_F_FOLLOW_FORK, _STOP_NEW, utracer_set_follow().
	 * Numbered as the module's feature bit.
	 */
	UTRACER_FEATURE_FOLLOW = 24,
	UTRACER_FEATURE_SYSCALL_STOPS = 25,	/* utracer_set_syscall_stops() */
	UTRACER_FEATURE_QUIESCE_WAIT = 26,	/* UTRACER_QUIESCE_WAIT */
	UTRACER_FEATURE_SYSCALL_BEFORE = 27,	/* UTRACER_SYSCALL_F_BEFORE, utracer_syscall_*() */
	UTRACER_FEATURE_SIGNAL_HOLD = 28,	/* utracer_set_signal_holds(), _signal_verdict() */
	UTRACER_FEATURE_STEP = 29,		/* utracer_step() */
	UTRACER_FEATURE_RING = 30,		/* events consumed from a mapped ring */
	UTRACER_FEATURE_CAPTURE = 32,		/* utracer_set_captures() */
	UTRACER_FEATURE_RING_WAKEUP = 33,	/* utracer_set_wakeup() */
	UTRACER_FEATURE_MAX			/* not a feature: one past the last */
};

struct utracer_module_info {
	size_t sz;		/* set by the caller: sizeof(struct utracer_module_info) */
	uint32_t api_major;	/* the module's interface version */
	uint32_t api_minor;
	uint64_t features;	/* bit (1ULL << enum utracer_feature) per feature */
	uint64_t events;	/* UTRACER_EVENT_BIT() per event type it reports */
	uint32_t syscall_max;	/* syscall numbers a filter can name: [0, syscall_max) */
	uint32_t __pad0;
};

/* Fill info, up to info->sz bytes, with what the loaded module reports. */
int utracer_module_info(struct utracer *u, struct utracer_module_info *info);

/* 1 when the module offers feat, 0 when not, -errno on error. */
int utracer_has_feature(struct utracer *u, enum utracer_feature feat);

/* --- Event types and masks ---------------------------------------------------- */

enum utracer_event_kind {
	UTRACER_EVENT_SYSCALL_ENTRY = 1, /* a syscall is entered */
	UTRACER_EVENT_SYSCALL_EXIT = 2,	 /* a syscall returns */
	UTRACER_EVENT_EXEC = 3,		 /* a successful execve() */
	UTRACER_EVENT_CLONE = 4,	 /* a new thread or process */
	UTRACER_EVENT_EXIT = 5,		 /* a thread exits */
	UTRACER_EVENT_SIGNAL = 6,	 /* a signal is delivered */
	UTRACER_EVENT_STOP = 7,		 /* the thread has stopped (always reported) */
	UTRACER_EVENT_DETACH = 8,	 /* the thread is no longer traced (always) */
	UTRACER_EVENT_LOST = 9,		 /* a lossy queue dropped events (always) */
	UTRACER_EVENT_BREAKPOINT = 10,	 /* a breakpoint of this client (always) */
	UTRACER_EVENT_HWBP = 11,	 /* a hardware breakpoint of this client (always) */
	UTRACER_EVENT_KIND_MAX		 /* not a kind: one past the last */
};

/* The mask bit of one event kind, for event and stop masks. */
#define UTRACER_EVENT_BIT(kind) (UINT64_C(1) << (kind))

/* Every event kind a mask may name (STOP, DETACH and LOST always come). */
#define UTRACER_EVENTS_ALL						\
	(UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |		\
	 UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT) |		\
	 UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |			\
	 UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |			\
	 UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |			\
	 UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL))

/* The name of an event kind ("syscall-entry", ...), or NULL if unknown. */
const char *utracer_event_name(unsigned int kind);

/* --- Syscall sets (inline helpers, nothing exported) ------------------------ */

/* Syscall numbers a set holds: [0, UTRACER_SYSCALL_SET_BITS). */
#define UTRACER_SYSCALL_SET_BITS 1024

struct utracer_syscall_set {
	uint64_t bits[UTRACER_SYSCALL_SET_BITS / 64];
};

static inline void utracer_syscall_set_zero(struct utracer_syscall_set *set)
{
	memset(set, 0, sizeof(*set));
}

/* 0, or -EINVAL when nr is out of range (the set is then unchanged). */
static inline int utracer_syscall_set_add(struct utracer_syscall_set *set,
					  unsigned int nr)
{
	if (nr >= UTRACER_SYSCALL_SET_BITS)
		return -EINVAL;
	set->bits[nr / 64] |= UINT64_C(1) << (nr % 64);
	return 0;
}

/* 0, or -EINVAL when nr is out of range. */
static inline int utracer_syscall_set_del(struct utracer_syscall_set *set,
					  unsigned int nr)
{
	if (nr >= UTRACER_SYSCALL_SET_BITS)
		return -EINVAL;
	set->bits[nr / 64] &= ~(UINT64_C(1) << (nr % 64));
	return 0;
}

/* 1 when nr is in the set, else 0. */
static inline int utracer_syscall_set_has(const struct utracer_syscall_set *set,
					  unsigned int nr)
{
	return nr < UTRACER_SYSCALL_SET_BITS &&
	       ((set->bits[nr / 64] >> (nr % 64)) & 1);
}

/* --- Attach, detach, event choices ------------------------------------------ */

/* pid names one thread, not its process: attach, detach, quiesce, run. */
#define UTRACER_THREAD		(1U << 0)
/* utracer_attach_opts.flags: stop every attached thread at once. */
#define UTRACER_ATTACH_F_QUIESCE (1U << 1)
/* utracer_attach_opts.flags: on a full queue drop and count events (LOST). */
#define UTRACER_ATTACH_F_LOSSY	(1U << 2)

/*
 * utracer_attach_opts.flags: follow children. Every process the traced
 * process creates (fork, vfork, clone without CLONE_THREAD) is attached
 * too, from the kernel's fork path before the child runs, as a process
 * attachment of its own (named by the child's pid) with the same events,
 * stop events, syscall filters, lossy mode and follow flags; and so on for
 * its children. A UTRACER_EVENT_CLONE event names each child (its
 * clone.follow says whether it was followed).
 */
#define UTRACER_ATTACH_F_FOLLOW_FORK (1U << 3)
/*
 * utracer_attach_opts.flags: each thread or process attached by following
 * starts stopped before its first instruction (the one after the clone
 * syscall), with a UTRACER_EVENT_STOP of reason UTRACER_STOP_REASON_NEW.
 */
#define UTRACER_ATTACH_F_STOP_NEW (1U << 4)

struct utracer_attach_opts {
	size_t sz;
	/*
	 * UTRACER_THREAD, UTRACER_ATTACH_F_QUIESCE, UTRACER_ATTACH_F_LOSSY,
	 * UTRACER_ATTACH_F_FOLLOW_FORK, UTRACER_ATTACH_F_STOP_NEW (the last
	 * two not with UTRACER_THREAD). By default the whole process is traced
	 * (every thread, and the threads it creates later), not its children,
	 * nothing is stopped, and the queue is lossless: a tracee whose event
	 * would overflow the client's queue waits for room.
	 */
	uint32_t flags;
	uint32_t __pad0;
	/* Event kinds to report, UTRACER_EVENT_BIT()s; 0 means none. */
	uint64_t events;
	/*
	 * Event kinds that also stop the reporting thread until utracer_run();
	 * a subset of events, without UTRACER_EVENT_EXIT (an exiting thread
	 * cannot stop).
	 */
	uint64_t stop_events;
	/*
	 * Limit syscall entry and exit events to these syscall numbers; NULL
	 * means every syscall. Copied: they need not outlive the call.
	 */
	const struct utracer_syscall_set *syscall_entry;
	const struct utracer_syscall_set *syscall_exit;
};

/*
 * Attach to process pid (or only thread pid, with UTRACER_THREAD). The
 * caller needs the rights over pid that ptrace(2) would require. A process
 * may be traced by several clients at once; a client attaches it once.
 */
int utracer_attach(struct utracer *u, pid_t pid,
		   const struct utracer_attach_opts *opts);

/*
 * Detach from the attachment made with pid. A stop this client held is
 * released; the tracee goes on as if it had never been traced by us.
 */
int utracer_detach(struct utracer *u, pid_t pid, unsigned int flags);

/*
 * Change the event kinds the attachment made with pid reports, and those
 * that stop it (a subset of events, as in utracer_attach_opts).
 */
int utracer_set_events(struct utracer *u, pid_t pid, uint64_t events,
		       uint64_t stop_events);

/* utracer_set_syscall_filter() which: */
#define UTRACER_SYSCALL_F_ENTRY	(1U << 0)
#define UTRACER_SYSCALL_F_EXIT	(1U << 1)

/*
 * Limit the syscall entry events (UTRACER_SYSCALL_F_ENTRY), exit events
 * (UTRACER_SYSCALL_F_EXIT) or both of the attachment made with pid to the
 * syscalls in set; NULL means every syscall, an empty set none. The
 * numbers are the tracee's (ia32 numbers for a 32-bit tracee).
 */
int utracer_set_syscall_filter(struct utracer *u, pid_t pid,
			       unsigned int which,
			       const struct utracer_syscall_set *set);

/*
 * Which syscalls stop, when UTRACER_EVENT_SYSCALL_ENTRY (which:
 * UTRACER_SYSCALL_F_ENTRY) or _EXIT (UTRACER_SYSCALL_F_EXIT) is among the
 * stop events of the attachment made with pid: only those in set (NULL:
 * every reported syscall, the default; an empty set: none). The others
 * are still reported, without stopping. Threads and processes it follows
 * later inherit the sets.
 */
int utracer_set_syscall_stops(struct utracer *u, pid_t pid, unsigned int which,
			      const struct utracer_syscall_set *set);

/*
 * utracer_set_syscall_stops() which: the entry stops of the syscalls in
 * set come before the call runs (default: none; they come on the way
 * back to user mode, after the call). Their entry event has
 * UTRACER_EVENT_F_BEFORE. While the thread is stopped there,
 * utracer_syscall_get() reads the call, utracer_syscall_set() changes its
 * number and arguments and utracer_syscall_skip() cancels it with a
 * return value; utracer_run() then lets it go. A signal handler that runs
 * first interrupts the call: an exit event with -ERESTARTNOINTR, and the
 * call starts over (a new entry stop) when the handler returns. EOPNOTSUPP
 * on kernels whose syscall entry cannot be held (utracer_has_feature()
 * UTRACER_FEATURE_SYSCALL_BEFORE tells).
 */
#define UTRACER_SYSCALL_F_BEFORE	(1U << 2)

/* A syscall about to run, as utracer_syscall_get() reads it. */
struct utracer_syscall {
	int64_t nr;		/* the syscall number, in arch's table */
	uint32_t arch;		/* AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386 */
	uint32_t __pad0;
	uint64_t args[6];	/* zero-extended (ia32: 32-bit values) */
};

/*
 * The syscall thread tid is about to make, at an entry stop before the
 * call (an entry event with UTRACER_EVENT_F_BEFORE). Elsewhere the values
 * are what the registers hold (nr: -1 outside a syscall). As for
 * utracer_regset_read(), a reported stop is waited for.
 */
int utracer_syscall_get(struct utracer *u, pid_t tid, struct utracer_syscall *sc);

/*
 * At such a stop, make the call that runs sc->nr with sc->args instead
 * (sc->arch must be the thread's; ia32 arguments must fit 32 bits:
 * EINVAL otherwise). A negative number runs no syscall and returns
 * -ENOSYS, as an invalid number does (-1 is utracer_syscall_skip()'s:
 * the call returns what ax holds, -ENOSYS until changed).
 */
int utracer_syscall_set(struct utracer *u, pid_t tid, const struct utracer_syscall *sc);

/*
 * At such a stop, cancel the call: it does not run, and returns retval
 * (a negative errno for a failure: -EPERM makes it fail with EPERM). Its
 * exit event has UTRACER_EVENT_F_SKIPPED.
 */
int utracer_syscall_skip(struct utracer *u, pid_t tid, int64_t retval);

/* The bit of signal sig (1-64) in a mask of utracer_set_signal_holds(). */
#define UTRACER_SIGNAL_BIT(sig)	(UINT64_C(1) << ((sig) - 1))

/*
 * Hold the signals of mask (UTRACER_SIGNAL_BIT(); SIGKILL and SIGSTOP
 * never are) before their delivery, in every thread of the attachment
 * made with pid and in the threads and processes it follows later: while
 * SIGNAL events are
 * reported and stop (utracer_set_events()), such a signal is taken off
 * the kernel's queue when it is sent, and the thread that is to take it
 * reports a SIGNAL event with UTRACER_EVENT_F_BEFORE and stops, before
 * any handler runs or any default action is taken: a crash (SIGSEGV,
 * SIGABRT...) can be examined while the process is still whole. The
 * event goes to the clients that hold the signal only; they see no
 * second event when it is delivered. utracer_run() delivers it, unless
 * utracer_signal_verdict() said otherwise. Not held: a signal the thread
 * blocks or waits for (sigwait(), sigtimedwait()), and one the kernel
 * makes fatal to the whole process when it is sent (a default action
 * that terminates without a core dump, SIGTERM's or SIGINT's): those are
 * reported at delivery as before. An empty mask holds nothing (the
 * default). EOPNOTSUPP on a module without UTRACER_FEATURE_SIGNAL_HOLD.
 */
int utracer_set_signal_holds(struct utracer *u, pid_t pid, uint64_t mask);

/*
 * At a held signal's stop (a SIGNAL event with UTRACER_EVENT_F_BEFORE),
 * what becomes of the signal once thread tid runs: signo 0 cancels it,
 * its own number delivers it (the default), another number delivers that
 * signal instead (with SI_USER). Several clients holding it: the first
 * attached that gave a verdict decides. ENOENT when the thread is not
 * stopped for a held signal.
 */
int utracer_signal_verdict(struct utracer *u, pid_t tid, int signo);

/*
 * Change the follow flags (UTRACER_ATTACH_F_FOLLOW_FORK, _STOP_NEW; those
 * not given are turned off) of the process attachment made with pid, for
 * the threads and processes it creates from now on. Those followed before
 * keep their own flags. EINVAL for a UTRACER_THREAD attachment.
 */
int utracer_set_follow(struct utracer *u, pid_t pid, unsigned int flags);

/*
 * 1 when thread (or thread group) pid is traced by this client, 0 when not,
 * -errno on error.
 */
int utracer_is_attached(struct utracer *u, pid_t pid);

enum utracer_state {
	UTRACER_STATE_RUNNING = 1,
	UTRACER_STATE_STOPPING = 2,	/* a stop is requested, not reached yet */
	UTRACER_STATE_STOPPED = 3,	/* stopped, held by this client */
	UTRACER_STATE_EXITED = 4,
};

/* utracer_task.flags */
#define UTRACER_TASK_F_PROCESS	(1U << 0) /* part of a whole-process attach */

struct utracer_task {
	pid_t pid;		/* thread group id */
	pid_t tid;		/* thread id */
	uint32_t state;		/* enum utracer_state */
	uint32_t flags;		/* UTRACER_TASK_F_* */
	uint64_t __reserved[2];
};

/*
 * The threads this client traces, with their states: an array of *count
 * elements, to release with free(3). With no tracee, a valid pointer to
 * zero elements.
 */
struct utracer_task *utracer_task_list(struct utracer *u, size_t *count);

/* --- Stop and resume ---------------------------------------------------------- */

/*
 * Ask process pid (every thread; one thread with UTRACER_THREAD) to stop at
 * a safe point. Returns once asked: a UTRACER_EVENT_STOP event reports each
 * thread as it stops (utracer_event_wait_for() waits for one). A thread
 * blocked in a syscall stops promptly, and its syscall completes as usual
 * once resumed.
 *
 * With UTRACER_QUIESCE_WAIT (UTRACER_FEATURE_QUIESCE_WAIT), it returns once
 * every thread named is stopped, and reports those stops by its return
 * instead of STOP events (as waitpid() consumes a ptrace stop). ESRCH when
 * the thread (every thread) exited or was killed meanwhile, ECANCELED when
 * utracer_run() released it first, EINTR on a signal (the stops still to
 * come are then reported by STOP events).
 */
#define UTRACER_QUIESCE_WAIT	(1U << 8)
int utracer_quiesce(struct utracer *u, pid_t pid, unsigned int flags);

/*
 * Release the stop this client holds on process pid (one thread with
 * UTRACER_THREAD). The tracee runs when no client holds it stopped.
 */
int utracer_run(struct utracer *u, pid_t pid, unsigned int flags);

/*
 * Run one thread this client holds stopped for one instruction
 * (UTRACER_FEATURE_STEP): tid with UTRACER_THREAD, or a thread attachment,
 * or a process of one thread. The hold is released as by utracer_run();
 * once no client holds it, the thread runs one instruction and stops
 * again for this client with a UTRACER_EVENT_STOP of reason
 * UTRACER_STOP_REASON_STEP: after the instruction (a syscall instruction:
 * after the whole call, which may block), or at the first instruction of
 * a signal handler that runs first, as ptrace's PTRACE_SINGLESTEP. A
 * utracer_run() of the thread before the step ends calls the step off. A
 * thread that exits meanwhile has no STOP (its EXIT follows). Stepping an
 * instruction where a breakpoint is (this client's, at a stop for it, or
 * another's) runs the instruction. A program that sets the trap flag
 * itself keeps it and gets its SIGTRAP. EINVAL when the target is several
 * threads, EBUSY when the client does not hold the thread stopped, ESRCH
 * when it is not attached, EOPNOTSUPP when the module has no STEP.
 */
int utracer_step(struct utracer *u, pid_t tid, unsigned int flags);

/* --- Inspection: registers, memory, environment, maps, executable --------- */

struct utracer_regset {
	uint32_t note_type;	/* NT_PRSTATUS, NT_PRFPREG, NT_X86_XSTATE, ... */
	uint32_t count;		/* number of slots */
	uint32_t size;		/* bytes per slot */
	uint32_t align;
	uint64_t bytes;		/* the whole set: count * size */
};

/*
 * The register sets of thread tid's architecture view. Up to max of them go
 * to sets (which may be NULL when max is 0). Returns how many there are,
 * which may exceed max.
 */
int utracer_regset_list(struct utracer *u, pid_t tid,
			struct utracer_regset *sets, size_t max);

/*
 * Read register set note_type of thread tid, which must be stopped (EBUSY
 * otherwise), into buf (len bytes). Returns the bytes written. A thread
 * whose event or breakpoint was reported with UTRACER_EVENT_F_STOPPED is
 * stopped for this purpose: the call waits for it to finish stopping.
 */
ssize_t utracer_regset_read(struct utracer *u, pid_t tid, uint32_t note_type,
			    void *buf, size_t len);

/*
 * Read len bytes of process pid's memory at addr into buf; any length. The
 * read stops at the first byte that cannot be read, so the count returned
 * may be short; -EIO when nothing at addr can be read.
 */
ssize_t utracer_mem_read(struct utracer *u, pid_t pid, uint64_t addr,
			 void *buf, size_t len);

/*
 * The environment strings of process pid, exactly as the kernel holds them,
 * as a NULL-terminated vector in one block, to release with free(3).
 * *count, when count is not NULL, receives the number of strings.
 */
char **utracer_environ_list(struct utracer *u, pid_t pid, size_t *count);

/* utracer_map.flags */
#define UTRACER_MAP_F_SHARED	(1U << 0) /* a shared mapping ('s' in maps) */

struct utracer_map {
	uint64_t start;		/* first address */
	uint64_t end;		/* one past the last address */
	uint64_t offset;	/* file offset of start */
	uint64_t inode;		/* 0 for an anonymous mapping */
	uint32_t dev_major;
	uint32_t dev_minor;
	uint32_t prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC */
	uint32_t flags;		/* UTRACER_MAP_F_* */
	const char *path;	/* a file, "[heap]", "[stack]", ... or "" */
	uint64_t __reserved[2];
};

/*
 * Every mapping of process pid, in address order: *count elements and
 * their strings in one block, to release with free(3).
 */
struct utracer_map *utracer_map_list(struct utracer *u, pid_t pid,
				     size_t *count);

/* The path of process pid's executable, to release with free(3). */
char *utracer_exe_path(struct utracer *u, pid_t pid);

/* --- More of /proc/PID: auxiliary vector, command line, status, files ---- */

/* One entry of the auxiliary vector (AT_* from <elf.h>). */
struct utracer_auxv {
	uint64_t type;
	uint64_t value;
};

/*
 * The auxiliary vector of process pid, the entries before AT_NULL (values
 * of a 32-bit process widened), as *count elements in one block to
 * release with free(3).
 */
struct utracer_auxv *utracer_auxv_list(struct utracer *u, pid_t pid,
				       size_t *count);

/*
 * The command-line arguments of process pid, as the kernel holds them in
 * its argument area, as a NULL-terminated vector in one block, to release
 * with free(3). *count, when count is not NULL, receives their number.
 */
char **utracer_cmdline_list(struct utracer *u, pid_t pid, size_t *count);

/* What /proc/PID/status shows of a thread. */
struct utracer_task_status {
	size_t sz;		/* set by the caller: sizeof(struct utracer_task_status) */
	char state;		/* 'R', 'S', 'D', 'T', 't', 'Z', 'X', ... */
	char __pad0[3];
	pid_t pid;		/* the process (Tgid) */
	pid_t tid;		/* the thread (Pid) */
	pid_t ppid;		/* the parent process */
	uint32_t threads;	/* threads in the process */
	uint32_t uid[4];	/* real, effective, saved, filesystem */
	uint32_t gid[4];	/* real, effective, saved, filesystem */
	uint64_t sig_pending;	/* bit n - 1 = signal n: pending for the thread */
	uint64_t sig_shared;	/* pending for the process */
	uint64_t sig_blocked;
	uint64_t sig_ignored;
	uint64_t sig_caught;	/* a handler is installed */
};

/*
 * Fill st, up to st->sz bytes, with the status of thread pid (or of
 * process pid's leader).
 */
int utracer_task_status(struct utracer *u, pid_t pid,
			struct utracer_task_status *st);

/* utracer_fd.mode */
#define UTRACER_FD_F_READ	(1U << 0) /* open for reading */
#define UTRACER_FD_F_WRITE	(1U << 1) /* open for writing */

struct utracer_fd {
	int fd;
	uint32_t flags;		/* open flags: O_* with O_CLOEXEC, as fdinfo shows */
	uint32_t mode;		/* UTRACER_FD_F_* */
	uint32_t dev_major;
	uint32_t dev_minor;
	uint32_t __pad0;
	uint64_t pos;		/* file position */
	uint64_t inode;
	const char *path;	/* as readlink(2) of /proc/PID/fd/N shows it */
	uint64_t __reserved[2];
};

/*
 * The open file descriptors of process pid, in increasing order: *count
 * elements and their strings in one block, to release with free(3).
 */
struct utracer_fd *utracer_fd_list(struct utracer *u, pid_t pid, size_t *count);

/* --- Changing a tracee: registers and memory ------------------------------ */

/*
 * Write register set note_type of thread tid, which must be stopped (EBUSY
 * otherwise; as for utracer_regset_read(), a reported stop is waited for).
 * len must be the whole set (utracer_regset.bytes): read it
 * with utracer_regset_read(), change it, write it back. The kernel
 * validates the values as for ptrace: a set it refuses (x86: a bad
 * segment selector gives EIO, a bad MXCSR EINVAL) changes nothing; bits
 * user space may not change (x86 EFLAGS IOPL) are silently kept.
 */
int utracer_regset_write(struct utracer *u, pid_t tid, uint32_t note_type,
			 const void *buf, size_t len);

/*
 * Write len bytes from buf into process pid's memory at addr; any length,
 * with ptrace's rights: read-only program text gets a private copy of the
 * page (the file is never changed). The write stops at the first byte
 * that cannot be written, so the count returned may be short; -EIO when
 * nothing at addr can be written.
 */
ssize_t utracer_mem_write(struct utracer *u, pid_t pid, uint64_t addr,
			  const void *buf, size_t len);

/* --- Breakpoints ---------------------------------------------------------------- */

/*
 * A breakpoint is a place in a file (an executable or a shared library)
 * given by path and file offset, or found from an address in a traced
 * process. It is armed in every process this client traces that maps the
 * file, now or later, and in no other. A thread that reaches it stops
 * before the instruction there runs, with its instruction pointer at the
 * breakpoint, and this client alone receives a UTRACER_EVENT_BREAKPOINT
 * event (flag UTRACER_EVENT_F_STOPPED) and then a UTRACER_EVENT_STOP with
 * reason UTRACER_STOP_REASON_BREAKPOINT. utracer_run() continues past it;
 * it stays armed. Several clients may set breakpoints at the same place:
 * each is told only of its own.
 */

/* utracer_breakpoint.flags */
#define UTRACER_BREAKPOINT_F_ADDR (1U << 0) /* set by utracer_breakpoint_set_addr() */

struct utracer_breakpoint {
	uint32_t id;		/* from 1, per client */
	uint32_t flags;		/* UTRACER_BREAKPOINT_F_* */
	uint64_t offset;	/* file offset */
	uint64_t inode;		/* the file's inode number and device */
	uint32_t dev_major;
	uint32_t dev_minor;
	uint64_t addr;		/* the address given to _set_addr(); else 0 */
	uint64_t hits;		/* hits reported so far */
	uint64_t __reserved[2];
};

/*
 * A breakpoint at byte offset of the file path (a regular file; offset
 * inside it). Returns the breakpoint's id (> 0) or -errno: ENOENT (and the
 * other errors of path lookup), EINVAL for an offset past the end of the
 * file or a file that is not regular.
 */
int utracer_breakpoint_set(struct utracer *u, const char *path, uint64_t offset);

/*
 * A breakpoint at address addr of traced process (or thread) pid: the
 * module finds the file mapped there. Returns the id, or -errno: ESRCH when
 * pid is not traced by this client, ENXIO when nothing is mapped at addr,
 * EINVAL when the mapping there is not an executable file mapping.
 * *offset, when offset is not NULL, receives the file offset.
 */
int utracer_breakpoint_set_addr(struct utracer *u, pid_t pid, uint64_t addr,
				uint64_t *offset);

/*
 * Remove breakpoint id of this client: the original bytes are back in
 * every process. A thread stopped at it stays stopped until utracer_run().
 * ENOENT when this client has no breakpoint id.
 */
int utracer_breakpoint_remove(struct utracer *u, uint32_t id);

/*
 * This client's breakpoints, in the order they were set: *count elements
 * in one block, to release with free(3) (a valid pointer when there are
 * none).
 */
struct utracer_breakpoint *utracer_breakpoint_list(struct utracer *u, size_t *count);

/* --- Hardware breakpoints and watchpoints ------------------------------------------ */

/*
 * A hardware breakpoint watches an address of a traced process through
 * the debug registers of each of its threads (those traced now and those
 * it creates later; x86 has 4 per thread, shared with ptrace and other
 * clients). A thread that hits it stops and this client alone receives a
 * UTRACER_EVENT_HWBP event (flag UTRACER_EVENT_F_STOPPED), then a
 * UTRACER_EVENT_STOP with reason UTRACER_STOP_REASON_BREAKPOINT (its
 * event: UTRACER_EVENT_HWBP). An EXEC breakpoint stops before the
 * instruction at addr runs, and utracer_run() runs it; WRITE and ACCESS
 * (read or write: x86 has no read-only watchpoint) stop after the
 * instruction that wrote or read one of the len bytes at addr.
 * utracer_detach() of the process removes them.
 */
enum utracer_hwbp_type {
	UTRACER_HWBP_TYPE_EXEC = 1,	/* an instruction breakpoint; len 1 */
	UTRACER_HWBP_TYPE_WRITE = 2,	/* a write watchpoint */
	UTRACER_HWBP_TYPE_ACCESS = 3,	/* a read or write watchpoint */
};

struct utracer_hwbp {
	uint32_t id;		/* from 1, per client */
	uint32_t type;		/* enum utracer_hwbp_type */
	pid_t pid;		/* the traced process (or thread) given at set */
	uint32_t len;		/* bytes watched */
	uint64_t addr;
	uint64_t hits;		/* hits reported so far */
	uint64_t __reserved[2];
};

/*
 * A hardware breakpoint of type on the len bytes at addr (aligned to len)
 * in traced process (or thread) pid. Returns its id (> 0) or -errno:
 * EINVAL for a bad type, a length not 1, 2, 4 or 8 (1 for EXEC), a
 * misaligned or kernel address; ENOSPC when a thread has no debug register
 * left; ESRCH when pid is not traced by this client; EOPNOTSUPP without
 * the module's UTRACER_FEATURE_HWBP.
 */
int utracer_hwbp_set(struct utracer *u, pid_t pid, uint64_t addr, uint32_t len,
		     enum utracer_hwbp_type type);

/*
 * Remove hardware breakpoint id of this client. A thread stopped at it
 * stays stopped until utracer_run(). ENOENT when this client has no
 * hardware breakpoint id (one whose threads all exited or were detached is
 * gone).
 */
int utracer_hwbp_remove(struct utracer *u, uint32_t id);

/*
 * This client's hardware breakpoints, in the order they were set: *count
 * elements in one block, to release with free(3).
 */
struct utracer_hwbp *utracer_hwbp_list(struct utracer *u, size_t *count);

/* --- Events --------------------------------------------------------------------- */

/* utracer_event_info.flags */
#define UTRACER_EVENT_F_STOPPED	(1U << 0) /* the thread stays stopped until run */
#define UTRACER_EVENT_F_BEFORE	(1U << 1) /* syscall entry: the call has not run yet */
#define UTRACER_EVENT_F_SKIPPED	(1U << 2) /* syscall exit: the call was skipped */

/* utracer_event_info.clone.kind */
enum utracer_clone_kind {
	UTRACER_CLONE_KIND_THREAD = 1,	/* a new thread in the same process */
	UTRACER_CLONE_KIND_FORK = 2,	/* a new process */
	UTRACER_CLONE_KIND_VFORK = 3,	/* a new process sharing memory until exec */
};

/* utracer_event_info.stop.reason */
enum utracer_stop_reason {
	UTRACER_STOP_REASON_QUIESCE = 1, /* utracer_quiesce(), UTRACER_ATTACH_F_QUIESCE */
	UTRACER_STOP_REASON_EVENT = 2,	 /* an event of stop_events */
	UTRACER_STOP_REASON_BREAKPOINT = 3, /* a breakpoint of this client */
	UTRACER_STOP_REASON_NEW = 4,	 /* followed, new: UTRACER_ATTACH_F_STOP_NEW */
	UTRACER_STOP_REASON_STEP = 5,	 /* utracer_step() ended */
};

/* utracer_event_info.clone.follow */
#define UTRACER_CLONE_FOLLOWED	(1U << 0) /* this client attached the child */
#define UTRACER_CLONE_FOLLOW_FAILED (1U << 1) /* it should have, but ran out of memory */

/* utracer_event_info.signal.flags */
#define UTRACER_SIGNAL_SENDER	(1U << 0) /* sender_pid and sender_uid are the sender's */
#define UTRACER_SIGNAL_CHILD	(1U << 1) /* SIGCHLD: status, utime, stime are set */
#define UTRACER_SIGNAL_SIGINFO	(1U << 2) /* siginfo and siginfo_arch are set */
#define UTRACER_SIGNAL_ADDR	(1U << 3) /* a fault (SIGSEGV, SIGBUS, ...): addr is si_addr */

/* Bytes of utracer_event_info.signal.siginfo: a siginfo_t, in every ABI. */
#define UTRACER_SIGINFO_SIZE	128

/* utracer_event_info.detach.reason */
enum utracer_detach_reason {
	UTRACER_DETACH_REASON_REQUEST = 1, /* utracer_detach() */
	UTRACER_DETACH_REASON_EXIT = 2,	   /* the thread exited */
	UTRACER_DETACH_REASON_CRED = 3,	   /* an exec gave it rights we lack */
};

#define UTRACER_PATH_MAX 4096

/*
 * --- Captures ---------------------------------------------------------------
 *
 * The memory a syscall's arguments point to, copied by the module into the
 * syscall's entry or exit event, so that a tracer decodes strings, buffers
 * and structures without stopping the thread (UTRACER_FEATURE_CAPTURE).
 * Each definition names a syscall of one ABI (nr in arch's table), the
 * event that carries the capture (when: UTRACER_SYSCALL_F_ENTRY or
 * UTRACER_SYSCALL_F_EXIT), the argument that holds the address, and how
 * much to take: a NUL-terminated string of at most max bytes with its NUL
 * (UTRACER_CAPTURE_STRING), or memory (UTRACER_CAPTURE_MEMORY) of max
 * bytes (UTRACER_CAPTURE_LEN_FIXED), of argument len_arg times elem bytes
 * (_LEN_FROM_ARG) or of the return value times elem bytes (_LEN_FROM_RET,
 * exit only), cut at max.
 */
/* The most definitions utracer_set_captures() takes. */
#define UTRACER_CAPTURE_DEFS_MAX	4096

#define UTRACER_CAPTURE_STRING		1
#define UTRACER_CAPTURE_MEMORY		2

#define UTRACER_CAPTURE_LEN_FIXED	0
#define UTRACER_CAPTURE_LEN_FROM_ARG	1
#define UTRACER_CAPTURE_LEN_FROM_RET	2

struct utracer_capture_def {
	int32_t nr;		/* the syscall number, in arch's table */
	uint32_t arch;		/* AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386 */
	uint32_t when;		/* UTRACER_SYSCALL_F_ENTRY or UTRACER_SYSCALL_F_EXIT */
	uint32_t kind;		/* UTRACER_CAPTURE_STRING, _MEMORY */
	uint32_t arg;		/* the argument with the address: 0 to 5 */
	uint32_t len_from;	/* _MEMORY: UTRACER_CAPTURE_LEN_* */
	uint32_t len_arg;	/* _LEN_FROM_ARG: the argument with the count */
	uint32_t elem;		/* _LEN_FROM_ARG, _RET: bytes per unit (0: 1) */
	uint32_t max;		/* most bytes taken: 1 to 65536 */
};

/*
 * Replace the capture definitions of attached thread or process pid (and of
 * the threads and, with UTRACER_ATTACH_F_FOLLOW_FORK, processes it makes
 * later) with defs[0, count); count 0 removes them. -EINVAL for a bad
 * definition, -E2BIG when there are too many (more than 4096 in all or 8
 * for one syscall's event) or one event's captures could take more than a
 * quarter of the event ring, -EOPNOTSUPP without the module's support.
 */
int utracer_set_captures(struct utracer *u, pid_t pid,
			 const struct utracer_capture_def *defs, size_t count);

/* utracer_captured.flags */
#define UTRACER_CAPTURED_TRUNCATED	(1U << 0) /* there was more than max */
#define UTRACER_CAPTURED_FAULT		(1U << 1) /* not readable then: len 0 */
#define UTRACER_CAPTURED_RETRIED	(1U << 2) /* entry: taken again at the exit */
#define UTRACER_CAPTURED_ENTRY		(1U << 3) /* exit: an entry capture, retaken */

/*
 * One capture in a syscall event, in the order of the definitions of its
 * syscall and event. An entry capture of memory that was not resident
 * (UTRACER_CAPTURED_FAULT | UTRACER_CAPTURED_RETRIED) is taken again as the
 * call returns and comes in the exit event with UTRACER_CAPTURED_ENTRY.
 */
struct utracer_captured {
	uint64_t addr;		/* where the bytes were in the tracee */
	uint32_t len;		/* bytes at data */
	uint32_t flags;		/* UTRACER_CAPTURED_* */
	uint32_t index;		/* its definition's rank for its syscall and event */
	uint32_t arg;		/* the argument the address came from */
	const unsigned char *data;
};

/* One decoded event. */
struct utracer_event_info {
	uint32_t type;		/* enum utracer_event_kind */
	uint32_t flags;		/* UTRACER_EVENT_F_* */
	pid_t pid;		/* thread group id of the thread */
	pid_t tid;		/* thread id */
	uint64_t seq;		/* per-client sequence number, from 1 */
	uint64_t time_ns;	/* CLOCK_MONOTONIC time of the event */
	union {
		struct {
			int32_t nr;	/* syscall number, in arch's table */
			uint32_t arch;	/* AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386 */
			uint64_t args[6];
			uint64_t ip;	/* user instruction pointer */
			/* utracer_set_captures(): valid until the next event call */
			uint32_t ncaptures;
			uint32_t __pad0;
			const struct utracer_captured *captures;
		} syscall_entry;
		struct {
			int32_t nr;
			uint32_t arch;
			int64_t ret;	/* return value; -errno on failure */
			uint32_t ncaptures;	/* as for syscall_entry */
			uint32_t __pad0;
			const struct utracer_captured *captures;
		} syscall_exit;
		struct {
			pid_t old_tid;	/* the tid before exec (non-leader exec) */
			uint32_t __pad0;
			char path[UTRACER_PATH_MAX]; /* as given to execve */
		} exec;
		struct {
			pid_t child_pid;	/* thread group id of the new task */
			pid_t child_tid;
			uint32_t kind;		/* enum utracer_clone_kind */
			uint32_t follow;	/* UTRACER_CLONE_FOLLOWED, _FOLLOW_FAILED */
			uint64_t clone_flags;	/* CLONE_* */
		} clone;
		struct {
			int32_t status;	/* wait(2) status of the thread */
			uint32_t group;	/* 1 when the whole process is exiting */
		} exit;
		struct {
			int32_t signo;
			int32_t code;		/* si_code */
			int32_t error;		/* si_errno */
			pid_t sender_pid;	/* 0 when unknown */
			uint32_t flags;		/* UTRACER_SIGNAL_SENDER, _CHILD */
			uint32_t sender_uid;	/* si_uid, with UTRACER_SIGNAL_SENDER */
			int32_t status;		/* SIGCHLD, with UTRACER_SIGNAL_CHILD: si_status */
			int64_t utime;		/* and si_utime, si_stime in clock ticks */
			int64_t stime;
			uint64_t addr;		/* with UTRACER_SIGNAL_ADDR: si_addr */
			/*
			 * With UTRACER_SIGNAL_SIGINFO: the siginfo_t a handler
			 * of the thread receives, in the layout of its ABI
			 * (siginfo_arch: AUDIT_ARCH_X86_64, or AUDIT_ARCH_I386
			 * for the 32-bit layout of an ia32 thread).
			 */
			uint32_t siginfo_arch;
			uint32_t __pad0;
			unsigned char siginfo[UTRACER_SIGINFO_SIZE];
		} signal;
		struct {
			uint32_t reason;	/* enum utracer_stop_reason */
			uint32_t event;		/* _REASON_EVENT: the event kind */
		} stop;
		struct {
			uint32_t reason;	/* enum utracer_detach_reason */
			uint32_t __pad0;
		} detach;
		struct {
			uint64_t count;		/* events dropped since the last LOST */
		} lost;
		struct {
			uint32_t id;		/* the breakpoint */
			uint32_t __pad0;
			uint64_t addr;		/* its address: the thread's IP */
		} breakpoint;
		struct {
			uint32_t id;		/* the hardware breakpoint */
			uint32_t type;		/* enum utracer_hwbp_type */
			uint64_t addr;		/* its address, as set */
			uint64_t ip;		/* the thread's instruction pointer */
			uint32_t len;		/* its length, as set */
			uint32_t __pad0;
		} hwbp;
		uint64_t __reserved[16];
	};
};

/*
 * Wait up to timeout_ms milliseconds (-1: forever, 0: not at all) for the
 * next event and decode it into ev. Returns 0, -EAGAIN when no event came
 * in time, -EINTR when a signal interrupted the wait. Records of a kind
 * this library does not know are skipped.
 */
int utracer_event_wait(struct utracer *u, struct utracer_event_info *ev,
		       int timeout_ms);

/* The next event if one is ready, without waiting; -EAGAIN when none. */
int utracer_event_next(struct utracer *u, struct utracer_event_info *ev);

/*
 * Wait up to timeout_ms for the next event of kind (0: any kind) from
 * thread group or thread pid (0: any). Events that come first and do not
 * match stay queued, in order, for the next utracer_event_*() call.
 */
int utracer_event_wait_for(struct utracer *u, pid_t pid, unsigned int kind,
			   struct utracer_event_info *ev, int timeout_ms);

/*
 * A file descriptor that polls readable (POLLIN) when events may be ready,
 * for the caller's poll/select/epoll loop; it stays owned by the client.
 * Once it polls readable, call utracer_event_next() until -EAGAIN: the
 * library may hold events the descriptor no longer signals.
 */
int utracer_event_fd(struct utracer *u);

/*
 * Be woken for syscall events in batches, for a tracer that streams them
 * rather than acts on each: a thread that waits in utracer_event_wait*()
 * (or polls utracer_event_fd()) is woken once bytes of events wait (at
 * most half the client's queue) or ms milliseconds (1 to 1000; 0: the
 * module's default, 10) after the first of them, whichever comes first.
 * Syscall events that stop their thread, and every other kind, wake it at
 * once. bytes 0 (the default): woken for each event. Events the library
 * can take without waiting are given as before. -EINVAL for ms above 1000,
 * -EOPNOTSUPP without UTRACER_FEATURE_RING_WAKEUP or the mapped ring.
 */
int utracer_set_wakeup(struct utracer *u, uint32_t bytes, uint32_t ms);

/*
 * The next event, decoded into ev, without consuming it and without a
 * system call when the module's event ring is mapped (the library maps it
 * at open; utracer_has_feature(u, UTRACER_FEATURE_RING) says whether the
 * module has one): repeated, it gives the same event until
 * utracer_event_advance() consumes it. -EAGAIN when none is ready (it never
 * waits: poll utracer_event_fd() for that). Any other event call ends the
 * peek. Records are consumed in place: only those utracer_event_wait_for()
 * passes over are copied, and at most 4 MiB of them are kept (beyond it
 * utracer_event_wait_for() fails with -ENOBUFS: take the events first).
 */
int utracer_event_peek(struct utracer *u, struct utracer_event_info *ev);

/* Consume the event utracer_event_peek() gave; -ENOENT when none was peeked. */
int utracer_event_advance(struct utracer *u);

/* --- Starting a program under tracing --------------------------------------- */

/* utracer_spawn_opts.flags: look file up in $PATH, as execvp(3) does. */
#define UTRACER_SPAWN_F_SEARCH_PATH (1U << 0)
/*
 * utracer_spawn_opts.flags: the program runs with the ids uid, gid and
 * groups: the child calls setgroups(), setgid() then setuid() before its
 * execve() (the caller needs CAP_SETUID and CAP_SETGID; a refusal is
 * the spawn's error). The caller looks the ids up, as initgroups(3) would.
 */
#define UTRACER_SPAWN_F_SET_IDS (1U << 1)
/*
 * utracer_spawn_opts.flags: the program leads a process group of its own
 * (the child calls setpgid(0, 0) before its execve()), as a debugger puts
 * its program: the terminal's Ctrl-C then reaches the debugger alone.
 */
#define UTRACER_SPAWN_F_NEW_PGRP (1U << 2)

struct utracer_spawn_opts {
	size_t sz;
	uint32_t flags;		/* UTRACER_SPAWN_F_* */
	uint32_t __pad0;
	char *const *envp;	/* the new program's environment; NULL: environ */
	const char *cwd;	/* its working directory; NULL: ours */
	/*
	 * How to attach; NULL: no events. UTRACER_THREAD and
	 * UTRACER_ATTACH_F_QUIESCE are refused here; the follow flags apply
	 * from the stop at exec on.
	 */
	const struct utracer_attach_opts *attach;
	/* UTRACER_SPAWN_F_SET_IDS: the ids to take; ignored without it. */
	uint32_t uid;
	uint32_t gid;
	const uint32_t *groups;	/* ngroups supplementary groups; NULL when 0 */
	size_t ngroups;
};

/*
 * Start file with argv as a child of the caller, attached to this client and
 * held stopped at its exec: the kernel has set up the new image and not one
 * of its instructions has run. Resume it with utracer_run(); reap it with
 * waitpid(2) like any child. Returns the child's pid, or -errno: the
 * child's execve() error when the program could not be started (that child
 * is then reaped). The child's events up to that stop are consumed; other
 * tracees' events stay queued.
 */
pid_t utracer_spawn(struct utracer *u, const char *file, char *const argv[],
		    const struct utracer_spawn_opts *opts);

#ifdef __cplusplus
}
#endif

#endif /* UTRACER_H */
