// SPDX-License-Identifier: GPL-2.0
/*
 * Description: client lifetime. Any number of clients register at once,
 * each with its own /proc/utrace/<pid>. A client that exits, or that closes
 * its control file without unregistering, is cleaned up: the tracee it held
 * stopped runs again, undisturbed, and its directory disappears. A blocked
 * reader of resp wakes with end-of-file when its client unregisters.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define NCLIENTS 8

static int dir_exists(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/utrace/%d", pid);
	return stat(path, &st) == 0;
}

/* A client process that stops @pid and then ends as @how says. */
static void client_ends(pid_t tracee, struct uabi_child *ch, const char *how)
{
	int sync[2], st;
	char line[64], s;
	pid_t pid;

	CHECK(pipe(sync) == 0, "pipe");
	pid = fork();
	if (!pid) {
		struct utracer_ev_stop ev;
		struct uabi_client c;

		if (uabi_register(&c) || uabi_attach(&c, tracee, UTRACER_ATTACH_QUIESCE, 0, 0) ||
		    !uabi_wait_event(&c, UTRACER_EV_STOP, tracee, &ev, sizeof(ev), TMO))
			_exit(1);
		if (!strcmp(how, "close")) {
			close(c.control);
			/* cmd and resp still open: they see the client gone. */
			if (write(sync[1], "s", 1) != 1)
				_exit(1);
			pause();
		}
		if (write(sync[1], "s", 1) != 1)
			_exit(1);
		if (!strcmp(how, "kill"))
			pause();
		_exit(0);
	}
	close(sync[1]);
	CHECK(read(sync[0], &s, 1) == 1, "client failed");
	CHECK(write(ch->in, "getpid\n", 7) == 7, "write");
	if (!strcmp(how, "kill")) {
		CHECK(uabi_read_line(ch, line, sizeof(line), 500) < 0, "tracee not stopped");
		kill(pid, SIGKILL);
	}
	CHECK(uabi_read_line(ch, line, sizeof(line), TMO) > 0, "tracee not resumed (%s)", how);
	if (!strcmp(how, "close")) {
		CHECK(!dir_exists(pid), "directory survived close");
		kill(pid, SIGKILL);
	}
	waitpid(pid, &st, 0);
	CHECK(!dir_exists(pid), "directory survived the client (%s)", how);
	close(sync[0]);
}

static void *unregister_later(void *arg)
{
	struct uabi_client *c = arg;

	usleep(200000);
	ioctl(c->control, UTRACER_IOC_UNREGISTER, 0);
	return NULL;
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct uabi_child ch;
	pid_t pids[NCLIENTS];
	int i, st, sync[2];
	char line[64], buf[256];

	if (!uabi_available())
		return SKIP;
	/* Many clients at once. */
	CHECK(pipe(sync) == 0, "pipe");
	for (i = 0; i < NCLIENTS; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			struct uabi_client c;
			char x;

			close(sync[1]);
			if (uabi_register(&c))
				_exit(1);
			if (read(sync[0], &x, 1) < 0)
				_exit(1);
			_exit(0);
		}
	}
	close(sync[0]);
	for (i = 0; i < NCLIENTS; i++) {
		long long end = uabi_now_ms() + TMO;

		while (!dir_exists(pids[i]) && uabi_now_ms() < end)
			usleep(10000);
		CHECK(dir_exists(pids[i]), "client %d has no directory", pids[i]);
	}
	close(sync[1]);
	for (i = 0; i < NCLIENTS; i++) {
		CHECK(waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && !WEXITSTATUS(st),
		      "client %d status %x", pids[i], st);
		CHECK(!dir_exists(pids[i]), "client %d directory survived", pids[i]);
	}

	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	client_ends(ch.pid, &ch, "exit");
	client_ends(ch.pid, &ch, "kill");
	client_ends(ch.pid, &ch, "close");

	/* A blocked reader wakes with EOF at unregister. */
	{
		struct uabi_client c;
		pthread_t t;

		CHECK(uabi_register(&c) == 0, "register");
		pthread_create(&t, NULL, unregister_later, &c);
		CHECK(read(c.resp, buf, sizeof(buf)) == 0, "read after unregister");
		pthread_join(t, NULL);
		/* The files are gone: procfs fails what is still open. */
		CHECK_ERR(ioctl(c.cmd, UTRACER_IOC_VERSION, buf), ENOTTY);
		uabi_close(&c);
	}
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	return uabi_failures ? FAIL : PASS;
}
