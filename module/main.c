// SPDX-License-Identifier: GPL-2.0
/*
 * utracer: module entry points.
 *
 * Unload safety: every open file of /proc/utrace holds a module reference
 * (try_module_get() in open), so rmmod is refused while any client exists;
 * every queued task_work holds one too. With no client there is no engine,
 * and utrace_exit() drains the RCU callbacks before the hooks go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include "iface/iface.h"

bool utracer_admin_only;
module_param_named(admin_only, utracer_admin_only, bool, 0644);
MODULE_PARM_DESC(admin_only, "only CAP_SYS_PTRACE in the initial user namespace may attach");

/* Read without a lock: a change applies to the next BP_SET. */
unsigned int utracer_max_breakpoints = 1024;
module_param_named(max_breakpoints, utracer_max_breakpoints, uint, 0644);
MODULE_PARM_DESC(max_breakpoints, "breakpoints one client may hold (BP_SET fails with ENOSPC)");

/* Read without a lock: a change applies to the next REGISTER. */
unsigned int utracer_max_user_clients = 128;
module_param_named(max_user_clients, utracer_max_user_clients, uint, 0644);
MODULE_PARM_DESC(max_user_clients,
		 "clients registered at once by one user, by effective uid (REGISTER fails with EMFILE)");

/* Read without a lock: a change applies to the next attachment made. */
unsigned int utracer_max_attachments = 32768;
module_param_named(max_attachments, utracer_max_attachments, uint, 0644);
MODULE_PARM_DESC(max_attachments,
		 "threads one client may trace at once (ATTACH fails with ENOSPC; a new thread or process beyond it is not followed)");

/* Read without a lock: a change applies to the next REGISTER. */
unsigned int utracer_max_queue_bytes = UTRACER_QUEUE_MAX;
module_param_named(max_queue_bytes, utracer_max_queue_bytes, uint, 0644);
MODULE_PARM_DESC(max_queue_bytes,
		 "largest event queue a client may ask for (REGISTER's queue_limit; larger is EINVAL)");

/*
 * Frees clients (their rings need process context): drained at exit, after
 * utrace_exit() has run the RCU callbacks that drop the last references.
 */
struct workqueue_struct *utracer_wq;

static int __init utracer_init(void)
{
	int ret;

	utracer_wq = alloc_workqueue("utracer", WQ_UNBOUND, 0);
	if (!utracer_wq)
		return -ENOMEM;
	ret = utracer_resp_poll_init();
	if (ret)
		goto fail_wq;
	ret = utrace_init();
	if (ret)
		goto fail_poll;
	ret = utracer_proc_init();
	if (ret) {
		utrace_exit();
		goto fail_poll;
	}
	return 0;
fail_poll:
	utracer_resp_poll_exit();
fail_wq:
	destroy_workqueue(utracer_wq);
	return ret;
}

static void __exit utracer_exit(void)
{
	utracer_proc_exit();
	utracer_resp_poll_exit();
	utrace_exit();
	destroy_workqueue(utracer_wq);
}

module_init(utracer_init);
module_exit(utracer_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(UTRACER_VERSION);
MODULE_DESCRIPTION("utrace re-created: process tracing through /proc/utrace");
MODULE_INFO(utracer_api, __stringify(UTRACER_API_MAJOR) "." __stringify(UTRACER_API_MINOR));
