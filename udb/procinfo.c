// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * More of /proc/PID, printed: the auxiliary vector (as LD_SHOW_AUXV=1
 * shows it), the command line, the status fields and the open files; and
 * the byte strings of the debugger's "write" command.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "udb.h"

enum auxv_kind { AUXV_HEX, AUXV_DEC, AUXV_STR };

static const struct {
	uint64_t type;
	const char *name;
	enum auxv_kind kind;
} auxv_names[] = {
	{ 2, "AT_EXECFD", AUXV_DEC },
	{ 3, "AT_PHDR", AUXV_HEX },
	{ 4, "AT_PHENT", AUXV_DEC },
	{ 5, "AT_PHNUM", AUXV_DEC },
	{ 6, "AT_PAGESZ", AUXV_DEC },
	{ 7, "AT_BASE", AUXV_HEX },
	{ 8, "AT_FLAGS", AUXV_HEX },
	{ 9, "AT_ENTRY", AUXV_HEX },
	{ 10, "AT_NOTELF", AUXV_HEX },
	{ 11, "AT_UID", AUXV_DEC },
	{ 12, "AT_EUID", AUXV_DEC },
	{ 13, "AT_GID", AUXV_DEC },
	{ 14, "AT_EGID", AUXV_DEC },
	{ 15, "AT_PLATFORM", AUXV_STR },
	{ 16, "AT_HWCAP", AUXV_HEX },
	{ 17, "AT_CLKTCK", AUXV_DEC },
	{ 23, "AT_SECURE", AUXV_DEC },
	{ 24, "AT_BASE_PLATFORM", AUXV_STR },
	{ 25, "AT_RANDOM", AUXV_HEX },
	{ 26, "AT_HWCAP2", AUXV_HEX },
	{ 27, "AT_RSEQ_FEATURE_SIZE", AUXV_DEC },
	{ 28, "AT_RSEQ_ALIGN", AUXV_DEC },
	{ 31, "AT_EXECFN", AUXV_STR },
	{ 32, "AT_SYSINFO", AUXV_HEX },
	{ 33, "AT_SYSINFO_EHDR", AUXV_HEX },
	{ 51, "AT_MINSIGSTKSZ", AUXV_DEC },
};

/* A NUL-terminated string of the tracee at addr, into buf; "" when unreadable. */
static void read_string(struct utracer *u, pid_t pid, uint64_t addr, char *buf, size_t len)
{
	ssize_t n = utracer_mem_read(u, pid, addr, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
}

int udb_print_auxv(FILE *out, struct utracer *u, pid_t pid)
{
	struct utracer_auxv *v;
	char str[4096], name[32];
	size_t count;

	v = utracer_auxv_list(u, pid, &count);
	if (!v) {
		int err = -errno;

		udb_error("cannot read the auxiliary vector of %d: %s", (int)pid,
			  utracer_strerror(err));
		return err;
	}
	for (size_t i = 0; i < count; i++) {
		enum auxv_kind kind = AUXV_HEX;
		size_t k;

		snprintf(name, sizeof(name), "AT_??? (%" PRIu64 ")", v[i].type);
		for (k = 0; k < sizeof(auxv_names) / sizeof(auxv_names[0]); k++) {
			if (auxv_names[k].type == v[i].type) {
				snprintf(name, sizeof(name), "%s", auxv_names[k].name);
				kind = auxv_names[k].kind;
				break;
			}
		}
		strcat(name, ":");
		if (kind == AUXV_DEC) {
			fprintf(out, "%-22s%" PRIu64 "\n", name, v[i].value);
		} else if (kind == AUXV_STR) {
			read_string(u, pid, v[i].value, str, sizeof(str));
			fprintf(out, "%-22s%s\n", name, str);
		} else {
			fprintf(out, "%-22s%#" PRIx64 "\n", name, v[i].value);
		}
	}
	free(v);
	return 0;
}

int udb_print_cmdline(FILE *out, struct utracer *u, pid_t pid)
{
	size_t count = 0;
	char **args = utracer_cmdline_list(u, pid, &count);

	return udb_print_lines(out, args, count, "the command line", pid);
}

static const char *state_name(char state)
{
	switch (state) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk sleep";
	case 'T': return "stopped";
	case 't': return "tracing stop";
	case 'X': return "dead";
	case 'Z': return "zombie";
	case 'P': return "parked";
	case 'I': return "idle";
	}
	return "unknown";
}

int udb_print_status(FILE *out, struct utracer *u, pid_t pid)
{
	UTRACER_OPTS(utracer_task_status, st);
	int err = utracer_task_status(u, pid, &st);

	if (err) {
		udb_error("cannot read the status of %d: %s", (int)pid, utracer_strerror(err));
		return err;
	}
	/* The lines of /proc/PID/status, in its format. */
	fprintf(out, "State:\t%c (%s)\n", st.state, state_name(st.state));
	fprintf(out, "Tgid:\t%d\nPid:\t%d\nPPid:\t%d\n", (int)st.pid, (int)st.tid, (int)st.ppid);
	fprintf(out, "Uid:\t%u\t%u\t%u\t%u\n", st.uid[0], st.uid[1], st.uid[2], st.uid[3]);
	fprintf(out, "Gid:\t%u\t%u\t%u\t%u\n", st.gid[0], st.gid[1], st.gid[2], st.gid[3]);
	fprintf(out, "Threads:\t%u\n", st.threads);
	fprintf(out, "SigPnd:\t%016" PRIx64 "\nShdPnd:\t%016" PRIx64 "\n",
		st.sig_pending, st.sig_shared);
	fprintf(out, "SigBlk:\t%016" PRIx64 "\nSigIgn:\t%016" PRIx64 "\nSigCgt:\t%016" PRIx64 "\n",
		st.sig_blocked, st.sig_ignored, st.sig_caught);
	return 0;
}

int udb_print_fds(FILE *out, struct utracer *u, pid_t pid)
{
	size_t count;
	struct utracer_fd *fds = utracer_fd_list(u, pid, &count);

	if (!fds) {
		int err = -errno;

		udb_error("cannot list the files of %d: %s", (int)pid, utracer_strerror(err));
		return err;
	}
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%d %c%c flags=0%o pos=%" PRIu64 " %s\n", fds[i].fd,
			fds[i].mode & UTRACER_FD_F_READ ? 'r' : '-',
			fds[i].mode & UTRACER_FD_F_WRITE ? 'w' : '-',
			fds[i].flags, fds[i].pos, fds[i].path);
	free(fds);
	return 0;
}

/* Appends the string s (after its opening quote) to buf; returns 1 when it closed. */
static int parse_quoted(const char *s, unsigned char *buf, size_t *n, int *bad)
{
	for (; *s; s++) {
		int c = (unsigned char)*s;

		if (c == '"')
			return s[1] ? (*bad = 1, 1) : 1;
		if (c == '\\') {
			s++;
			switch (*s) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '0': c = '\0'; break;
			case '\\': c = '\\'; break;
			case '"': c = '"'; break;
			case 'x':
				if (udb_hex_digit(s[1]) < 0 || udb_hex_digit(s[2]) < 0) {
					*bad = 1;
					return 1;
				}
				c = udb_hex_digit(s[1]) * 16 + udb_hex_digit(s[2]);
				s += 2;
				break;
			default:
				*bad = 1;
				return 1;
			}
		}
		buf[(*n)++] = (unsigned char)c;
	}
	return 0;
}

unsigned char *udb_parse_bytes(int argc, char **argv, size_t *len)
{
	size_t cap = 0, n = 0;
	unsigned char *buf;
	int in_string = 0, bad = 0, i;

	for (i = 0; i < argc; i++)
		cap += strlen(argv[i]) + 1;
	buf = malloc(cap + 1);
	if (!buf)
		return NULL;
	for (i = 0; i < argc && !bad; i++) {
		const char *a = argv[i];

		if (in_string) {
			/* The line was split at a blank: put one back. */
			buf[n++] = ' ';
			in_string = !parse_quoted(a, buf, &n, &bad);
		} else if (a[0] == '"') {
			in_string = !parse_quoted(a + 1, buf, &n, &bad);
		} else {
			const char *h = strncmp(a, "0x", 2) ? a : a + 2;
			int hi = udb_hex_digit(h[0]), lo = h[1] ? udb_hex_digit(h[1]) : -2;

			if (hi < 0 || lo == -1 || (h[1] && h[2])) {
				printf("'%s' is neither a hex byte nor a \"string\".\n", a);
				free(buf);
				return NULL;
			}
			buf[n++] = (unsigned char)(lo == -2 ? hi : hi * 16 + lo);
		}
	}
	if (bad || in_string) {
		printf("%s\n", bad ? "Bad string: escapes are \\n \\t \\0 \\\\ \\\" \\xHH, and it ends "
				     "at its closing quote."
				   : "The string has no closing quote.");
		free(buf);
		return NULL;
	}
	if (!n) {
		printf("Nothing to write.\n");
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}
