/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interactive debugger's parts: the session (debugger.c: runctl.h's
 * run control plus what the user sees of events), the command set
 * (commands.c) and the prompt (prompt.c).
 */
#ifndef UDB_DEBUGGER_H
#define UDB_DEBUGGER_H

#include <stdio.h>
#include "runctl.h"
#include "udb.h"

/*
 * A breakpoint, a hardware breakpoint or watchpoint (hbreak, watch,
 * awatch) or a catchpoint (catch syscall), numbered in one sequence as gdb
 * numbers them, and what "info breakpoints" says of it.
 */
struct udb_breakpoint {
	uint32_t num;		/* the user's number */
	uint32_t id;		/* the module's breakpoint id; 0 for the others */
	uint32_t hwbp;		/* the module's hardware breakpoint id; 0 for the others */
	char *where;		/* where it was set; a catchpoint's syscalls */
	/* A catchpoint: */
	int any;		/* every syscall */
	struct utracer_syscall_set sets[2];	/* else these, by enum udb_abi */
	uint64_t hits;		/* its stops, entries and exits (a breakpoint's: the module's) */
	/* A hardware breakpoint or watchpoint: */
	uint32_t hwtype;	/* enum utracer_hwbp_type */
	uint32_t len;		/* bytes watched */
	uint64_t addr;
	pid_t pid;		/* the process it was set in */
	uint64_t value;		/* a watchpoint's bytes when last read (little-endian) */
	int value_ok;		/* they could be read */
};

/* Whether bp is a catchpoint (neither kind of breakpoint). */
static inline int udb_is_catchpoint(const struct udb_breakpoint *bp)
{
	return !bp->id && !bp->hwbp;
}

struct debugger {
	struct udb_run run;	/* the processes and their state */
	int events_on;		/* every event is shown */
	struct tracer *tracer;	/* prints syscall, signal and exit lines */
	struct udb_symbols *syms;	/* of process syms_pid: loaded on demand, dropped at exec */
	pid_t syms_pid;
	int quit;
	int interactive;	/* stdin is a terminal: readline */
	struct udb_breakpoint *bps;	/* breakpoints and catchpoints, in number order */
	size_t nbps;
	uint32_t last_num;	/* the number of the last one set */
	int told_no_before;	/* said that syscalls are caught after they ran */
};

/* debugger.c: the current process's symbols (NULL when none or unreadable). */
struct udb_symbols *debugger_symbols(struct debugger *d);
void debugger_forget_symbols(struct debugger *d);

/* One command of the debugger: a row of the table "help" is made from. */
struct debugger_command {
	const char *name;
	const char *alias;	/* another name, or NULL */
	const char *args;	/* the synopsis of its arguments */
	const char *help;	/* one line (or two, the second indented) */
	void (*run)(struct debugger *d, int argc, char **argv);
};

/* commands.c: the table, ended by a row with no name. */
extern const struct debugger_command debugger_commands[];
/* The command called name (or by that alias), or NULL. */
const struct debugger_command *debugger_find_command(const char *name);
/* What "help" (name NULL) or "help NAME" prints. */
void debugger_help(FILE *out, const char *name);
/* "stop": stops the current process if it runs. */
void debugger_stop(struct debugger *d);
/* udb -- COMMAND: starts it as "run" does; -errno after printing why. */
int debugger_start_command(struct debugger *d, char **command);
/* Forgets the breakpoints' descriptions. */
void debugger_forget_breakpoints(struct debugger *d);
/* The user's number of the module's breakpoint id (id itself when unknown). */
uint32_t debugger_breakpoint_num(struct debugger *d, uint32_t id);
/* The hardware breakpoint or watchpoint of the module's id, or NULL. */
struct udb_breakpoint *debugger_hwbp(struct debugger *d, uint32_t id);
/*
 * Reads the len bytes at addr of process pid into *value (little-endian,
 * as a number): 0, or -errno.
 */
int debugger_read_value(struct debugger *d, pid_t pid, uint64_t addr, uint32_t len,
			uint64_t *value);
/*
 * The catchpoints that catch the syscall of entry or exit event ev: each
 * one's hits counted, the first one returned (NULL when none).
 */
struct udb_breakpoint *debugger_catch_hit(struct debugger *d, const struct utracer_event_info *ev);

/* prompt.c: output between these does not garble the line being typed. */
void prompt_output_begin(struct debugger *d);
void prompt_output_end(struct debugger *d);
/*
 * After a signal: if it was Ctrl-C, stops a running process, or clears
 * the line being typed.
 */
void prompt_on_signal(struct debugger *d);
/* Before the session: Ctrl-C is caught, SIGPIPE does not kill udb. */
void prompt_begin(struct debugger *d);
/*
 * Reads and runs commands until "quit" or the end of input; on a terminal
 * with line editing and the history in ~/.udb_history.
 */
void prompt_loop(struct debugger *d);

#endif
