// SPDX-License-Identifier: GPL-2.0
/*
 * Raw-ABI helpers for the module's VM tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include "uabi.h"

int uabi_failures;

long long uabi_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int uabi_available(void)
{
	return access("/proc/utrace/control", F_OK) == 0;
}

int uabi_register(struct uabi_client *c)
{
	return uabi_register_queue(c, 0);
}

int uabi_register_queue(struct uabi_client *c, uint32_t queue_limit)
{
	struct utracer_register reg = { .size = sizeof(reg), .queue_limit = queue_limit };
	char path[64];

	memset(c, 0, sizeof(*c));
	c->cmd = c->resp = -1;
	c->control = open("/proc/utrace/control", O_RDONLY | O_CLOEXEC);
	if (c->control < 0)
		return -1;
	if (ioctl(c->control, UTRACER_IOC_REGISTER, &reg) < 0)
		goto fail;
	c->pid = reg.client_pid;
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", c->pid);
	c->cmd = open(path, O_RDWR | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", c->pid);
	c->resp = open(path, O_RDONLY | O_CLOEXEC);
	if (c->cmd < 0 || c->resp < 0)
		goto fail;
	return 0;
fail:
	uabi_close(c);
	return -1;
}

void uabi_close(struct uabi_client *c)
{
	if (c->cmd >= 0)
		close(c->cmd);
	if (c->resp >= 0)
		close(c->resp);
	if (c->control >= 0)
		close(c->control);
	c->cmd = c->resp = c->control = -1;
}

int uabi_attach(struct uabi_client *c, pid_t pid, uint32_t flags, uint64_t events,
		uint64_t stops)
{
	struct utracer_attach a = {
		.size = sizeof(a), .flags = flags, .pid = pid,
		.event_mask = events, .stop_mask = stops,
	};

	return ioctl(c->cmd, UTRACER_IOC_ATTACH, &a);
}

int uabi_buf_query(struct uabi_client *c, unsigned long ioc, pid_t pid, void *buf,
		   uint64_t len, struct utracer_buf_query *q)
{
	memset(q, 0, sizeof(*q));
	q->size = sizeof(*q);
	q->pid = pid;
	q->buf = (uintptr_t)buf;
	q->len = len;
	return ioctl(c->cmd, ioc, q);
}

int uabi_target(struct uabi_client *c, unsigned long ioc, pid_t pid, uint32_t flags)
{
	struct utracer_target t = { .size = sizeof(t), .flags = flags, .pid = pid };

	return ioctl(c->cmd, ioc, &t);
}

int uabi_next_event(struct uabi_client *c, void *ev, size_t size, int timeout_ms)
{
	struct utracer_event *hdr;
	struct pollfd pfd = { .fd = c->resp, .events = POLLIN };
	ssize_t n;
	int r;

	if (c->off >= c->len) {
		c->off = c->len = 0;
		r = poll(&pfd, 1, timeout_ms);
		if (r <= 0)
			return r;
		n = read(c->resp, c->buf, sizeof(c->buf));
		if (n <= 0)
			return -1;
		c->len = n;
	}
	hdr = (struct utracer_event *)(c->buf + c->off);
	if (hdr->size < sizeof(*hdr) || c->off + hdr->size > c->len) {
		fprintf(stderr, "uabi: malformed record (size %u at %zu of %zu)\n",
			hdr->size, c->off, c->len);
		return -1;
	}
	memset(ev, 0, size);
	memcpy(ev, hdr, hdr->size < size ? hdr->size : size);
	c->off += hdr->size;
	return hdr->type;
}

int uabi_wait_event(struct uabi_client *c, int type, pid_t tid, void *ev, size_t size,
		    int timeout_ms)
{
	long long end = uabi_now_ms() + timeout_ms;
	struct utracer_event *hdr = ev;
	int r;

	for (;;) {
		long long left = end - uabi_now_ms();

		if (left < 0)
			return 0;
		r = uabi_next_event(c, ev, size, (int)left);
		if (r <= 0)
			return 0;
		if (r == type && (!tid || hdr->tid == tid))
			return 1;
	}
}

int uabi_wait_state(struct uabi_client *c, pid_t tid, uint32_t state, int timeout_ms)
{
	long long end = uabi_now_ms() + timeout_ms;
	struct utracer_check_pid cp;

	do {
		memset(&cp, 0, sizeof(cp));
		cp.size = sizeof(cp);
		cp.pid = tid;
		if (ioctl(c->cmd, UTRACER_IOC_CHECK_PID, &cp) == 0 && cp.info.state == state)
			return 1;
		usleep(10000);
	} while (uabi_now_ms() < end);
	return 0;
}

int uabi_spawn(struct uabi_child *ch, char *const argv[])
{
	int out[2], in[2];

	if (pipe2(out, O_CLOEXEC) || pipe2(in, O_CLOEXEC))
		return -1;
	ch->pid = fork();
	if (ch->pid < 0)
		return -1;
	if (!ch->pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(in[0]);
	ch->out = out[0];
	ch->in = in[1];
	return 0;
}

int uabi_read_line(struct uabi_child *ch, char *line, size_t size, int timeout_ms)
{
	struct pollfd pfd = { .fd = ch->out, .events = POLLIN };
	long long end = uabi_now_ms() + timeout_ms;
	size_t n = 0;

	while (n + 1 < size) {
		long long left = end - uabi_now_ms();

		if (left < 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		if (read(ch->out, line + n, 1) != 1)
			break;
		if (line[n] == '\n') {
			line[n] = 0;
			return (int)n;
		}
		n++;
	}
	line[n] = 0;
	return -1;
}

int uabi_reap(struct uabi_child *ch, int *status)
{
	int st = 0;

	close(ch->out);
	close(ch->in);
	if (waitpid(ch->pid, &st, 0) != ch->pid)
		return -1;
	if (status)
		*status = st;
	return 0;
}

/*
 * Whether a process of any uid may execute @path: every directory on the
 * way searchable by others, the file readable and executable by others.
 */
static int reachable_by_all(const char *path)
{
	char walk[PATH_MAX + 64];
	struct stat st;
	char *slash;

	if (stat(path, &st) || (st.st_mode & (S_IROTH | S_IXOTH)) != (S_IROTH | S_IXOTH))
		return 0;
	snprintf(walk, sizeof(walk), "%s", path);
	while ((slash = strrchr(walk, '/')) && slash != walk) {
		*slash = 0;
		if (stat(walk, &st) || !(st.st_mode & S_IXOTH))
			return 0;
	}
	return 1;
}

/*
 * Copy @from to @to (mode 0755) through a temporary name and a rename, so
 * that tests running side by side never see half a copy.
 */
static int copy_executable(const char *from, const char *to)
{
	char tmp[PATH_MAX + 96], buf[65536];
	int in, out, ok = 1;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.%d", to, (int)getpid());
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0755);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			ok = 0;
	if (n < 0)
		ok = 0;
	close(in);
	if (fchmod(out, 0755) || close(out) || !ok || rename(tmp, to)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int uabi_count_entries(struct uabi_client *c, pid_t pid, int32_t nr, int want, int timeout_ms)
{
	union {
		struct utracer_event hdr;
		struct utracer_ev_syscall_entry e;
		char raw[256];
	} ev;
	int n = 0, r;

	while (n < want && (r = uabi_next_event(c, &ev, sizeof(ev), timeout_ms)) > 0)
		n += r == UTRACER_EV_SYSCALL_ENTRY && ev.e.nr == nr && (!pid || ev.hdr.pid == pid);
	return n;
}

int uabi_in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (!pid) {
		uabi_failures = 0;	/* counts of the parent are not ours */
		fn();
		_exit(uabi_failures ? 1 : 0);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st);
}

int uabi_spawn_ia32(struct uabi_child *ch, const char *source, char *exe, size_t size,
		    int timeout_ms)
{
	char src[] = "/tmp/utracer-ia32-XXXXXX";
	char cmd[256], line[64];
	char *argv[] = { exe, NULL };
	int fd = mkstemp(src);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		return SKIP;
	fputs(source, f);
	fclose(f);
	snprintf(exe, size, "%s.bin", src);
	snprintf(cmd, sizeof(cmd), "cc -x assembler -m32 -nostdlib -static -o %s %s 2>/dev/null",
		 exe, src);
	if (system(cmd) != 0) {
		unlink(src);
		fprintf(stderr, "cannot build a 32-bit tracee: skipped\n");
		return SKIP;
	}
	unlink(src);
	if (uabi_spawn(ch, argv) != 0) {
		unlink(exe);
		return -1;
	}
	if (uabi_read_line(ch, line, sizeof(line), timeout_ms) < 0) {
		fprintf(stderr, "the 32-bit tracee does not run (no ia32 emulation?): skipped\n");
		kill(ch->pid, SIGKILL);
		uabi_reap(ch, NULL);
		unlink(exe);
		return SKIP;
	}
	return 0;
}

int uabi_install_setuid(const char *from, const char *to)
{
	if (copy_executable(from, to))
		return -1;
	return chown(to, 0, 0) == 0 && chmod(to, 04755) == 0 ? 0 : -1;
}

/*
 * The test program @name (build/tests/progs/NAME next to this test). Tests
 * run it as other uids too: when the tree is out of their reach (a clone
 * in a 0700 home), it is copied to UABI_PROGS_DIR, a directory of the
 * guest's /tmp that every uid can search, and that copy is returned.
 */
const char *uabi_prog(const char *name)
{
	static char path[PATH_MAX + 64];
	char self[PATH_MAX], copy[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;
	char *slash;

	if (n < 0)
		return name;
	self[n] = 0;
	/* build/tests/vm/NAME -> build/tests/progs/PROG */
	slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	snprintf(path, sizeof(path), "%s/progs/%s", self, name);
	if (reachable_by_all(path))
		return path;

	if (mkdir(UABI_PROGS_DIR, 0755) && errno != EEXIST)
		return path;
	/* Only a directory of ours, that no one else can write into. */
	if (lstat(UABI_PROGS_DIR, &st) || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0755)
		return path;
	snprintf(copy, sizeof(copy), "%s/%s", UABI_PROGS_DIR, name);
	if (copy_executable(path, copy))
		return path;
	snprintf(path, sizeof(path), "%s", copy);
	return path;
}

char *uabi_slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += r;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	close(fd);
	*len = n;
	return buf;
}

int uabi_drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	return 0;
}

void uabi_check_bp_list_errors(struct uabi_client *c, unsigned long ioc)
{
	struct utracer_bp_list l;

	memset(&l, 0, sizeof(l));
	l.size = UTRACER_BP_LIST_SIZE_VER0 - 8;
	CHECK_ERR(ioctl(c->cmd, ioc, &l), EINVAL);
	l.size = sizeof(l);
	l.flags = 1;
	CHECK_ERR(ioctl(c->cmd, ioc, &l), EINVAL);
	l.flags = 0;
	l.pad = 1;
	CHECK_ERR(ioctl(c->cmd, ioc, &l), EINVAL);
	l.pad = 0;
	l.count = 2;
	CHECK_ERR(ioctl(c->cmd, ioc, &l), EINVAL);
	l.buf = 8;
	CHECK_ERR(ioctl(c->cmd, ioc, &l), EFAULT);
}

void uabi_check_bp_remove(struct uabi_client *c, unsigned long ioc, uint32_t id)
{
	struct utracer_bp_remove r;

	memset(&r, 0, sizeof(r));
	r.size = 8;
	r.id = id;
	CHECK_ERR(ioctl(c->cmd, ioc, &r), EINVAL);
	r.size = sizeof(r);
	r.flags = 1;
	CHECK_ERR(ioctl(c->cmd, ioc, &r), EINVAL);
	r.flags = 0;
	r.pad = 1;
	CHECK_ERR(ioctl(c->cmd, ioc, &r), EINVAL);
	r.pad = 0;
	r.id = 0;
	CHECK_ERR(ioctl(c->cmd, ioc, &r), EINVAL);
	r.id = id + 1;
	CHECK_ERR(ioctl(c->cmd, ioc, &r), ENOENT);
	r.id = id;
	CHECK_OK(ioctl(c->cmd, ioc, &r));
	CHECK_ERR(ioctl(c->cmd, ioc, &r), ENOENT);
}
