// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb's command line: the subcommands and the interactive debugger.
 */
#include <stdio.h>
#include <string.h>
#include "udb.h"

static const char usage_text[] =
	"usage: udb trace [-cCfkqrTtvwxyzZ] [-a COLUMN] [-e EXPR] [-E VAR[=VAL]] [-o FILE]\n"
	"                 [-P PATH] [-s SIZE] [-S SORTBY] [-u USERNAME] [--json]\n"
	"                 [--timeline FILE]\n"
	"                 (-p PID... | -- COMMAND [ARGS...])\n"
	"       udb maps PID\n"
	"       udb env PID\n"
	"       udb mem PID ADDRESS LENGTH [-x]\n"
	"       udb regs PID|TID [--all]\n"
	"       udb exe PID\n"
	"       udb tasks PID\n"
	"       udb auxv|cmdline|status|fds PID\n"
	"       udb gdbserver [--once] [--multi] [--disable-packet=LIST]\n"
	"                     [--wrapper WRAPPER [ARGS...] --] COMM (PROG [ARGS...] | --attach PID)\n"
	"       udb [-p PID | -- COMMAND [ARGS...]]\n"
	"       udb --help | --version\n";

static const char help_text[] =
	"\n"
	"udb traces and inspects processes through the utracer kernel module.\n"
	"\n"
	"  trace     one line per syscall, as strace prints it\n"
	"            -f            follow new threads and child processes\n"
	"            -e trace=SET  only the syscalls named in SET (comma-separated)\n"
	"            -o FILE       write the trace to FILE instead of stderr\n"
	"            -s SIZE       show at most SIZE bytes of each string (32)\n"
	"            -p PID        trace a running process (Ctrl-C detaches); repeatable\n"
	"            -c, -C, -S    count calls, errors and time, as strace -c (-C: and print)\n"
	"            -T, -t, -r    time in each call, time of day, time since the last line\n"
	"            -y, -yy, -P   what descriptors are; only the calls naming PATH\n"
	"            -x, -a, -z, -Z, -q, -ff, -E, -e status=, -e signal=: as strace's\n"
	"            -e read=SET, -e write=SET  dump the data read from, written to SET\n"
	"            -v            structures unabbreviated (stat, uname, execve's envp)\n"
	"            -e abbrev=SET, -e raw=SET  abbreviate only SET; SET's arguments in hex\n"
	"            -e verbose=SET  decode structures of SET only, others as addresses\n"
	"            -k            the user stack of each syscall, as strace -k\n"
	"            -e inject=SET:error=ERRNO|:retval=N[:when=EXPR], -e fault=SET[:...]\n"
	"                          SET's calls fail or succeed without running\n"
	"            -u USERNAME   run COMMAND as USERNAME (root only)\n"
	"            --json        a JSON object per line\n"
	"            --timeline F  the trace as Chrome/Perfetto trace-event JSON in F\n"
	"            -- COMMAND    start COMMAND and trace it; udb exits with its status\n"
	"  maps      the memory map, in /proc/PID/maps's format\n"
	"  env       the environment, one NAME=value per line\n"
	"  mem       LENGTH bytes at ADDRESS, raw on stdout or a hex dump with -x\n"
	"  regs      the general registers (--all: every register set)\n"
	"  exe       the path of the executable\n"
	"  tasks     the threads and their states\n"
	"  auxv      the auxiliary vector, as LD_SHOW_AUXV=1 prints it\n"
	"  cmdline   the command-line arguments, one per line\n"
	"  status    state, ids, threads and signal sets, as /proc/PID/status\n"
	"  fds       the open file descriptors: mode, flags, position, path\n"
	"  gdbserver gdb's remote protocol on COMM (HOST:PORT, :PORT or -)\n"
	"\n"
	"Without a subcommand, udb is an interactive debugger; type 'help' there.\n"
	"See udb(1).\n";

static void usage(FILE *out)
{
	fputs(usage_text, out);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{ "trace", udb_cmd_trace },
	{ "maps", udb_cmd_maps },
	{ "env", udb_cmd_env },
	{ "mem", udb_cmd_mem },
	{ "regs", udb_cmd_regs },
	{ "exe", udb_cmd_exe },
	{ "tasks", udb_cmd_tasks },
	{ "auxv", udb_cmd_auxv },
	{ "cmdline", udb_cmd_cmdline },
	{ "status", udb_cmd_status },
	{ "fds", udb_cmd_fds },
	{ "gdbserver", udb_cmd_gdbserver },
};

int main(int argc, char **argv)
{
	pid_t pid = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
			 !strcmp(argv[1], "help"))) {
		usage(stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("udb %s (libutracer %s)\n", UDB_VERSION, utracer_library_version());
		return 0;
	}
	for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);

	/* The interactive debugger: udb [-p PID | -- COMMAND [ARGS...]] */
	if (argc == 1)
		return udb_debugger(0, NULL);
	if (!strcmp(argv[1], "-p")) {
		if (argc != 3) {
			udb_error("-p takes one process id");
			usage(stderr);
			return UDB_EXIT_USAGE;
		}
		pid = udb_parse_pid(argv[2]);
		if (pid < 0)
			return UDB_EXIT_USAGE;
		return udb_debugger(pid, NULL);
	}
	if (!strcmp(argv[1], "--")) {
		if (argc < 3) {
			udb_error("-- must be followed by a command");
			return UDB_EXIT_USAGE;
		}
		return udb_debugger(0, argv + 2);
	}
	if (argv[1][0] == '-')
		udb_error("unknown option '%s'", argv[1]);
	else
		udb_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return UDB_EXIT_USAGE;
}
