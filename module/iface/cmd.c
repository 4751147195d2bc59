// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the cmd file. Commands arrive by ioctl() (with
 * answers written back into the argument) or by write() of command
 * records (the batch path, for commands without an answer).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/bitmap.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "iface.h"

/*
 * utracer_copy_in() - copy a sized struct from user space
 * @min_size: the struct's first published size
 * RETURNS: 0; -EFAULT; -EINVAL when the caller's size is below @min_size;
 * -E2BIG when it is larger than ours and the tail is not zero, or larger
 * than a page.
 */
int utracer_copy_in(void *dst, size_t ksize, size_t min_size, const void __user *src)
{
	u32 usize;
	int ret;

	if (get_user(usize, (const u32 __user *)src))
		return -EFAULT;
	if (usize < min_size)
		return -EINVAL;
	/* No struct will ever be this big: do not scan gigabytes for zeros. */
	if (usize > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(dst, ksize, src, usize);
	if (ret)
		return ret;
	return 0;
}

/* Copy back the part of the struct the caller knows (its size field). */
int utracer_copy_out(void __user *dst, const void *src, size_t ksize)
{
	size_t n = min_t(size_t, *(const u32 *)src, ksize);

	return copy_to_user(dst, src, n) ? -EFAULT : 0;
}

long utracer_version_ioctl(void __user *arg)
{
	struct utracer_version v;
	int ret;

	ret = utracer_copy_in(&v, sizeof(v), UTRACER_VERSION_SIZE_VER0, arg);
	if (ret)
		return ret;
	v.api_major = UTRACER_API_MAJOR;
	v.api_minor = UTRACER_API_MINOR;
	v.max_syscall = UTRACER_SYSCALL_MAX;
	v.features = UTRACER_FEAT_ATTACH_THREAD | UTRACER_FEAT_QUIESCE |
		     UTRACER_FEAT_REGSETS | UTRACER_FEAT_MEM_READ | UTRACER_FEAT_ENV |
		     UTRACER_FEAT_MAPS | UTRACER_FEAT_EXE | UTRACER_FEAT_TASKS |
		     UTRACER_FEAT_SYSCALL_FILTER | UTRACER_FEAT_LOSSY |
		     UTRACER_FEAT_CMD_WRITE | UTRACER_FEAT_POLL |
		     UTRACER_FEAT_AUXV | UTRACER_FEAT_CMDLINE | UTRACER_FEAT_STATUS |
		     UTRACER_FEAT_FDS | UTRACER_FEAT_REGSET_WRITE | UTRACER_FEAT_MEM_WRITE;
	v.features |= UTRACER_FEAT_FOLLOW | UTRACER_FEAT_SYSCALL_STOPS;
	v.features |= UTRACER_FEAT_BREAKPOINT;
	v.features |= UTRACER_FEAT_QUIESCE_WAIT;
	v.events = UTRACER_EVMASK_ALL | UTRACER_EVMASK(UTRACER_EV_STOP) |
		   UTRACER_EVMASK(UTRACER_EV_DETACH) | UTRACER_EVMASK(UTRACER_EV_LOST);
	v.events |= UTRACER_EVMASK(UTRACER_EV_BREAKPOINT);
	memset(v.reserved, 0, sizeof(v.reserved));
	return utracer_copy_out(arg, &v, sizeof(v));
}

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
		if (att->engine.task == task)
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

	att = utracer_attachment_new(client, GFP_KERNEL);
	if (!att)
		return -ENOMEM;
	att->key = key;
	att->process = process;
	att->lossy = a->flags & UTRACER_ATTACH_LOSSY;
	utrace_engine_init(&att->engine, &utracer_engine_ops,
			   process ? UTRACE_ENGINE_FOLLOW_THREADS |
			   utracer_follow_engine_flags(a->flags) : 0);
	ret = utrace_engine_set_events(&att->engine, a->event_mask, a->stop_mask);
	if (ret) {
		utrace_engine_put(&att->engine);
		return ret;
	}
	/*
	 * Listed before it is attached: teardown waits for client->mutex,
	 * which we hold, and nothing detaches an engine not yet attached.
	 * A client that began its teardown before we took the mutex is not
	 * registered any more: nothing would detach this engine.
	 */
	if (!client->registered || !utracer_attachment_adopt(att)) {
		utrace_engine_put(&att->engine);
		return -ESRCH;
	}
	ret = utrace_engine_attach(&att->engine, task);
	if (ret) {
		spin_lock_irq(&client->lock);
		list_del_init(&att->node);
		att->listed = false;
		spin_unlock_irq(&client->lock);
		utrace_engine_put(&att->engine);
		return ret;
	}
	if (a->flags & UTRACER_ATTACH_QUIESCE)
		utrace_engine_quiesce(&att->engine, false);
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

static long utracer_cmd_attach(struct utracer_client *client, void __user *arg)
{
	struct utracer_attach a;
	struct task_struct *task, *leader;
	bool thread;
	pid_t key;
	int ret;

	ret = utracer_copy_in(&a, sizeof(a), UTRACER_ATTACH_SIZE_VER0, arg);
	if (ret)
		return ret;
	if ((a.flags & ~(UTRACER_ATTACH_FLAGS | UTRACER_ATTACH_FOLLOW_FLAGS)) ||
	    a.pad || a.reserved[0] || a.reserved[1] ||
	    !utracer_masks_valid(a.event_mask, a.stop_mask))
		return -EINVAL;
	thread = a.flags & UTRACER_ATTACH_THREAD;
	/* A thread attachment follows nothing. */
	if (thread && (a.flags & UTRACER_ATTACH_FOLLOW_FLAGS))
		return -EINVAL;
	task = utracer_get_task(client, a.pid);
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
	ret = utracer_perm_lock(client, task);
	if (ret)
		goto out_task;
	mutex_lock(&client->mutex);
	key = thread ? a.pid : utracer_task_tgid(client, task);
	if (thread) {
		ret = utracer_has_task(client, task) ? -EEXIST :
			utracer_attach_one(client, task, &a, key, false);
	} else {
		struct utracer_attachment *att;
		bool busy = false;

		spin_lock_irq(&client->lock);
		list_for_each_entry(att, &client->attachments, node)
			if (att->engine.task && same_thread_group(att->engine.task, task))
				busy = true;
		spin_unlock_irq(&client->lock);
		ret = busy ? -EEXIST : utracer_attach_process(client, task, &a, key);
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
 * The attachments a target names, each with an engine reference: with
 * @thread the one on thread @pid, else those attached with @pid.
 * RETURNS: a kmalloc'ed array (*@nr entries), or an ERR_PTR.
 */
static struct utracer_attachment **utracer_collect(struct utracer_client *client,
						   pid_t pid, bool thread, int *nr)
{
	struct utracer_attachment **v = NULL, *att;
	int n = 0, cap = 0;

	for (;;) {
		n = 0;
		spin_lock_irq(&client->lock);
		list_for_each_entry(att, &client->attachments, node) {
			struct task_struct *t = att->engine.task;

			if (!t)
				continue;
			if (thread ? utracer_task_pid(client, t) != pid : att->key != pid)
				continue;
			if (n < cap) {
				utrace_engine_get(&att->engine);
				v[n] = att;
			}
			n++;
		}
		spin_unlock_irq(&client->lock);
		if (n <= cap)
			break;
		while (cap--)
			utrace_engine_put(&v[cap]->engine);
		kfree(v);
		cap = n + 4;
		v = kcalloc(cap, sizeof(*v), GFP_KERNEL);
		if (!v)
			return ERR_PTR(-ENOMEM);
	}
	if (!n) {
		kfree(v);
		return ERR_PTR(-ESRCH);
	}
	*nr = n;
	return v;
}

static void utracer_put_collected(struct utracer_attachment **v, int n)
{
	while (n--)
		utrace_engine_put(&v[n]->engine);
	kfree(v);
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
			utrace_engine_detach(&v[i]->engine, UTRACER_DETACH_REQUEST);
		utracer_put_collected(v, n);
		if (thread || fatal_signal_pending(current))
			return 0;
		cond_resched();
	}
}

static int utracer_get_target(struct utracer_target *t, void __user *arg)
{
	int ret = utracer_copy_in(t, sizeof(*t), UTRACER_TARGET_SIZE_VER0, arg);

	if (ret)
		return ret;
	if ((t->flags & ~(UTRACER_TARGET_THREAD | UTRACER_TARGET_WAIT)) || t->pad)
		return -EINVAL;
	return 0;
}

enum utracer_target_op { TARGET_DETACH, TARGET_QUIESCE, TARGET_RUN };

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
		utrace_engine_quiesce(&v[i]->engine, true);
	for (i = 0; i < n; i++) {
		err = ret ? ret : utrace_engine_wait_stopped(&v[i]->engine);
		if (err == -EINTR || err == -ECANCELED) {
			if (!ret)
				ret = err;
			utrace_engine_wait_cancel(&v[i]->engine);
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

static long utracer_cmd_target(struct utracer_client *client, void __user *arg,
			       enum utracer_target_op op)
{
	struct utracer_attachment **v;
	struct utracer_target t;
	bool thread;
	int i, n, ret;

	ret = utracer_get_target(&t, arg);
	if (ret)
		return ret;
	if ((t.flags & UTRACER_TARGET_WAIT) && op != TARGET_QUIESCE)
		return -EINVAL;
	thread = t.flags & UTRACER_TARGET_THREAD;
	if (op == TARGET_DETACH)
		return utracer_detach_matching(client, t.pid, thread);
	v = utracer_collect(client, t.pid, thread, &n);
	if (IS_ERR(v))
		return PTR_ERR(v);
	if (t.flags & UTRACER_TARGET_WAIT) {
		ret = utracer_quiesce_wait(v, n, thread);
		utracer_put_collected(v, n);
		return ret;
	}
	for (i = 0; i < n; i++) {
		if (op == TARGET_QUIESCE)
			utrace_engine_quiesce(&v[i]->engine, false);
		else
			utrace_engine_run(&v[i]->engine);
	}
	utracer_put_collected(v, n);
	return 0;
}

static long utracer_cmd_set_events(struct utracer_client *client, void __user *arg)
{
	struct utracer_attachment **v;
	struct utracer_set_events s;
	int i, n, ret;

	ret = utracer_copy_in(&s, sizeof(s), UTRACER_SET_EVENTS_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (s.flags || s.pad || !utracer_masks_valid(s.event_mask, s.stop_mask))
		return -EINVAL;
	/*
	 * The client's commands are the engines' owner: one at a time, so
	 * that each engine's mask and syscall hooks count change together.
	 */
	mutex_lock(&client->mutex);
	v = utracer_collect(client, s.pid, false, &n);
	if (IS_ERR(v)) {
		mutex_unlock(&client->mutex);
		return PTR_ERR(v);
	}
	/*
	 * Hold the syscall hooks across the loop: each engine then only adds
	 * a count, which cannot fail, and the change applies to all or none.
	 */
	if (s.event_mask & UTRACE_EVMASK_SYSCALLS) {
		ret = utrace_syscall_hooks_get();
		if (ret)
			goto out;
	}
	for (i = 0; i < n; i++)
		WARN_ON_ONCE(utrace_engine_set_events(&v[i]->engine, s.event_mask,
						      s.stop_mask));
	if (s.event_mask & UTRACE_EVMASK_SYSCALLS)
		utrace_syscall_hooks_put();
out:
	mutex_unlock(&client->mutex);
	utracer_put_collected(v, n);
	return ret;
}

/* SYSCALL_FILTER, or with @stops SYSCALL_STOPS: the same arguments. */
static long utracer_cmd_syscall_filter(struct utracer_client *client, void __user *arg,
				       bool stops)
{
	unsigned long *bitmap = NULL;
	struct utracer_attachment **v;
	struct utracer_syscall_filter f;
	u64 *words;
	int i, n, ret;

	ret = utracer_copy_in(&f, sizeof(f), UTRACER_SYSCALL_FILTER_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (!f.flags || (f.flags & ~(UTRACER_SYSCALL_ENTRY | UTRACER_SYSCALL_EXIT)) ||
	    f.op > UTRACER_SYSCALL_OP_SET)
		return -EINVAL;
	if (f.op == UTRACER_SYSCALL_OP_ADD || f.op == UTRACER_SYSCALL_OP_REMOVE) {
		if (f.nr >= UTRACER_SYSCALL_MAX || f.bitmap || f.bitmap_bits)
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
	v = utracer_collect(client, f.pid, false, &n);
	if (IS_ERR(v)) {
		bitmap_free(bitmap);
		return PTR_ERR(v);
	}
	for (i = 0; i < n; i++) {
		if (stops)
			utrace_engine_set_syscall_stops(&v[i]->engine, f.flags, f.op,
							f.nr, bitmap);
		else
			utrace_engine_set_syscall_filter(&v[i]->engine, f.flags, f.op,
							 f.nr, bitmap);
	}
	utracer_put_collected(v, n);
	bitmap_free(bitmap);
	return 0;
}

/*
 * SET_FOLLOW: the follow flags of every thread of a process attachment.
 * RETURNS: 0; -EINVAL (bad flags, or a thread attachment); -ESRCH.
 */
static long utracer_cmd_set_follow(struct utracer_client *client, void __user *arg)
{
	struct utracer_attachment **v;
	struct utracer_set_follow s;
	int i, n, ret;

	ret = utracer_copy_in(&s, sizeof(s), UTRACER_SET_FOLLOW_SIZE_VER0, arg);
	if (ret)
		return ret;
	if ((s.flags & ~UTRACER_ATTACH_FOLLOW_FLAGS) || s.pad)
		return -EINVAL;
	v = utracer_collect(client, s.pid, false, &n);
	if (IS_ERR(v))
		return PTR_ERR(v);
	for (i = 0; i < n; i++)
		if (!v[i]->process)
			ret = -EINVAL;
	for (i = 0; !ret && i < n; i++)
		utrace_engine_set_follow(&v[i]->engine, utracer_follow_engine_flags(s.flags));
	utracer_put_collected(v, n);
	return ret;
}

/*
 * The attachment to inspect for @pid: the one on thread @pid, else one of
 * the process @pid. Returned with an engine reference.
 */
static struct utracer_attachment *utracer_find(struct utracer_client *client,
					       pid_t pid, bool thread_only)
{
	struct utracer_attachment *att, *found = NULL;

	spin_lock_irq(&client->lock);
	list_for_each_entry(att, &client->attachments, node) {
		struct task_struct *t = att->engine.task;

		if (!t)
			continue;
		if (utracer_task_pid(client, t) == pid) {
			found = att;
			break;
		}
		if (!thread_only && !found && utracer_task_tgid(client, t) == pid)
			found = att;
	}
	if (found)
		utrace_engine_get(&found->engine);
	spin_unlock_irq(&client->lock);
	return found;
}

/*
 * utracer_inspect_begin() - check again, before reading @task, that the
 * client may trace it, and keep its credentials and mm from changing until
 * utracer_inspect_end(). An exec that makes a tracee setuid detaches the
 * client only before the new program's first instruction (exec recheck);
 * between the exec's commit of the new credentials and that recheck, the
 * attachment still exists: this check, the one mm_access() makes for
 * /proc/PID/mem, is what keeps the client from reading the new image.
 * CONTEXT: process, a thread of the client; no utracer lock held.
 * RETURNS: 0 with exec_update_lock held; an error of utracer_perm_lock()
 * without it.
 */
static int utracer_inspect_begin(struct utracer_client *client, struct task_struct *task)
{
	return utracer_perm_lock(client, task);
}

static void utracer_inspect_end(struct task_struct *task)
{
	utracer_perm_unlock(task);
}

/*
 * utracer_target_begin() - the attachment a command on @pid acts on, with
 * the permission check of utracer_inspect_begin(); with @hold, also the
 * exec_update_lock that keeps the check true until utracer_target_end().
 * Without it the check is made and the lock dropped at once: enough for
 * commands that act on a thread stopped for the client, which stops only
 * after its exec recheck.
 * RETURNS: the attachment, with an engine reference; ERR_PTR(-ESRCH) or an
 * error of utracer_inspect_begin().
 */
static struct utracer_attachment *utracer_target_begin(struct utracer_client *client,
						       pid_t pid, bool thread_only, bool hold)
{
	struct utracer_attachment *att = utracer_find(client, pid, thread_only);
	int ret;

	if (!att)
		return ERR_PTR(-ESRCH);
	ret = utracer_inspect_begin(client, att->engine.task);
	if (ret) {
		utrace_engine_put(&att->engine);
		return ERR_PTR(ret);
	}
	if (!hold)
		utracer_inspect_end(att->engine.task);
	return att;
}

static void utracer_target_end(struct utracer_attachment *att, bool hold)
{
	if (hold)
		utracer_inspect_end(att->engine.task);
	utrace_engine_put(&att->engine);
}

static long utracer_cmd_regset_list(struct utracer_client *client, void __user *arg)
{
	struct utracer_regset_list l;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&l, sizeof(l), UTRACER_REGSET_LIST_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (l.flags)
		return -EINVAL;
	att = utracer_find(client, l.tid, true);
	if (!att)
		return -ESRCH;
	ret = utracer_regset_list(att->engine.task, u64_to_user_ptr(l.buf), &l.count);
	utrace_engine_put(&att->engine);
	return ret ? ret : utracer_copy_out(arg, &l, sizeof(l));
}

static long utracer_cmd_regset_read(struct utracer_client *client, void __user *arg)
{
	struct utracer_regset_read r;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&r, sizeof(r), UTRACER_REGSET_READ_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (r.flags)
		return -EINVAL;
	/* Checked, not held: the registers are read by the stopped thread itself. */
	att = utracer_target_begin(client, r.tid, true, false);
	if (IS_ERR(att))
		return PTR_ERR(att);
	ret = utracer_regset_read(&att->engine, r.note_type, u64_to_user_ptr(r.buf), &r.len);
	utracer_target_end(att, false);
	if (ret && ret != -ENOSPC)
		return ret;
	if (utracer_copy_out(arg, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

static long utracer_cmd_mem_read(struct utracer_client *client, void __user *arg)
{
	struct utracer_mem_read m;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&m, sizeof(m), UTRACER_MEM_READ_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (m.flags || m.pad || m.done)
		return -EINVAL;
	att = utracer_target_begin(client, m.pid, false, true);
	if (IS_ERR(att))
		return PTR_ERR(att);
	ret = utracer_mem_read(att->engine.task, m.addr, u64_to_user_ptr(m.buf), m.len, &m.done);
	utracer_target_end(att, true);
	if (ret)
		return ret;
	return utracer_copy_out(arg, &m, sizeof(m));
}

enum utracer_query { QUERY_ENV, QUERY_EXE, QUERY_MAPS, QUERY_AUXV, QUERY_CMDLINE, QUERY_FDS };

static long utracer_cmd_query(struct utracer_client *client, void __user *arg,
			      enum utracer_query what)
{
	struct utracer_buf_query q;
	struct utracer_attachment *att;
	void __user *buf;
	u64 copied = 0;
	u32 count = 0;
	int ret;

	ret = utracer_copy_in(&q, sizeof(q), UTRACER_BUF_QUERY_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (q.flags || q.count || q.needed)
		return -EINVAL;
	att = utracer_target_begin(client, q.pid, false, true);
	if (IS_ERR(att))
		return PTR_ERR(att);
	buf = u64_to_user_ptr(q.buf);
	if (what == QUERY_ENV)
		ret = utracer_env_read(att->engine.task, buf, q.len, &copied, &q.needed);
	else if (what == QUERY_EXE)
		ret = utracer_exe_read(att->engine.task, buf, q.len, &copied, &q.needed);
	else if (what == QUERY_MAPS)
		ret = utracer_maps_read(att->engine.task, buf, q.len, &copied, &q.needed, &count);
	else if (what == QUERY_AUXV)
		ret = utracer_auxv_read(att->engine.task, buf, q.len, &copied, &q.needed, &count);
	else if (what == QUERY_CMDLINE)
		ret = utracer_cmdline_read(att->engine.task, buf, q.len, &copied, &q.needed);
	else
		ret = utracer_fds_read(att->engine.task, buf, q.len, &copied, &q.needed, &count);
	utracer_target_end(att, true);
	if (ret)
		return ret;
	q.len = copied;
	q.count = count;
	return utracer_copy_out(arg, &q, sizeof(q));
}

static void utracer_task_info(struct utracer_client *client,
			      struct utracer_attachment *att, struct utracer_task_info *info)
{
	info->pid = utracer_task_tgid(client, att->engine.task);
	info->tid = utracer_task_pid(client, att->engine.task);
	info->state = utrace_engine_state(&att->engine);
	info->flags = att->process ? UTRACER_TASKF_PROCESS : 0;
}

static long utracer_cmd_task_list(struct utracer_client *client, void __user *arg)
{
	struct utracer_task_list l;
	struct utracer_attachment **v;
	struct utracer_task_info info;
	struct utracer_task_info __user *buf;
	struct utracer_attachment *att;
	int i, n = 0, cap = 0, ret;

	ret = utracer_copy_in(&l, sizeof(l), UTRACER_TASK_LIST_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (l.flags || l.pad)
		return -EINVAL;
	buf = u64_to_user_ptr(l.buf);
	/* Pin the entries, then copy without client->lock. */
	v = kcalloc(l.count ? min_t(u32, l.count, 65536) : 1, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	cap = l.count ? min_t(u32, l.count, 65536) : 0;
	spin_lock_irq(&client->lock);
	list_for_each_entry(att, &client->attachments, node) {
		if (!att->engine.task)
			continue;
		if (n < cap) {
			utrace_engine_get(&att->engine);
			v[n] = att;
		}
		n++;
	}
	spin_unlock_irq(&client->lock);
	for (i = 0; i < min(n, cap); i++) {
		utracer_task_info(client, v[i], &info);
		if (!ret && copy_to_user(&buf[i], &info, sizeof(info)))
			ret = -EFAULT;
		utrace_engine_put(&v[i]->engine);
	}
	kfree(v);
	if (ret)
		return ret;
	l.count = n;
	return utracer_copy_out(arg, &l, sizeof(l));
}

static long utracer_cmd_check_pid(struct utracer_client *client, void __user *arg)
{
	struct utracer_check_pid c;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&c, sizeof(c), UTRACER_CHECK_PID_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (c.flags || c.pad)
		return -EINVAL;
	att = utracer_find(client, c.pid, true);
	if (!att)
		return -ESRCH;
	utracer_task_info(client, att, &c.info);
	utrace_engine_put(&att->engine);
	return utracer_copy_out(arg, &c, sizeof(c));
}

static long utracer_cmd_status(struct utracer_client *client, struct file *file,
			       void __user *arg)
{
	struct utracer_status st;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&st, sizeof(st), UTRACER_STATUS_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (st.flags || st.state || st.tgid || st.tid || st.ppid || st.threads ||
	    memchr_inv(st.uid, 0, sizeof(st.uid)) || memchr_inv(st.gid, 0, sizeof(st.gid)) ||
	    st.sig_pending || st.sig_shared || st.sig_blocked || st.sig_ignored ||
	    st.sig_caught || memchr_inv(st.reserved, 0, sizeof(st.reserved)))
		return -EINVAL;
	att = utracer_target_begin(client, st.pid, false, true);
	if (IS_ERR(att))
		return PTR_ERR(att);
	utracer_status_read(att->engine.task, client->pid_ns, file->f_cred->user_ns, &st);
	utracer_target_end(att, true);
	return utracer_copy_out(arg, &st, sizeof(st));
}

static long utracer_cmd_regset_write(struct utracer_client *client, void __user *arg)
{
	struct utracer_regset_write w;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&w, sizeof(w), UTRACER_REGSET_WRITE_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (w.flags)
		return -EINVAL;
	/* Checked, not held, as for REGSET_READ: only a stopped thread is written. */
	att = utracer_target_begin(client, w.tid, true, false);
	if (IS_ERR(att))
		return PTR_ERR(att);
	ret = utracer_regset_write(&att->engine, w.note_type, u64_to_user_ptr(w.buf), w.len);
	utracer_target_end(att, false);
	return ret;
}

static long utracer_cmd_mem_write(struct utracer_client *client, void __user *arg)
{
	struct utracer_mem_write m;
	struct utracer_attachment *att;
	int ret;

	ret = utracer_copy_in(&m, sizeof(m), UTRACER_MEM_WRITE_SIZE_VER0, arg);
	if (ret)
		return ret;
	if (m.flags || m.pad || m.done)
		return -EINVAL;
	/* Held, as for MEM_READ: no write into an image the client may not trace. */
	att = utracer_target_begin(client, m.pid, false, true);
	if (IS_ERR(att))
		return PTR_ERR(att);
	ret = utracer_mem_write(att->engine.task, m.addr, u64_to_user_ptr(m.buf), m.len, &m.done);
	utracer_target_end(att, true);
	if (ret)
		return ret;
	return utracer_copy_out(arg, &m, sizeof(m));
}

/* Commands are matched by number and direction; the struct's size field rules. */
static long utracer_dispatch(struct file *file, unsigned int cmd, void __user *arg)
{
	struct utracer_client *client = file->private_data;

	if (_IOC_TYPE(cmd) != UTRACER_IOC_MAGIC)
		return -ENOTTY;
	switch (cmd) {
	case UTRACER_IOC_VERSION:
		return utracer_version_ioctl(arg);
	case UTRACER_IOC_ATTACH:
		return utracer_cmd_attach(client, arg);
	case UTRACER_IOC_DETACH:
		return utracer_cmd_target(client, arg, TARGET_DETACH);
	case UTRACER_IOC_QUIESCE:
		return utracer_cmd_target(client, arg, TARGET_QUIESCE);
	case UTRACER_IOC_RUN:
		return utracer_cmd_target(client, arg, TARGET_RUN);
	case UTRACER_IOC_SET_EVENTS:
		return utracer_cmd_set_events(client, arg);
	case UTRACER_IOC_SYSCALL_FILTER:
		return utracer_cmd_syscall_filter(client, arg, false);
	case UTRACER_IOC_REGSET_LIST:
		return utracer_cmd_regset_list(client, arg);
	case UTRACER_IOC_REGSET_READ:
		return utracer_cmd_regset_read(client, arg);
	case UTRACER_IOC_MEM_READ:
		return utracer_cmd_mem_read(client, arg);
	case UTRACER_IOC_ENV:
		return utracer_cmd_query(client, arg, QUERY_ENV);
	case UTRACER_IOC_EXE:
		return utracer_cmd_query(client, arg, QUERY_EXE);
	case UTRACER_IOC_MAPS:
		return utracer_cmd_query(client, arg, QUERY_MAPS);
	case UTRACER_IOC_TASK_LIST:
		return utracer_cmd_task_list(client, arg);
	case UTRACER_IOC_CHECK_PID:
		return utracer_cmd_check_pid(client, arg);
	case UTRACER_IOC_AUXV:
		return utracer_cmd_query(client, arg, QUERY_AUXV);
	case UTRACER_IOC_CMDLINE:
		return utracer_cmd_query(client, arg, QUERY_CMDLINE);
	case UTRACER_IOC_STATUS:
		return utracer_cmd_status(client, file, arg);
	case UTRACER_IOC_FDS:
		return utracer_cmd_query(client, arg, QUERY_FDS);
	case UTRACER_IOC_REGSET_WRITE:
		return utracer_cmd_regset_write(client, arg);
	case UTRACER_IOC_MEM_WRITE:
		return utracer_cmd_mem_write(client, arg);
	case UTRACER_IOC_SET_FOLLOW:
		return utracer_cmd_set_follow(client, arg);
	case UTRACER_IOC_SYSCALL_STOPS:
		return utracer_cmd_syscall_filter(client, arg, true);
	case UTRACER_IOC_BP_SET:
		return utracer_cmd_bp_set(client, arg);
	case UTRACER_IOC_BP_REMOVE:
		return utracer_cmd_bp_remove(client, arg);
	case UTRACER_IOC_BP_LIST:
		return utracer_cmd_bp_list(client, arg);
	}
	return -ENOTTY;
}

static long utracer_cmd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int ret = utracer_client_caller_ok(file->private_data);

	if (ret)
		return ret;
	return utracer_dispatch(file, cmd, (void __user *)arg);
}

/*
 * utracer_cmd_write() - a batch of struct utracer_cmd_record
 * RETURNS: the bytes of the records executed; the first record's error if
 * none was; -EINVAL for a malformed record or a command with an answer.
 */
static ssize_t utracer_cmd_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	struct utracer_cmd_record rec;
	size_t off = 0;
	u32 size;
	long ret = utracer_client_caller_ok(file->private_data);

	if (ret)
		return ret;
	while (off < count) {
		if (count - off < sizeof(rec) ||
		    copy_from_user(&rec, buf + off, sizeof(rec))) {
			ret = count - off < sizeof(rec) ? -EINVAL : -EFAULT;
			break;
		}
		if (rec.rec_len < sizeof(rec) + sizeof(u32) || rec.rec_len % 8 ||
		    rec.rec_len > count - off || _IOC_DIR(rec.cmd) != _IOC_WRITE) {
			ret = -EINVAL;
			break;
		}
		if (get_user(size, (const u32 __user *)(buf + off + sizeof(rec)))) {
			ret = -EFAULT;
			break;
		}
		if (size > rec.rec_len - sizeof(rec)) {
			ret = -EINVAL;
			break;
		}
		ret = utracer_dispatch(file, rec.cmd, (void __user *)(buf + off + sizeof(rec)));
		if (ret)
			break;
		off += rec.rec_len;
	}
	return off ? off : ret;
}

static int utracer_cmd_open(struct inode *inode, struct file *file)
{
	return utracer_client_open(inode, file);
}

static int utracer_cmd_release(struct inode *inode, struct file *file)
{
	return utracer_client_release(inode, file);
}

const struct proc_ops utracer_cmd_ops = {
	.proc_open = utracer_cmd_open,
	.proc_release = utracer_cmd_release,
	.proc_ioctl = utracer_cmd_ioctl,
	.proc_compat_ioctl = utracer_cmd_ioctl,
	.proc_write = utracer_cmd_write,
	.proc_lseek = noop_llseek,
};
