/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the library's VM tests: start a tracee from build/tests/progs
 * with pipes on its stdin and stdout, read its lines, end it.
 */
#ifndef ULIB_TRACEE_H
#define ULIB_TRACEE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ulib_tracee {
	pid_t pid;
	int in;		/* write end of the tracee's stdin, or -1 */
	int out;	/* read end of the tracee's stdout, or -1 */
};

/* The path of build/tests/progs/NAME (static storage, one at a time). */
const char *ulib_prog(const char *name);

/*
 * Start build/tests/progs/NAME with argv (argv[0] is set to NAME) and envp
 * (NULL: ours). 0 or -errno.
 */
int ulib_tracee_start(struct ulib_tracee *t, const char *name,
		      char *const argv[], char *const envp[]);

/*
 * A line of the tracee's stdout (without its newline) within timeout_ms:
 * its length, or -1 on timeout, error or end of file.
 */
int ulib_tracee_line(struct ulib_tracee *t, char *buf, size_t size, int timeout_ms);

/* SIGKILL the tracee (if still there), reap it, close the pipes. */
void ulib_tracee_kill(struct ulib_tracee *t);

/* Reap the tracee within timeout_ms: its wait status, or -1. */
int ulib_tracee_wait(struct ulib_tracee *t, int timeout_ms);

/* len bytes at offset off of the file at path: 0, or -1 when not all could be read. */
int ulib_read_at(const char *path, uint64_t off, void *buf, size_t len);
/* The same from process pid's memory at addr, through /proc/PID/mem. */
int ulib_mem_at(pid_t pid, uint64_t addr, void *buf, size_t len);

/* Entry type of /proc/PID/auxv (its last one), or 0 when there is none. */
uint64_t ulib_proc_auxv(pid_t pid, uint64_t type);

/* Whether /proc/utrace/control exists: else the test should skip. */
int ulib_module_loaded(void);

/*
 * A test's client: exits with ULIB_SKIP when the module is not loaded,
 * with ULIB_FAIL when it cannot be opened.
 */
struct utracer *ulib_open_or_skip(void);

#endif /* ULIB_TRACEE_H */
