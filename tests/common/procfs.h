/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc helpers for the tests of either family (raw ABI and library).
 */
#ifndef UTRACER_TESTS_PROCFS_H
#define UTRACER_TESTS_PROCFS_H

#include <sys/types.h>

/*
 * The state letter /proc/PID/stat shows for @pid ('S', 'T'...), polled
 * until it is @want or @timeout_ms have passed; '?' when it cannot be read.
 */
char proc_state(pid_t pid, char want, int timeout_ms);

/*
 * The system call /proc/PID/syscall shows @pid blocked in, polled until it
 * is @want or @timeout_ms have passed: -1 while the thread runs (or is
 * stopped outside any call), -2 when the file cannot be read.
 */
long proc_syscall(pid_t pid, long want, int timeout_ms);

#endif /* UTRACER_TESTS_PROCFS_H */
