// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the commands that attach and detach engines,
 * stop and resume threads, and choose what they report: ATTACH, DETACH,
 * QUIESCE, RUN, STEP, SET_EVENTS, SYSCALL_FILTER, SYSCALL_STOPS, SET_FOLLOW,
 * TASK_LIST, CHECK_PID.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/bitmap.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "iface.h"

static bool utracer_masks_valid(u64 event_mask, u64 stop_mask)
{
	if (event_mask & ~UTRACER_EVMASK_ALL)
		return false;
	if (stop_mask & ~event_mask)
		return false;
	/* A thread in do_exit() cannot stop. */
	return !(stop_mask & UTRACER_EVMASK(UTRACER_EV_EXIT));
}

/* Whether @client has an engine on @task. CONTEXT: client->lock held. */
static bool utracer_has_task_locked(struct utracer_client *client, struct task_struct *task)
{
	struct utracer_attachment *att;

	list_for_each_entry(att, &client->attachments, node)
		if (utrace_engine_task(att->engine) == task)
			return true;
	return false;
}

static bool utracer_has_task(struct utracer_client *client, struct task_struct *task)
{
	bool ret;

	spin_lock_irq(&client->lock);
	ret = utracer_has_task_locked(client, task);
	spin_unlock_irq(&client->lock);
	return ret;
}

/* The engine's follow flags for UTRACER_ATTACH_FOLLOW_FLAGS bits. */
static unsigned long utracer_follow_engine_flags(u32 flags)
{
	unsigned long ef = 0;

	if (flags & UTRACER_ATTACH_FOLLOW_FORK)
		ef |= UTRACE_ENGINE_FOLLOW_FORK;
	if (flags & UTRACER_ATTACH_STOP_NEW)
		ef |= UTRACE_ENGINE_STOP_NEW;
	return ef;
}

static int utracer_attach_one(struct utracer_client *client, struct task_struct *task,
			      const struct utracer_attach *a, pid_t key, bool process)
{
	struct utracer_attachment *att;
	int ret;

	att = utracer_attachment_new(client, process ? UTRACE_ENGINE_FOLLOW_THREADS |
				     utracer_follow_engine_flags(a->flags) : 0, GFP_KERNEL);
	if (IS_ERR(att))
		return PTR_ERR(att);
	att->key = key;
	att->process = process;
	att->lossy = a->flags & UTRACER_ATTACH_LOSSY;
	ret = utrace_engine_set_events(att->engine, a->event_mask, a->stop_mask);
	if (ret) {
		utrace_engine_put(att->engine);
		return ret;
	}
	/*
	 * Listed before it is attached: teardown waits for client->mutex,
	 * which we hold, and nothing detaches an engine not yet attached.
	 * A client that began its teardown before we took the mutex is not
	 * registered any more: nothing would detach this engine.
	 */
	if (!client->registered || !utracer_attachment_adopt(att)) {
		utrace_engine_put(att->engine);
		return -ESRCH;
	}
	ret = utrace_engine_attach(att->engine, task);
	if (ret) {
		spin_lock_irq(&client->lock);
		list_del_init(&att->node);
		att->listed = false;
		spin_unlock_irq(&client->lock);
		utrace_engine_put(att->engine);
		return ret;
	}
	if (a->flags & UTRACER_ATTACH_QUIESCE)
		utrace_engine_quiesce(att->engine, false);
	return 0;
}

/* Attach every thread of @leader's process, and those appearing meanwhile. */
static int utracer_attach_process(struct utracer_client *client,
				  struct task_struct *leader,
				  const struct utracer_attach *a, pid_t key)
{
	struct task_struct **tasks, *t;
	int n, k, i, ret, attached = 0, added;
	bool more;

	do {
		added = 0;
		more = false;
		n = get_nr_threads(leader) + 8;
		tasks = kcalloc(n, sizeof(*tasks), GFP_KERNEL);
		if (!tasks)
			return -ENOMEM;
		k = 0;
		rcu_read_lock();
		for_each_thread(leader, t) {
			if (utracer_has_task(client, t))
				continue;
			if (k == n) {
				more = true;
				break;
			}
			get_task_struct(t);
			tasks[k++] = t;
		}
		rcu_read_unlock();
		ret = 0;
		for (i = 0; i < k; i++) {
			int err = ret ? 0 : utracer_attach_one(client, tasks[i], a, key, true);

			if (!err)
				added += !ret;
			else if (err != -ESRCH && err != -EEXIST)
				ret = err;
			put_task_struct(tasks[i]);
		}
		kfree(tasks);
		if (ret)
			return ret;
		attached += added;
	} while (added || more);
	return attached ? 0 : -ESRCH;
}

static struct task_struct *utracer_get_task(struct utracer_client *client, pid_t nr)
{
	struct task_struct *task = NULL;
	struct pid *pid;

	if (nr <= 0)
		return NULL;
	rcu_read_lock();
	pid = find_pid_ns(nr, client->pid_ns);
	if (pid)
		task = pid_task(pid, PIDTYPE_PID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task;
}

static int utracer_detach_matching(struct utracer_client *client, pid_t pid, bool thread);

/* UTRACER_IOC_ATTACH: a thread, or a process and the threads it gains. */
long utracer_cmd_attach(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	const struct utracer_attach *a = c->arg;
	struct task_struct *task, *leader;
	bool thread;
	pid_t key;
	int ret;

	if ((a->flags & ~(UTRACER_ATTACH_FLAGS | UTRACER_ATTACH_FOLLOW_FLAGS)) ||
	    a->pad || a->reserved[0] || a->reserved[1] ||
	    !utracer_masks_valid(a->event_mask, a->stop_mask))
		return -EINVAL;
	thread = a->flags & UTRACER_ATTACH_THREAD;
	/* A thread attachment follows nothing. */
	if (thread && (a->flags & UTRACER_ATTACH_FOLLOW_FLAGS))
		return -EINVAL;
	task = utracer_get_task(client, a->pid);
	if (!task)
		return -ESRCH;
	if (!thread) {
		rcu_read_lock();
		leader = READ_ONCE(task->group_leader);
		get_task_struct(leader);
		rcu_read_unlock();
		put_task_struct(task);
		task = leader;
	}
	/*
	 * The verdict and the attach are one step against exec, as in
	 * ptrace_attach(): an exec that would change the credentials waits
	 * until the engine exists and its recheck is queued.
	 */
	ret = utracer_perm_lock(client, task, NULL);
	if (ret)
		goto out_task;
	mutex_lock(&client->mutex);
	key = thread ? a->pid : utracer_task_tgid(client, task);
	if (thread) {
		ret = utracer_has_task(client, task) ? -EEXIST :
			utracer_attach_one(client, task, a, key, false);
	} else {
		struct utracer_attachment *att;
		bool busy = false;

		spin_lock_irq(&client->lock);
		list_for_each_entry(att, &client->attachments, node) {
			struct task_struct *t = utrace_engine_task(att->engine);

			if (t && same_thread_group(t, task))
				busy = true;
		}
		spin_unlock_irq(&client->lock);
		ret = busy ? -EEXIST : utracer_attach_process(client, task, a, key);
		if (ret && !busy)
			utracer_detach_matching(client, key, false);
	}
	mutex_unlock(&client->mutex);
	utracer_perm_unlock(task);
	/* Outside exec_update_lock: arming takes the mmap_lock of each mm. */
	if (!ret)
		utracer_bp_rearm_all(client);
out_task:
	put_task_struct(task);
	return ret;
}

/*
 * Detach what a target names. A thread created meanwhile by an attached
 * thread of the process is adopted before its creator can be detached
 * (utrace_clone_follow()), so passes repeat until none is left.
 */
static int utracer_detach_matching(struct utracer_client *client, pid_t pid, bool thread)
{
	struct utracer_attachment **v;
	int i, n, pass;

	for (pass = 0; ; pass++) {
		v = utracer_collect(client, pid, thread, &n);
		if (IS_ERR(v))
			return pass && PTR_ERR(v) == -ESRCH ? 0 : PTR_ERR(v);
		for (i = 0; i < n; i++)
			utrace_engine_detach(v[i]->engine, UTRACER_DETACH_REQUEST);
		utracer_put_collected(v, n);
		if (thread || fatal_signal_pending(current))
			return 0;
		cond_resched();
	}
}

/*
 * QUIESCE with UTRACER_TARGET_WAIT: stop every thread @v names, then wait
 * for each. A thread that exits meanwhile is no error while another one
 * of a process target stopped. On -EINTR, the threads not yet stopped
 * report their stop by a STOP event when it comes.
 */
static int utracer_quiesce_wait(struct utracer_attachment **v, int n, bool thread)
{
	int i, err, ret = 0, stopped = 0;

	for (i = 0; i < n; i++)
		utrace_engine_quiesce(v[i]->engine, true);
	for (i = 0; i < n; i++) {
		err = ret ? ret : utrace_engine_wait_stopped(v[i]->engine);
		if (err == -EINTR || err == -ECANCELED) {
			if (!ret)
				ret = err;
			utrace_engine_wait_cancel(v[i]->engine);
		} else if (!err) {
			stopped++;
		} else if (thread) {
			ret = err;
		}
	}
	if (!ret && !stopped)
		ret = -ESRCH;
	return ret;
}

/*
 * UTRACER_IOC_STEP: the one thread @v names (@n of them) runs one
 * instruction.
 */
static long utracer_step(struct utracer_attachment **v, int n)
{
	if (n != 1)
		return -EINVAL;
	return utrace_engine_step(v[0]->engine);
}

/* UTRACER_IOC_DETACH, _QUIESCE, _RUN, _STEP (@c->op): what a struct utracer_target names. */
long utracer_cmd_target(struct utracer_cmd_ctx *c)
{
	enum utracer_target_op op = c->op;
	struct utracer_client *client = c->client;
	const struct utracer_target *t = c->arg;
	struct utracer_attachment **v;
	bool thread;
	int i, n, ret;

	if ((t->flags & ~(UTRACER_TARGET_THREAD | UTRACER_TARGET_WAIT)) || t->pad)
		return -EINVAL;
	if ((t->flags & UTRACER_TARGET_WAIT) && op != UTRACER_TARGET_QUIESCE)
		return -EINVAL;
	thread = t->flags & UTRACER_TARGET_THREAD;
	if (op == UTRACER_TARGET_DETACH) {
		ret = utracer_detach_matching(client, t->pid, thread);
		/* Their debug registers are free for others at once. */
		utracer_hwbp_detached(client);
		return ret;
	}
	v = utracer_collect(client, t->pid, thread, &n);
	if (IS_ERR(v))
		return PTR_ERR(v);
	if (t->flags & UTRACER_TARGET_WAIT) {
		ret = utracer_quiesce_wait(v, n, thread);
		utracer_put_collected(v, n);
		return ret;
	}
	if (op == UTRACER_TARGET_STEP) {
		ret = utracer_step(v, n);
		utracer_put_collected(v, n);
		return ret;
	}
	for (i = 0; i < n; i++) {
		if (op == UTRACER_TARGET_QUIESCE)
			utrace_engine_quiesce(v[i]->engine, false);
		else
			utrace_engine_run(v[i]->engine);
	}
	utracer_put_collected(v, n);
	return 0;
}

/* UTRACER_IOC_SET_EVENTS: the masks of every thread a pid names. */
long utracer_cmd_set_events(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	const struct utracer_set_events *s = c->arg;
	struct utracer_attachment **v;
	int i, n, ret = 0;

	if (s->flags || s->pad || !utracer_masks_valid(s->event_mask, s->stop_mask))
		return -EINVAL;
	/*
	 * The client's commands are the engines' owner: one at a time, so
	 * that each engine's mask and syscall hooks count change together.
	 */
	mutex_lock(&client->mutex);
	v = utracer_collect(client, s->pid, false, &n);
	if (IS_ERR(v)) {
		mutex_unlock(&client->mutex);
		return PTR_ERR(v);
	}
	/*
	 * Hold the syscall hooks across the loop: each engine then only adds
	 * a count, which cannot fail, and the change applies to all or none.
	 */
	if (s->event_mask & UTRACE_EVMASK_SYSCALLS) {
		ret = utrace_syscall_hooks_get();
		if (ret)
			goto out;
	}
	for (i = 0; i < n; i++)
		WARN_ON_ONCE(utrace_engine_set_events(v[i]->engine, s->event_mask,
						      s->stop_mask));
	if (s->event_mask & UTRACE_EVMASK_SYSCALLS)
		utrace_syscall_hooks_put();
out:
	mutex_unlock(&client->mutex);
	utracer_put_collected(v, n);
	return ret;
}

/* UTRACER_IOC_SYSCALL_FILTER, or with @c->op SYSCALL_STOPS: the same arguments. */
long utracer_cmd_syscall_filter(struct utracer_cmd_ctx *c)
{
	bool stops = c->op;
	const struct utracer_syscall_filter *fp = c->arg;
	struct utracer_syscall_filter f = *fp;
	unsigned long *bitmap = NULL;
	struct utracer_attachment **v;
	u64 *words;
	int i, n, ret = 0;
	u32 known = UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_EXIT |
		    (stops ? UTRACER_SYSCALL_BEFORE : 0);

	if (!f.flags || (f.flags & ~known) || f.op > UTRACER_SYSCALL_OP_SET)
		return -EINVAL;
	if ((f.flags & UTRACER_SYSCALL_BEFORE) && !utrace_syscall_before_supported())
		return -EOPNOTSUPP;
	if (f.op == UTRACER_SYSCALL_OP_ADD || f.op == UTRACER_SYSCALL_OP_REMOVE) {
		if (f.nr < 0 || f.nr >= UTRACER_SYSCALL_MAX || f.bitmap || f.bitmap_bits)
			return -EINVAL;
	} else if (f.op == UTRACER_SYSCALL_OP_SET) {
		if (f.nr || f.bitmap_bits > UTRACER_SYSCALL_MAX)
			return -EINVAL;
	} else if (f.nr || f.bitmap || f.bitmap_bits) {
		return -EINVAL;
	}
	if (f.op == UTRACER_SYSCALL_OP_SET) {
		int nwords = DIV_ROUND_UP(f.bitmap_bits, 64);

		words = kcalloc(UTRACER_SYSCALL_MAX / 64, sizeof(u64), GFP_KERNEL);
		bitmap = bitmap_zalloc(UTRACER_SYSCALL_MAX, GFP_KERNEL);
		if (!words || !bitmap) {
			ret = -ENOMEM;
			goto out_words;
		}
		if (copy_from_user(words, u64_to_user_ptr(f.bitmap), nwords * sizeof(u64))) {
			ret = -EFAULT;
			goto out_words;
		}
		bitmap_from_arr64(bitmap, words, f.bitmap_bits);
out_words:
		kfree(words);
		if (ret) {
			bitmap_free(bitmap);
			return ret;
		}
	}
	v = utracer_collect(c->client, f.pid, false, &n);
	if (IS_ERR(v)) {
		bitmap_free(bitmap);
		return PTR_ERR(v);
	}
	for (i = 0; i < n; i++) {
		if (stops)
			utrace_engine_set_syscall_stops(v[i]->engine, f.flags, f.op,
							f.nr, bitmap);
		else
			utrace_engine_set_syscall_filter(v[i]->engine, f.flags, f.op,
							 f.nr, bitmap);
	}
	utracer_put_collected(v, n);
	bitmap_free(bitmap);
	return 0;
}

/*
 * SIGNAL_HOLDS: the signals every thread of an attachment holds before
 * delivery (engine/signal.c).
 * RETURNS: 0; -EINVAL (flags, padding); -ESRCH.
 */
long utracer_cmd_signal_holds(struct utracer_cmd_ctx *c)
{
	const struct utracer_signal_holds *h = c->arg;
	struct utracer_attachment **v;
	sigset_t set;
	int i, n;

	if (h->flags || h->pad)
		return -EINVAL;
	sigemptyset(&set);
	for (i = 1; i <= 64 && i <= _NSIG; i++)
		if (h->mask & BIT_ULL(i - 1))
			sigaddset(&set, i);
	v = utracer_collect(c->client, h->pid, false, &n);
	if (IS_ERR(v))
		return PTR_ERR(v);
	for (i = 0; i < n; i++)
		utrace_engine_set_signal_holds(v[i]->engine, &set);
	utracer_put_collected(v, n);
	return 0;
}

/*
 * SIGNAL_VERDICT: what becomes of the held signal a thread is stopped for.
 * RETURNS: 0; -EINVAL (flags, a number out of range); -ESRCH (not
 * attached); -ENOENT (not stopped for a held signal).
 */
long utracer_cmd_signal_verdict(struct utracer_cmd_ctx *c)
{
	const struct utracer_signal_verdict *s = c->arg;
	int ret;

	if (s->flags || s->signo < 0 || s->signo > _NSIG)
		return -EINVAL;
	ret = utracer_cmd_find_target(c, s->tid, UTRACER_CMD_THREAD);
	if (ret)
		return ret;
	return utrace_engine_signal_verdict(c->att->engine, s->signo);
}

/*
 * SET_FOLLOW: the follow flags of every thread of a process attachment.
 * RETURNS: 0; -EINVAL (bad flags, or a thread attachment); -ESRCH.
 */
long utracer_cmd_set_follow(struct utracer_cmd_ctx *c)
{
	const struct utracer_set_follow *s = c->arg;
	struct utracer_attachment **v;
	int i, n, ret = 0;

	if ((s->flags & ~UTRACER_ATTACH_FOLLOW_FLAGS) || s->pad)
		return -EINVAL;
	v = utracer_collect(c->client, s->pid, false, &n);
	if (IS_ERR(v))
		return PTR_ERR(v);
	for (i = 0; i < n; i++)
		if (!v[i]->process)
			ret = -EINVAL;
	for (i = 0; !ret && i < n; i++)
		utrace_engine_set_follow(v[i]->engine, utracer_follow_engine_flags(s->flags));
	utracer_put_collected(v, n);
	return ret;
}

static void utracer_task_info(struct utracer_client *client,
			      struct utracer_attachment *att, struct utracer_task_info *info)
{
	info->pid = utracer_task_tgid(client, utrace_engine_task(att->engine));
	info->tid = utracer_task_pid(client, utrace_engine_task(att->engine));
	info->state = utrace_engine_state(att->engine);
	info->flags = att->process ? UTRACER_TASKF_PROCESS : 0;
}

/* UTRACER_IOC_TASK_LIST: every attached thread. */
long utracer_cmd_task_list(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	struct utracer_task_list *l = c->arg;
	struct utracer_attachment **v;
	struct utracer_task_info info;
	struct utracer_task_info __user *buf;
	int i, n = 0, cap = 0, ret = 0;

	if (l->flags || l->pad)
		return -EINVAL;
	buf = u64_to_user_ptr(l->buf);
	/* Pin the entries, then copy without client->lock. */
	v = kcalloc(l->count ? min_t(u32, l->count, 65536) : 1, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	cap = l->count ? min_t(u32, l->count, 65536) : 0;
	n = utracer_pin(client, v, cap, 0, UTRACER_MATCH_ALL);
	for (i = 0; i < min(n, cap); i++) {
		utracer_task_info(client, v[i], &info);
		if (!ret && copy_to_user(&buf[i], &info, sizeof(info)))
			ret = -EFAULT;
		utrace_engine_put(v[i]->engine);
	}
	kfree(v);
	if (ret)
		return ret;
	l->count = n;
	return 0;
}

/* UTRACER_IOC_CHECK_PID: whether a thread is attached, and how. */
long utracer_cmd_check_pid(struct utracer_cmd_ctx *c)
{
	struct utracer_check_pid *cp = c->arg;
	int ret;

	if (cp->flags || cp->pad)
		return -EINVAL;
	ret = utracer_cmd_find_target(c, cp->pid, UTRACER_CMD_THREAD);
	if (ret)
		return ret;
	utracer_task_info(c->client, c->att, &cp->info);
	return 0;
}

