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
	ssize_t ret;

	if (!u || tid <= 0 || !buf || !len)
		return utracer_err(-EINVAL);
	ret = utracer__regset_transfer(u, UTRACER_IOC_REGSET_WRITE, tid, note_type,
				       (uintptr_t)buf, len);
	return utracer_err(ret < 0 ? (int)ret : 0);
}

UTRACER_EXPORT
ssize_t utracer_mem_write(struct utracer *u, pid_t pid, uint64_t addr,
			  const void *buf, size_t len)
{
	return utracer_err_ssize(utracer__mem_transfer(u, UTRACER_IOC_MEM_WRITE, pid, addr,
						       (uintptr_t)buf, len));
}
