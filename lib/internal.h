/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libutracer internals: the client object, options handling, error helpers
 * and the few hidden functions the host tests reach through the static
 * archive. Nothing here is exported from the shared library.
 */
#ifndef LIBUTRACER_INTERNAL_H
#define LIBUTRACER_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/utracer.h>

#include "utracer.h"

/* Marks a definition as part of the library's ABI (see libutracer.map). */
#define UTRACER_EXPORT __attribute__((visibility("default")))

/* The module interface version this library speaks: 1.x. */
#define LIBUTRACER_API_MAJOR 1

/*
 * One client. Owned by the caller of utracer_open() until utracer_close().
 * The descriptors are set once at open and never change, so command calls
 * use them without a lock; ev_lock serializes the event calls.
 */
struct utracer {
	int control_fd;		/* /proc/utrace/control, kept to unregister */
	int cmd_fd;		/* <root>/<client>/cmd */
	int resp_fd;		/* <root>/<client>/resp, O_NONBLOCK */
	pid_t client_pid;
	struct utracer_version version;	/* as the module reported it at open */

	/*
	 * ev_lock protects the event buffer: whole records read from resp and
	 * not yet handed out, at ev_buf[ev_head, ev_tail). Records that
	 * utracer_event_wait_for() passed over stay here, in order.
	 */
	pthread_mutex_t ev_lock;
	unsigned char *ev_buf;
	size_t ev_head;
	size_t ev_tail;
	size_t ev_cap;

	/*
	 * The module's event ring, mapped at open (ring_cons NULL without
	 * one: events then come by read()). Records are consumed in place
	 * under ev_lock; only those utracer_event_wait_for() passes over are
	 * copied, into ev_buf.
	 */
	struct utracer_ring_consumer *ring_cons;	/* one page, read-write */
	const struct utracer_ring_producer *ring_prod;	/* producer page + data, read-only */
	const unsigned char *ring_data;
	uint64_t ring_mask;
	size_t ring_len;	/* bytes mapped at ring_prod */
	/* What utracer_event_peek() handed out: its source and length. */
	int peek_src;		/* PEEK_NONE, PEEK_STASH, PEEK_RING */
	size_t peek_len;
	/*
	 * The captures of the last syscall event handed out, copied out of
	 * its record (which may be consumed at once), under ev_lock; the
	 * event points here until the next event call.
	 */
	struct utracer_captured *caps;
	size_t caps_cap;
	unsigned char *cap_data;
	size_t cap_data_cap;
};

enum { PEEK_NONE, PEEK_STASH, PEEK_RING };

void utracer__ring_unmap(struct utracer *u);

/* Set errno from a negative return value and pass the value on. */
static inline int utracer_err(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

static inline ssize_t utracer_err_ssize(ssize_t ret)
{
	if (ret < 0)
		errno = (int)-ret;
	return ret;
}

/* NULL with errno set from a negative value. */
static inline void *utracer_err_ptr(int ret)
{
	errno = -ret;
	return NULL;
}

/* An ioctl on cmd: 0 or -errno. */
int utracer__cmd(struct utracer *u, unsigned long request, void *arg);

/*
 * Options structs (the libbpf scheme): the caller's struct starts with its
 * size. The library reads the fields that lie within that size and takes the
 * default (zero) for the others; a caller's struct larger than the
 * library's must be zero past the library's last field.
 */
#define offsetofend(TYPE, FIELD) \
	(offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))

bool utracer__opts_valid(const void *opts, size_t known_sz, size_t user_sz);

/* The last field of each options struct, as this library knows it. */
#define utracer_open_opts__last_field __pad0
#define utracer_attach_opts__last_field syscall_exit
#define utracer_spawn_opts__last_field ngroups
#define utracer_module_info__last_field __pad0

#define OPTS_VALID(opts, TYPE)						\
	(!(opts) ||							\
	 utracer__opts_valid((opts),					\
			     offsetofend(struct TYPE, TYPE##__last_field), \
			     (opts)->sz))
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field))
#define OPTS_GET(opts, field, fallback) \
	(OPTS_HAS(opts, field) ? (opts)->field : (fallback))

/* 0 when events and stop_events make a valid pair of masks, else -EINVAL. */
int utracer__check_masks(uint64_t events, uint64_t stop_events);

/* Event masks and flags between the library's values and the module's. */
uint64_t utracer__mask_to_abi(uint64_t mask);
uint64_t utracer__mask_from_abi(uint64_t mask);

/*
 * Decode the record at rec (avail bytes, at least one header's worth of
 * them readable) into ev. *rec_len receives the record's length so that the
 * caller can step over it. Returns 0 when ev holds an event, 1 for a record
 * of a kind this library does not know (to be skipped), -EBADMSG for a
 * record that does not hold together.
 */
int utracer__event_decode(const void *rec, size_t avail,
			  struct utracer_event_info *ev, size_t *rec_len);

/*
 * A decoder of a variable-size answer (len bytes at data, count records as
 * the module counted them): checks every record and builds the caller's
 * array or vector in one block, into *(T **)out, and its length into *n.
 * 0, -ENOMEM or -EBADMSG.
 */
typedef int utracer__decode_fn(const void *data, size_t len, size_t count, void *out,
			       size_t *n);

/*
 * The decoders of the answers to ENV and CMDLINE (NUL-separated strings,
 * count unused: a char ** vector), MAPS (inspect.c), AUXV and FDS
 * (procinfo.c).
 */
utracer__decode_fn utracer__environ_decode;
utracer__decode_fn utracer__maps_decode;
utracer__decode_fn utracer__auxv_decode;
utracer__decode_fn utracer__fds_decode;

/* Sets elem, an element of a decoded MAPS or FDS answer, from its record rec. */
typedef void utracer__path_record_fill_fn(void *elem, const void *rec, const char *path);
/*
 * A utracer__decode_fn for a MAPS or FDS answer (inspect.c), after
 * checking each of its count records: its rec_len (its first field) at
 * least hdr bytes (the record's fixed part), a multiple of 8 and inside
 * the answer; its path (the rest) NUL-terminated. One allocation holds
 * count + 1 zeroed elements of elem_size (the last ends the array), each
 * set by fill from its record and its path's copy, then the paths. The
 * array's address in *out (a pointer to the element type), count in
 * *count_out; 0, -EBADMSG or -ENOMEM.
 */
int utracer__path_records_decode(const void *raw, size_t len, size_t count, void *out,
				 size_t *count_out, size_t hdr, size_t elem_size,
				 utracer__path_record_fill_fn *fill);

/*
 * A variable-size query of request for pid, decoded: the array decode
 * builds, and its length in *count (when count is not NULL); NULL with
 * errno set on failure.
 */
void *utracer__buf_list(struct utracer *u, unsigned long request, pid_t pid, size_t extra,
			utracer__decode_fn *decode, size_t *count);

/*
 * Drop the buffered events of thread group pid (used when a spawned child
 * that never ran is reaped). Takes ev_lock.
 */
void utracer__event_discard(struct utracer *u, pid_t pid);

/*
 * A variable-size answer (struct utracer_buf_query) of command request for
 * pid: *data (malloc'ed, zeroed, with extra bytes of room after *len) and
 * the module's record *count. 0 or -errno.
 */
/*
 * MEM_READ or MEM_WRITE (request) of len bytes at addr of process pid, from
 * or into the caller's buffer at buf, in pieces: the bytes moved (short
 * when the range ends), or -errno when none could be.
 */
ssize_t utracer__mem_transfer(struct utracer *u, unsigned long request, pid_t pid,
			      uint64_t addr, uintptr_t buf, size_t len);
/*
 * REGSET_READ or REGSET_WRITE (request) of regset note_type of thread tid,
 * from or into the caller's len bytes at buf: the bytes moved, or -errno.
 */
ssize_t utracer__regset_transfer(struct utracer *u, unsigned long request, pid_t tid,
				 uint32_t note_type, uintptr_t buf, size_t len);
int utracer__buf_query(struct utracer *u, unsigned long request, pid_t pid,
		       size_t extra, unsigned char **data, size_t *len,
		       uint32_t *count);
/*
 * A list command (TASK_LIST or BP_LIST) into *entries, a zeroed array of
 * *count entries of elem bytes each, grown until the answer fits; and *out,
 * a zeroed array of *count + 1 elements of out_elem bytes for the caller
 * to convert them into (never NULL, even for an empty list).
 */
/*
 * BP_REMOVE or HWBP_REMOVE (request) of id, the module having feature:
 * 0 or -errno (errno set), EOPNOTSUPP without the feature.
 */
int utracer__bp_remove(struct utracer *u, unsigned long request, uint64_t feature,
		       uint32_t id);
int utracer__list_query(struct utracer *u, unsigned long request, size_t elem,
			void **entries, uint32_t *count, size_t out_elem, void **out);

/*
 * The caller's options or information struct of sz bytes at dst gets the
 * first sz bytes of the library's full one (full_sz bytes), and zeros in
 * the fields of a newer caller that this library does not know.
 */
void utracer__copy_sized(void *dst, size_t sz, const void *full, size_t full_sz);

#endif /* LIBUTRACER_INTERNAL_H */
