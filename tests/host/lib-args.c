// SPDX-License-Identifier: GPL-2.0
/*
 * Description: every libutracer call checks its arguments before it talks
 * to the module: bad clients, pids, flags, masks, options structs (too
 * small, a non-zero unknown tail, non-zero padding) and out-of-range
 * syscall numbers give EINVAL, while valid ones reach the module (here a
 * descriptor that answers every ioctl with ENOTTY, which comes back as
 * -ENOTTY with errno set); the breakpoint and hardware breakpoint calls
 * give EOPNOTSUPP while the module does not offer them. utracer_spawn()
 * checks its options, reaps its child when the attach fails, and reports a
 * missing program. The syscall set helpers and UTRACER_OPTS() behave.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

static struct utracer *u;

static void test_attach(void)
{
	struct {
		struct utracer_attach_opts o;
		uint64_t newer_field;
	} big;
	struct utracer_syscall_set set;

	CHECK_ERR(utracer_attach(NULL, 1, NULL), EINVAL);
	CHECK_ERR(utracer_attach(u, 0, NULL), EINVAL);
	CHECK_ERR(utracer_attach(u, -5, NULL), EINVAL);
	CHECK_ERR(utracer_attach(u, 1, NULL), ENOTTY);
	{
		UTRACER_OPTS(utracer_attach_opts, o,
			.flags = UTRACER_THREAD | UTRACER_ATTACH_F_QUIESCE |
				 UTRACER_ATTACH_F_LOSSY,
			.events = UTRACER_EVENTS_ALL,
			.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC));

		CHECK_ERR(utracer_attach(u, 1, &o), ENOTTY);
		o.flags = 1U << 5;
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		/* A thread attachment follows nothing. */
		o.flags = UTRACER_THREAD | UTRACER_ATTACH_F_FOLLOW_FORK;
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.flags = UTRACER_THREAD | UTRACER_ATTACH_F_STOP_NEW;
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.flags = UTRACER_ATTACH_F_FOLLOW_FORK | UTRACER_ATTACH_F_STOP_NEW;
		CHECK_ERR(utracer_attach(u, 1, &o), ENOTTY);
		o.flags = 0;
		o.events = UTRACER_EVENT_BIT(UTRACER_EVENT_STOP);
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT);
		o.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC);
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT);
		o.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT);
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.stop_events = 0;
		o.__pad0 = 1;
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.__pad0 = 0;
		o.sz = sizeof(size_t) - 1;
		CHECK_ERR(utracer_attach(u, 1, &o), EINVAL);
		o.sz = sizeof(o);

		/* A filter names only what the module can: max_syscall 400. */
		utracer_syscall_set_zero(&set);
		CHECK(utracer_syscall_set_add(&set, 450) == 0);
		o.events = UTRACER_EVENTS_ALL;
		o.syscall_entry = &set;
		u->version.max_syscall = 400;
		CHECK_ERR(utracer_attach(u, 1, &o), ENOTTY); /* the attach itself */
		CHECK_ERR(utracer_set_syscall_filter(u, 1, UTRACER_SYSCALL_F_ENTRY, &set),
			  EINVAL);
		u->version.max_syscall = UTRACER_SYSCALL_MAX;
		CHECK_ERR(utracer_set_syscall_filter(u, 1, UTRACER_SYSCALL_F_ENTRY, &set),
			  ENOTTY);
	}

	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	CHECK_ERR(utracer_attach(u, 1, &big.o), ENOTTY);
	big.newer_field = 1;
	CHECK_ERR(utracer_attach(u, 1, &big.o), EINVAL);
}

static void test_commands(void)
{
	const unsigned int both = UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT;

	CHECK_ERR(utracer_detach(u, 1, 0), ENOTTY);
	CHECK_ERR(utracer_detach(u, 1, UTRACER_THREAD), ENOTTY);
	CHECK_ERR(utracer_detach(u, 1, UTRACER_ATTACH_F_QUIESCE), EINVAL);
	CHECK_ERR(utracer_detach(NULL, 1, 0), EINVAL);
	CHECK_ERR(utracer_quiesce(u, 0, 0), EINVAL);
	CHECK_ERR(utracer_quiesce(u, 1, 1U << 7), EINVAL);
	CHECK_ERR(utracer_quiesce(u, 1, UTRACER_THREAD), ENOTTY);
	CHECK_ERR(utracer_quiesce(u, 0, UTRACER_QUIESCE_WAIT), EINVAL);
	CHECK_ERR(utracer_quiesce(NULL, 1, UTRACER_QUIESCE_WAIT), EINVAL);
	CHECK_ERR(utracer_quiesce(u, 1, UTRACER_QUIESCE_WAIT | (1U << 7)), EINVAL);
	CHECK_ERR(utracer_quiesce(u, 1, UTRACER_QUIESCE_WAIT | UTRACER_THREAD), ENOTTY);
	CHECK_ERR(utracer_run(u, 1, UTRACER_QUIESCE_WAIT), EINVAL);
	CHECK_ERR(utracer_run(u, -1, 0), EINVAL);
	CHECK_ERR(utracer_run(u, 1, 0), ENOTTY);

	CHECK_ERR(utracer_set_events(u, 1, UTRACER_EVENTS_ALL, 0), ENOTTY);
	CHECK_ERR(utracer_set_events(u, 1, 0, UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT)),
		  EINVAL);
	CHECK_ERR(utracer_set_events(u, 1, UINT64_C(1) << 40, 0), EINVAL);
	CHECK_ERR(utracer_set_events(u, 0, 0, 0), EINVAL);
	CHECK_ERR(utracer_set_syscall_stops(NULL, 1, UTRACER_SYSCALL_F_EXIT, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_stops(u, 0, UTRACER_SYSCALL_F_EXIT, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_stops(u, 1, 0, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_stops(u, 1, 8, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_stops(u, 1, UTRACER_SYSCALL_F_BEFORE, NULL), ENOTTY);
	{
		struct utracer_syscall sc;

		memset(&sc, 0, sizeof(sc));
		CHECK_ERR(utracer_syscall_get(NULL, 1, &sc), EINVAL);
		CHECK_ERR(utracer_syscall_get(u, 0, &sc), EINVAL);
		CHECK_ERR(utracer_syscall_get(u, 1, NULL), EINVAL);
		CHECK_ERR(utracer_syscall_set(NULL, 1, &sc), EINVAL);
		CHECK_ERR(utracer_syscall_set(u, -1, &sc), EINVAL);
		CHECK_ERR(utracer_syscall_set(u, 1, NULL), EINVAL);
		CHECK_ERR(utracer_syscall_skip(NULL, 1, 0), EINVAL);
		CHECK_ERR(utracer_syscall_skip(u, 0, 0), EINVAL);
		/* The fake module answers no command: the register read fails. */
		CHECK_ERR(utracer_syscall_get(u, 1, &sc), ENOTTY);
		CHECK_ERR(utracer_syscall_skip(u, 1, -1), ENOTTY);
	}
	CHECK_ERR(utracer_set_syscall_stops(u, 1, UTRACER_SYSCALL_F_ENTRY |
					    UTRACER_SYSCALL_F_EXIT, NULL), ENOTTY);
	CHECK_ERR(utracer_set_follow(NULL, 1, 0), EINVAL);
	CHECK_ERR(utracer_set_follow(u, 0, 0), EINVAL);
	CHECK_ERR(utracer_set_follow(u, 1, UTRACER_THREAD), EINVAL);
	CHECK_ERR(utracer_set_follow(u, 1, 1U << 5), EINVAL);
	CHECK_ERR(utracer_set_follow(u, 1, UTRACER_ATTACH_F_FOLLOW_FORK |
				     UTRACER_ATTACH_F_STOP_NEW), ENOTTY);
	CHECK_ERR(utracer_set_syscall_filter(u, 1, 0, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_filter(u, 1, 4, NULL), EINVAL);
	CHECK_ERR(utracer_set_syscall_filter(u, 1, both, NULL), ENOTTY);

	CHECK_ERR(utracer_is_attached(u, 0), EINVAL);
	CHECK_ERR(utracer_is_attached(u, 1), ENOTTY);
}

static void test_inspection(void)
{
	struct utracer_regset sets[4];
	struct utracer_module_info info;
	size_t n = 99;
	char buf[16];

	CHECK_NULL_ERR(utracer_task_list(u, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_task_list(NULL, &n), EINVAL);
	CHECK_NULL_ERR(utracer_task_list(u, &n), ENOTTY);
	CHECK(n == 99);

	CHECK_ERR(utracer_regset_list(u, 1, NULL, 4), EINVAL);
	CHECK_ERR(utracer_regset_list(u, 0, sets, 4), EINVAL);
	CHECK_ERR(utracer_regset_list(u, 1, sets, 4), ENOTTY);
	CHECK_ERR(utracer_regset_list(u, 1, NULL, 0), ENOTTY);
	CHECK_ERR(utracer_regset_read(u, 1, 1, NULL, 8), EINVAL);
	CHECK_ERR(utracer_regset_read(u, 1, 1, buf, sizeof(buf)), ENOTTY);

	CHECK_ERR(utracer_mem_read(u, 1, 0x1000, NULL, 8), EINVAL);
	CHECK_ERR(utracer_mem_read(u, 0, 0x1000, buf, 8), EINVAL);
	CHECK_ERR(utracer_mem_read(u, 1, 0x1000, buf, sizeof(buf)), ENOTTY);
	CHECK(utracer_mem_read(u, 1, 0x1000, buf, 0) == 0);

	CHECK_NULL_ERR(utracer_environ_list(u, 0, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_environ_list(u, 1, NULL), ENOTTY);
	CHECK_NULL_ERR(utracer_map_list(u, 1, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_map_list(u, 1, &n), ENOTTY);
	CHECK_NULL_ERR(utracer_exe_path(u, -1), EINVAL);
	CHECK_NULL_ERR(utracer_exe_path(u, 1), ENOTTY);

	memset(&info, 0, sizeof(info));
	info.sz = offsetof(struct utracer_module_info, api_minor);
	CHECK_ERR(utracer_module_info(u, &info), EINVAL);
	info.sz = sizeof(info);
	CHECK_ERR(utracer_module_info(u, &info), ENOTTY);
	CHECK_ERR(utracer_module_info(u, NULL), EINVAL);

	CHECK_ERR(utracer_set_wakeup(NULL, 0, 0), EINVAL);
	CHECK_ERR(utracer_set_wakeup(u, 4096, UTRACER_RING_WAKEUP_MS_MAX + 1), EINVAL);
	/* No ring mapped (and no module feature): nothing to ask. */
	CHECK_ERR(utracer_set_wakeup(u, 4096, 0), EOPNOTSUPP);
	u->version.features = UTRACER_FEAT_RING_WAKEUP;
	CHECK_ERR(utracer_set_wakeup(u, 4096, 0), EOPNOTSUPP);
	u->version.features = 0;

	CHECK_ERR(utracer_has_feature(u, UTRACER_FEATURE_MAX), EINVAL);
	CHECK_ERR(utracer_has_feature(NULL, UTRACER_FEATURE_MAPS), EINVAL);
	u->version.features = UTRACER_FEAT_MAPS | UTRACER_FEAT_LOSSY;
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_MAPS) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_LOSSY) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_REGSETS) == 0);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_QUIESCE_WAIT) == 0);
	u->version.features |= UTRACER_FEAT_QUIESCE_WAIT;
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_QUIESCE_WAIT) == 1);
}

static void test_breakpoints(void)
{
	uint64_t off = 7;
	size_t n;

	CHECK_ERR(utracer_breakpoint_set(NULL, "/bin/true", 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, NULL, 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, "", 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_set(u, "/bin/true", 0), EOPNOTSUPP);
	CHECK_ERR(utracer_breakpoint_set_addr(NULL, 1, 0x1000, NULL), EINVAL);
	CHECK_ERR(utracer_breakpoint_set_addr(u, 0, 0x1000, NULL), EINVAL);
	CHECK_ERR(utracer_breakpoint_set_addr(u, -3, 0x1000, &off), EINVAL);
	CHECK_ERR(utracer_breakpoint_set_addr(u, 1, 0x1000, &off), EOPNOTSUPP);
	CHECK(off == 7);
	CHECK_ERR(utracer_breakpoint_remove(NULL, 1), EINVAL);
	CHECK_ERR(utracer_breakpoint_remove(u, 0), EINVAL);
	CHECK_ERR(utracer_breakpoint_remove(u, 1), EOPNOTSUPP);
	CHECK_NULL_ERR(utracer_breakpoint_list(NULL, &n), EINVAL);
	CHECK_NULL_ERR(utracer_breakpoint_list(u, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_breakpoint_list(u, &n), EOPNOTSUPP);

	/* With the feature, the calls reach the module. */
	u->version.features |= UTRACER_FEAT_BREAKPOINT;
	CHECK_ERR(utracer_breakpoint_set(u, "/bin/true", 0), ENOTTY);
	CHECK_ERR(utracer_breakpoint_set_addr(u, 1, 0x1000, &off), ENOTTY);
	CHECK_ERR(utracer_breakpoint_remove(u, 1), ENOTTY);
	CHECK_NULL_ERR(utracer_breakpoint_list(u, &n), ENOTTY);
	CHECK(off == 7);
	u->version.features &= ~UTRACER_FEAT_BREAKPOINT;
}

static void test_hwbp(void)
{
	size_t n;

	CHECK_ERR(utracer_hwbp_set(NULL, 1, 0x1000, 8, UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, 0, 0x1000, 8, UTRACER_HWBP_TYPE_WRITE), EINVAL);
	CHECK_ERR(utracer_hwbp_set(u, 1, 0x1000, 8, UTRACER_HWBP_TYPE_WRITE), EOPNOTSUPP);
	CHECK_ERR(utracer_hwbp_remove(NULL, 1), EINVAL);
	CHECK_ERR(utracer_hwbp_remove(u, 0), EINVAL);
	CHECK_ERR(utracer_hwbp_remove(u, 1), EOPNOTSUPP);
	CHECK_NULL_ERR(utracer_hwbp_list(NULL, &n), EINVAL);
	CHECK_NULL_ERR(utracer_hwbp_list(u, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_hwbp_list(u, &n), EOPNOTSUPP);

	/* With the feature, the calls reach the module. */
	u->version.features |= UTRACER_FEAT_HWBP;
	CHECK_ERR(utracer_hwbp_set(u, 1, 0x1000, 8, UTRACER_HWBP_TYPE_WRITE), ENOTTY);
	CHECK_ERR(utracer_hwbp_remove(u, 1), ENOTTY);
	CHECK_NULL_ERR(utracer_hwbp_list(u, &n), ENOTTY);
	u->version.features &= ~UTRACER_FEAT_HWBP;
}

static void test_signal_holds(void)
{
	const uint64_t set = UTRACER_SIGNAL_BIT(SIGUSR1);

	CHECK_ERR(utracer_set_signal_holds(NULL, 1, set), EINVAL);
	CHECK_ERR(utracer_set_signal_holds(u, 0, set), EINVAL);
	CHECK_ERR(utracer_set_signal_holds(u, 1, set), EOPNOTSUPP);
	CHECK_ERR(utracer_signal_verdict(NULL, 1, 0), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, 0, 0), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, 1, -1), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, 1, 65), EINVAL);
	CHECK_ERR(utracer_signal_verdict(u, 1, 0), EOPNOTSUPP);

	/* With the feature, the calls reach the module. */
	u->version.features |= UTRACER_FEAT_SIGNAL_HOLD;
	CHECK_ERR(utracer_set_signal_holds(u, 1, set), ENOTTY);
	CHECK_ERR(utracer_signal_verdict(u, 1, SIGUSR1), ENOTTY);
	u->version.features &= ~UTRACER_FEAT_SIGNAL_HOLD;
}

static void test_spawn(void)
{
	char *argv[] = { "true", NULL };
	int status;

	CHECK_ERR(utracer_spawn(NULL, "/bin/true", argv, NULL), EINVAL);
	CHECK_ERR(utracer_spawn(u, NULL, argv, NULL), EINVAL);
	CHECK_ERR(utracer_spawn(u, "/bin/true", NULL, NULL), EINVAL);
	{
		UTRACER_OPTS(utracer_attach_opts, a, .flags = UTRACER_THREAD);
		UTRACER_OPTS(utracer_spawn_opts, o, .attach = &a);

		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		a.flags = UTRACER_ATTACH_F_QUIESCE;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		a.flags = 1U << 5;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		a.flags = 0;
		a.stop_events = UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT);
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		a.stop_events = 0;
		o.flags = 1U << 5;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		/* Ids to take: groups named but not given, or an id of -1. */
		o.flags = UTRACER_SPAWN_F_SET_IDS;
		o.ngroups = 1;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		o.ngroups = 0;
		o.uid = UINT32_MAX;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		o.uid = 0;
		o.gid = UINT32_MAX;
		CHECK_ERR(utracer_spawn(u, "/bin/true", argv, &o), EINVAL);
		o.gid = 0;
		o.flags = UTRACER_SPAWN_F_SEARCH_PATH;
		CHECK_ERR(utracer_spawn(u, "no-such-program-here", argv, &o), ENOENT);

		/* Found in $PATH; the attach fails; the child is reaped. */
		CHECK_ERR(utracer_spawn(u, "true", argv, &o), ENOTTY);
		errno = 0;
		CHECK(waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD);
	}
}

static void test_helpers(void)
{
	struct utracer_syscall_set set;
	unsigned char *p;
	size_t i;
	int zero = 1;

	utracer_syscall_set_zero(&set);
	CHECK(!utracer_syscall_set_has(&set, 0));
	CHECK(utracer_syscall_set_add(&set, 0) == 0);
	CHECK(utracer_syscall_set_add(&set, 63) == 0);
	CHECK(utracer_syscall_set_add(&set, 64) == 0);
	CHECK(utracer_syscall_set_add(&set, UTRACER_SYSCALL_SET_BITS - 1) == 0);
	CHECK(utracer_syscall_set_add(&set, UTRACER_SYSCALL_SET_BITS) == -EINVAL);
	CHECK(utracer_syscall_set_has(&set, 0) && utracer_syscall_set_has(&set, 63));
	CHECK(utracer_syscall_set_has(&set, 64));
	CHECK(!utracer_syscall_set_has(&set, 65));
	CHECK(utracer_syscall_set_has(&set, UTRACER_SYSCALL_SET_BITS - 1));
	CHECK(!utracer_syscall_set_has(&set, UTRACER_SYSCALL_SET_BITS));
	CHECK(set.bits[0] == (UINT64_C(1) | UINT64_C(1) << 63) && set.bits[1] == 1);
	CHECK(utracer_syscall_set_del(&set, 63) == 0);
	CHECK(!utracer_syscall_set_has(&set, 63) && utracer_syscall_set_has(&set, 0));
	CHECK(utracer_syscall_set_del(&set, 5000) == -EINVAL);

	{
		/* Padding and unnamed fields come zeroed, sz is set. */
		UTRACER_OPTS(utracer_spawn_opts, o, .flags = 1);

		CHECK(o.sz == sizeof(o) && o.flags == 1 && !o.envp && !o.attach);
		p = (unsigned char *)&o;
		for (i = offsetof(struct utracer_spawn_opts, __pad0); i < sizeof(o); i++)
			zero &= p[i] == 0;
		CHECK(zero);
	}
}

int main(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	REQUIRE(fd >= 0);
	u = ulib_fake_client(fd, -1);
	REQUIRE(u);
	test_attach();
	test_commands();
	test_inspection();
	test_breakpoints();
	test_hwbp();
	test_signal_holds();
	test_spawn();
	test_helpers();
	utracer_close(u);
	return ulib_verdict();
}
