// SPDX-License-Identifier: GPL-2.0
/*
 * utracer: module entry points.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>

static struct proc_dir_entry *utrace_proc_root;

static int __init utracer_init(void)
{
	utrace_proc_root = proc_mkdir("utrace", NULL);
	if (!utrace_proc_root)
		return -ENOMEM;
	return 0;
}

static void __exit utracer_exit(void)
{
	proc_remove(utrace_proc_root);
}

module_init(utracer_init);
module_exit(utracer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("utrace re-created: process tracing through /proc/utrace");
