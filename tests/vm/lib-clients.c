// SPDX-License-Identifier: GPL-2.0
/*
 * Description: clients through libutracer: a process is one client (a
 * second utracer_open() fails with EEXIST) whose /proc/utrace/<pid>
 * directory lives from open to close; two clients (this process and a
 * child process) trace one tracee at once, and the tracee runs only when
 * neither holds it stopped (its user time, from /proc/PID/stat, stands
 * still while one does); a client that closes, or that exits without
 * closing, releases its stop.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib-check.h"
#include "ulib-tracee.h"

static struct utracer *u;
static struct ulib_tracee t;

static unsigned long long utime_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	/* After "(comm)": state is field 3, utime field 14. */
	p = strrchr(buf, ')');
	for (i = 2; p && i < 14; i++)
		p = strchr(p + 1, ' ');
	if (p)
		sscanf(p + 1, "%llu", &ut);
	return ut;
}

/*
 * Whether the tracee, a user-mode spinner, runs: its user time advances by
 * several ticks within 0.6 s. (A stopped tracee's figure may still move by
 * a tick: the kernel splits its runtime, which grows a little with every
 * wake-up inside the stop, by the old user/system ratio.)
 */
static int runs(pid_t pid)
{
	unsigned long long before = utime_of(pid);

	usleep(600 * 1000);
	return utime_of(pid) >= before + 4;
}

/*
 * A second client in a child process: attach, quiesce, wait for the stop,
 * say "held" on fd, then wait for a command byte: 'c' to close the client,
 * 'x' to exit without closing it.
 */
static pid_t other_client(pid_t tracee, int *ctl, int *status_fd)
{
	int to[2], from[2];
	pid_t child;

	REQUIRE(pipe(to) == 0 && pipe(from) == 0);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		UTRACER_OPTS(utracer_attach_opts, a, .flags = UTRACER_ATTACH_F_QUIESCE);
		struct utracer_event_info ev;
		struct utracer *c;
		char cmd = 0;

		close(to[1]);
		close(from[0]);
		/* Our parent's client is not ours: a fresh one. */
		c = utracer_open(NULL);
		if (!c || utracer_attach(c, tracee, &a) ||
		    utracer_event_wait_for(c, tracee, UTRACER_EVENT_STOP, &ev, 20000))
			_exit(1);
		if (write(from[1], "h", 1) != 1 || read(to[0], &cmd, 1) != 1)
			_exit(1);
		if (cmd == 'c') {
			utracer_close(c);
			if (write(from[1], "c", 1) != 1)
				_exit(1);
			/* Stay alive, so that only the close released it. */
			if (read(to[0], &cmd, 1) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	*ctl = to[1];
	*status_fd = from[0];
	return child;
}

static void test_two_clients(int close_it)
{
	struct utracer_event_info ev;
	int ctl, st, status;
	char c = 0;
	pid_t other;

	other = other_client(t.pid, &ctl, &st);
	REQUIRE(read(st, &c, 1) == 1 && c == 'h');
	CHECK(!runs(t.pid));

	/* We stop it and let it go: the other client still holds it. */
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	CHECK(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 20000) == 0);
	CHECK(utracer_run(u, t.pid, 0) == 0);
	CHECK(!runs(t.pid));

	if (close_it) {
		CHECK(write(ctl, "c", 1) == 1);
		CHECK(read(st, &c, 1) == 1 && c == 'c');
		CHECK(runs(t.pid));
		close(ctl);
	} else {
		CHECK(write(ctl, "x", 1) == 1);
		CHECK(waitpid(other, &status, 0) == other && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0);
		other = 0;
		CHECK(runs(t.pid));
		close(ctl);
	}
	if (other)
		CHECK(waitpid(other, &status, 0) == other && WEXITSTATUS(status) == 0);
	close(st);
}

int main(void)
{
	char *argv[] = { "1", NULL };
	char dir[64], line[64];
	struct stat sb;

	if (!ulib_module_loaded()) {
		printf("the utracer module is not loaded\n");
		return ULIB_SKIP;
	}
	snprintf(dir, sizeof(dir), "/proc/utrace/%d", (int)getpid());
	CHECK(stat(dir, &sb) < 0);
	u = utracer_open(NULL);
	REQUIRE(u);
	CHECK(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK_NULL_ERR(utracer_open(NULL), EEXIST);
	utracer_close(u);
	CHECK(stat(dir, &sb) < 0);
	u = utracer_open(NULL);
	REQUIRE(u);

	REQUIRE(ulib_tracee_start(&t, "lib-spin", argv, NULL) == 0);
	REQUIRE(ulib_tracee_line(&t, line, sizeof(line), 20000) > 0);
	CHECK(runs(t.pid));
	REQUIRE(utracer_attach(u, t.pid, NULL) == 0);
	CHECK(runs(t.pid));

	test_two_clients(1);
	test_two_clients(0);

	/* Our own close lets it go too. */
	CHECK(utracer_quiesce(u, t.pid, 0) == 0);
	{
		struct utracer_event_info ev;

		CHECK(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 20000) == 0);
	}
	CHECK(!runs(t.pid));
	utracer_close(u);
	CHECK(runs(t.pid));
	ulib_tracee_kill(&t);
	return ulib_verdict();
}
