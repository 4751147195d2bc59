// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The debugger's commands: a handler each and the table (name, alias,
 * argument synopsis, help line, handler) that "help", completion and the
 * prompt's dispatch all read.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "debugger.h"
#include "strbuf.h"

/* --- helpers for the commands --------------------------------------------- */

static int need_process(struct debugger *d)
{
	if (d->run.pid)
		return 0;
	printf("No process: 'attach PID' first.\n");
	return -1;
}

static int need_stopped(struct debugger *d)
{
	if (need_process(d))
		return -1;
	if (d->run.stopped)
		return 0;
	printf("Process %d is running: 'stop' it first.\n", (int)d->run.pid);
	return -1;
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

		if (need_stopped(d) || udb_regs_read(d->run.u, d->run.tid, &regs))
			return -1;
		if (udb_regs_get(&regs, name + 1, addr)) {
			printf("No register '%s'.\n", name + 1);
			return -1;
		}
	} else if (udb_symbols_find(debugger_symbols(d), name, addr)) {
		printf("No symbol '%s' in the process (nor is it a number).\n", name);
		return -1;
	}
	*addr += off;
	return 0;
}

/* --- commands ------------------------------------------------------------------ */

static void cmd_help(struct debugger *d, int argc, char **argv)
{
	debugger_help(stdout, argc == 2 ? argv[1] : NULL);
}

static void cmd_attach(struct debugger *d, int argc, char **argv)
{
	pid_t pid;

	if (argc != 2) {
		printf("Usage: attach PID\n");
		return;
	}
	if (d->run.pid) {
		printf("Already attached to %d: 'detach' first.\n", (int)d->run.pid);
		return;
	}
	pid = udb_parse_pid(argv[1]);
	if (pid > 0 && udb_run_attach(&d->run, pid) == 0)
		printf("Attached to %d; it is stopped.\n", (int)pid);
}

/* Names the processes still traced (followed children), held or not. */
static void still_traced(struct debugger *d)
{
	size_t count;
	struct utracer_task *tasks = utracer_task_list(d->run.u, &count);

	for (size_t i = 0; tasks && i < count; i++)
		if (tasks[i].pid == tasks[i].tid)
			printf("Process %d is still traced (%s): 'process %d' switches to it.\n",
			       (int)tasks[i].pid,
			       udb_run_process_stopped(&d->run, tasks[i].pid) == 1 ? "stopped" : "running",
			       (int)tasks[i].pid);
	free(tasks);
}

static void cmd_detach(struct debugger *d, int argc, char **argv)
{
	pid_t pid = d->run.pid;

	if (need_process(d) || udb_run_detach(&d->run))
		return;
	printf("Detached from %d; it runs on.\n", (int)pid);
	debugger_forget_symbols(d);
	still_traced(d);
}

void debugger_stop(struct debugger *d)
{
	if (need_process(d))
		return;
	if (d->run.stopped) {
		printf("Process %d is already stopped.\n", (int)d->run.pid);
		return;
	}
	if (udb_run_stop(&d->run) == 0)
		printf("Process %d stopped.\n", (int)d->run.pid);
}

static void cmd_stop(struct debugger *d, int argc, char **argv)
{
	debugger_stop(d);
}

/* continue, with signal signo instead of the one held (-1: as "handle" says). */
static void continue_with(struct debugger *d, int signo)
{
	/* A thread held on its own (new with "follow-fork stop") is let go too. */
	if (!d->run.stopped && !udb_run_threads_held(&d->run, d->run.pid)) {
		printf("Process %d is already running.\n", (int)d->run.pid);
		return;
	}
	if (signo == 0)
		printf("Continuing with no signal.\n");
	else if (signo > 0)
		printf("Continuing with signal %s.\n", udb_sig_name(signo));
	if (udb_run_resume_signal(&d->run, signo))
		return;
	printf("Process %d continues ('stop' or Ctrl-C stops it).\n", (int)d->run.pid);
	if (d->nbps)
		udb_run_wait(&d->run);
}

static void cmd_continue(struct debugger *d, int argc, char **argv)
{
	if (need_process(d))
		return;
	continue_with(d, -1);
}

/*
 * stepi [N]: the current thread runs N instructions, one step at a time,
 * the other threads held; where it is then is shown once. A breakpoint,
 * a signal that stops, a caught syscall, the thread's exit or Ctrl-C ends
 * the steps early, as they end a continue.
 */
static void cmd_stepi(struct debugger *d, int argc, char **argv)
{
	uint64_t count = 1, done = 0;
	pid_t pid = d->run.pid, tid = d->run.tid;
	int ret = 0, interrupted = 0;

	if (argc > 2 || (argc == 2 && (udb_parse_u64(argv[1], &count) || !count ||
				       count > 1000000))) {
		printf("Usage: stepi [N], N from 1 to 1000000.\n");
		return;
	}
	if (need_stopped(d))
		return;
	prompt_take_interrupt(d);
	while (done < count) {
		ret = udb_run_step(&d->run);
		if (prompt_take_interrupt(d))
			interrupted = 1;
		if (ret)
			break;
		done++;
		if (interrupted)
			break;
	}
	if (ret < 0 && !done && !interrupted)
		return;
	/* Its process may be gone too (its DETACH came with the EXIT). */
	if (ret > 0 && d->run.step_end == UDB_RUN_STEP_EXITED) {
		printf("[thread %d exited after %" PRIu64 " of %" PRIu64 " instructions]\n",
		       (int)tid, done, count);
		return;
	}
	if (d->run.pid != pid)
		return;
	if (interrupted)
		printf("Interrupted after %" PRIu64 " of %" PRIu64 " instructions.\n", done, count);
	else if (ret > 0)
		return;	/* held otherwise: the session said why and where */
	if (d->run.stopped)
		debugger_show_location(d, d->run.tid);
}

/* --- signals -------------------------------------------------------------------- */

static void cmd_signal(struct debugger *d, int argc, char **argv)
{
	int sig;

	if (argc != 2) {
		printf("Usage: signal SIGNAL\n");
		return;
	}
	sig = udb_sig_parse(argv[1]);
	if (sig == UDB_SIG_UNKNOWN) {
		printf("No symbol \"%s\" in current context.\n", argv[1]);
		return;
	}
	if (sig < 0) {
		udb_sig_error(stdout, argv[1], sig);
		return;
	}
	if (!d->run.pid) {
		printf("The program is not being run.\n");
		return;
	}
	continue_with(d, sig);
}

static void cmd_handle(struct debugger *d, int argc, char **argv)
{
	unsigned char changed[UDB_NSIG + 1];
	int cannot = 0;

	if (udb_sig_handle(&d->sigs, argc - 1, argv + 1, changed, stdout))
		return;
	udb_sig_changed(stdout, &d->sigs, changed);
	if (d->sig_hold) {
		udb_run_set_signals(&d->run, udb_sigtab_mask(&d->sigs, 1, 0),
				    udb_sigtab_mask(&d->sigs, 0, 1));
		return;
	}
	for (int sig = 1; sig <= UDB_NSIG; sig++)
		cannot |= changed[sig] && (d->sigs.stop[sig] || !d->sigs.pass[sig]);
	if (cannot)
		printf("This kernel module cannot hold signals (no UTRACER_FEATURE_SIGNAL_HOLD):\n"
		       "udb cannot stop on them nor keep them from the program; they are only shown.\n");
}

/* info signals [SIGNAL], info handle [SIGNAL]. */
static void info_signals(struct debugger *d, int argc, char **argv)
{
	int sig;

	if (argc == 2) {
		udb_sig_table(stdout, &d->sigs);
		return;
	}
	sig = udb_sig_parse(argv[2]);
	if (sig == UDB_SIG_UNKNOWN) {
		printf("No symbol \"%s\" in current context.\n", argv[2]);
		return;
	}
	if (sig <= 0) {
		udb_sig_error(stdout, argv[2], sig ? sig : UDB_SIG_BAD_NUMBER);
		return;
	}
	udb_sig_header(stdout);
	udb_sig_row(stdout, &d->sigs, sig);
}

static void cmd_threads(struct debugger *d, int argc, char **argv)
{
	size_t count;
	struct utracer_task *tasks;

	if (need_process(d))
		return;
	tasks = utracer_task_list(d->run.u, &count);
	if (!tasks) {
		udb_error("cannot list the threads: %s", utracer_strerror(errno));
		return;
	}
	for (size_t i = 0; i < count; i++) {
		static const char *const states[] = {
			"?", "running", "stopping", "stopped", "exited"
		};
		uint32_t s = tasks[i].state;

		if (tasks[i].pid != d->run.pid)
			continue;
		printf("%c %d %s\n", tasks[i].tid == d->run.tid ? '*' : ' ', (int)tasks[i].tid,
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
		printf("Current thread: %d\n", (int)d->run.tid);
		return;
	}
	tid = udb_parse_pid(argv[1]);
	if (tid <= 0)
		return;
	if (utracer_is_attached(d->run.u, tid) != 1) {
		printf("Thread %d is not part of process %d.\n", (int)tid, (int)d->run.pid);
		return;
	}
	d->run.tid = tid;
	printf("Current thread: %d\n", (int)tid);
}

static void cmd_regs(struct debugger *d, int argc, char **argv)
{
	struct udb_regs regs;

	if (need_stopped(d) || udb_regs_read(d->run.u, d->run.tid, &regs))
		return;
	udb_regs_print(stdout, &regs);
	if (argc > 1 && !strcmp(argv[1], "--all"))
		udb_regs_print_all(stdout, d->run.u, d->run.tid);
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
	n = utracer_mem_read(d->run.u, d->run.pid, addr, buf, len);
	if (n < 0) {
		printf("Cannot read memory at %#" PRIx64 ": %s\n", addr, utracer_strerror((int)n));
	} else {
		if (udb_symbols_lookup(debugger_symbols(d), addr, sym, sizeof(sym)) == 0)
			printf("<%s>:\n", sym);
		udb_hexdump(stdout, addr, buf, (size_t)n);
		if ((uint64_t)n < len)
			printf("(only %zd of %" PRIu64 " bytes are readable)\n", n, len);
	}
	free(buf);
}

static void cmd_exe(struct debugger *d, int argc, char **argv)
{
	char *path;

	if (need_process(d))
		return;
	path = utracer_exe_path(d->run.u, d->run.pid);
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
	if (udb_symbols_lookup(debugger_symbols(d), addr, sym, sizeof(sym)) == 0)
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
	if (udb_run_set_syscalls(&d->run, on))
		return;
	printf("Syscall tracing is %s.\n", on ? "on" : "off");
}

static void print_frame(struct debugger *d, int n, const struct udb_frame *f)
{
	char sym[256];

	/* A return address may be past the call's function: look up the call. */
	if (udb_symbols_lookup(debugger_symbols(d), f->pc - (f->is_return ? 1 : 0), sym, sizeof(sym)) == 0)
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
	if (need_stopped(d) || udb_regs_read(d->run.u, d->run.tid, &regs))
		return;
	n = udb_unwind(d->run.u, d->run.pid, d->run.tid, &regs, frames, max);
	if (n < 0) {
		udb_error("cannot unwind thread %d: %s", (int)d->run.tid, utracer_strerror(n));
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
		if (d->run.stopped && udb_regs_read(d->run.u, d->run.tid, &regs) == 0)
			is_i386 = regs.is_i386;
	} else {
		if (need_stopped(d) || udb_regs_read(d->run.u, d->run.tid, &regs))
			return;
		addr = regs.ip;
		is_i386 = regs.is_i386;
	}
	if (argc == 3 && (udb_parse_u64(argv[2], &count) || !count || count > 64)) {
		printf("'%s' is not a count (1 to 64).\n", argv[2]);
		return;
	}
	n = utracer_mem_read(d->run.u, d->run.pid, addr, buf, (size_t)count * 16);
	if (n <= 0) {
		printf("Cannot read memory at %#" PRIx64 ": %s\n", addr,
		       utracer_strerror(n < 0 ? (int)n : -EIO));
		return;
	}
	udb_disassemble(stdout, debugger_symbols(d), is_i386, addr, buf, (size_t)n, (unsigned int)count);
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
		printf("follow-fork is %s.\n", follow_name(d->run.follow));
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
	if (udb_run_set_follow(&d->run, follow))
		return;
	if (follow & UTRACER_ATTACH_F_STOP_NEW)
		printf("New processes (and threads) are traced, each stopped before its first "
		       "instruction.\n");
	else if (follow)
		printf("New processes are traced too ('process PID' switches to one).\n");
	else
		printf("New processes are not traced.\n");
}

static void cmd_process(struct debugger *d, int argc, char **argv)
{
	pid_t pid;
	int stopped;

	if (argc == 1) {
		size_t count;
		struct utracer_task *tasks = utracer_task_list(d->run.u, &count);

		if (!tasks) {
			udb_error("cannot list the processes: %s", utracer_strerror(errno));
			return;
		}
		for (size_t i = 0; i < count; i++)
			if (tasks[i].pid == tasks[i].tid)
				printf("%c %d %s\n", tasks[i].pid == d->run.pid ? '*' : ' ',
				       (int)tasks[i].pid,
				       udb_run_process_stopped(&d->run, tasks[i].pid) == 1 ? "stopped" : "running");
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
	stopped = udb_run_select(&d->run, pid);
	if (stopped < 0) {
		printf("Process %d is not traced ('follow-fork on' traces new ones).\n", (int)pid);
		return;
	}
	printf("Current process: %d (%s).\n", (int)pid, stopped ? "stopped" : "running");
}

/* Starts the program stopped before its first instruction, and says where it is. */
static int start_program(struct debugger *d)
{
	struct udb_regs regs;
	char sym[256];
	int err = udb_run_start(&d->run);

	if (err)
		return err;
	printf("Started %s as process %d; it is stopped before its first instruction.\n",
	       d->run.program[0], (int)d->run.pid);
	if (udb_regs_read(d->run.u, d->run.pid, &regs) == 0) {
		if (udb_symbols_lookup(debugger_symbols(d), regs.ip, sym, sizeof(sym)) == 0)
			printf("pc %#" PRIx64 " <%s>: the entry point of the new image.\n",
			       regs.ip, sym);
		else
			printf("pc %#" PRIx64 ": the entry point of the new image.\n", regs.ip);
	}
	return 0;
}

static void cmd_run(struct debugger *d, int argc, char **argv)
{
	if (!d->run.program) {
		printf("No program: start udb as 'udb -- PROGRAM [ARGS]'.\n");
		return;
	}
	if (d->run.pid && d->run.pid != d->run.child) {
		printf("Attached to %d, which udb did not start: 'detach' first.\n",
		       (int)d->run.pid);
		return;
	}
	if (argc > 1 && udb_run_set_program(&d->run, d->run.program[0], argv + 1, argc - 1)) {
		udb_error("out of memory");
		return;
	}
	udb_run_reap(&d->run, 0);
	if (d->run.child && !d->run.child_reaped)
		printf("Killing process %d to start again.\n", (int)d->run.child);
	udb_run_kill(&d->run);
	debugger_forget_symbols(d);
	start_program(d);
}

int debugger_start_command(struct debugger *d, char **command)
{
	int n = 0;

	while (command[n + 1])
		n++;
	if (udb_run_set_program(&d->run, command[0], command + 1, n)) {
		udb_error("out of memory");
		return -ENOMEM;
	}
	return start_program(d);
}

/* --- breakpoints and catchpoints ---------------------------------------------- */

/* Records a breakpoint (id not 0) or catchpoint, with the next number; NULL when out of memory. */
static struct udb_breakpoint *bp_remember(struct debugger *d, uint32_t id, const char *where)
{
	struct udb_breakpoint *bps = realloc(d->bps, (d->nbps + 1) * sizeof(*bps)), *bp;

	if (!bps)
		return NULL;
	d->bps = bps;
	bp = &bps[d->nbps];
	memset(bp, 0, sizeof(*bp));
	bp->id = id;
	bp->where = strdup(where);
	if (!bp->where)
		return NULL;
	bp->num = ++d->last_num;
	d->nbps++;
	return bp;
}

void debugger_forget_breakpoints(struct debugger *d)
{
	for (size_t i = 0; i < d->nbps; i++)
		free(d->bps[i].where);
	free(d->bps);
	d->bps = NULL;
	d->nbps = 0;
}

uint32_t debugger_breakpoint_num(struct debugger *d, uint32_t id)
{
	for (size_t i = 0; i < d->nbps; i++)
		if (d->bps[i].id == id)
			return d->bps[i].num;
	return id;
}

struct udb_breakpoint *debugger_hwbp(struct debugger *d, uint32_t id)
{
	for (size_t i = 0; id && i < d->nbps; i++)
		if (d->bps[i].hwbp == id)
			return &d->bps[i];
	return NULL;
}

int debugger_read_value(struct debugger *d, pid_t pid, uint64_t addr, uint32_t len,
			uint64_t *value)
{
	unsigned char buf[8] = { 0 };
	ssize_t n;

	if (len > sizeof(buf))
		return -EINVAL;
	n = utracer_mem_read(d->run.u, pid, addr, buf, len);
	if (n < 0)
		return (int)n;
	if ((size_t)n < len)
		return -EFAULT;
	*value = 0;
	for (uint32_t i = len; i-- > 0;)
		*value = *value << 8 | buf[i];
	return 0;
}

/* Whether catchpoint bp catches syscall nr of ABI abi. */
static int catches(const struct udb_breakpoint *bp, enum udb_abi abi, int32_t nr)
{
	return udb_is_catchpoint(bp) &&
	       (bp->any || (nr >= 0 && utracer_syscall_set_has(&bp->sets[abi], (unsigned int)nr)));
}

struct udb_breakpoint *debugger_catch_hit(struct debugger *d, const struct utracer_event_info *ev)
{
	int entry = ev->type == UTRACER_EVENT_SYSCALL_ENTRY;
	enum udb_abi abi = udb_abi_of_arch(entry ? ev->syscall_entry.arch : ev->syscall_exit.arch);
	int32_t nr = entry ? ev->syscall_entry.nr : ev->syscall_exit.nr;
	struct udb_breakpoint *first = NULL;

	for (size_t i = 0; i < d->nbps; i++) {
		if (!catches(&d->bps[i], abi, nr))
			continue;
		d->bps[i].hits++;
		if (!first)
			first = &d->bps[i];
	}
	return first;
}

/* Tells run control the syscalls the catchpoints catch: 0, or -errno. */
static int catch_apply(struct debugger *d)
{
	struct utracer_syscall_set sets[2];
	int any = 0;

	utracer_syscall_set_zero(&sets[0]);
	utracer_syscall_set_zero(&sets[1]);
	for (size_t i = 0; i < d->nbps; i++) {
		if (!udb_is_catchpoint(&d->bps[i]))
			continue;
		any |= d->bps[i].any;
		for (int abi = 0; abi < 2; abi++)
			for (size_t w = 0; w < sizeof(sets[0].bits) / sizeof(sets[0].bits[0]); w++)
				sets[abi].bits[w] |= d->bps[i].sets[abi].bits[w];
	}
	return udb_run_set_catch(&d->run, sets, any);
}

/* Drops entry i of d->bps, keeping the others in number order. */
static void bp_forget(struct debugger *d, size_t i)
{
	free(d->bps[i].where);
	memmove(&d->bps[i], &d->bps[i + 1], (d->nbps - i - 1) * sizeof(d->bps[0]));
	d->nbps--;
}

/*
 * catch syscall [NAME|NUMBER...]: a catchpoint on those syscalls (every
 * one without an argument), named for either ABI (x86-64's or ia32's
 * table; a number stands for itself in both).
 */
static void cmd_catch(struct debugger *d, int argc, char **argv)
{
	struct udb_breakpoint cp = { .id = 0 }, *bp;
	struct strbuf what = STRBUF_INIT;
	uint64_t nr;

	if (argc < 2 || strcmp(argv[1], "syscall")) {
		if (argc >= 2)
			printf("Cannot catch '%s': only 'catch syscall' is known.\n", argv[1]);
		printf("Usage: catch syscall [NAME|NUMBER...]\n");
		return;
	}
	cp.any = argc == 2;
	sb_add(&what, cp.any ? "any syscall" : argc == 3 ? "syscall" : "syscalls");
	for (int i = 2; i < argc; i++) {
		long n64, n32;
		const char *name;

		if (udb_parse_u64(argv[i], &nr) == 0) {
			if (nr >= UTRACER_SYSCALL_SET_BITS) {
				printf("Syscall number %s is out of range (0 to %d).\n", argv[i],
				       UTRACER_SYSCALL_SET_BITS - 1);
				goto out;
			}
			n64 = n32 = (long)nr;
			name = udb_syscall_name(UDB_ABI_X86_64, n64);
		} else {
			n64 = udb_syscall_number(UDB_ABI_X86_64, argv[i]);
			n32 = udb_syscall_number(UDB_ABI_I386, argv[i]);
			name = argv[i];
			if (n64 < 0 && n32 < 0) {
				printf("Unknown syscall name '%s'.\n", argv[i]);
				goto out;
			}
			if ((n64 >= UTRACER_SYSCALL_SET_BITS || n64 < 0) &&
			    (n32 >= UTRACER_SYSCALL_SET_BITS || n32 < 0)) {
				printf("Syscall '%s' cannot be caught (its number is out of range).\n",
				       argv[i]);
				goto out;
			}
		}
		if (n64 >= 0)
			utracer_syscall_set_add(&cp.sets[UDB_ABI_X86_64], (unsigned int)n64);
		if (n32 >= 0)
			utracer_syscall_set_add(&cp.sets[UDB_ABI_I386], (unsigned int)n32);
		if (name)
			sb_addf(&what, " '%s' [%ld]", name, n64 >= 0 ? n64 : n32);
		else
			sb_addf(&what, " %ld", n64);
	}
	bp = what.buf ? bp_remember(d, 0, what.buf) : NULL;
	if (!bp) {
		udb_error("out of memory");
		goto out;
	}
	bp->any = cp.any;
	memcpy(bp->sets, cp.sets, sizeof(cp.sets));
	if (catch_apply(d)) {
		bp_forget(d, d->nbps - 1);
		d->last_num--;
		goto out;
	}
	printf("Catchpoint %u (%s)\n", bp->num, what.buf);
	if (!d->told_no_before &&
	    utracer_has_feature(d->run.u, UTRACER_FEATURE_SYSCALL_BEFORE) != 1) {
		printf("This kernel cannot stop a syscall before it runs: a catchpoint "
		       "stops once the call is over, its call and its return shown together.\n");
		d->told_no_before = 1;
	}
out:
	sb_free(&what);
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

/* Records breakpoint id set at where, and says so. */
static void bp_set(struct debugger *d, int id, const char *where)
{
	struct udb_breakpoint *bp = bp_remember(d, (uint32_t)id, where);

	if (!bp) {
		udb_error("out of memory: breakpoint %d is set, but udb forgot it", id);
		return;
	}
	printf("Breakpoint %u at %s.\n", bp->num, where);
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
		id = utracer_breakpoint_set(d->run.u, file, off);
		if (id < 0) {
			udb_error("cannot set a breakpoint at %s: %s", argv[1], utracer_strerror(id));
			return;
		}
		snprintf(where, sizeof(where), "%s, offset %#" PRIx64, file, off);
		bp_set(d, id, where);
		return;
	}
	if (need_process(d) || parse_address(d, argv[1], &addr))
		return;
	id = utracer_breakpoint_set_addr(d->run.u, d->run.pid, addr, &off);
	if (id < 0) {
		udb_error("cannot set a breakpoint at %#" PRIx64 ": %s", addr, utracer_strerror(id));
		return;
	}
	if (udb_symbols_lookup(debugger_symbols(d), addr, sym, sizeof(sym)))
		snprintf(where, sizeof(where), "%#" PRIx64 ", offset %#" PRIx64, addr, off);
	else
		snprintf(where, sizeof(where), "%#" PRIx64 " <%s>, offset %#" PRIx64, addr, sym,
			 off);
	bp_set(d, id, where);
}

/* --- hardware breakpoints and watchpoints ------------------------------------- */

/* 0 when the module has hardware breakpoints, else -1 after saying so. */
static int need_hwbp(struct debugger *d)
{
	int r = utracer_has_feature(d->run.u, UTRACER_FEATURE_HWBP);

	if (r == 1)
		return 0;
	if (r < 0)
		udb_error("cannot ask the module for its features: %s", utracer_strerror(r));
	else
		printf("This kernel's utracer module has no hardware breakpoints "
		       "(UTRACER_FEATURE_HWBP).\n");
	return -1;
}

/*
 * The address in the current process of byte off of file (where it is
 * mapped now): 0, or -1 after saying why.
 */
static int file_offset_address(struct debugger *d, const char *file, uint64_t off,
			       uint64_t *addr)
{
	char *path = realpath(file, NULL);
	struct utracer_map *maps;
	size_t count;
	int found = 0;

	if (!path) {
		printf("Cannot resolve %s: %s.\n", file, strerror(errno));
		return -1;
	}
	maps = utracer_map_list(d->run.u, d->run.pid, &count);
	if (!maps) {
		udb_error("cannot read the memory map: %s", utracer_strerror(errno));
		free(path);
		return -1;
	}
	for (size_t i = 0; i < count && !found; i++) {
		const struct utracer_map *m = &maps[i];

		if (m->path && !strcmp(m->path, path) && off >= m->offset &&
		    off - m->offset < m->end - m->start) {
			*addr = m->start + (off - m->offset);
			found = 1;
		}
	}
	if (!found)
		printf("Offset %#" PRIx64 " of %s is not mapped in process %d: a hardware "
		       "breakpoint needs an address ('break' arms a file).\n", off, path,
		       (int)d->run.pid);
	free(maps);
	free(path);
	return found ? 0 : -1;
}

/* Sets a hardware breakpoint of type in the current process: its id, or -1 after saying why. */
static int hw_set(struct debugger *d, uint64_t addr, uint32_t len, enum utracer_hwbp_type type)
{
	int id = utracer_hwbp_set(d->run.u, d->run.pid, addr, len, type);

	if (id > 0)
		return id;
	if (id == -ENOSPC)
		printf("No debug register left: x86 has 4 per thread, and process %d's threads "
		       "use them all ('delete' one first).\n", (int)d->run.pid);
	else
		udb_error("cannot set a hardware %s at %#" PRIx64 ": %s",
			  type == UTRACER_HWBP_TYPE_EXEC ? "breakpoint" : "watchpoint", addr,
			  utracer_strerror(id));
	return -1;
}

/* Records hardware breakpoint id; NULL (after saying so) when out of memory. */
static struct udb_breakpoint *hw_remember(struct debugger *d, int id, const char *where,
					  enum utracer_hwbp_type type, uint64_t addr,
					  uint32_t len)
{
	struct udb_breakpoint *bp = bp_remember(d, 0, where);

	if (!bp) {
		utracer_hwbp_remove(d->run.u, (uint32_t)id);
		udb_error("out of memory");
		return NULL;
	}
	bp->hwbp = (uint32_t)id;
	bp->hwtype = type;
	bp->addr = addr;
	bp->len = len;
	bp->pid = d->run.pid;
	return bp;
}

/* "ADDR <symbol+off>" or "ADDR" into buf. */
static void describe_address(struct debugger *d, uint64_t addr, char *buf, size_t size)
{
	char sym[256];

	if (udb_symbols_lookup(debugger_symbols(d), addr, sym, sizeof(sym)))
		snprintf(buf, size, "%#" PRIx64, addr);
	else
		snprintf(buf, size, "%#" PRIx64 " <%s>", addr, sym);
}

/*
 * watch and awatch: EXPR is an address expression (as for x); a plain
 * symbol's size is the length unless LEN is given, else 8 bytes.
 */
static void watch(struct debugger *d, int argc, char **argv, enum utracer_hwbp_type type)
{
	char where[512], at[300];
	struct udb_breakpoint *bp;
	uint64_t addr, len = 0, size = 0;
	int id;

	if (argc < 2 || argc > 3) {
		printf("Usage: %s EXPR|ADDRESS [LEN]\n", argv[0]);
		return;
	}
	if (need_process(d) || need_hwbp(d))
		return;
	if (argc == 3 && (udb_parse_u64(argv[2], &len) ||
			  (len != 1 && len != 2 && len != 4 && len != 8))) {
		printf("'%s' is not a length: the hardware watches 1, 2, 4 or 8 bytes.\n",
		       argv[2]);
		return;
	}
	if (udb_parse_u64(argv[1], &addr) && !strpbrk(argv[1], "+$") &&
	    udb_symbols_find_size(debugger_symbols(d), argv[1], &addr, &size) == 0) {
		if (!len && size != 1 && size != 2 && size != 4 && size != 8) {
			printf("'%s' is %" PRIu64 " bytes: the hardware watches 1, 2, 4 or 8; "
			       "give LEN.\n", argv[1], size);
			return;
		}
	} else if (parse_address(d, argv[1], &addr)) {
		return;
	}
	if (!len)
		len = size ? size : 8;
	if (addr % len) {
		printf("%#" PRIx64 " is not aligned to %" PRIu64 " bytes: the hardware watches "
		       "1, 2, 4 or 8 bytes at a multiple of their length.\n", addr, len);
		return;
	}
	id = hw_set(d, addr, (uint32_t)len, type);
	if (id < 0)
		return;
	describe_address(d, addr, at, sizeof(at));
	snprintf(where, sizeof(where), "%s, %" PRIu64 " byte%s", at, len, len > 1 ? "s" : "");
	bp = hw_remember(d, id, where, type, addr, (uint32_t)len);
	if (!bp)
		return;
	bp->value_ok = debugger_read_value(d, d->run.pid, addr, bp->len, &bp->value) == 0;
	printf("Hardware %swatchpoint %u: %s\n",
	       type == UTRACER_HWBP_TYPE_ACCESS ? "access (read/write) " : "", bp->num, where);
}

static void cmd_watch(struct debugger *d, int argc, char **argv)
{
	watch(d, argc, argv, UTRACER_HWBP_TYPE_WRITE);
}

static void cmd_awatch(struct debugger *d, int argc, char **argv)
{
	watch(d, argc, argv, UTRACER_HWBP_TYPE_ACCESS);
}

static void cmd_rwatch(struct debugger *d, int argc, char **argv)
{
	printf("Cannot watch reads alone: x86 debug registers watch writes, or reads and "
	       "writes together ('awatch' does that; 'watch' watches writes).\n");
}

static void cmd_hbreak(struct debugger *d, int argc, char **argv)
{
	char file[4096], where[4440], at[300];
	uint64_t addr, off;
	int id, r;

	if (argc != 2) {
		printf("Usage: hbreak ADDRESS|SYMBOL|FILE:OFFSET\n");
		return;
	}
	if (need_process(d) || need_hwbp(d))
		return;
	r = split_file_offset(argv[1], file, sizeof(file), &off);
	if (r > 0)
		return;
	if (r == 0 ? file_offset_address(d, file, off, &addr) : parse_address(d, argv[1], &addr))
		return;
	id = hw_set(d, addr, 1, UTRACER_HWBP_TYPE_EXEC);
	if (id < 0)
		return;
	describe_address(d, addr, at, sizeof(at));
	if (r == 0)
		snprintf(where, sizeof(where), "%s (%s, offset %#" PRIx64 ")", at, file, off);
	else
		snprintf(where, sizeof(where), "%s", at);
	if (hw_remember(d, id, where, UTRACER_HWBP_TYPE_EXEC, addr, 1))
		printf("Hardware assisted breakpoint %u at %s.\n", d->bps[d->nbps - 1].num, where);
}

static void cmd_delete(struct debugger *d, int argc, char **argv)
{
	uint64_t num;
	size_t i;
	int err;

	if (argc != 2 || udb_parse_u64(argv[1], &num) || !num || num > UINT32_MAX) {
		printf("Usage: delete N (a breakpoint, watchpoint or catchpoint number)\n");
		return;
	}
	for (i = 0; i < d->nbps && d->bps[i].num != num; i++)
		;
	if (i == d->nbps) {
		printf("No breakpoint %" PRIu64 ".\n", num);
		return;
	}
	if (d->bps[i].hwbp) {
		int watch = d->bps[i].hwtype != UTRACER_HWBP_TYPE_EXEC;

		err = utracer_hwbp_remove(d->run.u, d->bps[i].hwbp);
		/* ENOENT: its process is gone, and the module forgot it. */
		if (err && err != -ENOENT) {
			udb_error("cannot delete %s %" PRIu64 ": %s",
				  watch ? "watchpoint" : "hardware breakpoint", num,
				  utracer_strerror(err));
			return;
		}
		bp_forget(d, i);
		printf("Deleted %s %" PRIu64 ".\n", watch ? "watchpoint" : "hardware breakpoint",
		       num);
		return;
	}
	if (udb_is_catchpoint(&d->bps[i])) {
		struct udb_breakpoint cp = d->bps[i];

		/* Out of the list while run control is told, back in if it cannot be. */
		memmove(&d->bps[i], &d->bps[i + 1], (d->nbps - i - 1) * sizeof(d->bps[0]));
		d->nbps--;
		if (catch_apply(d)) {
			memmove(&d->bps[i + 1], &d->bps[i], (d->nbps - i) * sizeof(d->bps[0]));
			d->bps[i] = cp;
			d->nbps++;
			return;
		}
		free(cp.where);
		printf("Deleted catchpoint %" PRIu64 ".\n", num);
		return;
	}
	err = utracer_breakpoint_remove(d->run.u, d->bps[i].id);
	if (err && err != -ENOENT) {
		udb_error("cannot delete breakpoint %" PRIu64 ": %s", num, utracer_strerror(err));
		return;
	}
	bp_forget(d, i);
	printf("Deleted breakpoint %" PRIu64 ".\n", num);
}

/* gdb's word for the kind of bp, as "info breakpoints" shows it. */
static const char *bp_type(const struct udb_breakpoint *bp)
{
	if (udb_is_catchpoint(bp))
		return "catchpoint";
	if (!bp->hwbp)
		return "breakpoint";
	switch (bp->hwtype) {
	case UTRACER_HWBP_TYPE_EXEC:
		return "hw breakpoint";
	case UTRACER_HWBP_TYPE_WRITE:
		return "hw watchpoint";
	default:
		return "acc watchpoint";
	}
}

static void cmd_info(struct debugger *d, int argc, char **argv)
{
	struct utracer_breakpoint *bps;
	struct utracer_hwbp *hw = NULL;
	size_t n, nhw = 0;

	if ((argc == 2 || argc == 3) &&
	    (!strcmp(argv[1], "signals") || !strcmp(argv[1], "handle"))) {
		info_signals(d, argc, argv);
		return;
	}
	if (argc != 2 || (strcmp(argv[1], "breakpoints") && strcmp(argv[1], "break") &&
			  strcmp(argv[1], "b"))) {
		printf("Usage: info breakpoints|signals [SIGNAL]\n");
		return;
	}
	bps = utracer_breakpoint_list(d->run.u, &n);
	if (!bps) {
		udb_error("cannot list the breakpoints: %s", utracer_strerror(errno));
		return;
	}
	for (size_t i = 0; i < d->nbps && !hw; i++) {
		if (!d->bps[i].hwbp)
			continue;
		hw = utracer_hwbp_list(d->run.u, &nhw);
		if (!hw) {
			udb_error("cannot list the hardware breakpoints: %s",
				  utracer_strerror(errno));
			free(bps);
			return;
		}
	}
	if (!d->nbps)
		printf("No breakpoints, watchpoints or catchpoints.\n");
	else
		printf("Num  Type           Hits  Where\n");
	for (size_t i = 0; i < d->nbps; i++) {
		const struct udb_breakpoint *bp = &d->bps[i];
		uint64_t hits = bp->hits;
		int gone = bp->hwbp != 0;

		for (size_t j = 0; bp->id && j < n; j++)
			if (bps[j].id == bp->id)
				hits = bps[j].hits;
		for (size_t j = 0; bp->hwbp && j < nhw; j++) {
			if (hw[j].id == bp->hwbp) {
				hits = hw[j].hits;
				gone = 0;
			}
		}
		printf("%-4u %-14s %-5" PRIu64 " %s%s\n", bp->num, bp_type(bp), hits, bp->where,
		       gone ? " (its process is gone)" : "");
	}
	free(hw);
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
	    udb_regs_read(d->run.u, d->run.tid, &regs))
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
	if (udb_regs_write(d->run.u, d->run.tid, &regs) || udb_regs_read(d->run.u, d->run.tid, &regs))
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
	n = utracer_mem_write(d->run.u, d->run.pid, addr, buf, len);
	if (n < 0)
		printf("Cannot write memory at %#" PRIx64 ": %s\n", addr, utracer_strerror((int)n));
	else if ((size_t)n < len)
		printf("Wrote only %zd of %zu bytes at %#" PRIx64 ": the rest is not writable.\n",
		       n, len, addr);
	else
		printf("Wrote %zu bytes at %#" PRIx64 ".\n", len, addr);
	free(buf);
}

/* The commands that show a part of /proc/PID, as the subcommands of their names do. */
static void show(struct debugger *d, int (*print)(FILE *out, struct utracer *u, pid_t pid),
		 pid_t pid)
{
	if (!need_process(d))
		print(stdout, d->run.u, pid);
}

static void cmd_maps(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_maps, d->run.pid);
}

static void cmd_env(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_env, d->run.pid);
}

static void cmd_auxv(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_auxv, d->run.pid);
}

static void cmd_cmdline(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_cmdline, d->run.pid);
}

static void cmd_status(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_status, d->run.tid);
}

static void cmd_fds(struct debugger *d, int argc, char **argv)
{
	show(d, udb_print_fds, d->run.pid);
}

/*
 * The command set, in the order "help" lists it. A command is one row here
 * and one handler above; its entry in man/udb.1 is checked against this
 * table by tests/host/udb-commands.c.
 */
const struct debugger_command debugger_commands[] = {
	{ "help", "h", "[COMMAND]", "List the commands, or explain one.", cmd_help },
	{ "attach", NULL, "PID", "Attach to process PID and stop it.", cmd_attach },
	{ "detach", NULL, "", "Detach from the process; it runs on.", cmd_detach },
	{ "stop", NULL, "", "Stop every thread of the process (Ctrl-C does too).", cmd_stop },
	{ "continue", "c", "",
	  "Let the process run; with breakpoints or catchpoints, until it stops again.",
	  cmd_continue },
	{ "stepi", "si", "[N]",
	  "Run the current thread for N (1) instructions, the others held; show where it is.",
	  cmd_stepi },
	{ "break", "b", "ADDRESS|SYMBOL|FILE:OFFSET",
	  "Set a breakpoint: at an address or symbol of the process, or in a file.",
	  cmd_break },
	{ "catch", NULL, "syscall [NAME|NUMBER...]",
	  "Stop when the process enters one of these syscalls (any: every one),\n"
	  "    before the call runs, and again when it returns.", cmd_catch },
	{ "hbreak", NULL, "ADDRESS|SYMBOL|FILE:OFFSET",
	  "Set a hardware breakpoint (a debug register) in the process, as break does.",
	  cmd_hbreak },
	{ "watch", NULL, "EXPR|ADDRESS [LEN]",
	  "Stop after a write to LEN (1, 2, 4, 8) aligned bytes: a variable's size, or 8.",
	  cmd_watch },
	{ "awatch", NULL, "EXPR|ADDRESS [LEN]",
	  "Stop after a read or a write of those bytes (x86 watches no read alone).",
	  cmd_awatch },
	{ "rwatch", NULL, "EXPR|ADDRESS [LEN]",
	  "Refused: x86 debug registers cannot watch reads alone; use awatch.", cmd_rwatch },
	{ "delete", NULL, "N", "Delete breakpoint, watchpoint or catchpoint N.", cmd_delete },
	{ "signal", NULL, "SIGNAL",
	  "Continue, giving the program SIGNAL instead of the one it stopped at (0: none).",
	  cmd_signal },
	{ "handle", NULL, "SIGNAL... KEYWORD...",
	  "What a signal does: stop nostop print noprint pass nopass ignore noignore;\n"
	  "    SIGNAL: a name (SIGUSR1, USR1), gdb's number 1-15, or all.", cmd_handle },
	{ "info", NULL, "breakpoints|signals [SIGNAL]",
	  "List the breakpoints, watchpoints and catchpoints and their hits, or the\n"
	  "    signal table (info handle too).", cmd_info },
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

const struct debugger_command *debugger_find_command(const char *name)
{
	for (const struct debugger_command *c = debugger_commands; c->name; c++)
		if (!strcmp(c->name, name) || (c->alias && !strcmp(c->alias, name)))
			return c;
	return NULL;
}

void debugger_help(FILE *out, const char *name)
{
	const struct debugger_command *c;

	if (name) {
		c = debugger_find_command(name);
		if (!c) {
			fprintf(out, "No command '%s'. 'help' lists them.\n", name);
			return;
		}
		fprintf(out, "%s %s\n    %s\n", c->name, c->args, c->help);
		if (c->alias)
			fprintf(out, "    Also: %s\n", c->alias);
		return;
	}
	for (c = debugger_commands; c->name; c++)
		fprintf(out, "  %-12s %-18s %s\n", c->name, c->args, c->help);
}
