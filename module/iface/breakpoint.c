// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: a client's breakpoints (BP_SET, BP_REMOVE,
 * BP_LIST) over the engine layer's uprobe breakpoints.
 *
 * A breakpoint belongs to one client and is armed only in the mms of the
 * processes that client traces; its hits are reported to that client
 * only, so several clients may put breakpoints at the same place and each
 * is told of its own.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/kdev_t.h>
#include "iface.h"

/*
 * struct utracer_breakpoint - a client's breakpoint
 *
 * On @client->breakpoints under @client->mutex, which also serializes the
 * engine calls on @bp. The client outlives it: teardown removes every
 * breakpoint before the registration's reference is dropped, and
 * utrace_breakpoint_unregister() guarantees no handler runs on it after.
 */
struct utracer_breakpoint {
	struct utrace_breakpoint bp;
	struct utracer_client *client;
	struct list_head node;
	u32 id;
	u32 flags;			/* UTRACER_BP_ADDR */
	u64 addr;			/* given with UTRACER_BP_ADDR */
};

static struct utracer_breakpoint *to_ubp(struct utrace_breakpoint *bp)
{
	return container_of(bp, struct utracer_breakpoint, bp);
}

u32 utracer_breakpoint_id(struct utrace_breakpoint *bp)
{
	return to_ubp(bp)->id;
}

/* CONTEXT: uprobes' filter or handler; must not sleep. */
static bool utracer_bp_wants_mm(struct utrace_breakpoint *bp, struct mm_struct *mm)
{
	struct utracer_client *client = to_ubp(bp)->client;
	struct utracer_attachment *att;
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&client->lock, flags);
	if (!client->dead) {
		list_for_each_entry(att, &client->attachments, node) {
			/* The task is pinned by the engine; its ->mm only read. */
			struct task_struct *t = utrace_engine_task(att->engine);

			if (t && READ_ONCE(t->mm) == mm) {
				ret = true;
				break;
			}
		}
	}
	spin_unlock_irqrestore(&client->lock, flags);
	return ret;
}

/* CONTEXT: atomic, under the thread's utask->lock. */
static bool utracer_bp_match(struct utrace_breakpoint *bp, struct utrace_engine *engine)
{
	return utrace_engine_owned_by(engine, &utracer_engine_ops) &&
	       ((struct utracer_attachment *)utrace_engine_data(engine))->client ==
	       to_ubp(bp)->client;
}

static const struct utrace_breakpoint_ops utracer_bp_ops = {
	.wants_mm = utracer_bp_wants_mm,
	.match = utracer_bp_match,
};

static int utracer_bp_where(struct utracer_client *client, const struct utracer_bp_set *s,
			    struct path *path, loff_t *offset)
{
	struct utracer_attachment *att;
	char *name;
	int ret;

	if (s->flags & UTRACER_BP_ADDR) {
		if (s->path || s->offset || s->pid <= 0)
			return -EINVAL;
		att = utracer_find(client, s->pid, false);
		if (!att)
			return -ESRCH;
		ret = utrace_breakpoint_resolve(utrace_engine_task(att->engine), s->addr,
						path, offset);
		utrace_engine_put(att->engine);
		return ret;
	}
	if (s->pid || s->addr || !s->path)
		return -EINVAL;
	if (s->offset > LLONG_MAX)
		return -EINVAL;
	name = strndup_user(u64_to_user_ptr(s->path), PATH_MAX);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = utrace_breakpoint_lookup_path(name, path);
	kfree(name);
	*offset = s->offset;
	return ret;
}

/*
 * A breakpoint by path is a uprobe on the file, which the kernel's own
 * uprobe interfaces (perf, tracefs) grant only with CAP_PERFMON or
 * CAP_SYS_ADMIN. Without either, the opener of the control file (who
 * decides every permission: perm.c) may set one only on a file that a
 * process it traces maps now: one whose code it could reach
 * anyway (its memory is the client's to read and write). By address, the
 * file is mapped in the attached process by definition.
 * RETURNS: 0, or -EPERM; -EINTR.
 */
static int utracer_bp_may_set(struct utracer_cmd_ctx *c, const struct path *path)
{
	struct utracer_attachment **v;
	int i, n, ret = -EPERM;

	if (utracer_perm_capable(c->client, CAP_PERFMON) ||
	    utracer_perm_capable(c->client, CAP_SYS_ADMIN))
		return 0;
	n = utracer_pin(c->client, NULL, 0, 0, UTRACER_MATCH_ALL);
	v = n ? kcalloc(n, sizeof(*v), GFP_KERNEL) : NULL;
	if (!v)
		return n ? -ENOMEM : -EPERM;
	/* Attached since the count: those past @n are not looked at. */
	n = min(n, utracer_pin(c->client, v, n, 0, UTRACER_MATCH_ALL));
	for (i = 0; i < n && ret == -EPERM; i++) {
		struct task_struct *t = utrace_engine_task(v[i]->engine);
		int mapped = t ? utrace_breakpoint_mapped(t, path) : 0;

		if (mapped == 1)
			ret = 0;
		else if (mapped == -EINTR)
			ret = -EINTR;
	}
	utracer_put_collected(v, n);
	return ret;
}

/*
 * UTRACER_IOC_BP_SET: a breakpoint by path and offset, or by address in an
 * attached process.
 * RETURNS: 0 with .id (and .offset with _ADDR); -EINVAL for bad flags,
 * fields or an offset past the end of the file; -ESRCH when .pid is not
 * attached; -ENXIO when nothing is mapped at .addr; -EPERM for a path
 * that no tracee maps, without CAP_PERFMON or CAP_SYS_ADMIN; -ENOENT and
 * the like from the path lookup; -EFAULT; -ENOMEM.
 */
long utracer_cmd_bp_set(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	struct utracer_bp_set *s = c->arg;
	struct utracer_breakpoint *ubp;
	struct path path;
	loff_t offset = 0;
	int ret;

	if ((s->flags & ~UTRACER_BP_ADDR) || s->id || s->reserved[0] || s->reserved[1])
		return -EINVAL;
	ret = utracer_bp_where(client, s, &path, &offset);
	if (ret)
		return ret;
	if (!(s->flags & UTRACER_BP_ADDR)) {
		ret = utracer_bp_may_set(c, &path);
		if (ret) {
			path_put(&path);
			return ret;
		}
	}
	ubp = kzalloc(sizeof(*ubp), GFP_KERNEL_ACCOUNT);
	if (!ubp) {
		path_put(&path);
		return -ENOMEM;
	}
	ubp->bp.ops = &utracer_bp_ops;
	ubp->bp.path = path;
	ubp->bp.offset = offset;
	ubp->client = client;
	ubp->flags = s->flags;
	ubp->addr = s->addr;

	mutex_lock(&client->mutex);
	if (!client->registered) {
		ret = -ENOENT;
		goto fail;
	}
	/* Each one is a uprobe that every mm mapping the file pays for. */
	if (client->bp_count >= READ_ONCE(utracer_max_breakpoints)) {
		ret = -ENOSPC;
		goto fail;
	}
	/*
	 * The id before the registration: the breakpoint can be hit (and its
	 * id reported) as soon as it is armed, before this call returns. The
	 * registration publishes it to the handlers (the consumer list).
	 */
	ubp->id = client->bp_last_id + 1;
	ret = utrace_breakpoint_register(&ubp->bp);
	if (ret)
		goto fail;
	client->bp_last_id = ubp->id;
	client->bp_count++;
	list_add_tail(&ubp->node, &client->breakpoints);
	s->id = ubp->id;
	s->offset = offset;
	mutex_unlock(&client->mutex);
	/* The breakpoint stays set even if the answer cannot be copied. */
	return 0;
fail:
	mutex_unlock(&client->mutex);
	utrace_breakpoint_release(&ubp->bp);
	kfree(ubp);
	return ret;
}

/* CONTEXT: client->mutex held. */
static void utracer_bp_destroy(struct utracer_breakpoint *ubp)
{
	ubp->client->bp_count--;
	list_del(&ubp->node);
	utrace_breakpoint_unregister(&ubp->bp);
	utrace_breakpoint_release(&ubp->bp);
	kfree(ubp);
}

/*
 * UTRACER_IOC_BP_REMOVE: remove one of the client's breakpoints.
 * RETURNS: 0; -EINVAL; -ENOENT when the client has no breakpoint .id.
 */
long utracer_cmd_bp_remove(struct utracer_cmd_ctx *c)
{
	const struct utracer_bp_remove *r = c->arg;
	struct utracer_client *client = c->client;
	struct utracer_breakpoint *ubp;
	int ret;

	if (r->flags || r->pad || !r->id)
		return -EINVAL;
	ret = -ENOENT;
	mutex_lock(&client->mutex);
	list_for_each_entry(ubp, &client->breakpoints, node) {
		if (ubp->id == r->id) {
			utracer_bp_destroy(ubp);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&client->mutex);
	return ret;
}

/* UTRACER_IOC_BP_LIST: the client's breakpoints, in the order they were set. */
long utracer_cmd_bp_list(struct utracer_cmd_ctx *c)
{
	struct utracer_client *client = c->client;
	struct utracer_bp_list *l = c->arg;
	struct utracer_bp_info __user *buf;
	struct utracer_breakpoint *ubp;
	struct utracer_bp_info info;
	struct inode *inode;
	u32 n = 0;
	int ret = 0;

	if (l->flags || l->pad || (l->count && !l->buf))
		return -EINVAL;
	buf = u64_to_user_ptr(l->buf);
	/* copy_to_user() under client->mutex: no mm lock nests inside it. */
	mutex_lock(&client->mutex);
	list_for_each_entry(ubp, &client->breakpoints, node) {
		if (n < l->count && !ret) {
			inode = d_inode(ubp->bp.path.dentry);
			memset(&info, 0, sizeof(info));
			info.id = ubp->id;
			info.flags = ubp->flags;
			info.offset = ubp->bp.offset;
			info.inode = inode->i_ino;
			info.dev_major = MAJOR(inode->i_sb->s_dev);
			info.dev_minor = MINOR(inode->i_sb->s_dev);
			info.addr = ubp->addr;
			info.hits = atomic64_read(&ubp->bp.hits);
			if (copy_to_user(&buf[n], &info, sizeof(info)))
				ret = -EFAULT;
		}
		n++;
	}
	mutex_unlock(&client->mutex);
	if (ret)
		return ret;
	l->count = n;
	return 0;
}

/*
 * Arm the client's breakpoints in a process it has just attached (the
 * filter said no to it until now).
 * CONTEXT: process context; takes client->mutex.
 */
void utracer_bp_rearm_all(struct utracer_client *client)
{
	struct utracer_breakpoint *ubp;

	mutex_lock(&client->mutex);
	list_for_each_entry(ubp, &client->breakpoints, node)
		if (utrace_breakpoint_rearm(&ubp->bp))
			pr_warn_ratelimited("breakpoint %u not armed in a new tracee\n", ubp->id);
	mutex_unlock(&client->mutex);
}

/*
 * Remove every breakpoint of a client that is going away: the original
 * bytes are back in every process before its tracees are resumed.
 * CONTEXT: process context; takes client->mutex.
 */
void utracer_bp_remove_all(struct utracer_client *client)
{
	struct utracer_breakpoint *ubp, *next;

	mutex_lock(&client->mutex);
	list_for_each_entry_safe(ubp, next, &client->breakpoints, node)
		utracer_bp_destroy(ubp);
	mutex_unlock(&client->mutex);
}
