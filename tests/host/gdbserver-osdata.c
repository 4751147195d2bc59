// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Description: udb gdbserver's qXfer:osdata:read documents, checked
 * against /proc: "" lists the one type given, "processes"; "processes"
 * has a row for this test with its pid, its user's name, its command line
 * (arguments joined by spaces) and the CPU it runs on, and a row for a
 * child whose arguments hold XML's special characters, escaped; a kernel
 * thread (kthreadd, pid 2) shows its name in brackets; an unknown type
 * is -ENOENT and appends nothing.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gdbserver.h"
#include "host-check.h"

/* The row of pid in doc, malloc'ed, or NULL. */
static char *row_of(const char *doc, pid_t pid)
{
	char key[64];
	const char *start, *end;

	snprintf(key, sizeof(key), "<item><column name=\"pid\">%d</column>", (int)pid);
	start = strstr(doc, key);
	if (!start)
		return NULL;
	end = strstr(start, "</item>");
	return end ? strndup(start, (size_t)(end - start)) : NULL;
}

int main(int argc, char **argv)
{
	struct strbuf doc = STRBUF_INIT;
	struct passwd *pw = getpwuid(getuid());
	char want[512], *row;
	int in[2], status;
	pid_t child;

	(void)argc;
	CHECK(gs_osdata(&doc, "") == 0, "types");
	CHECK(strstr(sb_str(&doc), "<osdata type=\"types\">") &&
	      strstr(sb_str(&doc), "<column name=\"Type\">processes</column>"),
	      "the types document: %s", sb_str(&doc));
	sb_reset(&doc);
	CHECK(gs_osdata(&doc, "threads") == -ENOENT && doc.len == 0, "an unknown type");

	/* A child blocked in sh's read, with '<', '&', '>', '"' and "'" in its arguments. */
	if (pipe(in))
		return 1;
	child = fork();
	if (child == 0) {
		dup2(in[0], 0);
		close(in[1]);
		execl("/bin/sh", "sh", "-c", "read x", "a<b&c>\"d'", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	usleep(200000);
	CHECK(gs_osdata(&doc, "processes") == 0, "processes");
	CHECK(strstr(sb_str(&doc), "<osdata type=\"processes\">") != NULL, "the type");

	row = row_of(sb_str(&doc), getpid());
	CHECK(row != NULL, "no row for this test (%d)", (int)getpid());
	snprintf(want, sizeof(want), "<column name=\"user\">%s</column><column name=\"command\">%s</column>",
		 pw ? pw->pw_name : "?", argv[0]);
	CHECK(row && strstr(row, want), "this test's row: %s, want %s", row ? row : "none", want);
	CHECK(row && !strstr(row, "<column name=\"cores\"></column>"), "no core: %s", row ? row : "none");
	free(row);

	row = row_of(sb_str(&doc), child);
	CHECK(row && strstr(row, "<column name=\"command\">sh -c read x "
			    "a&lt;b&amp;c&gt;&quot;d&apos;</column>"),
	      "the child's row: %s", row ? row : "none");
	free(row);

	row = row_of(sb_str(&doc), 2);
	CHECK(row && strstr(row, "<column name=\"command\">[kthreadd]</column>"),
	      "kthreadd's row: %s", row ? row : "none");
	free(row);

	close(in[1]);
	waitpid(child, &status, 0);
	sb_free(&doc);
	return host_verdict();
}
