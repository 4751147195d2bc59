// SPDX-License-Identifier: GPL-2.0
/*
 * Description: AUXV, CMDLINE, STATUS and FDS against /proc/PID. A child
 * with two threads, blocked, ignored, caught and pending signals and a
 * few open files is attached; the auxiliary vector matches
 * /proc/PID/auxv, the command line /proc/PID/cmdline, the status fields
 * /proc/PID/status (state, ids, signal sets, threads) and the descriptors
 * /proc/PID/fd and fdinfo. Short buffers give the size needed and whole
 * records; flags, out fields, reserved, size, bad pointers and a pid not
 * attached give their errors; a user who may not trace the child cannot
 * attach, nor ask about it, nor write its memory or registers.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "procfs.h"
#include "uabi.h"

#define TMO 30000

static struct uabi_client c;

static void on_hup(int sig)
{
	(void)sig;
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* The child: its state is set up, then it says so and waits. */
static void child(int ready)
{
	sigset_t set;
	pthread_t t;
	int fd;

	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, on_hup);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, idle, NULL);
	raise(SIGUSR1);			/* pending for this thread */
	kill(getpid(), SIGTERM);	/* pending for the process (or the thread) */
	fd = open("/tmp/proc-info-file", O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "hello", 5) != 5)
		_exit(3);
	if (dup2(fd, 20) < 0 || open("/dev/null", O_RDONLY) < 0)
		_exit(3);
	if (write(ready, "r", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static uint64_t status_hex(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : ~0ULL;
}

static long status_num(const char *status, const char *key, int index)
{
	const char *p = strstr(status, key);
	char *end;
	long v = -1;
	int i;

	if (!p)
		return -1;
	p += strlen(key);
	for (i = 0; i <= index; i++) {
		v = strtol(p, &end, 10);
		p = end;
	}
	return v;
}

static long query(unsigned long ioc, pid_t pid, void *buf, uint64_t len,
		  struct utracer_buf_query *q)
{
	return uabi_buf_query(&c, ioc, pid, buf, len, q);
}

static void check_auxv(pid_t pid)
{
	struct utracer_auxv_entry v[64];
	struct utracer_buf_query q;
	char path[64];
	uint64_t *raw;
	size_t len, i;

	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	raw = (uint64_t *)uabi_slurp(path, &len);
	CHECK(raw && len >= 32, "read %s", path);
	if (!raw)
		return;
	CHECK_OK(query(UTRACER_IOC_AUXV, pid, v, sizeof(v), &q));
	CHECK(q.needed == q.len && q.count == q.len / sizeof(v[0]) && q.count > 5,
	      "auxv len %llu needed %llu count %u", (unsigned long long)q.len,
	      (unsigned long long)q.needed, q.count);
	/* /proc has the AT_NULL pair too. */
	CHECK(len == (q.count + 1) * 16, "/proc auxv %zu bytes, module %u entries", len, q.count);
	for (i = 0; i < q.count && 2 * i + 1 < len / 8; i++)
		CHECK(v[i].type == raw[2 * i] && v[i].value == raw[2 * i + 1],
		      "auxv[%zu] %llu=%#llx, /proc %llu=%#llx", i,
		      (unsigned long long)v[i].type, (unsigned long long)v[i].value,
		      (unsigned long long)raw[2 * i], (unsigned long long)raw[2 * i + 1]);
	/* Short: whole entries only, and what is needed. */
	CHECK_OK(query(UTRACER_IOC_AUXV, pid, v, 40, &q));
	CHECK(q.count == 2 && q.len == 32 && q.needed == (len - 16), "short auxv %u %llu %llu",
	      q.count, (unsigned long long)q.len, (unsigned long long)q.needed);
	CHECK_ERR(query(UTRACER_IOC_AUXV, pid, (void *)8, sizeof(v), &q), EFAULT);
	free(raw);
}

static void check_cmdline(pid_t pid)
{
	struct utracer_buf_query q;
	char path[64], buf[4096], *raw;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	raw = uabi_slurp(path, &len);
	CHECK(raw && len > 0, "read %s", path);
	if (!raw)
		return;
	CHECK_OK(query(UTRACER_IOC_CMDLINE, pid, buf, sizeof(buf), &q));
	CHECK(q.len == len && q.needed == len && !memcmp(buf, raw, len),
	      "cmdline %llu bytes, /proc %zu", (unsigned long long)q.len, len);
	CHECK_OK(query(UTRACER_IOC_CMDLINE, pid, buf, 3, &q));
	CHECK(q.len == 3 && q.needed == len && !memcmp(buf, raw, 3), "short cmdline");
	CHECK_ERR(query(UTRACER_IOC_CMDLINE, pid, (void *)8, sizeof(buf), &q), EFAULT);
	free(raw);
}

static void check_status(pid_t pid)
{
	struct utracer_status st = { .size = sizeof(st), .pid = pid };
	char path[64], *s, *state;
	size_t len;
	int i;

	/* It says it is ready a few instructions before it sleeps in pause(). */
	CHECK(proc_state(pid, 'S', TMO) == 'S', "child %d never slept", pid);
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_STATUS, &st));
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	s = uabi_slurp(path, &len);
	CHECK(s != NULL, "read %s", path);
	if (!s)
		return;
	state = realloc(s, len + 1);
	if (!state) {
		free(s);
		return;
	}
	s = state;
	s[len] = 0;
	state = strstr(s, "State:\t");
	CHECK(state && st.state == (uint32_t)state[7], "state %c, /proc %c", st.state,
	      state ? state[7] : '?');
	CHECK(st.tgid == status_num(s, "\nTgid:", 0) && st.tid == status_num(s, "\nPid:", 0) &&
	      st.ppid == status_num(s, "\nPPid:", 0) && st.ppid == getpid(),
	      "tgid %d tid %d ppid %d", st.tgid, st.tid, st.ppid);
	CHECK(st.threads == 2 && st.threads == status_num(s, "\nThreads:", 0),
	      "threads %u", st.threads);
	for (i = 0; i < 4; i++) {
		CHECK(st.uid[i] == status_num(s, "\nUid:", i), "uid[%d] %u", i, st.uid[i]);
		CHECK(st.gid[i] == status_num(s, "\nGid:", i), "gid[%d] %u", i, st.gid[i]);
	}
	CHECK(st.sig_pending == status_hex(s, "\nSigPnd:") &&
	      st.sig_shared == status_hex(s, "\nShdPnd:") &&
	      st.sig_blocked == status_hex(s, "\nSigBlk:") &&
	      st.sig_ignored == status_hex(s, "\nSigIgn:") &&
	      st.sig_caught == status_hex(s, "\nSigCgt:"),
	      "signals %llx %llx %llx %llx %llx", (unsigned long long)st.sig_pending,
	      (unsigned long long)st.sig_shared, (unsigned long long)st.sig_blocked,
	      (unsigned long long)st.sig_ignored, (unsigned long long)st.sig_caught);
	/* What the child did, not only what /proc says. */
	CHECK(st.sig_pending & (1ULL << (SIGUSR1 - 1)), "SIGUSR1 not pending");
	CHECK((st.sig_pending | st.sig_shared) & (1ULL << (SIGTERM - 1)), "SIGTERM not pending");
	CHECK(st.sig_blocked & (1ULL << (SIGUSR1 - 1)), "SIGUSR1 not blocked");
	CHECK(st.sig_ignored & (1ULL << (SIGUSR2 - 1)), "SIGUSR2 not ignored");
	CHECK(st.sig_caught & (1ULL << (SIGHUP - 1)), "SIGHUP not caught");
	CHECK(!st.reserved[0] && !st.reserved[3], "reserved");
	free(s);

	/* Out fields and reserved must come in zero; size, flags, pointers. */
	memset(&st, 0, sizeof(st));
	st.size = sizeof(st);
	st.pid = pid;
	st.state = 'R';
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), EINVAL);
	st.state = 0;
	st.reserved[2] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), EINVAL);
	st.reserved[2] = 0;
	st.uid[3] = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), EINVAL);
	st.uid[3] = 0;
	st.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), EINVAL);
	st.flags = 0;
	st.size = 64;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), EINVAL);
	st.size = sizeof(st);
	st.pid = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, &st), ESRCH);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_STATUS, (void *)8), EFAULT);
}

static void check_fds(pid_t pid)
{
	static char buf[65536];
	struct utracer_buf_query q;
	char path[64], link[PATH_MAX], *info;
	size_t off, len;
	unsigned int n = 0, first_len = 0;
	ssize_t r;
	unsigned long long pos;
	unsigned int flags;

	CHECK_OK(query(UTRACER_IOC_FDS, pid, buf, sizeof(buf), &q));
	CHECK(q.len == q.needed && q.count >= 5, "fds len %llu needed %llu count %u",
	      (unsigned long long)q.len, (unsigned long long)q.needed, q.count);
	for (off = 0; off < q.len; n++) {
		struct utracer_fd_record *rec = (void *)(buf + off);

		if (!first_len)
			first_len = rec->rec_len;
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, rec->fd);
		r = readlink(path, link, sizeof(link) - 1);
		CHECK(r > 0, "readlink %s", path);
		link[r > 0 ? r : 0] = 0;
		CHECK(!strcmp(link, rec->path), "fd %d: '%s', /proc '%s'", rec->fd, rec->path, link);
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, rec->fd);
		info = uabi_slurp(path, &len);
		CHECK(info && sscanf(info, "pos:\t%llu\nflags:\t%o", &pos, &flags) == 2,
		      "fdinfo %s", path);
		CHECK(rec->pos == pos && rec->flags == flags, "fd %d pos %llu flags %o, /proc %llu %o",
		      rec->fd, (unsigned long long)rec->pos, rec->flags, pos, flags);
		if (rec->fd == 20)
			CHECK(!strcmp(rec->path, "/tmp/proc-info-file") && rec->pos == 5 &&
			      rec->mode == (UTRACER_FD_READ | UTRACER_FD_WRITE) &&
			      (rec->flags & O_APPEND) && !(rec->flags & O_CLOEXEC),
			      "fd 20: %s pos %llu mode %u flags %o", rec->path,
			      (unsigned long long)rec->pos, rec->mode, rec->flags);
		free(info);
		off += rec->rec_len;
	}
	CHECK(n == q.count, "records %u, count %u", n, q.count);
	/* Short: whole records. */
	CHECK_OK(query(UTRACER_IOC_FDS, pid, buf, first_len + 7, &q));
	CHECK(q.count == 1 && q.len == first_len, "short fds: count %u len %llu", q.count,
	      (unsigned long long)q.len);
	CHECK_ERR(query(UTRACER_IOC_FDS, pid, (void *)8, sizeof(buf), &q), EFAULT);
}

int main(void)
{
	struct utracer_buf_query q;
	int ready[2], status;
	char ch;
	pid_t pid, other;

	if (!uabi_available())
		return SKIP;
	CHECK(pipe(ready) == 0, "pipe");
	pid = fork();
	if (!pid) {
		close(ready[0]);
		child(ready[1]);
	}
	close(ready[1]);
	CHECK(read(ready[0], &ch, 1) == 1, "child not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, pid, 0, 0, 0));

	check_auxv(pid);
	check_cmdline(pid);
	check_status(pid);
	check_fds(pid);

	/* The common errors of the three buffer queries. */
	CHECK_ERR(query(UTRACER_IOC_AUXV, 1, NULL, 0, &q), ESRCH);
	CHECK_ERR(query(UTRACER_IOC_CMDLINE, 1, NULL, 0, &q), ESRCH);
	CHECK_ERR(query(UTRACER_IOC_FDS, 1, NULL, 0, &q), ESRCH);
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.pid = pid;
	q.flags = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_FDS, &q), EINVAL);
	q.flags = 0;
	q.count = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_AUXV, &q), EINVAL);
	q.count = 0;
	q.needed = 1;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_CMDLINE, &q), EINVAL);
	q.needed = 0;
	q.size = 16;
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_FDS, &q), EINVAL);
	CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_AUXV, (void *)8), EFAULT);

	/* Another user may neither attach nor ask. */
	other = fork();
	if (!other) {
		struct uabi_client o;
		struct utracer_status st = { .size = sizeof(st), .pid = pid };
		int bad = 0;

		if (uabi_drop_privileges() || uabi_register(&o))
			_exit(3);
		errno = 0;
		bad |= !(uabi_attach(&o, pid, 0, 0, 0) < 0 && errno == EPERM);
		errno = 0;
		bad |= !(ioctl(o.cmd, UTRACER_IOC_STATUS, &st) < 0 && errno == ESRCH);
		memset(&q, 0, sizeof(q));
		q.size = sizeof(q);
		q.pid = pid;
		errno = 0;
		bad |= !(ioctl(o.cmd, UTRACER_IOC_FDS, &q) < 0 && errno == ESRCH);
		{
			uint64_t word = 0;
			struct utracer_mem_write m = { .size = sizeof(m), .pid = pid,
						       .addr = 0x400000, .buf = (uintptr_t)&word,
						       .len = sizeof(word) };
			struct utracer_regset_write w = { .size = sizeof(w), .tid = pid,
							  .note_type = 1, .buf = (uintptr_t)&word,
							  .len = sizeof(word) };

			errno = 0;
			bad |= !(ioctl(o.cmd, UTRACER_IOC_MEM_WRITE, &m) < 0 && errno == ESRCH);
			errno = 0;
			bad |= !(ioctl(o.cmd, UTRACER_IOC_REGSET_WRITE, &w) < 0 && errno == ESRCH);
		}
		_exit(bad ? 1 : 0);
	}
	CHECK(waitpid(other, &status, 0) == other && WIFEXITED(status) && !WEXITSTATUS(status),
	      "another user: status %#x", status);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink("/tmp/proc-info-file");
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
