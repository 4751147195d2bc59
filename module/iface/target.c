// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the attachments a command names. A pid names
 * the client's engine on that thread, or those of the process attached
 * with it; commands that read or write a thread first check again that
 * the client may trace it (perm.c). Handlers find their target with
 * utracer_cmd_find_target(); cmd.c's dispatcher ends it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include "iface.h"

/*
 * utracer_pin() - take an engine reference on each attachment of @client
 * that @how names (up to @cap of them, into @v): every attached thread,
 * the thread @pid, or those attached with @pid.
 * RETURNS: how many match; past @cap, none was taken.
 */
int utracer_pin(struct utracer_client *client, struct utracer_attachment **v, int cap,
		pid_t pid, enum utracer_match how)
{
	struct utracer_attachment *att;
	int n = 0;

	spin_lock_irq(&client->lock);
	list_for_each_entry(att, &client->attachments, node) {
		struct task_struct *t = utrace_engine_task(att->engine);

		if (!t)
			continue;
		if (how == UTRACER_MATCH_THREAD && utracer_task_pid(client, t) != pid)
			continue;
		if (how == UTRACER_MATCH_KEY && att->key != pid)
			continue;
		if (n < cap) {
			utrace_engine_get(att->engine);
			v[n] = att;
		}
		n++;
	}
	spin_unlock_irq(&client->lock);
	return n;
}

/*
 * The attachments a target names, each with an engine reference: with
 * @thread the one on thread @pid, else those attached with @pid.
 * RETURNS: a kmalloc'ed array (*@nr entries), or an ERR_PTR.
 */
struct utracer_attachment **utracer_collect(struct utracer_client *client,
					    pid_t pid, bool thread, int *nr)
{
	struct utracer_attachment **v = NULL;
	int n, cap = 0;

	for (;;) {
		n = utracer_pin(client, v, cap, pid,
				thread ? UTRACER_MATCH_THREAD : UTRACER_MATCH_KEY);
		if (n <= cap)
			break;
		while (cap--)
			utrace_engine_put(v[cap]->engine);
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

void utracer_put_collected(struct utracer_attachment **v, int n)
{
	while (n--)
		utrace_engine_put(v[n]->engine);
	kfree(v);
}

/*
 * The attachment to inspect for @pid: the one on thread @pid, else one of
 * the process @pid. Returned with an engine reference.
 */
struct utracer_attachment *utracer_find(struct utracer_client *client,
					pid_t pid, bool thread_only)
{
	struct utracer_attachment *att, *found = NULL;

	spin_lock_irq(&client->lock);
	list_for_each_entry(att, &client->attachments, node) {
		struct task_struct *t = utrace_engine_task(att->engine);

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
		utrace_engine_get(found->engine);
	spin_unlock_irq(&client->lock);
	return found;
}

/*
 * utracer_target_begin() - the attachment a command on @pid acts on (see
 * utracer_find()), after checking again that the client may trace its
 * thread, and with @hold keeping that true until utracer_target_end().
 *
 * An exec that makes a tracee setuid detaches the client only before the
 * new program's first instruction (exec recheck); between the exec's
 * commit of the new credentials and that recheck, the attachment still
 * exists: this check, the one mm_access() makes for /proc/PID/mem, is what
 * keeps the client from reading the new image. With @hold, the check's
 * exec_update_lock is kept, so no exec commits new credentials meanwhile.
 * Without it the check is made and the lock dropped at once: enough for
 * commands that act on a thread stopped for the client, which stops only
 * after its exec recheck.
 * CONTEXT: process, a thread of the client; no utracer lock held.
 * RETURNS: the attachment, with an engine reference; ERR_PTR(-ESRCH) or an
 * error of utracer_perm_lock().
 */
struct utracer_attachment *utracer_target_begin(struct utracer_client *client,
						pid_t pid, bool thread_only, bool hold)
{
	struct utracer_attachment *att = utracer_find(client, pid, thread_only);
	int ret;

	if (!att)
		return ERR_PTR(-ESRCH);
	ret = utracer_perm_lock(client, utrace_engine_task(att->engine), &att->verdict);
	if (ret) {
		utrace_engine_put(att->engine);
		return ERR_PTR(ret);
	}
	if (!hold)
		utracer_perm_unlock(utrace_engine_task(att->engine));
	return att;
}

/* The end of utracer_target_begin(): drops what it took. */
void utracer_target_end(struct utracer_attachment *att, bool hold)
{
	if (hold)
		utracer_perm_unlock(utrace_engine_task(att->engine));
	utrace_engine_put(att->engine);
}

/**
 * utracer_cmd_find_target() - the attachment a command acts on
 * @c: the command; the attachment goes to @c->att
 * @pid: the thread (or, with %UTRACER_CMD_HELD, the process) it names
 * @kind: %UTRACER_CMD_THREAD: a thread, no permission check;
 *	%UTRACER_CMD_THREAD_CHECKED: a thread, the permission checked again;
 *	%UTRACER_CMD_HELD: a thread or a process, checked and held (no exec
 *	commits new credentials) until the handler returns
 * The dispatcher ends what this began once the handler returns.
 * RETURNS: 0, -ESRCH, or an error of the permission check.
 */
int utracer_cmd_find_target(struct utracer_cmd_ctx *c, pid_t pid,
			    enum utracer_cmd_target kind)
{
	struct utracer_attachment *att;

	if (kind == UTRACER_CMD_THREAD) {
		att = utracer_find(c->client, pid, true);
		if (!att)
			return -ESRCH;
	} else {
		att = utracer_target_begin(c->client, pid, kind == UTRACER_CMD_THREAD_CHECKED,
					   kind == UTRACER_CMD_HELD);
		if (IS_ERR(att))
			return PTR_ERR(att);
	}
	c->att = att;
	c->held = kind == UTRACER_CMD_HELD;
	return 0;
}
