// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: a client's own file, the one REGISTER returns
 * with UTRACER_REGISTER_FD (the perf_event_open() and userfaultfd model).
 * It carries what cmd and resp carry (commands, write() batches, events by
 * read(), poll() and mmap(), RING_CONSUMED) and it owns the registration:
 * closing its last descriptor ends the client, and nothing of it depends
 * on /proc/utrace, whose files stay a second way onto the same client.
 *
 * Lifetime: the file holds a client reference (dropped at release) and,
 * through its file_operations' owner, a module reference: the module is
 * not unloaded while it is open. Its pollers wait on the client's own
 * readq, which lives as long as the client, so as long as the file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include "iface.h"

static long utracer_clientfd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd == UTRACER_IOC_RING_CONSUMED)
		return utracer_resp_ioctl(file, cmd, arg);
	return utracer_cmd_ioctl(file, cmd, arg);
}

static __poll_t utracer_clientfd_poll(struct file *file, poll_table *wait)
{
	struct utracer_client *client = file->private_data;

	poll_wait(file, &client->readq, wait);
	return utracer_events_poll_mask(client);
}

/* The last descriptor closed: the client ends, then the file's reference goes. */
static int utracer_clientfd_release(struct inode *inode, struct file *file)
{
	struct utracer_client *client = file->private_data;

	utracer_client_end(client, file);
	utracer_client_put(client);
	return 0;
}

static const struct file_operations utracer_clientfd_fops = {
	.owner = THIS_MODULE,
	.release = utracer_clientfd_release,
	.unlocked_ioctl = utracer_clientfd_ioctl,
	.compat_ioctl = utracer_clientfd_ioctl,
	.write = utracer_cmd_write,
	.read = utracer_resp_read,
	.poll = utracer_clientfd_poll,
	.mmap = utracer_resp_mmap,
	.llseek = noop_llseek,
};

/*
 * utracer_clientfd_new() - the file of @client, holding a reference to it
 * RETURNS: the file (read-write, not yet in a descriptor table), or an
 * ERR_PTR.
 * CONTEXT: process; the registering thread (the file's credentials are
 * current's, the opener every permission check asks about).
 */
struct file *utracer_clientfd_new(struct utracer_client *client)
{
	struct file *file;

	kref_get(&client->ref);
	file = anon_inode_getfile("[utracer]", &utracer_clientfd_fops, client, O_RDWR);
	if (IS_ERR(file))
		utracer_client_put(client);
	return file;
}
