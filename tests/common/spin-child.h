/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A child that runs a body for ever, moving a counter it shares with its
 * parent: the tracee of the tests and benchmarks that need a process busy
 * in user space (calling a function, spinning). Header only, and with no
 * reporting of its own: the callers (tests/vm, bench/) say what a failure
 * means in their own terms.
 */
#ifndef SPIN_CHILD_H
#define SPIN_CHILD_H

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

/* A counter in memory shared with the children forked later; NULL (errno). */
static inline volatile uint64_t *spin_counter_new(void)
{
	void *p = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * Fork a child that runs @body(@counter) for ever and dies with its
 * parent, so that it never outlives a program that failed; its pid, or -1
 * (errno). @body should move the counter.
 */
static inline pid_t spin_child_start(volatile uint64_t *counter,
				     void (*body)(volatile uint64_t *counter))
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			body(counter);
	}
	return pid;
}

/* Whether @counter gets past @from within @timeout_ms (polled each ms). */
static inline int spin_counter_passes(volatile uint64_t *counter, uint64_t from,
				      int timeout_ms)
{
	for (int i = 0; i < timeout_ms && *counter <= from; i++)
		usleep(1000);
	return *counter > from;
}

#endif /* SPIN_CHILD_H */
