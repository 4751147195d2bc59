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

/* REGSET_READ and REGSET_WRITE take structs of one layout: one call serves both. */
_Static_assert(sizeof(struct utracer_regset_read) == sizeof(struct utracer_regset_write) &&
	       offsetof(struct utracer_regset_read, tid) ==
	       offsetof(struct utracer_regset_write, tid) &&
	       offsetof(struct utracer_regset_read, note_type) ==
	       offsetof(struct utracer_regset_write, note_type) &&
	       offsetof(struct utracer_regset_read, buf) ==
	       offsetof(struct utracer_regset_write, buf) &&
	       offsetof(struct utracer_regset_read, len) ==
	       offsetof(struct utracer_regset_write, len),
	       "REGSET_READ and REGSET_WRITE structs differ");

ssize_t utracer__regset_transfer(struct utracer *u, unsigned long request, pid_t tid,
				 uint32_t note_type, uintptr_t buf, size_t len)
{
	struct utracer_regset_read r;
	int err;

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.tid = tid;
	r.note_type = note_type;
	r.buf = (uint64_t)buf;
	r.len = len;
	err = utracer__cmd(u, request, &r);
	if (err)
		return err;
	return (ssize_t)r.len;
}

UTRACER_EXPORT
ssize_t utracer_regset_read(struct utracer *u, pid_t tid, uint32_t note_type,
			    void *buf, size_t len)
{
	if (!u || tid <= 0 || (len && !buf))
		return utracer_err(-EINVAL);
	return utracer_err_ssize(utracer__regset_transfer(u, UTRACER_IOC_REGSET_READ, tid,
							  note_type, (uintptr_t)buf, len));
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

void *utracer__buf_list(struct utracer *u, unsigned long request, pid_t pid, size_t extra,
			utracer__decode_fn *decode, size_t *count)
{
	unsigned char *data;
	uint32_t records;
	void *list;
	size_t len, n;
	int err;

	err = utracer__buf_query(u, request, pid, extra, &data, &len, &records);
	if (err)
		return utracer_err_ptr(err);
	err = decode(data, len, records, &list, &n);
	free(data);
	if (err)
		return utracer_err_ptr(err);
	if (count)
		*count = n;
	return list;
}

int utracer__environ_decode(const void *raw, size_t len, size_t count, void *out,
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
	(void)count;
	*(char ***)out = vec;
	*count_out = n;
	return 0;
}

UTRACER_EXPORT
char **utracer_environ_list(struct utracer *u, pid_t pid, size_t *count)
{
	if (!u || pid <= 0)
		return utracer_err_ptr(-EINVAL);
	return utracer__buf_list(u, UTRACER_IOC_ENV, pid, 1, utracer__environ_decode, count);
}

static uint32_t prot_from_abi(uint32_t prot)
{
	return (prot & UTRACER_MAP_READ ? PROT_READ : 0) |
	       (prot & UTRACER_MAP_WRITE ? PROT_WRITE : 0) |
	       (prot & UTRACER_MAP_EXEC ? PROT_EXEC : 0);
}

/*
 * Checks the count records of a MAPS or FDS answer: each record's rec_len
 * (its first field) at least hdr bytes, a multiple of 8 and inside the
 * answer, and its path (the rest of the record after hdr bytes)
 * NUL-terminated. The bytes the paths take with their NULs, or -EBADMSG.
 */
static ssize_t path_records_check(const void *raw, size_t len, size_t count, size_t hdr)
{
	const unsigned char *data = raw;
	size_t off, n = 0, strings_len = 0;

	for (off = 0; off < len; n++) {
		uint32_t rec_len;
		const char *path = (const char *)data + off + hdr;

		if (len - off < hdr)
			return -EBADMSG;
		memcpy(&rec_len, data + off, sizeof(rec_len));
		if (rec_len < hdr || rec_len % 8 || rec_len > len - off ||
		    !memchr(path, '\0', rec_len - hdr))
			return -EBADMSG;
		strings_len += strlen(path) + 1;
		off += rec_len;
	}
	if (n != count)
		return -EBADMSG;
	return (ssize_t)strings_len;
}

/* Copies path to *strings, moves *strings past it, and returns the copy. */
static char *path_copy(char **strings, const char *path)
{
	char *copy = *strings;
	size_t plen = strlen(path) + 1;

	memcpy(copy, path, plen);
	*strings += plen;
	return copy;
}

int utracer__path_records_decode(const void *raw, size_t len, size_t count, void *out,
				 size_t *count_out, size_t hdr, size_t elem_size,
				 utracer__path_record_fill_fn *fill)
{
	const unsigned char *data = raw;
	ssize_t strings_len = path_records_check(raw, len, count, hdr);
	unsigned char *elems;
	size_t off, i;
	char *strings;

	if (strings_len < 0)
		return (int)strings_len;
	elems = calloc(1, (count + 1) * elem_size + (size_t)strings_len);
	if (!elems)
		return -ENOMEM;
	strings = (char *)(elems + (count + 1) * elem_size);
	for (off = 0, i = 0; i < count; i++) {
		uint32_t rec_len;

		memcpy(&rec_len, data + off, sizeof(rec_len));
		fill(elems + i * elem_size, data + off,
		     path_copy(&strings, (const char *)data + off + hdr));
		off += rec_len;
	}
	/* *out is a pointer to the element type: the same representation. */
	memcpy(out, &elems, sizeof(elems));
	*count_out = count;
	return 0;
}

static void map_fill(void *elem, const void *rec, const char *path)
{
	const struct utracer_map_record *r = rec;
	struct utracer_map *m = elem;

	m->start = r->start;
	m->end = r->end;
	m->offset = r->offset;
	m->inode = r->inode;
	m->dev_major = r->dev_major;
	m->dev_minor = r->dev_minor;
	m->prot = prot_from_abi(r->prot);
	m->flags = r->prot & UTRACER_MAP_SHARED ? UTRACER_MAP_F_SHARED : 0;
	m->path = path;
}

int utracer__maps_decode(const void *raw, size_t len, size_t count, void *out,
			 size_t *count_out)
{
	return utracer__path_records_decode(raw, len, count, out, count_out,
					    sizeof(struct utracer_map_record),
					    sizeof(struct utracer_map), map_fill);
}

UTRACER_EXPORT
struct utracer_map *utracer_map_list(struct utracer *u, pid_t pid,
				     size_t *count)
{
	if (!u || pid <= 0 || !count)
		return utracer_err_ptr(-EINVAL);
	return utracer__buf_list(u, UTRACER_IOC_MAPS, pid, 0, utracer__maps_decode, count);
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
