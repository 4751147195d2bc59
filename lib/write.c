// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Changing a tracee: register sets and memory.
 */
#include <limits.h>
#include <string.h>

#include "internal.h"

/* The largest piece of memory one MEM_WRITE carries. */
#define MEM_WRITE_CHUNK (UINT64_C(1) << 30)

UTRACER_EXPORT
int utracer_regset_write(struct utracer *u, pid_t tid, uint32_t note_type,
			 const void *buf, size_t len)
{
	struct utracer_regset_write w;

	if (!u || tid <= 0 || !buf || !len)
		return utracer_err(-EINVAL);
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.tid = tid;
	w.note_type = note_type;
	w.buf = (uint64_t)(uintptr_t)buf;
	w.len = len;
	return utracer_err(utracer__cmd(u, UTRACER_IOC_REGSET_WRITE, &w));
}

static ssize_t mem_write(struct utracer *u, pid_t pid, uint64_t addr,
			 const unsigned char *buf, size_t len)
{
	size_t total = 0;

	if (!u || pid <= 0 || (len && !buf) || len > SSIZE_MAX)
		return -EINVAL;
	if (!len)
		return 0;
	/* In pieces; a short piece means the writable range ended there. */
	while (total < len) {
		struct utracer_mem_write m;
		uint64_t want = len - total;
		int err;

		if (want > MEM_WRITE_CHUNK)
			want = MEM_WRITE_CHUNK;
		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.pid = pid;
		m.addr = addr + total;
		m.buf = (uint64_t)(uintptr_t)(buf + total);
		m.len = want;
		err = utracer__cmd(u, UTRACER_IOC_MEM_WRITE, &m);
		if (err)
			return total ? (ssize_t)total : err;
		if (m.done > want)
			return -EBADMSG;
		total += m.done;
		if (m.done < want)
			break;
	}
	return (ssize_t)total;
}

UTRACER_EXPORT
ssize_t utracer_mem_write(struct utracer *u, pid_t pid, uint64_t addr,
			  const void *buf, size_t len)
{
	return utracer_err_ssize(mem_write(u, pid, addr, buf, len));
}
