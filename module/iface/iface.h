/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer interface layer: clients, /proc/utrace files, commands, event
 * queues, permissions. Knows nothing of tracepoints: it drives the engine
 * layer through utrace.h.
 */
#ifndef UTRACER_IFACE_H
#define UTRACER_IFACE_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/proc_fs.h>
#include <linux/pid_namespace.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/utracer.h>
#include "utrace.h"

/*
 * The engine's values reach the client unchanged (event types and masks,
 * stop and detach reasons, task states, syscall filter arguments, syscall
 * arches): they must be the ABI's.
 */
#define UTRACER_SAME_VALUE(engine, uapi) static_assert((u64)(engine) == (u64)(uapi))
UTRACER_SAME_VALUE(UTRACE_EVENT_SYSCALL_ENTRY, UTRACER_EV_SYSCALL_ENTRY);
UTRACER_SAME_VALUE(UTRACE_EVENT_SYSCALL_EXIT, UTRACER_EV_SYSCALL_EXIT);
UTRACER_SAME_VALUE(UTRACE_EVENT_EXEC, UTRACER_EV_EXEC);
UTRACER_SAME_VALUE(UTRACE_EVENT_CLONE, UTRACER_EV_CLONE);
UTRACER_SAME_VALUE(UTRACE_EVENT_EXIT, UTRACER_EV_EXIT);
UTRACER_SAME_VALUE(UTRACE_EVENT_SIGNAL, UTRACER_EV_SIGNAL);
UTRACER_SAME_VALUE(UTRACE_EVENT_STOP, UTRACER_EV_STOP);
UTRACER_SAME_VALUE(UTRACE_EVENT_BREAKPOINT, UTRACER_EV_BREAKPOINT);
UTRACER_SAME_VALUE(UTRACE_EVENT_HWBP, UTRACER_EV_HWBP);
UTRACER_SAME_VALUE(UTRACE_EVMASK(1), UTRACER_EVMASK(1));
UTRACER_SAME_VALUE(UTRACE_STOP_QUIESCE, UTRACER_STOP_QUIESCE);
UTRACER_SAME_VALUE(UTRACE_STOP_EVENT, UTRACER_STOP_EVENT);
UTRACER_SAME_VALUE(UTRACE_STOP_BREAKPOINT, UTRACER_STOP_BREAKPOINT);
UTRACER_SAME_VALUE(UTRACE_STOP_NEW, UTRACER_STOP_NEW);
UTRACER_SAME_VALUE(UTRACE_STOP_STEP, UTRACER_STOP_STEP);
UTRACER_SAME_VALUE(UTRACE_DETACH_REQUEST, UTRACER_DETACH_REQUEST);
UTRACER_SAME_VALUE(UTRACE_DETACH_EXIT, UTRACER_DETACH_EXIT);
UTRACER_SAME_VALUE(UTRACE_DETACH_CRED, UTRACER_DETACH_CRED);
UTRACER_SAME_VALUE(UTRACE_TASK_RUNNING, UTRACER_TASK_RUNNING);
UTRACER_SAME_VALUE(UTRACE_TASK_STOPPING, UTRACER_TASK_STOPPING);
UTRACER_SAME_VALUE(UTRACE_TASK_STOPPED, UTRACER_TASK_STOPPED);
UTRACER_SAME_VALUE(UTRACE_TASK_EXITED, UTRACER_TASK_EXITED);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_MAX, UTRACER_SYSCALL_MAX);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_ENTRY, UTRACER_SYSCALL_ENTRY);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_EXIT, UTRACER_SYSCALL_EXIT);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_BEFORE, UTRACER_SYSCALL_BEFORE);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_OP_ALL, UTRACER_SYSCALL_OP_ALL);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_OP_NONE, UTRACER_SYSCALL_OP_NONE);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_OP_ADD, UTRACER_SYSCALL_OP_ADD);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_OP_REMOVE, UTRACER_SYSCALL_OP_REMOVE);
UTRACER_SAME_VALUE(UTRACE_SYSCALL_OP_SET, UTRACER_SYSCALL_OP_SET);
UTRACER_SAME_VALUE(UTRACE_ARCH_X86_64, UTRACER_ARCH_X86_64);
UTRACER_SAME_VALUE(UTRACE_ARCH_I386, UTRACER_ARCH_I386);
UTRACER_SAME_VALUE(UTRACE_SIGINFO_SIZE, UTRACER_SIGINFO_SIZE);

/* The smallest data area of a ring: a record of the longest exec path fits. */
#define UTRACER_RING_MIN	(16 * 1024)

/**
 * struct utracer_ring - a client's event ring (ring.c)
 * @base: vmap() of @pages: consumer page, producer page, data area twice
 * @pages: the pages, data pages once; @nr_pages of them
 * @cons: the consumer page, written by the client: never trusted
 * @prod: the producer page, read by the client
 * @data: the data area, mapped twice in a row: no record wraps
 * @mask: data size - 1 (a power of two)
 * @head: producer position (the kernel's copy; @prod has it for the
 *	client), under the client's lock
 */
struct utracer_ring {
	void *base;
	struct page **pages;
	unsigned int nr_pages;
	struct utracer_ring_consumer *cons;
	struct utracer_ring_producer *prod;
	void *data;
	u64 mask;
	u64 head;
};

#define UTRACER_QUEUE_DEFAULT	(1024 * 1024)
#define UTRACER_QUEUE_MIN	4096
#define UTRACER_QUEUE_MAX	(64 * 1024 * 1024)

/**
 * struct utracer_client - a registered client (a thread group)
 *
 * Lifetime: kref; references are held by the registration (the control
 * file that registered it, dropped at unregister or close), by each open
 * cmd/resp file and by each attachment. The last put may come from an RCU
 * callback: the free (the ring's vunmap() sleeps) runs on utracer_wq,
 * which module exit drains.
 *
 * @mutex serializes attach and teardown (and guards @registered,
 * @control_file, whose opener decides every permission: perm.c, and
 * @owner). @lock
 * (interrupts off: taken from probes that may run under siglock) protects
 * reservations in @ring (its head), @overflow, @seq,
 * @attachments, @dead, @lost_pending, @ring.prod->lost and ->flags, and
 * @hwbp_count. @read_mutex serializes read() of resp (the kernel's
 * consumer), and nests outside @lock. @hwbp_mutex (hwbp.c) protects @hwbps and @hwbp_last_id,
 * and serializes arming and disarming them; it is taken by tracees too (a
 * new thread arms them in its task_work), so nothing waits for a tracee
 * under it. Nesting: @mutex -> utask->lock -> @lock; @hwbp_mutex -> @lock.
 */
struct utracer_client {
	struct kref ref;
	pid_t pid;			/* tgid, names /proc/utrace/<pid> */
	struct pid *tgid;		/* identity of the registering group */
	struct pid_namespace *pid_ns;	/* pids in commands and events */
	struct list_head node;		/* utracer_clients; utracer_clients_mutex */
	struct proc_dir_entry *dir;
	kuid_t euid;			/* the registering opener's, for max_user_clients */
	/*
	 * The registering process's memory cgroup (a reference, dropped at
	 * free; NULL without one): what the client makes the kernel keep
	 * (event records, attachments, breakpoints) is charged to it, even
	 * when allocated in a tracee's context.
	 */
	struct mem_cgroup *memcg;
	atomic_t nr_attachments;	/* made and not yet released, for max_attachments */

	struct mutex mutex;		/* see above */
	bool registered;
	/*
	 * The control file that registered the client: its opener decides
	 * every permission (perm.c). Valid while @registered; pinned (a file
	 * reference, dropped at teardown) when @owner is the client's own file.
	 */
	struct file *control_file;
	struct file *owner;		/* whose close or UNREGISTER ends it */

	spinlock_t lock;		/* see above */
	bool dead;			/* unregistered: no more events */
	bool lost_pending;		/* some attachment has lost > 0 */
	struct utracer_ring ring;
	/*
	 * Records that must not be dropped and did not fit in @ring, in
	 * order (struct utracer_qevent): while it is not empty every record
	 * comes here, and whoever sees room moves them into @ring. Bounded:
	 * their tracees wait for room before they return to user mode.
	 */
	struct list_head overflow;
	size_t limit;			/* bytes lossy records may occupy */
	struct mutex read_mutex;	/* see above */
	struct work_struct free_work;	/* the last put's free */
	u64 seq;
	struct list_head attachments;	/* struct utracer_attachment */
	wait_queue_head_t readq;	/* blocking readers of resp (pollers: events.c) */
	wait_queue_head_t spaceq;	/* tracees waiting for room in @ring */
	/*
	 * Pending while syscall records wait for a reader that asked for
	 * batches (the consumer page's wakeup_bytes): its expiry wakes the
	 * reader (events.c). Armed and deleted only by producers, who hold
	 * references to the client through their attachments, in reports
	 * (under utask->lock, interrupts off: the timer base's lock nests
	 * inside it, and the callback takes only the wait queues' locks);
	 * shut down by the free.
	 */
	struct timer_list wake_timer;

	/* Breakpoints (breakpoint.c), under @mutex. */
	struct list_head breakpoints;	/* struct utracer_breakpoint */
	u32 bp_last_id;
	u32 bp_count;			/* on @breakpoints */

	/* Hardware breakpoints (hwbp.c). */
	struct mutex hwbp_mutex;	/* see above */
	struct list_head hwbps;		/* struct utracer_hwbp */
	u32 hwbp_last_id;
	unsigned int hwbp_count;	/* on @hwbps; under @lock */
};

/**
 * struct utracer_verdict - the kernel's last yes on a thread, and what it
 * was about (see utracer_perm_lock())
 * @lock: protects the other fields; taken inside the target's
 *	exec_update_lock, nothing inside it
 * @cred: the thread's credentials then (get_task_cred(): pinned, so that
 *	a pointer compared equal is the same credentials); NULL: no verdict
 * @mm: its mm then, only compared, never followed
 * @exec_id: its self_exec_id then
 * @dumpable: whether its owner could dump it then (ptrace's PEEKDATA
 *	asks this again at every access: so does the verdict)
 * @caller: the thread group that asked (get_pid()): Yama looks at the
 *	caller, so another process holding the client's files asks again
 */
struct utracer_verdict {
	spinlock_t lock;		/* see above */
	const struct cred *cred;
	const struct mm_struct *mm;
	u64 exec_id;
	bool dumpable;
	struct pid *caller;
};

struct utracer_captures;

/**
 * struct utracer_capture_retry - entry captures of a thread's current
 * syscall that met unreadable memory, to take again at its exit
 * (capture.c); touched only by the thread, in its own reports
 * @tab: the table the entry used (a reference); NULL: nothing to retry
 * @mm: the thread's mm at the entry, only compared
 * @args: the entry's arguments
 * @nr: the entry's syscall number
 * @arch: the entry's UTRACE_ARCH_*
 * @mask: the entry specs (their index among the key's) to take again
 */
struct utracer_capture_retry {
	struct utracer_captures *tab;
	const struct mm_struct *mm;
	unsigned long args[6];
	long nr;
	unsigned int arch;
	u8 mask;
};

/**
 * struct utracer_attachment - a client's engine on one thread
 *
 * Lifetime: its engine's references (utrace.h): freed by ->release(), just
 * before the engine itself. Holds a client reference, dropped then. On @client->attachments (under
 * @client->lock) from adoption until it is detached.
 */
struct utracer_attachment {
	struct utrace_engine *engine;	/* its data is this attachment */
	struct utracer_client *client;
	struct list_head node;
	bool listed;
	pid_t key;			/* pid given at attach (tgid for a process) */
	bool process;			/* part of a whole-process attach */
	bool lossy;
	atomic64_t lost;
	/* Preallocated final records (NULL once queued): see events.c. */
	struct utracer_qevent *lost_qe;
	struct utracer_qevent *detach_qe;
	struct utracer_verdict verdict;
	/*
	 * SYSCALL_CAPTURE's table (capture.c): a reference, replaced under
	 * @client->mutex, read under RCU; dropped by ->release().
	 */
	struct utracer_captures __rcu *captures;
	struct utracer_capture_retry retry;
	/*
	 * The thread's tid and tgid in @client's pid namespace, as its own
	 * records carry them: taken at its first report and again at exec
	 * (a thread that execs takes its leader's tid); 0 until then.
	 * Written and read only by the thread, in its reports: no lock.
	 */
	pid_t rec_tid, rec_tgid;
};

/* An event record waiting for room in the ring. */
struct utracer_qevent {
	struct list_head node;
	u32 len;
	u64 data[];			/* struct utracer_event and payload */
};

extern bool utracer_admin_only;
extern unsigned int utracer_max_breakpoints;
extern unsigned int utracer_max_user_clients;
extern unsigned int utracer_max_attachments;
extern unsigned int utracer_max_queue_bytes;

/* main.c */
extern struct workqueue_struct *utracer_wq;

/* register.c */
int utracer_proc_init(void);
void utracer_proc_exit(void);
void utracer_client_end(struct utracer_client *client, struct file *file);

/* clientfd.c */
struct file *utracer_clientfd_new(struct utracer_client *client);

/* client.c */
void utracer_client_put(struct utracer_client *client);
pid_t utracer_task_pid(struct utracer_client *client, struct task_struct *task);
pid_t utracer_task_tgid(struct utracer_client *client, struct task_struct *task);
int utracer_client_open(struct inode *inode, struct file *file);
int utracer_client_release(struct inode *inode, struct file *file);
int utracer_client_caller_ok(struct utracer_client *client);

/* ring.c */
int utracer_ring_alloc(struct utracer_ring *ring, size_t limit);
void utracer_ring_free(struct utracer_ring *ring);
u64 utracer_ring_used(const struct utracer_ring *ring);
struct utracer_event *utracer_ring_reserve(struct utracer_ring *ring, u32 size, u64 cap);
bool utracer_ring_commit(struct utracer_ring *ring, struct utracer_event *rec);
const struct utracer_event *utracer_ring_peek(const struct utracer_ring *ring, u64 pos);
bool utracer_ring_readable(const struct utracer_ring *ring);
bool utracer_ring_at_head(const struct utracer_ring *ring, u64 pos);
void utracer_ring_consume(struct utracer_ring *ring, u64 pos);
int utracer_ring_mmap(struct utracer_ring *ring, struct vm_area_struct *vma);

/* events.c */
extern const struct utrace_engine_ops utracer_engine_ops;
extern const struct proc_ops utracer_resp_ops;
int utracer_resp_poll_init(void);
void utracer_resp_pollq_wake(void);
void utracer_wake_timer_fn(struct timer_list *t);
void utracer_read_flag_locked(struct utracer_client *client);
void utracer_resp_poll_exit(void);
ssize_t utracer_resp_read(struct file *file, char __user *buf, size_t count, loff_t *ppos);
long utracer_resp_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int utracer_resp_mmap(struct file *file, struct vm_area_struct *vma);
__poll_t utracer_events_poll_mask(struct utracer_client *client);
struct utracer_attachment *utracer_attachment_new(struct utracer_client *client,
						  unsigned long flags, gfp_t gfp);
bool utracer_attachment_adopt(struct utracer_attachment *att);

/**
 * struct utracer_cmd_ctx - one command in flight (cmd.c)
 * @arg: the command's struct, copied in; copied back when it answers
 * @att: its target, once utracer_cmd_find_target() found it (with an
 *	engine reference, and @held the permission check's lock): the
 *	dispatcher ends both when the handler returns
 */
struct utracer_cmd_ctx {
	struct utracer_client *client;
	struct file *file;
	void *arg;
	struct utracer_attachment *att;
	bool held;
	unsigned int op;		/* the table's, for a shared handler */
};

/* The ops of shared handlers: utracer_cmd_target(), utracer_cmd_query(). */
enum utracer_target_op {
	UTRACER_TARGET_DETACH, UTRACER_TARGET_QUIESCE, UTRACER_TARGET_RUN, UTRACER_TARGET_STEP
};

enum utracer_query {
	UTRACER_QUERY_ENV, UTRACER_QUERY_EXE, UTRACER_QUERY_MAPS,
	UTRACER_QUERY_AUXV, UTRACER_QUERY_CMDLINE, UTRACER_QUERY_FDS,
};

enum utracer_cmd_target {
	UTRACER_CMD_THREAD,		/* an attached thread */
	UTRACER_CMD_THREAD_CHECKED,	/* the same, permission checked again */
	UTRACER_CMD_HELD,		/* a thread or process, checked and held */
};

/* cmd.c */
extern const struct proc_ops utracer_cmd_ops;
long utracer_cmd_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
ssize_t utracer_cmd_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos);
long utracer_version_ioctl(void __user *arg);
bool utracer_ioc_match(unsigned int nr, unsigned int ioc, unsigned int size_ver0);
int utracer_copy_in(void *dst, size_t ksize, size_t min_size, const void __user *src);
int utracer_copy_out(void __user *dst, const void *src, size_t ksize);

/* target.c */
enum utracer_match { UTRACER_MATCH_ALL, UTRACER_MATCH_THREAD, UTRACER_MATCH_KEY };
int utracer_pin(struct utracer_client *client, struct utracer_attachment **v, int cap,
		pid_t pid, enum utracer_match how);
struct utracer_attachment **utracer_collect(struct utracer_client *client,
					    pid_t pid, bool thread, int *nr);
void utracer_put_collected(struct utracer_attachment **v, int n);
struct utracer_attachment *utracer_find(struct utracer_client *client,
					pid_t pid, bool thread_only);
struct utracer_attachment *utracer_target_begin(struct utracer_client *client,
						pid_t pid, bool thread_only, bool hold);
void utracer_target_end(struct utracer_attachment *att, bool hold);
int utracer_cmd_find_target(struct utracer_cmd_ctx *c, pid_t pid,
			    enum utracer_cmd_target kind);

/* The commands' handlers: control.c, query.c, breakpoint.c. */
long utracer_cmd_attach(struct utracer_cmd_ctx *c);
long utracer_cmd_target(struct utracer_cmd_ctx *c);
long utracer_cmd_set_events(struct utracer_cmd_ctx *c);
long utracer_cmd_syscall_filter(struct utracer_cmd_ctx *c);
long utracer_cmd_set_follow(struct utracer_cmd_ctx *c);
long utracer_cmd_signal_holds(struct utracer_cmd_ctx *c);
long utracer_cmd_signal_verdict(struct utracer_cmd_ctx *c);
long utracer_cmd_task_list(struct utracer_cmd_ctx *c);
long utracer_cmd_check_pid(struct utracer_cmd_ctx *c);
long utracer_cmd_regset_list(struct utracer_cmd_ctx *c);
long utracer_cmd_regset_read(struct utracer_cmd_ctx *c);
long utracer_cmd_regset_write(struct utracer_cmd_ctx *c);
long utracer_cmd_mem_read(struct utracer_cmd_ctx *c);
long utracer_cmd_mem_write(struct utracer_cmd_ctx *c);
long utracer_cmd_query(struct utracer_cmd_ctx *c);
long utracer_cmd_status(struct utracer_cmd_ctx *c);
long utracer_cmd_bp_set(struct utracer_cmd_ctx *c);
long utracer_cmd_bp_remove(struct utracer_cmd_ctx *c);
long utracer_cmd_bp_list(struct utracer_cmd_ctx *c);
long utracer_cmd_hwbp_set(struct utracer_cmd_ctx *c);
long utracer_cmd_hwbp_remove(struct utracer_cmd_ctx *c);
long utracer_cmd_hwbp_list(struct utracer_cmd_ctx *c);
long utracer_cmd_syscall_capture(struct utracer_cmd_ctx *c);

/*
 * capture.c: what SYSCALL_CAPTURE adds to a syscall record, planned
 * before the record is reserved (its size), written after.
 */
struct utracer_capture_plan {
	u64 addr;
	u32 len;		/* bytes to take */
	u16 flags;		/* UTRACER_CAPTURE_F_* known when planned */
	u8 index;
	u8 arg;
	bool str;		/* UTRACER_CAPTURE_STR: whole or nothing */
	bool nul;		/* a whole string: its last byte is its NUL */
	bool retry;		/* an entry capture: remember a fault */
};

struct utracer_capture_set {
	struct utracer_captures *tab;	/* the plan's table (RCU) */
	unsigned int n;
	u32 bytes;		/* the blocks at their planned sizes */
	struct utracer_capture_plan p[2 * UTRACER_CAPTURE_PER_CALL];
};

u32 utracer_capture_plan(struct utracer_attachment *att, const struct utrace_report *r,
			 struct utracer_capture_set *cs);
u32 utracer_capture_write(struct utracer_attachment *att, const struct utrace_report *r,
			  const struct utracer_capture_set *cs, void *blocks);
void utracer_captures_inherit(struct utracer_attachment *att,
			      struct utracer_attachment *parent);
void utracer_captures_release(struct utracer_attachment *att);

/* breakpoint.c */
void utracer_bp_rearm_all(struct utracer_client *client);
void utracer_bp_remove_all(struct utracer_client *client);
u32 utracer_breakpoint_id(struct utrace_breakpoint *bp);

/* hwbp.c */
void utracer_hwbp_fill(struct utracer_ev_hwbp *ev, const struct utrace_report *r);
bool utracer_hwbp_wanted(struct utracer_client *client);
void utracer_hwbp_prepare(struct utracer_attachment *att);
void utracer_hwbp_detached(struct utracer_client *client);
void utracer_hwbp_remove_all(struct utracer_client *client);

/* perm.c */
int utracer_perm_lock(struct utracer_client *client, struct task_struct *task,
		      struct utracer_verdict *verdict);
void utracer_verdict_drop(struct utracer_verdict *verdict);
void utracer_perm_unlock(struct task_struct *task);
int utracer_perm_recheck(struct utracer_client *client);
bool utracer_perm_capable(struct utracer_client *client, int cap);

#endif /* UTRACER_IFACE_H */
