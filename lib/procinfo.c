// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * More of /proc/PID: auxiliary vector, command line, status, open files.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int utracer__auxv_decode(const void *raw, size_t len, size_t count,
			 struct utracer_auxv **out, size_t *n)
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
	*out = v;
	*n = k;
	return 0;
}

static int auxv_list(struct utracer *u, pid_t pid, struct utracer_auxv **out,
		     size_t *n)
{
	unsigned char *data;
	uint32_t count;
	size_t len;
	int err;

	err = utracer__buf_query(u, UTRACER_IOC_AUXV, pid, 0, &data, &len, &count);
	if (err)
		return err;
	err = utracer__auxv_decode(data, len, count, out, n);
	free(data);
	return err;
}

UTRACER_EXPORT
struct utracer_auxv *utracer_auxv_list(struct utracer *u, pid_t pid,
				       size_t *count)
{
	struct utracer_auxv *v;
	size_t n;
	int err;

	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	err = auxv_list(u, pid, &v, &n);
	if (err)
		return utracer_err_ptr(err);
	*count = n;
	return v;
}

UTRACER_EXPORT
char **utracer_cmdline_list(struct utracer *u, pid_t pid, size_t *count)
{
	unsigned char *data;
	uint32_t unused;
	char **vec;
	size_t len;
	int err;

	if (!u || pid <= 0)
		return utracer_err_ptr(-EINVAL);
	err = utracer__buf_query(u, UTRACER_IOC_CMDLINE, pid, 1, &data, &len, &unused);
	if (err)
		return utracer_err_ptr(err);
	/* The same shape as the environment: NUL-separated strings. */
	err = utracer__environ_decode(data, len, &vec, count);
	free(data);
	if (err)
		return utracer_err_ptr(err);
	return vec;
}

UTRACER_EXPORT
int utracer_task_status(struct utracer *u, pid_t pid,
			struct utracer_task_status *st)
{
	struct utracer_task_status full;
	struct utracer_status s;
	size_t n;
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
	n = st->sz < sizeof(full) ? st->sz : sizeof(full);
	memcpy(st, &full, n);
	/* Fields of a newer caller that this library does not know: zero. */
	if (st->sz > sizeof(full))
		memset((char *)st + sizeof(full), 0, st->sz - sizeof(full));
	return 0;
}

int utracer__fds_decode(const void *raw, size_t len, size_t count,
			struct utracer_fd **out, size_t *count_out)
{
	const unsigned char *data = raw;
	size_t off, n = 0, strings_len = 0, i;
	struct utracer_fd *fds;
	char *strings;

	/* First pass: check every record and size the strings. */
	for (off = 0; off < len; n++) {
		const struct utracer_fd_record *r = (const void *)(data + off);

		if (len - off < sizeof(*r) || r->rec_len < sizeof(*r) ||
		    r->rec_len % 8 || r->rec_len > len - off ||
		    !memchr(r->path, '\0', r->rec_len - sizeof(*r)))
			return -EBADMSG;
		strings_len += strlen(r->path) + 1;
		off += r->rec_len;
	}
	if (n != count)
		return -EBADMSG;

	fds = calloc(1, (n + 1) * sizeof(*fds) + strings_len);
	if (!fds)
		return -ENOMEM;
	strings = (char *)(fds + n + 1);
	for (off = 0, i = 0; i < n; i++) {
		const struct utracer_fd_record *r = (const void *)(data + off);
		size_t plen = strlen(r->path) + 1;

		fds[i].fd = r->fd;
		fds[i].flags = r->flags;
		fds[i].mode = (r->mode & UTRACER_FD_READ ? UTRACER_FD_F_READ : 0) |
			      (r->mode & UTRACER_FD_WRITE ? UTRACER_FD_F_WRITE : 0);
		fds[i].dev_major = r->dev_major;
		fds[i].dev_minor = r->dev_minor;
		fds[i].pos = r->pos;
		fds[i].inode = r->inode;
		memcpy(strings, r->path, plen);
		fds[i].path = strings;
		strings += plen;
		off += r->rec_len;
	}
	*out = fds;
	*count_out = n;
	return 0;
}

UTRACER_EXPORT
struct utracer_fd *utracer_fd_list(struct utracer *u, pid_t pid, size_t *count)
{
	struct utracer_fd *fds;
	unsigned char *data;
	uint32_t records;
	size_t len, n;
	int err;

	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	err = utracer__buf_query(u, UTRACER_IOC_FDS, pid, 0, &data, &len, &records);
	if (err)
		return utracer_err_ptr(err);
	err = utracer__fds_decode(data, len, records, &fds, &n);
	free(data);
	if (err)
		return utracer_err_ptr(err);
	*count = n;
	return fds;
}
