// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the debugger's command table is where its documentation
 * comes from: "help" lists every command of the table, each on one line
 * with its argument synopsis and help line; "help NAME" and "help ALIAS"
 * explain that command; an unknown name gets one line that says so; and
 * man/udb.1 has an item naming each command and each alias in its section
 * on the interactive debugger.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger.h"

static int failed;

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
	free(list);
	free(man);
	return failed;
}
