// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

extern char **environ;

const char *ulib_prog(const char *name)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return name;
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/../progs/%s", dirname(self), name);
	return path;
}

int ulib_tracee_start(struct ulib_tracee *t, const char *name,
		      char *const argv[], char *const envp[])
{
	char *args[16] = { (char *)name };
	int in[2], out[2], i;
	const char *path = ulib_prog(name);

	for (i = 1; argv && argv[i - 1] && i < 15; i++)
		args[i] = argv[i - 1];
	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return -errno;
	}
	t->pid = fork();
	if (t->pid < 0)
		return -errno;
	if (t->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execve(path, args, envp ? envp : environ);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->in = in[1];
	t->out = out[0];
	return 0;
}

int ulib_tracee_line(struct ulib_tracee *t, char *buf, size_t size, int timeout_ms)
{
	size_t n = 0;

	while (n + 1 < size) {
		struct pollfd p = { .fd = t->out, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		r = read(t->out, buf + n, 1);
		if (r <= 0)
			return -1;
		if (buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = '\0';
	return (int)n;
}

int ulib_tracee_wait(struct ulib_tracee *t, int timeout_ms)
{
	int status, waited = 0;

	for (;;) {
		pid_t r = waitpid(t->pid, &status, WNOHANG);
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (r == t->pid) {
			t->pid = 0;
			return status;
		}
		if (r < 0 || waited >= timeout_ms)
			return -1;
		nanosleep(&ts, NULL);
		waited += 10;
	}
}

void ulib_tracee_kill(struct ulib_tracee *t)
{
	if (t->pid > 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
		t->pid = 0;
	}
	if (t->in >= 0)
		close(t->in);
	if (t->out >= 0)
		close(t->out);
	t->in = t->out = -1;
}

int ulib_module_loaded(void)
{
	return access("/proc/utrace/control", F_OK) == 0;
}

int ulib_read_at(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, (off_t)off);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int ulib_mem_at(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	return ulib_read_at(path, addr, buf, len);
}

struct utracer *ulib_open_or_skip(void)
{
	struct utracer *u;

	if (!ulib_module_loaded()) {
		printf("the utracer module is not loaded\n");
		exit(ULIB_SKIP);
	}
	u = utracer_open(NULL);
	if (!u) {
		fprintf(stderr, "utracer_open: %s\n", utracer_strerror(errno));
		exit(ULIB_FAIL);
	}
	return u;
}

uint64_t ulib_proc_auxv(pid_t pid, uint64_t type)
{
	uint64_t aux[2], val = 0;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* AT_NULL (0) ends the vector. */
	while (read(fd, aux, sizeof(aux)) == sizeof(aux) && aux[0] != 0)
		if (aux[0] == type)
			val = aux[1];
	close(fd);
	return val;
}
