// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a tracee that receives one signal of each siginfo layout
 * and shows what its SA_SIGINFO handler got. It runs the cases named by
 * its arguments, or else one per line of stdin until EOF, and prints
 * "ok CASE HEX" after each, HEX the 128 bytes of the siginfo_t its
 * handler received (a handler that returns by siglongjmp() for faults).
 * Cases: "null" (read at NULL: SEGV_MAPERR), "unmapped" (write at 0x1000:
 * SEGV_MAPERR), "readonly" (write to a read-only page: SEGV_ACCERR),
 * "fpe" (integer division by zero), "bus" (a page past the end of a
 * file), "ill" (ud2), "trap" (int3), "queue" (sigqueue(SIGUSR1) with the
 * value 42), "queue-ptr" (sigqueue(SIGRTMIN+1) with a pointer value),
 * "timer" (a POSIX timer with SIGEV_SIGNAL, SIGALRM, value 7), "mesgq"
 * (mq_notify(SIGUSR2) with value 5, then a message), "poll" (F_SETSIG
 * SIGIO on a pipe, then a write: POLL_IN with si_band and si_fd), "sys"
 * (a seccomp filter that traps getppid(); it stays), "tkill" (raise
 * SIGUSR1), "child" (SIGCHLD of a child that exits 3, then reaped). Fatal cases print nothing: "fatal-queue" (sigqueue(SIGTERM)
 * with the value 99, no handler), "fatal-null" (read at NULL, no handler).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <mqueue.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static siginfo_t got;
static volatile sig_atomic_t arrived;
static sigjmp_buf back;
static volatile sig_atomic_t jump;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	memcpy(&got, si, sizeof(got));
	arrived = 1;
	if (jump)
		siglongjmp(back, 1);
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(sig, &sa, NULL);
}

/* Runs @fault with a handler that jumps back: 0 when the signal came. */
static int fault(int sig, void (*fn)(void))
{
	catch(sig);
	jump = 1;
	if (sigsetjmp(back, 1) == 0)
		fn();
	jump = 0;
	return arrived ? 0 : -1;
}

/* An address the compiler and the checkers cannot see is NULL. */
static volatile uintptr_t null_addr;

static void do_null(void)
{
	(void)*(volatile int *)null_addr;
}

static void do_unmapped(void)
{
	*(volatile int *)0x1000 = 1;
}

static void do_readonly(void)
{
	volatile int *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		*p = 1;
}

static void do_fpe(void)
{
	int zero = 0;

	/* In assembler: the compiler may compute 1 / x without dividing. */
	__asm__ volatile("mov $1, %%eax\n\tcltd\n\tidivl %0" : : "r"(zero) : "eax", "edx");
}

static void do_bus(void)
{
	int fd = memfd_create("siginfo-bus", 0);
	volatile char *p = fd < 0 ? MAP_FAILED :
		mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

	if (fd >= 0)
		close(fd);
	if (p != MAP_FAILED)
		(void)*p;
}

static void do_ill(void)
{
	__asm__ volatile("ud2");
}

/* Waits, signals unblocked, until the handler ran: 0, or -1 after 10 s. */
static int wait_arrival(void)
{
	for (int i = 0; i < 10000 && !arrived; i++)
		usleep(1000);
	return arrived ? 0 : -1;
}

static int do_timer(void)
{
	struct sigevent sev;
	struct itimerspec its;
	timer_t t;

	catch(SIGALRM);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	sev.sigev_value.sival_int = 7;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 1000000;
	if (timer_create(CLOCK_MONOTONIC, &sev, &t) || timer_settime(t, 0, &its, NULL))
		return -1;
	if (wait_arrival())
		return -1;
	timer_delete(t);
	return 0;
}

static int do_mesgq(void)
{
	char name[64];
	struct sigevent sev;
	mqd_t q;
	int ret;

	catch(SIGUSR2);
	snprintf(name, sizeof(name), "/utracer-siginfo-%d", (int)getpid());
	q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);
	if (q == (mqd_t)-1)
		return -1;
	mq_unlink(name);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	sev.sigev_value.sival_int = 5;
	ret = mq_notify(q, &sev) || mq_send(q, "m", 1, 0) ? -1 : wait_arrival();
	mq_close(q);
	return ret;
}

static int do_poll(void)
{
	int p[2], ret;

	catch(SIGIO);
	if (pipe(p))
		return -1;
	if (fcntl(p[0], F_SETOWN, getpid()) || fcntl(p[0], F_SETSIG, SIGIO) ||
	    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) || write(p[1], "x", 1) != 1)
		ret = -1;
	else
		ret = wait_arrival();
	close(p[0]);
	close(p[1]);
	return ret;
}

static int do_sys(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };

	catch(SIGSYS);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return -1;
	syscall(SYS_getppid);
	return arrived ? 0 : -1;
}

static int queue(int sig, union sigval v)
{
	catch(sig);
	return sigqueue(getpid(), sig, v) ? -1 : wait_arrival();
}

static int run(const char *name)
{
	union sigval v;

	arrived = 0;
	memset(&got, 0, sizeof(got));
	memset(&v, 0, sizeof(v));
	if (!strcmp(name, "null"))
		return fault(SIGSEGV, do_null);
	if (!strcmp(name, "unmapped"))
		return fault(SIGSEGV, do_unmapped);
	if (!strcmp(name, "readonly"))
		return fault(SIGSEGV, do_readonly);
	if (!strcmp(name, "fpe"))
		return fault(SIGFPE, do_fpe);
	if (!strcmp(name, "bus"))
		return fault(SIGBUS, do_bus);
	if (!strcmp(name, "ill"))
		return fault(SIGILL, do_ill);
	if (!strcmp(name, "trap")) {
		catch(SIGTRAP);
		__asm__ volatile("int3");
		return arrived ? 0 : -1;
	}
	if (!strcmp(name, "queue")) {
		v.sival_int = 42;
		return queue(SIGUSR1, v);
	}
	if (!strcmp(name, "queue-ptr")) {
		v.sival_ptr = (void *)0x5eed0000c0deUL;
		return queue(SIGRTMIN + 1, v);
	}
	if (!strcmp(name, "timer"))
		return do_timer();
	if (!strcmp(name, "mesgq"))
		return do_mesgq();
	if (!strcmp(name, "poll"))
		return do_poll();
	if (!strcmp(name, "sys"))
		return do_sys();
	if (!strcmp(name, "tkill")) {
		catch(SIGUSR1);
		raise(SIGUSR1);
		return arrived ? 0 : -1;
	}
	if (!strcmp(name, "child")) {
		pid_t pid;

		catch(SIGCHLD);
		pid = fork();
		if (pid == 0)
			_exit(3);
		if (pid < 0 || wait_arrival())
			return -1;
		return waitpid(pid, NULL, 0) == pid ? 0 : -1;
	}
	if (!strcmp(name, "fatal-queue")) {
		signal(SIGTERM, SIG_DFL);
		v.sival_int = 99;
		sigqueue(getpid(), SIGTERM, v);
		pause();
		return -1;
	}
	if (!strcmp(name, "fatal-null")) {
		signal(SIGSEGV, SIG_DFL);
		do_null();
		return -1;
	}
	errno = EINVAL;
	return -1;
}

static void one(const char *name)
{
	const unsigned char *b = (const unsigned char *)&got;

	if (run(name)) {
		printf("error %s\n", name);
	} else {
		printf("ok %s ", name);
		for (size_t i = 0; i < sizeof(got); i++)
			printf("%02x", b[i]);
		printf("\n");
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char line[128];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			one(argv[i]);
		return 0;
	}
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		one(line);
	}
	return 0;
}
