// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the tracee changes under a client whose thread is blocked
 * in read() of resp: it forks (CLONE, the child is not attached), a
 * non-leader thread execs (EXEC with old_tid = that thread's id and tid =
 * the process id, the old leader's EXIT and DETACH, one thread left), it
 * execs again from its leader, then exits (EXIT with its status, DETACH).
 * Every record arrives, in sequence order, and the reader wakes for each.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define MAXREC 256

union rec {
	struct utracer_event hdr;
	struct utracer_ev_exec exec;
	struct utracer_ev_clone clone;
	struct utracer_ev_exit exit;
	struct utracer_ev_detach detach;
	char raw[512];
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	union rec recs[MAXREC];
	int n;
	int eof;
} got = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

/* Blocking read() of whole records until the client ends. */
static void *reader(void *arg)
{
	struct uabi_client *c = arg;
	static char buf[8192];
	ssize_t n;

	while ((n = read(c->resp, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct utracer_event *h = (struct utracer_event *)(buf + off);

			pthread_mutex_lock(&got.lock);
			if (got.n < MAXREC) {
				memcpy(&got.recs[got.n], h,
				       h->size < sizeof(union rec) ? h->size : sizeof(union rec));
				got.n++;
			}
			pthread_cond_broadcast(&got.cond);
			pthread_mutex_unlock(&got.lock);
			off += h->size;
		}
	}
	pthread_mutex_lock(&got.lock);
	got.eof = 1;
	pthread_cond_broadcast(&got.cond);
	pthread_mutex_unlock(&got.lock);
	return NULL;
}

/* Index of the first record at or after *from of @type for @tid (0: any). */
static int find(int *from, int type, pid_t tid)
{
	long long end = uabi_now_ms() + TMO;
	int i = -1;

	pthread_mutex_lock(&got.lock);
	for (;;) {
		for (i = *from; i < got.n; i++)
			if (got.recs[i].hdr.type == type && (!tid || got.recs[i].hdr.tid == tid))
				break;
		if (i < got.n || got.eof || uabi_now_ms() > end)
			break;
		{
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 50000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&got.cond, &got.lock, &ts);
		}
	}
	if (i >= got.n)
		i = -1;
	else
		*from = i + 1;
	pthread_mutex_unlock(&got.lock);
	return i;
}

static void say(struct uabi_child *ch, const char *cmd)
{
	CHECK(write(ch->in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write %s", cmd);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("fault-tracee"), NULL };
	const uint64_t events = UTRACER_EVMASK(UTRACER_EV_EXEC) | UTRACER_EVMASK(UTRACER_EV_CLONE) |
				UTRACER_EVMASK(UTRACER_EV_EXIT);
	struct utracer_task_info info[8];
	struct utracer_task_list tl = { .size = sizeof(tl), .count = 8 };
	struct uabi_client c;
	struct uabi_child ch;
	pthread_t rd;
	char line[128];
	int from = 0, i, child = 0, st = 0;
	pid_t tid = 0;
	uint64_t seq = 0;

	if (!uabi_available())
		return SKIP;
	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	CHECK(uabi_register(&c) == 0, "register");
	CHECK_OK(uabi_attach(&c, ch.pid, 0, events, 0));
	CHECK(pthread_create(&rd, NULL, reader, &c) == 0, "reader thread");
	usleep(100000);		/* the reader is blocked in read() */

	/* fork: CLONE of a process, which is not attached. */
	say(&ch, "forks 1\n");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 &&
	      sscanf(line, "ok forks %*d %d", &i) == 1 && i == 0, "fork: %s", line);
	i = find(&from, UTRACER_EV_CLONE, ch.pid);
	CHECK(i >= 0 && got.recs[i].clone.kind == UTRACER_CLONE_PROCESS &&
	      got.recs[i].clone.child_pid > 0, "no CLONE of a process");
	if (i >= 0)
		child = got.recs[i].clone.child_pid;

	/* A non-leader thread execs. */
	say(&ch, "thread-exec\n");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 &&
	      sscanf(line, "tid %d", &tid) == 1 && tid != ch.pid, "exec thread: %s", line);
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strncmp(line, "ready", 5),
	      "no ready after a thread's exec: %s", line);
	i = find(&(int){ from }, UTRACER_EV_CLONE, ch.pid);
	CHECK(i >= 0 && got.recs[i].clone.kind == UTRACER_CLONE_THREAD &&
	      got.recs[i].clone.child_tid == tid, "no CLONE of the exec thread");
	i = find(&(int){ from }, UTRACER_EV_EXIT, ch.pid);
	CHECK(i >= 0, "no EXIT of the old leader");
	i = find(&from, UTRACER_EV_EXEC, 0);
	CHECK(i >= 0, "no EXEC record");
	if (i >= 0) {
		CHECK(got.recs[i].hdr.pid == ch.pid && got.recs[i].hdr.tid == ch.pid &&
		      got.recs[i].exec.old_tid == tid && strstr(got.recs[i].exec.path, "fault-tracee"),
		      "EXEC pid %d tid %d old_tid %d (thread %d) path %s", got.recs[i].hdr.pid,
		      got.recs[i].hdr.tid, got.recs[i].exec.old_tid, tid, got.recs[i].exec.path);
	}
	tl.buf = (uintptr_t)info;
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_TASK_LIST, &tl));
	CHECK(tl.count == 1 && info[0].tid == ch.pid, "%u threads attached after exec", tl.count);

	/* An exec from the leader, then an exit. */
	say(&ch, "exec\n");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0 && !strncmp(line, "ready", 5),
	      "no ready after the second exec: %s", line);
	i = find(&from, UTRACER_EV_EXEC, ch.pid);
	CHECK(i >= 0 && got.recs[i].exec.old_tid == ch.pid, "no second EXEC");
	say(&ch, "exit 3\n");
	CHECK(waitpid(ch.pid, &st, 0) == ch.pid && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	      "status %x", st);
	i = find(&from, UTRACER_EV_EXIT, ch.pid);
	CHECK(i >= 0 && got.recs[i].exit.code == 3 << 8 && got.recs[i].exit.group == 1,
	      "EXIT record");
	i = find(&from, UTRACER_EV_DETACH, ch.pid);
	CHECK(i >= 0 && got.recs[i].detach.reason == UTRACER_DETACH_EXIT, "no DETACH at exit");

	uabi_close(&c);
	pthread_join(rd, NULL);
	pthread_mutex_lock(&got.lock);
	for (i = 0; i < got.n; i++) {
		CHECK(got.recs[i].hdr.seq > seq, "record %d out of order", i);
		seq = got.recs[i].hdr.seq;
		CHECK(got.recs[i].hdr.type != UTRACER_EV_LOST, "LOST record");
		CHECK(!child || got.recs[i].hdr.pid != child, "a record of the unattached child");
	}
	pthread_mutex_unlock(&got.lock);
	close(ch.out);
	close(ch.in);
	return uabi_failures ? FAIL : PASS;
}
