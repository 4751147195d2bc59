/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run control of a debugging session, for any udb mode that drives
 * processes (the interactive debugger; a remote-protocol server could be
 * another): one current process, attached or started stopped, its current
 * thread, whether udb holds it stopped, the program "run" starts, whether
 * new processes are followed, and what events do to all that.
 *
 * It shows nothing but errors (one udb_error() line each): what a session
 * tells its user about an event is the session's business, told after
 * udb_run_pump() has brought the state up to date.
 */
#ifndef UDB_RUNCTL_H
#define UDB_RUNCTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "utracer.h"

struct udb_run;

/* What an event did to the session (udb_run_event()). */
enum udb_run_change {
	UDB_RUN_NO_CHANGE,
	/*
	 * A thread of the current process hit a breakpoint (or a hardware
	 * breakpoint or watchpoint), or stopped at a
	 * caught syscall (its entry or exit event): all of it is held.
	 */
	UDB_RUN_BREAKPOINT,
	/* Another process hit one while the current one ran: it is current now, held. */
	UDB_RUN_BREAKPOINT_SWITCHED,
	/* Another process hit one while the current one was held: it is held too. */
	UDB_RUN_BREAKPOINT_ELSEWHERE,
	/* A new thread or process is held before its first instruction. */
	UDB_RUN_NEW_HELD,
	/* The current process is gone, or the kernel detached it: none is current. */
	UDB_RUN_LOST,
};

struct udb_run {
	struct utracer *u;
	pid_t pid;		/* the current process, 0 when none */
	pid_t tid;		/* its current thread */
	pid_t child;		/* the program udb started, 0 when none */
	int child_status;	/* its wait status once reaped */
	int child_reaped;
	int stopped;		/* udb holds the current process stopped */
	int held_elsewhere;	/* another process or thread stopped meanwhile */
	char **program;		/* what udb_run_start() starts: file, args, NULL */
	unsigned int follow;	/* UTRACER_ATTACH_F_FOLLOW_FORK, _STOP_NEW */
	int syscalls;		/* syscall entry and exit events are asked for */
	/*
	 * The caught syscalls (catch syscall), which stop at entry (before
	 * the call where the kernel can) and at exit: catching is off when
	 * there are none, catch_any catches all, else catch_set per ABI
	 * (enum udb_abi) names them.
	 */
	int catching;
	int catch_any;
	struct utracer_syscall_set catch_set[2];
	/*
	 * Signals held before their delivery, where the module can (bit
	 * sig - 1 each): those of sig_stop hold their thread's process as a
	 * breakpoint does, those of sig_nopass are cancelled, the others are
	 * delivered. Both 0: none is held, deliveries are only reported.
	 */
	uint64_t sig_stop, sig_nopass;
	/* The threads held at a signal of sig_stop, and that signal. */
	struct udb_run_sig {
		pid_t pid, tid;
		int signo;
	} *sig_held;
	size_t nsig_held;
	/*
	 * The thread udb_run_step() steps while its step is in flight (0:
	 * none), and how the last step ended (enum udb_run_step_end).
	 */
	pid_t step_tid;
	int step_end;
	/* Told of each event by udb_run_pump(), after the state took it in. */
	void (*on_event)(struct udb_run *r, const struct utracer_event_info *ev,
			 enum udb_run_change change);
	/* udb_run_wait() was interrupted by a signal. */
	void (*on_signal)(struct udb_run *r);
};

/*
 * The events every attachment asks for (exec, clone, exit, signal, and the
 * syscalls while r->syscalls or r->catching is set).
 */
uint64_t udb_run_events(const struct udb_run *r);

/* Attaches process pid, stopped, as the current process; -errno after printing why. */
int udb_run_attach(struct udb_run *r, pid_t pid);
/* Detaches the current process, which runs on; -errno after printing why. */
int udb_run_detach(struct udb_run *r);
/*
 * Stops every thread of the current process: 0 once each has reported its
 * stop, -1 (still held) when one has not, -errno when it could not be
 * stopped. Prints why on failure.
 */
int udb_run_stop(struct udb_run *r);
/*
 * Lets the current process run, with any thread held on its own; a
 * signal held there is delivered, or cancelled when sig_nopass has it.
 * -errno.
 */
int udb_run_resume(struct udb_run *r);
/*
 * udb_run_resume(), but the current thread gets signal signo (0: none)
 * instead of the one it is held at, if any; else signo is sent to it
 * (and is held again if it is one that stops). -errno.
 */
int udb_run_resume_signal(struct udb_run *r, int signo);
/* The signal the current thread is held at (sig_stop), or 0. */
int udb_run_held_signal(const struct udb_run *r);
/*
 * Holds sig_stop's and sig_nopass's signals from now on in every traced
 * process (the module's feature); -errno after saying why.
 */
int udb_run_set_signals(struct udb_run *r, uint64_t stop, uint64_t nopass);
/*
 * Pumps events until the current process is held again (a breakpoint,
 * udb_run_stop() from on_signal) or gone, or another process or thread of
 * the session is held.
 */
void udb_run_wait(struct udb_run *r);
/* How the last udb_run_step() ended. */
enum udb_run_step_end {
	UDB_RUN_STEP_PENDING,	/* not (yet): Ctrl-C, another process or thread held */
	UDB_RUN_STEP_DONE,	/* at its STOP: the thread is held after the instruction */
	UDB_RUN_STEP_EXITED,	/* the thread exited */
};
/*
 * Runs the current thread, which udb holds stopped with the rest of its
 * process, for one instruction (a syscall instruction: the whole call);
 * the other threads stay held. Its signal held there is delivered, or
 * cancelled when sig_nopass has it. Pumps events as udb_run_wait() does,
 * until the step ends or the process is held otherwise (a breakpoint, a
 * signal that stops, a caught syscall, udb_run_stop() from on_signal) or
 * gone, or another process or thread of the session is held. 0 when the
 * step ended at its stop (r->stopped again), 1 when not (r->step_end
 * says whether the thread exited), -errno after saying why when the
 * thread could not be stepped (-EOPNOTSUPP: the module has no STEP;
 * -EINTR, said nothing: a signal came before the step began).
 */
int udb_run_step(struct udb_run *r);
/* Waits until every thread of process pid reports its stop: 0, or -1. */
int udb_run_wait_stopped(struct udb_run *r, pid_t pid);

/* How many threads of process pid are stopped for udb. */
size_t udb_run_threads_held(struct udb_run *r, pid_t pid);
/* Whether every thread of process pid is stopped for udb: 1, 0, or -1 if none is traced. */
int udb_run_process_stopped(struct udb_run *r, pid_t pid);
/* Makes traced process pid the current one: its udb_run_process_stopped(). */
int udb_run_select(struct udb_run *r, pid_t pid);

/* Follow new processes (follow is as in r->follow) from now on; -errno. */
int udb_run_set_follow(struct udb_run *r, unsigned int follow);
/* Ask for syscall events or not from now on; -errno. */
int udb_run_set_syscalls(struct udb_run *r, int on);
/*
 * Stop at the syscalls of sets (indexed by enum udb_abi; every syscall
 * with any, none when sets is NULL and any is 0) from now on, in every
 * traced process: at entry, before the call runs where the kernel can
 * (UTRACER_FEATURE_SYSCALL_BEFORE), and at exit. The other syscalls
 * do not stop. -errno after printing why; the previous syscalls are then
 * caught again.
 */
int udb_run_set_catch(struct udb_run *r, const struct utracer_syscall_set *sets, int any);
/* Whether the syscall of entry or exit event ev is one the session catches. */
int udb_run_catches(const struct udb_run *r, const struct utracer_event_info *ev);

/* The program udb_run_start() starts: file and arguments, copied; -ENOMEM. */
int udb_run_set_program(struct udb_run *r, const char *file, char *const *args, int nargs);
/* Starts r->program stopped before its first instruction, as the current process. */
int udb_run_start(struct udb_run *r);
/* Kills the program udb started, if it still runs, and forgets it. */
void udb_run_kill(struct udb_run *r);
/* Collects the started program's status if it has ended (or, with block, when it does). */
void udb_run_reap(struct udb_run *r, int block);

/* Brings the state up to date with one event. */
enum udb_run_change udb_run_event(struct udb_run *r, const struct utracer_event_info *ev);
/* Takes every pending event through udb_run_event(), then on_event. */
void udb_run_pump(struct udb_run *r);

/*
 * Ends the session: the program udb started dies with it (as in gdb),
 * anything else runs on; the client is closed. Returns the started
 * program's exit status if it exited of itself, else -1.
 */
int udb_run_end(struct udb_run *r);

#endif
