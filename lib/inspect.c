// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Inspection: register sets, memory, environment, memory map, executable.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

/* The largest piece of memory one MEM_READ asks for. */
#define MEM_CHUNK (UINT64_C(1) << 30)

/* First size tried for variable-size answers; the module says what it needs. */
#define BUF_QUERY_FIRST 4096

static int regset_list(struct utracer *u, pid_t tid,
		       struct utracer_regset *sets, size_t max)
{
	struct utracer_regset_info *info = NULL;
	struct utracer_regset_list l;
	size_t i, n;
	int err;

	if (!u || tid <= 0 || (max && !sets) || max > UINT32_MAX)
		return -EINVAL;
	if (max) {
		info = calloc(max, sizeof(*info));
		if (!info)
			return -ENOMEM;
	}
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.tid = tid;
	l.count = (uint32_t)max;
	l.buf = (uint64_t)(uintptr_t)info;
	err = utracer__cmd(u, UTRACER_IOC_REGSET_LIST, &l);
	if (err) {
		free(info);
		return err;
	}
	n = l.count < max ? l.count : max;
	for (i = 0; i < n; i++) {
		sets[i].note_type = info[i].note_type;
		sets[i].count = info[i].n;
		sets[i].size = info[i].size;
		sets[i].align = info[i].align;
		sets[i].bytes = (uint64_t)info[i].n * info[i].size;
	}
	free(info);
	return l.count > INT32_MAX ? -EOVERFLOW : (int)l.count;
}

UTRACER_EXPORT
int utracer_regset_list(struct utracer *u, pid_t tid,
			struct utracer_regset *sets, size_t max)
{
	return utracer_err(regset_list(u, tid, sets, max));
}

UTRACER_EXPORT
ssize_t utracer_regset_read(struct utracer *u, pid_t tid, uint32_t note_type,
			    void *buf, size_t len)
{
	struct utracer_regset_read r;
	int err;

	if (!u || tid <= 0 || (len && !buf))
		return utracer_err(-EINVAL);
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.tid = tid;
	r.note_type = note_type;
	r.buf = (uint64_t)(uintptr_t)buf;
	r.len = len;
	err = utracer__cmd(u, UTRACER_IOC_REGSET_READ, &r);
	if (err)
		return utracer_err(err);
	return (ssize_t)r.len;
}

/*
 * MEM_READ and MEM_WRITE take structs of one layout: one loop serves both.
 * In pieces, each as large as one request may sensibly be; a short piece
 * means the readable (writable) range ended there.
 */
_Static_assert(sizeof(struct utracer_mem_read) == sizeof(struct utracer_mem_write) &&
	       offsetof(struct utracer_mem_read, pid) == offsetof(struct utracer_mem_write, pid) &&
	       offsetof(struct utracer_mem_read, addr) == offsetof(struct utracer_mem_write, addr) &&
	       offsetof(struct utracer_mem_read, buf) == offsetof(struct utracer_mem_write, buf) &&
	       offsetof(struct utracer_mem_read, len) == offsetof(struct utracer_mem_write, len) &&
	       offsetof(struct utracer_mem_read, done) == offsetof(struct utracer_mem_write, done),
	       "MEM_READ and MEM_WRITE structs differ");

ssize_t utracer__mem_transfer(struct utracer *u, unsigned long request, pid_t pid,
			      uint64_t addr, uintptr_t buf, size_t len)
{
	size_t total = 0;

	if (!u || pid <= 0 || (len && !buf) || len > SSIZE_MAX)
		return -EINVAL;
	while (total < len) {
		struct utracer_mem_read m;
		uint64_t want = len - total;
		int err;

		if (want > MEM_CHUNK)
			want = MEM_CHUNK;
		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.pid = pid;
		m.addr = addr + total;
		m.buf = (uint64_t)(buf + total);
		m.len = want;
		err = utracer__cmd(u, request, &m);
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
ssize_t utracer_mem_read(struct utracer *u, pid_t pid, uint64_t addr,
			 void *buf, size_t len)
{
	return utracer_err_ssize(utracer__mem_transfer(u, UTRACER_IOC_MEM_READ, pid, addr,
						       (uintptr_t)buf, len));
}

/*
 * Run a variable-size query (ENV, EXE, MAPS, AUXV, CMDLINE, FDS). On
 * success *data holds the answer (*len bytes, in a zeroed buffer with extra
 * bytes of room past it) and *count the module's record count.
 */
int utracer__buf_query(struct utracer *u, unsigned long request, pid_t pid,
		       size_t extra, unsigned char **data, size_t *len,
		       uint32_t *count)
{
	size_t cap = BUF_QUERY_FIRST;
	unsigned char *buf = NULL;
	int tries;

	/* The answer may grow between two calls; a few rounds settle it. */
	for (tries = 0; tries < 8; tries++) {
		struct utracer_buf_query q;
		unsigned char *p = realloc(buf, cap + extra);
		int err;

		if (!p) {
			free(buf);
			return -ENOMEM;
		}
		buf = p;
		/* Zeroed so that tools like valgrind see what the module wrote. */
		memset(buf, 0, cap + extra);
		memset(&q, 0, sizeof(q));
		q.size = sizeof(q);
		q.pid = pid;
		q.buf = (uint64_t)(uintptr_t)buf;
		q.len = cap;
		err = utracer__cmd(u, request, &q);
		if (err) {
			free(buf);
			return err;
		}
		if (q.needed <= cap && q.len <= cap) {
			*data = buf;
			*len = q.len;
			*count = q.count;
			return 0;
		}
		if (q.needed > SIZE_MAX / 2) {
			free(buf);
			return -EOVERFLOW;
		}
		cap = q.needed + q.needed / 8;
	}
	free(buf);
	return -EAGAIN;
}

int utracer__environ_decode(const void *raw, size_t len, char ***out,
			    size_t *count_out)
{
	const unsigned char *data = raw;
	size_t n = 0, i, j;
	char **vec;
	char *strings;

	/* Strings are NUL-separated; the last one may lack its NUL. */
	for (i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	if (len && data[len - 1] != '\0')
		n++;

	vec = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!vec)
		return -ENOMEM;
	strings = (char *)(vec + n + 1);
	memcpy(strings, data, len);
	strings[len] = '\0';
	for (i = 0, j = 0; j < n; j++) {
		vec[j] = strings + i;
		i += strlen(strings + i) + 1;
	}
	vec[n] = NULL;
	*out = vec;
	if (count_out)
		*count_out = n;
	return 0;
}

static int environ_list(struct utracer *u, pid_t pid, char ***out,
			size_t *count_out)
{
	unsigned char *data;
	uint32_t unused;
	size_t len;
	int err;

	err = utracer__buf_query(u, UTRACER_IOC_ENV, pid, 1, &data, &len, &unused);
	if (err)
		return err;
	err = utracer__environ_decode(data, len, out, count_out);
	free(data);
	return err;
}

UTRACER_EXPORT
char **utracer_environ_list(struct utracer *u, pid_t pid, size_t *count)
{
	char **vec;
	int err;

	if (!u || pid <= 0)
		return utracer_err_ptr(-EINVAL);
	err = environ_list(u, pid, &vec, count);
	if (err)
		return utracer_err_ptr(err);
	return vec;
}

static uint32_t prot_from_abi(uint32_t prot)
{
	return (prot & UTRACER_MAP_READ ? PROT_READ : 0) |
	       (prot & UTRACER_MAP_WRITE ? PROT_WRITE : 0) |
	       (prot & UTRACER_MAP_EXEC ? PROT_EXEC : 0);
}

int utracer__maps_decode(const void *raw, size_t len, size_t count,
			 struct utracer_map **out, size_t *count_out)
{
	const unsigned char *data = raw;
	size_t off, n = 0, strings_len = 0, i;
	struct utracer_map *maps;
	char *strings;

	/* First pass: check every record and size the strings. */
	for (off = 0; off < len; n++) {
		const struct utracer_map_record *r = (const void *)(data + off);

		if (len - off < sizeof(*r) || r->rec_len < sizeof(*r) ||
		    r->rec_len % 8 || r->rec_len > len - off ||
		    !memchr(r->path, '\0', r->rec_len - sizeof(*r)))
			return -EBADMSG;
		strings_len += strlen(r->path) + 1;
		off += r->rec_len;
	}
	if (n != count)
		return -EBADMSG;

	maps = calloc(1, (n + 1) * sizeof(*maps) + strings_len);
	if (!maps)
		return -ENOMEM;
	strings = (char *)(maps + n + 1);
	for (off = 0, i = 0; i < n; i++) {
		const struct utracer_map_record *r = (const void *)(data + off);
		size_t plen = strlen(r->path) + 1;

		maps[i].start = r->start;
		maps[i].end = r->end;
		maps[i].offset = r->offset;
		maps[i].inode = r->inode;
		maps[i].dev_major = r->dev_major;
		maps[i].dev_minor = r->dev_minor;
		maps[i].prot = prot_from_abi(r->prot);
		maps[i].flags = r->prot & UTRACER_MAP_SHARED ? UTRACER_MAP_F_SHARED : 0;
		memcpy(strings, r->path, plen);
		maps[i].path = strings;
		strings += plen;
		off += r->rec_len;
	}
	*out = maps;
	*count_out = n;
	return 0;
}

static int map_list(struct utracer *u, pid_t pid, struct utracer_map **out,
		    size_t *count_out)
{
	unsigned char *data;
	uint32_t count;
	size_t len;
	int err;

	err = utracer__buf_query(u, UTRACER_IOC_MAPS, pid, 0, &data, &len, &count);
	if (err)
		return err;
	err = utracer__maps_decode(data, len, count, out, count_out);
	free(data);
	return err;
}

UTRACER_EXPORT
struct utracer_map *utracer_map_list(struct utracer *u, pid_t pid,
				     size_t *count)
{
	struct utracer_map *maps;
	size_t n;
	int err;

	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	err = map_list(u, pid, &maps, &n);
	if (err)
		return utracer_err_ptr(err);
	*count = n;
	return maps;
}

UTRACER_EXPORT
char *utracer_exe_path(struct utracer *u, pid_t pid)
{
	unsigned char *data;
	uint32_t unused;
	size_t len;
	int err;

	if (!u || pid <= 0)
		return utracer_err_ptr(-EINVAL);
	/* One byte of room: the answer is NUL-terminated whether or not it was. */
	err = utracer__buf_query(u, UTRACER_IOC_EXE, pid, 1, &data, &len, &unused);
	if (err)
		return utracer_err_ptr(err);
	return (char *)data;
}
