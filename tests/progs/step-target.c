// SPDX-License-Identifier: GPL-2.0
/*
 * A tracee for the single-step tests (x86-64). Prints
 * "<step_region> <step_end> <on_usr1> <tf_region> <tf_end> <pf_region>
 * <pf_end>" on stdout,
 * then runs one command per line of stdin:
 *   r  calls step_region: plain instructions, a call and a jump, a
 *      getpid syscall, then a kill syscall that sends itself SIGUSR1,
 *      whose handler runs at the syscall's exit; answers "ok <handled>"
 *   t  calls tf_region, which sets the trap flag itself for a few
 *      instructions, each of which raises SIGTRAP (counted by a handler);
 *      answers "ok <traps>"
 *   f  calls pf_region, which pushes the flags and answers "ok <trap flag
 *      bit of what it pushed>"
 *   p  starts a second thread, which waits in pause(); answers "ok 0"
 *   x  nothing; answers "ok 0"
 *   q  exits 0
 */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

extern char step_region[], step_end[], tf_region[], tf_end[], pf_region[], pf_end[];

__asm__(".text\n"
	".globl step_region\n"
	".type step_region, @function\n"
	"step_region:\n"
	"	push %rbx\n"
	"	nop\n"
	"	mov $1, %rax\n"
	"	add %rax, %rax\n"
	"	call step_call\n"
	"	jmp 1f\n"
	"	ud2\n"
	"1:	mov $39, %eax\n"	/* getpid */
	"	syscall\n"
	"	mov %rax, %rbx\n"
	"	mov %rax, %rdi\n"
	"	mov $10, %esi\n"	/* SIGUSR1 */
	"	mov $62, %eax\n"	/* kill */
	"	syscall\n"
	"	nop\n"
	".globl step_end\n"
	"step_end:\n"
	"	pop %rbx\n"
	"	ret\n"
	"step_call:\n"
	"	lea 1(%rax), %rax\n"
	"	ret\n"
	".globl tf_region\n"
	".type tf_region, @function\n"
	"tf_region:\n"
	"	pushf\n"
	"	orl $0x100, (%rsp)\n"
	"	popf\n"
	"	nop\n"
	"	nop\n"
	"	pushf\n"
	"	andl $~0x100, (%rsp)\n"
	"	popf\n"
	".globl tf_end\n"
	"tf_end:\n"
	"	ret\n"
	".globl pf_region\n"
	".type pf_region, @function\n"
	"pf_region:\n"
	"	nop\n"
	"	pushf\n"
	"	pop %rax\n"
	"	and $0x100, %eax\n"
	".globl pf_end\n"
	"pf_end:\n"
	"	ret\n");

static volatile sig_atomic_t handled, traps;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void on_trap(int sig)
{
	(void)sig;
	traps++;
}

static void *idle(void *arg)
{
	for (;;)
		pause();
	return arg;
}

int main(void)
{
	pthread_t th;
	struct sigaction sa;
	char line[64];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_trap;
	sigaction(SIGTRAP, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("%p %p %p %p %p %p %p\n", (void *)step_region, (void *)step_end, (void *)on_usr1,
	       (void *)tf_region, (void *)tf_end, (void *)pf_region, (void *)pf_end);
	while (fgets(line, sizeof(line), stdin)) {
		switch (line[0]) {
		case 'r':
			((void (*)(void))step_region)();
			printf("ok %d\n", (int)handled);
			break;
		case 't':
			((void (*)(void))tf_region)();
			printf("ok %d\n", (int)traps);
			break;
		case 'f':
			printf("ok %ld\n", ((long (*)(void))pf_region)());
			break;
		case 'p':
			pthread_create(&th, NULL, idle, NULL);
			printf("ok 0\n");
			break;
		case 'x':
			printf("ok 0\n");
			break;
		case 'q':
			return 0;
		}
	}
	return 0;
}
