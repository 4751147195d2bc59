// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the hardware breakpoint tests. Prints
 * "<&watched> <hwbp_func> <&spare[0]>" on stdout, then runs one command
 * per line of stdin, answering "ok <value of watched>" after each:
 *   w  watched += 1, in the main thread
 *   r  reads watched (a read, no write)
 *   s  reads spare[0]
 *   f  calls hwbp_func()
 *   t  a new thread does watched += 1; joined
 *   m  eight new threads at once each do watched += 1 (atomically); joined
 *   c  2000 threads one after the other, each joined before the next,
 *      none touching watched
 *   q  exits 0
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

volatile long watched;
volatile long spare[8];
volatile long sink;

void hwbp_func(void);

__attribute__((noinline)) void hwbp_func(void)
{
	sink++;
}

static void *thread_main(void *arg)
{
	(void)arg;
	watched += 1;
	return NULL;
}

static void *thread_idle(void *arg)
{
	return arg;
}

static void *thread_atomic(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&watched, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	char line[64];
	pthread_t th;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("%p %p %p\n", (void *)&watched, (void *)hwbp_func, (void *)&spare[0]);
	while (fgets(line, sizeof(line), stdin)) {
		switch (line[0]) {
		case 'w':
			watched += 1;
			break;
		case 'r':
			sink = watched;
			break;
		case 's':
			sink = spare[0];
			break;
		case 'f':
			hwbp_func();
			break;
		case 't':
			if (pthread_create(&th, NULL, thread_main, NULL) ||
			    pthread_join(th, NULL))
				return 1;
			break;
		case 'm': {
			pthread_t ths[8];
			int i;

			for (i = 0; i < 8; i++)
				if (pthread_create(&ths[i], NULL, thread_atomic, NULL))
					return 1;
			for (i = 0; i < 8; i++)
				if (pthread_join(ths[i], NULL))
					return 1;
			break;
		}
		case 'c':
			for (int i = 0; i < 2000; i++)
				if (pthread_create(&th, NULL, thread_idle, NULL) ||
				    pthread_join(th, NULL))
					return 1;
			break;
		case 'q':
			return 0;
		default:
			return 2;
		}
		printf("ok %ld\n", watched);
	}
	return 0;
}
