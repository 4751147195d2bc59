// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: qXfer:osdata:read, the documents behind gdb's "info os"
 * (gdb's osdata.dtd): a list of items, each a row of named columns. The
 * types given are "processes", as gdbserver's: a row per process of
 * /proc with its pid, its owner's name, its command line and the CPUs its
 * threads last ran on.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdbserver.h"

static void column(struct strbuf *doc, const char *name, const char *value)
{
	sb_addf(doc, "<column name=\"%s\">", name);
	gs_xml_add_escaped(doc, value);
	sb_add(doc, "</column>");
}

/* A number only (a pid of /proc): its value, else -1. */
static long pid_name(const char *s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end || errno ? -1 : v;
}

/*
 * The command line of process pid, its arguments joined by spaces, in buf;
 * a process without one (a kernel thread, a zombie) gives its name in
 * brackets, as ps(1) shows it. Empty when the process is gone.
 */
static void command_of(long pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n = -1;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n > 0) {
		while (n > 0 && !buf[n - 1])
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = '\0';
		return;
	}
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf + 1, size - 3);
	close(fd);
	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	if (buf[n] == '\n')
		n--;
	buf[0] = '[';
	buf[n + 1] = ']';
	buf[n + 2] = '\0';
}

/* The CPU a thread last ran on: field 39 of its stat; -1 if unknown. */
static int cpu_of(const char *stat_path)
{
	char buf[1024], *p;
	int fd, field, cpu = -1;
	ssize_t n;

	fd = open(stat_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* After the name in parentheses, which may hold spaces: field 3 on. */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	for (field = 2; p && field < 39; field++)
		p = strchr(p + 1, ' ');
	if (p)
		sscanf(p + 1, "%d", &cpu);
	return cpu;
}

/* "0,1": the CPUs the threads of pid last ran on, each once, in order. */
static void cores_of(long pid, char *buf, size_t size)
{
	unsigned char seen[1024] = { 0 };
	char path[96];
	struct dirent *d;
	size_t len = 0;
	DIR *dir;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		long tid = pid_name(d->d_name);
		int cpu;

		if (tid < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%ld/stat", pid, tid);
		cpu = cpu_of(path);
		if (cpu >= 0 && cpu < (int)sizeof(seen))
			seen[cpu] = 1;
	}
	closedir(dir);
	for (int cpu = 0; cpu < (int)sizeof(seen); cpu++) {
		int w;

		if (!seen[cpu])
			continue;
		w = snprintf(buf + len, size - len, "%s%d", len ? "," : "", cpu);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

static void processes(struct strbuf *doc)
{
	char command[4096], cores[256], user[64], path[64];
	struct dirent *d;
	struct stat st;
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir))) {
		long pid = pid_name(d->d_name);
		struct passwd *pw;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (stat(path, &st))
			continue;	/* gone meanwhile */
		pw = getpwuid(st.st_uid);
		if (pw)
			snprintf(user, sizeof(user), "%s", pw->pw_name);
		else
			snprintf(user, sizeof(user), "%u", (unsigned int)st.st_uid);
		command_of(pid, command, sizeof(command));
		cores_of(pid, cores, sizeof(cores));
		sb_add(doc, "<item>");
		snprintf(path, sizeof(path), "%ld", pid);
		column(doc, "pid", path);
		column(doc, "user", user);
		column(doc, "command", command);
		column(doc, "cores", cores);
		sb_add(doc, "</item>\n");
	}
	if (dir)
		closedir(dir);
}

int gs_osdata(struct strbuf *doc, const char *annex)
{
	int types = !*annex;

	if (!types && strcmp(annex, "processes"))
		return -ENOENT;
	sb_addf(doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
		"<osdata type=\"%s\">\n", types ? "types" : annex);
	if (types) {
		sb_add(doc, "<item>");
		column(doc, "Type", "processes");
		column(doc, "Description", "Listing of all processes");
		column(doc, "Title", "Processes");
		sb_add(doc, "</item>\n");
	} else {
		processes(doc);
	}
	sb_add(doc, "</osdata>\n");
	return 0;
}
