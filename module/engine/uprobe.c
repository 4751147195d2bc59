// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: breakpoints through uprobes.
 *
 * A breakpoint is one uprobe consumer at a file offset. Its filter arms it
 * only in the mms its owner wants (those of the processes it traces); a
 * hit in another mm (a child forked with the int3 in its copy, a process
 * detached since) asks uprobes to remove it from that mm.
 *
 * Where the thread stops. A uprobe handler runs in the thread's own
 * context, but with uprobe locks held (6.1: the uprobe's register_rwsem
 * for read; 6.12: RCU Tasks Trace), and once it returns the uprobe
 * single-steps the original instruction out of line (XOL) or emulates it.
 * Sleeping in the handler would block uprobe_unregister() (6.1) or
 * uprobe_unregister_sync() (6.12) for as long as the tracee stays
 * stopped, and a stop after the step would report the wrong registers.
 * So the handler reports the hit, moves the instruction pointer off the
 * breakpoint (which makes uprobes skip the step: "the handler took
 * execution elsewhere") and queues our task_work. The task_work puts the
 * instruction pointer back on the breakpoint (utrace_task_rewind()) before
 * anything else, and the thread stops there with every register as it
 * was at the trap. When it runs on, it traps at the breakpoint again:
 * that replay is recognised (utask->bp_pass) and not reported, and
 * uprobes steps over the original instruction. The breakpoint stays
 * armed for the next hit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/namei.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include "compat.h"
#include "internal.h"

/*
 * struct utrace_bp_consumer - one registration of a breakpoint's uprobe
 *
 * Allocated at register and at rearm (which registers a fresh one before
 * unregistering the old, so that the filter is asked again for every mm);
 * freed once unregistered and synchronized. @bp outlives it.
 */
struct utrace_bp_consumer {
	struct uprobe_consumer uc;
	struct utrace_breakpoint *bp;
	struct uprobe *uprobe;		/* 6.12's handle; NULL on 6.1 */
};

static atomic64_t utrace_bp_keys = ATOMIC64_INIT(0);

static bool utrace_bp_filter(UTRACE_UPROBE_FILTER_ARGS)
{
	struct utrace_breakpoint *bp = container_of(uc, struct utrace_bp_consumer, uc)->bp;

	return mm && bp->ops->wants_mm(bp, mm);
}

/* Whether @key is listed to let the replay at @vaddr pass. CONTEXT: utask->lock. */
static int utrace_bp_pass_find(struct utrace_task *utask, unsigned long vaddr, u64 key)
{
	unsigned int i;

	if (utask->bp_vaddr != vaddr)
		return -1;
	for (i = 0; i < utask->bp_npass; i++)
		if (utask->bp_pass[i] == key)
			return i;
	return -1;
}

/*
 * utrace_bp_handler() - a thread hit a breakpoint
 * CONTEXT: the thread's own, on its way back to user mode after the trap,
 * under the uprobe's locks (see the top of this file): must not sleep.
 * RETURNS: UPROBE_HANDLER_REMOVE when the owner does not want the
 * breakpoint in this mm (uprobes then removes it there), else 0.
 */
static int utrace_bp_handler(UTRACE_UPROBE_HANDLER_ARGS)
{
	struct utrace_breakpoint *bp = container_of(uc, struct utrace_bp_consumer, uc)->bp;
	struct utrace_report r = { .type = UTRACE_EVENT_BREAKPOINT, .task = current };
	struct utrace_engine *engine;
	struct utrace_task *utask;
	unsigned long flags, vaddr;
	bool found = false;
	int i;

	rcu_read_lock();
	utask = utrace_traced(current);
	if (!utask) {
		rcu_read_unlock();
		goto unwanted;
	}
	spin_lock_irqsave(&utask->lock, flags);
	/* An earlier consumer of this trap may have moved the pointer already. */
	vaddr = utask->rewind ? utask->bp_vaddr : instruction_pointer(regs);
	i = utrace_bp_pass_find(utask, vaddr, bp->key);
	if (i >= 0) {
		/*
		 * The replay after our stop, or (rewind still pending) the
		 * same trap seen again by a consumer that a rearm doubled.
		 */
		if (!utask->rewind)
			utask->bp_pass[i] = utask->bp_pass[--utask->bp_npass];
		found = true;
		goto out_unlock;
	}
	list_for_each_entry(engine, &utask->engines, task_node) {
		if (!engine->attached || !bp->ops->match(bp, engine))
			continue;
		found = true;
		if (!utask->rewind) {
			/* Fails only for a thread past exit_task_work(). */
			if (utrace_task_queue_work(utask, TWA_RESUME))
				break;
			utask->rewind = true;
			utask->bp_vaddr = vaddr;
			utask->bp_npass = 0;
			/* Anything but vaddr: uprobes skips the out-of-line step. */
			instruction_pointer_set(regs, vaddr + 1);
		}
		if (utask->bp_npass < UTRACE_BP_PASS_MAX)
			utask->bp_pass[utask->bp_npass++] = bp->key;
		utrace_engine_hold_locked(engine, UTRACE_STOP_BREAKPOINT, UTRACE_EVENT_BREAKPOINT);
		r.bp.bp = bp;
		r.bp.addr = vaddr;
		atomic64_inc(&bp->hits);
		engine->ops->report(engine, &r, true);
		break;
	}
out_unlock:
	spin_unlock_irqrestore(&utask->lock, flags);
	rcu_read_unlock();
	if (found)
		return 0;
unwanted:
	return current->mm && bp->ops->wants_mm(bp, current->mm) ? 0 : UPROBE_HANDLER_REMOVE;
}

/*
 * utrace_task_rewind() - after a breakpoint stop was arranged, put the
 * instruction pointer back on the breakpoint
 * CONTEXT: the thread's task_work, before it stops: the first thing it does.
 */
void utrace_task_rewind(struct utrace_task *utask)
{
	spin_lock_irq(&utask->lock);
	if (utask->rewind) {
		instruction_pointer_set(task_pt_regs(current), utask->bp_vaddr);
		utask->rewind = false;
	}
	spin_unlock_irq(&utask->lock);
}

/*
 * utrace_task_bp_resume() - the thread leaves its stop: if its instruction
 * pointer is no longer on the breakpoint (a client moved it), no replay
 * will come, and the next trap there is a new hit.
 * CONTEXT: the thread's task_work, after the stop.
 */
void utrace_task_bp_resume(struct utrace_task *utask)
{
	spin_lock_irq(&utask->lock);
	if (utask->bp_npass &&
	    instruction_pointer(task_pt_regs(current)) != utask->bp_vaddr)
		utask->bp_npass = 0;
	spin_unlock_irq(&utask->lock);
}

static struct utrace_bp_consumer *utrace_bp_consumer_register(struct utrace_breakpoint *bp,
							      int *err)
{
	struct utrace_bp_consumer *c = kzalloc(sizeof(*c), GFP_KERNEL);

	*err = -ENOMEM;
	if (!c)
		return NULL;
	c->bp = bp;
	c->uc.handler = utrace_bp_handler;
	c->uc.filter = utrace_bp_filter;
	*err = utrace_uprobe_register(d_inode(bp->path.dentry), bp->offset, &c->uc, &c->uprobe);
	/* An instruction uprobes refuses: not an errno user space knows. */
	if (*err == -ENOTSUPP)
		*err = -EINVAL;
	if (*err) {
		kfree(c);
		return NULL;
	}
	return c;
}

static void utrace_bp_consumer_unregister(struct utrace_breakpoint *bp,
					  struct utrace_bp_consumer *c)
{
	utrace_uprobe_unregister(d_inode(bp->path.dentry), bp->offset, &c->uc, c->uprobe);
	/* No handler of ours sleeps: this waits only for hits in flight. */
	utrace_uprobe_unregister_sync();
	kfree(c);
}

/**
 * utrace_breakpoint_register() - arm @bp in the mms its owner wants
 * @bp: the breakpoint, filled by its owner and not registered
 *
 * Arms it in every mm its owner wants that maps the file now, and in those
 * that map it later. The caller serializes calls on one @bp.
 *
 * Context: process context, sleeps (takes the mmap_lock of each mm that
 * maps the file).
 * Return: 0; -ENOMEM; -EINVAL (offset past the end of the file, or an
 * instruction uprobes cannot step over, such as a LOCK-prefixed one, in an
 * mm that maps the file now); what uprobe_register() gives.
 */
int utrace_breakpoint_register(struct utrace_breakpoint *bp)
{
	struct inode *inode = d_inode(bp->path.dentry);
	int err;

	if (!inode || !S_ISREG(inode->i_mode))
		return -EINVAL;
	if (bp->offset < 0 || bp->offset >= i_size_read(inode))
		return -EINVAL;
	bp->key = atomic64_inc_return(&utrace_bp_keys);
	atomic64_set(&bp->hits, 0);
	bp->cons = utrace_bp_consumer_register(bp, &err);
	return bp->cons ? 0 : err;
}

/**
 * utrace_breakpoint_rearm() - ask the filter again for every mm mapping the file
 * @bp: a registered breakpoint
 *
 * An owner that began to trace a process which already maps the file
 * calls this (uprobe_apply() is not exported). A fresh consumer is
 * registered (registering installs where its filter agrees) before the old
 * one goes; both carry the same key, so a trap between is reported once.
 *
 * Context: process context, sleeps.
 * Return: 0 or -errno (@bp unchanged).
 */
int utrace_breakpoint_rearm(struct utrace_breakpoint *bp)
{
	struct utrace_bp_consumer *old = bp->cons, *fresh;
	int err;

	if (!old)
		return -ENOENT;
	fresh = utrace_bp_consumer_register(bp, &err);
	if (!fresh)
		return err;
	bp->cons = fresh;
	utrace_bp_consumer_unregister(bp, old);
	return 0;
}

/**
 * utrace_breakpoint_unregister() - disarm @bp everywhere
 * @bp: a registered breakpoint
 *
 * The original bytes are back in every mm, and no handler runs on @bp
 * after this. A thread stopped at @bp is unaffected: when it runs on, it
 * finds the original instruction at its instruction pointer.
 *
 * Context: process context, sleeps.
 */
void utrace_breakpoint_unregister(struct utrace_breakpoint *bp)
{
	if (!bp->cons)
		return;
	utrace_bp_consumer_unregister(bp, bp->cons);
	bp->cons = NULL;
}

/**
 * utrace_breakpoint_release() - drop the file reference of @bp
 * @bp: a breakpoint not registered (or unregistered)
 *
 * Context: process context; may sleep (path_put()).
 */
void utrace_breakpoint_release(struct utrace_breakpoint *bp)
{
	path_put(&bp->path);
}

/**
 * utrace_breakpoint_lookup_path() - the file a breakpoint by path names
 * @name: its path, in the caller's view of the filesystem
 * @path: out, the file, with a reference
 *
 * Context: process context, sleeps.
 * Return: 0 with a reference in @path; -EINVAL when it is not a regular
 * file; the lookup's error (-ENOENT, -EACCES, ...).
 */
int utrace_breakpoint_lookup_path(const char *name, struct path *path)
{
	int err = kern_path(name, LOOKUP_FOLLOW, path);

	if (err)
		return err;
	if (!d_is_reg(path->dentry)) {
		path_put(path);
		return -EINVAL;
	}
	return 0;
}

/*
 * @task's mm, pinned and read-locked; undone by utrace_mm_unlock().
 * RETURNS: the mm, or ERR_PTR(-ESRCH) without one, ERR_PTR(-EINTR).
 */
static struct mm_struct *utrace_task_mm_lock(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return ERR_PTR(-ESRCH);
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	return mm;
}

static void utrace_mm_unlock(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
	mmput(mm);
}

/**
 * utrace_breakpoint_resolve() - the file and offset mapped at @addr
 * @task: the thread whose mm is looked at
 * @addr: an address in it
 * @path: out, the file, with a reference
 * @offset: out, @addr's offset in the file
 *
 * Context: process context, sleeps (mmap_lock).
 * Return: 0 with a reference in @path; -ENXIO when nothing is mapped at
 * @addr; -EINVAL when the mapping is not an executable file mapping;
 * -ESRCH when @task has no mm; -EINTR.
 */
int utrace_breakpoint_resolve(struct task_struct *task, unsigned long addr,
			      struct path *path, loff_t *offset)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	int err = 0;

	mm = utrace_task_mm_lock(task);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	vma = vma_lookup(mm, addr);
	if (!vma) {
		err = -ENXIO;
	} else if (!vma->vm_file || !(vma->vm_flags & VM_EXEC)) {
		err = -EINVAL;
	} else {
		*path = vma->vm_file->f_path;
		path_get(path);
		*offset = ((loff_t)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
	}
	utrace_mm_unlock(mm);
	return err;
}

/* CONTEXT: mmap_read_lock(@mm) held. */
static bool utrace_mm_maps_inode(struct mm_struct *mm, struct inode *inode)
{
	VMA_ITERATOR(vmi, mm, 0);
	struct vm_area_struct *vma;

	for_each_vma(vmi, vma)
		if (vma->vm_file && file_inode(vma->vm_file) == inode)
			return true;
	return false;
}

/**
 * utrace_breakpoint_mapped() - whether @task's mm maps the file of @path
 * @task: a thread its caller pins
 * @path: the breakpoint's file
 *
 * Context: process context, sleeps (mmap_lock).
 * Return: 1 when some mapping of @task's mm is of @path's inode, 0 when
 * none is, -ESRCH when @task has no mm, -EINTR on a fatal signal.
 */
int utrace_breakpoint_mapped(struct task_struct *task, const struct path *path)
{
	struct mm_struct *mm;
	int ret;

	mm = utrace_task_mm_lock(task);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	ret = utrace_mm_maps_inode(mm, d_inode(path->dentry));
	utrace_mm_unlock(mm);
	return ret;
}
