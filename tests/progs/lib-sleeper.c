// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the library's tests: prints "ready" on stdout, then blocks
 * in read() on stdin. When a line arrives it prints "got <line>" and exits
 * 0; end of file or an error is exit 1, so an EINTR it never asked for
 * shows as a failure. SIGUSR1 is handled (SA_RESTART): the handler prints
 * "usr1" and the read goes on.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	static const char msg[] = "usr1\n";
	ssize_t n = write(1, msg, sizeof(msg) - 1);

	(void)sig;
	(void)n;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	char buf[128];
	ssize_t n;

	sigaction(SIGUSR1, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
	n = read(0, buf, sizeof(buf) - 1);
	if (n <= 0) {
		printf("read: %s\n", n < 0 ? strerror(errno) : "end of file");
		return 1;
	}
	buf[n] = '\0';
	printf("got %s", buf);
	return 0;
}
