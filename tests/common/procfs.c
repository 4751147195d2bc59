// SPDX-License-Identifier: GPL-2.0
/*
 * /proc helpers for the tests of either family (raw ABI and library).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfs.h"
#include "uabi.h"

char proc_state(pid_t pid, char want, int timeout_ms)
{
	long long end = uabi_now_ms() + timeout_ms;
	char path[64], state;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (;;) {
		size_t len;
		char *s = uabi_slurp(path, &len);
		/* The state follows the command name, which may hold ')'. */
		char *p = s ? memrchr(s, ')', len) : NULL;

		state = p && p + 2 < s + len ? p[2] : '?';
		free(s);
		if (state == want || uabi_now_ms() >= end)
			return state;
		usleep(10000);
	}
}

long proc_syscall(pid_t pid, long want, int timeout_ms)
{
	long long end = uabi_now_ms() + timeout_ms;
	char path[64];
	long nr;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (;;) {
		char line[32] = "", *e;
		size_t len;
		char *s = uabi_slurp(path, &len);

		/* "NR ARGS... SP PC", "-1 SP PC" outside a call, or "running". */
		if (s)
			memcpy(line, s, len < sizeof(line) - 1 ? len : sizeof(line) - 1);
		nr = s ? strtol(line, &e, 10) : -2;
		if (s && e == line)
			nr = -1;
		free(s);
		if (nr == want || uabi_now_ms() >= end)
			return nr;
		usleep(10000);
	}
}
