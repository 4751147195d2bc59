// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the cgroup freezer and utracer stops. A tracee held
 * stopped by a client is frozen (cgroup v1 freezer: FROZEN; cgroup v2:
 * see below) and thawed: it stays stopped for the client until RUN, then
 * runs. A frozen tracee asked to QUIESCE stops only once thawed. cgroup v2
 * counts a task as frozen only when it sleeps in the kernel's own freezer
 * trap (cgroup_enter_frozen(), not exported): a tracee held in a utracer
 * stop keeps the v2 cgroup from reporting "frozen 1" until it is run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define V2 "/tmp/utracer-cg2"
#define V1 "/tmp/utracer-cgfreezer"

static int put(const char *dir, const char *file, const char *val)
{
	char path[256];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/* Wait until @file in @dir contains @want; returns 1 if it did. */
static int wait_for(const char *dir, const char *file, const char *want, int ms)
{
	long long end = uabi_now_ms() + ms;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	do {
		size_t len;
		char *s = uabi_slurp(path, &len);
		int hit;

		if (s) {
			s[len ? len - 1 : 0] = 0;
			hit = strstr(s, want) != NULL;
			free(s);
			if (hit)
				return 1;
		}
		usleep(10000);
	} while (uabi_now_ms() < end);
	return 0;
}

static int answers(struct uabi_child *ch, int ms)
{
	char line[64];

	return uabi_read_line(ch, line, sizeof(line), ms) > 0;
}

struct freezer {
	const char *name;
	const char *dir;		/* the cgroup */
	const char *file, *on, *off;	/* how to freeze and thaw */
	const char *state, *frozen, *thawed; /* how to tell */
	int counts_utracer_stop;	/* a stopped tracee counts as frozen */
};

static void scenario(const struct freezer *fz)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	struct utracer_ev_stop stop;
	struct uabi_client c;
	struct uabi_child ch;
	char line[64], pid[16];

	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	snprintf(pid, sizeof(pid), "%d", ch.pid);
	CHECK(put(fz->dir, fz->name[1] == '1' ? "tasks" : "cgroup.procs", pid) == 0,
	      "%s: move the tracee into the cgroup", fz->name);
	CHECK(uabi_register(&c) == 0, "register");

	/* Stopped, then frozen, then thawed: still stopped until RUN. */
	CHECK_OK(uabi_attach(&c, ch.pid, UTRACER_ATTACH_QUIESCE, 0, 0));
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO), "no STOP");
	CHECK(put(fz->dir, fz->file, fz->on) == 0, "%s: freeze", fz->name);
	if (fz->counts_utracer_stop)
		CHECK(wait_for(fz->dir, fz->state, fz->frozen, TMO), "%s: stopped tracee not frozen",
		      fz->name);
	else
		CHECK(!wait_for(fz->dir, fz->state, fz->frozen, 500),
		      "%s: frozen while held in a utracer stop (docs say it is not)", fz->name);
	CHECK(uabi_wait_state(&c, ch.pid, UTRACER_TASK_STOPPED, 100), "%s: not stopped while frozen",
	      fz->name);
	CHECK(put(fz->dir, fz->file, fz->off) == 0, "%s: thaw", fz->name);
	CHECK(wait_for(fz->dir, fz->state, fz->thawed, TMO), "%s: not thawed", fz->name);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(!answers(&ch, 300), "%s: ran after thaw while held stopped", fz->name);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(answers(&ch, TMO), "%s: not resumed by RUN after thaw", fz->name);

	/* Frozen while running, QUIESCE while frozen: the stop comes at thaw. */
	CHECK(put(fz->dir, fz->file, fz->on) == 0, "%s: freeze", fz->name);
	CHECK(wait_for(fz->dir, fz->state, fz->frozen, TMO), "%s: running tracee not frozen",
	      fz->name);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_QUIESCE, ch.pid, 0));
	if (fz->counts_utracer_stop)
		CHECK(wait_for(fz->dir, fz->state, fz->frozen, 300), "%s: thawed by QUIESCE",
		      fz->name);
	CHECK(put(fz->dir, fz->file, fz->off) == 0, "%s: thaw", fz->name);
	CHECK(uabi_wait_event(&c, UTRACER_EV_STOP, ch.pid, &stop, sizeof(stop), TMO),
	      "%s: no STOP after thaw", fz->name);
	CHECK(write(ch.in, "getpid\n", 7) == 7, "write");
	CHECK(!answers(&ch, 300), "%s: ran while stopped", fz->name);
	CHECK_OK(uabi_target(&c, UTRACER_IOC_RUN, ch.pid, 0));
	CHECK(answers(&ch, TMO), "%s: not resumed", fz->name);

	uabi_close(&c);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
}

int main(void)
{
	const struct freezer v1 = {
		"v1", V1 "/utracer", "freezer.state", "FROZEN", "THAWED",
		"freezer.state", "FROZEN", "THAWED", 1,
	};
	const struct freezer v2 = {
		"v2", V2 "/utracer", "cgroup.freeze", "1", "0",
		"cgroup.events", "frozen 1", "frozen 0", 0,
	};
	int ran = 0;

	if (!uabi_available())
		return SKIP;
	/* Our own mounts, under the guest's writable /tmp. */
	mkdir(V2, 0755);
	if (mount("cgroup2", V2, "cgroup2", 0, NULL) == 0) {
		CHECK(mkdir(v2.dir, 0755) == 0 || errno == EEXIST, "mkdir %s", v2.dir);
		scenario(&v2);
		rmdir(v2.dir);
		umount(V2);
		ran++;
	} else {
		fprintf(stderr, "no cgroup2: %s\n", strerror(errno));
	}
	mkdir(V1, 0755);
	if (mount("cgroup", V1, "cgroup", 0, "freezer") == 0) {
		CHECK(mkdir(v1.dir, 0755) == 0 || errno == EEXIST, "mkdir %s", v1.dir);
		scenario(&v1);
		rmdir(v1.dir);
		umount(V1);
		ran++;
	} else {
		fprintf(stderr, "no cgroup v1 freezer: %s\n", strerror(errno));
	}
	rmdir(V1);
	rmdir(V2);
	if (!ran)
		return SKIP;
	return uabi_failures ? FAIL : PASS;
}
