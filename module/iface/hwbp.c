// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: a client's hardware breakpoints and
 * watchpoints (HWBP_SET, HWBP_REMOVE, HWBP_LIST) over the engine layer's
 * watches (engine/hwbp.c).
 *
 * A hardware breakpoint names an attachment (its pid, as attached) and is
 * one watch per thread of it: on each thread attached with that pid when
 * it is set, and on each thread the process creates later while it is
 * set (the new thread arms it itself, before its first user instruction:
 * utracer_hwbp_prepare()). The watches are on this client's engines, so
 * hits stop the thread for this client and are reported to it alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>
#include "iface.h"

UTRACER_SAME_VALUE(UTRACE_WATCH_EXEC, UTRACER_HWBP_EXEC);
UTRACER_SAME_VALUE(UTRACE_WATCH_WRITE, UTRACER_HWBP_WRITE);
UTRACER_SAME_VALUE(UTRACE_WATCH_ACCESS, UTRACER_HWBP_ACCESS);

/*
 * struct utracer_hwbp - a client's hardware breakpoint
 *
 * On @client->hwbps, with its @watches, under @client->hwbp_mutex. The
 * client outlives it: teardown removes every one before the registration's
 * reference is dropped.
 */
struct utracer_hwbp {
	struct list_head node;
	struct list_head watches;	/* struct utracer_hwbp_watch */
	struct utracer_client *client;
	u32 id;
	pid_t pid;			/* the attachment's key */
	u32 type;			/* UTRACER_HWBP_* */
	u32 len;
	u64 addr;
};

/*
 * struct utracer_hwbp_watch - a hardware breakpoint on one thread
 *
 * On @hwbp->watches. @w holds a reference on @att's engine while
 * registered, which keeps @att (freed only by the engine's ->release()).
 * No hit is reported on it once unregistered: it is freed then.
 */
struct utracer_hwbp_watch {
	struct utrace_watch w;
	struct utracer_hwbp *hwbp;
	struct utracer_attachment *att;
	struct list_head node;
};

/**
 * utracer_hwbp_fill() - the HWBP record of a hit
 * @ev: the record, its header filled
 * @r: the engine's report
 *
 * Context: the #DB exception of the thread (the report): atomic. The watch
 * and its hardware breakpoint are registered, hence alive.
 */
void utracer_hwbp_fill(struct utracer_ev_hwbp *ev, const struct utrace_report *r)
{
	struct utracer_hwbp_watch *hw = container_of(r->hwbp.watch, struct utracer_hwbp_watch, w);

	ev->id = hw->hwbp->id;
	ev->type = hw->hwbp->type;
	ev->addr = hw->hwbp->addr;
	ev->ip = r->hwbp.ip;
	ev->len = hw->hwbp->len;
}

/* CONTEXT: client->hwbp_mutex held. */
static void utracer_hwbp_watch_destroy(struct utracer_hwbp_watch *hw)
{
	list_del(&hw->node);
	utrace_watch_unregister(&hw->w);
	kfree(hw);
}

/*
 * Arm @hwbp on the thread of @att, unless it is there already.
 * CONTEXT: client->hwbp_mutex held; sleeps.
 * RETURNS: 0 or what utrace_watch_register() gives.
 */
static int utracer_hwbp_arm(struct utracer_hwbp *hwbp, struct utracer_attachment *att)
{
	struct utracer_hwbp_watch *hw;
	int ret;

	list_for_each_entry(hw, &hwbp->watches, node)
		if (hw->att == att)
			return 0;
	hw = kzalloc(sizeof(*hw), GFP_KERNEL_ACCOUNT);
	if (!hw)
		return -ENOMEM;
	hw->w.addr = hwbp->addr;
	hw->w.len = hwbp->len;
	hw->w.type = hwbp->type;
	hw->hwbp = hwbp;
	hw->att = att;
	ret = utrace_watch_register(&hw->w, att->engine);
	if (ret) {
		kfree(hw);
		return ret;
	}
	list_add_tail(&hw->node, &hwbp->watches);
	return 0;
}

/* CONTEXT: client->hwbp_mutex held. */
static void utracer_hwbp_destroy(struct utracer_hwbp *hwbp)
{
	struct utracer_hwbp_watch *hw, *next;
	struct utracer_client *client = hwbp->client;

	list_for_each_entry_safe(hw, next, &hwbp->watches, node)
		utracer_hwbp_watch_destroy(hw);
	list_del(&hwbp->node);
	spin_lock_irq(&client->lock);
	client->hwbp_count--;
	spin_unlock_irq(&client->lock);
	kfree(hwbp);
}

/*
 * Drop the watches of threads the client no longer traces (detached or
 * exited: their attachment is off the client's list), each with the
 * engine, perf event and task it pins; with @drop_empty, the hardware
 * breakpoints left with none too.
 * CONTEXT: client->hwbp_mutex held; sleeps.
 */
static void utracer_hwbp_prune(struct utracer_client *client, bool drop_empty)
{
	struct utracer_hwbp_watch *hw, *nhw;
	struct utracer_hwbp *hwbp, *next;
	bool listed;

	list_for_each_entry_safe(hwbp, next, &client->hwbps, node) {
		list_for_each_entry_safe(hw, nhw, &hwbp->watches, node) {
			spin_lock_irq(&client->lock);
			listed = hw->att->listed;
			spin_unlock_irq(&client->lock);
			if (!listed)
				utracer_hwbp_watch_destroy(hw);
		}
		if (drop_empty && list_empty(&hwbp->watches))
			utracer_hwbp_destroy(hwbp);
	}
}

/*
 * UTRACER_IOC_HWBP_SET: a hardware breakpoint on every thread of an
 * attachment.
 * RETURNS: 0 with .id; -EINVAL for bad flags, fields, type, length or
 * address; -ESRCH when .pid is not attached; -ENOSPC when a thread has no
 * debug register left; -ENOENT when the client is going away; -ENOMEM;
 * -EINTR.
 */
long utracer_cmd_hwbp_set(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	struct utracer_hwbp_set *s = c->arg;
	struct utracer_attachment **v;
	struct utracer_hwbp *hwbp;
	int i, n, err, ret, armed = 0;

	if (s->flags || s->id || s->reserved[0] || s->reserved[1] || s->pid <= 0)
		return -EINVAL;
	if (s->type < UTRACER_HWBP_EXEC || s->type > UTRACER_HWBP_ACCESS)
		return -EINVAL;
	hwbp = kzalloc(sizeof(*hwbp), GFP_KERNEL_ACCOUNT);
	if (!hwbp)
		return -ENOMEM;
	INIT_LIST_HEAD(&hwbp->watches);
	hwbp->client = client;
	hwbp->pid = s->pid;
	hwbp->type = s->type;
	hwbp->len = s->len;
	hwbp->addr = s->addr;

	if (mutex_lock_killable(&client->hwbp_mutex)) {
		kfree(hwbp);
		return -EINTR;
	}
	utracer_hwbp_prune(client, true);
	/*
	 * Counted (and listed) before the threads are collected: a thread
	 * adopted after the count is seen arms it itself (utracer_adopt()),
	 * one adopted before is collected here.
	 */
	spin_lock_irq(&client->lock);
	ret = client->dead ? -ENOENT : 0;
	if (!ret)
		client->hwbp_count++;
	spin_unlock_irq(&client->lock);
	if (ret) {
		mutex_unlock(&client->hwbp_mutex);
		kfree(hwbp);
		return ret;
	}
	hwbp->id = client->hwbp_last_id + 1;
	list_add_tail(&hwbp->node, &client->hwbps);
	v = utracer_collect(client, s->pid, false, &n);
	if (IS_ERR(v)) {
		ret = PTR_ERR(v);
		n = 0;
	}
	/* A thread exiting (still listed until its exit is reported) is left out. */
	for (i = 0; i < n && !ret; i++) {
		err = utracer_hwbp_arm(hwbp, v[i]);
		if (!err)
			armed++;
		else if (err != -ESRCH)
			ret = err;
	}
	if (n)
		utracer_put_collected(v, n);
	/* Not one thread armed: they were all exiting. */
	if (!ret && !armed)
		ret = -ESRCH;
	if (ret) {
		/* All or nothing: the threads armed so far give theirs back. */
		utracer_hwbp_destroy(hwbp);
	} else {
		client->hwbp_last_id = hwbp->id;
		s->id = hwbp->id;
	}
	mutex_unlock(&client->hwbp_mutex);
	return ret;
}

/*
 * UTRACER_IOC_HWBP_REMOVE: remove one of the client's hardware breakpoints.
 * RETURNS: 0; -EINVAL; -ENOENT when the client has no hardware breakpoint
 * .id (a breakpoint whose threads all left is gone); -EINTR.
 */
long utracer_cmd_hwbp_remove(struct utracer_cmd_ctx *c)
{
	const struct utracer_bp_remove *r = c->arg;
	struct utracer_client *client = c->client;
	struct utracer_hwbp *hwbp;
	int ret = -ENOENT;

	if (r->flags || r->pad || !r->id)
		return -EINVAL;
	if (mutex_lock_killable(&client->hwbp_mutex))
		return -EINTR;
	utracer_hwbp_prune(client, true);
	list_for_each_entry(hwbp, &client->hwbps, node) {
		if (hwbp->id == r->id) {
			utracer_hwbp_destroy(hwbp);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&client->hwbp_mutex);
	return ret;
}

/* UTRACER_IOC_HWBP_LIST: the client's hardware breakpoints, in the order they were set. */
long utracer_cmd_hwbp_list(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	struct utracer_bp_list *l = c->arg;
	struct utracer_hwbp_info __user *buf;
	struct utracer_hwbp_watch *hw;
	struct utracer_hwbp_info info;
	struct utracer_hwbp *hwbp;
	u32 n = 0;
	int ret = 0;

	if (l->flags || l->pad || (l->count && !l->buf))
		return -EINVAL;
	buf = u64_to_user_ptr(l->buf);
	if (mutex_lock_killable(&client->hwbp_mutex))
		return -EINTR;
	utracer_hwbp_prune(client, true);
	/* copy_to_user() under hwbp_mutex: no mm lock nests inside it. */
	list_for_each_entry(hwbp, &client->hwbps, node) {
		if (n < l->count && !ret) {
			memset(&info, 0, sizeof(info));
			info.id = hwbp->id;
			info.type = hwbp->type;
			info.pid = hwbp->pid;
			info.len = hwbp->len;
			info.addr = hwbp->addr;
			list_for_each_entry(hw, &hwbp->watches, node)
				info.hits += atomic64_read(&hw->w.hits);
			if (copy_to_user(&buf[n], &info, sizeof(info)))
				ret = -EFAULT;
		}
		n++;
	}
	mutex_unlock(&client->hwbp_mutex);
	if (ret)
		return ret;
	l->count = n;
	return 0;
}

/**
 * utracer_hwbp_wanted() - whether a thread just adopted by following must
 * arm the client's hardware breakpoints (see utracer_cmd_hwbp_set())
 * @client: the client, which listed the thread's attachment already
 *
 * Context: atomic; takes client->lock.
 * Return: true while the client has a hardware breakpoint set.
 */
bool utracer_hwbp_wanted(struct utracer_client *client)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&client->lock, flags);
	ret = client->hwbp_count;
	spin_unlock_irqrestore(&client->lock, flags);
	return ret;
}

/**
 * utracer_hwbp_prepare() - a new thread arms the hardware breakpoints of
 * its attachment's pid, before its first user instruction
 * @att: its attachment, made by following
 *
 * Context: the thread's task_work (the engine's ->prepare()); sleeps.
 */
void utracer_hwbp_prepare(struct utracer_attachment *att)
{
	struct utracer_client *client = att->client;
	struct mem_cgroup *old;
	struct utracer_hwbp *hwbp;
	bool listed;

	/* Killed: it never runs user code, nothing to watch. */
	if (mutex_lock_killable(&client->hwbp_mutex))
		return;
	spin_lock_irq(&client->lock);
	listed = att->listed && !client->dead;
	spin_unlock_irq(&client->lock);
	/* Detached already, or the client is going away (its teardown removes them). */
	if (listed) {
		/*
		 * The watches of threads that exited since: a process that
		 * keeps making and ending threads pins at most as many as it
		 * had threads at once, not one per thread it ever had. The
		 * breakpoints stay, even when this thread is their only one.
		 */
		utracer_hwbp_prune(client, false);
		/* Charged to the client, not to the tracee whose context this is. */
		old = set_active_memcg(client->memcg);
		list_for_each_entry(hwbp, &client->hwbps, node)
			if (hwbp->pid == att->key && utracer_hwbp_arm(hwbp, att) &&
			    !fatal_signal_pending(current))
				pr_warn_ratelimited("hardware breakpoint %u not armed in a new thread\n",
						    hwbp->id);
		set_active_memcg(old);
	}
	mutex_unlock(&client->hwbp_mutex);
}

/**
 * utracer_hwbp_detached() - release the hardware breakpoints of threads
 * the client no longer traces (after a DETACH)
 * @client: the client
 *
 * Context: process context; sleeps.
 */
void utracer_hwbp_detached(struct utracer_client *client)
{
	mutex_lock(&client->hwbp_mutex);
	utracer_hwbp_prune(client, true);
	mutex_unlock(&client->hwbp_mutex);
}

/**
 * utracer_hwbp_remove_all() - remove every hardware breakpoint of a client
 * that is going away, before its tracees are resumed
 * @client: the client, dead already (no new one is set)
 *
 * Context: process context; sleeps.
 */
void utracer_hwbp_remove_all(struct utracer_client *client)
{
	struct utracer_hwbp *hwbp, *next;

	mutex_lock(&client->hwbp_mutex);
	list_for_each_entry_safe(hwbp, next, &client->hwbps, node)
		utracer_hwbp_destroy(hwbp);
	mutex_unlock(&client->hwbp_mutex);
}
