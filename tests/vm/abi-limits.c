// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the bounds a client cannot pass. A struct size above a
 * page is refused with E2BIG even when its tail is all zeros (a size
 * within a page with a zero tail is accepted); with the module parameter
 * max_breakpoints at 2, a client's third BP_SET fails with ENOSPC, and
 * succeeds again once one is removed. The parameter is restored.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "uabi.h"

#define PARAM "/sys/module/utracer/parameters/max_breakpoints"

static int write_param(const char *v)
{
	int fd = open(PARAM, O_WRONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, v, strlen(v));
		close(fd);
	}
	return n == (ssize_t)strlen(v) ? 0 : -1;
}

static int bp_set(struct uabi_client *c, const char *exe, uint64_t offset, uint32_t *id)
{
	struct utracer_bp_set s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.path = (uintptr_t)exe;
	s.offset = offset;
	ret = ioctl(c->cmd, UTRACER_IOC_BP_SET, &s);
	if (!ret && id)
		*id = s.id;
	return ret;
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct utracer_bp_remove r;
	struct utracer_version *v;
	struct uabi_client c;
	char exe[256], *saved;
	uint32_t id = 0;
	size_t len;
	ssize_t n;

	if (!uabi_available() || getuid() != 0)
		return SKIP;
	CHECK(uabi_register(&c) == 0, "register");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	CHECK(n > 0, "readlink");
	exe[n > 0 ? n : 0] = '\0';

	v = calloc(1, page + 8);
	if (!v)
		return FAIL;
	v->size = page + 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_VERSION, v), E2BIG);
	CHECK_ERR(ioctl(c.control, UTRACER_IOC_VERSION, v), E2BIG);
	v->size = page;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, v));
	CHECK(v->api_major == UTRACER_API_MAJOR, "VERSION answered %u", v->api_major);
	free(v);

	saved = uabi_slurp(PARAM, &len);
	CHECK(saved != NULL, "no %s", PARAM);
	CHECK(write_param("2") == 0, "set max_breakpoints");
	CHECK_OK(bp_set(&c, exe, 0, &id));
	CHECK_OK(bp_set(&c, exe, 1, NULL));
	CHECK_ERR(bp_set(&c, exe, 2, NULL), ENOSPC);
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.id = id;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_BP_REMOVE, &r));
	CHECK_OK(bp_set(&c, exe, 2, NULL));
	CHECK_ERR(bp_set(&c, exe, 3, NULL), ENOSPC);
	if (saved)
		CHECK(write_param(saved) == 0, "restore max_breakpoints");
	free(saved);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
