// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Run control of a debugging session (runctl.h): attach and start, stop
 * and resume, the threads udb holds, follow-fork, and the event pump that
 * keeps the session's state true, breakpoints hit and caught syscalls in
 * any traced process included.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runctl.h"
#include "udb.h"

uint64_t udb_run_events(const struct udb_run *r)
{
	uint64_t ev = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL);

	if (r->syscalls || r->catching)
		ev |= UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT);
	return ev;
}

int udb_run_wait_stopped(struct udb_run *r, pid_t pid)
{
	size_t count, waiting = 0;
	struct utracer_task *tasks = utracer_task_list(r->u, &count);

	if (!tasks) {
		udb_error("cannot list the threads: %s", utracer_strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		struct utracer_event_info ev;
		int err;

		if (tasks[i].pid != pid || tasks[i].state == UTRACER_STATE_STOPPED ||
		    tasks[i].state == UTRACER_STATE_EXITED)
			continue;
		waiting++;
		err = utracer_event_wait_for(r->u, tasks[i].tid, UTRACER_EVENT_STOP, &ev, 5000);
		if (err == 0) {
			waiting--;
			continue;
		}
		if (err != -EINTR)
			udb_error("thread %d did not stop: %s", (int)tasks[i].tid,
				  utracer_strerror(err));
	}
	free(tasks);
	return waiting ? -1 : 0;
}

static int holding(const struct udb_run *r)
{
	return (r->sig_stop | r->sig_nopass) != 0;
}

/*
 * Gives the attachment made with pid the session's syscall events and
 * stops: every syscall reported while r->syscalls is set, else only the
 * caught ones; those stop, at entry (before the call where the kernel
 * can) and at exit. The stop sets go first, so that no syscall stops that
 * should not. And the signals held (signal events stop then). 0, or
 * -errno after saying why.
 */
static int apply_syscalls(struct udb_run *r, pid_t pid)
{
	const unsigned int entry_exit = UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT;
	struct utracer_syscall_set both, *caught = NULL;
	uint64_t stops = 0;
	int err = 0;

	if (r->catching && !r->catch_any) {
		for (size_t i = 0; i < sizeof(both.bits) / sizeof(both.bits[0]); i++)
			both.bits[i] = r->catch_set[UDB_ABI_X86_64].bits[i] |
				       r->catch_set[UDB_ABI_I386].bits[i];
		caught = &both;
	}
	if (r->catching) {
		stops = UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
			UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT);
		err = utracer_set_syscall_stops(r->u, pid, entry_exit, caught);
		if (!err && utracer_has_feature(r->u, UTRACER_FEATURE_SYSCALL_BEFORE) == 1)
			err = utracer_set_syscall_stops(r->u, pid, UTRACER_SYSCALL_F_BEFORE, caught);
	}
	if (!err)
		err = utracer_set_syscall_filter(r->u, pid, entry_exit,
						 r->syscalls ? NULL : caught);
	if (holding(r))
		stops |= UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL);
	if (!err)
		err = utracer_set_events(r->u, pid, udb_run_events(r), stops);
	if (!err) {
		uint64_t holds = (r->sig_stop | r->sig_nopass) &
				 ~(UTRACER_SIGNAL_BIT(SIGKILL) | UTRACER_SIGNAL_BIT(SIGSTOP));

		err = utracer_set_signal_holds(r->u, pid, holds);
		if (err == -EOPNOTSUPP && !holds)
			err = 0;
	}
	if (err && err != -ESRCH)
		udb_error("cannot change the syscall and signal events of %d: %s", (int)pid,
			  utracer_strerror(err));
	return err == -ESRCH ? 0 : err;
}

/* apply_syscalls() to every process traced: 0, or the first -errno. */
static int apply_syscalls_all(struct udb_run *r)
{
	size_t count;
	struct utracer_task *tasks = utracer_task_list(r->u, &count);
	int err = 0;

	if (!tasks) {
		err = -errno;
		udb_error("cannot list the threads: %s", utracer_strerror(err));
		return err;
	}
	/* One attachment per process: its leader's, or the first thread listed. */
	for (size_t i = 0; i < count && !err; i++) {
		size_t j;

		for (j = 0; j < i && tasks[j].pid != tasks[i].pid; j++)
			;
		if (j == i)
			err = apply_syscalls(r, tasks[i].pid);
	}
	free(tasks);
	return err;
}

int udb_run_attach(struct udb_run *r, pid_t pid)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_QUIESCE);
	int err;

	opts.flags |= r->follow;
	opts.events = udb_run_events(r);
	err = utracer_attach(r->u, pid, &opts);
	if (err == -ESRCH) {
		udb_error("no such process: %d", (int)pid);
		return err;
	}
	if (err) {
		udb_error("cannot attach to %d: %s", (int)pid, utracer_strerror(err));
		return err;
	}
	r->pid = r->tid = pid;
	r->stopped = 1;
	udb_run_wait_stopped(r, r->pid);
	if (r->catching || holding(r))
		apply_syscalls(r, pid);
	return 0;
}

/* Forgets the held signals of process pid (tid 0) or of thread tid. */
static void forget_held(struct udb_run *r, pid_t pid, pid_t tid)
{
	size_t j = 0;

	for (size_t i = 0; i < r->nsig_held; i++)
		if (tid ? r->sig_held[i].tid != tid : r->sig_held[i].pid != pid)
			r->sig_held[j++] = r->sig_held[i];
	r->nsig_held = j;
}

/*
 * Before process pid runs (or is let go): the verdict on each signal held
 * there, signo for thread tid (-1: none given), the table's for the
 * others: cancelled if not passed, else delivered by the run. Forgets them.
 */
static void verdicts(struct udb_run *r, pid_t pid, pid_t tid, int signo)
{
	for (size_t i = 0; i < r->nsig_held; i++) {
		const struct udb_run_sig *h = &r->sig_held[i];
		int v = -1, err;

		if (h->pid != pid)
			continue;
		if (h->tid == tid && signo >= 0)
			v = signo;
		else if (r->sig_nopass & UTRACER_SIGNAL_BIT(h->signo))
			v = 0;
		if (v < 0)
			continue;
		err = utracer_signal_verdict(r->u, h->tid, v);
		if (err && err != -ESRCH && err != -ENOENT)
			udb_error("cannot change the signal of thread %d: %s", (int)h->tid,
				  utracer_strerror(err));
	}
	forget_held(r, pid, 0);
}

int udb_run_held_signal(const struct udb_run *r)
{
	for (size_t i = 0; i < r->nsig_held; i++)
		if (r->sig_held[i].tid == r->tid)
			return r->sig_held[i].signo;
	return 0;
}

int udb_run_set_signals(struct udb_run *r, uint64_t stop, uint64_t nopass)
{
	uint64_t was_stop = r->sig_stop, was_nopass = r->sig_nopass;
	int err;

	r->sig_stop = stop;
	r->sig_nopass = nopass;
	err = apply_syscalls_all(r);
	if (err) {
		r->sig_stop = was_stop;
		r->sig_nopass = was_nopass;
		apply_syscalls_all(r);
	}
	return err;
}

int udb_run_detach(struct udb_run *r)
{
	int err;

	/* A held signal goes with the detach, as with gdb's: if it is passed. */
	verdicts(r, r->pid, 0, -1);
	err = utracer_detach(r->u, r->pid, 0);

	if (err && err != -ESRCH) {
		udb_error("cannot detach from %d: %s", (int)r->pid, utracer_strerror(err));
		return err;
	}
	r->pid = r->tid = 0;
	r->stopped = 0;
	r->step_tid = 0;
	return 0;
}

/* utracer_quiesce() or utracer_run() (call, said as verb) of pid: 0, or -errno after saying why. */
static int control(struct udb_run *r, int (*call)(struct utracer *u, pid_t pid, unsigned int flags),
		   const char *verb, pid_t pid)
{
	int err = call(r->u, pid, 0);

	if (err)
		udb_error("cannot %s %d: %s", verb, (int)pid, utracer_strerror(err));
	return err;
}

int udb_run_stop(struct udb_run *r)
{
	int err = control(r, utracer_quiesce, "stop", r->pid);

	if (err)
		return err;
	r->stopped = 1;
	return udb_run_wait_stopped(r, r->pid);
}

int udb_run_resume(struct udb_run *r)
{
	return udb_run_resume_signal(r, -1);
}

int udb_run_resume_signal(struct udb_run *r, int signo)
{
	int err;

	if (signo > 0 && !udb_run_held_signal(r)) {
		if (syscall(SYS_tgkill, r->pid, r->tid, signo)) {
			err = -errno;
			udb_error("cannot send signal %d to %d: %s", signo, (int)r->tid,
				  utracer_strerror(err));
			return err;
		}
	}
	verdicts(r, r->pid, r->tid, signo);
	err = control(r, utracer_run, "resume", r->pid);
	if (!err) {
		r->stopped = 0;
		/* The run calls a step still in flight off. */
		r->step_tid = 0;
	}
	return err;
}

int udb_run_step(struct udb_run *r)
{
	pid_t pid = r->pid, tid = r->tid;
	int err;

	if (utracer_has_feature(r->u, UTRACER_FEATURE_STEP) != 1) {
		udb_error("this kernel module cannot single-step (no UTRACER_FEATURE_STEP)");
		return -EOPNOTSUPP;
	}
	/* Its held signal: cancelled if not passed, else delivered by the step. */
	for (size_t i = 0; i < r->nsig_held; i++)
		if (r->sig_held[i].tid == tid &&
		    (r->sig_nopass & UTRACER_SIGNAL_BIT(r->sig_held[i].signo)))
			utracer_signal_verdict(r->u, tid, 0);
	forget_held(r, pid, tid);
	r->step_tid = tid;
	r->step_end = UDB_RUN_STEP_PENDING;
	r->stopped = 0;
	err = utracer_step(r->u, tid, UTRACER_THREAD);
	if (err) {
		r->step_tid = 0;
		r->stopped = 1;
		/* Interrupted (Ctrl-C) before the step began: the thread is still held. */
		if (err != -EINTR)
			udb_error("cannot step thread %d: %s", (int)tid, utracer_strerror(err));
		return err;
	}
	udb_run_wait(r);
	return r->pid == pid && r->stopped && r->step_end == UDB_RUN_STEP_DONE ? 0 : 1;
}

void udb_run_wait(struct udb_run *r)
{
	int evfd = utracer_event_fd(r->u);

	r->held_elsewhere = 0;
	while (r->pid && !r->stopped && !r->held_elsewhere) {
		struct pollfd p = { .fd = evfd, .events = POLLIN };

		fflush(stdout);
		if (poll(&p, 1, -1) < 0) {
			if (errno != EINTR)
				break;
			if (r->on_signal)
				r->on_signal(r);
			continue;
		}
		udb_run_pump(r);
	}
}

size_t udb_run_threads_held(struct udb_run *r, pid_t pid)
{
	size_t count, held = 0;
	struct utracer_task *tasks = utracer_task_list(r->u, &count);

	for (size_t i = 0; tasks && i < count; i++)
		held += tasks[i].pid == pid && tasks[i].state == UTRACER_STATE_STOPPED;
	free(tasks);
	return held;
}

int udb_run_process_stopped(struct udb_run *r, pid_t pid)
{
	size_t count, mine = 0, stopped = 0;
	struct utracer_task *tasks = utracer_task_list(r->u, &count);

	if (!tasks)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (tasks[i].pid != pid)
			continue;
		mine++;
		stopped += tasks[i].state == UTRACER_STATE_STOPPED;
	}
	free(tasks);
	return mine ? stopped == mine : -1;
}

int udb_run_select(struct udb_run *r, pid_t pid)
{
	int stopped = udb_run_process_stopped(r, pid);

	if (stopped < 0)
		return stopped;
	r->pid = r->tid = pid;
	r->stopped = stopped;
	return stopped;
}

int udb_run_set_follow(struct udb_run *r, unsigned int follow)
{
	if (r->pid) {
		int err = utracer_set_follow(r->u, r->pid, follow);

		if (err) {
			udb_error("cannot change following of %d: %s", (int)r->pid,
				  utracer_strerror(err));
			return err;
		}
	}
	r->follow = follow;
	return 0;
}

int udb_run_set_syscalls(struct udb_run *r, int on)
{
	int was = r->syscalls, err;

	r->syscalls = on;
	err = apply_syscalls_all(r);
	if (err) {
		r->syscalls = was;
		apply_syscalls_all(r);
	}
	return err;
}

int udb_run_set_catch(struct udb_run *r, const struct utracer_syscall_set *sets, int any)
{
	struct utracer_syscall_set was[2];
	int was_catching = r->catching, was_any = r->catch_any, err;

	memcpy(was, r->catch_set, sizeof(was));
	r->catch_any = any;
	r->catching = any;
	for (int abi = 0; abi < 2; abi++) {
		if (sets)
			r->catch_set[abi] = sets[abi];
		else
			utracer_syscall_set_zero(&r->catch_set[abi]);
		for (size_t i = 0; i < sizeof(was[0].bits) / sizeof(was[0].bits[0]); i++)
			r->catching |= r->catch_set[abi].bits[i] != 0;
	}
	err = apply_syscalls_all(r);
	if (err) {
		r->catching = was_catching;
		r->catch_any = was_any;
		memcpy(r->catch_set, was, sizeof(was));
		apply_syscalls_all(r);
	}
	return err;
}

int udb_run_catches(const struct udb_run *r, const struct utracer_event_info *ev)
{
	uint32_t arch;
	int32_t nr;

	if (ev->type == UTRACER_EVENT_SYSCALL_ENTRY) {
		nr = ev->syscall_entry.nr;
		arch = ev->syscall_entry.arch;
	} else if (ev->type == UTRACER_EVENT_SYSCALL_EXIT) {
		nr = ev->syscall_exit.nr;
		arch = ev->syscall_exit.arch;
	} else {
		return 0;
	}
	return r->catching &&
	       (r->catch_any ||
		(nr >= 0 && utracer_syscall_set_has(&r->catch_set[udb_abi_of_arch(arch)],
						    (unsigned int)nr)));
}

static void free_program(struct udb_run *r)
{
	for (size_t i = 0; r->program && r->program[i]; i++)
		free(r->program[i]);
	free(r->program);
	r->program = NULL;
}

int udb_run_set_program(struct udb_run *r, const char *file, char *const *args, int nargs)
{
	char **v = calloc((size_t)nargs + 2, sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[0] = strdup(file);
	for (int i = 0; v[0] && i < nargs; i++) {
		v[i + 1] = strdup(args[i]);
		if (!v[i + 1]) {
			free(v[0]);
			v[0] = NULL;
		}
	}
	if (!v[0]) {
		for (int i = 1; i <= nargs; i++)
			free(v[i]);
		free(v);
		return -ENOMEM;
	}
	free_program(r);
	r->program = v;
	return 0;
}

int udb_run_start(struct udb_run *r)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .events = 0);
	UTRACER_OPTS(utracer_spawn_opts, sopts,
		     .flags = UTRACER_SPAWN_F_SEARCH_PATH | UTRACER_SPAWN_F_NEW_PGRP);
	pid_t child;

	opts.events = udb_run_events(r);
	opts.flags = r->follow;
	sopts.attach = &opts;
	child = utracer_spawn(r->u, r->program[0], r->program, &sopts);
	if (child < 0) {
		udb_error("cannot run '%s': %s", r->program[0], utracer_strerror(child));
		return child;
	}
	r->child = r->pid = r->tid = child;
	r->child_reaped = 0;
	r->stopped = 1;
	if (r->catching || holding(r))
		apply_syscalls(r, child);
	return 0;
}

void udb_run_reap(struct udb_run *r, int block)
{
	int status;
	pid_t p;

	if (!r->child || r->child_reaped)
		return;
	do
		p = waitpid(r->child, &status, block ? 0 : WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p == r->child) {
		r->child_reaped = 1;
		r->child_status = status;
	}
}

static void lost_process(struct udb_run *r)
{
	forget_held(r, r->pid, 0);
	/* Only the program udb started is its child; a followed one is not. */
	if (r->pid == r->child)
		udb_run_reap(r, 1);
	r->pid = 0;
	r->tid = 0;
	r->stopped = 0;
	r->step_tid = 0;
}

void udb_run_kill(struct udb_run *r)
{
	struct utracer_event_info ev;

	if (!r->child || r->child_reaped)
		return;
	kill(r->child, SIGKILL);
	udb_run_reap(r, 1);
	/* Its last events (exit, detach) mean nothing now. */
	while (utracer_event_next(r->u, &ev) == 0)
		;
	if (r->pid == r->child)
		lost_process(r);
	r->child = 0;
}

/*
 * Lets thread tid go on from a stop of its own that holds nothing (a
 * signal or syscall event): the thread stepped goes on with its step,
 * which utracer_run() would call off.
 */
static void go_on(struct udb_run *r, pid_t tid)
{
	int err = tid == r->step_tid ? utracer_step(r->u, tid, UTRACER_THREAD) :
				       utracer_run(r->u, tid, UTRACER_THREAD);

	if (err && err != -ESRCH)
		udb_error("cannot resume %d: %s", (int)tid, utracer_strerror(err));
}

/*
 * A thread of the session hit a breakpoint (a hardware one too), or stopped
 * at a caught syscall:
 * stop the other threads of its process too (all-stop, as gdb). The
 * process may be another than the
 * current one (a child traced with follow-fork): while the current process
 * runs, it becomes the current one, as gdb switches to the thread that
 * reported a stop; while the current one is held, the other is held too,
 * to switch to later.
 */
static enum udb_run_change held_at(struct udb_run *r, const struct utracer_event_info *ev)
{
	enum udb_run_change change;
	int err;

	if (ev->pid != r->pid && r->pid && r->stopped) {
		r->held_elsewhere = 1;
		err = utracer_quiesce(r->u, ev->pid, 0);
		if (err && err != -ESRCH)
			udb_error("cannot stop %d: %s", (int)ev->pid, utracer_strerror(err));
		else if (!err)
			udb_run_wait_stopped(r, ev->pid);
		return UDB_RUN_BREAKPOINT_ELSEWHERE;
	}
	change = ev->pid == r->pid ? UDB_RUN_BREAKPOINT : UDB_RUN_BREAKPOINT_SWITCHED;
	if (change == UDB_RUN_BREAKPOINT_SWITCHED) {
		r->pid = ev->pid;
		r->stopped = 0;
	}
	r->tid = ev->tid;
	if (!r->stopped) {
		r->stopped = 1;
		control(r, utracer_quiesce, "stop", r->pid);
		udb_run_wait_stopped(r, r->pid);
	}
	return change;
}

enum udb_run_change udb_run_event(struct udb_run *r, const struct utracer_event_info *ev)
{
	int sig;

	switch (ev->type) {
	case UTRACER_EVENT_EXIT:
		forget_held(r, ev->pid, ev->tid);
		if (ev->tid == r->step_tid) {
			/* A stepped thread that exits has no STOP: the rest of its process is held. */
			r->step_tid = 0;
			r->step_end = UDB_RUN_STEP_EXITED;
			if (ev->pid == r->pid)
				r->stopped = 1;
		}
		if (ev->tid == r->tid && ev->tid != ev->pid)
			r->tid = ev->pid;
		break;
	case UTRACER_EVENT_EXEC:
		if (r->tid == ev->exec.old_tid)
			r->tid = ev->tid;
		if (holding(r))
			apply_syscalls(r, ev->pid);
		break;
	case UTRACER_EVENT_SIGNAL:
		if (!(ev->flags & UTRACER_EVENT_F_STOPPED))
			break;
		sig = ev->signal.signo;
		if ((ev->flags & UTRACER_EVENT_F_BEFORE) && sig >= 1 && sig <= 64 &&
		    (r->sig_stop & UTRACER_SIGNAL_BIT(sig))) {
			struct udb_run_sig *n = realloc(r->sig_held,
							(r->nsig_held + 1) * sizeof(*n));

			if (n) {
				r->sig_held = n;
				n[r->nsig_held++] = (struct udb_run_sig){ ev->pid, ev->tid, sig };
				return held_at(r, ev);
			}
		}
		/* Held only to be cancelled, or stopped at its delivery: it goes on. */
		if ((ev->flags & UTRACER_EVENT_F_BEFORE) && sig >= 1 && sig <= 64 &&
		    (r->sig_nopass & UTRACER_SIGNAL_BIT(sig)))
			utracer_signal_verdict(r->u, ev->tid, 0);
		go_on(r, ev->tid);
		break;
	case UTRACER_EVENT_STOP:
		if (ev->stop.reason == UTRACER_STOP_REASON_STEP && ev->tid == r->step_tid) {
			r->step_tid = 0;
			r->step_end = UDB_RUN_STEP_DONE;
			if (ev->pid == r->pid)
				r->stopped = 1;
			break;
		}
		if (ev->stop.reason != UTRACER_STOP_REASON_NEW)
			break;
		/* Who waits for it (a parent, a joining thread) would wait forever. */
		r->held_elsewhere = 1;
		return UDB_RUN_NEW_HELD;
	case UTRACER_EVENT_BREAKPOINT:
	case UTRACER_EVENT_HWBP:
		return held_at(r, ev);
	case UTRACER_EVENT_SYSCALL_ENTRY:
	case UTRACER_EVENT_SYSCALL_EXIT:
		if (!(ev->flags & UTRACER_EVENT_F_STOPPED))
			break;
		if (udb_run_catches(r, ev))
			return held_at(r, ev);
		/*
		 * Caught when it stopped, no longer (deleted meanwhile), or a
		 * number the other ABI catches: it goes on.
		 */
		go_on(r, ev->tid);
		break;
	case UTRACER_EVENT_DETACH:
		if (ev->tid == ev->pid && ev->pid == r->pid &&
		    ev->detach.reason != UTRACER_DETACH_REASON_REQUEST) {
			lost_process(r);
			return UDB_RUN_LOST;
		}
		break;
	default:
		break;
	}
	return UDB_RUN_NO_CHANGE;
}

void udb_run_pump(struct udb_run *r)
{
	struct utracer_event_info ev;

	while (r->u && utracer_event_next(r->u, &ev) == 0) {
		enum udb_run_change change = udb_run_event(r, &ev);

		if (r->on_event)
			r->on_event(r, &ev, change);
	}
}

int udb_run_end(struct udb_run *r)
{
	int status = -1;

	/* The processes that run on get their held signals (the passed ones). */
	while (r->nsig_held)
		verdicts(r, r->sig_held[0].pid, 0, -1);
	free(r->sig_held);
	r->sig_held = NULL;
	if (r->child && !r->child_reaped) {
		kill(r->child, SIGKILL);
		utracer_close(r->u);
		r->u = NULL;
		udb_run_reap(r, 1);
		r->child_reaped = 0;	/* its status is ours, not its own */
	}
	utracer_close(r->u);
	r->u = NULL;
	free_program(r);
	if (r->child && r->child_reaped && WIFEXITED(r->child_status))
		status = WEXITSTATUS(r->child_status);
	return status;
}
