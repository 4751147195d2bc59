/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer engine layer: per-task engines, event hooks, stops, inspection.
 *
 * The engine layer knows nothing of /proc, of the uapi or of user memory.
 * Its user (the interface layer) creates a struct utrace_engine for its
 * own per-(client, thread) object, attaches it to a task and receives the
 * task's events through the callbacks of struct utrace_engine_ops.
 */
#ifndef UTRACER_UTRACE_H
#define UTRACER_UTRACE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/mm_types.h>

/*
 * The engine's vocabulary. The interface passes these values through to
 * its own ABI, so each equals its uapi counterpart; iface/iface.h checks
 * that at build time.
 */

/* The events an engine reports: struct utrace_report.type. */
enum utrace_event_type {
	UTRACE_EVENT_SYSCALL_ENTRY = 1,
	UTRACE_EVENT_SYSCALL_EXIT = 2,
	UTRACE_EVENT_EXEC = 3,
	UTRACE_EVENT_CLONE = 4,
	UTRACE_EVENT_EXIT = 5,
	UTRACE_EVENT_SIGNAL = 6,
	UTRACE_EVENT_STOP = 7,		/* always reported */
	UTRACE_EVENT_BREAKPOINT = 10,	/* to the breakpoint's owner */
	UTRACE_EVENT_HWBP = 11,		/* to the watch's engine (hwbp.c) */
};

/* An event mask's bit for @type (utrace_engine_set_events()). */
#define UTRACE_EVMASK(type)	BIT_ULL(type)

/* Why a thread is held: struct utrace_report.stop.reason. */
#define UTRACE_STOP_QUIESCE	1	/* utrace_engine_quiesce() */
#define UTRACE_STOP_EVENT	2	/* an event of the stop mask */
#define UTRACE_STOP_BREAKPOINT	3	/* a breakpoint of the engine's owner */
#define UTRACE_STOP_NEW		4	/* made by following, UTRACE_ENGINE_STOP_NEW */
#define UTRACE_STOP_STEP	5	/* utrace_engine_step() ended */

/* Why an engine left its thread: ->detached(). */
#define UTRACE_DETACH_REQUEST	1	/* utrace_engine_detach() */
#define UTRACE_DETACH_EXIT	2	/* the thread exited */
#define UTRACE_DETACH_CRED	3	/* an exec gave it credentials ->may_trace() refused */

/* A thread as its engine's owner sees it: utrace_engine_state(). */
enum utrace_task_state {
	UTRACE_TASK_RUNNING = 0,
	UTRACE_TASK_STOPPING = 1,	/* a hold is set, the stop not reached yet */
	UTRACE_TASK_STOPPED = 2,	/* stopped, held by this engine */
	UTRACE_TASK_EXITED = 3,
};

/* Syscall numbers an engine can filter: the bitmaps' size. */
#define UTRACE_SYSCALL_MAX	1024

/* utrace_engine_set_syscall_filter() and _stops(): @which and @op. */
#define UTRACE_SYSCALL_ENTRY	BIT(0)
#define UTRACE_SYSCALL_EXIT	BIT(1)
#define UTRACE_SYSCALL_BEFORE	BIT(2)	/* _stops() only: entry stops before the call */
enum utrace_syscall_op {
	UTRACE_SYSCALL_OP_ALL = 0,	/* every syscall */
	UTRACE_SYSCALL_OP_NONE = 1,
	UTRACE_SYSCALL_OP_ADD = 2,	/* add @nr */
	UTRACE_SYSCALL_OP_REMOVE = 3,	/* remove @nr */
	UTRACE_SYSCALL_OP_SET = 4,	/* the set becomes @bitmap */
};

/* The syscall table a syscall came through: utrace_report's .arch. */
#define UTRACE_ARCH_X86_64	1
#define UTRACE_ARCH_I386	2

/* Bytes of the user siginfo_t, in every ABI: utrace_report's .signal.siginfo. */
#define UTRACE_SIGINFO_SIZE	128

struct utrace_task;
struct utrace_engine;
struct user_regset_view;
struct utrace_breakpoint;
struct utrace_watch;

/* An event as the engine saw it; filled in the context of the event. */
struct utrace_report {
	unsigned int type;		/* enum utrace_event_type */
	struct task_struct *task;	/* the thread the event is about */
	union {
		struct {
			long nr;
			unsigned int arch;
			unsigned long args[6];
			unsigned long ip;
			bool before;	/* the call has not run: see utrace_syscall_before */
		} sc_entry;
		struct {
			long nr;
			unsigned int arch;
			long ret;
			unsigned long args[6];	/* the argument registers at the exit */
			bool held;	/* held, then run: @held_nr is the number it had */
			long held_nr;
			bool skipped;	/* a client skipped the call at its entry stop */
			bool restart;	/* a signal came before it ran: never stops */
		} sc_exit;
		struct {
			pid_t old_tid;
			const char *path;
		} exec;
		struct {
			struct task_struct *child;
			unsigned long flags;
		} clone;
		struct {
			int code;
			bool group;
		} exit;
		struct {
			int signo;
			int code;
			int errno_;
			pid_t sender;	/* si_pid, when @has_sender */
			u32 uid;	/* si_uid, when @has_sender */
			bool has_sender;
			bool has_child;	/* SIGCHLD: @status, @utime, @stime */
			bool has_addr;	/* a fault: @addr is si_addr */
			int status;
			s64 utime;
			s64 stime;
			u64 addr;
			unsigned int siginfo_arch;	/* UTRACE_ARCH_*: @siginfo's layout */
			/*
			 * The siginfo_t a handler of @task receives, in its
			 * ABI's layout; UTRACE_SIGINFO_SIZE bytes, valid during
			 * the report only.
			 */
			const u8 *siginfo;
			/*
			 * Held before delivery: only engines that hold @signo
			 * get it, and each stops (utrace_engine_signal_verdict()).
			 */
			bool before;
			/* Given back after a hold: not reported to its holders again. */
			bool released;
			/* Its delivery ends the process: the thread cannot stop for it. */
			bool fatal;
		} signal;
		struct {
			unsigned int reason;	/* UTRACE_STOP_* */
			unsigned int event;
		} stop;
		struct {
			struct utrace_breakpoint *bp;
			unsigned long addr;	/* where the thread hit it */
		} bp;
		struct {
			struct utrace_watch *watch;
			unsigned long ip;	/* the thread's instruction pointer */
		} hwbp;
	};
};

/**
 * struct utrace_engine_ops - what an engine's owner is told
 * @report: an event for this engine; @stopping says the thread will stop
 *	for it. Runs atomic (a tracepoint probe, maybe with siglock held and
 *	interrupts off), or in the thread's own task_work. Must not sleep.
 * @must_wait: true when the owner wants the thread to wait before it runs
 *	on (a lossless queue is full). Runs atomic.
 * @wait: let the thread wait until @must_wait is false, killably. Runs in
 *	the thread's task_work, may sleep, no locks held.
 * @clone: a new engine for @child, a thread (or, with @process, a new
 *	process) created by the engine's thread, when the engine follows
 *	those; NULL on failure (the owner counts it). Runs atomic.
 * @clone_failed: following a child failed after @clone succeeded (no
 *	memory to attach it): the owner of @engine, the creator's engine,
 *	counts it. Runs atomic.
 * @adopt: an engine made by @clone is attached to its thread: the owner
 *	lists it and returns true, or returns false when it is going away
 *	(the engine layer then detaches it). Runs atomic, under the
 *	creator's utask->lock.
 * @detached: the engine left its thread (UTRACE_DETACH_*); called exactly
 *	once, by whoever detached it. Runs atomic.
 * @may_trace: after an exec changed the thread's credentials, whether the
 *	owner may still trace it. Runs in the thread's task_work, may sleep.
 * @release: the last reference is gone: free the owner's object. Runs in
 *	an RCU callback (softirq).
 * @prepare: optional; an engine made by @clone whose @adopt asked for it
 *	(utrace_engine_want_prepare()) is prepared by its new thread before
 *	that thread's first user instruction. Runs in the thread's task_work,
 *	may sleep, no locks held.
 *
 * Context: as each callback says.
 */
struct utrace_engine_ops {
	void (*report)(struct utrace_engine *engine,
		       const struct utrace_report *report, bool stopping);
	bool (*must_wait)(struct utrace_engine *engine);
	void (*wait)(struct utrace_engine *engine);
	struct utrace_engine *(*clone)(struct utrace_engine *engine,
				       struct task_struct *child, bool process);
	void (*clone_failed)(struct utrace_engine *engine);
	bool (*adopt)(struct utrace_engine *engine);
	void (*detached)(struct utrace_engine *engine, unsigned int reason);
	bool (*may_trace)(struct utrace_engine *engine, struct task_struct *task);
	void (*release)(struct utrace_engine *engine);
	void (*prepare)(struct utrace_engine *engine);
};

/*
 * An engine's flags, given to utrace_engine_create(); the follow bits below
 * may change later (utrace_engine_set_follow()).
 */
#define UTRACE_ENGINE_FOLLOW_THREADS	BIT(0)	/* new threads get an engine */
#define UTRACE_ENGINE_FOLLOW_FORK	BIT(1)	/* new processes get an engine */
#define UTRACE_ENGINE_STOP_NEW		BIT(2)	/* engines made by following start held */
#define UTRACE_ENGINE_FOLLOW_MUTABLE	(UTRACE_ENGINE_FOLLOW_FORK | UTRACE_ENGINE_STOP_NEW)

/* utrace_engine_clone_result(): how following the latest clone went. */
#define UTRACE_CLONE_FOLLOWED		BIT(0)
#define UTRACE_CLONE_FAILED		BIT(1)

/**
 * DOC: struct utrace_engine, one owner's hold on one thread (opaque)
 *
 * Made by utrace_engine_create() with one reference, the owner's; attaching
 * takes another, dropped at detach. Freed after an RCU grace period once
 * the last is gone (probes walk a thread's engines under rcu_read_lock()),
 * after ->release() let the owner free its own object. Its fields are the
 * engine's (engine/internal.h); the owner reads what it needs through the
 * accessors below.
 */
struct utrace_engine *utrace_engine_create(const struct utrace_engine_ops *ops,
					   unsigned long flags, void *data, gfp_t gfp);
void *utrace_engine_data(const struct utrace_engine *engine);
struct task_struct *utrace_engine_task(const struct utrace_engine *engine);
unsigned long utrace_engine_flags(const struct utrace_engine *engine);
unsigned int utrace_engine_clone_result(const struct utrace_engine *engine);
bool utrace_engine_owned_by(const struct utrace_engine *engine,
			    const struct utrace_engine_ops *ops);
void utrace_engine_want_prepare(struct utrace_engine *engine);

int utrace_init(void);
void utrace_exit(void);

int utrace_engine_attach(struct utrace_engine *engine, struct task_struct *task);
bool utrace_engine_detach(struct utrace_engine *engine, unsigned int reason);
void utrace_engine_get(struct utrace_engine *engine);
void utrace_engine_put(struct utrace_engine *engine);
int utrace_engine_set_events(struct utrace_engine *engine, u64 event_mask,
			     u64 stop_mask);
void utrace_engine_copy_events(struct utrace_engine *dst, struct utrace_engine *src);
void utrace_engine_set_syscall_filter(struct utrace_engine *engine, u32 which,
				      u32 op, u32 nr, const unsigned long *bitmap);
void utrace_engine_set_syscall_stops(struct utrace_engine *engine, u32 which,
				     u32 op, u32 nr, const unsigned long *bitmap);
void utrace_engine_set_signal_holds(struct utrace_engine *engine, const sigset_t *set);
int utrace_engine_signal_verdict(struct utrace_engine *engine, int sig);
unsigned int utrace_engine_state(struct utrace_engine *engine);
void utrace_engine_set_follow(struct utrace_engine *engine, unsigned long follow);

/* Stops (stop.c). */
int utrace_engine_quiesce(struct utrace_engine *engine, bool silent);
void utrace_engine_run(struct utrace_engine *engine);
int utrace_engine_step(struct utrace_engine *engine);
int utrace_engine_wait_stopped(struct utrace_engine *engine);
void utrace_engine_wait_cancel(struct utrace_engine *engine);
int utrace_engine_call_stopped(struct utrace_engine *engine,
			       long (*fn)(void *arg), void *arg, long *ret);

/*
 * Inspection (engine/inspect.c, engine/procinfo.c). Each may sleep and
 * none touches user memory: bytes go to the owner through a utrace_copy_fn,
 * structured answers through a callback or a kernel buffer.
 */

/**
 * typedef utrace_copy_fn - move bytes between the engine and its owner
 * @ctx: the owner's, as passed with the function
 * @off: where in the transfer: bytes from its start
 * @kbuf: @n bytes of the engine's: read from them (a read of the thread)
 *	or fill them (a write to it)
 * @n: how many bytes
 *
 * CONTEXT: process, no engine lock held: may fault and sleep.
 * RETURNS: 0, or a negative errno that ends the transfer.
 */
typedef int (*utrace_copy_fn)(void *ctx, u64 off, void *kbuf, size_t n);

long utrace_mem_read(struct task_struct *task, unsigned long addr, u64 len,
		     utrace_copy_fn put, void *ctx, u64 *done);
long utrace_env_read(struct task_struct *task, u64 len, utrace_copy_fn put, void *ctx,
		     u64 *copied, u64 *needed);
long utrace_cmdline_read(struct task_struct *task, u64 len, utrace_copy_fn put,
			 void *ctx, u64 *copied, u64 *needed);
char *utrace_exe_path(struct task_struct *task, char *buf, int size);

/**
 * struct utrace_map - one mapping, as utrace_maps_walk() shows it
 * @start: its first address
 * @end: the address after its last
 * @vm_flags: the vma's (VM_READ, VM_WRITE, VM_EXEC, VM_MAYSHARE, ...)
 * @offset: file offset in bytes; zero when anonymous
 * @ino: the file's inode number; zero when anonymous
 * @dev: the file's device; zero when anonymous
 * @path: the name /proc/PID/maps gives it ("" when none); valid during
 *	the callback only
 */
struct utrace_map {
	unsigned long start;
	unsigned long end;
	unsigned long vm_flags;
	u64 offset;
	unsigned long ino;
	dev_t dev;
	const char *path;
};

/* CONTEXT of @fn: the thread's mmap_lock held: no user memory, no sleep on it. */
int utrace_maps_walk(struct task_struct *task, unsigned long from,
		     int (*fn)(void *ctx, const struct utrace_map *map), void *ctx);

/* A register set of a thread's view (the fields of struct user_regset). */
struct utrace_regset_info {
	u32 note_type;
	u32 n;
	u32 size;
	u32 align;
};

/* Larger than any register set (x86 xstate with AMX is about 11 KiB). */
#define UTRACE_REGSET_MAX	(64 * 1024)

int utrace_regset_walk(struct task_struct *task,
		       int (*fn)(void *ctx, const struct utrace_regset_info *info),
		       void *ctx);
int utrace_regset_read(struct utrace_engine *engine, u32 note_type, void **data);

/* One entry of the auxiliary vector; utrace_auxv_read() fills at most UTRACE_AUXV_MAX. */
struct utrace_auxv_entry {
	u64 type;
	u64 value;
};

#define UTRACE_AUXV_MAX		(AT_VECTOR_SIZE / 2)

int utrace_auxv_read(struct task_struct *task, struct utrace_auxv_entry *v);

/**
 * struct utrace_fd - one open file, as utrace_fds_walk() shows it
 * @fd: its descriptor
 * @flags: open flags (O_*), with O_CLOEXEC when close-on-exec
 * @mode: FMODE_READ, FMODE_WRITE, ...
 * @pos: the file position
 * @ino: the file's inode number
 * @dev: the file's device (its superblock's)
 * @path: as readlink(/proc/PID/fd/N); valid during the callback only
 */
struct utrace_fd {
	unsigned int fd;
	unsigned int flags;
	fmode_t mode;
	loff_t pos;
	unsigned long ino;
	dev_t dev;
	const char *path;
};

/* CONTEXT of @fn: process, a reference on the file held; may sleep. */
int utrace_fds_walk(struct task_struct *task,
		    int (*fn)(void *ctx, const struct utrace_fd *f), void *ctx);

/* What /proc/PID/status shows of ids and signals; signal n is bit n - 1. */
struct utrace_status {
	char state;			/* 'R', 'S', 'D', 'T', ... */
	pid_t tgid;
	pid_t tid;
	pid_t ppid;
	int threads;
	uid_t uid[4];			/* real, effective, saved, filesystem */
	gid_t gid[4];
	u64 sig_pending;
	u64 sig_shared;
	u64 sig_blocked;
	u64 sig_ignored;
	u64 sig_caught;
};

struct user_namespace;
struct pid_namespace;
void utrace_status_read(struct task_struct *task, struct pid_namespace *pid_ns,
			struct user_namespace *user_ns, struct utrace_status *st);

/* Writing registers and memory (engine/write.c); each may sleep. */
int utrace_engine_call_parked(struct utrace_engine *engine,
			      long (*fn)(struct task_struct *task, void *arg),
			      void *arg, long *ret);
long utrace_regset_write(struct utrace_engine *engine, u32 note_type,
			 const void *data, size_t len);
long utrace_mem_write(struct task_struct *task, unsigned long addr, u64 len,
		      utrace_copy_fn get, void *ctx, u64 *done);

/* Breakpoints (uprobe.c). */
#include <linux/path.h>

struct utrace_bp_consumer;

/**
 * struct utrace_breakpoint_ops - what a breakpoint's owner decides
 * @wants_mm: whether the breakpoint is to be armed in @mm (the owner
 *	traces a thread using it). CONTEXT: uprobes' filter: may hold the
 *	uprobe's register_rwsem and @mm's mmap_lock; must not sleep.
 * @match: whether @engine, an engine of current, is the one a hit is
 *	reported to. CONTEXT: atomic, under the thread's utask->lock.
 */
struct utrace_breakpoint_ops {
	bool (*wants_mm)(struct utrace_breakpoint *bp, struct mm_struct *mm);
	bool (*match)(struct utrace_breakpoint *bp, struct utrace_engine *engine);
};

/**
 * struct utrace_breakpoint - a breakpoint: a uprobe at @offset of a file
 * @ops: the owner's decisions
 * @path: the file, a reference of the owner's
 * @offset: where in the file, in bytes
 * @key: unique for the module's lifetime
 * @cons: the registered consumer, or NULL
 * @hits: how many hits it reported
 *
 * Owned and embedded by its user, who fills @ops, @path (a reference it
 * hands over: dropped by utrace_breakpoint_release()) and @offset, and
 * serializes utrace_breakpoint_register(), _rearm() and _unregister() of
 * one breakpoint. @path pins the file's dentry, hence its inode, as long
 * as the uprobe may be registered. After utrace_breakpoint_unregister()
 * no handler runs on it any more: the owner may free it.
 */
struct utrace_breakpoint {
	const struct utrace_breakpoint_ops *ops;
	struct path path;
	loff_t offset;
	u64 key;
	struct utrace_bp_consumer *cons;
	atomic64_t hits;
};

int utrace_breakpoint_register(struct utrace_breakpoint *bp);
int utrace_breakpoint_rearm(struct utrace_breakpoint *bp);
void utrace_breakpoint_unregister(struct utrace_breakpoint *bp);
void utrace_breakpoint_release(struct utrace_breakpoint *bp);
int utrace_breakpoint_resolve(struct task_struct *task, unsigned long addr,
			      struct path *path, loff_t *offset);
int utrace_breakpoint_lookup_path(const char *name, struct path *path);
int utrace_breakpoint_mapped(struct task_struct *task, const struct path *path);

/* Hardware breakpoints and watchpoints (hwbp.c). */

/* struct utrace_watch.type */
#define UTRACE_WATCH_EXEC	1	/* before the instruction at @addr runs */
#define UTRACE_WATCH_WRITE	2	/* after an instruction wrote to it */
#define UTRACE_WATCH_ACCESS	3	/* after an instruction read or wrote it */

struct perf_event;

/**
 * struct utrace_watch - a hardware breakpoint of one engine on its thread
 * @addr: the address watched
 * @len: bytes watched: 1, 2, 4 or 8, @addr aligned to it; 1 for _EXEC
 * @type: UTRACE_WATCH_*
 * @engine: the engine told of hits, with a reference; set while registered
 * @event: the perf breakpoint event; set while registered
 * @hits: how many hits it reported
 *
 * Owned and embedded by its user, who fills @addr, @len and @type and
 * serializes utrace_watch_register() and _unregister() of one watch. Hits
 * are reported as UTRACE_EVENT_HWBP to @engine's ->report() (atomic: the
 * #DB exception), which stops the thread for @engine. After
 * utrace_watch_unregister() no hit is reported: the owner may free it.
 */
struct utrace_watch {
	unsigned long addr;
	unsigned int len;
	unsigned int type;
	struct utrace_engine *engine;
	struct perf_event *event;
	atomic64_t hits;
};

int utrace_watch_register(struct utrace_watch *w, struct utrace_engine *engine);
void utrace_watch_unregister(struct utrace_watch *w);

/* The syscall tracepoints (hooks.c), shared by every engine that wants them. */
/* The events that need the syscall tracepoints. */
#define UTRACE_EVMASK_SYSCALLS	(UTRACE_EVMASK(UTRACE_EVENT_SYSCALL_ENTRY) | \
				 UTRACE_EVMASK(UTRACE_EVENT_SYSCALL_EXIT))

int utrace_syscall_hooks_get(void);
void utrace_syscall_hooks_put(void);
bool utrace_syscall_before_supported(void);

#endif /* UTRACER_UTRACE_H */
