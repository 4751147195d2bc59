/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer: the kernel API differences between the kernels we build for
 * (6.1, 6.12 and Debian's newest, 7.x). One place for every such test; the
 * rest of the module calls the wrappers below. Tests look for the API
 * itself (a macro, a flag, or a declaration that module/Kbuild finds in the
 * headers), never at the version number, so backports are followed; the one
 * exception, a change no header shows, says so (UTRACE_HAVE_SYSCALL_SKIP).
 */
#ifndef UTRACER_COMPAT_H
#define UTRACER_COMPAT_H

#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/slab.h>

/*
 * The stop wait: killable (SIGKILL always wins) and freezable (suspend
 * works with stopped tracees). TASK_FREEZABLE exists since 6.1, the oldest
 * kernel we support, so both kernels use the same state; the wrapper keeps
 * the choice in one place.
 */
#define utrace_wait_stopped(wq, cond) \
	wait_event_state(wq, cond, (TASK_KILLABLE | TASK_FREEZABLE))

/*
 * The next open file of @task at or after *@fd, with a reference, or NULL.
 * 6.7 made struct file SLAB_TYPESAFE_BY_RCU: task_lookup_next_fd_rcu() (no
 * reference) became task_lookup_next_fdget_rcu() (a reference), and the
 * macro get_file_rcu() became a function; the macro tells the old API.
 * Later kernels replaced task_lookup_next_fdget_rcu() with fget_task_next(),
 * which takes the RCU read lock itself; module/Kbuild defines
 * UTRACE_FGET_TASK_NEXT when linux/file.h declares it.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
static inline struct file *utrace_next_file(struct task_struct *task, unsigned int *fd)
{
#ifdef UTRACE_FGET_TASK_NEXT
	return fget_task_next(task, fd);
#else
	struct file *file;

	rcu_read_lock();
#ifdef get_file_rcu
	/* Files are freed by RCU here: a zero count means it is being closed. */
	for (;; (*fd)++) {
		file = task_lookup_next_fd_rcu(task, fd);
		if (!file || get_file_rcu(file))
			break;
	}
#else
	file = task_lookup_next_fdget_rcu(task, fd);
#endif
	rcu_read_unlock();
	return file;
#endif
}

/*
 * Uprobes. 6.12 changed the consumer API: uprobe_register() takes a
 * ref_ctr_offset and returns the struct uprobe (an ERR_PTR on failure),
 * and uprobe_unregister() became uprobe_unregister_nosync() plus a
 * uprobe_unregister_sync() that waits for handlers in flight (RCU Tasks
 * Trace); 6.1's uprobe_unregister() waits for them itself (handlers run
 * under the uprobe's register_rwsem). The filter lost its enum
 * uprobe_filter_ctx argument on the way. No macro tells these apart, so
 * module/Kbuild looks into linux/uprobes.h: UTRACE_UPROBE_NOSYNC and
 * UTRACE_UPROBE_FILTER_CTX say which API the headers declare.
 */
#include <linux/uprobes.h>

/*
 * The consumer's handler gained a __u64 *data argument (a per-hit cookie
 * shared with ret_handler); UTRACE_UPROBE_HANDLER_DATA says the headers
 * declare it.
 */
#ifdef UTRACE_UPROBE_HANDLER_DATA
#define UTRACE_UPROBE_HANDLER_ARGS	struct uprobe_consumer *uc, struct pt_regs *regs, \
					__u64 *data
#else
#define UTRACE_UPROBE_HANDLER_ARGS	struct uprobe_consumer *uc, struct pt_regs *regs
#endif

#ifdef UTRACE_UPROBE_FILTER_CTX
#define UTRACE_UPROBE_FILTER_ARGS	struct uprobe_consumer *uc, \
					enum uprobe_filter_ctx ctx, struct mm_struct *mm
#else
#define UTRACE_UPROBE_FILTER_ARGS	struct uprobe_consumer *uc, struct mm_struct *mm
#endif

#ifdef UTRACE_UPROBE_NOSYNC
static inline int utrace_uprobe_register(struct inode *inode, loff_t offset,
					 struct uprobe_consumer *uc,
					 struct uprobe **uprobe)
{
	struct uprobe *u = uprobe_register(inode, offset, 0, uc);

	if (IS_ERR(u))
		return PTR_ERR(u);
	*uprobe = u;
	return 0;
}

/* Handlers may still run on @uc until utrace_uprobe_unregister_sync(). */
static inline void utrace_uprobe_unregister(struct inode *inode, loff_t offset,
					    struct uprobe_consumer *uc,
					    struct uprobe *uprobe)
{
	uprobe_unregister_nosync(uprobe, uc);
}

static inline void utrace_uprobe_unregister_sync(void)
{
	uprobe_unregister_sync();
}
#else
static inline int utrace_uprobe_register(struct inode *inode, loff_t offset,
					 struct uprobe_consumer *uc,
					 struct uprobe **uprobe)
{
	*uprobe = NULL;
	return uprobe_register(inode, offset, uc);
}

static inline void utrace_uprobe_unregister(struct inode *inode, loff_t offset,
					    struct uprobe_consumer *uc,
					    struct uprobe *uprobe)
{
	uprobe_unregister(inode, offset, uc);
}

/* uprobe_unregister() has already waited for the handlers. */
static inline void utrace_uprobe_unregister_sync(void)
{
}
#endif

/*
 * get_user_pages_remote() lost its vmas argument in 6.5. No macro tells the
 * two apart: module/Kbuild looks into linux/mm.h and defines
 * UTRACE_GUP_VMAS when the declaration still has it. The caller holds
 * @mm's mmap_lock (read) across the call: no @locked, so it is not dropped.
 */
#include <linux/mm.h>
static inline long utrace_get_user_pages_remote(struct mm_struct *mm, unsigned long start,
						unsigned long nr_pages,
						unsigned int gup_flags,
						struct page **pages)
{
#ifdef UTRACE_GUP_VMAS
	return get_user_pages_remote(mm, start, nr_pages, gup_flags, pages, NULL, NULL);
#else
	return get_user_pages_remote(mm, start, nr_pages, gup_flags, pages, NULL);
#endif
}

/*
 * utrace_task_owner_dumpable() - whether @task's image is dumpable by its
 * owner, the mode ptrace's access check wants before it asks for
 * CAP_SYS_PTRACE (setuid exec, an unreadable file and
 * prctl(PR_SET_DUMPABLE) clear it). Up to 7.x the mode lives in the mm
 * (get_dumpable()); later kernels moved it into the task's RCU-managed
 * exec_state, which module/Kbuild detects (UTRACE_TASK_EXEC_STATE:
 * linux/sched/exec_state.h). A task with neither is not: closed, never open.
 * CONTEXT: @task is current (its mm cannot change under it), or
 * task_lock(@task) is held (its mm cannot go); any context.
 */
#include <linux/sched/coredump.h>
#ifdef UTRACE_TASK_EXEC_STATE
#include <linux/sched/exec_state.h>
static inline bool utrace_task_owner_dumpable(struct task_struct *task)
{
	struct task_exec_state *es;
	bool ok;

	rcu_read_lock();
	es = rcu_dereference(task->exec_state);
	ok = es && READ_ONCE(es->dumpable) == TASK_DUMPABLE_OWNER;
	rcu_read_unlock();
	return ok;
}
#else
static inline bool utrace_task_owner_dumpable(struct task_struct *task)
{
	return task->mm && get_dumpable(task->mm) == SUID_DUMP_USER;
}
#endif

/*
 * vfs_path_lookup() is exported on every kernel we build for, but 6.1 declares
 * it in fs/internal.h only; linux/namei.h has it from 6.2. module/Kbuild
 * defines UTRACE_NAMEI_PATH_LOOKUP when linux/namei.h declares it.
 */
#include <linux/namei.h>
#ifndef UTRACE_NAMEI_PATH_LOOKUP
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt, const char *name,
		    unsigned int flags, struct path *path);
#endif

/*
 * Whether the syscall entry code reads the syscall number again after the
 * sys_enter tracepoint, so that a probe may turn the call into "no
 * syscall" (number -1, the return value left in the registers) and stop
 * the thread before it runs: commit fb13b11d5387 ("entry: Respect changes
 * to system call number by trace_sys_enter()"). The change lives in
 * kernel/entry/common.c (7.x moved that code into linux/entry-common.h,
 * where the number is read last in any case), so no header tells it:
 * module/Kbuild decides from the release (UTRACE_SYSCALL_SKIP): mainline
 * 6.9, and 6.1.84 in the 6.1 stable series (Debian's 6.1 changelog lists
 * it; the 6.1.192 source has it). The other stable series that took it
 * are not checked here: they report the feature missing.
 */
#ifdef UTRACE_SYSCALL_SKIP
#define UTRACE_HAVE_SYSCALL_SKIP	1
#else
#define UTRACE_HAVE_SYSCALL_SKIP	0
#endif

/* The stop wait needs the freezer of 6.1 (TASK_FREEZABLE). */
#ifndef TASK_FREEZABLE
#error "utracer needs Linux 6.1 or later"
#endif

/*
 * Take a signal of current's queues under @mask (the blocked ones), as
 * get_signal() does. CONTEXT: current's siglock held.
 */
#include <linux/sched/signal.h>
static inline int utrace_dequeue_signal(sigset_t *mask, kernel_siginfo_t *info,
					enum pid_type *type)
{
#ifdef UTRACE_DEQUEUE_SIGNAL_TASK
	return dequeue_signal(current, mask, info, type);
#else
	return dequeue_signal(mask, info, type);
#endif
}

/*
 * The flags of a vma became writable only through helpers in 6.3
 * (vm_flags_clear()), which module/Kbuild detects in linux/mm.h
 * (UTRACE_VM_FLAGS_HELPERS). CONTEXT: the mmap handler (mmap_lock held
 * for writing, the vma not yet visible).
 */
static inline void utrace_vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef UTRACE_VM_FLAGS_HELPERS
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

#endif /* UTRACER_COMPAT_H */
