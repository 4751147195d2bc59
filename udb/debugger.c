// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The interactive debugger: a readline prompt over one traced process.
 *
 * The prompt never blocks event delivery: udb polls the terminal and the
 * client's event descriptor together (readline's callback interface) and
 * prints events above the line being typed. Attaching stops the process,
 * as gdb does; "continue" lets it run and returns to the prompt at once;
 * "stop" (or Ctrl-C) stops it again. "run" starts the program given on the
 * command line (udb -- PROGRAM [ARGS]) stopped before its first
 * instruction; "follow-fork" has the module attach the children of the
 * process in the kernel's fork path, optionally stopped, and "process"
 * switches to one of them.
 * With breakpoints set, "continue" waits instead until the process stops
 * again (a breakpoint, Ctrl-C) or ends, or another process of the session
 * is held (a followed child at a breakpoint becomes the current process),
 * and says why, as gdb does. Commands from a pipe are read with read(2) and
 * polled with the events too, so events print as they come there as well.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "names.h"
#include "udb.h"

struct debugger {
	struct utracer *u;
	pid_t pid;		/* the attached process, 0 when none */
	pid_t tid;		/* the current thread */
	pid_t child;		/* the COMMAND udb started, 0 when none */
	int child_status;	/* its wait status once reaped */
	int child_reaped;
	int stopped;		/* udb holds the process stopped */
	int held_elsewhere;	/* another process stopped meanwhile: "continue" waits no more */
	char **program;		/* udb -- PROGRAM [ARGS]: what "run" starts; NULL-ended */
	unsigned int follow;	/* UTRACER_ATTACH_F_FOLLOW_FORK, _STOP_NEW */
	int trace_on;		/* syscall lines are shown */
	int events_on;		/* every event is shown */
	struct tracer *tracer;
	struct udb_symbols *syms;	/* loaded on demand, dropped at exec */
	int quit;
	int interactive;	/* stdin is a terminal: readline */
	struct udb_breakpoint *bps;	/* the breakpoints set, as the user gave them */
	size_t nbps;
};

/* A breakpoint and where the user put it, for "info breakpoints". */
struct udb_breakpoint {
	uint32_t id;
	char *where;
};

static struct debugger *the_debugger;	/* for readline's callback */
static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/* --- output that respects the line being typed ---------------------------- */

static char *saved_line;
static int saved_point;
static int output_hidden;

/* Hides the prompt and the partial line while udb prints something else. */
static void output_begin(struct debugger *d)
{
	if (!d->interactive || output_hidden || !rl_prompt)
		return;
	output_hidden = 1;
	saved_point = rl_point;
	saved_line = rl_copy_text(0, rl_end);
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
}

static void output_end(struct debugger *d)
{
	if (!output_hidden)
		return;
	output_hidden = 0;
	fflush(stdout);
	rl_restore_prompt();
	rl_replace_line(saved_line ? saved_line : "", 0);
	rl_point = saved_point;
	rl_redisplay();
	free(saved_line);
	saved_line = NULL;
	(void)d;
}

/* --- events ------------------------------------------------------------------ */

static struct udb_symbols *symbols(struct debugger *d)
{
	if (!d->syms && d->pid)
		d->syms = udb_symbols_load(d->u, d->pid);
	return d->syms;
}

static void forget_symbols(struct debugger *d)
{
	udb_symbols_free(d->syms);
	d->syms = NULL;
}

static void reap_child(struct debugger *d, int block)
{
	int status;
	pid_t r;

	if (!d->child || d->child_reaped)
		return;
	do
		r = waitpid(d->child, &status, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == d->child) {
		d->child_reaped = 1;
		d->child_status = status;
	}
}

static void lost_process(struct debugger *d)
{
	/* Only the program udb started is its child; a followed one is not. */
	if (d->pid == d->child)
		reap_child(d, 1);
	d->pid = 0;
	d->tid = 0;
	d->stopped = 0;
	forget_symbols(d);
}

static void show_event(struct debugger *d, const struct utracer_event_info *ev)
{
	const char *kind = utracer_event_name(ev->type);

	printf("[event %" PRIu64 "] %s tid %d", ev->seq, kind ? kind : "unknown", (int)ev->tid);
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
		printf(" %s", udb_syscall_name(udb_abi_of_arch(ev->syscall_entry.arch),
					       ev->syscall_entry.nr) ?: "?");
		break;
	case UTRACER_EVENT_SYSCALL_EXIT:
		printf(" %s = %" PRId64,
		       udb_syscall_name(udb_abi_of_arch(ev->syscall_exit.arch),
					ev->syscall_exit.nr) ?: "?",
		       ev->syscall_exit.ret);
		break;
	case UTRACER_EVENT_EXEC:
		printf(" %s", ev->exec.path);
		break;
	case UTRACER_EVENT_CLONE:
		printf(" child %d/%d", (int)ev->clone.child_pid, (int)ev->clone.child_tid);
		break;
	case UTRACER_EVENT_EXIT:
		printf(" status %#x", ev->exit.status);
		break;
	case UTRACER_EVENT_SIGNAL:
		printf(" %s", signal_name(ev->signal.signo) ?: "?");
		break;
	case UTRACER_EVENT_STOP:
		printf(" %s", ev->stop.reason == UTRACER_STOP_REASON_QUIESCE ? "quiesce" :
			      ev->stop.reason == UTRACER_STOP_REASON_NEW ? "new" :
			      ev->stop.reason == UTRACER_STOP_REASON_BREAKPOINT ? "breakpoint" :
			      "event");
		break;
	case UTRACER_EVENT_BREAKPOINT:
		printf(" %u at %#" PRIx64, ev->breakpoint.id, ev->breakpoint.addr);
		break;
	default:
		break;
	}
	printf("%s\n", ev->flags & UTRACER_EVENT_F_STOPPED ? " (stopped)" : "");
	(void)d;
}

static int wait_stopped(struct debugger *d, pid_t pid);

/*
 * A thread of ours hit a breakpoint: stop the other threads of its process
 * too (all-stop, as gdb) and say where it is. The process may be another
 * than the current one (a child traced with follow-fork): while the current
 * process runs, udb switches to the one that stopped, as gdb switches to
 * the thread that reported a stop; while the user examines a stopped
 * process, the other one is left held and named, to switch to with
 * "process PID".
 */
static void breakpoint_hit(struct debugger *d, const struct utracer_event_info *ev)
{
	struct udb_symbols *other = NULL;
	int switching = ev->pid != d->pid && (!d->pid || !d->stopped);
	int current = ev->pid == d->pid || switching;
	char sym[256];
	int err;

	if (switching) {
		printf("[Switching to process %d, thread %d]\n", (int)ev->pid, (int)ev->tid);
		forget_symbols(d);
		d->pid = ev->pid;
		d->stopped = 0;
	}
	if (!current)
		other = udb_symbols_load(d->u, ev->pid);
	if (udb_symbols_lookup(current ? symbols(d) : other, ev->breakpoint.addr, sym,
			       sizeof(sym)))
		snprintf(sym, sizeof(sym), "??");
	udb_symbols_free(other);
	sym[strcspn(sym, "+")] = '\0';
	printf("Breakpoint %u, %#" PRIx64 " in %s ()", ev->breakpoint.id,
	       ev->breakpoint.addr, sym);
	if (switching || !current)
		printf(", process %d", (int)ev->pid);
	printf("\n");
	if (!current) {
		printf("(process %d is held there: 'process %d' switches to it)\n",
		       (int)ev->pid, (int)ev->pid);
		d->held_elsewhere = 1;
		err = utracer_quiesce(d->u, ev->pid, 0);
		if (err && err != -ESRCH)
			udb_error("cannot stop %d: %s", (int)ev->pid, utracer_strerror(err));
		else if (!err)
			wait_stopped(d, ev->pid);
		return;
	}
	d->tid = ev->tid;
	if (!d->stopped) {
		d->stopped = 1;
		err = utracer_quiesce(d->u, d->pid, 0);
		if (err)
			udb_error("cannot stop %d: %s", (int)d->pid, utracer_strerror(err));
		wait_stopped(d, d->pid);
	}
}

/* One event: shown as asked, and the debugger's state kept up to date. */
static void handle_event(struct debugger *d, const struct utracer_event_info *ev)
{
	output_begin(d);
	if (d->events_on)
		show_event(d, ev);
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
	case UTRACER_EVENT_SYSCALL_EXIT:
	case UTRACER_EVENT_SIGNAL:
		if (d->trace_on || ev->type == UTRACER_EVENT_SIGNAL)
			tracer_event(d->tracer, ev);
		break;
	case UTRACER_EVENT_EXIT:
		tracer_event(d->tracer, ev);
		if (ev->tid == d->tid && ev->tid != ev->pid)
			d->tid = ev->pid;
		break;
	case UTRACER_EVENT_EXEC:
		forget_symbols(d);
		if (!d->events_on)
			printf("[%d executed %s]\n", (int)ev->pid, ev->exec.path);
		if (d->tid == ev->exec.old_tid)
			d->tid = ev->tid;
		break;
	case UTRACER_EVENT_CLONE:
		if (!d->events_on)
			printf("[%d: new %s %d%s]\n", (int)ev->tid,
			       ev->clone.kind == UTRACER_CLONE_KIND_THREAD ? "thread" : "process",
			       (int)ev->clone.child_tid,
			       ev->clone.kind == UTRACER_CLONE_KIND_THREAD ? "" :
			       ev->clone.follow & UTRACER_CLONE_FOLLOWED ? ", followed" :
			       ev->clone.follow & UTRACER_CLONE_FOLLOW_FAILED ?
			       ", could not be followed" : "");
		break;
	case UTRACER_EVENT_STOP:
		if (ev->stop.reason != UTRACER_STOP_REASON_NEW)
			break;
		if (!d->events_on)
			printf("[%s %d is stopped before its first instruction]\n",
			       ev->tid == ev->pid ? "process" : "thread", (int)ev->tid);
		/* Who waits for it (a parent, a joining thread) would wait forever. */
		d->held_elsewhere = 1;
		break;
	case UTRACER_EVENT_BREAKPOINT:
		breakpoint_hit(d, ev);
		break;
	case UTRACER_EVENT_DETACH:
		if (ev->tid == ev->pid && ev->pid == d->pid &&
		    ev->detach.reason != UTRACER_DETACH_REASON_REQUEST) {
			if (ev->detach.reason == UTRACER_DETACH_REASON_CRED)
				printf("[%d executed a program udb may not trace: detached]\n",
				       (int)ev->pid);
			else
				printf("[process %d is gone]\n", (int)ev->pid);
			lost_process(d);
		}
		break;
	default:
		break;
	}
	output_end(d);
}

static void drain_events(struct debugger *d)
{
	struct utracer_event_info ev;

	while (d->u && utracer_event_next(d->u, &ev) == 0)
		handle_event(d, &ev);
}

/* --- helpers for the commands --------------------------------------------- */

static int need_process(struct debugger *d)
{
	if (d->pid)
		return 0;
	printf("No process: 'attach PID' first.\n");
	return -1;
}

static int need_stopped(struct debugger *d)
{
	if (need_process(d))
		return -1;
	if (d->stopped)
		return 0;
	printf("Process %d is running: 'stop' it first.\n", (int)d->pid);
	return -1;
}

/* Waits until every thread of process pid reports its stop. */
static int wait_stopped(struct debugger *d, pid_t pid)
{
	size_t count, waiting = 0;
	struct utracer_task *tasks = utracer_task_list(d->u, &count);

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
		err = utracer_event_wait_for(d->u, tasks[i].tid, UTRACER_EVENT_STOP, &ev, 5000);
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

static uint64_t attach_events(struct debugger *d)
{
	uint64_t ev = UTRACER_EVENT_BIT(UTRACER_EVENT_EXEC) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_CLONE) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SIGNAL);

	if (d->trace_on)
		ev |= UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) |
		      UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT);
	return ev;
}

static int do_attach(struct debugger *d, pid_t pid)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .flags = UTRACER_ATTACH_F_QUIESCE);
	int err;

	opts.flags |= d->follow;
	opts.events = attach_events(d);
	err = utracer_attach(d->u, pid, &opts);
	if (err == -ESRCH) {
		udb_error("no such process: %d", (int)pid);
		return err;
	}
	if (err) {
		udb_error("cannot attach to %d: %s", (int)pid, utracer_strerror(err));
		return err;
	}
	d->pid = d->tid = pid;
	d->stopped = 1;
	wait_stopped(d, d->pid);
	return 0;
}

/*
 * An address: a number, $register, or symbol[+offset]. Prints why not and
 * returns -1 when it is none of them.
 */
static int parse_address(struct debugger *d, const char *expr, uint64_t *addr)
{
	char name[256];
	const char *plus;
	uint64_t off = 0;

	if (udb_parse_u64(expr, addr) == 0)
		return 0;
	plus = strchr(expr, '+');
	if (plus) {
		if (udb_parse_u64(plus + 1, &off)) {
			printf("'%s' is not an offset.\n", plus + 1);
			return -1;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(plus - expr), expr);
	} else {
		snprintf(name, sizeof(name), "%s", expr);
	}
	if (name[0] == '$') {
		struct udb_regs regs;

		if (need_stopped(d) || udb_regs_read(d->u, d->tid, &regs))
			return -1;
		if (udb_regs_get(&regs, name + 1, addr)) {
			printf("No register '%s'.\n", name + 1);
			return -1;
		}
	} else if (udb_symbols_find(symbols(d), name, addr)) {
		printf("No symbol '%s' in the process (nor is it a number).\n", name);
		return -1;
	}
	*addr += off;
	return 0;
}

/* --- commands ------------------------------------------------------------------ */

struct command {
	const char *name;
	const char *alias;
	const char *args;
	const char *help;
	void (*run)(struct debugger *d, int argc, char **argv);
};

static const struct command commands[];

static void cmd_help(struct debugger *d, int argc, char **argv);

static void cmd_attach(struct debugger *d, int argc, char **argv)
{
	pid_t pid;

	if (argc != 2) {
		printf("Usage: attach PID\n");
		return;
	}
	if (d->pid) {
		printf("Already attached to %d: 'detach' first.\n", (int)d->pid);
		return;
	}
	pid = udb_parse_pid(argv[1]);
	if (pid > 0 && do_attach(d, pid) == 0)
		printf("Attached to %d; it is stopped.\n", (int)pid);
}

static int process_stopped(struct debugger *d, pid_t pid);

/* Names the processes still traced (followed children), held or not. */
static void still_traced(struct debugger *d)
{
	size_t count;
	struct utracer_task *tasks = utracer_task_list(d->u, &count);

	for (size_t i = 0; tasks && i < count; i++)
		if (tasks[i].pid == tasks[i].tid)
			printf("Process %d is still traced (%s): 'process %d' switches to it.\n",
			       (int)tasks[i].pid,
			       process_stopped(d, tasks[i].pid) == 1 ? "stopped" : "running",
			       (int)tasks[i].pid);
	free(tasks);
}

static void cmd_detach(struct debugger *d, int argc, char **argv)
{
	int err;

	if (need_process(d))
		return;
	err = utracer_detach(d->u, d->pid, 0);
	if (err && err != -ESRCH) {
		udb_error("cannot detach from %d: %s", (int)d->pid, utracer_strerror(err));
		return;
	}
	printf("Detached from %d; it runs on.\n", (int)d->pid);
	d->pid = d->tid = 0;
	d->stopped = 0;
	forget_symbols(d);
	still_traced(d);
}

static void cmd_stop(struct debugger *d, int argc, char **argv)
{
	int err;

	if (need_process(d))
		return;
	if (d->stopped) {
		printf("Process %d is already stopped.\n", (int)d->pid);
		return;
	}
	err = utracer_quiesce(d->u, d->pid, 0);
	if (err) {
		udb_error("cannot stop %d: %s", (int)d->pid, utracer_strerror(err));
		return;
	}
	d->stopped = 1;
	if (wait_stopped(d, d->pid) == 0)
		printf("Process %d stopped.\n", (int)d->pid);
}

static void on_interrupt(struct debugger *d);

/*
 * Until the process stops (a breakpoint, Ctrl-C) or is gone, or a thread or
 * process of the session is held stopped (a new one with "follow-fork
 * stop", another process at a breakpoint).
 */
static void wait_next_stop(struct debugger *d)
{
	int evfd = utracer_event_fd(d->u);

	d->held_elsewhere = 0;
	while (d->pid && !d->stopped && !d->held_elsewhere) {
		struct pollfd p = { .fd = evfd, .events = POLLIN };

		fflush(stdout);
		if (poll(&p, 1, -1) < 0) {
			if (errno != EINTR)
				break;
			if (got_sigint)
				on_interrupt(d);
			continue;
		}
		drain_events(d);
	}
}

/* How many threads of process pid are stopped for us. */
static size_t threads_held(struct debugger *d, pid_t pid)
{
	size_t count, held = 0;
	struct utracer_task *tasks = utracer_task_list(d->u, &count);

	for (size_t i = 0; tasks && i < count; i++)
		held += tasks[i].pid == pid && tasks[i].state == UTRACER_STATE_STOPPED;
	free(tasks);
	return held;
}

static void cmd_continue(struct debugger *d, int argc, char **argv)
{
	int err;

	if (need_process(d))
		return;
	/* A thread held on its own (new with "follow-fork stop") is let go too. */
	if (!d->stopped && !threads_held(d, d->pid)) {
		printf("Process %d is already running.\n", (int)d->pid);
		return;
	}
	err = utracer_run(d->u, d->pid, 0);
	if (err) {
		udb_error("cannot resume %d: %s", (int)d->pid, utracer_strerror(err));
		return;
	}
	d->stopped = 0;
	printf("Process %d continues ('stop' or Ctrl-C stops it).\n", (int)d->pid);
	if (d->nbps)
		wait_next_stop(d);
}

static void cmd_threads(struct debugger *d, int argc, char **argv)
{
	size_t count;
	struct utracer_task *tasks;

	if (need_process(d))
		return;
	tasks = utracer_task_list(d->u, &count);
	if (!tasks) {
		udb_error("cannot list the threads: %s", utracer_strerror(errno));
		return;
	}
	for (size_t i = 0; i < count; i++) {
		static const char *const states[] = {
			"?", "running", "stopping", "stopped", "exited"
		};
		uint32_t s = tasks[i].state;

		if (tasks[i].pid != d->pid)
			continue;
		printf("%c %d %s\n", tasks[i].tid == d->tid ? '*' : ' ', (int)tasks[i].tid,
		       s < 5 ? states[s] : "?");
	}
	free(tasks);
}

static void cmd_thread(struct debugger *d, int argc, char **argv)
{
	pid_t tid;

	if (need_process(d))
		return;
	if (argc != 2) {
		printf("Current thread: %d\n", (int)d->tid);
		return;
	}
	tid = udb_parse_pid(argv[1]);
	if (tid <= 0)
		return;
	if (utracer_is_attached(d->u, tid) != 1) {
		printf("Thread %d is not part of process %d.\n", (int)tid, (int)d->pid);
		return;
	}
	d->tid = tid;
	printf("Current thread: %d\n", (int)tid);
}

static void cmd_regs(struct debugger *d, int argc, char **argv)
{
	struct udb_regs regs;

	if (need_stopped(d) || udb_regs_read(d->u, d->tid, &regs))
		return;
	udb_regs_print(stdout, &regs);
	if (argc > 1 && !strcmp(argv[1], "--all"))
		udb_regs_print_all(stdout, d->u, d->tid);
}

static void cmd_examine(struct debugger *d, int argc, char **argv)
{
	uint64_t addr, len = 64;
	unsigned char *buf;
	ssize_t n;
	char sym[256];

	if (argc < 2 || argc > 3) {
		printf("Usage: x ADDRESS [LENGTH]\n");
		return;
	}
	if (need_process(d) || parse_address(d, argv[1], &addr))
		return;
	if (argc == 3 && (udb_parse_u64(argv[2], &len) || len == 0 || len > 1 << 20)) {
		printf("'%s' is not a length (1 to 1048576).\n", argv[2]);
		return;
	}
	buf = calloc(1, len);
	if (!buf)
		return;
	n = utracer_mem_read(d->u, d->pid, addr, buf, len);
	if (n < 0) {
		printf("Cannot read memory at %#" PRIx64 ": %s\n", addr, utracer_strerror((int)n));
	} else {
		if (udb_symbols_lookup(symbols(d), addr, sym, sizeof(sym)) == 0)
			printf("<%s>:\n", sym);
		udb_hexdump(stdout, addr, buf, (size_t)n);
		if ((uint64_t)n < len)
			printf("(only %zd of %" PRIu64 " bytes are readable)\n", n, len);
	}
	free(buf);
}

static void cmd_maps(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_maps(stdout, d->u, d->pid);
}

static void cmd_env(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_env(stdout, d->u, d->pid);
}

static void cmd_exe(struct debugger *d, int argc, char **argv)
{
	char *path;

	if (need_process(d))
		return;
	path = utracer_exe_path(d->u, d->pid);
	if (!path) {
		udb_error("cannot read the executable: %s", utracer_strerror(errno));
		return;
	}
	printf("%s\n", path);
	free(path);
}

static void cmd_symbol(struct debugger *d, int argc, char **argv)
{
	uint64_t addr;
	char sym[256];

	if (argc != 2) {
		printf("Usage: sym ADDRESS|NAME\n");
		return;
	}
	if (need_process(d) || parse_address(d, argv[1], &addr))
		return;
	if (udb_symbols_lookup(symbols(d), addr, sym, sizeof(sym)) == 0)
		printf("%#" PRIx64 " <%s>\n", addr, sym);
	else
		printf("%#" PRIx64 " is in no known symbol.\n", addr);
}

static int parse_on_off(const char *s, int *val)
{
	if (!strcmp(s, "on"))
		*val = 1;
	else if (!strcmp(s, "off"))
		*val = 0;
	else
		return -1;
	return 0;
}

static void cmd_events(struct debugger *d, int argc, char **argv)
{
	int on = 1;

	if (argc > 2 || (argc == 2 && parse_on_off(argv[1], &on))) {
		printf("Usage: events [on|off]\n");
		return;
	}
	d->events_on = on;
	printf("Every event is %s.\n", on ? "shown as it comes ('events off' hides them)"
					  : "no longer shown");
}

static void cmd_trace(struct debugger *d, int argc, char **argv)
{
	int on;

	if (argc != 2 || parse_on_off(argv[1], &on)) {
		printf("Usage: trace on|off\n");
		return;
	}
	d->trace_on = on;
	if (d->pid) {
		int err = utracer_set_events(d->u, d->pid, attach_events(d), 0);

		if (err) {
			udb_error("cannot change the events of %d: %s", (int)d->pid,
				  utracer_strerror(err));
			return;
		}
	}
	printf("Syscall tracing is %s.\n", on ? "on" : "off");
}

static void print_frame(struct debugger *d, int n, const struct udb_frame *f)
{
	char sym[256];

	/* A return address may be past the call's function: look up the call. */
	if (udb_symbols_lookup(symbols(d), f->pc - (f->is_return ? 1 : 0), sym, sizeof(sym)) == 0)
		printf("#%-2d %#018" PRIx64 " in %s\n", n, f->pc, sym);
	else
		printf("#%-2d %#018" PRIx64 "\n", n, f->pc);
}

static void cmd_backtrace(struct debugger *d, int argc, char **argv)
{
	struct udb_frame frames[256];
	struct udb_regs regs;
	uint64_t max = 64;
	int n;

	if (argc > 2 || (argc == 2 && (udb_parse_u64(argv[1], &max) || !max))) {
		printf("Usage: backtrace [FRAMES]\n");
		return;
	}
	if (max > sizeof(frames) / sizeof(frames[0]))
		max = sizeof(frames) / sizeof(frames[0]);
	if (need_stopped(d) || udb_regs_read(d->u, d->tid, &regs))
		return;
	n = udb_unwind(d->u, d->pid, d->tid, &regs, frames, max);
	if (n < 0) {
		udb_error("cannot unwind thread %d: %s", (int)d->tid, utracer_strerror(n));
		return;
	}
	for (int i = 0; i < n; i++)
		print_frame(d, i, &frames[i]);
}

static void cmd_disassemble(struct debugger *d, int argc, char **argv)
{
	struct udb_regs regs;
	uint64_t addr, count = 10;
	unsigned char buf[16 * 64] = { 0 };
	ssize_t n;
	int is_i386 = 0;

	if (argc > 3) {
		printf("Usage: disassemble [ADDRESS [COUNT]]\n");
		return;
	}
	if (need_process(d))
		return;
	if (argc >= 2) {
		if (parse_address(d, argv[1], &addr))
			return;
		if (d->stopped && udb_regs_read(d->u, d->tid, &regs) == 0)
			is_i386 = regs.is_i386;
	} else {
		if (need_stopped(d) || udb_regs_read(d->u, d->tid, &regs))
			return;
		addr = regs.ip;
		is_i386 = regs.is_i386;
	}
	if (argc == 3 && (udb_parse_u64(argv[2], &count) || !count || count > 64)) {
		printf("'%s' is not a count (1 to 64).\n", argv[2]);
		return;
	}
	n = utracer_mem_read(d->u, d->pid, addr, buf, (size_t)count * 16);
	if (n <= 0) {
		printf("Cannot read memory at %#" PRIx64 ": %s\n", addr,
		       utracer_strerror(n < 0 ? (int)n : -EIO));
		return;
	}
	udb_disassemble(stdout, symbols(d), is_i386, addr, buf, (size_t)n, (unsigned int)count);
}

static const char *follow_name(unsigned int follow)
{
	if (follow & UTRACER_ATTACH_F_STOP_NEW)
		return "stop";
	return follow ? "on" : "off";
}

static void cmd_follow_fork(struct debugger *d, int argc, char **argv)
{
	unsigned int follow;

	if (argc == 1) {
		printf("follow-fork is %s.\n", follow_name(d->follow));
		return;
	}
	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off") &&
			  strcmp(argv[1], "stop"))) {
		printf("Usage: follow-fork [on|off|stop]\n");
		return;
	}
	follow = !strcmp(argv[1], "off") ? 0 : UTRACER_ATTACH_F_FOLLOW_FORK;
	if (!strcmp(argv[1], "stop"))
		follow |= UTRACER_ATTACH_F_STOP_NEW;
	if (d->pid) {
		int err = utracer_set_follow(d->u, d->pid, follow);

		if (err) {
			udb_error("cannot change following of %d: %s", (int)d->pid,
				  utracer_strerror(err));
			return;
		}
	}
	d->follow = follow;
	if (follow & UTRACER_ATTACH_F_STOP_NEW)
		printf("New processes (and threads) are traced, each stopped before its first "
		       "instruction.\n");
	else if (follow)
		printf("New processes are traced too ('process PID' switches to one).\n");
	else
		printf("New processes are not traced.\n");
}

/* Whether every thread of process pid is stopped for us: 1, 0, or -1 if none is ours. */
static int process_stopped(struct debugger *d, pid_t pid)
{
	size_t count, mine = 0, stopped = 0;
	struct utracer_task *tasks = utracer_task_list(d->u, &count);

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

static void cmd_process(struct debugger *d, int argc, char **argv)
{
	pid_t pid;
	int stopped;

	if (argc == 1) {
		size_t count;
		struct utracer_task *tasks = utracer_task_list(d->u, &count);

		if (!tasks) {
			udb_error("cannot list the processes: %s", utracer_strerror(errno));
			return;
		}
		for (size_t i = 0; i < count; i++)
			if (tasks[i].pid == tasks[i].tid)
				printf("%c %d %s\n", tasks[i].pid == d->pid ? '*' : ' ',
				       (int)tasks[i].pid,
				       process_stopped(d, tasks[i].pid) == 1 ? "stopped" : "running");
		free(tasks);
		return;
	}
	if (argc != 2) {
		printf("Usage: process [PID]\n");
		return;
	}
	pid = udb_parse_pid(argv[1]);
	if (pid <= 0)
		return;
	stopped = process_stopped(d, pid);
	if (stopped < 0) {
		printf("Process %d is not traced ('follow-fork on' traces new ones).\n", (int)pid);
		return;
	}
	if (pid != d->pid)
		forget_symbols(d);
	d->pid = d->tid = pid;
	d->stopped = stopped;
	printf("Current process: %d (%s).\n", (int)pid, stopped ? "stopped" : "running");
}

/* Starts d->program stopped before its first instruction. */
static int start_program(struct debugger *d)
{
	UTRACER_OPTS(utracer_attach_opts, opts, .events = 0);
	UTRACER_OPTS(utracer_spawn_opts, sopts, .flags = UTRACER_SPAWN_F_SEARCH_PATH);
	struct udb_regs regs;
	char sym[256];
	pid_t child;

	opts.events = attach_events(d);
	opts.flags = d->follow;
	sopts.attach = &opts;
	child = utracer_spawn(d->u, d->program[0], d->program, &sopts);
	if (child < 0) {
		udb_error("cannot run '%s': %s", d->program[0], utracer_strerror(child));
		return child;
	}
	d->child = d->pid = d->tid = child;
	d->child_reaped = 0;
	d->stopped = 1;
	printf("Started %s as process %d; it is stopped before its first instruction.\n",
	       d->program[0], (int)child);
	if (udb_regs_read(d->u, child, &regs) == 0) {
		if (udb_symbols_lookup(symbols(d), regs.ip, sym, sizeof(sym)) == 0)
			printf("pc %#" PRIx64 " <%s>: the entry point of the new image.\n",
			       regs.ip, sym);
		else
			printf("pc %#" PRIx64 ": the entry point of the new image.\n", regs.ip);
	}
	return 0;
}

static void free_program(struct debugger *d)
{
	for (size_t i = 0; d->program && d->program[i]; i++)
		free(d->program[i]);
	free(d->program);
	d->program = NULL;
}

/* The program to run: file and arguments, copied. */
static int set_program(struct debugger *d, const char *file, char *const *args, int nargs)
{
	char **v = calloc((size_t)nargs + 2, sizeof(*v));

	if (!v)
		return -1;
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
		return -1;
	}
	free_program(d);
	d->program = v;
	return 0;
}

/* Kills the program udb started, if it still runs, and forgets it. */
static void kill_program(struct debugger *d)
{
	struct utracer_event_info ev;

	if (!d->child || d->child_reaped)
		return;
	kill(d->child, SIGKILL);
	reap_child(d, 1);
	/* Its last events (exit, detach) mean nothing now. */
	while (utracer_event_next(d->u, &ev) == 0)
		;
	if (d->pid == d->child)
		lost_process(d);
	d->child = 0;
}

static void cmd_run(struct debugger *d, int argc, char **argv)
{
	if (!d->program) {
		printf("No program: start udb as 'udb -- PROGRAM [ARGS]'.\n");
		return;
	}
	if (d->pid && d->pid != d->child) {
		printf("Attached to %d, which udb did not start: 'detach' first.\n",
		       (int)d->pid);
		return;
	}
	if (argc > 1 && set_program(d, d->program[0], argv + 1, argc - 1)) {
		udb_error("out of memory");
		return;
	}
	reap_child(d, 0);
	if (d->child && !d->child_reaped)
		printf("Killing process %d to start again.\n", (int)d->child);
	kill_program(d);
	start_program(d);
}

/* --- breakpoints ------------------------------------------------------------- */

static void bp_remember(struct debugger *d, int id, const char *where)
{
	struct udb_breakpoint *bps = realloc(d->bps, (d->nbps + 1) * sizeof(*bps));

	if (!bps)
		return;
	d->bps = bps;
	bps[d->nbps].id = (uint32_t)id;
	bps[d->nbps].where = strdup(where);
	if (bps[d->nbps].where)
		d->nbps++;
}

static void bp_forget_all(struct debugger *d)
{
	for (size_t i = 0; i < d->nbps; i++)
		free(d->bps[i].where);
	free(d->bps);
	d->bps = NULL;
	d->nbps = 0;
}

/* FILE:OFFSET when what comes before the last ':' names a file. */
static int split_file_offset(const char *arg, char *file, size_t size, uint64_t *off)
{
	const char *colon = strrchr(arg, ':');

	if (!colon || colon == arg || (size_t)(colon - arg) >= size)
		return -1;
	snprintf(file, size, "%.*s", (int)(colon - arg), arg);
	if (!strchr(file, '/'))
		return -1;
	if (udb_parse_u64(colon + 1, off)) {
		printf("'%s' is not an offset.\n", colon + 1);
		return 1;
	}
	return 0;
}

static void cmd_break(struct debugger *d, int argc, char **argv)
{
	char file[4096], where[4200], sym[256];
	uint64_t addr, off;
	int id, r;

	if (argc != 2) {
		printf("Usage: break ADDRESS|SYMBOL|FILE:OFFSET\n");
		return;
	}
	r = split_file_offset(argv[1], file, sizeof(file), &off);
	if (r > 0)
		return;
	if (r == 0) {
		id = utracer_breakpoint_set(d->u, file, off);
		if (id < 0) {
			udb_error("cannot set a breakpoint at %s: %s", argv[1], utracer_strerror(id));
			return;
		}
		snprintf(where, sizeof(where), "%s, offset %#" PRIx64, file, off);
		printf("Breakpoint %d at %s.\n", id, where);
		bp_remember(d, id, where);
		return;
	}
	if (need_process(d) || parse_address(d, argv[1], &addr))
		return;
	id = utracer_breakpoint_set_addr(d->u, d->pid, addr, &off);
	if (id < 0) {
		udb_error("cannot set a breakpoint at %#" PRIx64 ": %s", addr, utracer_strerror(id));
		return;
	}
	if (udb_symbols_lookup(symbols(d), addr, sym, sizeof(sym)))
		snprintf(where, sizeof(where), "%#" PRIx64 ", offset %#" PRIx64, addr, off);
	else
		snprintf(where, sizeof(where), "%#" PRIx64 " <%s>, offset %#" PRIx64, addr, sym,
			 off);
	printf("Breakpoint %d at %s.\n", id, where);
	bp_remember(d, id, where);
}

static void cmd_delete(struct debugger *d, int argc, char **argv)
{
	uint64_t id;
	int err;

	if (argc != 2 || udb_parse_u64(argv[1], &id) || !id || id > UINT32_MAX) {
		printf("Usage: delete N (a breakpoint number)\n");
		return;
	}
	err = utracer_breakpoint_remove(d->u, (uint32_t)id);
	if (err == -ENOENT) {
		printf("No breakpoint %" PRIu64 ".\n", id);
		return;
	}
	if (err) {
		udb_error("cannot delete breakpoint %" PRIu64 ": %s", id, utracer_strerror(err));
		return;
	}
	for (size_t i = 0; i < d->nbps; i++) {
		if (d->bps[i].id == id) {
			free(d->bps[i].where);
			d->bps[i] = d->bps[--d->nbps];
			break;
		}
	}
	printf("Deleted breakpoint %" PRIu64 ".\n", id);
}

static void cmd_info(struct debugger *d, int argc, char **argv)
{
	struct utracer_breakpoint *bps;
	size_t n;

	if (argc != 2 || (strcmp(argv[1], "breakpoints") && strcmp(argv[1], "break") &&
			  strcmp(argv[1], "b"))) {
		printf("Usage: info breakpoints\n");
		return;
	}
	bps = utracer_breakpoint_list(d->u, &n);
	if (!bps) {
		udb_error("cannot list the breakpoints: %s", utracer_strerror(errno));
		return;
	}
	if (!n)
		printf("No breakpoints.\n");
	else
		printf("Num  Hits  Where\n");
	for (size_t i = 0; i < n; i++) {
		const char *where = "?";

		for (size_t j = 0; j < d->nbps; j++)
			if (d->bps[j].id == bps[i].id)
				where = d->bps[j].where;
		printf("%-4u %-5" PRIu64 " %s\n", bps[i].id, bps[i].hits, where);
	}
	free(bps);
}

static void cmd_quit(struct debugger *d, int argc, char **argv)
{
	d->quit = 1;
}

/* --- changing the process: registers and memory -------------------------------- */

/* A value: an address expression (number, $reg, symbol[+off]) or -NUMBER. */
static int parse_value(struct debugger *d, const char *expr, uint64_t *val)
{
	if (expr[0] == '-' && expr[1]) {
		if (udb_parse_u64(expr + 1, val)) {
			printf("'%s' is not a number.\n", expr);
			return -1;
		}
		*val = -*val;
		return 0;
	}
	return parse_address(d, expr, val);
}

/* set $REG = VALUE, set $REG=VALUE or set $REG VALUE */
static void cmd_set(struct debugger *d, int argc, char **argv)
{
	char expr[256] = "", *name, *value = NULL;
	struct udb_regs regs;
	uint64_t val, back = 0;
	int r, i;

	/* The words joined without blanks: "$REG=VALUE", or "$REGVALUE" when there was no '='. */
	for (i = 1; i < argc; i++)
		strncat(expr, argv[i], sizeof(expr) - strlen(expr) - 1);
	name = expr + 1;
	if (strchr(expr, '=')) {
		value = strchr(expr, '=');
		*value++ = '\0';
	} else if (argc == 3 && strlen(argv[1]) < sizeof(expr)) {
		name[strlen(argv[1]) - 1] = '\0';
		value = argv[2];
	}
	if (argc < 2 || expr[0] != '$' || !name[0] || !value || !value[0]) {
		printf("Usage: set $REG = VALUE\n");
		return;
	}
	if (need_stopped(d) || parse_value(d, value, &val) ||
	    udb_regs_read(d->u, d->tid, &regs))
		return;
	r = udb_regs_set(&regs, name, val);
	if (r == -1) {
		printf("No register '%s'.\n", name);
		return;
	}
	if (r == -2) {
		printf("%#" PRIx64 " does not fit the 32-bit register %s.\n", val, name);
		return;
	}
	if (udb_regs_write(d->u, d->tid, &regs) || udb_regs_read(d->u, d->tid, &regs))
		return;
	udb_regs_get(&regs, name, &back);
	printf("%s = %#" PRIx64 "\n", name, back);
	if (back != val && !(regs.is_i386 && back == (uint32_t)val))
		printf("(the kernel kept bits that user space may not change)\n");
}

/* write ADDRESS BYTES... */
static void cmd_write(struct debugger *d, int argc, char **argv)
{
	unsigned char *buf;
	uint64_t addr;
	size_t len;
	ssize_t n;

	if (argc < 3) {
		printf("Usage: write ADDRESS BYTES...\n");
		return;
	}
	if (need_process(d) || parse_address(d, argv[1], &addr))
		return;
	buf = udb_parse_bytes(argc - 2, argv + 2, &len);
	if (!buf)
		return;
	n = utracer_mem_write(d->u, d->pid, addr, buf, len);
	if (n < 0)
		printf("Cannot write memory at %#" PRIx64 ": %s\n", addr, utracer_strerror((int)n));
	else if ((size_t)n < len)
		printf("Wrote only %zd of %zu bytes at %#" PRIx64 ": the rest is not writable.\n",
		       n, len, addr);
	else
		printf("Wrote %zu bytes at %#" PRIx64 ".\n", len, addr);
	free(buf);
}

static void cmd_auxv(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_auxv(stdout, d->u, d->pid);
}

static void cmd_cmdline(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_cmdline(stdout, d->u, d->pid);
}

static void cmd_status(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_status(stdout, d->u, d->tid);
}

static void cmd_fds(struct debugger *d, int argc, char **argv)
{
	if (!need_process(d))
		udb_print_fds(stdout, d->u, d->pid);
}

static const struct command commands[] = {
	{ "help", "h", "[COMMAND]", "List the commands, or explain one.", cmd_help },
	{ "attach", NULL, "PID", "Attach to process PID and stop it.", cmd_attach },
	{ "detach", NULL, "", "Detach from the process; it runs on.", cmd_detach },
	{ "stop", NULL, "", "Stop every thread of the process (Ctrl-C does too).", cmd_stop },
	{ "continue", "c", "",
	  "Let the process run; the prompt stays (with breakpoints: until it stops again).",
	  cmd_continue },
	{ "break", "b", "ADDRESS|SYMBOL|FILE:OFFSET",
	  "Set a breakpoint: at an address or symbol of the process, or in a file.",
	  cmd_break },
	{ "delete", NULL, "N", "Delete breakpoint N.", cmd_delete },
	{ "info", NULL, "breakpoints", "List the breakpoints and their hits.", cmd_info },
	{ "threads", NULL, "", "List the threads; * marks the current one.", cmd_threads },
	{ "thread", NULL, "[TID]", "Show or choose the current thread.", cmd_thread },
	{ "regs", "registers", "[--all]",
	  "The current thread's registers (--all: every register set).", cmd_regs },
	{ "x", NULL, "ADDRESS [LENGTH]",
	  "Examine LENGTH (64) bytes of memory. ADDRESS is a number, $reg or symbol[+off].",
	  cmd_examine },
	{ "disassemble", "disas", "[ADDRESS [COUNT]]",
	  "Disassemble COUNT (10) instructions at ADDRESS (the current pc).", cmd_disassemble },
	{ "backtrace", "bt", "[FRAMES]",
	  "The current thread's call chain (FRAMES deep, 64 by default, 256 at most), from\n"
	  "    the call-frame information of its ELF files, else from its frame pointers.", cmd_backtrace },
	{ "sym", NULL, "ADDRESS|NAME", "The symbol at an address, or a symbol's address.",
	  cmd_symbol },
	{ "maps", NULL, "", "The memory map, as /proc/PID/maps shows it.", cmd_maps },
	{ "env", NULL, "", "The environment, NAME=value per line.", cmd_env },
	{ "exe", NULL, "", "The executable's path.", cmd_exe },
	{ "auxv", NULL, "", "The auxiliary vector, as LD_SHOW_AUXV=1 prints it.", cmd_auxv },
	{ "cmdline", NULL, "", "The command-line arguments, one per line.", cmd_cmdline },
	{ "status", NULL, "", "The current thread's state, ids and signal sets.", cmd_status },
	{ "fds", NULL, "", "The open file descriptors: mode, flags, position, path.", cmd_fds },
	{ "set", NULL, "$REG = VALUE",
	  "Set a register of the current thread. VALUE as for x, or -NUMBER.", cmd_set },
	{ "write", NULL, "ADDRESS BYTES...",
	  "Write hex bytes (90 0x90) and \"strings\" (\\n \\0 \\xHH) at ADDRESS.", cmd_write },
	{ "events", NULL, "[on|off]", "Show every event as it comes, or stop showing them.",
	  cmd_events },
	{ "trace", NULL, "on|off", "Show the process's syscalls as strace does.", cmd_trace },
	{ "run", "r", "[ARGS]",
	  "Start the program again (udb -- PROGRAM), stopped before its first instruction; "
	  "ARGS replace its arguments.", cmd_run },
	{ "follow-fork", NULL, "[on|off|stop]",
	  "Trace the new processes too (stop: each stopped before its first instruction).",
	  cmd_follow_fork },
	{ "process", NULL, "[PID]", "List the traced processes, or switch to one.",
	  cmd_process },
	{ "quit", "q", "",
	  "Leave udb: detach (a process udb started is killed).", cmd_quit },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name) || (c->alias && !strcmp(c->alias, name)))
			return c;
	return NULL;
}

static void cmd_help(struct debugger *d, int argc, char **argv)
{
	const struct command *c;

	if (argc == 2) {
		c = find_command(argv[1]);
		if (!c) {
			printf("No command '%s'. 'help' lists them.\n", argv[1]);
			return;
		}
		printf("%s %s\n    %s\n", c->name, c->args, c->help);
		if (c->alias)
			printf("    Also: %s\n", c->alias);
		return;
	}
	for (c = commands; c->name; c++)
		printf("  %-12s %-18s %s\n", c->name, c->args, c->help);
}

static void run_line(struct debugger *d, char *line)
{
	char *argv[16], *save = NULL, *tok;
	const struct command *c;
	int argc = 0;

	for (tok = strtok_r(line, " \t", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (!argc)
		return;
	c = find_command(argv[0]);
	if (!c) {
		printf("Unknown command '%s'. 'help' lists the commands.\n", argv[0]);
		return;
	}
	got_sigint = 0;
	c->run(d, argc, argv);
	fflush(stdout);
	drain_events(d);
}

/* --- the prompt ----------------------------------------------------------------- */

static void on_line(char *line)
{
	struct debugger *d = the_debugger;

	if (!line) {
		/* End of input (Ctrl-D): as "quit". */
		printf("\n");
		d->quit = 1;
		return;
	}
	if (*line)
		add_history(line);
	run_line(d, line);
	free(line);
}

static char *command_generator(const char *text, int state)
{
	static size_t index, len;

	if (!state) {
		index = 0;
		len = strlen(text);
	}
	while (commands[index].name) {
		const char *name = commands[index++].name;

		if (!strncmp(name, text, len))
			return strdup(name);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	return start == 0 ? rl_completion_matches(text, command_generator) : NULL;
}

static void on_interrupt(struct debugger *d)
{
	got_sigint = 0;
	if (d->pid && !d->stopped) {
		output_begin(d);
		printf("\n");
		cmd_stop(d, 1, NULL);
		output_end(d);
	} else if (d->interactive) {
		rl_free_line_state();
		rl_callback_sigcleanup();
		rl_replace_line("", 0);
		printf("\n");
		rl_on_new_line();
		rl_redisplay();
	}
}

/*
 * Commands from a pipe or file are read with read(2), not stdio, so that
 * poll(2) on standard input is not fooled by lines stdio has buffered.
 */
struct line_reader {
	char *buf;
	size_t len, cap;
	int eof;
};

/* The next whole line in r (without its newline; at the end, what is left), or NULL. */
static char *next_line(struct line_reader *r)
{
	char *nl = r->len ? memchr(r->buf, '\n', r->len) : NULL;
	size_t n = nl ? (size_t)(nl - r->buf) : r->len;
	char *line;

	if (!nl && (!r->eof || !r->len))
		return NULL;
	line = strndup(r->buf, n);
	if (!line) {
		udb_error("out of memory");
		r->eof = 1;
		r->len = 0;
		return NULL;
	}
	n += !!nl;
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
	return line;
}

/* Reads what standard input has; r->eof at its end or on an error. */
static void read_more(struct line_reader *r)
{
	ssize_t n;

	if (r->cap - r->len < 4096) {
		char *buf = realloc(r->buf, r->cap + 4096);

		if (!buf) {
			udb_error("out of memory");
			r->eof = 1;
			return;
		}
		r->buf = buf;
		r->cap += 4096;
	}
	n = read(STDIN_FILENO, r->buf + r->len, r->cap - r->len);
	if (n > 0)
		r->len += (size_t)n;
	else if (n == 0 || (errno != EINTR && errno != EAGAIN))
		r->eof = 1;
}

static void prompt_loop(struct debugger *d)
{
	struct line_reader in = { 0 };
	int evfd = utracer_event_fd(d->u);

	if (d->interactive) {
		rl_catch_signals = 0;
		rl_attempted_completion_function = complete;
		rl_callback_handler_install("(udb) ", on_line);
	}
	while (!d->quit) {
		struct pollfd fds[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = evfd, .events = POLLIN },
		};
		int n;

		if (!d->interactive) {
			/*
			 * Commands from a pipe or file, one per line, echoed;
			 * events are printed as they come meanwhile.
			 */
			char *line = next_line(&in);

			if (line || in.eof) {
				drain_events(d);
				printf("(udb) %s\n", line ? line : "");
				if (!line)
					break;
				run_line(d, line);
				free(line);
				continue;
			}
			fflush(stdout);
		}
		n = poll(fds, evfd >= 0 ? 2 : 1, -1);
		if (n < 0) {
			if (errno == EINTR && got_sigint)
				on_interrupt(d);
			continue;
		}
		if (fds[1].revents & POLLIN)
			drain_events(d);
		if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (d->interactive)
			rl_callback_read_char();
		else
			read_more(&in);
	}
	if (d->interactive)
		rl_callback_handler_remove();
	free(in.buf);
}

/* udb -- COMMAND: what "run" does, at once. */
static int start_command(struct debugger *d, char **command)
{
	int n = 0;

	while (command[n + 1])
		n++;
	if (set_program(d, command[0], command + 1, n)) {
		udb_error("out of memory");
		return -ENOMEM;
	}
	return start_program(d);
}

int udb_debugger(pid_t pid, char **command)
{
	struct debugger d = { .interactive = isatty(STDIN_FILENO) };
	char *histfile = NULL;
	int ret = 0;

	d.u = udb_client_open();
	if (!d.u)
		return UDB_EXIT_FAILURE;
	d.tracer = tracer_new(d.u, stdout);
	if (!d.tracer) {
		utracer_close(d.u);
		return UDB_EXIT_FAILURE;
	}
	the_debugger = &d;
	udb_catch_signal(SIGINT, on_sigint, 0);
	udb_survive_sigpipe();

	if (pid && do_attach(&d, pid)) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	if (command && start_command(&d, command)) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	if (pid)
		printf("Attached to %d; it is stopped. 'help' lists the commands.\n", (int)pid);
	else if (!command)
		printf("udb %s. 'help' lists the commands.\n", UDB_VERSION);

	if (d.interactive && getenv("HOME") &&
	    asprintf(&histfile, "%s/.udb_history", getenv("HOME")) > 0)
		read_history(histfile);
	prompt_loop(&d);
	if (histfile) {
		write_history(histfile);
		free(histfile);
	}
out:
	/* A program udb started dies with udb, as in gdb; anything else runs on. */
	if (d.child && !d.child_reaped) {
		kill(d.child, SIGKILL);
		utracer_close(d.u);
		d.u = NULL;
		reap_child(&d, 1);
		d.child_reaped = 0;	/* its status is ours, not its own */
	}
	utracer_close(d.u);
	bp_forget_all(&d);
	tracer_free(d.tracer);
	udb_symbols_free(d.syms);
	free_program(&d);
	if (d.child && d.child_reaped && WIFEXITED(d.child_status) && !ret)
		ret = WEXITSTATUS(d.child_status);
	return ret;
}
