// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

int ulib_failures;

struct utracer *ulib_fake_client(int cmd_fd, int resp_fd)
{
	struct utracer *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->control_fd = -1;
	u->cmd_fd = cmd_fd;
	u->resp_fd = resp_fd;
	u->version.api_major = LIBUTRACER_API_MAJOR;
	u->version.max_syscall = UTRACER_SYSCALL_MAX;
	if (pthread_mutex_init(&u->ev_lock, NULL)) {
		free(u);
		return NULL;
	}
	return u;
}
