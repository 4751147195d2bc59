// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the module's following interface, raw: UTRACER_FEAT_FOLLOW
 * is announced; UTRACER_ATTACH_FOLLOW_FORK and _STOP_NEW are refused with
 * UTRACER_ATTACH_THREAD and unknown attach bits are refused; SET_FOLLOW
 * checks size, flags, padding, pointer, pid and refuses a thread
 * attachment, and works by ioctl and by write(); the CLONE record says
 * whether the child was followed, a followed child is listed STOPPED with
 * a STOP record of reason UTRACER_STOP_NEW until RUN, and turning
 * following off leaves the next child alone while threads are still
 * followed. SYSCALL_STOPS checks its arguments and narrows which reported
 * syscall exits stop: none, only getppid, all but getppid.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "uabi.h"

#define EV(t) UTRACER_EVMASK(UTRACER_EV_##t)

static int set_follow(struct uabi_client *c, pid_t pid, uint32_t flags)
{
	struct utracer_set_follow s = { .size = sizeof(s), .flags = flags, .pid = pid };

	return ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s);
}

static void check_errors(struct uabi_client *c, pid_t pid)
{
	struct utracer_set_follow s;
	struct {
		struct utracer_cmd_record rec;
		struct utracer_set_follow s;
	} batch;

	CHECK_ERR(uabi_attach(c, pid, UTRACER_ATTACH_THREAD | UTRACER_ATTACH_FOLLOW_FORK, 0, 0),
		  EINVAL);
	CHECK_ERR(uabi_attach(c, pid, UTRACER_ATTACH_THREAD | UTRACER_ATTACH_STOP_NEW, 0, 0),
		  EINVAL);
	CHECK_ERR(uabi_attach(c, pid, 1U << 5, 0, 0), EINVAL);
	CHECK_ERR(uabi_attach(c, pid, 1U << 7, 0, 0), EINVAL);
	CHECK_ERR(set_follow(c, pid, UTRACER_ATTACH_FOLLOW_FORK), ESRCH);

	/* A thread attachment follows nothing. */
	CHECK_OK(uabi_attach(c, pid, UTRACER_ATTACH_THREAD, 0, 0));
	CHECK_ERR(set_follow(c, pid, UTRACER_ATTACH_FOLLOW_FORK), EINVAL);
	CHECK_ERR(set_follow(c, pid, 0), EINVAL);
	CHECK_OK(uabi_target(c, UTRACER_IOC_DETACH, pid, UTRACER_TARGET_THREAD));

	CHECK_OK(uabi_attach(c, pid, UTRACER_ATTACH_FOLLOW_FORK | UTRACER_ATTACH_STOP_NEW, 0, 0));
	memset(&s, 0, sizeof(s));
	s.size = UTRACER_SET_FOLLOW_SIZE_VER0 - 4;
	s.pid = pid;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), EINVAL);
	s.size = sizeof(s);
	s.flags = UTRACER_ATTACH_THREAD;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), EINVAL);
	s.flags = UTRACER_ATTACH_LOSSY;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), EINVAL);
	s.flags = 1U << 6;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), EINVAL);
	s.flags = 0;
	s.pad = 1;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), EINVAL);
	s.pad = 0;
	s.pid = 999999;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, &s), ESRCH);
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_SET_FOLLOW, NULL), EFAULT);
	CHECK_OK(set_follow(c, pid, UTRACER_ATTACH_FOLLOW_FLAGS));
	CHECK_OK(set_follow(c, pid, 0));

	/* The batch path. */
	memset(&batch, 0, sizeof(batch));
	batch.rec.rec_len = sizeof(batch);
	batch.rec.cmd = UTRACER_IOC_SET_FOLLOW;
	batch.s.size = sizeof(batch.s);
	batch.s.pid = pid;
	batch.s.flags = UTRACER_ATTACH_FOLLOW_FORK;
	CHECK(write(c->cmd, &batch, sizeof(batch)) == (ssize_t)sizeof(batch),
	      "batch: %s", strerror(errno));
	batch.s.flags = 1U << 6;
	CHECK_ERR(write(c->cmd, &batch, sizeof(batch)), EINVAL);
	CHECK_OK(uabi_target(c, UTRACER_IOC_DETACH, pid, 0));
}

static void command(struct uabi_child *ch, const char *cmd, char *answer, size_t size)
{
	CHECK(write(ch->in, cmd, strlen(cmd)) == (ssize_t)strlen(cmd), "write %s", cmd);
	CHECK(uabi_read_line(ch, answer, size, 20000) > 0, "no answer to %s", cmd);
}

static void check_follow(struct uabi_client *c, struct uabi_child *ch)
{
	union {
		struct utracer_event hdr;
		struct utracer_ev_clone clone;
		struct utracer_ev_stop stop;
		struct utracer_ev_exit exit;
		char buf[256];
	} ev;
	struct utracer_check_pid cp;
	char line[128];
	pid_t child;

	CHECK_OK(uabi_attach(c, ch->pid, UTRACER_ATTACH_FOLLOW_FORK | UTRACER_ATTACH_STOP_NEW,
			     EV(CLONE) | EV(EXIT), 0));
	CHECK(write(ch->in, "fork\n", 5) == 5, "write fork");
	CHECK(uabi_wait_event(c, UTRACER_EV_CLONE, ch->pid, &ev, sizeof(ev), 20000),
	      "no CLONE");
	child = ev.clone.child_tid;
	CHECK(ev.clone.kind == UTRACER_CLONE_PROCESS, "kind %u", ev.clone.kind);
	CHECK(ev.clone.follow == UTRACER_CLONE_F_FOLLOWED, "follow %u", ev.clone.follow);
	CHECK(ev.clone.child_pid == child, "child pid %d tid %d", ev.clone.child_pid, child);
	CHECK(uabi_wait_event(c, UTRACER_EV_STOP, child, &ev, sizeof(ev), 20000),
	      "no STOP of the child");
	CHECK(ev.stop.reason == UTRACER_STOP_NEW, "reason %u", ev.stop.reason);
	CHECK(ev.hdr.flags & UTRACER_EVF_STOPPED, "flags %x", ev.hdr.flags);
	memset(&cp, 0, sizeof(cp));
	cp.size = sizeof(cp);
	cp.pid = child;
	CHECK_OK(ioctl(c->cmd, UTRACER_IOC_CHECK_PID, &cp));
	CHECK(cp.info.state == UTRACER_TASK_STOPPED && cp.info.pid == child &&
	      (cp.info.flags & UTRACER_TASKF_PROCESS), "state %u pid %d flags %x",
	      cp.info.state, cp.info.pid, cp.info.flags);
	/* Held: the parent, waiting for it, cannot answer. */
	CHECK(uabi_read_line(ch, line, sizeof(line), 300) <= 0, "answer while held");
	CHECK_OK(uabi_target(c, UTRACER_IOC_RUN, child, 0));
	CHECK(uabi_wait_event(c, UTRACER_EV_EXIT, child, &ev, sizeof(ev), 20000),
	      "no EXIT of the child");
	CHECK(ev.exit.code == 7 << 8, "exit code %x", ev.exit.code);
	CHECK(uabi_read_line(ch, line, sizeof(line), 20000) > 0 && strstr(line, " 7"),
	      "answer %s", line);

	/* Off: the next child is not attached; threads still are. */
	CHECK_OK(set_follow(c, ch->pid, 0));
	command(ch, "fork\n", line, sizeof(line));
	CHECK(uabi_wait_event(c, UTRACER_EV_CLONE, ch->pid, &ev, sizeof(ev), 20000),
	      "no CLONE");
	CHECK(ev.clone.follow == 0, "follow %u", ev.clone.follow);
	child = ev.clone.child_tid;
	memset(&cp, 0, sizeof(cp));
	cp.size = sizeof(cp);
	cp.pid = child;
	CHECK_ERR(ioctl(c->cmd, UTRACER_IOC_CHECK_PID, &cp), ESRCH);
	command(ch, "thread\n", line, sizeof(line));
	CHECK(uabi_wait_event(c, UTRACER_EV_CLONE, ch->pid, &ev, sizeof(ev), 20000),
	      "no CLONE");
	CHECK(ev.clone.kind == UTRACER_CLONE_THREAD, "kind %u", ev.clone.kind);
	CHECK(ev.clone.follow == UTRACER_CLONE_F_FOLLOWED, "follow %u", ev.clone.follow);
	CHECK_OK(uabi_target(c, UTRACER_IOC_DETACH, ch->pid, 0));
}

static int syscall_stops(struct uabi_client *c, pid_t pid, uint32_t flags, uint32_t op,
			 uint32_t nr)
{
	struct utracer_syscall_filter f = {
		.size = sizeof(f), .flags = flags, .pid = pid, .op = op, .nr = nr,
	};

	return ioctl(c->cmd, UTRACER_IOC_SYSCALL_STOPS, &f);
}

/* Count the getppid exits of "loop N" and how many of them stopped. */
static void loop_exits(struct uabi_client *c, struct uabi_child *ch, int *exits, int *stops)
{
	union {
		struct utracer_event hdr;
		struct utracer_ev_syscall_exit exit;
		char buf[256];
	} ev;
	char line[128];
	long long end = uabi_now_ms() + 20000;

	*exits = *stops = 0;
	CHECK(write(ch->in, "loop 20\n", 8) == 8, "write loop");
	while (*exits < 20 && uabi_now_ms() < end) {
		if (uabi_next_event(c, &ev, sizeof(ev), 1000) != UTRACER_EV_SYSCALL_EXIT)
			continue;
		/* Other syscalls (the read of the command) may stop too. */
		if (ev.hdr.flags & UTRACER_EVF_STOPPED)
			CHECK_OK(uabi_target(c, UTRACER_IOC_RUN, ev.hdr.tid, UTRACER_TARGET_THREAD));
		if (ev.exit.nr != SYS_getppid)
			continue;
		(*exits)++;
		*stops += !!(ev.hdr.flags & UTRACER_EVF_STOPPED);
	}
	/*
	 * The answer's writes may stop too: keep resuming until its newline
	 * comes (what came before it may be cut off by a stop: no matter).
	 */
	while (uabi_read_line(ch, line, sizeof(line), 100) < 0 && uabi_now_ms() < end)
		while (uabi_next_event(c, &ev, sizeof(ev), 100) > 0)
			if (ev.hdr.flags & UTRACER_EVF_STOPPED)
				CHECK_OK(uabi_target(c, UTRACER_IOC_RUN, ev.hdr.tid,
						     UTRACER_TARGET_THREAD));
	CHECK(uabi_now_ms() < end, "no answer to loop (%d exits, %d stops)", *exits, *stops);
}

static void check_syscall_stops(struct uabi_client *c, struct uabi_child *ch)
{
	int exits, stops;

	CHECK_ERR(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_NONE, 0),
		  ESRCH);
	CHECK_OK(uabi_attach(c, ch->pid, 0, EV(SYSCALL_EXIT), EV(SYSCALL_EXIT)));
	CHECK_ERR(syscall_stops(c, ch->pid, 0, UTRACER_SYSCALL_OP_NONE, 0), EINVAL);
	CHECK_ERR(syscall_stops(c, ch->pid, 8, UTRACER_SYSCALL_OP_NONE, 0), EINVAL);
	CHECK_ERR(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_ADD,
				UTRACER_SYSCALL_MAX), EINVAL);
	CHECK_ERR(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, 9, 0), EINVAL);

	/* None stops: every exit still comes. */
	CHECK_OK(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_NONE, 0));
	loop_exits(c, ch, &exits, &stops);
	CHECK(exits == 20 && stops == 0, "none: %d exits, %d stops", exits, stops);
	/* Only getppid stops. */
	CHECK_OK(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_ADD, SYS_getppid));
	loop_exits(c, ch, &exits, &stops);
	CHECK(exits == 20 && stops == 20, "getppid: %d exits, %d stops", exits, stops);
	/* Every one else. */
	CHECK_OK(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_ALL, 0));
	CHECK_OK(syscall_stops(c, ch->pid, UTRACER_SYSCALL_EXIT, UTRACER_SYSCALL_OP_REMOVE, SYS_getppid));
	loop_exits(c, ch, &exits, &stops);
	CHECK(exits == 20 && stops == 0, "all but getppid: %d exits, %d stops", exits, stops);
	CHECK_OK(uabi_target(c, UTRACER_IOC_DETACH, ch->pid, 0));
}

int main(void)
{
	struct utracer_version v = { .size = sizeof(v) };
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct uabi_client c;
	struct uabi_child ch;
	char line[128];
	int status;

	if (!uabi_available())
		return SKIP;
	if (uabi_register(&c)) {
		perror("register");
		return FAIL;
	}
	CHECK_OK(ioctl(c.cmd, UTRACER_IOC_VERSION, &v));
	CHECK(v.features & UTRACER_FEAT_FOLLOW, "features %llx", (unsigned long long)v.features);
	if (uabi_spawn(&ch, argv) || uabi_read_line(&ch, line, sizeof(line), 20000) <= 0) {
		perror("spawner");
		return FAIL;
	}
	check_errors(&c, ch.pid);
	check_follow(&c, &ch);
	check_syscall_stops(&c, &ch);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, &status);
	uabi_close(&c);
	return uabi_failures ? FAIL : PASS;
}
