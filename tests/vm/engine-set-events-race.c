// SPDX-License-Identifier: GPL-2.0
/*
 * Description: concurrent SET_EVENTS of one client do not take the
 * syscall hooks from another. Client B traces the syscalls of its own
 * tracee; client A's threads switch the syscall events of A's tracee on
 * and off at the same time, thousands of times each, ending with them
 * off. After the hooks' linger time has passed, B still gets its
 * tracee's syscalls and /sys/module/utracer/parameters/syscall_hooks is
 * 1; once B has gone too, the hooks go.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "uabi.h"

#define TMO 30000
#define THREADS 8
#define ROUNDS 4000
#define PARAM "/sys/module/utracer/parameters/syscall_hooks"
#define SC_EVENTS (UTRACER_EVMASK(UTRACER_EV_SYSCALL_ENTRY) | \
		   UTRACER_EVMASK(UTRACER_EV_SYSCALL_EXIT))

static struct uabi_client a;
static pid_t a_tracee;
static int rounds = ROUNDS;

static int set_events(uint64_t mask)
{
	struct utracer_set_events s = { .size = sizeof(s), .pid = a_tracee,
					.event_mask = mask };

	return ioctl(a.cmd, UTRACER_IOC_SET_EVENTS, &s);
}

static void *toggler(void *arg)
{
	long id = (long)arg;
	int i, errors = 0;

	for (i = 0; i < rounds; i++)
		errors += set_events((i + id) % 2 ? SC_EVENTS : 0) != 0;
	return (void *)(long)errors;
}

static int hooks_on(void)
{
	size_t len;
	char *s = uabi_slurp(PARAM, &len);
	int on = s ? atoi(s) : -1;

	free(s);
	return on;
}

/* Client B: trace the syscalls of a spawner; answer "ok" when asked, if they come. */
static void client_b(int ready, int ask, int answer)
{
	char *argv[] = { (char *)uabi_prog("spawner"), NULL };
	struct uabi_client b;
	struct uabi_child ch;
	char line[64], ev[4096], x;
	int ok;

	if (uabi_register(&b) || uabi_spawn(&ch, argv) ||
	    uabi_read_line(&ch, line, sizeof(line), TMO) <= 0 ||
	    uabi_attach(&b, ch.pid, 0, SC_EVENTS, 0))
		_exit(2);
	if (write(ready, "r", 1) != 1 || read(ask, &x, 1) != 1)
		_exit(3);
	while (uabi_next_event(&b, ev, sizeof(ev), 0) > 0)
		;
	ok = write(ch.in, "getpid\n", 7) == 7 &&
	     uabi_wait_event(&b, UTRACER_EV_SYSCALL_ENTRY, ch.pid, ev, sizeof(ev), TMO) == 1;
	if (write(answer, ok ? "y" : "n", 1) != 1)
		_exit(4);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	uabi_close(&b);
	_exit(0);
}

int main(void)
{
	char *argv[] = { (char *)uabi_prog("sleeper"), "read", NULL };
	const char *scale = getenv("TEST_TIMEOUT_SCALE");
	int ready[2], ask[2], answer[2], st;
	pthread_t t[THREADS];
	long i, errors = 0;
	struct uabi_child ch;
	char line[64], x = 0;
	pid_t b;

	if (!uabi_available() || getuid() != 0)
		return SKIP;
	if (scale && atoi(scale) > 1)
		rounds /= atoi(scale);
	CHECK(pipe(ready) == 0 && pipe(ask) == 0 && pipe(answer) == 0, "pipe");
	b = fork();
	if (!b)
		client_b(ready[1], ask[0], answer[1]);
	CHECK(read(ready[0], &x, 1) == 1, "client B did not start");

	CHECK(uabi_spawn(&ch, argv) == 0, "spawn");
	CHECK(uabi_read_line(&ch, line, sizeof(line), TMO) > 0, "tracee not ready");
	a_tracee = ch.pid;
	CHECK(uabi_register(&a) == 0, "register");
	CHECK_OK(uabi_attach(&a, a_tracee, 0, 0, 0));
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, toggler, (void *)i) == 0, "thread");
	for (i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		errors += (long)r;
	}
	CHECK(errors == 0, "%ld SET_EVENTS failed", errors);
	CHECK_OK(set_events(0));
	/* Past the linger time (1 s): a stolen count has let the hooks go by now. */
	sleep(2);
	CHECK(hooks_on() == 1, "syscall hooks %d while client B wants them", hooks_on());
	CHECK(write(ask[1], "?", 1) == 1, "ask");
	CHECK(read(answer[0], &x, 1) == 1 && x == 'y', "client B got no syscall event");
	CHECK(waitpid(b, &st, 0) == b && WIFEXITED(st) && !WEXITSTATUS(st),
	      "client B failed (%d)", st);
	uabi_close(&a);
	kill(ch.pid, SIGKILL);
	uabi_reap(&ch, NULL);
	sleep(2);
	CHECK(hooks_on() == 0, "syscall hooks still registered with no user");
	return uabi_failures ? FAIL : PASS;
}
