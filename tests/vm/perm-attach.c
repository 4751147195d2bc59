// SPDX-License-Identifier: GPL-2.0
/*
 * Description: permissions, never weaker than ptrace. An unprivileged
 * client cannot attach another uid's process, an undumpable process of its
 * own uid, or a kernel thread (nor can root attach a kernel thread), but
 * can attach its own dumpable process; it cannot open another client's
 * files, nor can root. Checks use the credentials of whoever opened the
 * files: a client registered unprivileged stays unprivileged after it
 * regains root. An exec that makes the tracee setuid root detaches the
 * unprivileged client before the new program runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000

static pid_t root_tracee;
static pid_t root_client;

static int kthread_pid(void)
{
	/* kthreadd is pid 2 on every kernel we run. */
	char *s;
	size_t len;
	int ok;

	s = uabi_slurp("/proc/2/comm", &len);
	ok = s && !strncmp(s, "kthreadd", 8);
	free(s);
	return ok ? 2 : -1;
}

static void unprivileged(void)
{
	char *argv_ok[] = { (char *)uabi_prog("sleeper"), "read", NULL };
	char *argv_nd[] = { (char *)uabi_prog("sleeper"), "undumpable", NULL };
	struct uabi_client c;
	struct uabi_child mine, nodump;
	char path[64], line[64];

	CHECK(uabi_drop_privileges() == 0, "drop privileges");
	CHECK(uabi_register(&c) == 0, "unprivileged register: %s", strerror(errno));
	CHECK_ERR(uabi_attach(&c, root_tracee, 0, 0, 0), EPERM);
	CHECK_ERR(uabi_attach(&c, root_tracee, UTRACER_ATTACH_THREAD, 0, 0), EPERM);
	CHECK_ERR(uabi_attach(&c, kthread_pid(), 0, 0, 0), EPERM);

	CHECK(uabi_spawn(&mine, argv_ok) == 0, "spawn");
	CHECK(uabi_read_line(&mine, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(&c, mine.pid, 0, 0, 0));
	CHECK(uabi_spawn(&nodump, argv_nd) == 0, "spawn");
	CHECK(uabi_read_line(&nodump, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_ERR(uabi_attach(&c, nodump.pid, 0, 0, 0), EPERM);

	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", root_client);
	CHECK_ERR(open(path, O_RDWR), EACCES);
	snprintf(path, sizeof(path), "/proc/utrace/%d/resp", root_client);
	CHECK_ERR(open(path, O_RDONLY), EACCES);

	kill(mine.pid, SIGKILL);
	kill(nodump.pid, SIGKILL);
	uabi_reap(&mine, NULL);
	uabi_reap(&nodump, NULL);
	uabi_close(&c);
}

/* Registered while unprivileged, then root again: still refused. */
static void opener_credentials(void)
{
	struct uabi_client c;

	CHECK(setresgid(65534, 65534, 0) == 0 && setresuid(65534, 65534, 0) == 0, "setresuid");
	CHECK(uabi_register(&c) == 0, "register: %s", strerror(errno));
	CHECK(setresuid(0, 0, 0) == 0 && setresgid(0, 0, 0) == 0, "regain root");
	CHECK_ERR(uabi_attach(&c, root_tracee, 0, 0, 0), EPERM);
	uabi_close(&c);
}

/* An exec into a setuid-root program ends an unprivileged client's hold. */
static void setuid_exec(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	const char *suid = "/tmp/utracer-perm-spawner-suid";
	struct utracer_ev_detach d;
	struct uabi_client c;
	struct uabi_child ch;
	char line[256], cmd[128];
	int in, out;
	char buf[65536];
	ssize_t n;

	in = open(argv[0], O_RDONLY);
	out = open(suid, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(out, buf, n) == n, "copy");
	close(in);
	close(out);
	CHECK(chmod(suid, 04755) == 0, "chmod");

	CHECK(uabi_drop_privileges() == 0, "drop privileges");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, UTRACER_EVMASK(UTRACER_EV_EXEC), 0));
	snprintf(cmd, sizeof(cmd), "exec %s\n", suid);
	CHECK(write(ch.in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "no answer after exec");
	snprintf(cmd, sizeof(cmd), "/proc/%d/status", ch.pid);
	{
		size_t len;
		char *status = uabi_slurp(cmd, &len);
		char *uid = status ? strstr(status, "Uid:") : NULL;
		int r, e;

		if (uid && sscanf(uid, "Uid: %d %d", &r, &e) == 2 && e == 0) {
			CHECK(uabi_wait_event(&c, UTRACER_EV_DETACH, ch.pid, &d, sizeof(d), TMO) &&
			      d.reason == UTRACER_DETACH_CRED, "no DETACH for a setuid exec");
			CHECK_ERR(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0), ESRCH);
		} else {
			fprintf(stderr, "setuid exec did not raise privileges (nosuid /tmp?): not checked\n");
		}
		free(status);
	}
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "read", NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], path[64];
	int sync[2], st;
	pid_t other;

	if (!uabi_available())
		return SKIP;
	if (getuid() != 0)
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	root_tracee = ch.pid;
	CHECK(uabi_register(&c) == 0, "register");
	root_client = c.pid;
	CHECK_ERR(uabi_attach(&c, kthread_pid(), 0, 0, 0), EPERM);
	CHECK_ERR(uabi_attach(&c, kthread_pid(), UTRACER_ATTACH_THREAD, 0, 0), EPERM);

	CHECK(uabi_in_child(unprivileged), "unprivileged checks failed");
	CHECK(uabi_in_child(opener_credentials), "opener credential checks failed");
	CHECK(uabi_in_child(setuid_exec), "setuid exec checks failed");

	/* Root cannot open another client's files either. */
	CHECK(pipe(sync) == 0, "pipe");
	other = fork();
	if (!other) {
		struct uabi_client c2;

		close(sync[0]);
		if (uabi_register(&c2) || write(sync[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(sync[1]);
	{
		char x;

		CHECK(read(sync[0], &x, 1) == 1, "second client");
	}
	snprintf(path, sizeof(path), "/proc/utrace/%d/cmd", other);
	CHECK_ERR(open(path, O_RDWR), EACCES);
	kill(other, SIGKILL);
	waitpid(other, &st, 0);

	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&c);
	unlink("/tmp/utracer-perm-spawner-suid");
	return uabi_failures ? FAIL : PASS;
}
