// SPDX-License-Identifier: GPL-2.0
/*
 * Description: SIGKILL of a client while it holds tracees stopped (a
 * single-threaded one and a process of 9 threads) and while one of its
 * threads is blocked in read() of resp: every tracee runs again, the
 * client's /proc/utrace directory vanishes, and the module's reference
 * count falls back to what it was (no file, client or task_work leaks).
 */
#include <errno.h>
#include <pthread.h>
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
#define THREADS 8

/* The "used by" count of utracer in /proc/modules, or -1. */
static int module_refs(void)
{
	size_t len;
	char *s = uabi_slurp("/proc/modules", &len), *p;
	int refs = -1;

	if (!s)
		return -1;
	s[len ? len - 1 : 0] = 0;
	for (p = s; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, "utracer ", 8)) {
			sscanf(p, "utracer %*u %d", &refs);
			break;
		}
	free(s);
	return refs;
}

static void *blocked_reader(void *arg)
{
	struct uabi_client *c = arg;
	char buf[4096];

	/* Blocks: nothing is reported until the client is killed. */
	while (read(c->resp, buf, sizeof(buf)) > 0)
		;
	return NULL;
}

/* A tracee answers "getpid" within @ms? */
static int answers(struct uabi_child *ch, int ms)
{
	char line[64];

	if (write(ch->in, "getpid\n", 7) != 7)
		return 0;
	return uabi_read_line(ch, line, sizeof(line), ms) > 0 && !strncmp(line, "ok ", 3);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct uabi_child one, many;
	char line[64], path[64];
	int sync[2], st, refs0;
	struct stat sb;
	long long end;
	pid_t client;

	if (!uabi_available())
		return SKIP;
	refs0 = module_refs();
	CHECK(refs0 >= 0, "utracer not in /proc/modules");
	CHECK(uabi_spawn(&one, argv) == 0 && uabi_spawn(&many, argv) == 0, "spawn");
	CHECK(uabi_read_line(&one, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_read_line(&many, line, sizeof(line), TMO) > 0, "tracee not ready");
	snprintf(line, sizeof(line), "threads %d\n", THREADS);
	CHECK(write(many.in, line, strlen(line)) == (ssize_t)strlen(line), "write");
	CHECK(uabi_read_line(&many, line, sizeof(line), TMO) > 0, "threads not started");

	CHECK(pipe(sync) == 0, "pipe");
	client = fork();
	if (!client) {
		struct utracer_ev_stop ev;
		struct uabi_client c;
		pthread_t reader;
		int stops = 0;

		close(sync[0]);
		if (uabi_register(&c) ||
		    uabi_attach(&c, one.pid, UTRACER_ATTACH_QUIESCE, 0, 0) ||
		    uabi_attach(&c, many.pid, UTRACER_ATTACH_QUIESCE, 0, 0))
			_exit(1);
		/* 1 + 1 + THREADS threads stop. */
		while (stops < 2 + THREADS &&
		       uabi_wait_event(&c, UTRACER_EV_STOP, 0, &ev, sizeof(ev), TMO))
			stops++;
		if (stops != 2 + THREADS)
			_exit(2);
		if (pthread_create(&reader, NULL, blocked_reader, &c))
			_exit(3);
		if (write(sync[1], "s", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	close(sync[1]);
	{
		char s = 0;

		CHECK(read(sync[0], &s, 1) == 1 && s == 's', "client failed");
	}
	snprintf(path, sizeof(path), "/proc/utrace/%d", client);
	CHECK(stat(path, &sb) == 0, "%s missing", path);
	CHECK(module_refs() > refs0, "the client holds no module reference");
	CHECK(!answers(&one, 300), "tracee runs while held stopped");
	CHECK(!answers(&many, 300), "threaded tracee runs while held stopped");
	usleep(100000);		/* let the reader block in read() */

	kill(client, SIGKILL);
	CHECK(waitpid(client, &st, 0) == client && WIFSIGNALED(st), "client status %x", st);
	/* The answers to the "getpid" written while they were stopped. */
	CHECK(uabi_read_line(&one, line, sizeof(line), TMO) > 0, "tracee not resumed");
	CHECK(uabi_read_line(&many, line, sizeof(line), TMO) > 0, "threaded tracee not resumed");
	CHECK(answers(&one, TMO) && answers(&many, TMO), "tracees disturbed");
	CHECK(write(many.in, "release\n", 8) == 8, "write");
	CHECK(uabi_read_line(&many, line, sizeof(line), TMO) > 0 && !strcmp(line, "ok release"),
	      "threads not released: %s", line);
	end = uabi_now_ms() + TMO;
	while ((stat(path, &sb) == 0 || module_refs() != refs0) && uabi_now_ms() < end)
		usleep(10000);
	CHECK(stat(path, &sb) < 0 && errno == ENOENT, "%s survived its client", path);
	CHECK(module_refs() == refs0, "module references: %d, were %d", module_refs(), refs0);

	kill(one.pid, SIGKILL);
	kill(many.pid, SIGKILL);
	uabi_reap(&one, NULL);
	uabi_reap(&many, NULL);
	return uabi_failures ? FAIL : PASS;
}
