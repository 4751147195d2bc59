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

/*
 * The signal table (sigtable.c), as gdb's "handle" sets it: for Linux
 * signals 1 to UDB_NSIG, whether one stops the program, is printed, is
 * passed to it.
 */
#define UDB_NSIG 64
struct udb_sigtab {
	unsigned char stop[UDB_NSIG + 1], print[UDB_NSIG + 1], pass[UDB_NSIG + 1];
};

/* udb_sig_parse()'s failures (a signal is 1..UDB_NSIG, 0 the word "0"). */
#define UDB_SIG_UNKNOWN		(-1)	/* no signal's name */
#define UDB_SIG_BAD_NUMBER	(-2)	/* a number outside gdb's 1-15 */
#define UDB_SIG_NOT_LINUX	(-3)	/* gdb's SIGEMT (7): no Linux signal */

/* gdb's defaults: all stop, print, pass but these (see man/udb.1). */
void udb_sigtab_init(struct udb_sigtab *t);
/* gdb's name ("SIGUSR1", "SIG34") and description ("Real-time event 34"). */
const char *udb_sig_name(int sig);
const char *udb_sig_description(int sig);
/*
 * The Linux signal word names, as gdb reads a signal: a name with or
 * without "SIG" (any case), or gdb's numbers 1-15 (the traditional Unix
 * ones: 10 is SIGBUS), or 0; else a UDB_SIG_ failure.
 */
int udb_sig_parse(const char *word);
/* Says why word (failure err of udb_sig_parse()) names no signal, in gdb's words. */
void udb_sig_error(FILE *out, const char *word, int err);
/*
 * gdb's "handle SIGNAL... KEYWORD...": the keywords (stop, nostop, print,
 * noprint, pass, nopass, ignore, noignore, abbreviated as gdb allows) change
 * the signals named before them; all names every signal but SIGTRAP and
 * SIGINT. changed[sig] is set for the signals named. 0, or -1 (the
 * table unchanged) after saying why on out.
 */
int udb_sig_handle(struct udb_sigtab *t, int argc, char **argv,
		   unsigned char changed[UDB_NSIG + 1], FILE *out);
/* gdb's header line, one signal's row, the whole table ("info signals"). */
void udb_sig_header(FILE *out);
void udb_sig_row(FILE *out, const struct udb_sigtab *t, int sig);
void udb_sig_table(FILE *out, const struct udb_sigtab *t);
/* The header and the rows of the changed signals, in the table's order. */
void udb_sig_changed(FILE *out, const struct udb_sigtab *t, const unsigned char *changed);
/* The signals that stop (with stop) or are not passed (with nopass), bit sig - 1 each. */
uint64_t udb_sigtab_mask(const struct udb_sigtab *t, int stop, int nopass);

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
	struct udb_sigtab sigs;	/* handle: what each signal does */
	int sig_hold;		/* the module holds signals (UTRACER_FEATURE_SIGNAL_HOLD) */
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

/*
 * Where thread tid of the current process is, as a stop shows it: its pc
 * and function ("0x401136 in main ()"), then the instruction there as
 * disassemble shows it.
 */
void debugger_show_location(struct debugger *d, pid_t tid);

/* prompt.c: output between these does not garble the line being typed. */
void prompt_output_begin(struct debugger *d);
void prompt_output_end(struct debugger *d);
/*
 * After a signal: if it was Ctrl-C, stops a running process, or clears
 * the line being typed.
 */
void prompt_on_signal(struct debugger *d);
/* Whether Ctrl-C came since the command began and was not taken yet: takes it. */
int prompt_take_interrupt(struct debugger *d);
/* Before the session: Ctrl-C is caught, SIGPIPE does not kill udb. */
void prompt_begin(struct debugger *d);
/*
 * Reads and runs commands until "quit" or the end of input; on a terminal
 * with line editing and the history in ~/.udb_history.
 */
void prompt_loop(struct debugger *d);

#endif
