// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the debugger's command table is where its documentation
 * comes from: "help" lists every command of the table, each on one line
 * with its argument synopsis and help line; "help NAME" and "help ALIAS"
 * explain that command; an unknown name gets one line that says so; and
 * man/udb.1 has an item naming each command and each alias in its section
 * on the interactive debugger. The signal table (handle, info signals) is
 * gdb's: its defaults, its rows' layout, its reading of signal names and
 * numbers 1-15, its keywords (stop implies print, noprint implies nostop,
 * abbreviations, all without SIGTRAP and SIGINT), and its errors, after
 * which the table is unchanged.
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger.h"

static int failed;

/* What udb_sig_handle() prints for the words of line, into *out; its return. */
static int handle(struct udb_sigtab *t, const char *line, unsigned char *changed, char **out)
{
	char buf[256], *argv[16], *tok;
	int argc = 0, ret;
	size_t len = 0;
	FILE *f = open_memstream(out, &len);

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok(buf, " "); tok && argc < 16; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	ret = udb_sig_handle(t, argc, argv, changed, f);
	fclose(f);
	return ret;
}

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		failed = 1; \
	} \
} while (0)

/* What debugger_help() prints for name (NULL: the list), malloc'ed. */
static char *help_text(const char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		perror("open_memstream");
		exit(1);
	}
	debugger_help(out, name);
	fclose(out);
	return text;
}

/*
 * The words of the item lines (the line after each .TP) of the man page's
 * section on the debugger, font escapes and quotes dropped, "\-" as "-",
 * each word between blanks: " help COMMAND , h ".
 */
static char *man_items(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], *words = calloc(1, 1);
	size_t len = 1;
	int in_section = 0, item = 0;

	if (!f || !words) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char clean[1024 * 2 + 2], *o = clean;

		if (!strncmp(line, ".SS", 3) || !strncmp(line, ".SH", 3))
			in_section = strstr(line, "interactive debugger") != NULL;
		if (!in_section)
			continue;
		if (!strncmp(line, ".TP", 3)) {
			item = 1;
			continue;
		}
		if (!item)
			continue;
		item = 0;
		*o++ = ' ';
		for (const char *p = line; *p; p++) {
			if (p[0] == '\\' && p[1] == 'f' && p[2]) {
				p += 2;
				continue;
			}
			if (p[0] == '\\' && p[1] == '-') {
				*o++ = '-';
				p++;
				continue;
			}
			*o++ = isalnum((unsigned char)*p) || *p == '-' || *p == '_' ? *p : ' ';
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
				*o++ = ' ';
		}
		*o = '\0';
		words = realloc(words, len + strlen(clean));
		if (!words)
			exit(1);
		strcat(words, clean);
		len += strlen(clean);
	}
	fclose(f);
	return words;
}

static int has_word(const char *words, const char *word)
{
	char key[128];

	snprintf(key, sizeof(key), " %s ", word);
	return strstr(words, key) != NULL;
}

static void check_signals(void)
{
	struct udb_sigtab t, before;
	unsigned char changed[UDB_NSIG + 1];
	char *out = NULL, *text = NULL;
	size_t len = 0;
	FILE *f;

	udb_sigtab_init(&t);
	/* gdb's defaults. */
	CHECK(t.stop[SIGUSR1] && t.print[SIGUSR1] && t.pass[SIGUSR1]);
	CHECK(t.stop[SIGSEGV] && t.pass[SIGSEGV]);
	CHECK(t.stop[SIGINT] && !t.pass[SIGINT] && t.stop[SIGTRAP] && !t.pass[SIGTRAP]);
	{
		static const int quiet[] = { SIGALRM, SIGURG, SIGCHLD, SIGWINCH, SIGIO,
					     SIGVTALRM, SIGPROF, 32, 33 };

		for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
			CHECK(!t.stop[quiet[i]] && !t.print[quiet[i]] && t.pass[quiet[i]]);
	}
	CHECK(t.stop[34] && t.stop[64]);
	CHECK(udb_sigtab_mask(&t, 0, 1) == (UTRACER_SIGNAL_BIT(SIGINT) | UTRACER_SIGNAL_BIT(SIGTRAP)));
	CHECK(!(udb_sigtab_mask(&t, 1, 0) & UTRACER_SIGNAL_BIT(SIGCHLD)));
	CHECK(udb_sigtab_mask(&t, 1, 0) & UTRACER_SIGNAL_BIT(SIGUSR1));

	/* Names with or without SIG, any case; gdb's numbers. */
	CHECK(udb_sig_parse("SIGUSR1") == SIGUSR1);
	CHECK(udb_sig_parse("USR1") == SIGUSR1);
	CHECK(udb_sig_parse("sigusr2") == SIGUSR2);
	CHECK(udb_sig_parse("SIGPOLL") == SIGIO);
	CHECK(udb_sig_parse("SIG34") == 34);
	CHECK(udb_sig_parse("14") == SIGALRM);
	CHECK(udb_sig_parse("10") == SIGBUS);
	CHECK(udb_sig_parse("12") == SIGSYS);
	CHECK(udb_sig_parse("0") == 0);
	CHECK(udb_sig_parse("16") == UDB_SIG_BAD_NUMBER);
	CHECK(udb_sig_parse("7") == UDB_SIG_NOT_LINUX);
	CHECK(udb_sig_parse("SIGFOO") == UDB_SIG_UNKNOWN);
	CHECK(udb_sig_parse("SIG") == UDB_SIG_UNKNOWN);
	CHECK(udb_sig_parse("10x") == UDB_SIG_UNKNOWN);

	/* gdb's row layout. */
	f = open_memstream(&text, &len);
	udb_sig_header(f);
	udb_sig_row(f, &t, SIGUSR1);
	udb_sig_row(f, &t, 40);
	fclose(f);
	CHECK(!strcmp(text, "Signal        Stop\tPrint\tPass to program\tDescription\n"
			    "SIGUSR1       Yes\tYes\tYes\t\tUser defined signal 1\n"
			    "SIG40         Yes\tYes\tYes\t\tReal-time event 40\n"));
	free(text);

	/* stop implies print; noprint implies nostop; nopass; only those named change. */
	CHECK(handle(&t, "SIGCHLD stop", changed, &out) == 0 && !*out);
	free(out);
	CHECK(t.stop[SIGCHLD] && t.print[SIGCHLD] && t.pass[SIGCHLD] && changed[SIGCHLD]);
	CHECK(!changed[SIGUSR1] && !t.stop[SIGALRM]);
	CHECK(handle(&t, "SIGUSR1 USR2 noprint nopass", changed, &out) == 0);
	free(out);
	CHECK(!t.stop[SIGUSR1] && !t.print[SIGUSR1] && !t.pass[SIGUSR1]);
	CHECK(!t.stop[SIGUSR2] && !t.print[SIGUSR2] && !t.pass[SIGUSR2]);
	CHECK(changed[SIGUSR1] && changed[SIGUSR2] && !changed[SIGCHLD]);
	/* print alone does not stop; nostop keeps print; abbreviations. */
	CHECK(handle(&t, "SIGUSR1 pr pa", changed, &out) == 0);
	free(out);
	CHECK(!t.stop[SIGUSR1] && t.print[SIGUSR1] && t.pass[SIGUSR1]);
	CHECK(handle(&t, "14 s nos ign", changed, &out) == 0);
	free(out);
	CHECK(!t.stop[SIGALRM] && t.print[SIGALRM] && !t.pass[SIGALRM]);
	/* A keyword changes the signals named before it only. */
	CHECK(handle(&t, "SIGHUP nostop SIGQUIT", changed, &out) == 0);
	free(out);
	CHECK(!t.stop[SIGHUP] && t.stop[SIGQUIT] && changed[SIGQUIT]);
	/* all: every signal but SIGTRAP and SIGINT. */
	CHECK(handle(&t, "all nopass", changed, &out) == 0);
	free(out);
	CHECK(!t.pass[SIGSEGV] && !t.pass[64] && !changed[SIGINT] && !changed[SIGTRAP]);
	CHECK(handle(&t, "all noignore", changed, &out) == 0);
	free(out);
	CHECK(t.pass[SIGSEGV] && t.pass[SIGUSR2] && !t.pass[SIGINT]);

	/* Errors: said in gdb's words, the table unchanged. */
	before = t;
	CHECK(handle(&t, "", changed, &out) == -1);
	CHECK(!strcmp(out, "Argument required (signal to handle).\n"));
	free(out);
	CHECK(handle(&t, "SIGUSR1 stop SIGFOO", changed, &out) == -1);
	CHECK(!strcmp(out, "Unrecognized or ambiguous flag word: \"SIGFOO\".\n"));
	free(out);
	CHECK(handle(&t, "SIGUSR1 bogus", changed, &out) == -1);
	CHECK(!strcmp(out, "Unrecognized or ambiguous flag word: \"bogus\".\n"));
	free(out);
	CHECK(handle(&t, "SIGUSR1 no", changed, &out) == -1);
	free(out);
	CHECK(handle(&t, "20 stop", changed, &out) == -1);
	CHECK(!strcmp(out, "Only signals 1-15 are valid as numeric signals.\n"
			   "Use \"info signals\" for a list of symbolic signals.\n"));
	free(out);
	CHECK(handle(&t, "7 stop", changed, &out) == -1);
	free(out);
	CHECK(!memcmp(&t, &before, sizeof(t)));
}

int main(void)
{
	char *list = help_text(NULL), *man = man_items(UDB_MAN_PAGE), *one;
	size_t n = 0;

	for (const struct debugger_command *c = debugger_commands; c->name; c++, n++) {
		char row[512];

		/* One row of the list, in the table's words. */
		snprintf(row, sizeof(row), "  %-12s %-18s %s\n", c->name, c->args, c->help);
		CHECK(strstr(list, row) != NULL);
		if (!strstr(list, row))
			fprintf(stderr, "  'help' lacks: %s", row);

		one = help_text(c->name);
		CHECK(!strncmp(one, c->name, strlen(c->name)) && strstr(one, c->help));
		free(one);
		if (c->alias) {
			one = help_text(c->alias);
			CHECK(!strncmp(one, c->name, strlen(c->name)) && strstr(one, "Also: "));
			free(one);
			CHECK(debugger_find_command(c->alias) == c);
		}
		CHECK(debugger_find_command(c->name) == c);
		CHECK(c->run != NULL);

		if (!has_word(man, c->name) || (c->alias && !has_word(man, c->alias))) {
			fprintf(stderr, "FAIL man/udb.1 has no item for '%s'%s%s\n", c->name,
				c->alias ? " or its alias " : "", c->alias ? c->alias : "");
			failed = 1;
		}
	}
	CHECK(n >= 20);
	CHECK(debugger_find_command("frobnicate") == NULL);
	one = help_text("frobnicate");
	CHECK(!strcmp(one, "No command 'frobnicate'. 'help' lists them.\n"));
	free(one);
	/* The page's items are real: a word it does not have is not found. */
	CHECK(!has_word(man, "frobnicate"));
	check_signals();
	free(list);
	free(man);
	return failed;
}
