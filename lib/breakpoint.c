// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Breakpoints: set by file and offset or by address, remove, list.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* -EOPNOTSUPP when the loaded module has no breakpoints, else 0. */
static int bp_supported(const struct utracer *u)
{
	return u->version.features & UTRACER_FEAT_BREAKPOINT ? 0 : -EOPNOTSUPP;
}

/* BP_SET of s, whose target is filled in: the new breakpoint's number, or -errno. */
static int bp_set(struct utracer *u, struct utracer_bp_set *s)
{
	int err = bp_supported(u);

	if (err)
		return err;
	s->size = sizeof(*s);
	err = utracer__cmd(u, UTRACER_IOC_BP_SET, s);
	if (err)
		return err;
	return s->id > INT_MAX ? -EOVERFLOW : (int)s->id;
}

UTRACER_EXPORT
int utracer_breakpoint_set(struct utracer *u, const char *path, uint64_t offset)
{
	struct utracer_bp_set s;

	if (!u || !path || !*path)
		return utracer_err(-EINVAL);
	memset(&s, 0, sizeof(s));
	s.path = (uint64_t)(uintptr_t)path;
	s.offset = offset;
	return utracer_err(bp_set(u, &s));
}

UTRACER_EXPORT
int utracer_breakpoint_set_addr(struct utracer *u, pid_t pid, uint64_t addr,
				uint64_t *offset)
{
	struct utracer_bp_set s;
	int id;

	if (!u || pid <= 0)
		return utracer_err(-EINVAL);
	memset(&s, 0, sizeof(s));
	s.flags = UTRACER_BP_ADDR;
	s.pid = pid;
	s.addr = addr;
	id = bp_set(u, &s);
	if (id >= 0 && offset)
		*offset = s.offset;
	return utracer_err(id);
}

int utracer__bp_remove(struct utracer *u, unsigned long request, uint64_t feature,
		       uint32_t id)
{
	struct utracer_bp_remove r;

	if (!u || !id)
		return utracer_err(-EINVAL);
	if (!(u->version.features & feature))
		return utracer_err(-EOPNOTSUPP);
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.id = id;
	return utracer_err(utracer__cmd(u, request, &r));
}

UTRACER_EXPORT
int utracer_breakpoint_remove(struct utracer *u, uint32_t id)
{
	return utracer__bp_remove(u, UTRACER_IOC_BP_REMOVE, UTRACER_FEAT_BREAKPOINT, id);
}

static int bp_list(struct utracer *u, struct utracer_breakpoint **out, size_t *count)
{
	struct utracer_bp_info *info;
	struct utracer_breakpoint *bps;
	void *raw, *list;
	uint32_t n, i;
	int err;

	err = utracer__list_query(u, UTRACER_IOC_BP_LIST, sizeof(*info), &raw, &n,
				  sizeof(*bps), &list);
	if (err)
		return err;
	info = raw;
	bps = list;
	for (i = 0; i < n; i++) {
		bps[i].id = info[i].id;
		bps[i].flags = info[i].flags & UTRACER_BP_ADDR ? UTRACER_BREAKPOINT_F_ADDR : 0;
		bps[i].offset = info[i].offset;
		bps[i].inode = info[i].inode;
		bps[i].dev_major = info[i].dev_major;
		bps[i].dev_minor = info[i].dev_minor;
		bps[i].addr = info[i].addr;
		bps[i].hits = info[i].hits;
	}
	free(info);
	*out = bps;
	*count = n;
	return 0;
}

UTRACER_EXPORT
struct utracer_breakpoint *utracer_breakpoint_list(struct utracer *u, size_t *count)
{
	struct utracer_breakpoint *bps;
	size_t n;
	int err;

	if (!u || !count)
		return utracer_err_ptr(-EINVAL);
	err = bp_supported(u);
	if (!err)
		err = bp_list(u, &bps, &n);
	if (err)
		return utracer_err_ptr(err);
	*count = n;
	return bps;
}
