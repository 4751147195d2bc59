// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: gdb's host I/O packets ("vFile:"), as gdbserver answers
 * them on Linux: gdb's "remote put", "remote get", "remote delete", and
 * its reading of the target's files ("target:" sysroot).
 *
 * Replies are "F RESULT [,ERRNO] [;ATTACHMENT]": RESULT in hex, -1 on
 * failure with ERRNO as gdb's FILEIO_E* number; the attachment is binary,
 * escaped as the protocol wants. Open flags and modes come as gdb's
 * FILEIO_O_* and fio mode bits and are translated; a malformed packet
 * and an fd this connection did not open get F-1,FILEIO_EINVAL, as from
 * gdbserver. Every file is opened O_CLOEXEC: a program started later
 * never inherits one.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdbserver.h"

/* gdb's numbers (gdbsupport/fileio.h). */
#define FILEIO_O_WRONLY 0x1
#define FILEIO_O_RDWR 0x2
#define FILEIO_O_APPEND 0x8
#define FILEIO_O_CREAT 0x200
#define FILEIO_O_TRUNC 0x400
#define FILEIO_O_EXCL 0x800
#define FILEIO_O_SUPPORTED (FILEIO_O_WRONLY | FILEIO_O_RDWR | FILEIO_O_APPEND | \
			    FILEIO_O_CREAT | FILEIO_O_TRUNC | FILEIO_O_EXCL)

#define FILEIO_S_IFREG 0100000
#define FILEIO_S_IFDIR 040000
#define FILEIO_S_IFCHR 020000
#define FILEIO_S_SUPPORTED (FILEIO_S_IFREG | FILEIO_S_IFDIR | 0777)

#define FILEIO_EINVAL 22
#define FILEIO_ENAMETOOLONG 91
#define FILEIO_EUNKNOWN 9999

/* struct fio_stat: every field big-endian. */
#define FIO_STAT_SIZE 64

/* errno as gdb's FILEIO_E* (gdbsupport/fileio.cc's host_to_fileio_error). */
static int fileio_errno(int err)
{
	switch (err) {
	case EPERM: return 1;
	case ENOENT: return 2;
	case EINTR: return 4;
	case EIO: return 5;
	case EBADF: return 9;
	case EACCES: return 13;
	case EFAULT: return 14;
	case EBUSY: return 16;
	case EEXIST: return 17;
	case ENODEV: return 19;
	case ENOTDIR: return 20;
	case EISDIR: return 21;
	case EINVAL: return FILEIO_EINVAL;
	case ENFILE: return 23;
	case EMFILE: return 24;
	case EFBIG: return 27;
	case ENOSPC: return 28;
	case ESPIPE: return 29;
	case EROFS: return 30;
	case ENOSYS: return 88;
	case ENAMETOOLONG: return FILEIO_ENAMETOOLONG;
	default: return FILEIO_EUNKNOWN;
	}
}

static void reply_fail(struct strbuf *reply, int fileio_err)
{
	sb_reset(reply);
	sb_addf(reply, "F-1,%x", fileio_err);
}

static void reply_errno(struct strbuf *reply, int err)
{
	reply_fail(reply, fileio_errno(err));
}

/*
 * A hex number up to max at *p, at least one digit; *p moves past it.
 * -1 for no digit, a bad one or a number above max.
 */
static int parse_hex(const char **p, uint64_t max, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!*s || *s == ',')
		return -1;
	for (; *s && *s != ','; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (v > (max - (uint64_t)d) / 16)
			return -1;
		v = v * 16 + (uint64_t)d;
	}
	*p = s;
	*val = v;
	return 0;
}

static int parse_int(const char **p, int *val)
{
	uint64_t v;

	if (parse_hex(p, INT_MAX, &v))
		return -1;
	*val = (int)v;
	return 0;
}

static int parse_comma(const char **p)
{
	if (**p != ',')
		return -1;
	(*p)++;
	return 0;
}

/* A hex-encoded file name up to ',' or the end; -1 when malformed or too long. */
static int parse_name(const char **p, char *name, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	for (; *s && *s != ','; s += 2) {
		unsigned char c;

		if (!s[1] || n + 1 >= size || gs_hex_decode(s, 2, &c, 1) || !c)
			return -1;
		name[n++] = (char)c;
	}
	if (!n)
		return -1;
	name[n] = '\0';
	*p = s;
	return 0;
}

/*
 * The path to use for name in the filesystem of vf->fs_pid, as gdbserver
 * on Linux: the server's own when fs_pid is 0 or shares its mount
 * namespace, else the name under /proc/PID/root. 0 or -errno.
 */
static int fs_path(const struct gs_vfile *vf, const char *name, char *out, size_t size)
{
	struct stat self, other;
	char ns[64];
	int n;

	if (vf->fs_pid) {
		snprintf(ns, sizeof(ns), "/proc/%d/ns/mnt", (int)vf->fs_pid);
		if (stat(ns, &other))
			return -errno;
		if (stat("/proc/self/ns/mnt", &self) || self.st_dev != other.st_dev ||
		    self.st_ino != other.st_ino) {
			n = snprintf(out, size, "/proc/%d/root%s%s", (int)vf->fs_pid,
				     name[0] == '/' ? "" : "/", name);
			return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
		}
	}
	if (strlen(name) >= size)
		return -ENAMETOOLONG;
	strcpy(out, name);
	return 0;
}

static int valid_fd(const struct gs_vfile *vf, int fd)
{
	for (size_t i = 0; i < vf->nfds; i++)
		if (vf->fds[i] == fd)
			return 1;
	return 0;
}

static int remember_fd(struct gs_vfile *vf, int fd)
{
	if (vf->nfds == vf->cap) {
		size_t cap = vf->cap ? vf->cap * 2 : 8;
		int *fds = realloc(vf->fds, cap * sizeof(*fds));

		if (!fds)
			return -1;
		vf->fds = fds;
		vf->cap = cap;
	}
	vf->fds[vf->nfds++] = fd;
	return 0;
}

static void forget_fd(struct gs_vfile *vf, int fd)
{
	for (size_t i = 0; i < vf->nfds; i++)
		if (vf->fds[i] == fd) {
			vf->fds[i] = vf->fds[--vf->nfds];
			return;
		}
}

void gs_vfile_close_all(struct gs_vfile *vf)
{
	for (size_t i = 0; i < vf->nfds; i++)
		close(vf->fds[i]);
	free(vf->fds);
	vf->fds = NULL;
	vf->nfds = vf->cap = 0;
	vf->fs_pid = 0;
}

/*
 * "F<len>;" and as much of data (len bytes) as fits in max bytes, escaped;
 * returns how many bytes of data went in (the count in the reply).
 */
static size_t reply_data(struct strbuf *reply, const unsigned char *data, size_t len, size_t max)
{
	struct strbuf body = STRBUF_INIT;
	size_t i;
	char head[32];

	snprintf(head, sizeof(head), "F%zx;", len);
	for (i = 0; i < len; i++) {
		unsigned char b = data[i];
		int esc = b == '#' || b == '$' || b == '}' || b == '*';

		if (strlen(head) + body.len + (esc ? 2 : 1) > max)
			break;
		if (esc) {
			sb_addc(&body, '}');
			sb_addc(&body, (char)(b ^ 0x20));
		} else {
			sb_addc(&body, (char)b);
		}
	}
	/* Fewer bytes than len: the count shrinks, so the header still fits. */
	sb_reset(reply);
	sb_addf(reply, "F%zx;", i);
	sb_addn(reply, body.buf ? body.buf : "", body.len);
	sb_free(&body);
	return i;
}

static void vfile_setfs(struct gs_vfile *vf, const char *p, struct strbuf *reply)
{
	int pid;

	if (parse_int(&p, &pid) || *p) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	vf->fs_pid = (pid_t)pid;
	sb_reset(reply);
	sb_add(reply, "F0");
}

static void vfile_open(struct gs_vfile *vf, const char *p, struct strbuf *reply)
{
	char name[PATH_MAX], path[PATH_MAX + 32];
	int fflags, fmode, flags, fd, err;
	mode_t mode = 0;

	if (parse_name(&p, name, sizeof(name)) || parse_comma(&p) || parse_int(&p, &fflags) ||
	    parse_comma(&p) || parse_int(&p, &fmode) || *p ||
	    fflags & ~FILEIO_O_SUPPORTED || fmode & ~FILEIO_S_SUPPORTED) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	flags = O_CLOEXEC | O_NOCTTY;
	if (fflags & FILEIO_O_WRONLY)
		flags |= O_WRONLY;
	if (fflags & FILEIO_O_RDWR)
		flags |= O_RDWR;
	if (fflags & FILEIO_O_APPEND)
		flags |= O_APPEND;
	if (fflags & FILEIO_O_CREAT)
		flags |= O_CREAT;
	if (fflags & FILEIO_O_TRUNC)
		flags |= O_TRUNC;
	if (fflags & FILEIO_O_EXCL)
		flags |= O_EXCL;
	/* The permission bits are the same numbers; the file type is not used by open(). */
	if (fmode & FILEIO_S_IFREG)
		mode |= S_IFREG;
	if (fmode & FILEIO_S_IFDIR)
		mode |= S_IFDIR;
	for (int bit = 0; bit < 9; bit++)
		if (fmode & (1 << bit))
			mode |= (mode_t)1 << bit;
	err = fs_path(vf, name, path, sizeof(path));
	if (err) {
		reply_errno(reply, -err);
		return;
	}
	fd = open(path, flags, mode);
	if (fd < 0) {
		reply_errno(reply, errno);
		return;
	}
	if (remember_fd(vf, fd)) {
		close(fd);
		reply_errno(reply, ENOMEM);
		return;
	}
	sb_reset(reply);
	sb_addf(reply, "F%x", fd);
}

static void vfile_close(struct gs_vfile *vf, const char *p, struct strbuf *reply)
{
	int fd, r;

	if (parse_int(&p, &fd) || *p || !valid_fd(vf, fd)) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	forget_fd(vf, fd);
	r = close(fd);
	if (r) {
		reply_errno(reply, errno);
		return;
	}
	sb_reset(reply);
	sb_add(reply, "F0");
}

static void vfile_pread(struct gs_vfile *vf, const char *p, struct strbuf *reply, size_t max)
{
	uint64_t count, offset;
	unsigned char *buf;
	char head[32];
	ssize_t n;
	int fd;

	if (parse_int(&p, &fd) || parse_comma(&p) || !valid_fd(vf, fd) ||
	    parse_hex(&p, UINT64_MAX, &count) || parse_comma(&p) ||
	    parse_hex(&p, INT64_MAX, &offset) || *p) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	/* No more than a reply can carry unescaped; escaping may take fewer. */
	snprintf(head, sizeof(head), "F%zx;", max);
	if (count > max - strlen(head))
		count = max - strlen(head);
	buf = malloc(count ? count : 1);
	if (!buf) {
		reply_errno(reply, ENOMEM);
		return;
	}
	n = pread(fd, buf, count, (off_t)offset);
	if (n < 0)
		reply_errno(reply, errno);
	else
		reply_data(reply, buf, (size_t)n, max);
	free(buf);
}

/* args: "FD,OFFSET,DATA", len bytes, DATA binary and escaped. */
static void vfile_pwrite(struct gs_vfile *vf, const char *args, size_t len, struct strbuf *reply)
{
	const char *p = args, *end = args + len;
	uint64_t offset;
	unsigned char *data;
	size_t n = 0;
	ssize_t w;
	int fd;

	if (parse_int(&p, &fd) || parse_comma(&p) || !valid_fd(vf, fd) ||
	    parse_hex(&p, INT64_MAX, &offset) || parse_comma(&p)) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	data = malloc(end > p ? (size_t)(end - p) : 1);
	if (!data) {
		reply_errno(reply, ENOMEM);
		return;
	}
	for (; p < end; p++) {
		if (*p == '}') {
			if (++p == end) {
				free(data);
				reply_fail(reply, FILEIO_EINVAL);
				return;
			}
			data[n++] = (unsigned char)(*p ^ 0x20);
		} else {
			data[n++] = (unsigned char)*p;
		}
	}
	w = pwrite(fd, data, n, (off_t)offset);
	free(data);
	if (w < 0) {
		reply_errno(reply, errno);
		return;
	}
	sb_reset(reply);
	sb_addf(reply, "F%zx", (size_t)w);
}

static void put_be(unsigned char *out, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		out[i] = (unsigned char)v;
}

/* gdb's fio mode: the file type (regular, directory, character device) and permissions. */
static uint32_t fio_mode(mode_t m)
{
	uint32_t f = m & 0777;

	if (S_ISREG(m))
		f |= FILEIO_S_IFREG;
	if (S_ISDIR(m))
		f |= FILEIO_S_IFDIR;
	if (S_ISCHR(m))
		f |= FILEIO_S_IFCHR;
	return f;
}

static void vfile_fstat(struct gs_vfile *vf, const char *p, struct strbuf *reply, size_t max)
{
	unsigned char f[FIO_STAT_SIZE];
	struct stat st;
	int fd;

	if (parse_int(&p, &fd) || *p || !valid_fd(vf, fd)) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	if (fstat(fd, &st)) {
		reply_errno(reply, errno);
		return;
	}
	/* struct fio_stat: 32-bit dev, ino, mode, nlink, uid, gid, rdev; 64-bit size, blksize, blocks; 32-bit times. */
	put_be(f + 0, st.st_dev, 4);
	put_be(f + 4, st.st_ino, 4);
	put_be(f + 8, fio_mode(st.st_mode), 4);
	put_be(f + 12, st.st_nlink, 4);
	put_be(f + 16, st.st_uid, 4);
	put_be(f + 20, st.st_gid, 4);
	put_be(f + 24, st.st_rdev, 4);
	put_be(f + 28, (uint64_t)st.st_size, 8);
	put_be(f + 36, (uint64_t)st.st_blksize, 8);
	put_be(f + 44, (uint64_t)st.st_blocks, 8);
	put_be(f + 52, (uint64_t)st.st_atime, 4);
	put_be(f + 56, (uint64_t)st.st_mtime, 4);
	put_be(f + 60, (uint64_t)st.st_ctime, 4);
	if (reply_data(reply, f, sizeof(f), max) < sizeof(f))
		reply_fail(reply, FILEIO_EINVAL);
}

static void vfile_unlink(struct gs_vfile *vf, const char *p, struct strbuf *reply)
{
	char name[PATH_MAX], path[PATH_MAX + 32];
	int err;

	if (parse_name(&p, name, sizeof(name)) || *p) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	err = fs_path(vf, name, path, sizeof(path));
	if (!err && unlink(path))
		err = -errno;
	if (err) {
		reply_errno(reply, -err);
		return;
	}
	sb_reset(reply);
	sb_add(reply, "F0");
}

static void vfile_readlink(struct gs_vfile *vf, const char *p, struct strbuf *reply, size_t max)
{
	char name[PATH_MAX], path[PATH_MAX + 32], link[PATH_MAX];
	ssize_t n;
	int err;

	if (parse_name(&p, name, sizeof(name)) || *p) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	err = fs_path(vf, name, path, sizeof(path));
	if (err) {
		reply_errno(reply, -err);
		return;
	}
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		reply_errno(reply, errno);
		return;
	}
	/* As gdbserver: a link that does not fit one reply is an error, not a part. */
	if (reply_data(reply, (unsigned char *)link, (size_t)n, max) < (size_t)n)
		reply_fail(reply, FILEIO_ENAMETOOLONG);
}

enum vfile_op {
	OP_SETFS, OP_OPEN, OP_CLOSE, OP_PREAD, OP_PWRITE, OP_FSTAT, OP_UNLINK, OP_READLINK, OP_NONE
};

static const char *const op_names[OP_NONE] = {
	[OP_SETFS] = "vFile:setfs:", [OP_OPEN] = "vFile:open:", [OP_CLOSE] = "vFile:close:",
	[OP_PREAD] = "vFile:pread:", [OP_PWRITE] = "vFile:pwrite:", [OP_FSTAT] = "vFile:fstat:",
	[OP_UNLINK] = "vFile:unlink:", [OP_READLINK] = "vFile:readlink:",
};

void gs_vfile_packet(struct gs_vfile *vf, const char *pkt, size_t len, struct strbuf *reply,
		     size_t max)
{
	enum vfile_op op;
	const char *args;

	for (op = 0; op < OP_NONE; op++)
		if (!strncmp(pkt, op_names[op], strlen(op_names[op])))
			break;
	sb_reset(reply);
	if (op == OP_NONE)
		return;
	/* Only pwrite carries binary data: the others must be text to their end. */
	if (op != OP_PWRITE && strlen(pkt) != len) {
		reply_fail(reply, FILEIO_EINVAL);
		return;
	}
	args = pkt + strlen(op_names[op]);
	switch (op) {
	case OP_SETFS:
		vfile_setfs(vf, args, reply);
		break;
	case OP_OPEN:
		vfile_open(vf, args, reply);
		break;
	case OP_CLOSE:
		vfile_close(vf, args, reply);
		break;
	case OP_PREAD:
		vfile_pread(vf, args, reply, max);
		break;
	case OP_PWRITE:
		vfile_pwrite(vf, args, (size_t)(pkt + len - args), reply);
		break;
	case OP_FSTAT:
		vfile_fstat(vf, args, reply, max);
		break;
	case OP_UNLINK:
		vfile_unlink(vf, args, reply);
		break;
	case OP_READLINK:
	default:
		vfile_readlink(vf, args, reply, max);
		break;
	}
}
