// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb trace -y, -yy: descriptors named from /proc/PID/fd, remembered per
 * process for the ones closed before their line is printed.
 */
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "fdinfo.h"

/* AT_FDCWD: the working directory, which -y shows after "AT_FDCWD". */
#define FD_CWD -100

struct fd_name {
	pid_t pid;
	int fd;
	char *what;		/* readlink()'s text; owned */
	char *shown;		/* what -y or -yy showed of it, or NULL; owned */
	struct fd_name *next;
};

struct fd_names {
	int detail;
	struct fd_name *list;	/* owned, newest first */
};

struct fd_names *fd_names_new(int detail)
{
	struct fd_names *n = calloc(1, sizeof(*n));

	if (n)
		n->detail = detail;
	return n;
}

static void fd_name_free(struct fd_name *e)
{
	free(e->what);
	free(e->shown);
	free(e);
}

void fd_names_forget(struct fd_names *n, pid_t pid, int fd)
{
	for (struct fd_name **p = &n->list; *p;) {
		struct fd_name *e = *p;

		if (e->pid == pid && (fd < 0 || e->fd == fd)) {
			*p = e->next;
			fd_name_free(e);
		} else {
			p = &e->next;
		}
	}
}

void fd_names_free(struct fd_names *n)
{
	if (!n)
		return;
	while (n->list) {
		struct fd_name *e = n->list;

		n->list = e->next;
		fd_name_free(e);
	}
	free(n);
}

static struct fd_name *lookup(const struct fd_names *n, pid_t pid, int fd)
{
	for (struct fd_name *e = n->list; e; e = e->next)
		if (e->pid == pid && e->fd == fd)
			return e;
	return NULL;
}

/* Remembers that @fd of @pid is @what, shown as @shown (NULL: not yet shown). */
static void remember(struct fd_names *n, pid_t pid, int fd, const char *what,
		     const char *shown)
{
	struct fd_name *e = lookup(n, pid, fd);
	char *w = strdup(what), *s = shown ? strdup(shown) : NULL;

	if (!w || (shown && !s)) {
		free(w);
		free(s);
		return;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e) {
			free(w);
			free(s);
			return;
		}
		e->pid = pid;
		e->fd = fd;
		e->next = n->list;
		n->list = e;
	}
	/* What was shown stays only while the descriptor is the same thing. */
	if (s || !e->what || strcmp(e->what, w)) {
		free(e->shown);
		e->shown = s;
	}
	free(e->what);
	e->what = w;
}

/* /proc/PID/fd/FD, or /proc/PID/cwd for AT_FDCWD. */
static void fd_link(char *link, size_t size, pid_t pid, int fd)
{
	if (fd == FD_CWD)
		snprintf(link, size, "/proc/%d/cwd", (int)pid);
	else
		snprintf(link, size, "/proc/%d/fd/%d", (int)pid, fd);
}

/* What /proc/PID/fd/FD links to, in @buf; -1 when it is not open. */
static int read_fd_link(pid_t pid, int fd, char *buf, size_t size)
{
	char link[64];
	ssize_t len;

	fd_link(link, sizeof(link), pid, fd);
	len = readlink(link, buf, size - 1);
	if (len < 0)
		return -1;
	buf[len] = '\0';
	return 0;
}

void fd_names_scan(struct fd_names *n, pid_t pid)
{
	char dir[64], what[4096];
	struct dirent *d;
	DIR *dp;

	fd_names_forget(n, pid, -1);
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((d = readdir(dp))) {
		char *end;
		long fd = strtol(d->d_name, &end, 10);

		if (*end || end == d->d_name)
			continue;
		if (!read_fd_link(pid, (int)fd, what, sizeof(what)))
			remember(n, pid, (int)fd, what, NULL);
	}
	closedir(dp);
}

/* An address of /proc/net/{tcp,udp}[6] ("0100007F:0050") as "127.0.0.1:80". */
static void print_inet(struct strbuf *sb, const char *hex, int v6)
{
	unsigned int port = 0, w[4] = { 0 };
	unsigned char b[16];

	if (v6) {
		if (sscanf(hex, "%8x%8x%8x%8x:%x", &w[0], &w[1], &w[2], &w[3], &port) != 5)
			return;
	} else if (sscanf(hex, "%8x:%x", &w[0], &port) != 2) {
		return;
	}
	/* The kernel prints each 32-bit word in host order. */
	for (int i = 0; i < 4; i++)
		memcpy(b + 4 * i, &w[i], 4);
	if (!v6) {
		sb_addf(sb, "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], port);
		return;
	}
	sb_addc(sb, '[');
	if (!memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16)) {
		sb_add(sb, "::1");
	} else if (!memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16)) {
		sb_add(sb, "::");
	} else {
		for (int i = 0; i < 16; i += 2)
			sb_addf(sb, "%s%x", i ? ":" : "", (unsigned int)(b[i] << 8 | b[i + 1]));
	}
	sb_addf(sb, "]:%u", port);
}

/* -yy: "TCP:[127.0.0.1:80->...]" from /proc/PID/net/FILE; 0 when not found there. */
static int describe_inet(struct strbuf *sb, pid_t pid, const char *file, const char *proto,
			 unsigned long inode)
{
	char path[64], line[512];
	int v6 = strchr(file, '6') != NULL, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid, file);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char local[64], remote[64];
		unsigned long ino;

		if (sscanf(line, "%*s %63s %63s %*s %*s %*s %*s %*s %*s %lu", local, remote,
			   &ino) != 3 || ino != inode)
			continue;
		found = 1;
		sb_addf(sb, "%s:[", proto);
		print_inet(sb, local, v6);
		/* An unconnected socket's peer is all zeros. */
		if (strspn(remote, "0:") != strlen(remote)) {
			sb_add(sb, "->");
			print_inet(sb, remote, v6);
		}
		sb_addc(sb, ']');
	}
	fclose(f);
	return found;
}

/* -yy: "UNIX-STREAM:[N]", or "UNIX-STREAM:[N,"path"]" when bound, from /proc/PID/net/unix. */
static void describe_unix(struct strbuf *sb, pid_t pid, const char *proto,
			  unsigned long inode)
{
	char path[64], line[4096 + 128], name[4096] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/unix", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long ino;

		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu %4095s", &ino, name) >= 1 &&
		    ino == inode)
			break;
		name[0] = '\0';
	}
	if (f)
		fclose(f);
	sb_addf(sb, "%s:[%lu", proto, inode);
	if (name[0])
		sb_addf(sb, ",\"%s\"", name);
	sb_addc(sb, ']');
}

/*
 * -yy: a socket as strace shows it: its protocol (the kernel's
 * system.sockprotoname), then what /proc/PID/net knows of its addresses.
 */
static void describe_socket(struct strbuf *sb, pid_t pid, const char *link, const char *what)
{
	static const struct {
		const char *proto, *file;
	} inet[] = {
		{ "TCP", "tcp" }, { "TCPv6", "tcp6" }, { "UDP", "udp" }, { "UDPv6", "udp6" },
	};
	char proto[64];
	unsigned long inode;
	ssize_t len = getxattr(link, "system.sockprotoname", proto, sizeof(proto) - 1);

	if (len <= 0 || sscanf(what, "socket:[%lu]", &inode) != 1) {
		sb_add(sb, what);
		return;
	}
	proto[len] = '\0';
	if (!strncmp(proto, "UNIX", 4)) {
		describe_unix(sb, pid, proto, inode);
		return;
	}
	for (size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++)
		if (!strcmp(proto, inet[i].proto) &&
		    describe_inet(sb, pid, inet[i].file, proto, inode))
			return;
	sb_addf(sb, "%s:[%lu]", proto, inode);
}

int fd_names_get(struct fd_names *n, pid_t pid, int fd, char *buf, size_t size)
{
	struct fd_name *e;

	if (!read_fd_link(pid, fd, buf, size)) {
		e = lookup(n, pid, fd);
		if (fd != FD_CWD && (!e || strcmp(e->what, buf)))
			remember(n, pid, fd, buf, NULL);
		return 0;
	}
	e = lookup(n, pid, fd);
	if (!e)
		return -1;
	snprintf(buf, size, "%s", e->what);
	return 0;
}

void fd_names_describe(struct fd_names *n, pid_t pid, int fd, struct strbuf *sb)
{
	char what[4096], link[64];
	struct strbuf shown = STRBUF_INIT;
	struct fd_name *e;
	struct stat st;

	fd_link(link, sizeof(link), pid, fd);
	if (read_fd_link(pid, fd, what, sizeof(what))) {
		/* Closed before its line: as it was last seen. */
		e = lookup(n, pid, fd);
		if (e)
			sb_addf(sb, "<%s>", e->shown ? e->shown : e->what);
		return;
	}
	if (n->detail > 1 && !strncmp(what, "socket:[", 8)) {
		describe_socket(&shown, pid, link, what);
	} else {
		sb_add(&shown, what);
		if (n->detail > 1 && what[0] == '/' && !stat(link, &st) &&
		    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
			sb_addf(&shown, "<%s %u:%u>", S_ISCHR(st.st_mode) ? "char" : "block",
				major(st.st_rdev), minor(st.st_rdev));
	}
	if (fd != FD_CWD)
		remember(n, pid, fd, what, sb_str(&shown));
	sb_addf(sb, "<%s>", sb_str(&shown));
	sb_free(&shown);
}
