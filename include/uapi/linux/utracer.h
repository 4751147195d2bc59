/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * utracer: the /proc/utrace interface of the utracer kernel module.
 *
 * Files:
 *   /proc/utrace/control           ioctl UTRACER_IOC_VERSION, _REGISTER, _UNREGISTER
 *                                  (mode 0444: open it O_RDONLY)
 *   /proc/utrace/<client-pid>/cmd  ioctl of every command below; write()/pwrite()
 *                                  of struct utracer_cmd_record batches (_IOW only)
 *   /proc/utrace/<client-pid>/resp read() of event records, poll(), O_NONBLOCK;
 *                                  mmap() of the same records (the event ring)
 *
 * Rules for every struct in this file: fixed-width fields, pointers as __u64,
 * natural alignment with explicit padding, the same layout for 32- and 64-bit
 * callers. A struct that may grow starts with its size: the caller sets it to
 * sizeof() of the struct it was compiled with; a size below the first
 * published version gives -EINVAL, a larger size is accepted when the tail
 * the module does not know is zero (else -E2BIG), and a size above a page
 * gives -E2BIG. Unknown flags and non-zero reserved or padding fields give
 * -EINVAL, unknown commands -ENOTTY, bad pointers -EFAULT.
 *
 * Command numbers (ioctl() and struct utracer_cmd_record.cmd): a number
 * names a command when its type (UTRACER_IOC_MAGIC), number and direction
 * are the command's, whatever its size bits say between the struct's first
 * published size (its _SIZE_VER0) and a page, both included: a caller
 * compiled with a larger or smaller version of the struct than the module
 * sends a number of its own, and the module takes it. The size field of
 * the struct, never the size bits, says how many bytes are read and
 * written back. A number whose size bits are below _SIZE_VER0 or above a
 * page, or whose direction is not the command's, names no command
 * (-ENOTTY); so does UNREGISTER (no struct) with size bits other than 0.
 *
 * Command numbers: 0x00-0x10 tracing and inspection; 0x11-0x1f more of what
 * /proc/PID offers (auxv, command line, status, file descriptors); 0x20-0x21
 * writing registers and memory; 0x22-0x27 breakpoints; 0x28-0x2f following
 * children and exec. Feature bits follow the same grouping.
 */
#ifndef _UAPI_LINUX_UTRACER_H
#define _UAPI_LINUX_UTRACER_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define UTRACER_API_MAJOR	1
#define UTRACER_API_MINOR	0

#define UTRACER_IOC_MAGIC	0xB7

/* Maximum syscall number a filter can name (exclusive). */
#define UTRACER_SYSCALL_MAX	1024

/* ------------------------------------------------------------------------ */
/* Version and features: on control and on cmd. */

/* Features (struct utracer_version.features). */
#define UTRACER_FEAT_ATTACH_THREAD	(1ULL << 0)	/* single-thread attach */
#define UTRACER_FEAT_QUIESCE		(1ULL << 1)	/* QUIESCE / RUN */
#define UTRACER_FEAT_REGSETS		(1ULL << 2)	/* REGSET_LIST / REGSET_READ */
#define UTRACER_FEAT_MEM_READ		(1ULL << 3)
#define UTRACER_FEAT_ENV		(1ULL << 4)
#define UTRACER_FEAT_MAPS		(1ULL << 5)
#define UTRACER_FEAT_EXE		(1ULL << 6)
#define UTRACER_FEAT_TASKS		(1ULL << 7)	/* TASK_LIST / CHECK_PID */
#define UTRACER_FEAT_SYSCALL_FILTER	(1ULL << 8)
#define UTRACER_FEAT_LOSSY		(1ULL << 9)	/* UTRACER_ATTACH_LOSSY */
#define UTRACER_FEAT_CMD_WRITE		(1ULL << 10)	/* write() batches on cmd */
#define UTRACER_FEAT_POLL		(1ULL << 11)	/* poll()/epoll on resp */
#define UTRACER_FEAT_AUXV		(1ULL << 12)	/* AUXV */
#define UTRACER_FEAT_CMDLINE		(1ULL << 13)	/* CMDLINE */
#define UTRACER_FEAT_STATUS		(1ULL << 14)	/* STATUS */
#define UTRACER_FEAT_FDS		(1ULL << 15)	/* FDS */
#define UTRACER_FEAT_REGSET_WRITE	(1ULL << 16)	/* REGSET_WRITE */
#define UTRACER_FEAT_MEM_WRITE		(1ULL << 17)	/* MEM_WRITE */

struct utracer_version {
	__u32 size;		/* in: sizeof(struct utracer_version) */
	__u32 api_major;	/* out: UTRACER_API_MAJOR of the module */
	__u32 api_minor;	/* out: UTRACER_API_MINOR of the module */
	__u32 max_syscall;	/* out: UTRACER_SYSCALL_MAX of the module */
	__u64 features;		/* out: UTRACER_FEAT_* */
	__u64 events;		/* out: 1ULL << UTRACER_EV_* supported */
	__u64 reserved[4];	/* out: zero */
};

#define UTRACER_VERSION_SIZE_VER0	64

/* ------------------------------------------------------------------------ */
/* Registration: on control. The client is the calling thread group. */

/*
 * UTRACER_REGISTER_FD: the client gets a file of its own (fd, O_CLOEXEC,
 * read-write) that carries everything cmd and resp carry: every command by
 * ioctl() and write() batches, events by read(), poll() and mmap(),
 * RING_CONSUMED. It owns the registration: the control file may be closed
 * at once, and closing the file's last descriptor ends the client
 * (UNREGISTER on the control file does not: ENOENT). The /proc/utrace
 * files of the client exist as without the flag.
 */
#define UTRACER_REGISTER_FD	(1U << 0)

#define UTRACER_FEAT_CLIENT_FD	(1ULL << 31)	/* UTRACER_REGISTER_FD */

struct utracer_register {
	__u32 size;		/* in: sizeof(struct utracer_register) */
	__u32 flags;		/* in: UTRACER_REGISTER_* */
	__s32 client_pid;	/* out: names /proc/utrace/<client_pid> */
	__u32 queue_limit;	/* in: resp queue limit in bytes; 0 = default */
	__s32 fd;		/* in: zero; out: with UTRACER_REGISTER_FD, the client's file */
	__u32 pad;		/* in: zero */
	__u64 reserved[1];	/* in: zero */
};

#define UTRACER_REGISTER_SIZE_VER0	32

/* ------------------------------------------------------------------------ */
/* Attach, detach, event masks: on cmd. */

/* Event types (struct utracer_event.type); bit n of a mask is 1ULL << n. */
enum utracer_event_type {
	UTRACER_EV_SYSCALL_ENTRY = 1,
	UTRACER_EV_SYSCALL_EXIT = 2,
	UTRACER_EV_EXEC = 3,
	UTRACER_EV_CLONE = 4,
	UTRACER_EV_EXIT = 5,
	UTRACER_EV_SIGNAL = 6,
	UTRACER_EV_STOP = 7,		/* always reported; not maskable */
	UTRACER_EV_DETACH = 8,		/* always reported; not maskable */
	UTRACER_EV_LOST = 9,		/* always reported; not maskable */
	UTRACER_EV_BREAKPOINT = 10,	/* the client's breakpoint; not maskable */
	UTRACER_EV_HWBP = 11,		/* the client's hardware breakpoint; not maskable */
	UTRACER_EV_MAX
};

#define UTRACER_EVMASK(type)	(1ULL << (type))
/* The events an event_mask or stop_mask may name. */
#define UTRACER_EVMASK_ALL	(UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) | \
				 UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT) | \
				 UTRACER_EVMASK(UTRACER_EV_EXEC) | \
				 UTRACER_EVMASK(UTRACER_EV_CLONE) | \
				 UTRACER_EVMASK(UTRACER_EV_EXIT) | \
				 UTRACER_EVMASK(UTRACER_EV_SIGNAL))

/* struct utracer_attach.flags */
#define UTRACER_ATTACH_THREAD	(1U << 0)	/* only the thread pid; else its process */
#define UTRACER_ATTACH_QUIESCE	(1U << 1)	/* stop every attached thread at once */
#define UTRACER_ATTACH_LOSSY	(1U << 2)	/* full queue: drop and count; else wait */
#define UTRACER_ATTACH_FLAGS	(UTRACER_ATTACH_THREAD | UTRACER_ATTACH_QUIESCE | \
				 UTRACER_ATTACH_LOSSY)

struct utracer_attach {
	__u32 size;		/* sizeof(struct utracer_attach) */
	__u32 flags;		/* UTRACER_ATTACH_* */
	__s32 pid;		/* process (tgid) or, with _THREAD, thread id */
	__u32 pad;		/* zero */
	__u64 event_mask;	/* events reported: UTRACER_EVMASK() of EXIT..SIGNAL */
	__u64 stop_mask;	/* events that also stop the thread: subset of event_mask */
	__u64 reserved[2];	/* zero */
};

#define UTRACER_ATTACH_SIZE_VER0	48

/*
 * A target: the attachment made with this pid. With UTRACER_TARGET_THREAD,
 * QUIESCE and RUN act on the one thread pid of a process attachment.
 */
#define UTRACER_TARGET_THREAD	(1U << 0)

struct utracer_target {
	__u32 size;		/* sizeof(struct utracer_target) */
	__u32 flags;		/* UTRACER_TARGET_THREAD or zero */
	__s32 pid;
	__u32 pad;		/* zero */
};

#define UTRACER_TARGET_SIZE_VER0	16

struct utracer_set_events {
	__u32 size;		/* sizeof(struct utracer_set_events) */
	__u32 flags;		/* zero */
	__s32 pid;		/* the attachment's pid */
	__u32 pad;		/* zero */
	__u64 event_mask;
	__u64 stop_mask;
};

#define UTRACER_SET_EVENTS_SIZE_VER0	32

/* Syscall filter: which syscall numbers give SYSCALL_ENTRY / _EXIT events. */
#define UTRACER_SYSCALL_ENTRY	(1U << 0)	/* struct utracer_syscall_filter.flags */
#define UTRACER_SYSCALL_EXIT	(1U << 1)

enum utracer_syscall_op {
	UTRACER_SYSCALL_OP_ALL = 0,	/* every syscall (the default at attach) */
	UTRACER_SYSCALL_OP_NONE = 1,	/* none */
	UTRACER_SYSCALL_OP_ADD = 2,	/* add nr to the set */
	UTRACER_SYSCALL_OP_REMOVE = 3,	/* remove nr from the set */
	UTRACER_SYSCALL_OP_SET = 4,	/* the set becomes the bitmap at .bitmap */
};

struct utracer_syscall_filter {
	__u32 size;		/* sizeof(struct utracer_syscall_filter) */
	__u32 flags;		/* UTRACER_SYSCALL_ENTRY and/or _EXIT: at least one */
	__s32 pid;		/* the attachment's pid */
	__u32 op;		/* enum utracer_syscall_op */
	__s32 nr;		/* _ADD, _REMOVE: the syscall number, 0 to max_syscall - 1 */
	__u32 bitmap_bits;	/* _SET: bits at .bitmap, <= UTRACER_SYSCALL_MAX */
	__u64 bitmap;		/* _SET: pointer to __u64 words, bit n = syscall n */
};

#define UTRACER_SYSCALL_FILTER_SIZE_VER0	32

/* ------------------------------------------------------------------------ */
/* Inspection: on cmd. */

struct utracer_regset_info {
	__u32 note_type;	/* NT_PRSTATUS, NT_PRFPREG, NT_X86_XSTATE, ... */
	__u32 n;		/* number of slots */
	__u32 size;		/* bytes per slot */
	__u32 align;
};

struct utracer_regset_list {
	__u32 size;		/* sizeof(struct utracer_regset_list) */
	__u32 flags;		/* zero */
	__s32 tid;		/* an attached thread */
	__u32 count;		/* in: entries at .buf; out: entries the view has */
	__u64 buf;		/* pointer to struct utracer_regset_info[count] */
};

#define UTRACER_REGSET_LIST_SIZE_VER0	24

struct utracer_regset_read {
	__u32 size;		/* sizeof(struct utracer_regset_read) */
	__u32 flags;		/* zero */
	__s32 tid;		/* an attached thread, stopped */
	__u32 note_type;	/* which regset */
	__u64 buf;		/* pointer to the destination */
	__u64 len;		/* in: bytes at .buf; out: bytes written */
};

#define UTRACER_REGSET_READ_SIZE_VER0	32

/*
 * Memory read. Reads [addr, addr + len) of the process; stops at the first
 * byte that cannot be read (unmapped, or PROT_NONE without the kernel's
 * FOLL_FORCE override): .done says how much was copied. The ioctl returns 0
 * when .done > 0 or len == 0, -EIO when nothing at addr could be read.
 */
struct utracer_mem_read {
	__u32 size;		/* sizeof(struct utracer_mem_read) */
	__u32 flags;		/* zero */
	__s32 pid;		/* an attached thread or process */
	__u32 pad;		/* zero */
	__u64 addr;		/* tracee address */
	__u64 buf;		/* pointer to the destination */
	__u64 len;		/* bytes wanted */
	__u64 done;		/* out: bytes copied */
};

#define UTRACER_MEM_READ_SIZE_VER0	48

/*
 * A variable-size answer (ENV, EXE, MAPS, AUXV, CMDLINE, FDS): the module
 * copies what fits in .len bytes (MAPS, AUXV, FDS: whole records only) and
 * sets .needed to the full size;
 * a caller whose .needed > .len retries with a larger buffer.
 */
struct utracer_buf_query {
	__u32 size;		/* sizeof(struct utracer_buf_query) */
	__u32 flags;		/* zero */
	__s32 pid;		/* an attached thread or process */
	__u32 count;		/* out, MAPS, AUXV, FDS: records copied; else 0 */
	__u64 buf;		/* pointer to the destination */
	__u64 len;		/* in: bytes at .buf; out: bytes copied */
	__u64 needed;		/* out: bytes the full answer takes */
};

#define UTRACER_BUF_QUERY_SIZE_VER0	40

/* One mapping, as in /proc/PID/maps; records follow each other at .rec_len. */
#define UTRACER_MAP_READ	(1U << 0)
#define UTRACER_MAP_WRITE	(1U << 1)
#define UTRACER_MAP_EXEC	(1U << 2)
#define UTRACER_MAP_SHARED	(1U << 3)

struct utracer_map_record {
	__u32 rec_len;		/* bytes of this record, a multiple of 8 */
	__u32 prot;		/* UTRACER_MAP_* */
	__u64 start;
	__u64 end;
	__u64 offset;		/* file offset in bytes */
	__u64 inode;
	__u32 dev_major;
	__u32 dev_minor;
	char path[];		/* NUL-terminated; "" when anonymous */
};

/* Task states (struct utracer_task_info.state). */
enum utracer_task_state {
	UTRACER_TASK_RUNNING = 0,
	UTRACER_TASK_STOPPING = 1,	/* a stop is requested, not reached yet */
	UTRACER_TASK_STOPPED = 2,	/* stopped by this client */
	UTRACER_TASK_EXITED = 3,
};

/* struct utracer_task_info.flags */
#define UTRACER_TASKF_PROCESS	(1U << 0)	/* part of a whole-process attach */

struct utracer_task_info {
	__s32 pid;		/* tgid */
	__s32 tid;
	__u32 state;		/* enum utracer_task_state */
	__u32 flags;		/* UTRACER_TASKF_* */
};

struct utracer_task_list {
	__u32 size;		/* sizeof(struct utracer_task_list) */
	__u32 flags;		/* zero */
	__u32 count;		/* in: entries at .buf; out: entries there are */
	__u32 pad;		/* zero */
	__u64 buf;		/* pointer to struct utracer_task_info[count] */
};

#define UTRACER_TASK_LIST_SIZE_VER0	24

struct utracer_check_pid {
	__u32 size;		/* sizeof(struct utracer_check_pid) */
	__u32 flags;		/* zero */
	__s32 pid;		/* in: a thread id; -ESRCH when not attached */
	__u32 pad;		/* zero */
	struct utracer_task_info info;	/* out */
};

#define UTRACER_CHECK_PID_SIZE_VER0	32

/* ------------------------------------------------------------------------ */
/* More of /proc/PID: auxv, command line, status, file descriptors; on cmd. */

/*
 * AUXV answers with struct utracer_buf_query: an array of these, the
 * entries before AT_NULL (.count of them), each widened to 64 bits for a
 * 32-bit tracee. CMDLINE answers with struct utracer_buf_query too: the
 * bytes from the start to the end of the argument area, NUL-separated,
 * as the kernel holds them.
 */
struct utracer_auxv_entry {
	__u64 type;		/* AT_* */
	__u64 value;
};

/*
 * STATUS: what /proc/PID/status shows of one thread. Ids are seen from
 * the pid and user namespaces of the client (0 or the overflow id when
 * they are not visible there). Signal sets: bit n - 1 is signal n.
 */
struct utracer_status {
	__u32 size;		/* sizeof(struct utracer_status) */
	__u32 flags;		/* zero */
	__s32 pid;		/* in: an attached thread, or process (its leader) */
	__u32 state;		/* out: the State: letter ('R', 'S', 'D', 'T', ...) */
	__s32 tgid;		/* out */
	__s32 tid;		/* out */
	__s32 ppid;		/* out: the parent process */
	__u32 threads;		/* out: threads in the process */
	__u32 uid[4];		/* out: real, effective, saved, filesystem */
	__u32 gid[4];		/* out: real, effective, saved, filesystem */
	__u64 sig_pending;	/* out: pending for this thread (SigPnd) */
	__u64 sig_shared;	/* out: pending for the process (ShdPnd) */
	__u64 sig_blocked;	/* out: SigBlk */
	__u64 sig_ignored;	/* out: SigIgn */
	__u64 sig_caught;	/* out: SigCgt: a handler is installed */
	__u64 reserved[4];	/* out: zero */
};

#define UTRACER_STATUS_SIZE_VER0	136

/*
 * FDS answers with struct utracer_buf_query: records of this struct, one
 * per open file descriptor in increasing order, at .rec_len from each other.
 */
#define UTRACER_FD_READ		(1U << 0)	/* opened for reading */
#define UTRACER_FD_WRITE	(1U << 1)	/* opened for writing */

struct utracer_fd_record {
	__u32 rec_len;		/* bytes of this record, a multiple of 8 */
	__s32 fd;
	__u32 flags;		/* open flags (O_*, O_CLOEXEC), as fdinfo's flags: */
	__u32 mode;		/* UTRACER_FD_* */
	__u64 pos;		/* file position */
	__u64 inode;
	__u32 dev_major;
	__u32 dev_minor;
	char path[];		/* NUL-terminated, as readlink(/proc/PID/fd/N) */
};

/* ------------------------------------------------------------------------ */
/* Writing registers and memory: on cmd. */

/*
 * Register set write. The thread must be stopped for this client (else
 * -EBUSY), and .len must be the whole set (struct utracer_regset_info n *
 * size). The architecture validates the values: a set it refuses (a bad
 * segment selector, an invalid MXCSR or xstate header) gives its error
 * (x86: -EIO, -EINVAL) and leaves every register as it was; bits that
 * user space may not change (x86 EFLAGS IOPL, ...) are silently kept.
 */
struct utracer_regset_write {
	__u32 size;		/* sizeof(struct utracer_regset_write) */
	__u32 flags;		/* zero */
	__s32 tid;		/* an attached thread, stopped */
	__u32 note_type;	/* which regset */
	__u64 buf;		/* pointer to the new values */
	__u64 len;		/* bytes at .buf: the whole set */
};

#define UTRACER_REGSET_WRITE_SIZE_VER0	32

/*
 * Memory write, with ptrace's POKEDATA/POKETEXT rights: read-only private
 * mappings (program text) get a private copy of the page, never a change
 * to the file; read-only shared mappings are refused. Writes [addr,
 * addr + len) and stops at the first byte that cannot be written: .done
 * says how much was. The ioctl returns 0 when .done > 0 or len == 0, -EIO
 * when nothing at addr could be written (as MEM_READ).
 */
struct utracer_mem_write {
	__u32 size;		/* sizeof(struct utracer_mem_write) */
	__u32 flags;		/* zero */
	__s32 pid;		/* an attached thread or process */
	__u32 pad;		/* zero */
	__u64 addr;		/* tracee address */
	__u64 buf;		/* pointer to the bytes to write */
	__u64 len;		/* bytes to write */
	__u64 done;		/* out: bytes written */
};

#define UTRACER_MEM_WRITE_SIZE_VER0	48

/* ------------------------------------------------------------------------ */
/*
 * Event records, read() from resp. Every record's size is a multiple of
 * UTRACER_EVENT_ALIGN, so records packed one after another in a buffer
 * that starts aligned stay aligned.
 */
#define UTRACER_EVENT_ALIGN	8

/* struct utracer_event.flags */
#define UTRACER_EVF_STOPPED	(1U << 0)	/* the thread stays stopped until RUN */

struct utracer_event {
	__u32 size;		/* bytes of the whole record: UTRACER_EVENT_ALIGN multiple */
	__u16 type;		/* enum utracer_event_type */
	__u16 flags;		/* UTRACER_EVF_* */
	__s32 pid;		/* tgid of the thread */
	__s32 tid;		/* the thread */
	__u64 seq;		/* per-client sequence number, from 1 */
	__u64 time_ns;		/* CLOCK_MONOTONIC */
};

/* struct utracer_ev_syscall.arch */
#define UTRACER_ARCH_X86_64	1
#define UTRACER_ARCH_I386	2

struct utracer_ev_syscall_entry {
	struct utracer_event hdr;
	__s32 nr;		/* the syscall number, in arch's table */
	__u32 arch;		/* UTRACER_ARCH_* */
	__u64 args[6];
	__u64 ip;		/* user instruction pointer */
	__u32 ncaptures;	/* struct utracer_ev_capture blocks (SYSCALL_CAPTURE) */
	__u32 capture_off;	/* the first one's offset in the record; 0: none */
};

struct utracer_ev_syscall_exit {
	struct utracer_event hdr;
	__s32 nr;
	__u32 arch;
	__s64 ret;
	__u32 ncaptures;	/* as in struct utracer_ev_syscall_entry */
	__u32 capture_off;
};

/* The records before captures (ncaptures, capture_off) came. */
#define UTRACER_EV_SYSCALL_ENTRY_SIZE_VER0	96
#define UTRACER_EV_SYSCALL_EXIT_SIZE_VER0	48

struct utracer_ev_exec {
	struct utracer_event hdr;
	__s32 old_tid;		/* the thread's id before exec (a non-leader exec) */
	__u32 path_len;		/* bytes of path, with its NUL */
	char path[];		/* as given to execve, NUL-terminated */
};

/* struct utracer_ev_clone.kind */
#define UTRACER_CLONE_THREAD	1
#define UTRACER_CLONE_PROCESS	2
#define UTRACER_CLONE_VFORK	3

struct utracer_ev_clone {
	struct utracer_event hdr;	/* the parent */
	__s32 child_pid;
	__s32 child_tid;
	__u64 clone_flags;
	__u32 kind;		/* UTRACER_CLONE_* */
	__u32 follow;		/* UTRACER_CLONE_F_*: this client's following */
};

struct utracer_ev_exit {
	struct utracer_event hdr;
	__s32 code;		/* wait(2) status of the thread */
	__u32 group;		/* 1 when the whole process is exiting */
};

/* struct utracer_ev_signal.sig_flags */
#define UTRACER_SIGNAL_F_SENDER	(1U << 0)	/* sender_pid and sender_uid are set */
#define UTRACER_SIGNAL_F_CHILD	(1U << 1)	/* SIGCHLD: status, utime, stime are set */
#define UTRACER_SIGNAL_F_SIGINFO (1U << 2)	/* siginfo and siginfo_arch are set */
#define UTRACER_SIGNAL_F_ADDR	(1U << 3)	/* a fault's si_addr: addr is set */

/* Bytes of struct utracer_ev_signal.siginfo: the user siginfo_t. */
#define UTRACER_SIGINFO_SIZE	128

/*
 * A signal delivered, as it was sent: a signal that kills the whole group
 * is reported as itself, not as the SIGKILL the kernel turns it into.
 * The record grew twice; a reader takes the fields its hdr.size covers:
 * UTRACER_EV_SIGNAL_SIZE_VER0 bytes end after sender_pid, _VER1 after
 * stime, _VER2 after siginfo.
 */
struct utracer_ev_signal {
	struct utracer_event hdr;
	__u32 signo;
	__s32 code;		/* si_code */
	__s32 errno_;		/* si_errno */
	__s32 sender_pid;	/* si_pid with UTRACER_SIGNAL_F_SENDER, else 0 */
	__u32 sender_uid;	/* si_uid with UTRACER_SIGNAL_F_SENDER */
	__u32 sig_flags;	/* UTRACER_SIGNAL_F_* */
	__s32 status;		/* SIGCHLD: si_status */
	__u32 __pad0;
	__s64 utime;		/* SIGCHLD: si_utime, in clock ticks */
	__s64 stime;		/* SIGCHLD: si_stime */
	__u64 addr;		/* UTRACER_SIGNAL_F_ADDR: si_addr (SIGSEGV, SIGBUS, ...) */
	__u32 siginfo_arch;	/* UTRACER_SIGNAL_F_SIGINFO: UTRACER_ARCH_* of siginfo */
	__u32 __pad1;
	/*
	 * UTRACER_SIGNAL_F_SIGINFO: the siginfo_t a handler of the thread
	 * receives, in the layout of its ABI (siginfo_arch): x86-64's for a
	 * 64-bit thread, the 32-bit one for an ia32 thread (what
	 * PTRACE_GETSIGINFO gives a tracer of the same ABI).
	 */
	__u8 siginfo[UTRACER_SIGINFO_SIZE];
};

#define UTRACER_EV_SIGNAL_SIZE_VER0	48
#define UTRACER_EV_SIGNAL_SIZE_VER1	80
#define UTRACER_EV_SIGNAL_SIZE_VER2	224

/* struct utracer_ev_stop.reason */
#define UTRACER_STOP_QUIESCE	1	/* QUIESCE or UTRACER_ATTACH_QUIESCE */
#define UTRACER_STOP_EVENT	2	/* an event of stop_mask */
#define UTRACER_STOP_BREAKPOINT	3	/* a breakpoint of this client */

struct utracer_ev_stop {
	struct utracer_event hdr;
	__u32 reason;
	__u32 event;		/* _EVENT: the event type that asked for it */
};

/* struct utracer_ev_detach.reason */
#define UTRACER_DETACH_REQUEST	1	/* DETACH */
#define UTRACER_DETACH_EXIT	2	/* the thread exited */
#define UTRACER_DETACH_CRED	3	/* an exec gave it credentials we may not trace */

struct utracer_ev_detach {
	struct utracer_event hdr;
	__u32 reason;
	__u32 pad;
};

/* Events of a lossy attachment that the full queue dropped. */
struct utracer_ev_lost {
	struct utracer_event hdr;	/* pid/tid of the attachment */
	__u64 count;		/* dropped since the previous LOST record */
};

/* ------------------------------------------------------------------------ */
/* Breakpoints (uprobes): on cmd. */

#define UTRACER_FEAT_BREAKPOINT		(1ULL << 20)	/* BP_SET / BP_REMOVE / BP_LIST */

/*
 * A breakpoint is a place in a file: an executable or library (.path) and
 * a file offset. With UTRACER_BP_ADDR the module finds the place from an
 * address in an attached process: the file mapped there and its offset
 * (returned in .offset). It is armed in every process this client has
 * attached that maps the file, now or later, and in no other process.
 * Each hit stops the thread that hit it (before the instruction at the
 * place runs) and reports UTRACER_EV_BREAKPOINT to this client only, then
 * a STOP with reason UTRACER_STOP_BREAKPOINT. RUN continues past it.
 */
#define UTRACER_BP_ADDR		(1U << 0)	/* struct utracer_bp_set.flags */

struct utracer_bp_set {
	__u32 size;		/* sizeof(struct utracer_bp_set) */
	__u32 flags;		/* UTRACER_BP_ADDR or zero */
	__s32 pid;		/* _ADDR: an attached process or thread; else 0 */
	__u32 id;		/* out: the breakpoint's id, from 1, per client */
	__u64 addr;		/* _ADDR: the address in process .pid; else 0 */
	__u64 path;		/* !_ADDR: pointer to a NUL-terminated path; else 0 */
	__u64 offset;		/* !_ADDR: in, the file offset; _ADDR: out */
	__u64 reserved[2];	/* zero */
};

#define UTRACER_BP_SET_SIZE_VER0	56

struct utracer_bp_remove {
	__u32 size;		/* sizeof(struct utracer_bp_remove) */
	__u32 flags;		/* zero */
	__u32 id;		/* a breakpoint of this client */
	__u32 pad;		/* zero */
};

#define UTRACER_BP_REMOVE_SIZE_VER0	16

struct utracer_bp_info {
	__u32 id;
	__u32 flags;		/* UTRACER_BP_ADDR when set by address */
	__u64 offset;		/* file offset */
	__u64 inode;		/* the file's inode number */
	__u32 dev_major;	/* and device */
	__u32 dev_minor;
	__u64 addr;		/* the address given at set, with _ADDR; else 0 */
	__u64 hits;		/* BREAKPOINT events reported so far */
};

struct utracer_bp_list {
	__u32 size;		/* sizeof(struct utracer_bp_list) */
	__u32 flags;		/* zero */
	__u32 count;		/* in: entries at .buf; out: entries there are */
	__u32 pad;		/* zero */
	__u64 buf;		/* pointer to struct utracer_bp_info[count] */
};

#define UTRACER_BP_LIST_SIZE_VER0	24

/* The thread hit a breakpoint; its instruction pointer is .addr. */
struct utracer_ev_breakpoint {
	struct utracer_event hdr;
	__u32 id;		/* the breakpoint */
	__u32 pad;
	__u64 addr;		/* the breakpoint's address in this process */
};

/* ------------------------------------------------------------------------ */
/* Hardware breakpoints and watchpoints (debug registers): on cmd. */

#define UTRACER_FEAT_HWBP		(1ULL << 21)	/* HWBP_SET / HWBP_REMOVE / HWBP_LIST */

/*
 * A hardware breakpoint watches an address of an attached process (.pid
 * names the attachment: every thread attached with that pid, and the
 * threads it creates later while the breakpoint is set) through the
 * threads' debug registers (4 per thread on x86, shared with ptrace and
 * other clients). Each hit stops the thread that hit it and reports
 * UTRACER_EV_HWBP to this client only, then a STOP with reason
 * UTRACER_STOP_BREAKPOINT and event UTRACER_EV_HWBP. An EXEC breakpoint
 * stops before the instruction at .addr runs (RUN runs it without a new
 * hit); WRITE and ACCESS (read or write: x86 has no read-only watchpoint)
 * stop after the instruction that wrote or read any of the .len bytes at
 * .addr. DETACH of the attachment, the client's exit and the module's
 * unload remove them; they stay set across an exec (the address then means
 * what the new program puts there).
 * Errors of HWBP_SET: -EINVAL for a bad type, a length not 1, 2, 4 or 8
 * (1 for EXEC), an address not aligned to its length, or a kernel address;
 * -ENOSPC when a thread has no debug register left (nothing is set then);
 * -ESRCH when .pid is not attached.
 */
#define UTRACER_HWBP_EXEC	1	/* struct utracer_hwbp_set.type */
#define UTRACER_HWBP_WRITE	2
#define UTRACER_HWBP_ACCESS	3

struct utracer_hwbp_set {
	__u32 size;		/* sizeof(struct utracer_hwbp_set) */
	__u32 flags;		/* zero */
	__s32 pid;		/* an attachment's pid */
	__u32 id;		/* out: the hardware breakpoint's id, from 1, per client */
	__u64 addr;		/* the address watched */
	__u32 len;		/* bytes: 1, 2, 4 or 8; 1 with UTRACER_HWBP_EXEC */
	__u32 type;		/* UTRACER_HWBP_* */
	__u64 reserved[2];	/* zero */
};

#define UTRACER_HWBP_SET_SIZE_VER0	48

/* HWBP_REMOVE takes a struct utracer_bp_remove, HWBP_LIST a struct utracer_bp_list. */
struct utracer_hwbp_info {
	__u32 id;
	__u32 type;		/* UTRACER_HWBP_* */
	__s32 pid;		/* the attachment's pid given at set */
	__u32 len;
	__u64 addr;
	__u64 hits;		/* HWBP events reported so far */
};

/* A thread hit a hardware breakpoint of this client. */
struct utracer_ev_hwbp {
	struct utracer_event hdr;
	__u32 id;		/* the hardware breakpoint */
	__u32 type;		/* its UTRACER_HWBP_* */
	__u64 addr;		/* its address (the one given at set) */
	__u64 ip;		/* the thread's instruction pointer at the stop */
	__u32 len;		/* its length */
	__u32 pad;
};

/* ------------------------------------------------------------------------ */
/* Command batches: write() on cmd a sequence of records, each a header then */
/* the command's struct. Only numbers of direction _IOW are accepted (else  */
/* -EINVAL); they are matched as ioctl numbers are (size bits included).    */

struct utracer_cmd_record {
	__u32 rec_len;		/* header + payload, a multiple of 8 */
	__u32 cmd;		/* the ioctl number */
	/* followed by the command's struct */
};

/* ------------------------------------------------------------------------ */
/* Command numbers. */

/* control */
#define UTRACER_IOC_VERSION	_IOWR(UTRACER_IOC_MAGIC, 0x00, struct utracer_version)
#define UTRACER_IOC_REGISTER	_IOWR(UTRACER_IOC_MAGIC, 0x01, struct utracer_register)
#define UTRACER_IOC_UNREGISTER	_IO(UTRACER_IOC_MAGIC, 0x02)

/* cmd (UTRACER_IOC_VERSION works there too) */
#define UTRACER_IOC_ATTACH	_IOW(UTRACER_IOC_MAGIC, 0x03, struct utracer_attach)
#define UTRACER_IOC_DETACH	_IOW(UTRACER_IOC_MAGIC, 0x04, struct utracer_target)
#define UTRACER_IOC_QUIESCE	_IOW(UTRACER_IOC_MAGIC, 0x05, struct utracer_target)
#define UTRACER_IOC_RUN		_IOW(UTRACER_IOC_MAGIC, 0x06, struct utracer_target)
#define UTRACER_IOC_SET_EVENTS	_IOW(UTRACER_IOC_MAGIC, 0x07, struct utracer_set_events)
#define UTRACER_IOC_SYSCALL_FILTER \
	_IOW(UTRACER_IOC_MAGIC, 0x08, struct utracer_syscall_filter)
#define UTRACER_IOC_REGSET_LIST	_IOWR(UTRACER_IOC_MAGIC, 0x09, struct utracer_regset_list)
#define UTRACER_IOC_REGSET_READ	_IOWR(UTRACER_IOC_MAGIC, 0x0a, struct utracer_regset_read)
#define UTRACER_IOC_MEM_READ	_IOWR(UTRACER_IOC_MAGIC, 0x0b, struct utracer_mem_read)
#define UTRACER_IOC_ENV		_IOWR(UTRACER_IOC_MAGIC, 0x0c, struct utracer_buf_query)
#define UTRACER_IOC_MAPS	_IOWR(UTRACER_IOC_MAGIC, 0x0d, struct utracer_buf_query)
#define UTRACER_IOC_EXE		_IOWR(UTRACER_IOC_MAGIC, 0x0e, struct utracer_buf_query)
#define UTRACER_IOC_TASK_LIST	_IOWR(UTRACER_IOC_MAGIC, 0x0f, struct utracer_task_list)
#define UTRACER_IOC_CHECK_PID	_IOWR(UTRACER_IOC_MAGIC, 0x10, struct utracer_check_pid)
#define UTRACER_IOC_AUXV	_IOWR(UTRACER_IOC_MAGIC, 0x11, struct utracer_buf_query)
#define UTRACER_IOC_CMDLINE	_IOWR(UTRACER_IOC_MAGIC, 0x12, struct utracer_buf_query)
#define UTRACER_IOC_STATUS	_IOWR(UTRACER_IOC_MAGIC, 0x13, struct utracer_status)
#define UTRACER_IOC_FDS		_IOWR(UTRACER_IOC_MAGIC, 0x14, struct utracer_buf_query)
#define UTRACER_IOC_REGSET_WRITE \
	_IOW(UTRACER_IOC_MAGIC, 0x20, struct utracer_regset_write)
#define UTRACER_IOC_MEM_WRITE	_IOWR(UTRACER_IOC_MAGIC, 0x21, struct utracer_mem_write)
/* 0x11-0x1f: further inspection; 0x20-0x3f: writing, breakpoints, following. */

/* ------------------------------------------------------------------------ */
/*
 * Following children and threads (commands 0x28-0x2f, feature bits 24-27,
 * stop reason 4).
 *
 * UTRACER_ATTACH_FOLLOW_FORK: every process the attached process creates
 * (fork, vfork, clone without CLONE_THREAD) is attached too, as a whole
 * process of its own (its attachment is named by its pid), with the
 * creator's event mask, stop mask, syscall filter, lossy mode and follow
 * flags, from the kernel's fork path: before the child can run. A process
 * attach already follows the threads its process creates.
 * UTRACER_ATTACH_STOP_NEW: each thread or process attached by following
 * starts stopped, before its first user instruction (the instruction after
 * the clone syscall), with a STOP event of reason UTRACER_STOP_NEW.
 * Neither goes with UTRACER_ATTACH_THREAD (which follows nothing).
 */
#define UTRACER_ATTACH_FOLLOW_FORK	(1U << 3)
#define UTRACER_ATTACH_STOP_NEW		(1U << 4)
#define UTRACER_ATTACH_FOLLOW_FLAGS	(UTRACER_ATTACH_FOLLOW_FORK | UTRACER_ATTACH_STOP_NEW)

#define UTRACER_FEAT_FOLLOW		(1ULL << 24)	/* the above, SET_FOLLOW */

/* struct utracer_ev_stop.reason: a followed thread or process, brand new. */
#define UTRACER_STOP_NEW		4

/*
 * struct utracer_ev_clone.follow: UTRACER_CLONE_F_FOLLOWED when this client
 * attached the new thread or process; UTRACER_CLONE_F_FAILED when it should
 * have but could not (no memory in the fork path; a LOST event counts it
 * too): the child then runs untraced.
 */
#define UTRACER_CLONE_F_FOLLOWED	(1U << 0)
#define UTRACER_CLONE_F_FAILED		(1U << 1)

/*
 * Change the follow flags of an existing process attachment (every thread
 * of it): flags are UTRACER_ATTACH_FOLLOW_FORK and/or _STOP_NEW; those not
 * given are turned off. Threads and processes followed before keep their
 * own flags.
 */
struct utracer_set_follow {
	__u32 size;		/* sizeof(struct utracer_set_follow) */
	__u32 flags;		/* UTRACER_ATTACH_FOLLOW_FLAGS bits */
	__s32 pid;		/* the attachment's pid */
	__u32 pad;		/* zero */
};

#define UTRACER_SET_FOLLOW_SIZE_VER0	16

#define UTRACER_IOC_SET_FOLLOW	_IOW(UTRACER_IOC_MAGIC, 0x28, struct utracer_set_follow)

/*
 * Which syscalls stop. With SYSCALL_ENTRY or _EXIT in the stop mask, every
 * syscall reported for it stops by default; SYSCALL_STOPS narrows that to
 * a set, so that a tracer can stop only where it must read the tracee's
 * memory and let every other syscall report without stopping. It takes a
 * struct utracer_syscall_filter, whose flags say which of the entry and
 * exit stop sets change, with the same ops; it names the attachment's
 * threads. A thread or process attached by following inherits the sets.
 */
#define UTRACER_FEAT_SYSCALL_STOPS	(1ULL << 25)	/* SYSCALL_STOPS */

#define UTRACER_IOC_SYSCALL_STOPS \
	_IOW(UTRACER_IOC_MAGIC, 0x29, struct utracer_syscall_filter)
/* Breakpoints: 0x22-0x27. */
#define UTRACER_IOC_BP_SET	_IOWR(UTRACER_IOC_MAGIC, 0x22, struct utracer_bp_set)
#define UTRACER_IOC_BP_REMOVE	_IOW(UTRACER_IOC_MAGIC, 0x23, struct utracer_bp_remove)
#define UTRACER_IOC_BP_LIST	_IOWR(UTRACER_IOC_MAGIC, 0x24, struct utracer_bp_list)
#define UTRACER_IOC_HWBP_SET	_IOWR(UTRACER_IOC_MAGIC, 0x25, struct utracer_hwbp_set)
#define UTRACER_IOC_HWBP_REMOVE	_IOW(UTRACER_IOC_MAGIC, 0x26, struct utracer_bp_remove)
#define UTRACER_IOC_HWBP_LIST	_IOWR(UTRACER_IOC_MAGIC, 0x27, struct utracer_bp_list)

/*
 * QUIESCE that waits. With UTRACER_TARGET_WAIT (QUIESCE only: -EINVAL with
 * DETACH and RUN), QUIESCE returns once every thread it names is stopped,
 * and that stop is not reported by a STOP event: the return reports it, as
 * waitpid() consumes a ptrace stop. A thread already stopped for this
 * client counts at once (a STOP event it had pending still comes).
 * Errors: -ESRCH when the thread (every thread of a process target) exited
 * or was killed during the wait; -ECANCELED when a RUN released it before
 * it stopped; -EINTR on a signal: the stops still to come are then
 * reported by STOP events. A thread in a job-control stop (SIGSTOP) stops
 * for us only once continued: the wait lasts until then or a signal.
 */
#define UTRACER_FEAT_QUIESCE_WAIT	(1ULL << 26)	/* UTRACER_TARGET_WAIT */
#define UTRACER_TARGET_WAIT		(1U << 1)

/*
 * Syscall-entry stops before the call runs. SYSCALL_STOPS with
 * UTRACER_SYSCALL_BEFORE chooses a third set (empty at attach; the same
 * ops): an entry stop (SYSCALL_ENTRY in the stop mask, the syscall in the
 * entry stop set) of a syscall in it is taken before the syscall runs,
 * not on its way back to user mode. Its SYSCALL_ENTRY record has
 * UTRACER_EVF_BEFORE as well as UTRACER_EVF_STOPPED, and every client
 * that gets the record sees the flag. During the stop the registers read
 * as at ptrace's syscall-entry stop: the number in orig_ax (orig_eax),
 * -ENOSYS in ax, the arguments in their registers, the instruction
 * pointer after the syscall instruction. On RUN the syscall runs with the
 * number and arguments the registers hold then (a client may rewrite
 * them with REGSET_WRITE), and its exit is reported as usual; or, when
 * orig_ax is -1, it does not run at all: ax is its return value, and a
 * SYSCALL_EXIT record with UTRACER_EVF_SKIPPED (the original number, that
 * value) stands for its exit. A signal handled before the syscall runs
 * interrupts it as it would a blocking call: a SYSCALL_EXIT record with
 * -ERESTARTNOINTR (-513), the signal, and the syscall starts over (with
 * a new entry stop) when the handler returns. SIGKILL during the stop:
 * the syscall never runs. A thread whose last hold goes away (RUN,
 * DETACH, the client's exit) runs the syscall as the registers say.
 * Kernels whose syscall entry code ignores a number changed by a
 * tracepoint probe lack the feature bit, and SYSCALL_STOPS with
 * UTRACER_SYSCALL_BEFORE fails with -EOPNOTSUPP there.
 */
#define UTRACER_FEAT_SYSCALL_BEFORE	(1ULL << 27)	/* UTRACER_SYSCALL_BEFORE */
#define UTRACER_SYSCALL_BEFORE		(1U << 2)	/* SYSCALL_STOPS only */
#define UTRACER_EVF_BEFORE		(1U << 1)	/* SYSCALL_ENTRY: the call has not run */
#define UTRACER_EVF_SKIPPED		(1U << 2)	/* SYSCALL_EXIT: the call did not run */

/*
 * Signals held before delivery. SIGNAL_HOLDS gives every thread of an
 * attachment the set of signals it holds (.mask bit n-1: signal n; the
 * bits of SIGKILL and SIGSTOP are ignored; empty at attach). While the
 * attachment reports and stops on SIGNAL events, such a signal is taken
 * off the kernel's queue when it is sent and reported by a SIGNAL record
 * with UTRACER_EVF_BEFORE and UTRACER_EVF_STOPPED, from the thread that
 * is to take it, before any handler runs or any default action is taken
 * (the siginfo as sent; only the clients that hold the signal get that
 * record, and none of them its delivery's record later). On RUN the
 * signal is delivered, unless a SIGNAL_VERDICT (.tid: the stopped thread)
 * said otherwise: .signo 0 cancels it, another number delivers that
 * signal instead, with SI_USER. Several clients holding it: the first
 * attached that gave a verdict decides. A signal the thread blocks or
 * waits for in sigtimedwait(), or that the kernel makes fatal to the
 * whole process when it is sent (a default action that terminates
 * without a core dump, such as SIGTERM's), is not held: its delivery is
 * reported as before. SIGNAL_VERDICT fails with -ENOENT when the thread
 * is not stopped for a held signal.
 */
#define UTRACER_FEAT_SIGNAL_HOLD	(1ULL << 28)	/* SIGNAL_HOLDS / SIGNAL_VERDICT */

struct utracer_signal_holds {
	__u32 size;		/* sizeof(struct utracer_signal_holds) */
	__u32 flags;		/* zero */
	__s32 pid;		/* the attachment's pid */
	__u32 pad;		/* zero */
	__u64 mask;		/* bit n-1: signal n */
};

#define UTRACER_SIGNAL_HOLDS_SIZE_VER0	24

struct utracer_signal_verdict {
	__u32 size;		/* sizeof(struct utracer_signal_verdict) */
	__u32 flags;		/* zero */
	__s32 tid;		/* a thread stopped for a held signal */
	__s32 signo;		/* 0: cancel; its own number: deliver; another: that instead */
};

#define UTRACER_SIGNAL_VERDICT_SIZE_VER0	16

#define UTRACER_IOC_SIGNAL_HOLDS \
	_IOW(UTRACER_IOC_MAGIC, 0x2a, struct utracer_signal_holds)
#define UTRACER_IOC_SIGNAL_VERDICT \
	_IOW(UTRACER_IOC_MAGIC, 0x2b, struct utracer_signal_verdict)

/* ------------------------------------------------------------------------ */
/* Single-step: on cmd. */

/*
 * STEP runs one thread this client holds stopped (its stop reported) for
 * one instruction: the target names one thread (UTRACER_TARGET_THREAD, a
 * thread attachment, or a process attachment of one thread). It releases
 * the client's hold as RUN does; the thread runs once no client holds it
 * and stops again for this client with a STOP of reason UTRACER_STOP_STEP:
 * after the instruction (a syscall instruction: after the whole call,
 * which may block), or at the first instruction of a signal handler that
 * runs first, as a ptrace single-step does. A RUN before the step ends
 * calls it off (the thread runs on). A thread that exits first has
 * no STOP (its EXIT and DETACH follow); an exec is a syscall. A program
 * that sets the trap flag itself keeps it and gets its SIGTRAP. Errors:
 * -EINVAL for flags or a target of several threads, -EBUSY when the client
 * does not hold the thread stopped, -ESRCH when it is not attached.
 */
#define UTRACER_FEAT_STEP		(1ULL << 29)	/* STEP */

#define UTRACER_STOP_STEP	5	/* a STEP ended */

#define UTRACER_IOC_STEP	_IOW(UTRACER_IOC_MAGIC, 0x2c, struct utracer_target)

/* ------------------------------------------------------------------------ */
/*
 * The event ring: mmap() of resp (command 0x30, feature bit 30).
 *
 * Every client's events are written by the module into one ring of
 * records, the records read() returns, in the manner of the BPF ring
 * buffer. A client may map it and consume records without a system call:
 *   offset 0:         one page, struct utracer_ring_consumer, mapped
 *                     read-write (PROT_READ | PROT_WRITE, MAP_SHARED: resp
 *                     opened O_RDWR);
 *   offset page size: one page, struct utracer_ring_producer, then the
 *                     data area (data_size bytes, a power of two, at least
 *                     16 KiB) mapped twice in a row, read-only: a record
 *                     never wraps, it is read at data + (pos & (data_size
 *                     - 1)) whole. Writable mappings of anything but the
 *                     consumer page are refused (-EPERM), as are ranges
 *                     past the end (-EINVAL).
 * Positions only grow (64 bits: they never wrap). Records from
 * consumer_pos up to producer_pos are the client's to read, in order; a
 * record whose size has UTRACER_EVENT_BUSY set is still being written:
 * stop there (load the size with acquire semantics). To consume, store the
 * new consumer_pos with release semantics; then, when flags has
 * UTRACER_RING_F_WAITERS (load it after a full barrier) and the ring holds
 * at most room_mark bytes (producer_pos - consumer_pos; a room_mark of 0:
 * whatever it holds), call UTRACER_IOC_RING_CONSUMED on resp: tracees of
 * lossless attachments are waiting for room (they also recheck by
 * themselves, within 20 ms). A tracee that found the ring past queue_limit
 * waits until it has drained to room_mark (half of it), so that it and its
 * reader take turns by the half ring, not by the record. read() on
 * resp consumes from the same position; a client uses one or the other.
 * A record that would not fit is dropped and counted for a lossy
 * attachment (lost; a LOST record follows at the next write), or waits in
 * the kernel for room (lossless, or STOP, DETACH, BREAKPOINT and HWBP of
 * any attachment) and comes in order. The ring is allocated at REGISTER
 * (queue_limit: the bytes a lossy attachment's records may occupy; the
 * data area is that rounded up to a power of two, at least 16 KiB) and
 * charged to the registering process's memory cgroup. A client that
 * writes a consumer_pos it did not read to only loses its own records.
 *
 * A module with feature bit 33 sets UTRACER_RING_F_READ in flags while
 * read() has what the ring does not show: LOST records to write, records
 * waiting for room, or the end of the client (read() returns 0 once the
 * ring is drained). A reader that finds the ring empty needs read() only
 * then (load flags with acquire semantics after the positions).
 *
 * Batched wake-ups (feature bit 33): a reader that sleeps in poll() or
 * read() is woken, by default, by the first record written after it caught
 * up. A client that would rather take records in batches sets
 * wakeup_bytes in its consumer page (any time; 0: off): a sleeping reader
 * is then woken once that many bytes wait (at most room_mark), or
 * wakeup_ms (1 to 1000; 0: 10) after the first record it has not been
 * woken for, whichever comes first; poll() and a blocking read() report
 * records only then. Only SYSCALL_ENTRY and SYSCALL_EXIT records that stop
 * nothing wait so; any other record wakes the reader at once, with what
 * waits before it.
 */
#define UTRACER_FEAT_RING		(1ULL << 30)	/* mmap() of resp, RING_CONSUMED */
#define UTRACER_FEAT_RING_WAKEUP	(1ULL << 33)	/* wakeup_bytes, wakeup_ms, F_READ */

#define UTRACER_RING_WAKEUP_MS_DEFAULT	10
#define UTRACER_RING_WAKEUP_MS_MAX	1000

#define UTRACER_EVENT_BUSY		(1U << 31)	/* in struct utracer_event.size */

#define UTRACER_RING_F_WAITERS		(1U << 0)	/* call RING_CONSUMED after consuming */
#define UTRACER_RING_F_READ		(1U << 1)	/* read() has more (feature bit 33) */

struct utracer_ring_consumer {
	__u64 consumer_pos;	/* written by the client */
	__u32 wakeup_bytes;	/* wake a sleeping reader at this many bytes; 0: at each record */
	__u32 wakeup_ms;	/* ... or this long after the first (0: 10; at most 1000) */
};

struct utracer_ring_producer {
	__u64 producer_pos;	/* end of the records written or being written */
	__u64 data_size;	/* bytes of the data area */
	__u64 lost;		/* records dropped for room, all attachments */
	__u32 flags;		/* UTRACER_RING_F_* */
	__u32 room_mark;	/* waiting tracees go on at this many bytes used */
};

#define UTRACER_IOC_RING_CONSUMED	_IO(UTRACER_IOC_MAGIC, 0x30)

/* ------------------------------------------------------------------------ */
/*
 * Captures: the memory a syscall's arguments point to, copied into its
 * SYSCALL_ENTRY or SYSCALL_EXIT record by the module (command 0x31,
 * feature bit 32), so that a client decodes strings, buffers and structs
 * without stopping the thread to read them.
 *
 * SYSCALL_CAPTURE replaces an attachment's whole capture table (every
 * thread of a process attachment; the threads and processes it follows
 * later inherit it) with count specs (count 0: none). Each client has its
 * own tables. A spec says, for one syscall of one
 * ABI (nr in arch's table) and one of its records (when: UTRACER_SYSCALL_ENTRY
 * or UTRACER_SYSCALL_EXIT), where the memory is (the address in argument
 * arg) and how much to take:
 *   UTRACER_CAPTURE_STR: a NUL-terminated string, at most max bytes with
 *     its NUL; a longer one is cut at max bytes (no NUL) and TRUNCATED;
 *   UTRACER_CAPTURE_MEM: len_from UTRACER_CAPTURE_LEN_MAX: max bytes;
 *     _LEN_ARG: argument len_arg times elem bytes; _LEN_RET (exit only):
 *     the return value times elem bytes (nothing for a negative one);
 *     more than max is cut at max and TRUNCATED.
 * A record carries one struct utracer_ev_capture per spec of its syscall
 * and kind, in the order of the specs, at capture_off (each padded to
 * UTRACER_EVENT_ALIGN): the address, the bytes taken (len), and flags.
 * A block takes sizeof(struct utracer_ev_capture) + len bytes, rounded up
 * to UTRACER_EVENT_ALIGN; the next one follows it. The record may end in
 * zeros after the last block (a copy that failed after the record was
 * sized).
 * The copy is made where the event happens, without sleeping: memory that
 * is not resident then cannot be taken. An entry capture that meets such
 * memory has UTRACER_CAPTURE_F_FAULT | UTRACER_CAPTURE_F_RETRIED, and is
 * taken again, from the thread's own context, as the syscall returns (by
 * then the syscall has usually touched it): the SYSCALL_EXIT record then
 * carries it after its own captures, with UTRACER_CAPTURE_F_ENTRY and the
 * entry spec's index (when the exit is reported: SYSCALL_FILTER). A
 * capture of unreadable memory (a bad or NULL address, or memory gone
 * with an exec) has UTRACER_CAPTURE_F_FAULT and len 0; a _MEM capture
 * whose memory can be read only in part has the part before the first
 * page that cannot, and UTRACER_CAPTURE_F_FAULT (a string is taken whole
 * or not at all).
 * Limits: at most UTRACER_CAPTURE_SPECS_MAX specs, UTRACER_CAPTURE_PER_CALL
 * per syscall and kind, max at most UTRACER_CAPTURE_BYTES_MAX, and a record
 * with every capture at its max must fit in a quarter of the client's ring
 * (-E2BIG otherwise). -EINVAL: an unknown kind, arch, when or len_from,
 * arg or len_arg past 5, nr outside [0, max_syscall), max 0, _LEN_RET at
 * entry, elem with _LEN_MAX, len_arg without _LEN_ARG, a string spec with
 * len_from, len_arg or elem set, or nonzero flags. A capture's index is its
 * spec's rank among the specs of its syscall and kind, in the order given.
 */
#define UTRACER_FEAT_CAPTURE		(1ULL << 32)	/* SYSCALL_CAPTURE */

#define UTRACER_CAPTURE_SPECS_MAX	4096
#define UTRACER_CAPTURE_PER_CALL	8
#define UTRACER_CAPTURE_BYTES_MAX	65536

/* struct utracer_capture_spec.kind */
#define UTRACER_CAPTURE_STR		1
#define UTRACER_CAPTURE_MEM		2

/* struct utracer_capture_spec.len_from */
#define UTRACER_CAPTURE_LEN_MAX		0
#define UTRACER_CAPTURE_LEN_ARG		1
#define UTRACER_CAPTURE_LEN_RET		2

struct utracer_capture_spec {
	__s32 nr;		/* the syscall number, in arch's table */
	__u8 arch;		/* UTRACER_ARCH_* */
	__u8 when;		/* UTRACER_SYSCALL_ENTRY or UTRACER_SYSCALL_EXIT */
	__u8 kind;		/* UTRACER_CAPTURE_STR, _MEM */
	__u8 arg;		/* the argument with the address: 0 to 5 */
	__u8 len_from;		/* _MEM: UTRACER_CAPTURE_LEN_* */
	__u8 len_arg;		/* _LEN_ARG: the argument with the count: 0 to 5 */
	__u16 elem;		/* _LEN_ARG, _LEN_RET: bytes per unit counted (0: 1) */
	__u32 max;		/* most bytes taken: 1 to UTRACER_CAPTURE_BYTES_MAX */
};

struct utracer_syscall_capture {
	__u32 size;		/* sizeof(struct utracer_syscall_capture) */
	__u32 flags;		/* zero */
	__s32 pid;		/* an attached thread or process */
	__u32 count;		/* specs at .specs */
	__u64 specs;		/* pointer to struct utracer_capture_spec[count] */
};

#define UTRACER_SYSCALL_CAPTURE_SIZE_VER0	24

#define UTRACER_IOC_SYSCALL_CAPTURE \
	_IOW(UTRACER_IOC_MAGIC, 0x31, struct utracer_syscall_capture)

/* struct utracer_ev_capture.flags */
#define UTRACER_CAPTURE_F_TRUNCATED	(1U << 0)	/* more than max: cut */
#define UTRACER_CAPTURE_F_FAULT		(1U << 1)	/* not (all) readable here */
#define UTRACER_CAPTURE_F_RETRIED	(1U << 2)	/* entry: taken again at the exit */
#define UTRACER_CAPTURE_F_ENTRY		(1U << 3)	/* exit record: an entry spec's, retaken */

struct utracer_ev_capture {
	__u32 len;		/* bytes at data */
	__u16 flags;		/* UTRACER_CAPTURE_F_* */
	__u8 index;		/* its spec among those of its syscall and kind */
	__u8 arg;		/* the spec's arg */
	__u64 addr;		/* where the bytes were */
	__u8 data[];		/* len bytes, then zeros to UTRACER_EVENT_ALIGN */
};

#endif /* _UAPI_LINUX_UTRACER_H */
