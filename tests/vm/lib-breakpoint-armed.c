// SPDX-License-Identifier: GPL-2.0
/*
 * Description: a breakpoint is hit as soon as it is armed, before the call
 * that sets it has returned, and that first hit already carries the id
 * the call returns. Two children call a function without pause (so that
 * one is likely to hit while utracer_breakpoint_set_addr() is still in
 * the module); ROUNDS times a breakpoint is set on it, the first
 * BREAKPOINT event (of either child) must name the new id and the
 * function's address, the breakpoint is removed and every child stopped
 * by it is let go; the children call on afterwards. (The module once
 * gave the breakpoint its id only after arming it: the debug kernel
 * reported id 0 in about one set of six.) A breakpoint on a LOCK-prefixed
 * instruction, which uprobes cannot step over, is refused with EINVAL
 * (not the kernel-internal ENOTSUPP) and leaves nothing behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "spin-child.h"
#include "ulib-check.h"
#include "ulib-tracee.h"

#define ROUNDS 250
#define NCHILD 2
#define WAIT_MS 20000

__attribute__((noinline)) void armed_func(volatile uint64_t *c);
__attribute__((noinline)) void armed_func(volatile uint64_t *c)
{
	(*c)++;
	__asm__ volatile("" ::: "memory");
}

/* A function whose first instruction is one uprobes refuses to step. */
void locked_insn(volatile uint64_t *c);
__asm__(".text\n"
	".globl locked_insn\n"
	".type locked_insn, @function\n"
	"locked_insn:\n"
	"	lock incq (%rdi)\n"
	"	ret\n"
	".size locked_insn, .-locked_insn\n");

/* Called through a volatile pointer: never inlined, always this address. */
static void (*volatile armed_call)(volatile uint64_t *c) = armed_func;

static void caller_body(volatile uint64_t *c)
{
	armed_call(c);
}

/*
 * Let every child go once the events of its hits are in: after the
 * removal no hit begins, and the BREAKPOINT record of every hit taken is
 * queued; each is followed by its STOP record, to wait for.
 * @first: the tid of the BREAKPOINT event already read.
 */
static void release_all(struct utracer *u, const pid_t *pids, pid_t first)
{
	struct utracer_event_info ev;
	int i, err, waiting[NCHILD] = { 0 };

	for (i = 0; i < NCHILD; i++)
		waiting[i] = pids[i] == first;
	while ((err = utracer_event_next(u, &ev)) == 0) {
		for (i = 0; i < NCHILD && pids[i] != ev.tid; i++)
			;
		REQUIRE(i < NCHILD);
		if (ev.type == UTRACER_EVENT_BREAKPOINT)
			waiting[i]++;
		else if (ev.type == UTRACER_EVENT_STOP)
			waiting[i]--;
		else
			CHECK(!"an event other than BREAKPOINT or STOP");
	}
	CHECK(err == -EAGAIN);
	for (i = 0; i < NCHILD; i++) {
		CHECK(waiting[i] == 0 || waiting[i] == 1);
		if (waiting[i] == 1)
			CHECK(utracer_event_wait_for(u, pids[i], UTRACER_EVENT_STOP, &ev,
						     WAIT_MS) == 0);
		CHECK(utracer_run(u, pids[i], 0) == 0);
	}
}

int main(void)
{
	uint64_t addr = (uint64_t)(uintptr_t)armed_func;
	volatile uint64_t *counter;
	struct utracer_breakpoint *list;
	struct utracer_event_info ev;
	pid_t pids[NCHILD];
	struct utracer *u;
	size_t nbp = 1;
	int i, r, id, bad = 0;

	if (!ulib_module_loaded())
		return ULIB_SKIP;
	counter = spin_counter_new();
	REQUIRE(counter);
	for (i = 0; i < NCHILD; i++) {
		pids[i] = spin_child_start(counter, caller_body);
		REQUIRE(pids[i] > 0);
	}
	REQUIRE(spin_counter_passes(counter, 1000, WAIT_MS));

	u = utracer_open(NULL);
	REQUIRE(u);
	for (i = 0; i < NCHILD; i++)
		REQUIRE(utracer_attach(u, pids[i], NULL) == 0);

	CHECK_ERR(utracer_breakpoint_set_addr(u, pids[0], (uintptr_t)locked_insn, NULL), EINVAL);
	list = utracer_breakpoint_list(u, &nbp);
	CHECK(list && nbp == 0);
	free(list);

	for (r = 0; r < ROUNDS && !bad; r++) {
		id = utracer_breakpoint_set_addr(u, pids[0], addr, NULL);
		if (id <= 0) {
			fprintf(stderr, "round %d: setting the breakpoint: %d (%s)\n", r,
				id, utracer_strerror(-id));
			return ULIB_FAIL;
		}
		REQUIRE(utracer_event_wait(u, &ev, WAIT_MS) == 0);
		if (ev.type != UTRACER_EVENT_BREAKPOINT || ev.breakpoint.id != (uint32_t)id ||
		    ev.breakpoint.addr != addr) {
			fprintf(stderr, "round %d: event %u of %d, breakpoint %u at 0x%llx; "
				"want breakpoint %d at 0x%llx\n", r, ev.type, ev.tid,
				ev.breakpoint.id, (unsigned long long)ev.breakpoint.addr,
				id, (unsigned long long)addr);
			bad = 1;
		}
		CHECK(utracer_breakpoint_remove(u, (uint32_t)id) == 0);
		release_all(u, pids, ev.tid);
	}
	CHECK(!bad);

	/* Let go for good: the children call on. */
	for (i = 0; i < NCHILD; i++)
		CHECK(utracer_detach(u, pids[i], 0) == 0);
	CHECK(spin_counter_passes(counter, *counter, 1000));
	utracer_close(u);
	for (i = 0; i < NCHILD; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	return ulib_verdict();
}
