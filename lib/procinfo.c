// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * More of /proc/PID: auxiliary vector, command line, status, open files.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int utracer__auxv_decode(const void *raw, size_t len, size_t count, void *out, size_t *n)
{
	const struct utracer_auxv_entry *e = raw;
	struct utracer_auxv *v;
	size_t i, k = len / sizeof(*e);

	if (len % sizeof(*e) || k != count)
		return -EBADMSG;
	/* One element more than needed: calloc(0) may return NULL. */
	v = calloc(k + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < k; i++) {
		v[i].type = e[i].type;
		v[i].value = e[i].value;
	}
	*(struct utracer_auxv **)out = v;
	*n = k;
	return 0;
}

UTRACER_EXPORT
struct utracer_auxv *utracer_auxv_list(struct utracer *u, pid_t pid,
				       size_t *count)
{
	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	return utracer__buf_list(u, UTRACER_IOC_AUXV, pid, 0, utracer__auxv_decode, count);
}

UTRACER_EXPORT
char **utracer_cmdline_list(struct utracer *u, pid_t pid, size_t *count)
{
	if (!u || pid <= 0)
		return utracer_err_ptr(-EINVAL);
	/* The same shape as the environment: NUL-separated strings. */
	return utracer__buf_list(u, UTRACER_IOC_CMDLINE, pid, 1, utracer__environ_decode, count);
}

UTRACER_EXPORT
int utracer_task_status(struct utracer *u, pid_t pid,
			struct utracer_task_status *st)
{
	struct utracer_task_status full;
	struct utracer_status s;
	int err;

	if (!u || pid <= 0 || !st || st->sz < offsetofend(struct utracer_task_status, sz))
		return utracer_err(-EINVAL);
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.pid = pid;
	err = utracer__cmd(u, UTRACER_IOC_STATUS, &s);
	if (err)
		return utracer_err(err);
	memset(&full, 0, sizeof(full));
	full.sz = st->sz;
	full.state = (char)s.state;
	full.pid = s.tgid;
	full.tid = s.tid;
	full.ppid = s.ppid;
	full.threads = s.threads;
	memcpy(full.uid, s.uid, sizeof(full.uid));
	memcpy(full.gid, s.gid, sizeof(full.gid));
	full.sig_pending = s.sig_pending;
	full.sig_shared = s.sig_shared;
	full.sig_blocked = s.sig_blocked;
	full.sig_ignored = s.sig_ignored;
	full.sig_caught = s.sig_caught;
	utracer__copy_sized(st, st->sz, &full, sizeof(full));
	return 0;
}

static void fd_fill(void *elem, const void *rec, const char *path)
{
	const struct utracer_fd_record *r = rec;
	struct utracer_fd *f = elem;

	f->fd = r->fd;
	f->flags = r->flags;
	f->mode = (r->mode & UTRACER_FD_READ ? UTRACER_FD_F_READ : 0) |
		  (r->mode & UTRACER_FD_WRITE ? UTRACER_FD_F_WRITE : 0);
	f->dev_major = r->dev_major;
	f->dev_minor = r->dev_minor;
	f->pos = r->pos;
	f->inode = r->inode;
	f->path = path;
}

int utracer__fds_decode(const void *raw, size_t len, size_t count, void *out,
			size_t *count_out)
{
	return utracer__path_records_decode(raw, len, count, out, count_out,
					    sizeof(struct utracer_fd_record),
					    sizeof(struct utracer_fd), fd_fill);
}

UTRACER_EXPORT
struct utracer_fd *utracer_fd_list(struct utracer *u, pid_t pid, size_t *count)
{
	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	return utracer__buf_list(u, UTRACER_IOC_FDS, pid, 0, utracer__fds_decode, count);
}
