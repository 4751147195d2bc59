// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The debugger's signal table, as gdb's: for each Linux signal whether it
 * stops the program, is printed and is passed to the program; gdb's
 * defaults, names, descriptions and order, and its "handle" command's
 * words. Pure: the session applies the table (debugger.c, runctl.c).
 */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "debugger.h"

/* Linux signals 1-31 by number: gdb's name and description. */
static const char *const names[32][2] = {
	[1] = { "SIGHUP", "Hangup" },
	[2] = { "SIGINT", "Interrupt" },
	[3] = { "SIGQUIT", "Quit" },
	[4] = { "SIGILL", "Illegal instruction" },
	[5] = { "SIGTRAP", "Trace/breakpoint trap" },
	[6] = { "SIGABRT", "Aborted" },
	[7] = { "SIGBUS", "Bus error" },
	[8] = { "SIGFPE", "Arithmetic exception" },
	[9] = { "SIGKILL", "Killed" },
	[10] = { "SIGUSR1", "User defined signal 1" },
	[11] = { "SIGSEGV", "Segmentation fault" },
	[12] = { "SIGUSR2", "User defined signal 2" },
	[13] = { "SIGPIPE", "Broken pipe" },
	[14] = { "SIGALRM", "Alarm clock" },
	[15] = { "SIGTERM", "Terminated" },
	[16] = { "SIGSTKFLT", "Stack fault" },
	[17] = { "SIGCHLD", "Child status changed" },
	[18] = { "SIGCONT", "Continued" },
	[19] = { "SIGSTOP", "Stopped (signal)" },
	[20] = { "SIGTSTP", "Stopped (user)" },
	[21] = { "SIGTTIN", "Stopped (tty input)" },
	[22] = { "SIGTTOU", "Stopped (tty output)" },
	[23] = { "SIGURG", "Urgent I/O condition" },
	[24] = { "SIGXCPU", "CPU time limit exceeded" },
	[25] = { "SIGXFSZ", "File size limit exceeded" },
	[26] = { "SIGVTALRM", "Virtual timer expired" },
	[27] = { "SIGPROF", "Profiling timer expired" },
	[28] = { "SIGWINCH", "Window size changed" },
	[29] = { "SIGIO", "I/O possible" },
	[30] = { "SIGPWR", "Power fail/restart" },
	[31] = { "SIGSYS", "Bad system call" },
};

/* gdb's order of the rows ("info signals"), in Linux numbers; 0 ends it. */
static const unsigned char order[] = {
	1, 2, 3, 4, 5, 6, 8, 9, 7, 11, 31, 13, 14, 15, 23, 19, 20, 18, 17, 21, 22, 29,
	24, 25, 26, 27, 28, 10, 12, 30, 16,
	33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
	53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 32, 64, 0
};

/* gdb's numbers 1-15 (the traditional Unix ones) as Linux signals; 0: none on Linux (SIGEMT). */
static const unsigned char gdb_numbers[16] = {
	0, 1, 2, 3, 4, 5, 6, 0, 8, 9, 7, 11, 31, 13, 14, 15
};

const char *udb_sig_name(int sig)
{
	static char rt[33][8];

	if (sig >= 1 && sig < 32)
		return names[sig][0];
	if (sig < 32 || sig > 64)
		return "?";
	if (!rt[sig - 32][0])
		snprintf(rt[sig - 32], sizeof(rt[0]), "SIG%d", sig);
	return rt[sig - 32];
}

const char *udb_sig_description(int sig)
{
	static char rt[33][24];

	if (sig >= 1 && sig < 32)
		return names[sig][1];
	if (sig < 32 || sig > 64)
		return "Unknown signal";
	if (!rt[sig - 32][0])
		snprintf(rt[sig - 32], sizeof(rt[0]), "Real-time event %d", sig);
	return rt[sig - 32];
}

void udb_sigtab_init(struct udb_sigtab *t)
{
	static const unsigned char quiet[] = { 14, 23, 29, 26, 27, 17, 28, 32, 33 };

	for (int sig = 1; sig <= UDB_NSIG; sig++) {
		t->stop[sig] = 1;
		t->print[sig] = 1;
		t->pass[sig] = 1;
	}
	t->pass[SIGINT] = 0;
	t->pass[SIGTRAP] = 0;
	for (size_t i = 0; i < sizeof(quiet); i++) {
		t->stop[quiet[i]] = 0;
		t->print[quiet[i]] = 0;
	}
}

int udb_sig_parse(const char *word)
{
	const char *name = word;
	char *end;
	long n;

	if (isdigit((unsigned char)word[0])) {
		n = strtol(word, &end, 10);
		if (*end)
			return UDB_SIG_UNKNOWN;
		if (n == 0)
			return 0;
		if (n < 1 || n > 15)
			return UDB_SIG_BAD_NUMBER;
		return gdb_numbers[n] ? gdb_numbers[n] : UDB_SIG_NOT_LINUX;
	}
	if (!strncasecmp(word, "SIG", 3))
		name = word + 3;
	if (!*name)
		return UDB_SIG_UNKNOWN;
	for (int sig = 1; sig <= UDB_NSIG; sig++)
		if (!strcasecmp(udb_sig_name(sig) + 3, name))
			return sig;
	if (!strcasecmp(name, "POLL"))
		return 29;
	if (!strcasecmp(name, "IOT"))
		return 6;
	if (!strcasecmp(name, "EMT"))
		return UDB_SIG_NOT_LINUX;
	return UDB_SIG_UNKNOWN;
}

void udb_sig_error(FILE *out, const char *word, int err)
{
	if (err == UDB_SIG_BAD_NUMBER)
		fprintf(out, "Only signals 1-15 are valid as numeric signals.\n"
			"Use \"info signals\" for a list of symbolic signals.\n");
	else if (err == UDB_SIG_NOT_LINUX)
		fprintf(out, "\"%s\" (SIGEMT) is no Linux signal.\n", word);
	else
		fprintf(out, "Unrecognized or ambiguous flag word: \"%s\".\n", word);
}

/* gdb's keyword of the handle command that word abbreviates, or NULL. */
static const char *keyword(const char *word)
{
	/* In gdb's order, each with the length an abbreviation needs. */
	static const struct { const char *kw; size_t min; } kws[] = {
		{ "all", 1 }, { "stop", 1 }, { "ignore", 1 }, { "print", 2 }, { "pass", 2 },
		{ "nostop", 3 }, { "noignore", 3 }, { "noprint", 4 }, { "nopass", 4 },
	};
	size_t len = strlen(word);

	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (len >= kws[i].min && len <= strlen(kws[i].kw) && !strncmp(word, kws[i].kw, len))
			return kws[i].kw;
	return NULL;
}

static void set(unsigned char *col, const unsigned char *sigs, unsigned char v)
{
	for (int sig = 1; sig <= UDB_NSIG; sig++)
		if (sigs[sig])
			col[sig] = v;
}

int udb_sig_handle(struct udb_sigtab *t, int argc, char **argv,
		   unsigned char changed[UDB_NSIG + 1], FILE *out)
{
	struct udb_sigtab n = *t;
	unsigned char *sigs = changed;

	memset(sigs, 0, UDB_NSIG + 1);
	if (argc < 1) {
		fprintf(out, "Argument required (signal to handle).\n");
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		const char *kw = keyword(argv[i]);
		int sig;

		if (!kw) {
			sig = udb_sig_parse(argv[i]);
			if (sig <= 0) {
				udb_sig_error(out, argv[i], sig == 0 ? UDB_SIG_BAD_NUMBER : sig);
				return -1;
			}
			sigs[sig] = 1;
		} else if (!strcmp(kw, "all")) {
			/* gdb's "all" leaves the debugger's own SIGTRAP and SIGINT alone. */
			for (int s = 1; s <= UDB_NSIG; s++)
				sigs[s] |= s != SIGTRAP && s != SIGINT;
		} else if (!strcmp(kw, "stop")) {
			set(n.stop, sigs, 1);
			set(n.print, sigs, 1);
		} else if (!strcmp(kw, "nostop")) {
			set(n.stop, sigs, 0);
		} else if (!strcmp(kw, "print")) {
			set(n.print, sigs, 1);
		} else if (!strcmp(kw, "noprint")) {
			set(n.print, sigs, 0);
			set(n.stop, sigs, 0);
		} else if (!strcmp(kw, "pass") || !strcmp(kw, "noignore")) {
			set(n.pass, sigs, 1);
		} else {
			set(n.pass, sigs, 0);
		}
	}
	*t = n;
	return 0;
}

void udb_sig_header(FILE *out)
{
	fprintf(out, "Signal        Stop\tPrint\tPass to program\tDescription\n");
}

void udb_sig_row(FILE *out, const struct udb_sigtab *t, int sig)
{
	fprintf(out, "%-13s %s\t%s\t%s\t\t%s\n", udb_sig_name(sig), t->stop[sig] ? "Yes" : "No",
		t->print[sig] ? "Yes" : "No", t->pass[sig] ? "Yes" : "No",
		udb_sig_description(sig));
}

void udb_sig_table(FILE *out, const struct udb_sigtab *t)
{
	udb_sig_header(out);
	fprintf(out, "\n");
	for (size_t i = 0; order[i]; i++)
		udb_sig_row(out, t, order[i]);
	fprintf(out, "\nUse the \"handle\" command to change these tables.\n");
}

void udb_sig_changed(FILE *out, const struct udb_sigtab *t, const unsigned char *changed)
{
	udb_sig_header(out);
	for (size_t i = 0; order[i]; i++)
		if (changed[order[i]])
			udb_sig_row(out, t, order[i]);
}

uint64_t udb_sigtab_mask(const struct udb_sigtab *t, int stop, int nopass)
{
	uint64_t mask = 0;

	for (int sig = 1; sig <= UDB_NSIG; sig++)
		if ((stop && t->stop[sig]) || (nopass && !t->pass[sig]))
			mask |= UINT64_C(1) << (sig - 1);
	return mask;
}
