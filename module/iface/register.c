// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: /proc/utrace and its control file: registering
 * a client (its directory, cmd and resp files) and ending it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/sched/signal.h>
#include "iface.h"

static struct proc_dir_entry *utracer_proc_root;

/*
 * utracer_clients_mutex protects utracer_clients and every control file's
 * private_data (the client it registered). Nesting: outside client->mutex.
 */
static DEFINE_MUTEX(utracer_clients_mutex);
static LIST_HEAD(utracer_clients);

/*
 * End a client: no more events, readers see EOF, its files go, and every
 * tracee it held is resumed and detached.
 * CONTEXT: utracer_clients_mutex held.
 */
static void utracer_client_teardown(struct utracer_client *client)
{
	struct utracer_attachment *att;
	struct file *pinned;

	list_del(&client->node);
	mutex_lock(&client->mutex);
	client->registered = false;
	pinned = client->owner != client->control_file ? client->control_file : NULL;
	client->control_file = NULL;
	client->owner = NULL;
	mutex_unlock(&client->mutex);
	if (pinned)
		fput(pinned);

	spin_lock_irq(&client->lock);
	client->dead = true;
	utracer_read_flag_locked(client);	/* read() says the end */
	spin_unlock_irq(&client->lock);
	wake_up_all(&client->readq);
	utracer_resp_pollq_wake();
	wake_up_all(&client->spaceq);
	/* Breakpoints go before the tracees are resumed and detached. */
	utracer_bp_remove_all(client);
	utracer_hwbp_remove_all(client);

	/* Waits for file operations in flight (none blocks once dead). */
	proc_remove(client->dir);

	for (;;) {
		spin_lock_irq(&client->lock);
		att = list_first_entry_or_null(&client->attachments,
					       struct utracer_attachment, node);
		if (att)
			utrace_engine_get(att->engine);
		spin_unlock_irq(&client->lock);
		if (!att)
			break;
		utrace_engine_detach(att->engine, UTRACER_DETACH_REQUEST);
		utrace_engine_put(att->engine);
		cond_resched();
	}
	utracer_client_put(client);
}

/*
 * utracer_client_end() - end @client if @owner registered it (its control
 * file or its own file): the owner's close or UNREGISTER
 * CONTEXT: process; takes utracer_clients_mutex.
 */
void utracer_client_end(struct utracer_client *client, struct file *owner)
{
	bool mine;

	mutex_lock(&utracer_clients_mutex);
	mutex_lock(&client->mutex);
	mine = client->registered && client->owner == owner;
	mutex_unlock(&client->mutex);
	if (mine)
		utracer_client_teardown(client);
	mutex_unlock(&utracer_clients_mutex);
}

static long utracer_register(struct file *file, void __user *arg)
{
	struct utracer_register reg;
	struct utracer_client *client, *other;
	struct proc_dir_entry *cmd, *resp;
	const struct cred *cred = file->f_cred;
	struct file *own = NULL;
	unsigned int same_user = 0;
	char name[16];
	int ret, fd = -1;

	ret = utracer_copy_in(&reg, sizeof(reg), UTRACER_REGISTER_SIZE_VER0, arg);
	if (ret)
		return ret;
	if ((reg.flags & ~UTRACER_REGISTER_FD) || reg.fd || reg.pad || reg.reserved[0] ||
	    reg.client_pid)
		return -EINVAL;
	if (reg.queue_limit && (reg.queue_limit < UTRACER_QUEUE_MIN ||
				reg.queue_limit > UTRACER_QUEUE_MAX ||
				reg.queue_limit > READ_ONCE(utracer_max_queue_bytes)))
		return -EINVAL;

	client = kzalloc(sizeof(*client), GFP_KERNEL_ACCOUNT);
	if (!client)
		return -ENOMEM;
	kref_init(&client->ref);
	client->tgid = get_pid(task_tgid(current));
	client->pid_ns = get_pid_ns(task_active_pid_ns(current));
	client->pid = pid_nr(client->tgid);
	mutex_init(&client->mutex);
	spin_lock_init(&client->lock);
	INIT_LIST_HEAD(&client->overflow);
	mutex_init(&client->read_mutex);
	INIT_LIST_HEAD(&client->attachments);
	INIT_LIST_HEAD(&client->breakpoints);
	mutex_init(&client->hwbp_mutex);
	INIT_LIST_HEAD(&client->hwbps);
	init_waitqueue_head(&client->readq);
	init_waitqueue_head(&client->spaceq);
	timer_setup(&client->wake_timer, utracer_wake_timer_fn, 0);
	/* The default, or max_queue_bytes when smaller, but never below the minimum. */
	client->limit = reg.queue_limit ? reg.queue_limit :
		clamp_t(size_t, READ_ONCE(utracer_max_queue_bytes), UTRACER_QUEUE_MIN,
			UTRACER_QUEUE_DEFAULT);
	client->euid = cred->euid;
	client->memcg = get_mem_cgroup_from_mm(current->mm);
	/* Charged to current's memory cgroup: the registering process's. */
	ret = utracer_ring_alloc(&client->ring, client->limit);
	if (ret) {
		utracer_client_put(client);
		return ret;
	}
	/* Where waiting lossless tracees go on: see utracer_room_again(). */
	client->ring.prod->room_mark = client->limit / 2;
	atomic_set(&client->nr_attachments, 0);

	if (reg.flags & UTRACER_REGISTER_FD) {
		fd = get_unused_fd_flags(O_CLOEXEC);
		if (fd < 0) {
			utracer_client_put(client);
			return fd;
		}
		own = utracer_clientfd_new(client);
		if (IS_ERR(own)) {
			put_unused_fd(fd);
			utracer_client_put(client);
			return PTR_ERR(own);
		}
	}

	mutex_lock(&utracer_clients_mutex);
	ret = -EBUSY;
	if (file->private_data)
		goto fail;
	ret = -EEXIST;
	list_for_each_entry(other, &utracer_clients, node) {
		if (other->tgid == client->tgid)
			goto fail;
		if (uid_eq(other->euid, client->euid))
			same_user++;
	}
	ret = -EMFILE;
	if (same_user >= READ_ONCE(utracer_max_user_clients))
		goto fail;
	ret = -ENOMEM;
	snprintf(name, sizeof(name), "%d", client->pid);
	client->dir = proc_mkdir_data(name, 0500, utracer_proc_root, client);
	if (!client->dir)
		goto fail;
	proc_set_user(client->dir, cred->euid, cred->egid);
	cmd = proc_create_data("cmd", 0600, client->dir, &utracer_cmd_ops, client);
	resp = proc_create_data("resp", 0600, client->dir, &utracer_resp_ops, client);
	if (!cmd || !resp) {
		proc_remove(client->dir);
		goto fail;
	}
	proc_set_user(cmd, cred->euid, cred->egid);
	proc_set_user(resp, cred->euid, cred->egid);
	client->registered = true;
	/* Whose opener decides every permission, and whose close ends the client. */
	client->control_file = own ? get_file(file) : file;
	client->owner = own ? own : file;
	list_add_tail(&client->node, &utracer_clients);
	if (!own)
		file->private_data = client;
	mutex_unlock(&utracer_clients_mutex);

	reg.client_pid = client->pid;
	reg.fd = own ? fd : 0;
	ret = utracer_copy_out(arg, &reg, sizeof(reg));
	if (own) {
		if (ret) {
			/* Its release ends the client. */
			put_unused_fd(fd);
			fput(own);
		} else {
			fd_install(fd, own);
		}
	}
	return ret;
fail:
	mutex_unlock(&utracer_clients_mutex);
	if (own) {
		put_unused_fd(fd);
		fput(own);
	}
	utracer_client_put(client);
	return ret;
}

static long utracer_unregister(struct file *file)
{
	struct utracer_client *client;

	mutex_lock(&utracer_clients_mutex);
	client = file->private_data;
	if (!client) {
		mutex_unlock(&utracer_clients_mutex);
		return -ENOENT;
	}
	if (client->tgid != task_tgid(current)) {
		mutex_unlock(&utracer_clients_mutex);
		return -EPERM;
	}
	file->private_data = NULL;
	utracer_client_teardown(client);
	mutex_unlock(&utracer_clients_mutex);
	return 0;
}

static long utracer_control_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	/* Matched as on cmd: type, number, direction, size bits in range. */
	if (utracer_ioc_match(cmd, UTRACER_IOC_VERSION, UTRACER_VERSION_SIZE_VER0))
		return utracer_version_ioctl(uarg);
	if (utracer_ioc_match(cmd, UTRACER_IOC_REGISTER, UTRACER_REGISTER_SIZE_VER0))
		return utracer_register(file, uarg);
	if (utracer_ioc_match(cmd, UTRACER_IOC_UNREGISTER, 0))
		return utracer_unregister(file);
	return -ENOTTY;
}

static int utracer_control_open(struct inode *inode, struct file *file)
{
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	file->private_data = NULL;
	return nonseekable_open(inode, file);
}

/* Closing the control file that registered a client ends the client. */
static int utracer_control_release(struct inode *inode, struct file *file)
{
	mutex_lock(&utracer_clients_mutex);
	if (file->private_data)
		utracer_client_teardown(file->private_data);
	mutex_unlock(&utracer_clients_mutex);
	module_put(THIS_MODULE);
	return 0;
}

static const struct proc_ops utracer_control_ops = {
	.proc_open = utracer_control_open,
	.proc_release = utracer_control_release,
	.proc_ioctl = utracer_control_ioctl,
	.proc_compat_ioctl = utracer_control_ioctl,
	.proc_lseek = noop_llseek,
};

int utracer_proc_init(void)
{
	utracer_proc_root = proc_mkdir("utrace", NULL);
	if (!utracer_proc_root)
		return -ENOMEM;
	/* Anyone may register (ioctl needs no write permission): 0444. */
	if (!proc_create("control", 0444, utracer_proc_root, &utracer_control_ops)) {
		proc_remove(utracer_proc_root);
		return -ENOMEM;
	}
	return 0;
}

void utracer_proc_exit(void)
{
	proc_remove(utracer_proc_root);
}
