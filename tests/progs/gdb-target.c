// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the gdb tests of udb gdbserver, built with -O0 -g so that
 * gdb sees every argument and local. argv[1] chooses what it does:
 *   calls   add_scaled(2, 3, 10) then add_scaled(4, 5, 10); exits with
 *           exit_code (3 unless a debugger changed it)
 *   threads two threads each call thread_work(id), joined; exits 0
 *   nonstop a spinner thread adds 1 to progress every 10 ms until ns_stop
 *           is set (by a debugger: never otherwise), a worker thread
 *           calls thread_work(1); both joined; exits 0
 *   fork [FILE]
 *           a child calls child_work(7) and exits 5; the parent reaps it,
 *           writes "child status <wait status>" to FILE (default stdout)
 *           and exits 0
 *   syscall calls getppid() once; exits 0
 *   signal  raises SIGUSR1 (handled: on_usr1 counts it); exits 0
 *   exec    executes itself in "calls" mode
 *   loop    prints its pid, then tick_once(N) prints "tick N" every 100 ms
 *           until SIGTERM
 *   fault   maps a read-only page at fault_addr, calls before_fault(),
 *           then writes to the page: SIGSEGV (SEGV_ACCERR), whose handler
 *           makes the page writable, so that the write runs again and
 *           succeeds; exits 0 when the handler ran once
 *   watch   adds 10 to watch_counter three times, then calls watch_done()
 *           with it (a read), prints "counter 30"; exits 0
 *   crash   crash_here(3) writes through a null pointer: SIGSEGV at its
 *           default action
 *   jit     copies a function that returns 42 (mov $42, %eax; ret) into an
 *           anonymous executable page at jit_code, calls before_jit(),
 *           then the copy; prints "jit N" with what it returned; exits 0
 *           when that is 42
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

long add_scaled(long a, long b, int scale);
int thread_work(int id);
int child_work(int n);
void tick_once(long n);
void before_fault(void);
void crash_here(int depth);
long watch_done(long v);
void before_jit(void);

int exit_code = 3;
long watch_counter;
char *fault_addr;
unsigned char *jit_code;
volatile int usr1_count;
volatile long progress;
volatile int ns_stop;
static volatile sig_atomic_t stop;

__attribute__((noinline)) long add_scaled(long a, long b, int scale)
{
	long sum = a + b;

	return sum * scale;
}

__attribute__((noinline)) int thread_work(int id)
{
	return id * 2;
}

static void *thread_main(void *arg)
{
	return (void *)(long)thread_work((int)(long)arg);
}

static void *spinner_main(void *arg)
{
	(void)arg;
	while (!ns_stop) {
		progress++;
		usleep(10000);
	}
	return NULL;
}

__attribute__((noinline)) int child_work(int n)
{
	return n + 1;
}

__attribute__((noinline)) void tick_once(long n)
{
	printf("tick %ld\n", n);
	fflush(stdout);
}

__attribute__((noinline)) void before_fault(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Zero, read at run time: crash_here() writes at address 0. */
static volatile unsigned long null_addr;

__attribute__((noinline)) void crash_here(int depth)
{
	*(volatile int *)null_addr = depth;
}

static volatile int segv_count;

static void on_segv(int sig)
{
	(void)sig;
	segv_count++;
	mprotect(fault_addr, 4096, PROT_READ | PROT_WRITE);
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

__attribute__((noinline)) long watch_done(long v)
{
	return v;
}

__attribute__((noinline)) void before_jit(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Code not mapped from a file: no uprobe can be set on it. */
static int run_jit(void)
{
	static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	int (*fn)(void);
	int v;

	jit_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (jit_code == MAP_FAILED)
		return 2;
	memcpy(jit_code, ret42, sizeof(ret42));
	before_jit();
	memcpy(&fn, &jit_code, sizeof(fn));
	v = fn();
	printf("jit %d\n", v);
	return v == 42 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "calls";

	if (!strcmp(mode, "calls")) {
		long r = add_scaled(2, 3, 10);

		r += add_scaled(4, 5, 10);
		printf("result %ld\n", r);
		return exit_code;
	}
	if (!strcmp(mode, "watch")) {
		for (int i = 0; i < 3; i++)
			watch_counter += 10;
		printf("counter %ld\n", watch_done(watch_counter));
		return 0;
	}
	if (!strcmp(mode, "threads")) {
		pthread_t t[2];

		for (long i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, thread_main, (void *)(i + 1));
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		return 0;
	}
	if (!strcmp(mode, "nonstop")) {
		pthread_t spin, work;

		pthread_create(&spin, NULL, spinner_main, NULL);
		pthread_create(&work, NULL, thread_main, (void *)1L);
		pthread_join(work, NULL);
		pthread_join(spin, NULL);
		return 0;
	}
	if (!strcmp(mode, "fork")) {
		int status;
		pid_t child = fork();

		if (child == 0)
			_exit(child_work(7) == 8 ? 5 : 1);
		FILE *out = argc > 2 ? fopen(argv[2], "w") : stdout;

		waitpid(child, &status, 0);
		if (!out)
			return 1;
		fprintf(out, "child status %d\n", status);
		return fclose(out) ? 1 : 0;
	}
	if (!strcmp(mode, "syscall"))
		return getppid() > 0 ? 0 : 1;
	if (!strcmp(mode, "signal")) {
		signal(SIGUSR1, on_usr1);
		raise(SIGUSR1);
		return usr1_count == 1 ? 0 : 1;
	}
	if (!strcmp(mode, "exec")) {
		execl("/proc/self/exe", argv[0], "calls", (char *)NULL);
		return 2;
	}
	if (!strcmp(mode, "loop")) {
		signal(SIGTERM, on_term);
		printf("pid %d\n", (int)getpid());
		fflush(stdout);
		for (long tick = 0; !stop; tick++) {
			tick_once(tick);
			usleep(100000);
		}
		return 0;
	}
	if (!strcmp(mode, "jit"))
		return run_jit();
	if (!strcmp(mode, "crash")) {
		crash_here(3);
		return 0;
	}
	if (!strcmp(mode, "fault")) {
		fault_addr = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (fault_addr == MAP_FAILED)
			return 2;
		signal(SIGSEGV, on_segv);
		before_fault();
		*(volatile char *)fault_addr = 1;
		return segv_count == 1 && fault_addr[0] == 1 ? 0 : 1;
	}
	return 2;
}
