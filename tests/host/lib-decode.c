// SPDX-License-Identifier: GPL-2.0
/*
 * Description: libutracer decodes every event record of the ABI into its
 * own struct field by field, skips records of unknown types with their
 * length, refuses malformed records (short, unaligned, overlong, a known
 * type too short, an exec path without its NUL) with EBADMSG, and
 * translates event masks both ways.
 */
#include <errno.h>
#include <linux/audit.h>
#include <stdint.h>

#include "../../lib/internal.h"
#include "ulib-check.h"

/* Records live in 8-byte aligned storage, as in the library's buffer. */
static uint64_t storage[1024];

static void *record(unsigned int type, size_t size)
{
	struct utracer_event *hdr = (struct utracer_event *)storage;

	memset(storage, 0, sizeof(storage));
	hdr->size = (uint32_t)size;
	hdr->type = (uint16_t)type;
	hdr->pid = 100;
	hdr->tid = 101;
	hdr->seq = 7;
	hdr->time_ns = 123456789;
	return storage;
}

static struct utracer_event_info ev;

static int decode(size_t avail, size_t *len)
{
	memset(&ev, 0xa5, sizeof(ev));
	return utracer__event_decode(storage, avail, &ev, len);
}

static void test_header_and_syscalls(void)
{
	struct utracer_ev_syscall_entry *e;
	struct utracer_ev_syscall_exit *x;
	size_t len = 0;
	int i;

	e = record(UTRACER_EV_SYSCALL_ENTRY, sizeof(*e));
	e->hdr.flags = UTRACER_EVF_STOPPED;
	e->nr = 59;
	e->arch = UTRACER_ARCH_X86_64;
	for (i = 0; i < 6; i++)
		e->args[i] = 0x1000 + i;
	e->ip = 0x401000;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(len == sizeof(*e));
	CHECK(ev.type == UTRACER_EVENT_SYSCALL_ENTRY);
	CHECK(ev.flags == UTRACER_EVENT_F_STOPPED);
	CHECK(ev.pid == 100 && ev.tid == 101);
	CHECK(ev.seq == 7 && ev.time_ns == 123456789);
	CHECK(ev.syscall_entry.nr == 59);
	CHECK(ev.syscall_entry.arch == AUDIT_ARCH_X86_64);
	for (i = 0; i < 6; i++)
		CHECK(ev.syscall_entry.args[i] == (uint64_t)(0x1000 + i));
	CHECK(ev.syscall_entry.ip == 0x401000);

	x = record(UTRACER_EV_SYSCALL_EXIT, sizeof(*x));
	x->nr = 3;
	x->arch = UTRACER_ARCH_I386;
	x->ret = -9;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_SYSCALL_EXIT);
	CHECK(ev.flags == 0);
	CHECK(ev.syscall_exit.nr == 3);
	CHECK(ev.syscall_exit.arch == AUDIT_ARCH_I386);
	CHECK(ev.syscall_exit.ret == -9);
}

static void test_exec(void)
{
	static const char path[] = "/usr/bin/true";
	struct utracer_ev_exec *x;
	size_t len = 0, size;

	size = (sizeof(*x) + sizeof(path) + 7) & ~(size_t)7;
	x = record(UTRACER_EV_EXEC, size);
	x->old_tid = 99;
	x->path_len = sizeof(path);
	memcpy(x->path, path, sizeof(path));
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(len == size);
	CHECK(ev.type == UTRACER_EVENT_EXEC);
	CHECK(ev.exec.old_tid == 99);
	CHECK(strcmp(ev.exec.path, path) == 0);

	/* No path at all: an empty string. */
	x = record(UTRACER_EV_EXEC, sizeof(*x));
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.exec.path[0] == '\0');

	/* A path that claims more room than the record has. */
	x = record(UTRACER_EV_EXEC, size);
	x->path_len = (uint32_t)(size - sizeof(*x) + 1);
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);

	/* A path without its NUL. */
	x = record(UTRACER_EV_EXEC, size);
	x->path_len = 4;
	memcpy(x->path, "abcd", 4);
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);

	/* A path longer than UTRACER_PATH_MAX is cut, still terminated. */
	size = sizeof(*x) + UTRACER_PATH_MAX + 8;
	x = record(UTRACER_EV_EXEC, size);
	x->path_len = UTRACER_PATH_MAX + 8;
	memset(x->path, 'p', UTRACER_PATH_MAX + 7);
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(strlen(ev.exec.path) == UTRACER_PATH_MAX - 1);
}

static void test_others(void)
{
	struct utracer_ev_clone *c;
	struct utracer_ev_exit *x;
	struct utracer_ev_signal *s;
	struct utracer_ev_stop *st;
	struct utracer_ev_detach *d;
	struct utracer_ev_lost *l;
	struct utracer_ev_breakpoint *b;
	size_t len = 0;

	c = record(UTRACER_EV_CLONE, sizeof(*c));
	c->child_pid = 200;
	c->child_tid = 201;
	c->clone_flags = 0x3d0f00;
	c->kind = UTRACER_CLONE_THREAD;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_CLONE);
	CHECK(ev.clone.child_pid == 200 && ev.clone.child_tid == 201);
	CHECK(ev.clone.clone_flags == 0x3d0f00);
	CHECK(ev.clone.kind == UTRACER_CLONE_KIND_THREAD);
	c->kind = UTRACER_CLONE_PROCESS;
	CHECK(decode(sizeof(storage), &len) == 0 &&
	      ev.clone.kind == UTRACER_CLONE_KIND_FORK);
	c->kind = UTRACER_CLONE_VFORK;
	CHECK(decode(sizeof(storage), &len) == 0 &&
	      ev.clone.kind == UTRACER_CLONE_KIND_VFORK);

	x = record(UTRACER_EV_EXIT, sizeof(*x));
	x->code = 3 << 8;
	x->group = 1;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_EXIT);
	CHECK(ev.exit.status == 3 << 8 && ev.exit.group == 1);

	s = record(UTRACER_EV_SIGNAL, sizeof(*s));
	s->signo = 10;
	s->code = -6;
	s->errno_ = 5;
	s->sender_pid = 42;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_SIGNAL);
	CHECK(ev.signal.signo == 10 && ev.signal.code == -6);
	CHECK(ev.signal.error == 5 && ev.signal.sender_pid == 42);
	CHECK(!(ev.signal.flags & (UTRACER_SIGNAL_SIGINFO | UTRACER_SIGNAL_ADDR)));
	/* The whole siginfo, with a fault's address. */
	s->sig_flags = UTRACER_SIGNAL_F_SIGINFO | UTRACER_SIGNAL_F_ADDR;
	s->addr = 0xdead0000beefULL;
	s->siginfo_arch = UTRACER_ARCH_I386;
	for (size_t i = 0; i < sizeof(s->siginfo); i++)
		s->siginfo[i] = (unsigned char)(i + 1);
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.signal.flags == (UTRACER_SIGNAL_SIGINFO | UTRACER_SIGNAL_ADDR));
	CHECK(ev.signal.addr == 0xdead0000beefULL);
	CHECK(ev.signal.siginfo_arch == AUDIT_ARCH_I386);
	CHECK(memcmp(ev.signal.siginfo, s->siginfo, UTRACER_SIGINFO_SIZE) == 0);
	/* A record of the second version: no siginfo, whatever follows it. */
	s->hdr.size = UTRACER_EV_SIGNAL_SIZE_VER1;
	CHECK(decode(sizeof(storage), &len) == 0 && len == UTRACER_EV_SIGNAL_SIZE_VER1);
	CHECK(ev.signal.signo == 10 && ev.signal.flags == 0 && ev.signal.addr == 0);
	CHECK(ev.signal.siginfo[0] == 0 && ev.signal.siginfo_arch == 0);
	/* And of the first: the four fields. */
	s->hdr.size = UTRACER_EV_SIGNAL_SIZE_VER0;
	CHECK(decode(sizeof(storage), &len) == 0 && len == UTRACER_EV_SIGNAL_SIZE_VER0);
	CHECK(ev.signal.signo == 10 && ev.signal.sender_pid == 42 && ev.signal.flags == 0);
	/* Shorter is malformed. */
	s->hdr.size = UTRACER_EV_SIGNAL_SIZE_VER0 - 8;
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);

	st = record(UTRACER_EV_STOP, sizeof(*st));
	st->reason = UTRACER_STOP_EVENT;
	st->event = UTRACER_EV_EXEC;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_STOP);
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_EVENT);
	CHECK(ev.stop.event == UTRACER_EVENT_EXEC);
	st->reason = UTRACER_STOP_QUIESCE;
	st->event = 0;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_QUIESCE && ev.stop.event == 0);

	d = record(UTRACER_EV_DETACH, sizeof(*d));
	d->reason = UTRACER_DETACH_CRED;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_DETACH);
	CHECK(ev.detach.reason == UTRACER_DETACH_REASON_CRED);

	l = record(UTRACER_EV_LOST, sizeof(*l));
	l->count = 12345;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_LOST && ev.lost.count == 12345);

	b = record(UTRACER_EV_BREAKPOINT, sizeof(*b));
	b->hdr.flags = UTRACER_EVF_STOPPED;
	b->id = 7;
	b->addr = 0x55550000123aULL;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.type == UTRACER_EVENT_BREAKPOINT && ev.flags == UTRACER_EVENT_F_STOPPED);
	CHECK(ev.breakpoint.id == 7 && ev.breakpoint.addr == 0x55550000123aULL);
	CHECK(strcmp(utracer_event_name(UTRACER_EVENT_BREAKPOINT), "breakpoint") == 0);
	/* A BREAKPOINT record cut short is malformed. */
	b = record(UTRACER_EV_BREAKPOINT, sizeof(struct utracer_event) + 8);
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);

	st = record(UTRACER_EV_STOP, sizeof(*st));
	st->reason = UTRACER_STOP_BREAKPOINT;
	st->event = UTRACER_EV_BREAKPOINT;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(ev.stop.reason == UTRACER_STOP_REASON_BREAKPOINT);
	CHECK(ev.stop.event == UTRACER_EVENT_BREAKPOINT);
}

static void test_growth_and_unknown(void)
{
	struct utracer_ev_exit *x;
	size_t len = 0;

	/* A known type grown by a newer module: the tail is stepped over. */
	x = record(UTRACER_EV_EXIT, sizeof(*x) + 32);
	x->code = 9;
	CHECK(decode(sizeof(storage), &len) == 0);
	CHECK(len == sizeof(*x) + 32 && ev.exit.status == 9);

	/* A type this library does not know: skip it, with its length. */
	record(UTRACER_EV_MAX + 20, 48);
	CHECK(decode(sizeof(storage), &len) == 1);
	CHECK(len == 48);
	record(0, 32);
	CHECK(decode(sizeof(storage), &len) == 1);
}

static void test_malformed(void)
{
	struct utracer_ev_syscall_exit *x;
	size_t len = 0;

	x = record(UTRACER_EV_SYSCALL_EXIT, sizeof(*x));
	CHECK(decode(sizeof(struct utracer_event) - 1, &len) == -EBADMSG);
	CHECK(decode(sizeof(*x) - 8, &len) == -EBADMSG);	/* size > avail */
	x->hdr.size = sizeof(*x) + 4;				/* not a multiple of 8 */
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);
	x->hdr.size = 16;					/* below a header */
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);
	x->hdr.size = sizeof(struct utracer_event);		/* known type, too short */
	CHECK(decode(sizeof(storage), &len) == -EBADMSG);
}

static void test_masks_and_names(void)
{
	uint64_t all = UTRACER_EVENTS_ALL;
	unsigned int k;

	CHECK(utracer__mask_to_abi(all) == UTRACER_EVMASK_ALL);
	CHECK(utracer__mask_from_abi(UTRACER_EVMASK_ALL) == all);
	for (k = 1; k < UTRACER_EVENT_KIND_MAX; k++) {
		CHECK(utracer__mask_from_abi(utracer__mask_to_abi(UTRACER_EVENT_BIT(k))) ==
		      UTRACER_EVENT_BIT(k));
		CHECK(utracer_event_name(k) != NULL);
	}
	CHECK(utracer__mask_to_abi(0) == 0);
	CHECK(utracer_event_name(0) == NULL);
	CHECK(utracer_event_name(UTRACER_EVENT_KIND_MAX) == NULL);
	CHECK(strcmp(utracer_event_name(UTRACER_EVENT_SYSCALL_ENTRY), "syscall-entry") == 0);
	CHECK(strcmp(utracer_event_name(UTRACER_EVENT_LOST), "lost") == 0);
}

int main(void)
{
	test_header_and_syscalls();
	test_exec();
	test_others();
	test_growth_and_unknown();
	test_malformed();
	test_masks_and_names();
	return ulib_verdict();
}
