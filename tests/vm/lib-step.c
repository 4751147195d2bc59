// SPDX-License-Identifier: GPL-2.0
/*
 * Description: single-step (utracer_step()) against ptrace's own
 * PTRACE_SINGLESTEP on tests/progs/step-target. From a breakpoint at the
 * start of its region, stepped one instruction at a time to the region's
 * end, the instruction pointers utracer's STEP stops show are the ones
 * ptrace's single-step stops show, in the same order: plain instructions,
 * a call and a jump, the instruction after a syscall instruction (the
 * call whole), the first instruction of the SIGUSR1 handler that a kill()
 * of itself runs at that syscall's exit, the handler, its return through
 * rt_sigreturn, and back. Every stop has reason STEP. The first step is
 * from the breakpoint's own instruction (through the uprobe's step), and
 * the program sees no SIGTRAP for any of it. A program that sets the trap
 * flag itself (pushf/popf) gets as many SIGTRAPs while stepped as it gets
 * untraced; a stepped pushf stores the flags without the step's trap
 * flag. A step of a thread blocked in a syscall completes with the
 * call; a RUN before it ends calls it off (no STOP). Errors: a thread not
 * stopped gives EBUSY, a pid not attached
 * ESRCH, flags EINVAL, a process of two threads without UTRACER_THREAD
 * EINVAL. A detach while the step is in flight leaves the program
 * running, with no SIGTRAP. From a QUIESCE stop of a thread spinning in
 * user mode, each step goes where ptrace's goes from the same address.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <elf.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "ulib-check.h"
#include "ulib-tracee.h"

#define TMO 30000
#define MAX_STEPS 2000

static struct utracer *u;

struct addrs {
	uint64_t region, end, handler, tf_region, tf_end, pf_region, pf_end;
};

struct trail {
	uint64_t ip[MAX_STEPS];
	int n;
};

static void start(struct ulib_tracee *t, struct addrs *a)
{
	char line[256];

	REQUIRE(ulib_tracee_start(t, "step-target", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(t, line, sizeof(line), TMO) > 0);
	REQUIRE(sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64
		       " %" SCNx64 " %" SCNx64, &a->region, &a->end, &a->handler, &a->tf_region,
		       &a->tf_end, &a->pf_region, &a->pf_end) == 7);
}

static void say(struct ulib_tracee *t, const char *c)
{
	REQUIRE(write(t->in, c, strlen(c)) == (ssize_t)strlen(c));
}

/* The tracee's answer: "ok N"; N. */
static long answer(struct ulib_tracee *t)
{
	char line[64];
	long v;

	REQUIRE(ulib_tracee_line(t, line, sizeof(line), TMO) > 0);
	REQUIRE(sscanf(line, "ok %ld", &v) == 1);
	return v;
}

/* --- ptrace: the reference ------------------------------------------------ */

static uint64_t pt_ip(pid_t pid)
{
	struct user_regs_struct regs;

	REQUIRE(ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0);
	return regs.rip;
}

/* Wait for a stop of pid: its signal. */
static int pt_wait(pid_t pid)
{
	int status;

	REQUIRE(waitpid(pid, &status, 0) == pid);
	REQUIRE(WIFSTOPPED(status));
	return WSTOPSIG(status);
}

/*
 * Run command c of a new tracee under ptrace from an int3 at from,
 * single-step to to: the instruction pointer of each SIGTRAP stop. (The
 * addresses are the same in every tracee: no randomization.)
 */
static void pt_trail(const char *c, uint64_t from, uint64_t to, struct trail *tr,
		     long *ans)
{
	struct ulib_tracee t;
	struct user_regs_struct regs;
	struct addrs a, *ours = &a;
	long word, orig;
	int sig = 0;

	start(&t, ours);
	REQUIRE(ptrace(PTRACE_SEIZE, t.pid, 0, 0) == 0);
	REQUIRE(ptrace(PTRACE_INTERRUPT, t.pid, 0, 0) == 0);
	pt_wait(t.pid);
	errno = 0;
	orig = ptrace(PTRACE_PEEKTEXT, t.pid, from, 0);
	REQUIRE(errno == 0);
	word = (orig & ~0xffL) | 0xcc;
	REQUIRE(ptrace(PTRACE_POKETEXT, t.pid, from, word) == 0);
	REQUIRE(ptrace(PTRACE_CONT, t.pid, 0, 0) == 0);
	say(&t, c);
	REQUIRE(pt_wait(t.pid) == SIGTRAP);
	REQUIRE(ptrace(PTRACE_POKETEXT, t.pid, from, orig) == 0);
	REQUIRE(ptrace(PTRACE_GETREGS, t.pid, 0, &regs) == 0);
	REQUIRE(regs.rip == from + 1);
	regs.rip = from;
	REQUIRE(ptrace(PTRACE_SETREGS, t.pid, 0, &regs) == 0);
	tr->n = 0;
	while (tr->n < MAX_STEPS) {
		REQUIRE(ptrace(PTRACE_SINGLESTEP, t.pid, 0, sig) == 0);
		sig = pt_wait(t.pid);
		if (sig != SIGTRAP)
			continue;	/* a signal-delivery stop: deliver it */
		sig = 0;
		tr->ip[tr->n++] = pt_ip(t.pid);
		if (tr->ip[tr->n - 1] == to)
			break;
	}
	REQUIRE(ptrace(PTRACE_DETACH, t.pid, 0, 0) == 0);
	*ans = answer(&t);
	say(&t, "q\n");
	CHECK(ulib_tracee_wait(&t, TMO) == 0);
	ulib_tracee_kill(&t);
}

/* --- utracer ---------------------------------------------------------------- */

static uint64_t ut_ip(pid_t tid)
{
	struct user_regs_struct regs;

	REQUIRE(utracer_regset_read(u, tid, NT_PRSTATUS, &regs, sizeof(regs)) ==
		(ssize_t)sizeof(regs));
	return regs.rip;
}

/* The next STOP of tid; its reason. */
static uint32_t ut_stop(pid_t tid)
{
	struct utracer_event_info ev;

	REQUIRE(utracer_event_wait_for(u, tid, UTRACER_EVENT_STOP, &ev, TMO) == 0);
	return ev.stop.reason;
}

static int bad_reasons;

/* The same with utracer_step() from a breakpoint at from. */
static void ut_trail(struct ulib_tracee *t, const char *c, uint64_t from, uint64_t to,
		     struct trail *tr)
{
	int id;

	id = utracer_breakpoint_set_addr(u, t->pid, from, NULL);
	REQUIRE(id > 0);
	say(t, c);
	REQUIRE(ut_stop(t->pid) == UTRACER_STOP_REASON_BREAKPOINT);
	CHECK(ut_ip(t->pid) == from);
	tr->n = 0;
	while (tr->n < MAX_STEPS) {
		REQUIRE(utracer_step(u, t->pid, UTRACER_THREAD) == 0);
		if (ut_stop(t->pid) != UTRACER_STOP_REASON_STEP)
			bad_reasons++;
		tr->ip[tr->n++] = ut_ip(t->pid);
		if (tr->ip[tr->n - 1] == to)
			break;
	}
	REQUIRE(utracer_breakpoint_remove(u, id) == 0);
	REQUIRE(utracer_run(u, t->pid, 0) == 0);
}

static int trail_has(const struct trail *tr, uint64_t ip)
{
	int i;

	for (i = 0; i < tr->n; i++)
		if (tr->ip[i] == ip)
			return 1;
	return 0;
}

static void compare(const char *what, const struct trail *p, const struct trail *q)
{
	int i, n = p->n > q->n ? p->n : q->n;

	if (p->n == q->n && !memcmp(p->ip, q->ip, p->n * sizeof(p->ip[0]))) {
		printf("ok %s: %d steps, the same as ptrace's\n", what, p->n);
		return;
	}
	fprintf(stderr, "%s: ptrace %d steps, utracer %d:\n", what, p->n, q->n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %3d %#18" PRIx64 " %#18" PRIx64 "%s\n", i,
			i < p->n ? p->ip[i] : 0, i < q->n ? q->ip[i] : 0,
			i < p->n && i < q->n && p->ip[i] == q->ip[i] ? "" : "  <--");
	CHECK(!"the same steps as ptrace");
}

static struct trail pt, ut;

/*
 * A thread stopped by QUIESCE while it spins in user mode (the stop comes
 * on its way out of an interrupt), lib-spin's "pause; jmp 1b": each step
 * goes from an address to the one ptrace's single-step goes to from it
 * (the emulator's pause may end a step where it began: then ptrace's
 * does too).
 */
static void spin_steps(void)
{
	struct utracer_attach_opts ao = { .sz = sizeof(ao) };
	uint64_t ip[8], from[8], to[8];
	struct ulib_tracee s;
	int i, j, n = 0, known;
	char line[128];

	/* ptrace's steps of the loop: where each address goes. */
	REQUIRE(ulib_tracee_start(&s, "lib-spin", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&s, line, sizeof(line), TMO) > 0);
	REQUIRE(ptrace(PTRACE_SEIZE, s.pid, 0, 0) == 0);
	REQUIRE(ptrace(PTRACE_INTERRUPT, s.pid, 0, 0) == 0);
	pt_wait(s.pid);
	ip[0] = pt_ip(s.pid);
	for (i = 1; i < 8; i++) {
		REQUIRE(ptrace(PTRACE_SINGLESTEP, s.pid, 0, 0) == 0);
		REQUIRE(pt_wait(s.pid) == SIGTRAP);
		ip[i] = pt_ip(s.pid);
		from[n] = ip[i - 1];
		to[n++] = ip[i];
	}
	ulib_tracee_kill(&s);

	REQUIRE(ulib_tracee_start(&s, "lib-spin", NULL, NULL) == 0);
	REQUIRE(ulib_tracee_line(&s, line, sizeof(line), TMO) > 0);
	REQUIRE(utracer_attach(u, s.pid, &ao) == 0);
	REQUIRE(utracer_quiesce(u, s.pid, UTRACER_QUIESCE_WAIT) == 0);
	ip[0] = ut_ip(s.pid);
	for (i = 1, known = 0; i < 8; i++) {
		REQUIRE(utracer_step(u, s.pid, UTRACER_THREAD) == 0);
		CHECK(ut_stop(s.pid) == UTRACER_STOP_REASON_STEP);
		ip[i] = ut_ip(s.pid);
		for (j = 0; j < n; j++) {
			if (from[j] != ip[i - 1])
				continue;
			known++;
			if (to[j] != ip[i]) {
				fprintf(stderr, "spin: a step from %#" PRIx64 " went to %#" PRIx64
					", ptrace's to %#" PRIx64 "\n", ip[i - 1], ip[i], to[j]);
				CHECK(!"the step ptrace makes");
			}
			break;
		}
	}
	CHECK(known >= 6);
	printf("ok %d steps from a quiesce stop in user mode, as ptrace's\n", known);
	REQUIRE(utracer_detach(u, s.pid, 0) == 0);
	ulib_tracee_kill(&s);
}

/*
 * The syscall hooks a step over a syscall instruction held are given
 * back: with no client left they go within a few seconds (they linger
 * one).
 */
static int hooks_released(void)
{
	char c = '1';
	int i;

	for (i = 0; i < 50 && c != '0'; i++) {
		FILE *f = fopen("/sys/module/utracer/parameters/syscall_hooks", "r");

		REQUIRE(f);
		REQUIRE(fread(&c, 1, 1, f) == 1);
		fclose(f);
		if (c != '0')
			usleep(100 * 1000);
	}
	return c == '0';
}

int main(void)
{
	struct utracer_attach_opts ao = { .sz = sizeof(ao) };
	struct utracer_event_info ev;
	struct ulib_tracee t;
	struct addrs a;
	long pt_ans, traps0;
	uint64_t ip;
	int status, ret;

	/* The same addresses in every run: ptrace's and ours compare as they are. */
	REQUIRE(personality(ADDR_NO_RANDOMIZE) != -1);
	u = ulib_open_or_skip();
	REQUIRE(utracer_has_feature(u, UTRACER_FEATURE_STEP) == 1);

	start(&t, &a);
	pt_trail("r\n", a.region, a.end, &pt, &pt_ans);
	CHECK(pt_ans == 1);
	REQUIRE(utracer_attach(u, t.pid, &ao) == 0);
	ut_trail(&t, "r\n", a.region, a.end, &ut);
	CHECK(answer(&t) == 1);
	compare("step_region", &pt, &ut);
	CHECK(bad_reasons == 0);
	CHECK(trail_has(&ut, a.handler));
	CHECK(ut.n > 12);

	/* The program's own trap flag: as many SIGTRAPs as untraced. */
	say(&t, "t\n");
	traps0 = answer(&t);
	CHECK(traps0 > 0);
	ut_trail(&t, "t\n", a.tf_region, a.tf_end, &ut);
	CHECK(answer(&t) == 2 * traps0);
	CHECK(trail_has(&ut, a.tf_end));
	printf("ok own trap flag: %ld SIGTRAPs untraced and stepped, %d steps\n", traps0, ut.n);

	/* A stepped pushf stores the flags without the trap flag the step set. */
	say(&t, "f\n");
	CHECK(answer(&t) == 0);
	ut_trail(&t, "f\n", a.pf_region, a.pf_end, &ut);
	CHECK(answer(&t) == 0);
	CHECK(ut.n == 4);
	printf("ok pushf: the program's flags, without the step's trap flag\n");

	/*
	 * A thread stopped in a blocking read (QUIESCE interrupts it, to be
	 * restarted): its step is the restarted call, whole. The STOP comes
	 * once a line arrives, after the syscall instruction, where the
	 * quiesce stop showed the thread. It has written its answer; the
	 * quiesce must find it in the read() that follows, not before it.
	 */
	REQUIRE(proc_syscall(t.pid, SYS_read, TMO) == SYS_read);
	REQUIRE(utracer_quiesce(u, t.pid, UTRACER_QUIESCE_WAIT) == 0);
	ip = ut_ip(t.pid);
	REQUIRE(utracer_step(u, t.pid, UTRACER_THREAD) == 0);
	ret = utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 500);
	CHECK(ret == -EAGAIN);
	if (ret != -EAGAIN)
		fprintf(stderr, "the step of a blocked read: %d (%s), a STOP of reason %u\n", ret,
			strerror(-ret), ret ? 0 : ev.stop.reason);
	say(&t, "x\n");
	CHECK(ut_stop(t.pid) == UTRACER_STOP_REASON_STEP);
	CHECK(ut_ip(t.pid) == ip);
	REQUIRE(utracer_run(u, t.pid, 0) == 0);
	CHECK(answer(&t) == 0);
	printf("ok the step of a blocked read ends when the line comes\n");

	/* A RUN before the step ends calls it off: no STOP when the call returns. */
	REQUIRE(proc_syscall(t.pid, SYS_read, TMO) == SYS_read);
	REQUIRE(utracer_quiesce(u, t.pid, UTRACER_QUIESCE_WAIT) == 0);
	REQUIRE(utracer_step(u, t.pid, UTRACER_THREAD) == 0);
	REQUIRE(utracer_run(u, t.pid, 0) == 0);
	say(&t, "x\n");
	CHECK(answer(&t) == 0);
	CHECK(utracer_event_wait_for(u, t.pid, UTRACER_EVENT_STOP, &ev, 500) == -EAGAIN);
	printf("ok a run calls a step off\n");

	/*
	 * Detached while the step is in flight (the restarted read blocks):
	 * the program runs on and gets no SIGTRAP (its own trap-flag run
	 * counts as many as before, no more).
	 */
	REQUIRE(proc_syscall(t.pid, SYS_read, TMO) == SYS_read);
	REQUIRE(utracer_quiesce(u, t.pid, UTRACER_QUIESCE_WAIT) == 0);
	REQUIRE(utracer_step(u, t.pid, UTRACER_THREAD) == 0);
	usleep(200 * 1000);
	REQUIRE(utracer_detach(u, t.pid, 0) == 0);
	say(&t, "t\n");
	CHECK(answer(&t) == 3 * traps0);
	printf("ok a detach during a step leaves no trap behind\n");
	REQUIRE(utracer_attach(u, t.pid, &ao) == 0);

	/* Errors. */
	say(&t, "p\n");
	CHECK(answer(&t) == 0);
	CHECK_ERR(utracer_step(u, t.pid, 0), EINVAL);
	CHECK_ERR(utracer_step(u, t.pid, UTRACER_THREAD), EBUSY);
	CHECK_ERR(utracer_step(u, t.pid, 0x40), EINVAL);
	CHECK_ERR(utracer_step(u, getpid(), UTRACER_THREAD), ESRCH);
	CHECK_ERR(utracer_step(NULL, t.pid, 0), EINVAL);
	CHECK_ERR(utracer_step(u, 0, 0), EINVAL);

	say(&t, "q\n");
	status = ulib_tracee_wait(&t, TMO);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ulib_tracee_kill(&t);
	spin_steps();
	utracer_close(u);
	CHECK(hooks_released());
	return ulib_verdict();
}
