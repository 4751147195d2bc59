// SPDX-License-Identifier: GPL-2.0
/*
 * Description: captures through libutracer. cat(1) traced with captures of
 * openat's path (a string at entry), read's buffer (the return value's
 * bytes, at exit), write's buffer (its count argument's bytes, at entry)
 * and fstat's (or newfstatat's) struct stat (fixed, at exit): every syscall event of those
 * carries its captures, in the order defined, with the bytes the program
 * really used (the file's name and contents, its size in st_size); a
 * string longer than max comes cut, TRUNCATED; a read past the end (0
 * bytes) captures nothing. The events stay valid while the next event's
 * captures are taken. Count 0 removes them. Bad definitions are EINVAL
 * (arch, when, kind, len_from, argument, max 0 and too large, elem with a
 * fixed length, a string with a counted length, a return-value length at
 * entry, NULL definitions), more than 4096 E2BIG, an unattached pid ESRCH.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;

static const char content[] = "captured by the module\n";

static struct utracer_capture_def def(int nr, unsigned int when, unsigned int kind,
				      unsigned int arg, unsigned int len_from,
				      unsigned int len_arg, unsigned int max)
{
	return (struct utracer_capture_def){ .nr = nr, .arch = AUDIT_ARCH_X86_64,
					     .when = when, .kind = kind, .arg = arg,
					     .len_from = len_from, .len_arg = len_arg,
					     .max = max };
}

/* The file cat reads: a long name, so that a short max cuts it. */
static char path[] = "/tmp/lib-captures-a-file-with-a-long-name-XXXXXX";

static pid_t spawn_cat(void)
{
	char *argv[] = { "/bin/cat", path, NULL };
	int null = open("/dev/null", O_WRONLY);
	int saved = dup(1);
	pid_t pid;

	UTRACER_OPTS(utracer_attach_opts, a,
		     .events = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
			       UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT) |
			       UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT));
	UTRACER_OPTS(utracer_spawn_opts, o, .attach = &a);
	REQUIRE(null >= 0 && saved >= 0);
	/* cat writes to /dev/null: its write is still traced and captured. */
	REQUIRE(dup2(null, 1) == 1);
	pid = utracer_spawn(u, argv[0], argv, &o);
	REQUIRE(dup2(saved, 1) == 1);
	close(null);
	close(saved);
	REQUIRE(pid > 0);
	return pid;
}

static void test_captures(void)
{
	struct utracer_capture_def defs[] = {
		/* openat's path twice: whole, and cut at 10 bytes. */
		def(SYS_openat, UTRACER_SYSCALL_F_ENTRY, UTRACER_CAPTURE_STRING, 1,
		    UTRACER_CAPTURE_LEN_FIXED, 0, 4096),
		def(SYS_openat, UTRACER_SYSCALL_F_ENTRY, UTRACER_CAPTURE_STRING, 1,
		    UTRACER_CAPTURE_LEN_FIXED, 0, 10),
		def(SYS_read, UTRACER_SYSCALL_F_EXIT, UTRACER_CAPTURE_MEMORY, 1,
		    UTRACER_CAPTURE_LEN_FROM_RET, 0, 4096),
		def(SYS_write, UTRACER_SYSCALL_F_ENTRY, UTRACER_CAPTURE_MEMORY, 1,
		    UTRACER_CAPTURE_LEN_FROM_ARG, 2, 4096),
		def(SYS_fstat, UTRACER_SYSCALL_F_EXIT, UTRACER_CAPTURE_MEMORY, 1,
		    UTRACER_CAPTURE_LEN_FIXED, 0, sizeof(struct stat)),
		/* What glibc's fstat() calls. */
		def(SYS_newfstatat, UTRACER_SYSCALL_F_EXIT, UTRACER_CAPTURE_MEMORY, 2,
		    UTRACER_CAPTURE_LEN_FIXED, 0, sizeof(struct stat)),
	};
	struct utracer_event_info ev;
	int saw_open = 0, saw_read = 0, saw_eof = 0, saw_write = 0, saw_stat = 0;
	int status;
	struct stat file;
	pid_t pid = spawn_cat();

	REQUIRE(stat(path, &file) == 0);
	REQUIRE(utracer_set_captures(u, pid, defs, sizeof(defs) / sizeof(defs[0])) == 0);
	REQUIRE(utracer_run(u, pid, 0) == 0);
	while (utracer_event_wait_for(u, pid, 0, &ev, 20000) == 0) {
		if (ev.type == UTRACER_EVENT_SYSCALL_ENTRY && ev.syscall_entry.nr == SYS_openat &&
		    ev.syscall_entry.ncaptures == 2 && ev.syscall_entry.captures[0].len &&
		    !strcmp((const char *)ev.syscall_entry.captures[0].data, path)) {
			const struct utracer_captured *c = ev.syscall_entry.captures;

			saw_open = 1;
			CHECK(c[0].len == sizeof(path) && c[0].flags == 0 && c[0].index == 0);
			CHECK(c[0].arg == 1 && c[0].addr == ev.syscall_entry.args[1]);
			CHECK(c[1].len == 10 && c[1].flags == UTRACER_CAPTURED_TRUNCATED);
			CHECK(c[1].index == 1 && !memcmp(c[1].data, path, 10));
		}
		if (ev.type == UTRACER_EVENT_SYSCALL_ENTRY && ev.syscall_entry.nr != SYS_openat &&
		    ev.syscall_entry.nr != SYS_write)
			CHECK(ev.syscall_entry.ncaptures == 0);
		if (ev.type == UTRACER_EVENT_SYSCALL_EXIT && ev.syscall_exit.nr == SYS_read) {
			const struct utracer_captured *c = ev.syscall_exit.captures;

			REQUIRE(ev.syscall_exit.ncaptures == 1);
			if (ev.syscall_exit.ret == (int64_t)strlen(content)) {
				saw_read = 1;
				CHECK(c[0].len == strlen(content) && c[0].flags == 0);
				CHECK(!memcmp(c[0].data, content, strlen(content)));
			} else if (ev.syscall_exit.ret == 0) {
				saw_eof = 1;
				CHECK(c[0].len == 0);
			}
		}
		if (ev.type == UTRACER_EVENT_SYSCALL_ENTRY && ev.syscall_entry.nr == SYS_write) {
			const struct utracer_captured *c = ev.syscall_entry.captures;

			REQUIRE(ev.syscall_entry.ncaptures == 1);
			saw_write = 1;
			CHECK(ev.syscall_entry.args[2] == strlen(content));
			CHECK(c[0].len == strlen(content) && c[0].addr == ev.syscall_entry.args[1]);
			CHECK(!memcmp(c[0].data, content, strlen(content)));
		}
		if (ev.type == UTRACER_EVENT_SYSCALL_EXIT && ev.syscall_exit.ret == 0 &&
		    (ev.syscall_exit.nr == SYS_fstat || ev.syscall_exit.nr == SYS_newfstatat)) {
			struct stat st;

			REQUIRE(ev.syscall_exit.ncaptures == 1);
			REQUIRE(ev.syscall_exit.captures[0].len == sizeof(st));
			memcpy(&st, ev.syscall_exit.captures[0].data, sizeof(st));
			/* The loader's libraries, /dev/null, or the file. */
			if (st.st_ino == file.st_ino && st.st_dev == file.st_dev) {
				saw_stat = 1;
				CHECK(st.st_size == (off_t)strlen(content));
			}
		}
		if (ev.type == UTRACER_EVENT_EXIT)
			break;
	}
	CHECK(saw_open && saw_read && saw_eof && saw_write && saw_stat);
	if (!(saw_open && saw_read && saw_eof && saw_write && saw_stat))
		fprintf(stderr, "open %d read %d eof %d write %d stat %d\n", saw_open, saw_read,
			saw_eof, saw_write, saw_stat);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Count 0: the events come without captures again. */
static void test_remove(void)
{
	struct utracer_capture_def d = def(SYS_read, UTRACER_SYSCALL_F_EXIT,
					   UTRACER_CAPTURE_MEMORY, 1,
					   UTRACER_CAPTURE_LEN_FROM_RET, 0, 64);
	struct utracer_event_info ev;
	int reads = 0, status;
	pid_t pid = spawn_cat();

	REQUIRE(utracer_set_captures(u, pid, &d, 1) == 0);
	REQUIRE(utracer_set_captures(u, pid, NULL, 0) == 0);
	REQUIRE(utracer_run(u, pid, 0) == 0);
	while (utracer_event_wait_for(u, pid, 0, &ev, 20000) == 0) {
		if (ev.type == UTRACER_EVENT_SYSCALL_EXIT && ev.syscall_exit.nr == SYS_read) {
			reads++;
			CHECK(ev.syscall_exit.ncaptures == 0 && !ev.syscall_exit.captures);
		}
		if (ev.type == UTRACER_EVENT_EXIT)
			break;
	}
	CHECK(reads >= 2);
	REQUIRE(waitpid(pid, &status, 0) == pid);
}

static void test_errors(void)
{
	struct utracer_capture_def good = def(SYS_read, UTRACER_SYSCALL_F_EXIT,
					      UTRACER_CAPTURE_MEMORY, 1,
					      UTRACER_CAPTURE_LEN_FROM_RET, 0, 64);
	struct utracer_capture_def d, *many;
	pid_t pid = spawn_cat();

	d = good, d.arch = 0;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.when = UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.kind = 3;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.len_from = 3;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.arg = 6;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.len_from = UTRACER_CAPTURE_LEN_FROM_ARG, d.len_arg = 6;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.max = 0;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.max = 65537;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.len_from = UTRACER_CAPTURE_LEN_FIXED, d.elem = 4;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.kind = UTRACER_CAPTURE_STRING;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.when = UTRACER_SYSCALL_F_ENTRY;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	d = good, d.nr = -1;
	CHECK_ERR(utracer_set_captures(u, pid, &d, 1), EINVAL);
	CHECK_ERR(utracer_set_captures(u, pid, NULL, 1), EINVAL);
	CHECK_ERR(utracer_set_captures(u, 0, &good, 1), EINVAL);
	CHECK_ERR(utracer_set_captures(NULL, pid, &good, 1), EINVAL);
	many = calloc(UTRACER_CAPTURE_DEFS_MAX + 1, sizeof(*many));
	REQUIRE(many);
	for (size_t i = 0; i <= UTRACER_CAPTURE_DEFS_MAX; i++)
		many[i] = good;
	CHECK_ERR(utracer_set_captures(u, pid, many, UTRACER_CAPTURE_DEFS_MAX + 1), E2BIG);
	/* Nine for one syscall's event: one more than the module takes. */
	CHECK_ERR(utracer_set_captures(u, pid, many, 9), E2BIG);
	free(many);
	/* i386 syscalls are named in their own table. */
	d = good, d.arch = AUDIT_ARCH_I386, d.nr = 3;
	CHECK(utracer_set_captures(u, pid, &d, 1) == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK_ERR(utracer_set_captures(u, pid, &good, 1), ESRCH);
}

int main(void)
{
	int fd;

	u = ulib_open_or_skip();
	if (!utracer_has_feature(u, UTRACER_FEATURE_CAPTURE)) {
		fprintf(stderr, "the module has no captures\n");
		return ULIB_FAIL;
	}
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	REQUIRE(write(fd, content, strlen(content)) == (ssize_t)strlen(content));
	close(fd);
	test_captures();
	test_remove();
	test_errors();
	unlink(path);
	utracer_close(u);
	return ulib_verdict();
}
