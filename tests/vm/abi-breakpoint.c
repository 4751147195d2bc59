// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the breakpoint commands' errors at the ABI: BP_SET with a
 * short size, unknown flags, non-zero id or reserved fields, a path given
 * with UTRACER_BP_ADDR or an address without it, no path, a bad path or
 * struct pointer (EFAULT), a larger struct with a non-zero tail (E2BIG);
 * BP_REMOVE with a short size, flags, padding, id 0, an unknown id;
 * BP_LIST with a short size, flags, padding, a count without a buffer, a bad
 * buffer; a number of the range with another struct's size (ENOTTY: 0x25
 * is HWBP_SET, whose struct is larger). The version query
 * names the feature and the event; a valid set, list and remove work.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "uabi.h"

int main(void)
{
	struct utracer_version v = { .size = sizeof(v) };
	struct utracer_bp_set s, big[2];
	struct utracer_bp_info info[2];
	struct utracer_bp_list l;
	struct uabi_client c;
	char exe[256];
	ssize_t n;

	if (!uabi_available())
		return SKIP;
	if (uabi_register(&c))
		return FAIL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return FAIL;
	exe[n] = '\0';

	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_BREAKPOINT, "features %llx",
	      (unsigned long long)v.features);
	CHECK(v.events & UTRACER_EVMASK(UTRACER_EV_BREAKPOINT), "events %llx",
	      (unsigned long long)v.events);

#define RESET() do { memset(&s, 0, sizeof(s)); s.size = sizeof(s); \
		     s.path = (uintptr_t)exe; s.offset = 0; } while (0)
	RESET();
	s.size = UTRACER_BP_SET_SIZE_VER0 - 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.flags = 1U << 7;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.id = 3;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.reserved[1] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.flags = UTRACER_BP_ADDR;
	s.pid = getpid();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.addr = 0x1000;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.pid = getpid();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.path = 0;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EINVAL);
	RESET();
	s.path = 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), EFAULT);
	RESET();
	s.flags = UTRACER_BP_ADDR;
	s.path = 0;
	s.pid = getpid();
	s.addr = 0x1000;
	/* Not attached to ourselves. */
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s), ESRCH);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, NULL), EFAULT);
	memset(big, 0, sizeof(big));
	big[0].size = sizeof(big);
	big[0].path = (uintptr_t)exe;
	big[1].offset = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_BP_SET, big), E2BIG);

	/* A valid one: by path, nobody attached maps it yet. */
	RESET();
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_BP_SET, &s));
	CHECK(s.id == 1, "id %u", s.id);

	uabi_check_bp_list_errors(&c, UTRACER_IOC_BP_LIST);
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.count = 2;
	memset(info, 0, sizeof(info));
	l.buf = (uintptr_t)info;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_BP_LIST, &l));
	CHECK(l.count == 1 && info[0].id == 1 && info[0].offset == 0 && info[0].hits == 0,
	      "count %u id %u", l.count, info[0].id);
	l.count = 0;
	l.buf = 0;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_BP_LIST, &l));
	CHECK(l.count == 1, "count %u", l.count);

	uabi_check_bp_remove(&c, UTRACER_IOC_BP_REMOVE, 1);

	CHECK_ERR(ioctl(c.cmd, _IOWR(UTRACER_IOC_MAGIC, 0x25, struct utracer_bp_list), &l),
		  ENOTTY);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
