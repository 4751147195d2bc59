// SPDX-License-Identifier: GPL-2.0
/*
 * Tracee of lib-syscall-hold: makes one syscall per command line read on
 * stdin and prints its result as "NAME RET ERRNO":
 *   mkdir PATH    mkdir(PATH, 0700), by its own syscall number
 *   open PATH     openat(AT_FDCWD, PATH, O_WRONLY | O_CREAT, 0600), closed again
 *   getppid       getppid()
 *   write N       write(1, "0123456789", N) of a line that ends in its own
 *                 newline (the test reads "write RET" after it)
 *   sleep         nanosleep() of 60 s, by its own syscall number
 *   handled       how many SIGUSR1 the handler ran
 * Prints "ready PID ALT" first: ALT is the address of a path it never
 * names itself ("/tmp/sc-hold-alt"), for a test that points an argument
 * there. SIGUSR1's handler makes a getpid() of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char alt[] = "/tmp/sc-hold-alt";
static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	syscall(SYS_getpid);
	handled++;
}

int main(void)
{
	struct sigaction sa;
	char line[256], arg[200];
	long ret;
	int n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("ready %d %p\n", (int)getpid(), (void *)alt);
	while (fgets(line, sizeof(line), stdin)) {
		errno = 0;
		if (sscanf(line, "mkdir %199s", arg) == 1) {
			ret = syscall(SYS_mkdir, arg, 0700);
			printf("mkdir %ld %d\n", ret, ret < 0 ? errno : 0);
		} else if (sscanf(line, "open %199s", arg) == 1) {
			ret = openat(AT_FDCWD, arg, O_WRONLY | O_CREAT, 0600);
			printf("open %ld %d\n", ret < 0 ? ret : 0, ret < 0 ? errno : 0);
			if (ret >= 0)
				close((int)ret);
		} else if (!strncmp(line, "getppid", 7)) {
			ret = syscall(SYS_getppid);
			printf("getppid %ld %d\n", ret, ret < 0 ? errno : 0);
		} else if (sscanf(line, "write %d", &n) == 1 && n >= 0 && n <= 10) {
			ret = write(1, "0123456789", (size_t)n);
			printf("\nwrite %ld %d\n", ret, ret < 0 ? errno : 0);
		} else if (!strncmp(line, "sleep", 5)) {
			struct timespec ts = { .tv_sec = 60 };

			ret = syscall(SYS_nanosleep, &ts, NULL);
			printf("sleep %ld %d\n", ret, ret < 0 ? errno : 0);
		} else if (!strncmp(line, "handled", 7)) {
			printf("handled %d 0\n", (int)handled);
		} else {
			printf("unknown 0 0\n");
		}
	}
	return 0;
}
