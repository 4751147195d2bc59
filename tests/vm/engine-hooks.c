// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the syscall tracepoints are registered exactly while some
 * engine wants syscall events, plus a linger of about a second:
 * /sys/module/utracer/parameters/syscall_hooks reads 0 with no syscall
 * events asked for, 1 from the moment an attach or SET_EVENTS asks for
 * them (the first syscall is already seen), still 1 right after the last
 * user drops them and after a quick off/on, and 0 again once the linger
 * has passed; unregistering a client counts as dropping them.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "uabi.h"

#define TMO 30000
#define PARAM "/sys/module/utracer/parameters/syscall_hooks"

static int hooks(void)
{
	char buf[8] = "";
	FILE *f = fopen(PARAM, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '?';
	fclose(f);
	return buf[0] == '1' ? 1 : buf[0] == '0' ? 0 : -1;
}

/* Waits up to @ms for the hooks to reach @want; returns the time taken or -1. */
static long long wait_hooks(int want, long long ms)
{
	long long t0 = uabi_now_ms();

	while (hooks() != want) {
		if (uabi_now_ms() - t0 > ms)
			return -1;
		usleep(20000);
	}
	return uabi_now_ms() - t0;
}

static int set_events(struct uabi_client *c, pid_t pid, uint64_t mask)
{
	struct utracer_set_events se = { .size = sizeof(se), .pid = pid, .event_mask = mask };

	return ioctl(c->cmd, UTRACER_IOC_SET_EVENTS, &se);
}

int main(void)
{
	const uint64_t sc = UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) |
			    UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT);
	char *argv[] = { (char *)uabi_prog("sleeper"), "churn", "1", NULL };
	struct utracer_ev_syscall_entry ent;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64];
	long long t;
	int st;

	if (!uabi_available())
		return SKIP;
	if (hooks() < 0) {
		fprintf(stderr, "%s is missing or unreadable\n", PARAM);
		return FAIL;
	}
	/* Another test's engines may still linger: start from 0. */
	CHECK(wait_hooks(0, 5000) >= 0, "the hooks are registered with no user");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");

	/* No syscall events: no hooks. */
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_EXIT), 0));
	CHECK(hooks() == 0, "hooks registered for an EXIT-only attach");

	/* Asking registers them before the ioctl returns. */
	CHECK_OK(set_events(&c, ch.pid, sc));
	CHECK(hooks() == 1, "SET_EVENTS with syscalls returned, hooks not registered");
	CHECK(uabi_wait_event(&c, UTRACER_EV_SYSCALL_ENTRY, 0, &ent, sizeof(ent), TMO),
	      "no syscall entry from a tracee making threads");

	/* Dropped: they linger, and a quick off/on keeps them. */
	CHECK_OK(set_events(&c, ch.pid, 0));
	CHECK(hooks() == 1, "the hooks went at once, without lingering");
	CHECK_OK(set_events(&c, ch.pid, sc));
	usleep(1500 * 1000);
	CHECK(hooks() == 1, "the hooks went while an engine wants syscalls");

	/* Off for good: gone after the linger (about a second). */
	CHECK_OK(set_events(&c, ch.pid, 0));
	t = wait_hooks(0, 10000);
	CHECK(t >= 0, "the hooks stayed registered with no user");
	CHECK(t < 0 || t >= 500, "the hooks went after %lld ms, before the linger", t);

	/* A client that goes away drops its engines' hooks too. */
	CHECK_OK(set_events(&c, ch.pid, sc));
	CHECK(hooks() == 1, "hooks not registered again");
	uabi_close(&c);
	CHECK(wait_hooks(0, 10000) >= 0, "the hooks stayed after the client went");

	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, &st);
	return uabi_failures ? FAIL : PASS;
}
