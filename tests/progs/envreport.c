// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the environment a process was given, as it sees it: one line per signal
 * disposition that is not the default, its signal mask, its open file
 * descriptors, its resource limits, and its process group, session and
 * terminal's foreground group. udb-trace-env compares it untraced and traced.
 */
#include <signal.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void)
{
	sigset_t mask;
	DIR *dir;
	struct dirent *d;

	for (int sig = 1; sig < SIGRTMIN; sig++) {
		struct sigaction sa;

		if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa))
			continue;
		if (sa.sa_handler == SIG_IGN)
			printf("signal %d ignored\n", sig);
		else if (sa.sa_handler != SIG_DFL)
			printf("signal %d caught\n", sig);
	}
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("blocked:");
	for (int sig = 1; sig < SIGRTMIN; sig++)
		if (sigismember(&mask, sig))
			printf(" %d", sig);
	printf("\nfds:");
	dir = opendir("/proc/self/fd");
	while (dir && (d = readdir(dir)))
		if (d->d_name[0] != '.' && atoi(d->d_name) != dirfd(dir))
			printf(" %s", d->d_name);
	if (dir)
		closedir(dir);
	printf("\n");
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		struct rlimit rl;

		if (!getrlimit(r, &rl))
			printf("rlimit %d %llu %llu\n", r, (unsigned long long)rl.rlim_cur,
			       (unsigned long long)rl.rlim_max);
	}
	printf("pgrp %d session %d tty-pgrp %d\n", (int)getpgrp(), (int)getsid(0),
	       (int)tcgetpgrp(STDIN_FILENO));
	return 0;
}
