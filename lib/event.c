// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Events: decoding the module's records, the client's event buffer, and the
 * blocking, non-blocking and poll-driven ways to take events from it.
 */
#include <linux/audit.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* Bytes asked of each read() of resp: many records, and the largest one. */
#define EV_READ_CHUNK (64 * 1024)

/*
 * The most the library keeps of records utracer_event_wait_for() passed
 * over: beyond it the call fails with -ENOBUFS rather than pull the whole
 * kernel queue into memory (a lossless tracee then waits for room, as it
 * should, until the caller takes the events it holds).
 */
#define EV_STASH_MAX (4 * 1024 * 1024)

/* The module's event types, indexed by enum utracer_event_kind. */
static const unsigned int kind_to_abi[UTRACER_EVENT_KIND_MAX] = {
#define UTRACER_EVENT_TYPE(type, name, rec, min_size) [UTRACER_EVENT_##type] = UTRACER_EV_##type,
#include <linux/utracer_event_types.h>
};

static const char *const kind_names[UTRACER_EVENT_KIND_MAX] = {
#define UTRACER_EVENT_TYPE(type, name, rec, min_size) [UTRACER_EVENT_##type] = name,
#include <linux/utracer_event_types.h>
};

/* The library's kind of a module event type; 0 when unknown. */
static unsigned int kind_from_abi(unsigned int abi)
{
	unsigned int k;

	for (k = 1; k < UTRACER_EVENT_KIND_MAX; k++)
		if (kind_to_abi[k] == abi)
			return k;
	return 0;
}

uint64_t utracer__mask_to_abi(uint64_t mask)
{
	uint64_t abi = 0;
	unsigned int k;

	for (k = 1; k < UTRACER_EVENT_KIND_MAX; k++)
		if (mask & UTRACER_EVENT_BIT(k))
			abi |= UTRACER_EVMASK(kind_to_abi[k]);
	return abi;
}

uint64_t utracer__mask_from_abi(uint64_t abi)
{
	uint64_t mask = 0;
	unsigned int k;

	for (k = 1; k < UTRACER_EVENT_KIND_MAX; k++)
		if (abi & UTRACER_EVMASK(kind_to_abi[k]))
			mask |= UTRACER_EVENT_BIT(k);
	return mask;
}

UTRACER_EXPORT
const char *utracer_event_name(unsigned int kind)
{
	return kind && kind < UTRACER_EVENT_KIND_MAX ? kind_names[kind] : NULL;
}

static uint32_t arch_from_abi(uint32_t arch)
{
	switch (arch) {
	case UTRACER_ARCH_X86_64:
		return AUDIT_ARCH_X86_64;
	case UTRACER_ARCH_I386:
		return AUDIT_ARCH_I386;
	}
	return 0;
}

static uint32_t clone_kind_from_abi(uint32_t kind)
{
	switch (kind) {
	case UTRACER_CLONE_THREAD:
		return UTRACER_CLONE_KIND_THREAD;
	case UTRACER_CLONE_PROCESS:
		return UTRACER_CLONE_KIND_FORK;
	case UTRACER_CLONE_VFORK:
		return UTRACER_CLONE_KIND_VFORK;
	}
	return 0;
}

static uint32_t stop_reason_from_abi(uint32_t reason)
{
	switch (reason) {
	case UTRACER_STOP_QUIESCE:
		return UTRACER_STOP_REASON_QUIESCE;
	case UTRACER_STOP_EVENT:
		return UTRACER_STOP_REASON_EVENT;
	case UTRACER_STOP_NEW:
		return UTRACER_STOP_REASON_NEW;
	case UTRACER_STOP_BREAKPOINT:
		return UTRACER_STOP_REASON_BREAKPOINT;
	case UTRACER_STOP_STEP:
		return UTRACER_STOP_REASON_STEP;
	}
	return 0;
}

static uint32_t detach_reason_from_abi(uint32_t reason)
{
	switch (reason) {
	case UTRACER_DETACH_REQUEST:
		return UTRACER_DETACH_REASON_REQUEST;
	case UTRACER_DETACH_EXIT:
		return UTRACER_DETACH_REASON_EXIT;
	case UTRACER_DETACH_CRED:
		return UTRACER_DETACH_REASON_CRED;
	}
	return 0;
}

_Static_assert(UTRACER_SIGINFO_SIZE == sizeof(((struct utracer_ev_signal *)0)->siginfo),
	       "the library's siginfo is the record's");
/* Members of the event union grow inside it: its size is part of the ABI. */
_Static_assert(sizeof(((struct utracer_event_info *)0)->signal) <
	       sizeof(((struct utracer_event_info *)0)->exec), "the signal member fits");

/* The minimum record size of each known type: shorter means malformed. */
static size_t abi_record_min(unsigned int abi_type)
{
	switch (abi_type) {
#define UTRACER_EVENT_TYPE(type, name, rec, min_size) \
	case UTRACER_EV_##type:                        \
		return min_size;
#include <linux/utracer_event_types.h>
	}
	return sizeof(struct utracer_event);
}

static int decode_exec(const struct utracer_ev_exec *rec, size_t size,
		       struct utracer_event_info *ev)
{
	size_t room = size - offsetof(struct utracer_ev_exec, path);
	size_t n;

	ev->exec.old_tid = rec->old_tid;
	if (rec->path_len == 0)
		return 0;
	if (rec->path_len > room || rec->path[rec->path_len - 1] != '\0')
		return -EBADMSG;
	n = rec->path_len - 1;
	if (n >= sizeof(ev->exec.path))
		n = sizeof(ev->exec.path) - 1;
	memcpy(ev->exec.path, rec->path, n);
	ev->exec.path[n] = '\0';
	return 0;
}

/*
 * The records are read into a byte buffer whose start is 8-byte aligned and
 * every record length is a multiple of UTRACER_EVENT_ALIGN (8), so the casts
 * below are aligned.
 */
int utracer__event_decode(const void *buf, size_t avail,
			  struct utracer_event_info *ev, size_t *rec_len)
{
	const struct utracer_event *hdr = buf;
	unsigned int kind;

	if (avail < sizeof(*hdr) || hdr->size < sizeof(*hdr) ||
	    hdr->size % UTRACER_EVENT_ALIGN || hdr->size > avail)
		return -EBADMSG;
	*rec_len = hdr->size;

	kind = kind_from_abi(hdr->type);
	if (!kind)
		return 1;
	if (hdr->size < abi_record_min(hdr->type))
		return -EBADMSG;

	memset(ev, 0, offsetof(struct utracer_event_info, __reserved));
	memset(ev->__reserved, 0, sizeof(ev->__reserved));
	ev->type = kind;
	ev->flags = (hdr->flags & UTRACER_EVF_STOPPED ? UTRACER_EVENT_F_STOPPED : 0) |
		    (hdr->flags & UTRACER_EVF_BEFORE ? UTRACER_EVENT_F_BEFORE : 0) |
		    (hdr->flags & UTRACER_EVF_SKIPPED ? UTRACER_EVENT_F_SKIPPED : 0);
	ev->pid = hdr->pid;
	ev->tid = hdr->tid;
	ev->seq = hdr->seq;
	ev->time_ns = hdr->time_ns;

	switch (kind) {
	case UTRACER_EVENT_SYSCALL_ENTRY: {
		const struct utracer_ev_syscall_entry *r = buf;

		ev->syscall_entry.nr = r->nr;
		ev->syscall_entry.arch = arch_from_abi(r->arch);
		memcpy(ev->syscall_entry.args, r->args, sizeof(r->args));
		ev->syscall_entry.ip = r->ip;
		break;
	}
	case UTRACER_EVENT_SYSCALL_EXIT: {
		const struct utracer_ev_syscall_exit *r = buf;

		ev->syscall_exit.nr = r->nr;
		ev->syscall_exit.arch = arch_from_abi(r->arch);
		ev->syscall_exit.ret = r->ret;
		break;
	}
	case UTRACER_EVENT_EXEC:
		return decode_exec(buf, hdr->size, ev);
	case UTRACER_EVENT_CLONE: {
		const struct utracer_ev_clone *r = buf;

		ev->clone.child_pid = r->child_pid;
		ev->clone.child_tid = r->child_tid;
		ev->clone.kind = clone_kind_from_abi(r->kind);
		ev->clone.clone_flags = r->clone_flags;
		if (r->follow & UTRACER_CLONE_F_FOLLOWED)
			ev->clone.follow |= UTRACER_CLONE_FOLLOWED;
		if (r->follow & UTRACER_CLONE_F_FAILED)
			ev->clone.follow |= UTRACER_CLONE_FOLLOW_FAILED;
		break;
	}
	case UTRACER_EVENT_EXIT: {
		const struct utracer_ev_exit *r = buf;

		ev->exit.status = r->code;
		ev->exit.group = r->group;
		break;
	}
	case UTRACER_EVENT_SIGNAL: {
		const struct utracer_ev_signal *r = buf;

		ev->signal.signo = (int32_t)r->signo;
		ev->signal.code = r->code;
		ev->signal.error = r->errno_;
		ev->signal.sender_pid = r->sender_pid;
		/*
		 * A module of the first ABI sends the first four fields alone,
		 * the second no siginfo.
		 */
		if (hdr->size >= UTRACER_EV_SIGNAL_SIZE_VER1) {
			if (r->sig_flags & UTRACER_SIGNAL_F_SENDER) {
				ev->signal.flags |= UTRACER_SIGNAL_SENDER;
				ev->signal.sender_uid = r->sender_uid;
			}
			if (r->sig_flags & UTRACER_SIGNAL_F_CHILD) {
				ev->signal.flags |= UTRACER_SIGNAL_CHILD;
				ev->signal.status = r->status;
				ev->signal.utime = r->utime;
				ev->signal.stime = r->stime;
			}
		}
		if (hdr->size >= UTRACER_EV_SIGNAL_SIZE_VER2) {
			if (r->sig_flags & UTRACER_SIGNAL_F_ADDR) {
				ev->signal.flags |= UTRACER_SIGNAL_ADDR;
				ev->signal.addr = r->addr;
			}
			if (r->sig_flags & UTRACER_SIGNAL_F_SIGINFO) {
				ev->signal.flags |= UTRACER_SIGNAL_SIGINFO;
				ev->signal.siginfo_arch = arch_from_abi(r->siginfo_arch);
				memcpy(ev->signal.siginfo, r->siginfo, sizeof(r->siginfo));
			}
		}
		break;
	}
	case UTRACER_EVENT_STOP: {
		const struct utracer_ev_stop *r = buf;

		ev->stop.reason = stop_reason_from_abi(r->reason);
		ev->stop.event = kind_from_abi(r->event);
		break;
	}
	case UTRACER_EVENT_DETACH: {
		const struct utracer_ev_detach *r = buf;

		ev->detach.reason = detach_reason_from_abi(r->reason);
		break;
	}
	case UTRACER_EVENT_LOST: {
		const struct utracer_ev_lost *r = buf;

		ev->lost.count = r->count;
		break;
	}
	case UTRACER_EVENT_BREAKPOINT: {
		const struct utracer_ev_breakpoint *r = buf;

		ev->breakpoint.id = r->id;
		ev->breakpoint.addr = r->addr;
		break;
	}
	case UTRACER_EVENT_HWBP: {
		const struct utracer_ev_hwbp *r = buf;

		ev->hwbp.id = r->id;
		ev->hwbp.type = r->type;
		ev->hwbp.addr = r->addr;
		ev->hwbp.ip = r->ip;
		ev->hwbp.len = r->len;
		break;
	}
	}
	return 0;
}

/* Room for n captures holding bytes in all. Called with ev_lock held. */
static int captures_room(struct utracer *u, size_t n, size_t bytes)
{
	if (n > u->caps_cap) {
		struct utracer_captured *v = realloc(u->caps, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		u->caps = v;
		u->caps_cap = n;
	}
	if (bytes > u->cap_data_cap) {
		unsigned char *p = realloc(u->cap_data, bytes);

		if (!p)
			return -ENOMEM;
		u->cap_data = p;
		u->cap_data_cap = bytes;
	}
	return 0;
}

/*
 * The captures of the syscall record rec (decoded into ev), copied out of
 * it into u: the record itself may be consumed before the caller looks.
 * A record of a module without captures has none. Returns 0, -EBADMSG
 * when the blocks do not fit the record, or -ENOMEM. Called with ev_lock
 * held.
 */
static int event_captures(struct utracer *u, const struct utracer_event *rec,
			  struct utracer_event_info *ev)
{
	const unsigned char *base = (const unsigned char *)rec;
	uint32_t n, off, fixed, i;
	const struct utracer_captured **out;
	uint32_t *count;
	size_t pos, bytes = 0;
	int err;

	if (ev->type == UTRACER_EVENT_SYSCALL_ENTRY) {
		const struct utracer_ev_syscall_entry *r = (const void *)rec;

		fixed = sizeof(*r);
		if (rec->size < fixed)
			return 0;
		n = r->ncaptures;
		off = r->capture_off;
		count = &ev->syscall_entry.ncaptures;
		out = &ev->syscall_entry.captures;
	} else if (ev->type == UTRACER_EVENT_SYSCALL_EXIT) {
		const struct utracer_ev_syscall_exit *r = (const void *)rec;

		fixed = sizeof(*r);
		if (rec->size < fixed)
			return 0;
		n = r->ncaptures;
		off = r->capture_off;
		count = &ev->syscall_exit.ncaptures;
		out = &ev->syscall_exit.captures;
	} else {
		return 0;
	}
	if (!n)
		return 0;
	if (off < fixed || off % UTRACER_EVENT_ALIGN || off > rec->size ||
	    n > (rec->size - off) / sizeof(struct utracer_ev_capture))
		return -EBADMSG;
	/* Every block whole inside the record, before anything is copied. */
	for (i = 0, pos = off; i < n; i++) {
		const struct utracer_ev_capture *c = (const void *)(base + pos);

		if (rec->size - pos < sizeof(*c) || c->len > rec->size - pos - sizeof(*c))
			return -EBADMSG;
		bytes += c->len;
		pos += sizeof(*c) + ((c->len + UTRACER_EVENT_ALIGN - 1) & ~(UTRACER_EVENT_ALIGN - 1));
	}
	err = captures_room(u, n, bytes ? bytes : 1);
	if (err)
		return err;
	for (i = 0, pos = off, bytes = 0; i < n; i++) {
		const struct utracer_ev_capture *c = (const void *)(base + pos);
		struct utracer_captured *d = &u->caps[i];

		memcpy(u->cap_data + bytes, c->data, c->len);
		d->addr = c->addr;
		d->len = c->len;
		d->flags = (c->flags & UTRACER_CAPTURE_F_TRUNCATED ? UTRACER_CAPTURED_TRUNCATED : 0) |
			   (c->flags & UTRACER_CAPTURE_F_FAULT ? UTRACER_CAPTURED_FAULT : 0) |
			   (c->flags & UTRACER_CAPTURE_F_RETRIED ? UTRACER_CAPTURED_RETRIED : 0) |
			   (c->flags & UTRACER_CAPTURE_F_ENTRY ? UTRACER_CAPTURED_ENTRY : 0);
		d->index = c->index;
		d->arg = c->arg;
		d->data = u->cap_data + bytes;
		bytes += c->len;
		pos += sizeof(*c) + ((c->len + UTRACER_EVENT_ALIGN - 1) & ~(UTRACER_EVENT_ALIGN - 1));
	}
	*count = n;
	*out = u->caps;
	return 0;
}

static bool event_matches(const struct utracer_event *hdr, pid_t pid,
			  unsigned int kind)
{
	if (pid && hdr->pid != pid && hdr->tid != pid)
		return false;
	return !kind || kind_from_abi(hdr->type) == kind;
}

/* Remove the record of len bytes at off from the buffer. */
static void drop_record(struct utracer *u, size_t off, size_t len)
{
	if (off == u->ev_head) {
		u->ev_head += len;
	} else {
		memmove(u->ev_buf + off, u->ev_buf + off + len,
			u->ev_tail - off - len);
		u->ev_tail -= len;
	}
	if (u->ev_head == u->ev_tail)
		u->ev_head = u->ev_tail = 0;
}

/*
 * Take the first buffered event that matches pid and kind (0: any) into ev,
 * removing its record; unknown records met on the way are dropped. Returns
 * 0, -EAGAIN when none matches, or -EBADMSG for a record that does not
 * decode: that record is dropped, or the whole buffer when the record's
 * size is wrong, since nothing past it can then be found. Called with
 * ev_lock held.
 */
static int take_buffered(struct utracer *u, pid_t pid, unsigned int kind,
			 struct utracer_event_info *ev)
{
	size_t off = u->ev_head;

	while (off < u->ev_tail) {
		size_t avail = u->ev_tail - off, len;
		const struct utracer_event *hdr;
		int ret;

		/*
		 * The module's read() gives whole records, but a record cut
		 * at the end of the buffer is simply waited for: the rest
		 * comes with the next read().
		 */
		hdr = (const struct utracer_event *)(u->ev_buf + off);
		if (avail < sizeof(*hdr))
			break;
		if (hdr->size < sizeof(*hdr) || hdr->size % UTRACER_EVENT_ALIGN) {
			u->ev_head = u->ev_tail = 0;
			return -EBADMSG;
		}
		if (hdr->size > avail)
			break;
		len = hdr->size;
		if (kind_from_abi(hdr->type) && !event_matches(hdr, pid, kind)) {
			off += len;
			continue;
		}
		ret = utracer__event_decode(hdr, avail, ev, &len);
		if (ret == 0)
			ret = event_captures(u, hdr, ev);
		drop_record(u, off, len);
		if (ret <= 0)
			return ret;
		/* An unknown kind: skipped; the scan goes on at the same place. */
		if (off < u->ev_head)
			off = u->ev_head;
	}
	return -EAGAIN;
}

/*
 * Room for len bytes after the buffered records: compact first, grow only
 * when what is kept needs it. Returns 0 or -ENOMEM. Called with ev_lock held.
 */
static int buffer_room(struct utracer *u, size_t len)
{
	if (u->ev_cap - u->ev_tail >= len)
		return 0;
	if (u->ev_head > 0) {
		memmove(u->ev_buf, u->ev_buf + u->ev_head, u->ev_tail - u->ev_head);
		u->ev_tail -= u->ev_head;
		u->ev_head = 0;
	}
	if (u->ev_cap - u->ev_tail < len) {
		size_t cap = u->ev_tail + (len > EV_READ_CHUNK ? len : EV_READ_CHUNK);
		unsigned char *p;

		/* malloc alignment suits the 8-byte records. */
		p = realloc(u->ev_buf, cap);
		if (!p)
			return -ENOMEM;
		u->ev_buf = p;
		u->ev_cap = cap;
	}
	return 0;
}

/*
 * Read what resp has into the buffer. Returns the bytes read, -EAGAIN when
 * nothing is there, -EPIPE when the module ended the client (end of file),
 * -ENOBUFS when the buffer already holds EV_STASH_MAX bytes of records
 * passed over, or another -errno. With the ring mapped, read() is asked
 * only when the ring looks empty: it writes pending LOST records, moves
 * records that waited for room, and says when the client has ended.
 * Called with ev_lock held.
 */
static ssize_t fill_buffer(struct utracer *u)
{
	ssize_t n;
	int err;

	if (u->ev_head > 0 && u->ev_head == u->ev_tail)
		u->ev_head = u->ev_tail = 0;
	if (u->ev_tail - u->ev_head >= EV_STASH_MAX)
		return -ENOBUFS;
	err = buffer_room(u, EV_READ_CHUNK);
	if (err)
		return err;
	n = read(u->resp_fd, u->ev_buf + u->ev_tail, u->ev_cap - u->ev_tail);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (n == 0)
		return -EPIPE;
	u->ev_tail += (size_t)n;
	return n;
}

/*
 * Whether read() may give what the mapped ring does not show (LOST records
 * to write, records waiting for room, the end): the module says so in the
 * producer page; one without UTRACER_FEAT_RING_WAKEUP is always asked.
 */
static bool read_has_more(const struct utracer *u)
{
	if (!u->ring_cons || !(u->version.features & UTRACER_FEAT_RING_WAKEUP))
		return true;
	return __atomic_load_n(&u->ring_prod->flags, __ATOMIC_ACQUIRE) & UTRACER_RING_F_READ;
}

/* The ring's record at pos, if one is there whole; NULL when none (yet). */
static const struct utracer_event *ring_record(const struct utracer *u, uint64_t pos)
{
	uint64_t head = __atomic_load_n(&u->ring_prod->producer_pos, __ATOMIC_ACQUIRE);
	const struct utracer_event *rec;
	uint32_t size;

	if (pos == head)
		return NULL;
	/* The data area is mapped twice in a row: a record never wraps. */
	rec = (const struct utracer_event *)(u->ring_data + (pos & u->ring_mask));
	size = __atomic_load_n(&rec->size, __ATOMIC_ACQUIRE);
	if (size & UTRACER_EVENT_BUSY)
		return NULL;
	return rec;
}

/*
 * Hand the ring up to pos back to the module. Tracees that wait for room go
 * on once the ring has drained to the producer page's room mark: they are
 * told then, not at every record (a module without a mark: at every one).
 */
static void ring_release(struct utracer *u, uint64_t pos)
{
	uint32_t mark;

	__atomic_store_n(&u->ring_cons->consumer_pos, pos, __ATOMIC_RELEASE);
	/* The module sets the flag, then reads the position: store, then load. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(__atomic_load_n(&u->ring_prod->flags, __ATOMIC_RELAXED) & UTRACER_RING_F_WAITERS))
		return;
	mark = __atomic_load_n(&u->ring_prod->room_mark, __ATOMIC_RELAXED);
	if (mark && __atomic_load_n(&u->ring_prod->producer_pos, __ATOMIC_ACQUIRE) - pos > mark)
		return;
	ioctl(u->resp_fd, UTRACER_IOC_RING_CONSUMED);
}

/* Keep a record passed over for later calls. Called with ev_lock held. */
static int stash_record(struct utracer *u, const void *rec, size_t len)
{
	int err;

	if (u->ev_head > 0 && u->ev_head == u->ev_tail)
		u->ev_head = u->ev_tail = 0;
	if (u->ev_tail - u->ev_head + len > EV_STASH_MAX)
		return -ENOBUFS;
	err = buffer_room(u, len);
	if (err)
		return err;
	memcpy(u->ev_buf + u->ev_tail, rec, len);
	u->ev_tail += len;
	return 0;
}

/*
 * Take the first event in the ring that matches pid and kind (0: any) into
 * ev, consuming every record before it; those that do not match are kept
 * in the buffer, in order. With peek, the matching record stays in the
 * ring (a peek is never filtered: nothing is passed over). Returns 0,
 * -EAGAIN when the ring holds no match, -ENOBUFS when the buffer is full,
 * -EBADMSG for a malformed record (consumed). Called with ev_lock held.
 */
static int take_ring(struct utracer *u, pid_t pid, unsigned int kind,
		     struct utracer_event_info *ev, bool peek)
{
	uint64_t start = u->ring_cons->consumer_pos, pos = start;
	const struct utracer_event *rec;
	int ret = -EAGAIN;

	while ((rec = ring_record(u, pos))) {
		size_t len = rec->size;

		if (len < sizeof(*rec) || len % UTRACER_EVENT_ALIGN || len > u->ring_mask + 1) {
			/* Nothing past a bad size can be found: give all back. */
			pos = __atomic_load_n(&u->ring_prod->producer_pos, __ATOMIC_ACQUIRE);
			ret = -EBADMSG;
			break;
		}
		if (kind_from_abi(rec->type) && !event_matches(rec, pid, kind)) {
			ret = stash_record(u, rec, len);
			if (ret)
				break;
			ret = -EAGAIN;
			pos += len;
			continue;
		}
		ret = utracer__event_decode(rec, len, ev, &len);
		if (ret == 0)
			ret = event_captures(u, rec, ev);
		if (ret == 0 && peek) {
			u->peek_src = PEEK_RING;
			u->peek_len = len;
			break;
		}
		pos += len;
		if (ret <= 0)
			break;
		ret = -EAGAIN;	/* an unknown kind: skipped */
	}
	if (pos != start)
		ring_release(u, pos);
	return ret;
}

/* How long the reader looks at an empty ring before it sleeps. */
#define RING_SPIN_NS 50000

/* Whether a record came to the ring within RING_SPIN_NS. */
static bool ring_spin(const struct utracer *u)
{
	struct timespec start, now;
	uint64_t pos = __atomic_load_n(&u->ring_cons->consumer_pos, __ATOMIC_RELAXED);

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		for (int i = 0; i < 64; i++)
			if (__atomic_load_n(&u->ring_prod->producer_pos, __ATOMIC_ACQUIRE) != pos)
				return true;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000000000L + now.tv_nsec - start.tv_nsec <
		 RING_SPIN_NS);
	return false;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_event(struct utracer *u, pid_t pid, unsigned int kind,
		      struct utracer_event_info *ev, int timeout_ms)
{
	int64_t deadline = 0;	/* set when there is nothing to take at once */

	if (!u || !ev || pid < 0 || kind >= UTRACER_EVENT_KIND_MAX)
		return -EINVAL;

	for (;;) {
		struct pollfd pfd = { .fd = u->resp_fd, .events = POLLIN };
		ssize_t got;
		int ret, wait_ms;

		pthread_mutex_lock(&u->ev_lock);
		u->peek_src = PEEK_NONE;
		ret = take_buffered(u, pid, kind, ev);
		if (ret == -EAGAIN && u->ring_cons)
			ret = take_ring(u, pid, kind, ev, false);
		if (ret == -EAGAIN && read_has_more(u)) {
			got = fill_buffer(u);
			if (got > 0) {
				pthread_mutex_unlock(&u->ev_lock);
				continue;
			}
			ret = (int)got;
		}
		pthread_mutex_unlock(&u->ev_lock);
		if (ret != -EAGAIN)
			return ret;

		/* Nothing yet: wait on resp without the lock held. */
		if (timeout_ms == 0)
			return -EAGAIN;
		/*
		 * A tracee that makes events back to back writes the next one
		 * within microseconds: look at the mapped ring for a moment
		 * before sleeping, which saves the module's wake-up and two
		 * context switches per event. Not when woken by the batch
		 * (utracer_set_wakeup()): the module wakes it once for many.
		 */
		if (u->ring_cons && !u->ring_cons->wakeup_bytes && ring_spin(u))
			continue;
		wait_ms = -1;
		if (timeout_ms > 0) {
			int64_t left;

			if (!deadline)
				deadline = now_ms() + timeout_ms;
			left = deadline - now_ms();

			if (left <= 0)
				return -EAGAIN;
			wait_ms = (int)left;
		}
		ret = poll(&pfd, 1, wait_ms);
		if (ret < 0)
			return -errno;
		if (ret == 0 && timeout_ms > 0)
			return -EAGAIN;
	}
}

UTRACER_EXPORT
int utracer_event_wait(struct utracer *u, struct utracer_event_info *ev,
		       int timeout_ms)
{
	return utracer_err(wait_event(u, 0, 0, ev, timeout_ms));
}

UTRACER_EXPORT
int utracer_event_next(struct utracer *u, struct utracer_event_info *ev)
{
	return utracer_err(wait_event(u, 0, 0, ev, 0));
}

UTRACER_EXPORT
int utracer_event_wait_for(struct utracer *u, pid_t pid, unsigned int kind,
			   struct utracer_event_info *ev, int timeout_ms)
{
	return utracer_err(wait_event(u, pid, kind, ev, timeout_ms));
}

UTRACER_EXPORT
int utracer_event_fd(struct utracer *u)
{
	if (!u)
		return utracer_err(-EINVAL);
	return u->resp_fd;
}

UTRACER_EXPORT
int utracer_set_wakeup(struct utracer *u, uint32_t bytes, uint32_t ms)
{
	if (!u || ms > UTRACER_RING_WAKEUP_MS_MAX)
		return utracer_err(-EINVAL);
	if (!u->ring_cons || !(u->version.features & UTRACER_FEAT_RING_WAKEUP))
		return utracer_err(-EOPNOTSUPP);
	__atomic_store_n(&u->ring_cons->wakeup_ms, ms, __ATOMIC_RELAXED);
	__atomic_store_n(&u->ring_cons->wakeup_bytes, bytes, __ATOMIC_RELEASE);
	return 0;
}

UTRACER_EXPORT
int utracer_event_peek(struct utracer *u, struct utracer_event_info *ev)
{
	size_t len;
	int ret;

	if (!u || !ev)
		return utracer_err(-EINVAL);
	pthread_mutex_lock(&u->ev_lock);
	u->peek_src = PEEK_NONE;
	for (;;) {
		/* Passed-over records first: they are older. */
		while (u->ev_head < u->ev_tail) {
			ret = utracer__event_decode(u->ev_buf + u->ev_head,
						    u->ev_tail - u->ev_head, ev, &len);
			if (ret == 0)
				ret = event_captures(u, (const void *)(u->ev_buf + u->ev_head), ev);
			if (ret < 0) {
				u->ev_head = u->ev_tail = 0;
				goto out;
			}
			if (ret == 0) {
				u->peek_src = PEEK_STASH;
				u->peek_len = len;
				goto out;
			}
			u->ev_head += len;	/* an unknown kind */
		}
		ret = -EAGAIN;
		if (u->ring_cons)
			ret = take_ring(u, 0, 0, ev, true);
		if (ret != -EAGAIN)
			goto out;
		/* Nothing mapped to take: read() says what the ring cannot. */
		if (!read_has_more(u) || fill_buffer(u) <= 0)
			goto out;
	}
out:
	pthread_mutex_unlock(&u->ev_lock);
	return utracer_err(ret);
}

UTRACER_EXPORT
int utracer_event_advance(struct utracer *u)
{
	int ret = 0;

	if (!u)
		return utracer_err(-EINVAL);
	pthread_mutex_lock(&u->ev_lock);
	switch (u->peek_src) {
	case PEEK_STASH:
		drop_record(u, u->ev_head, u->peek_len);
		break;
	case PEEK_RING:
		ring_release(u, u->ring_cons->consumer_pos + u->peek_len);
		break;
	default:
		ret = -ENOENT;
	}
	u->peek_src = PEEK_NONE;
	pthread_mutex_unlock(&u->ev_lock);
	return utracer_err(ret);
}

void utracer__event_discard(struct utracer *u, pid_t pid)
{
	struct utracer_event_info *ev = malloc(sizeof(*ev));

	if (!ev)
		return;
	pthread_mutex_lock(&u->ev_lock);
	u->peek_src = PEEK_NONE;
	/* The ring's records join the buffer, to be discarded in order. */
	if (u->ring_cons)
		take_ring(u, -1, 0, ev, false);
	while (fill_buffer(u) > 0)
		;
	while (take_buffered(u, pid, 0, ev) == 0)
		;
	pthread_mutex_unlock(&u->ev_lock);
	free(ev);
}
