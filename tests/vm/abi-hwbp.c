// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the hardware breakpoint commands' errors at the ABI:
 * HWBP_SET with a short size, unknown flags, a non-zero id or reserved
 * field, a pid of 0 or below, a type of 0 or 4 (EINVAL), a larger struct
 * with a non-zero tail (E2BIG), a bad struct pointer (EFAULT), a pid not
 * attached (ESRCH); HWBP_REMOVE with a short size, flags, padding, id 0
 * (EINVAL), an unknown id (ENOENT); HWBP_LIST with a short size, flags,
 * padding, a count without a buffer (EINVAL), a bad buffer (EFAULT). The
 * version query names the feature and the event; on
 * tests/progs/hwbp-target, a valid set answers id 1 and shows in the list (pid, address, length,
 * type), a write hits it (the HWBP record: id, type, address, length, the
 * writing thread), and remove works once.
 */
#include <errno.h>
#include <inttypes.h>
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
	struct utracer_hwbp_set s, big[2];
	struct utracer_hwbp_info info[2];
	struct utracer_ev_hwbp ev;
	struct utracer_bp_list l;
	struct uabi_client c;
	struct uabi_child ch;
	char *argv[] = { (char *)uabi_prog("hwbp-target"), NULL };
	uint64_t watched, func, spare;
	char line[128];
	int status;

	if (!uabi_available())
		return SKIP;
	if (uabi_register(&c))
		return FAIL;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_HWBP, "features %llx", (unsigned long long)v.features);
	CHECK(v.events & UTRACER_EVMASK(UTRACER_EV_HWBP), "events %llx",
	      (unsigned long long)v.events);
	if (uabi_spawn(&ch, argv) || uabi_read_line(&ch, line, sizeof(line), 20000) <= 0 ||
	    sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &watched, &func, &spare) != 3)
		return FAIL;

#define RESET() do { memset(&s, 0, sizeof(s)); s.size = sizeof(s); s.pid = ch.pid; \
		     s.addr = watched; s.len = 8; s.type = UTRACER_HWBP_WRITE; } while (0)
	RESET();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), ESRCH);
	CHECK_OK(uabi_attach(&c, ch.pid, 0, 0, 0));
	s.size = UTRACER_HWBP_SET_SIZE_VER0 - 8;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.id = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.reserved[0] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.reserved[1] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.pid = 0;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	s.pid = -1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	RESET();
	s.type = 0;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	s.type = 4;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), EINVAL);
	memset(big, 0, sizeof(big));
	big[0].size = sizeof(big);
	big[0].pid = ch.pid;
	big[0].addr = watched;
	big[0].len = 8;
	big[0].type = UTRACER_HWBP_WRITE;
	big[1].size = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, big), E2BIG);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, 8), EFAULT);
	RESET();
	s.pid = getpid();
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s), ESRCH);

	RESET();
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_HWBP_SET, &s));
	CHECK(s.id == 1, "id %u", s.id);

	uabi_check_bp_list_errors(&c, UTRACER_IOC_HWBP_LIST);
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.count = 2;
	memset(info, 0, sizeof(info));
	l.buf = (uintptr_t)info;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_HWBP_LIST, &l));
	CHECK(l.count == 1 && info[0].id == 1 && info[0].pid == ch.pid &&
	      info[0].addr == watched && info[0].len == 8 && info[0].type == UTRACER_HWBP_WRITE &&
	      info[0].hits == 0, "count %u id %u", l.count, info[0].id);

	/* A write hits it: the record names it and the thread. */
	CHECK(write(ch.in, "w\n", 2) == 2, "write");
	memset(&ev, 0, sizeof(ev));
	CHECK(uabi_wait_event(&c, UTRACER_EV_HWBP, ch.pid, &ev, sizeof(ev), 20000) == 1,
	      "no HWBP event");
	CHECK(ev.hdr.size == sizeof(ev) && ev.hdr.pid == ch.pid && ev.hdr.tid == ch.pid &&
	      (ev.hdr.flags & UTRACER_EVF_STOPPED), "size %u tid %d flags %x", ev.hdr.size,
	      ev.hdr.tid, ev.hdr.flags);
	CHECK(ev.id == 1 && ev.type == UTRACER_HWBP_WRITE && ev.addr == watched && ev.len == 8,
	      "id %u type %u addr %llx len %u", ev.id, ev.type, (unsigned long long)ev.addr,
	      ev.len);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(uabi_read_line(&ch, line, sizeof(line), 20000) > 0 && !strcmp(line, "ok 1"),
	      "answer '%s'", line);

	uabi_check_bp_remove(&c, UTRACER_IOC_HWBP_REMOVE, 1);

	CHECK(write(ch.in, "q\n", 2) == 2, "write");
	CHECK(uabi_reap(&ch, &status) == 0 && status == 0, "status %x", status);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
