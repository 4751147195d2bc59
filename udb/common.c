// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every udb command needs: error lines, the client, argument parsing,
 * attaching for inspection, stopping one thread.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "udb.h"

void udb_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("udb: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Whether @path, under $UDB_SYSROOT (tests) or /, exists. */
static int sysroot_exists(const char *path)
{
	const char *root = getenv("UDB_SYSROOT");
	char full[PATH_MAX];
	struct stat st;

	snprintf(full, sizeof(full), "%s%s", root ? root : "", path);
	return stat(full, &st) == 0;
}

/* Whether the module for kernel @release is installed (by DKMS or by hand). */
static int module_installed(const char *release)
{
	static const char *const places[] = { "updates/dkms", "updates", "extra", "kernel/extra" };
	static const char *const exts[] = { "", ".xz", ".zst", ".gz" };
	char path[PATH_MAX];
	size_t i, j;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		for (j = 0; j < sizeof(exts) / sizeof(exts[0]); j++) {
			snprintf(path, sizeof(path), "/lib/modules/%s/%s/utracer.ko%s", release,
				 places[i], exts[j]);
			if (sysroot_exists(path))
				return 1;
		}
	return 0;
}

/*
 * The module is not loaded: say what to do on this system, in the order a
 * user meets it. Module installed: load it. utracer-dkms installed but no
 * module for this kernel: the headers DKMS needs, or DKMS's own command.
 * Neither: the package and the headers, or a build from the source.
 */
static void explain_no_module(void)
{
	struct utsname un;
	const char *r;
	char build[PATH_MAX];

	if (uname(&un))
		return;
	r = un.release;
	snprintf(build, sizeof(build), "/lib/modules/%s/build/Makefile", r);
	if (module_installed(r)) {
		fprintf(stderr, "  utracer.ko is installed for %s: load it with 'sudo modprobe utracer'\n", r);
	} else if (sysroot_exists("/usr/src/utracer-" UDB_VERSION "/dkms.conf")) {
		if (!sysroot_exists(build))
			fprintf(stderr, "  utracer-dkms is installed, but DKMS cannot build the module without\n"
				"  this kernel's headers: 'sudo apt install linux-headers-%s',\n"
				"  then 'sudo modprobe utracer'\n", r);
		else
			fprintf(stderr, "  utracer-dkms is installed but the module is not built for %s:\n"
				"  'sudo dkms install utracer/%s -k %s' says why, then 'sudo modprobe utracer'\n",
				r, UDB_VERSION, r);
	} else {
		fprintf(stderr, "  install the module for this kernel (%s): 'sudo apt install utracer-dkms\n"
			"  linux-headers-%s', then 'sudo modprobe utracer'; or build it from the\n"
			"  source: 'make KDIR=/lib/modules/%s/build module' and insmod the result\n",
			r, r, r);
	}
}

/*
 * udb catches the signals it must survive or act on, and never ignores
 * them: execve() resets a caught signal to its default and keeps an ignored
 * one ignored, so the program udb starts gets the dispositions the user's
 * shell gave udb. A signal the shell had ignored stays ignored in udb too,
 * so it stays ignored in the program.
 */
int udb_catch_signal(int sig, void (*handler)(int), int restart)
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static void on_sigpipe(int sig)
{
	(void)sig;	/* the write that raised it fails with EPIPE */
}

void udb_survive_sigpipe(void)
{
	udb_catch_signal(SIGPIPE, on_sigpipe, 1);
}

struct utracer *udb_client_open(void)
{
	struct utracer *u = utracer_open(NULL);

	if (!u) {
		int err = errno;

		udb_error("cannot use utracer: %s", utracer_strerror(err));
		if (err == ENOSYS)
			explain_no_module();
		else if (err == EMFILE)
			fprintf(stderr, "  a user may have at most max_user_clients utracer clients at once "
				"(/sys/module/utracer/parameters/max_user_clients)\n");
	}
	return u;
}

pid_t udb_parse_pid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v <= 0 || v > INT32_MAX) {
		udb_error("'%s' is not a process id", s);
		return -1;
	}
	return (pid_t)v;
}

/* Writes all of buf to fd, across short writes and EINTR: 0, or -1 with errno. */
int udb_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int udb_parse_u64(const char *s, uint64_t *val)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return *end || errno ? -1 : 0;
}

int udb_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int udb_attach_quiet(struct utracer *u, pid_t pid, unsigned int flags)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = 0);
	int err;

	/* A thread of its own when the module can; else its process. */
	if ((flags & UTRACER_THREAD) &&
	    utracer_has_feature(u, UTRACER_FEATURE_THREAD_ATTACH) == 1)
		opts.flags = UTRACER_THREAD;
	err = utracer_attach(u, pid, &opts);
	if (err == -ESRCH)
		udb_error("no such process: %d", (int)pid);
	else if (err < 0)
		udb_error("cannot attach to %d: %s", (int)pid, utracer_strerror(err));
	return err;
}

int udb_stop_thread(struct utracer *u, pid_t tid, int timeout_ms)
{
	struct utracer_event_info ev;
	int err = utracer_quiesce(u, tid, UTRACER_THREAD);

	if (err < 0) {
		udb_error("cannot stop %d: %s", (int)tid, utracer_strerror(err));
		return err;
	}
	err = utracer_event_wait_for(u, tid, UTRACER_EVENT_STOP, &ev, timeout_ms);
	if (err == -EAGAIN)
		udb_error("thread %d did not stop within %d ms", (int)tid, timeout_ms);
	else if (err < 0)
		udb_error("waiting for %d to stop: %s", (int)tid, utracer_strerror(err));
	return err;
}

long udb_read_mem(void *opaque, uint64_t addr, void *buf, size_t len)
{
	const struct udb_mem *m = opaque;

	/* What the module writes is invisible to valgrind: start from defined bytes. */
	memset(buf, 0, len);
	return (long)utracer_mem_read(m->u, m->pid, addr, buf, len);
}

enum udb_abi udb_abi_of_arch(uint32_t arch)
{
	return arch == AUDIT_ARCH_I386 ? UDB_ABI_I386 : UDB_ABI_X86_64;
}

int udb_print_lines(FILE *out, char **vec, size_t count, const char *what, pid_t pid)
{
	if (!vec) {
		int err = -errno;

		udb_error("cannot read %s of %d: %s", what, (int)pid, utracer_strerror(err));
		return err;
	}
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s\n", vec[i]);
	free(vec);
	return 0;
}
