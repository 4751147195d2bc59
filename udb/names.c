// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"

/* Kernel-internal restart codes that a tracer sees but errno.h does not name. */
static const struct {
	int err;
	const char *name;
	const char *text;
} kernel_errnos[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	{ 517, "EPROBE_DEFER", "Requested probe deferral" },
	{ 518, "EOPENSTALE", "Open found a stale dentry" },
	{ 521, "EBADHANDLE", "Illegal NFS file handle" },
	{ 524, "ENOTSUPP", "Operation not supported" },
};

const char *errno_name(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].name;
	return strerrorname_np(err);
}

const char *errno_text(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].text;
	return strerror(err);
}

/* The kernel's numbering (SIGRTMIN is 32 there), not glibc's shifted one. */
static const char *const signal_names[] = {
	[1] = "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
	"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
	"SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
	"SIGIO", "SIGPWR", "SIGSYS", "SIGRTMIN",
};

static const char *const rt_signal_names[] = {
	"SIGRT_1", "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5", "SIGRT_6", "SIGRT_7",
	"SIGRT_8", "SIGRT_9", "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13", "SIGRT_14",
	"SIGRT_15", "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20",
	"SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26",
	"SIGRT_27", "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32",
};

const char *signal_name(int sig)
{
	if (sig >= 1 && sig <= 32)
		return signal_names[sig];
	if (sig > 32 && sig <= 64)
		return rt_signal_names[sig - 33];
	return NULL;
}

int signal_from_name(const char *name)
{
	char *end;
	long n = strtol(name, &end, 10);

	if (*name && !*end)
		return n >= 1 && n <= 64 ? (int)n : -1;
	for (int sig = 1; sig <= 64; sig++) {
		const char *s = signal_name(sig);

		if (!strcasecmp(s, name) || !strcasecmp(s + 3, name))
			return sig;
	}
	return -1;
}

void print_flags(struct strbuf *sb, const struct flag_name *names, uint64_t value,
		 const char *zero)
{
	int first = 1;

	if (!value) {
		sb_add(sb, zero ? zero : "0");
		return;
	}
	for (const struct flag_name *f = names; f->name; f++) {
		if (f->value && (value & f->value) == f->value) {
			sb_addf(sb, "%s%s", first ? "" : "|", f->name);
			value &= ~f->value;
			first = 0;
		}
	}
	if (value)
		sb_addf(sb, "%s%#llx", first ? "" : "|", (unsigned long long)value);
}

const char *lookup_name(const struct flag_name *names, uint64_t value)
{
	for (const struct flag_name *f = names; f->name; f++)
		if (f->value == value)
			return f->name;
	return NULL;
}

void print_enum(struct strbuf *sb, const struct flag_name *names, uint64_t value)
{
	const char *name = lookup_name(names, value);

	if (name)
		sb_add(sb, name);
	else
		sb_addf(sb, "%llu", (unsigned long long)value);
}
