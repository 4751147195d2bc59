// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the library's register and memory writes and its /proc/PID
 * calls (auxv, cmdline, status, fds) check their arguments before they
 * talk to the module (bad client, pid, buffer, length, count pointer,
 * status struct size give EINVAL) and pass valid calls on (here to a
 * descriptor that answers ENOTTY); a zero-length memory write succeeds
 * without a call. The AUXV and FDS decoders build their arrays from
 * well-formed answers and refuse malformed ones (short, unaligned,
 * overlong records, a path without its NUL, a count that disagrees) with
 * EBADMSG.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

static struct utracer *u;

static void test_args(void)
{
	unsigned char buf[64] = { 0 };
	struct utracer_task_status st;
	size_t count;

	CHECK_ERR(utracer_regset_write(NULL, 1, 1, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(utracer_regset_write(u, 0, 1, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(utracer_regset_write(u, -3, 1, buf, sizeof(buf)), EINVAL);
	CHECK_ERR(utracer_regset_write(u, 1, 1, NULL, sizeof(buf)), EINVAL);
	CHECK_ERR(utracer_regset_write(u, 1, 1, buf, 0), EINVAL);
	CHECK_ERR(utracer_regset_write(u, 1, 1, buf, sizeof(buf)), ENOTTY);

	CHECK_ERR(utracer_mem_write(NULL, 1, 0x1000, buf, 8), EINVAL);
	CHECK_ERR(utracer_mem_write(u, 0, 0x1000, buf, 8), EINVAL);
	CHECK_ERR(utracer_mem_write(u, 1, 0x1000, NULL, 8), EINVAL);
	CHECK_ERR(utracer_mem_write(u, 1, 0x1000, buf, (size_t)SSIZE_MAX + 1), EINVAL);
	CHECK_ERR(utracer_mem_write(u, 1, 0x1000, buf, 8), ENOTTY);
	errno = 0;
	CHECK(utracer_mem_write(u, 1, 0x1000, NULL, 0) == 0 && errno == 0);

	CHECK_NULL_ERR(utracer_auxv_list(NULL, 1, &count), EINVAL);
	CHECK_NULL_ERR(utracer_auxv_list(u, 0, &count), EINVAL);
	CHECK_NULL_ERR(utracer_auxv_list(u, 1, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_auxv_list(u, 1, &count), ENOTTY);
	CHECK_NULL_ERR(utracer_cmdline_list(NULL, 1, &count), EINVAL);
	CHECK_NULL_ERR(utracer_cmdline_list(u, -1, &count), EINVAL);
	CHECK_NULL_ERR(utracer_cmdline_list(u, 1, NULL), ENOTTY);
	CHECK_NULL_ERR(utracer_fd_list(NULL, 1, &count), EINVAL);
	CHECK_NULL_ERR(utracer_fd_list(u, 0, &count), EINVAL);
	CHECK_NULL_ERR(utracer_fd_list(u, 1, NULL), EINVAL);
	CHECK_NULL_ERR(utracer_fd_list(u, 1, &count), ENOTTY);

	memset(&st, 0, sizeof(st));
	st.sz = sizeof(st);
	CHECK_ERR(utracer_task_status(NULL, 1, &st), EINVAL);
	CHECK_ERR(utracer_task_status(u, 0, &st), EINVAL);
	CHECK_ERR(utracer_task_status(u, 1, NULL), EINVAL);
	st.sz = sizeof(size_t) - 1;
	CHECK_ERR(utracer_task_status(u, 1, &st), EINVAL);
	st.sz = sizeof(st);
	CHECK_ERR(utracer_task_status(u, 1, &st), ENOTTY);
	{
		UTRACER_OPTS(utracer_task_status, s2);

		CHECK(s2.sz == sizeof(s2) && s2.state == 0);
	}
}

/* Answers live in 8-byte aligned storage, as in the library's buffer. */
static uint64_t storage[512];

static void test_auxv_decode(void)
{
	struct utracer_auxv_entry *e = (struct utracer_auxv_entry *)storage;
	struct utracer_auxv *v = NULL;
	size_t n = 99;

	memset(storage, 0, sizeof(storage));
	e[0].type = 6;
	e[0].value = 4096;
	e[1].type = 9;
	e[1].value = 0x401000;
	CHECK(utracer__auxv_decode(storage, 2 * sizeof(*e), 2, &v, &n) == 0);
	CHECK(v && n == 2 && v[0].type == 6 && v[0].value == 4096 && v[1].type == 9 &&
	      v[1].value == 0x401000);
	free(v);
	v = NULL;
	CHECK(utracer__auxv_decode(storage, 0, 0, &v, &n) == 0 && v && n == 0);
	free(v);
	CHECK(utracer__auxv_decode(storage, 2 * sizeof(*e) - 8, 1, &v, &n) == -EBADMSG);
	CHECK(utracer__auxv_decode(storage, 2 * sizeof(*e), 3, &v, &n) == -EBADMSG);
}

static size_t fd_record(size_t off, int fd, const char *path)
{
	struct utracer_fd_record *r = (void *)((char *)storage + off);
	size_t len = (sizeof(*r) + strlen(path) + 1 + 7) & ~(size_t)7;

	r->rec_len = (uint32_t)len;
	r->fd = fd;
	r->flags = 02;
	r->mode = UTRACER_FD_READ | UTRACER_FD_WRITE;
	r->pos = 5;
	r->inode = 77;
	r->dev_major = 8;
	r->dev_minor = 1;
	memcpy(r->path, path, strlen(path) + 1);
	return len;
}

static void test_fds_decode(void)
{
	struct utracer_fd *fds = NULL;
	struct utracer_fd_record *r = (void *)storage;
	size_t len, n = 0;

	memset(storage, 0, sizeof(storage));
	len = fd_record(0, 0, "/dev/pts/0");
	len += fd_record(len, 7, "pipe:[1234]");
	CHECK(utracer__fds_decode(storage, len, 2, &fds, &n) == 0);
	CHECK(fds && n == 2 && fds[0].fd == 0 && !strcmp(fds[0].path, "/dev/pts/0") &&
	      fds[1].fd == 7 && !strcmp(fds[1].path, "pipe:[1234]") && fds[1].pos == 5 &&
	      fds[1].inode == 77 && fds[1].dev_major == 8 && fds[1].dev_minor == 1 &&
	      fds[1].flags == 02 && fds[1].mode == (UTRACER_FD_F_READ | UTRACER_FD_F_WRITE));
	free(fds);
	CHECK(utracer__fds_decode(storage, len, 3, &fds, &n) == -EBADMSG);
	CHECK(utracer__fds_decode(storage, len - 8, 2, &fds, &n) == -EBADMSG);
	r->rec_len = 20;
	CHECK(utracer__fds_decode(storage, len, 2, &fds, &n) == -EBADMSG);
	r->rec_len = 4;
	CHECK(utracer__fds_decode(storage, len, 2, &fds, &n) == -EBADMSG);
	memset(storage, 0, sizeof(storage));
	len = fd_record(0, 3, "/tmp/x");
	memset(r->path, 'x', r->rec_len - sizeof(*r));
	CHECK(utracer__fds_decode(storage, len, 1, &fds, &n) == -EBADMSG);
}

int main(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	REQUIRE(fd >= 0);
	u = ulib_fake_client(fd, -1);
	REQUIRE(u);
	test_args();
	test_auxv_decode();
	test_fds_decode();
	utracer_close(u);
	return ulib_verdict();
}
