// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: writing a traced thread's registers and memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/regset.h>
#include "utrace.h"

#define UTRACE_WRITE_BOUNCE	(64 * 1024)

/* Owned by utrace_regset_write(); the parked thread's side reads and writes it. */
struct utrace_regset_set {
	u32 note_type;
	const void *data;	/* the new values, len bytes */
	unsigned int len;
	void *saved;		/* the old values, to undo a refused set */
};

static const struct user_regset *utrace_find_regset(struct task_struct *task, u32 note_type)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type &&
		    view->regsets[i].core_note_type == note_type)
			return &view->regsets[i];
	return NULL;
}

/*
 * Apply a register set to parked @task, all or nothing: ->set() stores
 * register by register and may refuse one in the middle (x86 putreg()
 * checks each selector), so the old values are put back when it fails.
 * CONTEXT: the tracer; @task parked off the CPU (utrace_engine_call_parked()).
 */
static long utrace_regset_set_parked(struct task_struct *task, void *arg)
{
	struct utrace_regset_set *s = arg;
	const struct user_regset *rs = utrace_find_regset(task, s->note_type);
	int size, ret;

	if (!rs)
		return -EINVAL;
	if (!rs->set)
		return -EOPNOTSUPP;
	if (s->len != rs->n * rs->size)
		return -EINVAL;
	if (rs->active && rs->active(task, rs) == 0)
		return -ENODATA;
	size = regset_get(task, rs, s->len, s->saved);
	if (size < 0)
		return size;
	ret = rs->set(task, rs, 0, s->len, s->data, NULL);
	if (ret && size == s->len &&
	    rs->set(task, rs, 0, s->len, s->saved, NULL))
		pr_warn_ratelimited("register set %#x of %d not restored\n",
				    s->note_type, task_pid_nr(task));
	return ret;
}

/**
 * utrace_regset_write() - write a register set of @engine's stopped thread
 * @engine: an engine whose thread is stopped with its stop reported
 * @note_type: the set's core note type (NT_PRSTATUS, ...)
 * @data: the whole set, @len bytes, in kernel memory (the parked thread
 *	must not wait for page faults)
 * @len: the set's size in bytes
 *
 * Context: process context; sleeps.
 * Return: 0; -EBUSY when not stopped; -EINVAL for an unknown note type or
 * a length that is not the set's; -EOPNOTSUPP for a read-only set;
 * -ENODATA when inactive; the architecture's error for a value it refuses
 * (nothing is changed then); -ENOMEM, -ESRCH, -EINTR.
 */
long utrace_regset_write(struct utrace_engine *engine, u32 note_type,
			 const void *data, size_t len)
{
	struct utrace_regset_set s = { .note_type = note_type, .data = data };
	long ret, fn_ret = 0;

	if (!len || len > UTRACE_REGSET_MAX)
		return -EINVAL;
	s.len = len;
	s.saved = kzalloc(len, GFP_KERNEL);
	if (!s.saved)
		return -ENOMEM;
	ret = utrace_engine_call_parked(engine, utrace_regset_set_parked, &s, &fn_ret);
	if (!ret)
		ret = fn_ret;
	kfree(s.saved);
	return ret;
}

/**
 * utrace_mem_write() - write @task's memory with ptrace's rights
 * @task: the thread
 * @addr: where in its address space
 * @len: how many bytes
 * @get: fills a bounce buffer with the owner's bytes, piece by piece
 * @ctx: @get's
 * @done: out, the bytes written
 *
 * Writes with FOLL_FORCE: a private read-only page gets a private copy.
 *
 * Context: process context; sleeps (the mm's mmap_lock, page faults).
 * Return: 0 with *@done > 0 (or @len == 0); -EIO when nothing at @addr
 * can be written; -EINVAL when the range wraps; @get's error (what came
 * before is written); -ENOMEM; -EINTR when killed.
 */
long utrace_mem_write(struct task_struct *task, unsigned long addr, u64 len,
		      utrace_copy_fn get, void *ctx, u64 *done)
{
	size_t chunk = min_t(u64, len, UTRACE_WRITE_BOUNCE);
	long ret = 0;
	void *kbuf;
	int n, put;

	*done = 0;
	if (addr + len < addr)
		return -EINVAL;
	if (!len)
		return 0;
	kbuf = kvmalloc(chunk, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	while (*done < len) {
		n = min_t(u64, len - *done, chunk);
		ret = get(ctx, *done, kbuf, n);
		if (ret)
			break;
		put = access_process_vm(task, addr + *done, kbuf, n,
					FOLL_FORCE | FOLL_WRITE);
		if (put <= 0)
			break;
		*done += put;
		if (put < n)
			break;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	kvfree(kbuf);
	/* As utrace_mem_read(): what was written counts, unless the source was bad. */
	if (ret && *done && ret != -EFAULT)
		ret = 0;
	if (!ret && !*done)
		ret = -EIO;
	return ret;
}
