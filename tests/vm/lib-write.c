// SPDX-License-Identifier: GPL-2.0
/*
 * Description: through libutracer, against the module: the write and
 * /proc/PID features are announced; rbx written with
 * utracer_regset_write() into a tracee stopped in its spin loop reads back
 * and makes it exit with 42, a bad selector is refused with EIO and
 * changes nothing, a running thread gives EBUSY; utracer_mem_write() of a
 * word is seen by the tracee, at an unmapped address gives EIO; the
 * auxiliary vector, command line, status and open files of the tracee
 * match /proc/PID (auxv, cmdline, status, fd).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;

/* A whole file, malloc'ed; NULL on error. */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL, *bigger;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		bigger = realloc(buf, cap);
		if (!bigger)
			break;
		buf = bigger;
		r = read(fd, buf + n, cap - n);
		if (r <= 0) {
			close(fd);
			if (r < 0)
				break;
			*len = n;
			return buf;
		}
		n += (size_t)r;
		if (n == cap)
			cap *= 2;
	}
	close(fd);
	free(buf);
	return NULL;
}

static void wait_stop(pid_t pid)
{
	struct utracer_event_info ev;

	REQUIRE(utracer_event_wait_for(u, pid, UTRACER_EVENT_STOP, &ev, 30000) == 0);
}

static void check_regs(void)
{
	char *argv[] = { "regs", NULL };
	struct user_regs_struct regs, back;
	unsigned long long loop, end;
	struct ulib_tracee t;
	char line[128];
	int i, status;

	REQUIRE(ulib_tracee_start(&t, "poke", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 30000) > 0);
	REQUIRE(sscanf(line, "ready %*d %llx %llx", &loop, &end) == 2);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	memset(&regs, 0, sizeof(regs));
	memset(&back, 0, sizeof(back));
	CHECK_ERR(utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)), EBUSY);
	for (i = 0; i < 50; i++) {
		CHECK(utracer_quiesce(u, t.pid, 0) == 0);
		wait_stop(t.pid);
		CHECK(utracer_regset_read(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) ==
		      (ssize_t)sizeof(regs));
		if (regs.rip >= loop && regs.rip < end)
			break;
		CHECK(utracer_run(u, t.pid, 0) == 0);
		usleep(20000);
	}
	CHECK(regs.rip >= loop && regs.rip < end && regs.rbx == 0);
	regs.rbx = 42;
	regs.cs = 0x10;
	CHECK_ERR(utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)), EIO);
	CHECK(utracer_regset_read(u, t.pid, NT_PRSTATUS, &back, sizeof(back)) ==
	      (ssize_t)sizeof(back));
	CHECK(back.rbx == 0 && back.cs == 0x33);
	regs.cs = back.cs;
	CHECK_ERR(utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs) - 1), EINVAL);
	CHECK(utracer_regset_write(u, t.pid, NT_PRSTATUS, &regs, sizeof(regs)) == 0);
	CHECK(utracer_regset_read(u, t.pid, NT_PRSTATUS, &back, sizeof(back)) ==
	      (ssize_t)sizeof(back));
	CHECK(back.rbx == 42);
	CHECK(utracer_detach(u, t.pid, 0) == 0);
	status = ulib_tracee_wait(&t, 30000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 42);
	ulib_tracee_kill(&t);
}

static void check_proc(pid_t pid)
{
	UTRACER_OPTS(utracer_task_status, st);
	struct utracer_auxv *v;
	struct utracer_fd *fds;
	char path[64], link[PATH_MAX], **args, *raw;
	size_t n, len, i, k;
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	raw = slurp(path, &len);
	v = utracer_auxv_list(u, pid, &n);
	CHECK(v && raw && len == (n + 1) * 16);
	for (i = 0; v && raw && i < n && (i + 1) * 16 <= len; i++)
		CHECK(!memcmp(&v[i].type, raw + 16 * i, 8) && !memcmp(&v[i].value, raw + 16 * i + 8, 8));
	free(v);
	free(raw);

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	raw = slurp(path, &len);
	args = utracer_cmdline_list(u, pid, &n);
	CHECK(args && raw && n == 2 && !strcmp(args[1], "data") && args[2] == NULL);
	for (i = 0, k = 0; args && raw && i < n; k += strlen(args[i]) + 1, i++)
		CHECK(k < len && !strcmp(args[i], raw + k));
	free(args);
	free(raw);

	CHECK(utracer_task_status(u, pid, &st) == 0);
	CHECK(st.pid == pid && st.tid == pid && st.ppid == getpid() && st.threads == 1);
	CHECK(st.uid[0] == getuid() && st.uid[1] == geteuid() && st.gid[0] == getgid());
	CHECK(st.state == 'S' || st.state == 'D' || st.state == 'R');

	fds = utracer_fd_list(u, pid, &n);
	CHECK(fds && n >= 3);
	for (i = 0; fds && i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fds[i].fd);
		r = readlink(path, link, sizeof(link) - 1);
		CHECK(r > 0);
		link[r > 0 ? r : 0] = '\0';
		CHECK(!strcmp(link, fds[i].path));
	}
	free(fds);
}

static void check_memory(void)
{
	char *argv[] = { "data", NULL };
	unsigned long long var, big;
	uint64_t word = 0x1234, back = 0;
	struct ulib_tracee t;
	char line[128];
	int status;

	REQUIRE(ulib_tracee_start(&t, "poke", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 30000) > 0);
	REQUIRE(sscanf(line, "ready %*d %llx %llx", &var, &big) == 2);
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	check_proc(t.pid);
	CHECK_ERR(utracer_mem_write(u, t.pid, 0, &word, sizeof(word)), EIO);
	CHECK(utracer_mem_write(u, t.pid, big, "abc", 3) == 3);
	CHECK(utracer_mem_write(u, t.pid, var, &word, sizeof(word)) == (ssize_t)sizeof(word));
	CHECK(utracer_mem_read(u, t.pid, var, &back, sizeof(back)) == (ssize_t)sizeof(back));
	CHECK(back == 0x1234);
	CHECK(ulib_tracee_line(&t, line, sizeof(line), 30000) > 0);
	CHECK(!strcmp(line, "value 1234 294"));
	status = ulib_tracee_wait(&t, 30000);
	CHECK(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
}

int main(void)
{
	u = ulib_open_or_skip();
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_AUXV) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_CMDLINE) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_STATUS) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_FDS) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_REGSET_WRITE) == 1);
	CHECK(utracer_has_feature(u, UTRACER_FEATURE_MEM_WRITE) == 1);
	check_regs();
	check_memory();
	utracer_close(u);
	return ulib_verdict();
}
