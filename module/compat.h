/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utracer: the kernel API differences between the kernels we build for
 * (6.1, 6.12 and Debian's newest, 7.x). One place for every such test; the
 * rest of the module calls the wrappers below. Tests look for the API
 * itself (a macro, a flag, or a declaration that module/Kbuild finds in the
 * headers), never at LINUX_VERSION_CODE, so backports are followed.
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
 * kvrealloc() lost its old-size argument in 6.11, when it became a macro
 * over kvrealloc_noprof(): test for the macro rather than a version, so
 * that a backport is followed too.
 */
static inline void *utrace_kvrealloc(void *p, size_t oldsize, size_t newsize)
{
#ifdef kvrealloc
	return kvrealloc(p, newsize, GFP_KERNEL);
#else
	return kvrealloc(p, oldsize, newsize, GFP_KERNEL);
#endif
}

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
 * utrace_dumpable_or_capable() - the dumpability rule of ptrace's access
 * check: a process that is not dumpable by its owner (setuid exec,
 * prctl(PR_SET_DUMPABLE)) may be traced only with CAP_SYS_PTRACE over the
 * user namespace it was made in. Up to 7.x the mode and that namespace
 * live in the mm (get_dumpable(), mm->user_ns; a task without an mm passes);
 * later kernels moved both into the task's RCU-managed exec_state, which
 * module/Kbuild detects (UTRACE_TASK_EXEC_STATE: linux/sched/exec_state.h),
 * and check it for every task (7.3's kernel/ptrace.c, task_still_dumpable()).
 * @file: whose opener's capabilities count.
 * CONTEXT: process context; takes task_lock(@task) or the RCU read lock.
 * RETURNS: true when the rule lets the opener of @file trace @task.
 */
#include <linux/sched/coredump.h>
#include <linux/sched/task.h>
#ifdef UTRACE_TASK_EXEC_STATE
#include <linux/sched/exec_state.h>
static inline bool utrace_dumpable_or_capable(struct task_struct *task, const struct file *file)
{
	struct task_exec_state *es;
	bool ok;

	/* Every task has one (init_task_exec_state at least); fail closed. */
	rcu_read_lock();
	es = rcu_dereference(task->exec_state);
	ok = es && (READ_ONCE(es->dumpable) == TASK_DUMPABLE_OWNER ||
		    file_ns_capable(file, es->user_ns, CAP_SYS_PTRACE));
	rcu_read_unlock();
	return ok;
}
#else
static inline bool utrace_dumpable_or_capable(struct task_struct *task, const struct file *file)
{
	struct mm_struct *mm;
	bool ok;

	task_lock(task);
	mm = task->mm;
	ok = !mm || get_dumpable(mm) == SUID_DUMP_USER ||
	     file_ns_capable(file, mm->user_ns, CAP_SYS_PTRACE);
	task_unlock(task);
	return ok;
}
#endif

/* The stop wait needs the freezer of 6.1 (TASK_FREEZABLE). */
#ifndef TASK_FREEZABLE
#error "utracer needs Linux 6.1 or later"
#endif

#endif /* UTRACER_COMPAT_H */
