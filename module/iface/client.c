// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the client object, its references, and who may
 * open and use its cmd and resp files. Registering and ending a client is
 * register.c's; this file calls no other file of the interface.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>
#include "iface.h"

pid_t utracer_task_pid(struct utracer_client *client, struct task_struct *task)
{
	return task ? task_pid_nr_ns(task, client->pid_ns) : 0;
}

pid_t utracer_task_tgid(struct utracer_client *client, struct task_struct *task)
{
	return task ? task_tgid_nr_ns(task, client->pid_ns) : 0;
}

/* CONTEXT: utracer_wq (process). */
static void utracer_client_free_work(struct work_struct *work)
{
	struct utracer_client *client = container_of(work, struct utracer_client, free_work);
	struct utracer_qevent *qe, *next;

	/* No producer is left to arm it: a callback in flight is waited for. */
	timer_shutdown_sync(&client->wake_timer);
	list_for_each_entry_safe(qe, next, &client->overflow, node)
		kfree(qe);
	utracer_ring_free(&client->ring);
	put_pid(client->tgid);
	put_pid_ns(client->pid_ns);
	mem_cgroup_put(client->memcg);
	kfree(client);
}

static void utracer_client_free(struct kref *ref)
{
	struct utracer_client *client = container_of(ref, struct utracer_client, ref);

	INIT_WORK(&client->free_work, utracer_client_free_work);
	queue_work(utracer_wq, &client->free_work);
}

/* CONTEXT: any, including RCU callbacks: the free is deferred to utracer_wq. */
void utracer_client_put(struct utracer_client *client)
{
	kref_put(&client->ref, utracer_client_free);
}

/*
 * utracer_client_open() - open of cmd or resp: only by the client's own
 * thread group, while it is registered
 * RETURNS: 0, -EACCES for anyone else, -ENOENT after unregistering,
 * -ENODEV while the module unloads.
 */
int utracer_client_open(struct inode *inode, struct file *file)
{
	struct utracer_client *client = pde_data(inode);

	if (task_tgid(current) != client->tgid)
		return -EACCES;
	if (READ_ONCE(client->dead))
		return -ENOENT;
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	kref_get(&client->ref);
	file->private_data = client;
	return nonseekable_open(inode, file);
}

/*
 * utracer_client_caller_ok() - whether current may use an open cmd or resp
 * file of @client. Opening is refused to other thread groups, but an open
 * file can still reach one (passed over a unix socket, inherited across
 * fork): its commands would run with the opener's credentials (f_cred), so
 * they are refused too. Nothing is delegated by passing a descriptor.
 * RETURNS: 0, or -EACCES for any thread group but the client's.
 */
int utracer_client_caller_ok(struct utracer_client *client)
{
	return task_tgid(current) == client->tgid ? 0 : -EACCES;
}

int utracer_client_release(struct inode *inode, struct file *file)
{
	utracer_client_put(file->private_data);
	module_put(THIS_MODULE);
	return 0;
}

