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
 * With breakpoints, watchpoints or catchpoints set, "continue" waits
 * instead until the process stops again (a breakpoint, a hardware
 * breakpoint or watchpoint, a caught syscall, Ctrl-C) or ends, or
 * another process of the session is held (a followed child at a breakpoint
 * becomes the current process), and says why, as gdb does. "stepi" runs
 * the current thread alone, one instruction a step (the module's STEP),
 * and ends early for the same reasons, or at the thread's exit. Signals are
 * handled as gdb's "handle" table says: where the module can, those that
 * stop or are not passed are held before delivery, and one that stops
 * holds the process as a breakpoint does ("Program received signal ..."),
 * until "continue" or "signal" decides what it becomes. Commands from
 * a pipe are read with read(2) and polled with the events too, so events
 * print as they come there as well.
 *
 * This file is the session: run control (runctl.c) and what the user is
 * shown of each event. The commands are in commands.c, the prompt in
 * prompt.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "debugger.h"
#include "names.h"

struct udb_symbols *debugger_symbols(struct debugger *d)
{
	if (d->syms && d->syms_pid != d->run.pid)
		debugger_forget_symbols(d);
	if (!d->syms && d->run.pid) {
		d->syms = udb_symbols_load(d->run.u, d->run.pid);
		d->syms_pid = d->run.pid;
	}
	return d->syms;
}

void debugger_forget_symbols(struct debugger *d)
{
	udb_symbols_free(d->syms);
	d->syms = NULL;
	d->syms_pid = 0;
}

static void show_event(const struct utracer_event_info *ev)
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
			      ev->stop.reason == UTRACER_STOP_REASON_STEP ? "step" :
			      "event");
		break;
	case UTRACER_EVENT_BREAKPOINT:
		printf(" %u at %#" PRIx64, ev->breakpoint.id, ev->breakpoint.addr);
		break;
	case UTRACER_EVENT_HWBP:
		printf(" %u type %u at %#" PRIx64 " len %u ip %#" PRIx64, ev->hwbp.id,
		       ev->hwbp.type, ev->hwbp.addr, ev->hwbp.len, ev->hwbp.ip);
		break;
	default:
		break;
	}
	printf("%s\n", ev->flags & UTRACER_EVENT_F_STOPPED ? " (stopped)" : "");
}

/* A watched value as a number: "5 (0x5)", sign-extended from its len bytes. */
static void print_value(const char *what, uint64_t value, uint32_t len)
{
	int64_t sval = (int64_t)value;

	if (len < 8 && (value >> (len * 8 - 1)) & 1)
		sval = (int64_t)(value | ~((UINT64_C(1) << (len * 8)) - 1));
	printf("%s = %" PRId64 " (0x%" PRIx64 ")\n", what, sval, value);
}

/*
 * The first lines of a hardware breakpoint's or watchpoint's stop (gdb's
 * words): which one, and for a watchpoint the value before and after (the
 * one read when it was set or last hit, and the one now), or the value
 * alone when an access left it as it was.
 */
static void show_hwbp(struct debugger *d, const struct utracer_event_info *ev)
{
	struct udb_breakpoint *bp = debugger_hwbp(d, ev->hwbp.id);
	uint32_t num = bp ? bp->num : ev->hwbp.id;
	uint64_t now = 0;
	int now_ok;

	if (bp)
		bp->hits++;
	if (ev->hwbp.type == UTRACER_HWBP_TYPE_EXEC) {
		printf("Hardware breakpoint %u, ", num);
		return;
	}
	now_ok = debugger_read_value(d, ev->pid, ev->hwbp.addr, ev->hwbp.len, &now) == 0;
	printf("Hardware %swatchpoint %u: %s\n\n",
	       ev->hwbp.type == UTRACER_HWBP_TYPE_ACCESS ? "access (read/write) " : "", num,
	       bp ? bp->where : "?");
	if (ev->hwbp.type == UTRACER_HWBP_TYPE_ACCESS && bp && bp->value_ok && now_ok &&
	    bp->value == now) {
		print_value("Value", now, ev->hwbp.len);
	} else {
		if (bp && bp->value_ok)
			print_value("Old value", bp->value, ev->hwbp.len);
		else
			printf("Old value = <unreadable>\n");
		if (now_ok)
			print_value("New value", now, ev->hwbp.len);
		else
			printf("New value = <unreadable>\n");
	}
	if (bp) {
		bp->value = now;
		bp->value_ok = now_ok;
	}
}

/*
 * Says where a breakpoint, a hardware breakpoint or watchpoint or a caught
 * syscall held a process, and which one (gdb's words).
 */
static void show_held(struct debugger *d, const struct utracer_event_info *ev,
		      enum udb_run_change change)
{
	struct udb_symbols *other = NULL;
	int current = change != UDB_RUN_BREAKPOINT_ELSEWHERE;
	struct udb_regs regs;
	uint64_t addr = 0;
	char sym[256];

	if (change == UDB_RUN_BREAKPOINT_SWITCHED)
		printf("[Switching to process %d, thread %d]\n", (int)ev->pid, (int)ev->tid);
	if (ev->type == UTRACER_EVENT_BREAKPOINT)
		addr = ev->breakpoint.addr;
	else if (ev->type == UTRACER_EVENT_HWBP)
		addr = ev->hwbp.ip;
	else if (ev->type == UTRACER_EVENT_SYSCALL_ENTRY)
		addr = ev->syscall_entry.ip;
	else if (udb_regs_read(d->run.u, ev->tid, &regs) == 0)
		addr = regs.ip;
	if (!current)
		other = udb_symbols_load(d->run.u, ev->pid);
	if (udb_symbols_lookup(current ? debugger_symbols(d) : other, addr, sym, sizeof(sym)))
		snprintf(sym, sizeof(sym), "??");
	udb_symbols_free(other);
	sym[strcspn(sym, "+")] = '\0';
	if (ev->type == UTRACER_EVENT_SIGNAL) {
		printf("\nProgram received signal %s, %s.\n", udb_sig_name(ev->signal.signo),
		       udb_sig_description(ev->signal.signo));
	} else if (ev->type == UTRACER_EVENT_BREAKPOINT) {
		printf("Breakpoint %u, ", debugger_breakpoint_num(d, ev->breakpoint.id));
	} else if (ev->type == UTRACER_EVENT_HWBP) {
		show_hwbp(d, ev);
	} else {
		struct udb_breakpoint *cp = debugger_catch_hit(d, ev);
		int entry = ev->type == UTRACER_EVENT_SYSCALL_ENTRY;
		int32_t nr = entry ? ev->syscall_entry.nr : ev->syscall_exit.nr;
		const char *name = udb_syscall_name(udb_abi_of_arch(entry ? ev->syscall_entry.arch :
								    ev->syscall_exit.arch), nr);

		printf("Catchpoint %u (%s syscall ", cp ? cp->num : 0,
		       entry ? "call to" : "returned from");
		if (name)
			printf("%s), ", name);
		else
			printf("%d), ", (int)nr);
	}
	printf("%#" PRIx64 " in %s ()", addr, sym);
	if (change != UDB_RUN_BREAKPOINT)
		printf(", process %d", (int)ev->pid);
	if (ev->type == UTRACER_EVENT_HWBP)
		printf(", thread %d", (int)ev->tid);
	printf("\n");
	if (!current)
		printf("(process %d is held there: 'process %d' switches to it)\n",
		       (int)ev->pid, (int)ev->pid);
}

void debugger_show_location(struct debugger *d, pid_t tid)
{
	unsigned char buf[16];
	struct udb_regs regs;
	char sym[256];
	ssize_t n;

	if (udb_regs_read(d->run.u, tid, &regs))
		return;
	if (udb_symbols_lookup(debugger_symbols(d), regs.ip, sym, sizeof(sym)))
		snprintf(sym, sizeof(sym), "??");
	sym[strcspn(sym, "+")] = '\0';
	printf("%#" PRIx64 " in %s ()\n", regs.ip, sym);
	n = utracer_mem_read(d->run.u, d->run.pid, regs.ip, buf, sizeof(buf));
	if (n > 0)
		udb_disassemble(stdout, debugger_symbols(d), regs.is_i386, regs.ip, buf,
				(size_t)n, 1);
}

/* One event, once run control has taken it in: shown as asked. */
static void on_event(struct udb_run *r, const struct utracer_event_info *ev,
		     enum udb_run_change change)
{
	struct debugger *d = (struct debugger *)((char *)r - offsetof(struct debugger, run));

	prompt_output_begin(d);
	if (d->events_on)
		show_event(ev);
	switch (ev->type) {
	case UTRACER_EVENT_SYSCALL_ENTRY:
	case UTRACER_EVENT_SYSCALL_EXIT:
		if (r->syscalls) {
			/* A caught syscall's stop is the session's, not the printer's to end. */
			struct utracer_event_info shown = *ev;

			shown.flags &= ~UTRACER_EVENT_F_STOPPED;
			tracer_event(d->tracer, &shown);
		}
		if (change != UDB_RUN_NO_CHANGE)
			show_held(d, ev, change);
		break;
	case UTRACER_EVENT_SIGNAL:
		/* A module that holds no signal: its deliveries as trace lines. */
		if (!d->sig_hold)
			tracer_event(d->tracer, ev);
		else if (change != UDB_RUN_NO_CHANGE)
			show_held(d, ev, change);
		else if (ev->signal.signo >= 1 && ev->signal.signo <= UDB_NSIG &&
			 d->sigs.print[ev->signal.signo])
			printf("\nProgram received signal %s, %s.\n",
			       udb_sig_name(ev->signal.signo),
			       udb_sig_description(ev->signal.signo));
		break;
	case UTRACER_EVENT_EXIT:
		tracer_event(d->tracer, ev);
		break;
	case UTRACER_EVENT_EXEC:
		debugger_forget_symbols(d);
		if (!d->events_on)
			printf("[%d executed %s]\n", (int)ev->pid, ev->exec.path);
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
		if (change == UDB_RUN_NEW_HELD && !d->events_on)
			printf("[%s %d is stopped before its first instruction]\n",
			       ev->tid == ev->pid ? "process" : "thread", (int)ev->tid);
		break;
	case UTRACER_EVENT_BREAKPOINT:
	case UTRACER_EVENT_HWBP:
		show_held(d, ev, change);
		break;
	case UTRACER_EVENT_DETACH:
		if (change != UDB_RUN_LOST)
			break;
		if (ev->detach.reason == UTRACER_DETACH_REASON_CRED)
			printf("[%d executed a program udb may not trace: detached]\n",
			       (int)ev->pid);
		else
			printf("[process %d is gone]\n", (int)ev->pid);
		debugger_forget_symbols(d);
		break;
	default:
		break;
	}
	prompt_output_end(d);
}

static void on_signal(struct udb_run *r)
{
	prompt_on_signal((struct debugger *)((char *)r - offsetof(struct debugger, run)));
}

int udb_debugger(pid_t pid, char **command)
{
	struct debugger d = {
		.run = { .on_event = on_event, .on_signal = on_signal },
		.interactive = isatty(STDIN_FILENO),
	};
	int ret = 0, status;

	d.run.u = udb_client_open();
	if (!d.run.u)
		return UDB_EXIT_FAILURE;
	d.tracer = tracer_new(d.run.u, stdout);
	if (!d.tracer) {
		utracer_close(d.run.u);
		return UDB_EXIT_FAILURE;
	}
	udb_sigtab_init(&d.sigs);
	d.sig_hold = utracer_has_feature(d.run.u, UTRACER_FEATURE_SIGNAL_HOLD) == 1;
	if (d.sig_hold) {
		d.run.sig_stop = udb_sigtab_mask(&d.sigs, 1, 0);
		d.run.sig_nopass = udb_sigtab_mask(&d.sigs, 0, 1);
	}
	prompt_begin(&d);
	if (pid && udb_run_attach(&d.run, pid)) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	if (command && debugger_start_command(&d, command)) {
		ret = UDB_EXIT_FAILURE;
		goto out;
	}
	if (pid)
		printf("Attached to %d; it is stopped. 'help' lists the commands.\n", (int)pid);
	else if (!command)
		printf("udb %s. 'help' lists the commands.\n", UDB_VERSION);
	prompt_loop(&d);
out:
	status = udb_run_end(&d.run);
	debugger_forget_breakpoints(&d);
	tracer_free(d.tracer);
	udb_symbols_free(d.syms);
	if (status >= 0 && !ret)
		ret = status;
	return ret;
}
