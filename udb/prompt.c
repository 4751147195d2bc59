// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The debugger's prompt: GNU readline's callback interface on a terminal,
 * read(2) on a pipe or file, either polled together with the client's
 * event descriptor so that events print as they come, above the line
 * being typed; Ctrl-C; the history; completion of command names.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "debugger.h"


static struct debugger *the_debugger;	/* for readline's callback */
static volatile sig_atomic_t got_sigint;
static int took_sigint;		/* on_interrupt() took a Ctrl-C during the command */

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
void prompt_output_begin(struct debugger *d)
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

void prompt_output_end(struct debugger *d)
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

static void run_line(struct debugger *d, char *line)
{
	char *argv[16], *save = NULL, *tok;
	const struct debugger_command *c;
	int argc = 0;

	for (tok = strtok_r(line, " \t", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (!argc)
		return;
	c = debugger_find_command(argv[0]);
	if (!c) {
		printf("Unknown command '%s'. 'help' lists the commands.\n", argv[0]);
		return;
	}
	got_sigint = 0;
	took_sigint = 0;
	c->run(d, argc, argv);
	fflush(stdout);
	udb_run_pump(&d->run);
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
	while (debugger_commands[index].name) {
		const char *name = debugger_commands[index++].name;

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
	took_sigint = 1;
	if (d->run.pid && !d->run.stopped) {
		prompt_output_begin(d);
		printf("\n");
		debugger_stop(d);
		prompt_output_end(d);
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

void prompt_on_signal(struct debugger *d)
{
	if (got_sigint)
		on_interrupt(d);
}

int prompt_take_interrupt(struct debugger *d)
{
	int got = got_sigint || took_sigint;

	(void)d;
	got_sigint = 0;
	took_sigint = 0;
	return got;
}

void prompt_begin(struct debugger *d)
{
	the_debugger = d;
	udb_catch_signal(SIGINT, on_sigint, 0);
	udb_survive_sigpipe();
}

void prompt_loop(struct debugger *d)
{
	struct line_reader in = { 0 };
	int evfd = utracer_event_fd(d->run.u);
	char *histfile = NULL;

	if (d->interactive && getenv("HOME") &&
	    asprintf(&histfile, "%s/.udb_history", getenv("HOME")) > 0)
		read_history(histfile);
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
				udb_run_pump(&d->run);
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
			if (errno == EINTR)
				prompt_on_signal(d);
			continue;
		}
		if (fds[1].revents & POLLIN)
			udb_run_pump(&d->run);
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
	if (histfile) {
		write_history(histfile);
		free(histfile);
	}
}
