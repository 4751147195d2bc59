// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee that sleeps in a syscall: "read" (a line from
 * stdin), "nanosleep MS" or "futex MS", then prints the syscall's result,
 * so a test can tell whether a stop disturbed it (EINTR, short sleep).
 * In "read" mode it first maps 64 MiB of known contents. "spin" loops in user mode; "threads N" starts N spinning threads.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static volatile unsigned long counter;

static void *nothing(void *arg)
{
	return arg;
}

/* Create and join short-lived threads forever. */
static void *churn(void *arg)
{
	pthread_t t;

	for (;;) {
		if (pthread_create(&t, NULL, nothing, NULL) == 0)
			pthread_join(t, NULL);
		counter++;
	}
	return arg;
}

static void *spin(void *arg)
{
	for (;;)
		counter++;
	return arg;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "read";
	long ms = argc > 2 ? atol(argv[2]) : 0;
	long long start;
	char buf[256];
	ssize_t n;
	int i, r;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(mode, "undumpable")) {
		prctl(PR_SET_DUMPABLE, 0);
		mode = "read";
	}
	if (!strcmp(mode, "read")) {
		/* 64 MiB of known contents, for memory reads. */
		size_t big = 64 << 20;
		unsigned long *p = mmap(NULL, big, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		for (size_t k = 0; p != MAP_FAILED && k < big / sizeof(*p); k += 512)
			p[k] = k;
		printf("ready %d\n", getpid());
		n = read(0, buf, sizeof(buf) - 1);
		printf("read %zd %s\n", n, n < 0 ? strerror(errno) : "ok");
	} else if (!strcmp(mode, "nanosleep")) {
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

		printf("ready %d\n", getpid());
		start = now_ms();
		r = syscall(SYS_nanosleep, &ts, NULL);
		printf("nanosleep %d %d %lld\n", r, r ? errno : 0, now_ms() - start);
	} else if (!strcmp(mode, "futex")) {
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
		int word = 0;

		printf("ready %d\n", getpid());
		start = now_ms();
		r = syscall(SYS_futex, &word, FUTEX_WAIT, 0, &ts, NULL, 0);
		printf("futex %d %d %lld\n", r, r ? errno : 0, now_ms() - start);
	} else if (!strcmp(mode, "churn")) {
		pthread_t t;

		for (i = 0; i < ms; i++)
			pthread_create(&t, NULL, churn, NULL);
		printf("ready %d\n", getpid());
		n = read(0, buf, sizeof(buf));
		printf("done %zd %lu\n", n, counter);
	} else if (!strcmp(mode, "threads")) {
		pthread_t t;

		for (i = 0; i < ms; i++)
			pthread_create(&t, NULL, spin, NULL);
		printf("ready %d\n", getpid());
		n = read(0, buf, sizeof(buf));
		printf("done %zd\n", n);
	} else {
		printf("ready %d\n", getpid());
		spin(NULL);
	}
	return 0;
}
