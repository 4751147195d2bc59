// SPDX-License-Identifier: GPL-2.0
/*
 * Tracee of lib-signal-hold: counts the SIGUSR1 and SIGUSR2 its handlers
 * ran, and obeys one command per line read on stdin:
 *   raise SIG     kill(getpid(), SIG), then "raised SIG"
 *   block SIG     block SIG (sigprocmask), then "blocked SIG"
 *   unblock SIG   unblock it (a pending one is taken here), then "unblocked SIG"
 *   count         "usr1 N usr2 M": the handlers' counts
 *   segv          write through a null pointer (SIGSEGV at its default action)
 *   rtlog         "rt N V1 V2 ...": the values of the SIGRTMIN its handler
 *                 took, in order (at most 64)
 * Prints "ready PID" first.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2, nrt;
static int rt[64];
/* Zero, read at run time: the write faults at address 0. */
static volatile uintptr_t null_addr;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		usr1++;
	else
		usr2++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nrt < 64)
		rt[nrt] = si->si_value.sival_int;
	nrt++;
}

static void mask(int how, int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

int main(void)
{
	struct sigaction sa;
	char line[256];
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;	/* a kill while it reads stdin */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_RESTART | SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "raise %d", &sig) == 1) {
			kill(getpid(), sig);
			printf("raised %d\n", sig);
		} else if (sscanf(line, "block %d", &sig) == 1) {
			mask(SIG_BLOCK, sig);
			printf("blocked %d\n", sig);
		} else if (sscanf(line, "unblock %d", &sig) == 1) {
			mask(SIG_UNBLOCK, sig);
			printf("unblocked %d\n", sig);
		} else if (!strncmp(line, "count", 5)) {
			printf("usr1 %d usr2 %d\n", (int)usr1, (int)usr2);
		} else if (!strncmp(line, "rtlog", 5)) {
			printf("rt %d", (int)nrt);
			for (int i = 0; i < nrt && i < 64; i++)
				printf(" %d", rt[i]);
			printf("\n");
		} else if (!strncmp(line, "segv", 4)) {
			*(volatile int *)null_addr = 1;
		}
	}
	return 0;
}
