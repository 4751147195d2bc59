// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module that triggers a kernel WARNING when it is loaded, so
 * that the test suite can prove vm/run reports a splat as a failure.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init utracer_test_warn_init(void)
{
	WARN(1, "utracer_test_warn: deliberate warning for the harness test\n");
	return 0;
}

static void __exit utracer_test_warn_exit(void)
{
}

module_init(utracer_test_warn_init);
module_exit(utracer_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("utracer test suite: triggers a WARNING on load");
