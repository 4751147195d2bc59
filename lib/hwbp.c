// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Hardware breakpoints and watchpoints: set, remove, list.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The library's types are the module's. */
_Static_assert(UTRACER_HWBP_TYPE_EXEC == UTRACER_HWBP_EXEC, "hwbp type");
_Static_assert(UTRACER_HWBP_TYPE_WRITE == UTRACER_HWBP_WRITE, "hwbp type");
_Static_assert(UTRACER_HWBP_TYPE_ACCESS == UTRACER_HWBP_ACCESS, "hwbp type");

/* -EOPNOTSUPP when the loaded module has no hardware breakpoints, else 0. */
static int hwbp_supported(const struct utracer *u)
{
	return u->version.features & UTRACER_FEAT_HWBP ? 0 : -EOPNOTSUPP;
}

UTRACER_EXPORT
int utracer_hwbp_set(struct utracer *u, pid_t pid, uint64_t addr, uint32_t len,
		     enum utracer_hwbp_type type)
{
	struct utracer_hwbp_set s;
	int err;

	if (!u || pid <= 0)
		return utracer_err(-EINVAL);
	err = hwbp_supported(u);
	if (err)
		return utracer_err(err);
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.pid = pid;
	s.addr = addr;
	s.len = len;
	s.type = type;
	err = utracer__cmd(u, UTRACER_IOC_HWBP_SET, &s);
	if (err)
		return utracer_err(err);
	return s.id > INT_MAX ? utracer_err(-EOVERFLOW) : (int)s.id;
}

UTRACER_EXPORT
int utracer_hwbp_remove(struct utracer *u, uint32_t id)
{
	return utracer__bp_remove(u, UTRACER_IOC_HWBP_REMOVE, UTRACER_FEAT_HWBP, id);
}

UTRACER_EXPORT
struct utracer_hwbp *utracer_hwbp_list(struct utracer *u, size_t *count)
{
	struct utracer_hwbp_info *info;
	struct utracer_hwbp *out;
	void *raw, *list;
	uint32_t n, i;
	int err;

	if (!u || !count)
		return utracer_err_ptr(-EINVAL);
	err = hwbp_supported(u);
	if (!err)
		err = utracer__list_query(u, UTRACER_IOC_HWBP_LIST, sizeof(*info), &raw, &n,
					  sizeof(*out), &list);
	if (err)
		return utracer_err_ptr(err);
	info = raw;
	out = list;
	for (i = 0; i < n; i++) {
		out[i].id = info[i].id;
		out[i].type = info[i].type;
		out[i].pid = info[i].pid;
		out[i].len = info[i].len;
		out[i].addr = info[i].addr;
		out[i].hits = info[i].hits;
	}
	free(info);
	*count = n;
	return out;
}
