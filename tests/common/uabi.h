/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw-ABI helpers for the module's VM tests: they talk to /proc/utrace
 * directly, without libutracer, so that the tests check the module alone.
 */
#ifndef UTRACER_TESTS_UABI_H
#define UTRACER_TESTS_UABI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/utracer.h>

#define PASS 0
#define FAIL 1
#define SKIP 77

/* Report a failed check with its location and go on (the test fails). */
extern int uabi_failures;
#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s: ",	\
				__FILE__, __LINE__, #cond);		\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			uabi_failures++;				\
		}							\
	} while (0)
/* An ioctl-style call expected to fail with errno E. */
#define CHECK_ERR(call, E)						\
	do {								\
		errno = 0;						\
		long r_ = (call);					\
		CHECK(r_ == -1 && errno == (E), "%s returned %ld errno %d (%s), want %s", \
		      #call, r_, errno, strerror(errno), #E);		\
	} while (0)
#define CHECK_OK(call)							\
	do {								\
		errno = 0;						\
		long r_ = (call);					\
		CHECK(r_ >= 0, "%s returned %ld errno %d (%s)", #call, r_, errno, \
		      strerror(errno));					\
	} while (0)

struct uabi_client {
	int control;
	int cmd;
	int resp;
	pid_t pid;
	/* events read but not yet consumed */
	char buf[65536];
	size_t len, off;
};

int uabi_available(void);
int uabi_register(struct uabi_client *c);
/* The same with REGISTER's queue_limit (0: the default). */
int uabi_register_queue(struct uabi_client *c, uint32_t queue_limit);
void uabi_close(struct uabi_client *c);
int uabi_attach(struct uabi_client *c, pid_t pid, uint32_t flags, uint64_t events,
		uint64_t stops);
int uabi_target(struct uabi_client *c, unsigned long ioc, pid_t pid, uint32_t flags);
/* A buffer query (MAPS, AUXV, CMDLINE, FDS...) of pid into buf, len bytes; q is filled. */
int uabi_buf_query(struct uabi_client *c, unsigned long ioc, pid_t pid, void *buf,
		   uint64_t len, struct utracer_buf_query *q);

/*
 * The next event (copied to @ev, up to @size bytes) within @timeout_ms;
 * returns its type, 0 on timeout, -1 on error.
 */
int uabi_next_event(struct uabi_client *c, void *ev, size_t size, int timeout_ms);
/*
 * Reads events until want SYSCALL_ENTRY events of syscall nr by thread
 * group pid (0: by anyone) have come, or none came for timeout_ms: how
 * many came.
 */
int uabi_count_entries(struct uabi_client *c, pid_t pid, int32_t nr, int want, int timeout_ms);
/* Runs fn in a child process, its failures counted apart: 1 when it had none. */
int uabi_in_child(void (*fn)(void));
/* Skip events until one of @type for @tid (0: any) arrives; returns 1 if found. */
int uabi_wait_event(struct uabi_client *c, int type, pid_t tid, void *ev, size_t size,
		    int timeout_ms);
int uabi_wait_state(struct uabi_client *c, pid_t tid, uint32_t state, int timeout_ms);

/* Tracee helpers: run @argv with a pipe on its stdout and stdin. */
struct uabi_child {
	pid_t pid;
	int out;	/* read end of its stdout */
	int in;		/* write end of its stdin */
};
int uabi_spawn(struct uabi_child *ch, char *const argv[]);
/* Read one line from the child's stdout within @timeout_ms into @line. */
int uabi_read_line(struct uabi_child *ch, char *line, size_t size, int timeout_ms);
int uabi_reap(struct uabi_child *ch, int *status);
/*
 * Assemble @source (i386 assembler, with a _start) into a static 32-bit
 * program at @exe (@size bytes of room) and spawn it; its first line of
 * output says it runs. 0 then (unlink @exe when done), SKIP after saying
 * why (no compiler for it, no ia32 emulation), -1 when it cannot start.
 */
int uabi_spawn_ia32(struct uabi_child *ch, const char *source, char *exe, size_t size,
		    int timeout_ms);
/*
 * The path of test program @name, one that every uid can execute: the
 * tree's own build/tests/progs/NAME, or a copy in UABI_PROGS_DIR when the
 * tree is out of other users' reach (a clone in a 0700 home).
 */
#define UABI_PROGS_DIR "/tmp/utracer-progs"
const char *uabi_prog(const char *name);
/*
 * Copy the program @from to @to as a setuid-root executable (the tests'
 * privileged helpers live on the guest's /tmp, mounted without nosuid).
 */
int uabi_install_setuid(const char *from, const char *to);
/* Read a whole /proc file (or any file) into a malloc'ed buffer. */
char *uabi_slurp(const char *path, size_t *len);
/* Become an unprivileged user (65534) for the rest of this process. */
int uabi_drop_privileges(void);
long long uabi_now_ms(void);

/*
 * The errors of a list command taking a struct utracer_bp_list (BP_LIST,
 * HWBP_LIST: @ioc): a short size, flags, padding, a count without a
 * buffer (EINVAL), a bad buffer (EFAULT). Failures count as the caller's.
 */
void uabi_check_bp_list_errors(struct uabi_client *c, unsigned long ioc);
/*
 * A remove command taking a struct utracer_bp_remove (BP_REMOVE,
 * HWBP_REMOVE: @ioc) of @id, the client's only one: a short size, flags,
 * padding, id 0 (EINVAL), another id (ENOENT); then @id goes, and a
 * second remove gives ENOENT.
 */
void uabi_check_bp_remove(struct uabi_client *c, unsigned long ioc, uint32_t id);

#endif /* UTRACER_TESTS_UABI_H */
