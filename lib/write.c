// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Changing a tracee: register sets and memory.
 */
#include <limits.h>
#include <string.h>

#include "internal.h"

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

UTRACER_EXPORT
ssize_t utracer_mem_write(struct utracer *u, pid_t pid, uint64_t addr,
			  const void *buf, size_t len)
{
	return utracer_err_ssize(utracer__mem_transfer(u, UTRACER_IOC_MEM_WRITE, pid, addr,
						       (uintptr_t)buf, len));
}
