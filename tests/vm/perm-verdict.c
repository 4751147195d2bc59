// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the kernel's yes on a thread is kept while the thread's
 * image, credentials and dumpable mode are the same, and asked for again
 * when one changes, so that utracer refuses where ptrace refuses, a ptracer
 * attached before included. An unprivileged client (uid 4242) attaches a
 * target of its own uid and reads its memory; a ptracer of the same uid,
 * attached too, reads the same word. The target makes itself undumpable
 * (PR_SET_DUMPABLE 0): MEM_READ and ENV give EPERM and PEEKDATA EIO, and a
 * new client cannot attach; dumpable again, both read; after new
 * credentials (a new session keyring) both still read, and undumpable
 * again, MEM_READ is refused.
 */
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define UID 4242
#define KEYCTL_JOIN_SESSION_KEYRING 1

static volatile uint64_t secret = 0x5ec7e7;
/* Where the target has it (its own load address). */
static uint64_t secret_at;

static int set_ids(uid_t uid)
{
	return setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid);
}

/*
 * The target (this program again, exec'd as UID: a uid change without an
 * exec leaves a process undumpable): one command a byte on @in, 0 or the
 * errno on @out.
 */
static int target(int in, int out)
{
	uint64_t at = (uintptr_t)&secret;
	char c;
	int r;

	/* Ready: exec'd, as UID; where its word is. */
	if (write(out, &at, sizeof(at)) != sizeof(at))
		return 3;
	while (read(in, &c, 1) == 1) {
		errno = 0;
		if (c == 'n' || c == 'd')
			r = prctl(PR_SET_DUMPABLE, c == 'd');
		else
			r = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 ? -1 : 0;
		r = r ? errno : 0;
		if (write(out, &r, sizeof(r)) != sizeof(r))
			return 3;
	}
	return 0;
}

static int mem_read(struct uabi_client *c, pid_t pid)
{
	struct utracer_mem_read m = { .size = sizeof(m), .pid = pid };
	uint64_t word = 0;

	m.addr = secret_at;
	m.buf = (uintptr_t)&word;
	m.len = sizeof(word);
	if (ioctl(c->cmd, UTRACER_IOC_MEM_READ, &m))
		return errno;
	return word == secret ? 0 : EIO;
}

static int env_read(struct uabi_client *c, pid_t pid)
{
	static char env[65536];
	struct utracer_buf_query q = { .size = sizeof(q), .pid = pid };

	q.buf = (uintptr_t)env;
	q.len = sizeof(env);
	return ioctl(c->cmd, UTRACER_IOC_ENV, &q) ? errno : 0;
}

static int peek(pid_t pid)
{
	long word;

	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)secret_at, 0);
	if (errno)
		return errno;
	return (uint64_t)word == secret ? 0 : EIO;
}

static int tell(int in, int out, char cmd)
{
	int r = -1;

	if (write(in, &cmd, 1) != 1 || read(out, &r, sizeof(r)) != sizeof(r))
		return -1;
	return r;
}

/*
 * The ptracer, attached before everything: at each SIGUSR1 it takes the
 * target's SIGSTOP stop, reads the word (0 or PEEKDATA's errno to @res),
 * and lets it go on.
 */
static void ptracer(pid_t pid, int res, const sigset_t *usr1)
{
	int st, sig, r;

	if (ptrace(PTRACE_ATTACH, pid, 0, 0) || waitpid(pid, &st, __WALL) != pid ||
	    ptrace(PTRACE_CONT, pid, 0, 0))
		_exit(10);
	r = 0;
	if (write(res, &r, sizeof(r)) != sizeof(r))
		_exit(11);
	while (!sigwait(usr1, &sig)) {
		if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
			_exit(12);
		r = peek(pid);
		if (write(res, &r, sizeof(r)) != sizeof(r) || ptrace(PTRACE_CONT, pid, 0, 0))
			_exit(13);
	}
	_exit(14);
}

/* What the ptracer attached before reads now: 0 or PEEKDATA's errno. */
static int ptracer_peek(pid_t pid, pid_t peer, int res)
{
	int r = -1;

	kill(pid, SIGSTOP);
	kill(peer, SIGUSR1);
	if (read(res, &r, sizeof(r)) != sizeof(r))
		return -1;
	return r;
}

/* The tracer, as UID: the whole test; its exit status is the verdict. */
static int tracer(pid_t pid, int in, int out)
{
	struct uabi_client c;
	int st, r, res[2];
	sigset_t usr1;
	pid_t peer, p2;

	if (set_ids(UID) || pipe(res))
		return FAIL;
	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	CHECK(uabi_attach(&c, pid, 0, 0, 0) == 0, "attach: %s", strerror(errno));
	CHECK((r = mem_read(&c, pid)) == 0, "MEM_READ of a dumpable target: %s", strerror(r));
	CHECK((r = mem_read(&c, pid)) == 0, "MEM_READ again: %s", strerror(r));

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	peer = fork();
	if (!peer)
		ptracer(pid, res[1], &usr1);
	CHECK(read(res[0], &r, sizeof(r)) == sizeof(r) && r == 0, "the ptracer did not attach");
	CHECK((r = ptracer_peek(pid, peer, res[0])) == 0, "PEEKDATA: %s", strerror(r));

	/* Undumpable: both refuse, though attached before. */
	CHECK(tell(in, out, 'n') == 0, "PR_SET_DUMPABLE 0 failed");
	CHECK((r = mem_read(&c, pid)) == EPERM, "MEM_READ of an undumpable target: %s, want EPERM",
	      strerror(r));
	CHECK((r = env_read(&c, pid)) == EPERM, "ENV of an undumpable target: %s, want EPERM",
	      strerror(r));
	CHECK((r = ptracer_peek(pid, peer, res[0])) == EIO,
	      "PEEKDATA of an undumpable target: %s, want EIO", strerror(r));
	/* A new attach too. */
	p2 = fork();
	if (!p2) {
		struct uabi_client c2;

		if (uabi_register(&c2))
			_exit(20);
		_exit(uabi_attach(&c2, pid, 0, 0, 0) == 0 ? 21 : errno == EPERM ? 0 : 22);
	}
	CHECK(waitpid(p2, &st, 0) == p2 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a new client and an undumpable target: status %#x, want a refusal", st);

	/* Dumpable again: both read it again. */
	CHECK(tell(in, out, 'd') == 0, "PR_SET_DUMPABLE 1 failed");
	CHECK((r = mem_read(&c, pid)) == 0, "MEM_READ, dumpable again: %s", strerror(r));
	CHECK((r = ptracer_peek(pid, peer, res[0])) == 0, "PEEKDATA, dumpable again: %s",
	      strerror(r));

	/* New credentials (a new session keyring): asked again, still yes. */
	CHECK(tell(in, out, 'k') == 0, "joining a new session keyring failed");
	CHECK((r = mem_read(&c, pid)) == 0, "MEM_READ after new credentials: %s", strerror(r));
	CHECK((r = env_read(&c, pid)) == 0, "ENV after new credentials: %s", strerror(r));
	CHECK((r = ptracer_peek(pid, peer, res[0])) == 0, "PEEKDATA after new credentials: %s",
	      strerror(r));
	/* And undumpable after them: no. */
	CHECK(tell(in, out, 'n') == 0, "PR_SET_DUMPABLE 0 failed");
	CHECK((r = mem_read(&c, pid)) == EPERM, "MEM_READ, undumpable after new credentials: %s",
	      strerror(r));
	kill(peer, SIGKILL);
	waitpid(peer, NULL, 0);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}

/* Yama's scope, 0 for the test (a ptracer of a sibling); -1: no Yama. */
static int yama_scope(int set)
{
	const char *path = "/proc/sys/kernel/yama/ptrace_scope";
	FILE *f = fopen(path, set < 0 ? "r" : "w");
	int v = -1;

	if (!f)
		return -1;
	if (set < 0) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
	} else {
		v = fprintf(f, "%d\n", set) > 0 ? set : -1;
	}
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	int in[2], out[2], st, scope;
	pid_t pid, t;

	if (argc > 1 && !strcmp(argv[1], "target"))
		return target(0, 1);
	if (!uabi_available())
		return SKIP;
	if (geteuid()) {
		fprintf(stderr, "needs root (to become uid %d)\n", UID);
		return SKIP;
	}
	if (pipe(in) || pipe(out))
		return FAIL;
	scope = yama_scope(-1);
	if (scope > 0)
		yama_scope(0);
	pid = fork();
	if (!pid) {
		char *args[] = { "perm-verdict", "target", NULL };

		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || set_ids(UID))
			_exit(2);
		close(in[1]);
		close(out[0]);
		execv("/proc/self/exe", args);
		_exit(3);
	}
	close(in[0]);
	close(out[1]);
	CHECK(read(out[0], &secret_at, sizeof(secret_at)) == sizeof(secret_at),
	      "the target did not start");
	t = fork();
	if (!t)
		_exit(tracer(pid, in[1], out[0]));
	CHECK(waitpid(t, &st, 0) == t && WIFEXITED(st) && WEXITSTATUS(st) == PASS,
	      "the tracer's checks failed (status %#x)", st);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (scope > 0)
		yama_scope(scope);
	return uabi_failures ? FAIL : PASS;
}
