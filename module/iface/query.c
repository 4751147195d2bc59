// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the commands that read and write a thread:
 * REGSET_LIST, REGSET_READ, REGSET_WRITE, MEM_READ, MEM_WRITE, ENV, EXE,
 * MAPS, AUXV, CMDLINE, FDS, STATUS. The engine reads and writes a thread in
 * kernel memory; here its answers become the uapi's records and cross to
 * and from the client's buffers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "compat.h"
#include "iface.h"

/* utrace_copy_fn to the client: @ctx is the start of its buffer. */
static int utracer_put_user(void *ctx, u64 off, void *kbuf, size_t n)
{
	return copy_to_user((char __user *)ctx + off, kbuf, n) ? -EFAULT : 0;
}

/* utrace_copy_fn from the client: @ctx is the start of its buffer. */
static int utracer_get_user(void *ctx, u64 off, void *kbuf, size_t n)
{
	return copy_from_user(kbuf, (const char __user *)ctx + off, n) ? -EFAULT : 0;
}

static long utracer_mem_read(struct task_struct *task, unsigned long addr,
			     void __user *buf, u64 len, u64 *done)
{
	return utrace_mem_read(task, addr, len, utracer_put_user, (void __force *)buf, done);
}

static long utracer_mem_write(struct task_struct *task, unsigned long addr,
			      const void __user *buf, u64 len, u64 *done)
{
	return utrace_mem_write(task, addr, len, utracer_get_user,
				(void __force *)buf, done);
}

static long utracer_env_read(struct task_struct *task, void __user *buf, u64 len,
			     u64 *copied, u64 *needed, u32 *count)
{
	return utrace_env_read(task, len, utracer_put_user, (void __force *)buf,
			       copied, needed);
}

static long utracer_cmdline_read(struct task_struct *task, void __user *buf, u64 len,
				 u64 *copied, u64 *needed, u32 *count)
{
	return utrace_cmdline_read(task, len, utracer_put_user, (void __force *)buf,
				   copied, needed);
}

/* The executable's path with its NUL, copied only when it fits in @len; no @count. */
static long utracer_exe_read(struct task_struct *task, void __user *buf, u64 len,
			     u64 *copied, u64 *needed, u32 *count)
{
	char *page, *p;
	long ret = 0;
	size_t n;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	p = utrace_exe_path(task, page, PAGE_SIZE);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto out;
	}
	n = strlen(p) + 1;
	*needed = n;
	*copied = 0;
	if (n <= len) {
		if (copy_to_user(buf, p, n))
			ret = -EFAULT;
		else
			*copied = n;
	}
out:
	free_page((unsigned long)page);
	return ret;
}

/*
 * Variable-length records (maps, fds) are streamed to the caller's buffer
 * through a bounded chunk: the maps walk runs under the target's mmap_lock,
 * which forbids touching user memory, so it stops when the chunk is full,
 * the chunk is copied out with the lock dropped, and the walk goes on from
 * the next mapping. Once a record does not fit in the caller's buffer, the
 * rest are only measured, for @needed. Whatever the target holds, the
 * kernel keeps at most the chunk.
 */
/* The records' paths start right after their fixed part. */
static_assert(offsetof(struct utracer_map_record, path) == sizeof(struct utracer_map_record));
static_assert(offsetof(struct utracer_fd_record, path) == sizeof(struct utracer_fd_record));

/* Holds the largest record: its fixed part and a path of up to a page. */
#define UTRACER_CHUNK_SIZE	(4 * PAGE_SIZE)
static_assert(2 * sizeof(struct utracer_map_record) + PAGE_SIZE <= UTRACER_CHUNK_SIZE);
static_assert(2 * sizeof(struct utracer_fd_record) + PAGE_SIZE <= UTRACER_CHUNK_SIZE);

struct utracer_recstream {
	char *chunk;		/* UTRACER_CHUNK_SIZE bytes */
	size_t used;		/* records in @chunk not yet copied out */
	void __user *buf;	/* the caller's buffer */
	u64 len;		/* its size */
	u64 copied;		/* bytes of whole records copied to @buf */
	u64 needed;		/* bytes of every record so far */
	u32 count;		/* records in @chunk and @buf */
	bool full;		/* a record did not fit in @len: measure only */
	unsigned long resume;	/* maps: the walk goes on from here */
};

/* The walk stops for the chunk to be copied out (never returned to callers). */
#define UTRACER_STREAM_FLUSH	1

static int utracer_stream_init(struct utracer_recstream *st, void __user *buf, u64 len)
{
	memset(st, 0, sizeof(*st));
	st->chunk = kmalloc(UTRACER_CHUNK_SIZE, GFP_KERNEL_ACCOUNT);
	st->buf = buf;
	st->len = len;
	return st->chunk ? 0 : -ENOMEM;
}

/* Copy the chunk's records out. CONTEXT: may touch user memory. */
static int utracer_stream_flush(struct utracer_recstream *st)
{
	if (st->used && copy_to_user(st->buf + st->copied, st->chunk, st->used))
		return -EFAULT;
	st->copied += st->used;
	st->used = 0;
	return 0;
}

/*
 * Room for a record of @size bytes followed by @path (with its NUL), 8-byte
 * aligned, zeroed but for its __u32 length (first) and the path: NULL when
 * it is only measured (the caller's buffer is full) or, with *@flush set,
 * when the chunk must be copied out first.
 */
static void *utracer_stream_add(struct utracer_recstream *st, size_t size, const char *path,
				bool *flush)
{
	size_t n = strnlen(path, PAGE_SIZE - 1) + 1;
	size_t rec_len = ALIGN(size + n, 8);
	void *rec;

	*flush = false;
	if (!st->full && st->copied + st->used + rec_len > st->len)
		st->full = true;
	if (st->full) {
		st->needed += rec_len;
		return NULL;
	}
	if (st->used + rec_len > UTRACER_CHUNK_SIZE) {
		*flush = true;
		return NULL;
	}
	st->needed += rec_len;
	rec = st->chunk + st->used;
	memset(rec, 0, rec_len);
	*(u32 *)rec = rec_len;
	memcpy(rec + size, path, n - 1);
	st->used += rec_len;
	st->count++;
	return rec;
}

/* End a stream after a walk that returned @ret: the last chunk goes out. */
static long utracer_stream_end(struct utracer_recstream *st, int ret, u64 *copied,
			       u64 *needed, u32 *count)
{
	if (!ret)
		ret = utracer_stream_flush(st);
	kfree(st->chunk);
	if (ret)
		return ret;
	*copied = st->copied;
	*needed = st->needed;
	*count = st->count;
	return 0;
}

/* CONTEXT: the target's mmap_lock held. */
static int utracer_map_add(void *ctx, const struct utrace_map *map)
{
	struct utracer_recstream *st = ctx;
	struct utracer_map_record *rec;
	bool flush;

	rec = utracer_stream_add(st, sizeof(*rec), map->path, &flush);
	if (flush) {
		st->resume = map->start;
		return UTRACER_STREAM_FLUSH;
	}
	if (!rec)
		return 0;
	rec->start = map->start;
	rec->end = map->end;
	if (map->vm_flags & VM_READ)
		rec->prot |= UTRACER_MAP_READ;
	if (map->vm_flags & VM_WRITE)
		rec->prot |= UTRACER_MAP_WRITE;
	if (map->vm_flags & VM_EXEC)
		rec->prot |= UTRACER_MAP_EXEC;
	if (map->vm_flags & VM_MAYSHARE)
		rec->prot |= UTRACER_MAP_SHARED;
	rec->offset = map->offset;
	rec->inode = map->ino;
	rec->dev_major = MAJOR(map->dev);
	rec->dev_minor = MINOR(map->dev);
	return 0;
}

/*
 * The mappings as struct utracer_map_record: whole records that fit in
 * @len. Between chunks the mmap_lock is dropped: as with /proc/PID/maps, a
 * mapping changed meanwhile may show in its old or its new form.
 */
static long utracer_maps_read(struct task_struct *task, void __user *buf, u64 len,
			      u64 *copied, u64 *needed, u32 *count)
{
	struct utracer_recstream st;
	int ret;

	ret = utracer_stream_init(&st, buf, len);
	if (ret)
		return ret;
	for (;;) {
		ret = utrace_maps_walk(task, st.resume, utracer_map_add, &st);
		if (ret != UTRACER_STREAM_FLUSH)
			break;
		ret = utracer_stream_flush(&st);
		if (ret)
			break;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	return utracer_stream_end(&st, ret, copied, needed, count);
}

/* CONTEXT: process, no lock held: the chunk is copied out as it fills. */
static int utracer_fd_add(void *ctx, const struct utrace_fd *f)
{
	struct utracer_recstream *st = ctx;
	struct utracer_fd_record *rec;
	bool flush;
	int ret;

	rec = utracer_stream_add(st, sizeof(*rec), f->path, &flush);
	if (flush) {
		ret = utracer_stream_flush(st);
		if (ret)
			return ret;
		rec = utracer_stream_add(st, sizeof(*rec), f->path, &flush);
	}
	if (!rec)
		return 0;
	rec->fd = f->fd;
	rec->flags = f->flags;
	if (f->mode & FMODE_READ)
		rec->mode |= UTRACER_FD_READ;
	if (f->mode & FMODE_WRITE)
		rec->mode |= UTRACER_FD_WRITE;
	rec->pos = f->pos;
	rec->inode = f->ino;
	rec->dev_major = MAJOR(f->dev);
	rec->dev_minor = MINOR(f->dev);
	return 0;
}

/* The open files as struct utracer_fd_record: whole records that fit in @len. */
static long utracer_fds_read(struct task_struct *task, void __user *buf, u64 len,
			     u64 *copied, u64 *needed, u32 *count)
{
	struct utracer_recstream st;
	int ret;

	ret = utracer_stream_init(&st, buf, len);
	if (ret)
		return ret;
	ret = utrace_fds_walk(task, utracer_fd_add, &st);
	return utracer_stream_end(&st, ret, copied, needed, count);
}

/* The auxiliary vector as struct utracer_auxv_entry: whole entries that fit. */
static long utracer_auxv_read(struct task_struct *task, void __user *buf, u64 len,
			      u64 *copied, u64 *needed, u32 *count)
{
	struct utrace_auxv_entry *v;
	struct utracer_auxv_entry e;
	long ret = 0;
	int n, i;

	v = kcalloc(UTRACE_AUXV_MAX, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	n = utrace_auxv_read(task, v);
	if (n < 0) {
		ret = n;
		goto out;
	}
	*needed = (u64)n * sizeof(e);
	*count = min_t(u64, n, len / sizeof(e));
	*copied = (u64)*count * sizeof(e);
	for (i = 0; i < *count; i++) {
		e.type = v[i].type;
		e.value = v[i].value;
		if (copy_to_user((struct utracer_auxv_entry __user *)buf + i, &e, sizeof(e))) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(v);
	return ret;
}

struct utracer_regset_list_ctx {
	struct utracer_regset_info __user *buf;
	u32 room;			/* entries at @buf */
	u32 n;				/* entries seen */
};

static int utracer_regset_info_put(void *ctx, const struct utrace_regset_info *info)
{
	struct utracer_regset_list_ctx *l = ctx;
	struct utracer_regset_info ri = {
		.note_type = info->note_type,
		.n = info->n,
		.size = info->size,
		.align = info->align,
	};

	if (l->n < l->room && copy_to_user(&l->buf[l->n], &ri, sizeof(ri)))
		return -EFAULT;
	l->n++;
	return 0;
}

/*
 * The register sets of @task's view at @buf.
 * @count: in, entries at @buf; out, entries in the view
 */
static long utracer_regset_list(struct task_struct *task,
				struct utracer_regset_info __user *buf, u32 *count)
{
	struct utracer_regset_list_ctx l = { .buf = buf, .room = *count };
	int ret = utrace_regset_walk(task, utracer_regset_info_put, &l);

	if (ret)
		return ret;
	*count = l.n;
	return 0;
}

/*
 * A register set of @engine's stopped thread to @buf.
 * @len: in, bytes at @buf; out, the set's size
 * RETURNS: 0; -ENOSPC when @len is too small; -EFAULT; the engine's errors.
 */
static long utracer_regset_read(struct utrace_engine *engine, u32 note_type,
				void __user *buf, u64 *len)
{
	void *data = NULL;
	long ret;
	int size;

	size = utrace_regset_read(engine, note_type, &data);
	if (size < 0)
		return size;
	ret = size > *len ? -ENOSPC : 0;
	if (!ret && copy_to_user(buf, data, size))
		ret = -EFAULT;
	*len = size;
	kfree(data);
	return ret;
}

/* A whole register set from @buf, copied first: a parked thread does not wait for faults. */
static long utracer_regset_write(struct utrace_engine *engine, u32 note_type,
				 const void __user *buf, u64 len)
{
	void *data;
	long ret;

	if (!len || len > UTRACE_REGSET_MAX)
		return -EINVAL;
	data = memdup_user(buf, len);
	if (IS_ERR(data))
		return PTR_ERR(data);
	ret = utrace_regset_write(engine, note_type, data, len);
	kfree(data);
	return ret;
}

/* struct utracer_status's answers for @task. */
static void utracer_status_read(struct task_struct *task, struct pid_namespace *pid_ns,
				struct user_namespace *user_ns, struct utracer_status *st)
{
	struct utrace_status s;
	int i;

	utrace_status_read(task, pid_ns, user_ns, &s);
	st->state = s.state;
	st->tgid = s.tgid;
	st->tid = s.tid;
	st->ppid = s.ppid;
	st->threads = s.threads;
	for (i = 0; i < 4; i++) {
		st->uid[i] = s.uid[i];
		st->gid[i] = s.gid[i];
	}
	st->sig_pending = s.sig_pending;
	st->sig_shared = s.sig_shared;
	st->sig_blocked = s.sig_blocked;
	st->sig_ignored = s.sig_ignored;
	st->sig_caught = s.sig_caught;
}

/* UTRACER_IOC_REGSET_LIST: the register sets a thread's view has. */
long utracer_cmd_regset_list(struct utracer_cmd_ctx *c)
{
	struct utracer_regset_list *l = c->arg;
	int ret;

	if (l->flags)
		return -EINVAL;
	ret = utracer_cmd_find_target(c, l->tid, UTRACER_CMD_THREAD);
	if (ret)
		return ret;
	return utracer_regset_list(utrace_engine_task(c->att->engine), u64_to_user_ptr(l->buf),
				   &l->count);
}

/* UTRACER_IOC_REGSET_READ: answers -ENOSPC with the size needed in .len. */
long utracer_cmd_regset_read(struct utracer_cmd_ctx *c)
{
	struct utracer_regset_read *r = c->arg;
	int ret;

	if (r->flags)
		return -EINVAL;
	/* Checked, not held: the registers are read by the stopped thread itself. */
	ret = utracer_cmd_find_target(c, r->tid, UTRACER_CMD_THREAD_CHECKED);
	if (ret)
		return ret;
	return utracer_regset_read(c->att->engine, r->note_type, u64_to_user_ptr(r->buf),
				   &r->len);
}

/* UTRACER_IOC_REGSET_WRITE */
long utracer_cmd_regset_write(struct utracer_cmd_ctx *c)
{
	const struct utracer_regset_write *w = c->arg;
	int ret;

	if (w->flags)
		return -EINVAL;
	/* Checked, not held, as for REGSET_READ: only a stopped thread is written. */
	ret = utracer_cmd_find_target(c, w->tid, UTRACER_CMD_THREAD_CHECKED);
	if (ret)
		return ret;
	return utracer_regset_write(c->att->engine, w->note_type, u64_to_user_ptr(w->buf),
				    w->len);
}

/* UTRACER_IOC_MEM_READ */
long utracer_cmd_mem_read(struct utracer_cmd_ctx *c)
{
	struct utracer_mem_read *m = c->arg;
	int ret;

	if (m->flags || m->pad || m->done)
		return -EINVAL;
	ret = utracer_cmd_find_target(c, m->pid, UTRACER_CMD_HELD);
	if (ret)
		return ret;
	return utracer_mem_read(utrace_engine_task(c->att->engine), m->addr,
				u64_to_user_ptr(m->buf), m->len, &m->done);
}

/* UTRACER_IOC_MEM_WRITE */
long utracer_cmd_mem_write(struct utracer_cmd_ctx *c)
{
	struct utracer_mem_write *m = c->arg;
	int ret;

	if (m->flags || m->pad || m->done)
		return -EINVAL;
	/* Held, as for MEM_READ: no write into an image the client may not trace. */
	ret = utracer_cmd_find_target(c, m->pid, UTRACER_CMD_HELD);
	if (ret)
		return ret;
	return utracer_mem_write(utrace_engine_task(c->att->engine), m->addr,
				 u64_to_user_ptr(m->buf), m->len, &m->done);
}

typedef long (*utracer_query_fn)(struct task_struct *task, void __user *buf, u64 len,
				 u64 *copied, u64 *needed, u32 *count);

static const utracer_query_fn utracer_queries[] = {
	[UTRACER_QUERY_ENV] = utracer_env_read,
	[UTRACER_QUERY_EXE] = utracer_exe_read,
	[UTRACER_QUERY_MAPS] = utracer_maps_read,
	[UTRACER_QUERY_AUXV] = utracer_auxv_read,
	[UTRACER_QUERY_CMDLINE] = utracer_cmdline_read,
	[UTRACER_QUERY_FDS] = utracer_fds_read,
};

/*
 * UTRACER_IOC_ENV, _EXE, _MAPS, _AUXV, _CMDLINE, _FDS (@c->op): a struct
 * utracer_buf_query, answered with what the query copied and its size.
 */
long utracer_cmd_query(struct utracer_cmd_ctx *c)
{
	struct utracer_buf_query *q = c->arg;
	u64 copied = 0;
	u32 count = 0;
	long ret;

	if (q->flags || q->count || q->needed)
		return -EINVAL;
	ret = utracer_cmd_find_target(c, q->pid, UTRACER_CMD_HELD);
	if (ret)
		return ret;
	ret = utracer_queries[c->op](utrace_engine_task(c->att->engine),
				     u64_to_user_ptr(q->buf), q->len, &copied, &q->needed, &count);
	if (ret)
		return ret;
	q->len = copied;
	q->count = count;
	return 0;
}

/* UTRACER_IOC_STATUS: ids as the client's control file's opener sees them. */
long utracer_cmd_status(struct utracer_cmd_ctx *c)
{
	struct utracer_status *st = c->arg;
	int ret;

	if (st->flags || st->state || st->tgid || st->tid || st->ppid || st->threads ||
	    memchr_inv(st->uid, 0, sizeof(st->uid)) || memchr_inv(st->gid, 0, sizeof(st->gid)) ||
	    st->sig_pending || st->sig_shared || st->sig_blocked || st->sig_ignored ||
	    st->sig_caught || memchr_inv(st->reserved, 0, sizeof(st->reserved)))
		return -EINVAL;
	ret = utracer_cmd_find_target(c, st->pid, UTRACER_CMD_HELD);
	if (ret)
		return ret;
	utracer_status_read(utrace_engine_task(c->att->engine), c->client->pid_ns,
			    c->file->f_cred->user_ns, st);
	return 0;
}
