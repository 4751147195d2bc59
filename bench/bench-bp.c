// SPDX-License-Identifier: GPL-2.0
/*
 * bench-bp: B6, the breakpoint round trip: a thread hits a breakpoint, the
 * debugger is told, the thread goes on past it.
 *
 *   bench-bp ROUNDS
 *
 * A child calls bp_func() in a loop; each call adds one to a counter in
 * shared memory. After a first hit (not timed), ROUNDS rounds each:
 *   utracer: utracer_run(), then the BREAKPOINT event of the next hit and
 *            its STOP (the breakpoint is a uprobe in the module; it stays
 *            armed);
 *   ptrace:  the classic int3 cycle done by hand: rip back by one, the
 *            original byte back, PTRACE_SINGLESTEP and waitpid(), int3
 *            again, PTRACE_CONT, waitpid() for the next SIGTRAP.
 * Only the rounds are timed: attaching, setting the breakpoint and taking
 * it away are not. Prints
 *	result bp method=M rounds=N ns=T us_per_round=X
 * and checks, for each method, that every round is exactly one hit at
 * bp_func (utracer: the event's address and, at the first and last hit,
 * the stopped thread's rip; ptrace: rip - 1 at every hit and a single step
 * that left the function's entry), that the child made exactly ROUNDS calls
 * between the first hit and the last (hits == calls), and that it calls on
 * once the breakpoint is gone and the tracer has let go.
 */
#include <elf.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utracer.h>
#include "bench.h"

/* Timeout of every wait for an event, in ms: nothing here is slow. */
#define BP_WAIT_MS 20000

static volatile uint64_t *counter;

/* The function the breakpoint is at: one call, one count. */
__attribute__((noinline)) void bp_func(volatile uint64_t *c);
__attribute__((noinline)) void bp_func(volatile uint64_t *c)
{
	(*c)++;
	__asm__ volatile("" ::: "memory");
}

/*
 * Called through a volatile pointer, so that every call goes to the
 * address taken here and the compiler can neither inline nor clone it.
 */
static void (*volatile bp_call)(volatile uint64_t *c) = bp_func;

static uint64_t bp_addr(void)
{
	return (uint64_t)(uintptr_t)bp_func;
}

/* The child's loop: one call of bp_func() at a time. */
static void caller_body(volatile uint64_t *c)
{
	bp_call(c);
}

/* One hit: its BREAKPOINT event at bp_func, then its STOP. */
static void utracer_hit(struct utracer *u, pid_t pid, int id, long round)
{
	struct utracer_event_info ev;
	int err;

	err = utracer_event_wait(u, &ev, BP_WAIT_MS);
	if (err < 0)
		bench_fail("utracer", "round %ld: waiting for the hit: %s", round,
			   utracer_strerror(err));
	if (ev.type != UTRACER_EVENT_BREAKPOINT || ev.tid != pid)
		bench_fail("utracer", "round %ld: event %u of %d, not a breakpoint of %d",
			   round, ev.type, ev.tid, pid);
	if (!(ev.flags & UTRACER_EVENT_F_STOPPED) || ev.breakpoint.id != (uint32_t)id ||
	    ev.breakpoint.addr != bp_addr())
		bench_fail("utracer", "round %ld: breakpoint %u at 0x%llx flags 0x%x, expected %d at 0x%llx",
			   round, ev.breakpoint.id, (unsigned long long)ev.breakpoint.addr,
			   ev.flags, id, (unsigned long long)bp_addr());
	err = utracer_event_wait(u, &ev, BP_WAIT_MS);
	if (err < 0)
		bench_fail("utracer", "round %ld: waiting for the stop: %s", round,
			   utracer_strerror(err));
	if (ev.type != UTRACER_EVENT_STOP || ev.tid != pid ||
	    ev.stop.reason != UTRACER_STOP_REASON_BREAKPOINT)
		bench_fail("utracer", "round %ld: event %u of %d (stop reason %u), not the breakpoint's stop",
			   round, ev.type, ev.tid, ev.stop.reason);
}

/* The stopped thread's rip must be bp_func. */
static void utracer_check_rip(struct utracer *u, pid_t pid, const char *when)
{
	struct user_regs_struct regs;
	ssize_t n;

	memset(&regs, 0, sizeof(regs));
	n = utracer_regset_read(u, pid, NT_PRSTATUS, &regs, sizeof(regs));
	if (n != (ssize_t)sizeof(regs))
		bench_fail("utracer", "%s: reading the registers: %s", when,
			   n < 0 ? utracer_strerror((int)n) : "short");
	if (regs.rip != bp_addr())
		bench_fail("utracer", "%s: stopped at rip 0x%llx, not at 0x%llx", when,
			   (unsigned long long)regs.rip, (unsigned long long)bp_addr());
}

static uint64_t bp_utracer(pid_t pid, long rounds)
{
	uint64_t t0, t1, first;
	struct utracer *u;
	long r;
	int id, err;

	u = utracer_open(NULL);
	if (!u)
		bench_fail("utracer", "open: %s", utracer_strerror(errno));
	err = utracer_attach(u, pid, NULL);
	if (err < 0)
		bench_fail("utracer", "attach: %s", utracer_strerror(err));
	id = utracer_breakpoint_set_addr(u, pid, bp_addr(), NULL);
	if (id < 0)
		bench_fail("utracer", "breakpoint at 0x%llx: %s",
			   (unsigned long long)bp_addr(), utracer_strerror(id));
	utracer_hit(u, pid, id, 0);
	utracer_check_rip(u, pid, "first hit");
	first = *counter;

	t0 = bench_now_ns();
	for (r = 1; r <= rounds; r++) {
		err = utracer_run(u, pid, 0);
		if (err < 0)
			bench_fail("utracer", "round %ld: run: %s", r, utracer_strerror(err));
		utracer_hit(u, pid, id, r);
	}
	t1 = bench_now_ns();

	utracer_check_rip(u, pid, "last hit");
	if (*counter - first != (uint64_t)rounds)
		bench_fail("utracer", "%ld hits but %llu calls", rounds,
			   (unsigned long long)(*counter - first));
	err = utracer_breakpoint_remove(u, (uint32_t)id);
	if (!err)
		err = utracer_run(u, pid, 0);
	if (!err)
		err = utracer_detach(u, pid, 0);
	if (err < 0)
		bench_fail("utracer", "letting go: %s", utracer_strerror(err));
	utracer_close(u);
	return t1 - t0;
}

/* waitpid() for a SIGTRAP stop of pid; its registers into regs. */
static void ptrace_trap(pid_t pid, struct user_regs_struct *regs, long round,
			const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		bench_fail("ptrace", "round %ld: %s: waitpid: %s", round, what, strerror(errno));
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP || status >> 16)
		bench_fail("ptrace", "round %ld: %s: status 0x%x, not a SIGTRAP stop", round,
			   what, status);
	if (ptrace(PTRACE_GETREGS, pid, 0, regs))
		bench_fail("ptrace", "round %ld: %s: GETREGS: %s", round, what, strerror(errno));
}

/* The word at bp_func with its first byte replaced by byte. */
static void ptrace_poke(pid_t pid, long word, unsigned char byte, long round)
{
	word = (long)(((unsigned long)word & ~0xffUL) | byte);
	if (ptrace(PTRACE_POKETEXT, pid, (void *)(uintptr_t)bp_addr(), (void *)word))
		bench_fail("ptrace", "round %ld: POKETEXT: %s", round, strerror(errno));
}

/*
 * pid is in its SIGTRAP stop after the int3 at bp_func: rip back onto the
 * function, step its first instruction with the original byte, int3 back.
 */
static void ptrace_step_over(pid_t pid, long orig, struct user_regs_struct *regs, long round)
{
	regs->rip = bp_addr();
	if (ptrace(PTRACE_SETREGS, pid, 0, regs))
		bench_fail("ptrace", "round %ld: SETREGS: %s", round, strerror(errno));
	ptrace_poke(pid, orig, (unsigned char)orig, round);
	if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0))
		bench_fail("ptrace", "round %ld: SINGLESTEP: %s", round, strerror(errno));
	ptrace_trap(pid, regs, round, "single step");
	if (regs->rip == bp_addr())
		bench_fail("ptrace", "round %ld: the single step stayed at 0x%llx", round,
			   (unsigned long long)regs->rip);
	ptrace_poke(pid, orig, 0xcc, round);
}

static uint64_t bp_ptrace(pid_t pid, long rounds)
{
	struct user_regs_struct regs;
	uint64_t t0, t1, first;
	int status;
	long orig, r;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) || ptrace(PTRACE_INTERRUPT, pid, 0, 0) ||
	    waitpid(pid, &status, 0) != pid)
		bench_fail("ptrace", "attach: %s", strerror(errno));
	if (!WIFSTOPPED(status) || status >> 16 != PTRACE_EVENT_STOP)
		bench_fail("ptrace", "attach: status 0x%x", status);
	errno = 0;
	orig = ptrace(PTRACE_PEEKTEXT, pid, (void *)(uintptr_t)bp_addr(), 0);
	if (errno)
		bench_fail("ptrace", "PEEKTEXT: %s", strerror(errno));
	if ((unsigned char)orig == 0xcc)
		bench_fail("ptrace", "bp_func already starts with int3");
	ptrace_poke(pid, orig, 0xcc, 0);
	if (ptrace(PTRACE_CONT, pid, 0, 0))
		bench_fail("ptrace", "CONT: %s", strerror(errno));
	ptrace_trap(pid, &regs, 0, "first hit");
	if (regs.rip - 1 != bp_addr())
		bench_fail("ptrace", "first hit at 0x%llx, not at 0x%llx",
			   (unsigned long long)regs.rip - 1, (unsigned long long)bp_addr());
	first = *counter;

	t0 = bench_now_ns();
	for (r = 1; r <= rounds; r++) {
		ptrace_step_over(pid, orig, &regs, r);
		if (ptrace(PTRACE_CONT, pid, 0, 0))
			bench_fail("ptrace", "round %ld: CONT: %s", r, strerror(errno));
		ptrace_trap(pid, &regs, r, "hit");
		if (regs.rip - 1 != bp_addr())
			bench_fail("ptrace", "round %ld: hit at 0x%llx, not at 0x%llx", r,
				   (unsigned long long)regs.rip - 1,
				   (unsigned long long)bp_addr());
	}
	t1 = bench_now_ns();

	if (*counter - first != (uint64_t)rounds)
		bench_fail("ptrace", "%ld hits but %llu calls", rounds,
			   (unsigned long long)(*counter - first));
	/* Let go: the original byte back, rip onto the function. */
	regs.rip = bp_addr();
	if (ptrace(PTRACE_SETREGS, pid, 0, &regs))
		bench_fail("ptrace", "SETREGS: %s", strerror(errno));
	ptrace_poke(pid, orig, (unsigned char)orig, rounds);
	if (ptrace(PTRACE_DETACH, pid, 0, 0))
		bench_fail("ptrace", "detach: %s", strerror(errno));
	return t1 - t0;
}

static const struct method {
	const char *name;
	uint64_t (*rounds)(pid_t pid, long rounds);
} methods[] = {
	{ "utracer", bp_utracer },
	{ "ptrace", bp_ptrace },
};

int main(int argc, char **argv)
{
	unsigned int m;
	long rounds;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-bp ROUNDS\n");
		return 2;
	}
	rounds = bench_count(argv[1], "ROUNDS");
	counter = bench_shared_counter();
	pid = bench_start_child(counter, caller_body);

	for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		uint64_t ns = methods[m].rounds(pid, rounds);

		bench_check_moving(counter, methods[m].name);
		bench_ok(methods[m].name);
		printf("result bp method=%s rounds=%ld ns=%llu us_per_round=%.1f\n",
		       methods[m].name, rounds, (unsigned long long)ns,
		       (double)ns / 1000.0 / (double)rounds);
		fflush(stdout);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}
