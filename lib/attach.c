// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Attachments: attach and detach, event and syscall choices, stop and
 * resume, and the questions about what this client traces.
 */
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SYSCALL_KINDS (UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_ENTRY) | \
		       UTRACER_EVENT_BIT(UTRACER_EVENT_SYSCALL_EXIT))

int utracer__check_masks(uint64_t events, uint64_t stop_events)
{
	if (events & ~(uint64_t)UTRACER_EVENTS_ALL)
		return -EINVAL;
	if (stop_events & ~events)
		return -EINVAL;
	/* A thread that is exiting cannot stop. */
	if (stop_events & UTRACER_EVENT_BIT(UTRACER_EVENT_EXIT))
		return -EINVAL;
	return 0;
}

static int set_events(struct utracer *u, pid_t pid, uint64_t events,
		      uint64_t stop_events)
{
	struct utracer_set_events se;

	memset(&se, 0, sizeof(se));
	se.size = sizeof(se);
	se.pid = pid;
	se.event_mask = utracer__mask_to_abi(events);
	se.stop_mask = utracer__mask_to_abi(stop_events);
	return utracer__cmd(u, UTRACER_IOC_SET_EVENTS, &se);
}

static int syscall_set_cmd(struct utracer *u, unsigned long request, pid_t pid,
			   unsigned int which, const struct utracer_syscall_set *set)
{
	struct utracer_syscall_filter f;

	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	f.pid = pid;
	if (which & UTRACER_SYSCALL_F_ENTRY)
		f.flags |= UTRACER_SYSCALL_ENTRY;
	if (which & UTRACER_SYSCALL_F_EXIT)
		f.flags |= UTRACER_SYSCALL_EXIT;
	if (which & UTRACER_SYSCALL_F_BEFORE)
		f.flags |= UTRACER_SYSCALL_BEFORE;
	if (!set) {
		f.op = UTRACER_SYSCALL_OP_ALL;
	} else {
		unsigned int bits = UTRACER_SYSCALL_SET_BITS;
		unsigned int nr;

		/* Numbers the module cannot name must not be silently lost. */
		if (u->version.max_syscall < bits) {
			for (nr = u->version.max_syscall; nr < bits; nr++)
				if (utracer_syscall_set_has(set, nr))
					return -EINVAL;
			bits = u->version.max_syscall;
		}
		f.op = UTRACER_SYSCALL_OP_SET;
		f.bitmap_bits = bits;
		f.bitmap = (uint64_t)(uintptr_t)set->bits;
	}
	return utracer__cmd(u, request, &f);
}

static int set_syscall_filter(struct utracer *u, pid_t pid, unsigned int which,
			      const struct utracer_syscall_set *set)
{
	return syscall_set_cmd(u, UTRACER_IOC_SYSCALL_FILTER, pid, which, set);
}

static int target_cmd(struct utracer *u, unsigned long request, pid_t pid,
		      unsigned int flags)
{
	struct utracer_target t;

	if (!u || pid <= 0 || (flags & ~UTRACER_THREAD))
		return -EINVAL;
	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.flags = flags & UTRACER_THREAD ? UTRACER_TARGET_THREAD : 0;
	t.pid = pid;
	return utracer__cmd(u, request, &t);
}

#define FOLLOW_FLAGS (UTRACER_ATTACH_F_FOLLOW_FORK | UTRACER_ATTACH_F_STOP_NEW)

static int set_follow(struct utracer *u, pid_t pid, unsigned int flags)
{
	struct utracer_set_follow sf;

	memset(&sf, 0, sizeof(sf));
	sf.size = sizeof(sf);
	sf.pid = pid;
	if (flags & UTRACER_ATTACH_F_FOLLOW_FORK)
		sf.flags |= UTRACER_ATTACH_FOLLOW_FORK;
	if (flags & UTRACER_ATTACH_F_STOP_NEW)
		sf.flags |= UTRACER_ATTACH_STOP_NEW;
	return utracer__cmd(u, UTRACER_IOC_SET_FOLLOW, &sf);
}

static int attach(struct utracer *u, pid_t pid,
		  const struct utracer_attach_opts *opts)
{
	const struct utracer_syscall_set *entry, *exit;
	uint64_t events, stop_events, first;
	struct utracer_attach a;
	unsigned int flags;
	int err;

	if (!u || pid <= 0 || !OPTS_VALID(opts, utracer_attach_opts) ||
	    OPTS_GET(opts, __pad0, 0))
		return -EINVAL;
	flags = OPTS_GET(opts, flags, 0);
	events = OPTS_GET(opts, events, 0);
	stop_events = OPTS_GET(opts, stop_events, 0);
	entry = OPTS_GET(opts, syscall_entry, NULL);
	exit = OPTS_GET(opts, syscall_exit, NULL);
	if (flags & ~(UTRACER_THREAD | UTRACER_ATTACH_F_QUIESCE | UTRACER_ATTACH_F_LOSSY |
		      FOLLOW_FLAGS))
		return -EINVAL;
	if ((flags & UTRACER_THREAD) && (flags & FOLLOW_FLAGS))
		return -EINVAL;
	err = utracer__check_masks(events, stop_events);
	if (err)
		return err;

	/*
	 * With a syscall filter, syscall events start only once the filter is
	 * in place: attach without them, filter, then widen the masks; and
	 * following starts last, so that every child gets the whole setup.
	 */
	first = (entry || exit) ? SYSCALL_KINDS : 0;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.pid = pid;
	if (flags & UTRACER_THREAD)
		a.flags |= UTRACER_ATTACH_THREAD;
	if (flags & UTRACER_ATTACH_F_QUIESCE)
		a.flags |= UTRACER_ATTACH_QUIESCE;
	if (flags & UTRACER_ATTACH_F_LOSSY)
		a.flags |= UTRACER_ATTACH_LOSSY;
	if (!first && (flags & UTRACER_ATTACH_F_FOLLOW_FORK))
		a.flags |= UTRACER_ATTACH_FOLLOW_FORK;
	if (!first && (flags & UTRACER_ATTACH_F_STOP_NEW))
		a.flags |= UTRACER_ATTACH_STOP_NEW;
	a.event_mask = utracer__mask_to_abi(events & ~first);
	a.stop_mask = utracer__mask_to_abi(stop_events & ~first);
	err = utracer__cmd(u, UTRACER_IOC_ATTACH, &a);
	if (err || !first)
		return err;

	if (entry)
		err = set_syscall_filter(u, pid, UTRACER_SYSCALL_F_ENTRY, entry);
	if (!err && exit)
		err = set_syscall_filter(u, pid, UTRACER_SYSCALL_F_EXIT, exit);
	if (!err && (events & first))
		err = set_events(u, pid, events, stop_events);
	if (!err && (flags & FOLLOW_FLAGS))
		err = set_follow(u, pid, flags & FOLLOW_FLAGS);
	if (err)
		target_cmd(u, UTRACER_IOC_DETACH, pid, flags & UTRACER_THREAD);
	return err;
}

UTRACER_EXPORT
int utracer_attach(struct utracer *u, pid_t pid,
		   const struct utracer_attach_opts *opts)
{
	return utracer_err(attach(u, pid, opts));
}

UTRACER_EXPORT
int utracer_detach(struct utracer *u, pid_t pid, unsigned int flags)
{
	return utracer_err(target_cmd(u, UTRACER_IOC_DETACH, pid, flags));
}

UTRACER_EXPORT
int utracer_quiesce(struct utracer *u, pid_t pid, unsigned int flags)
{
	struct utracer_target t;

	if (!(flags & UTRACER_QUIESCE_WAIT))
		return utracer_err(target_cmd(u, UTRACER_IOC_QUIESCE, pid, flags));
	if (!u || pid <= 0 || (flags & ~(UTRACER_THREAD | UTRACER_QUIESCE_WAIT)))
		return utracer_err(-EINVAL);
	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.flags = UTRACER_TARGET_WAIT;
	if (flags & UTRACER_THREAD)
		t.flags |= UTRACER_TARGET_THREAD;
	t.pid = pid;
	return utracer_err(utracer__cmd(u, UTRACER_IOC_QUIESCE, &t));
}

UTRACER_EXPORT
int utracer_run(struct utracer *u, pid_t pid, unsigned int flags)
{
	return utracer_err(target_cmd(u, UTRACER_IOC_RUN, pid, flags));
}

UTRACER_EXPORT
int utracer_step(struct utracer *u, pid_t tid, unsigned int flags)
{
	if (u && !(u->version.features & UTRACER_FEAT_STEP))
		return utracer_err(-EOPNOTSUPP);
	return utracer_err(target_cmd(u, UTRACER_IOC_STEP, tid, flags));
}

UTRACER_EXPORT
int utracer_set_events(struct utracer *u, pid_t pid, uint64_t events,
		       uint64_t stop_events)
{
	int err;

	if (!u || pid <= 0)
		return utracer_err(-EINVAL);
	err = utracer__check_masks(events, stop_events);
	if (err)
		return utracer_err(err);
	return utracer_err(set_events(u, pid, events, stop_events));
}

UTRACER_EXPORT
int utracer_set_syscall_filter(struct utracer *u, pid_t pid,
			       unsigned int which,
			       const struct utracer_syscall_set *set)
{
	const unsigned int both = UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT;

	if (!u || pid <= 0 || !which || (which & ~both))
		return utracer_err(-EINVAL);
	return utracer_err(set_syscall_filter(u, pid, which, set));
}

UTRACER_EXPORT
int utracer_set_follow(struct utracer *u, pid_t pid, unsigned int flags)
{
	if (!u || pid <= 0 || (flags & ~FOLLOW_FLAGS))
		return utracer_err(-EINVAL);
	return utracer_err(set_follow(u, pid, flags));
}

UTRACER_EXPORT
int utracer_set_syscall_stops(struct utracer *u, pid_t pid, unsigned int which,
			      const struct utracer_syscall_set *set)
{
	const unsigned int known = UTRACER_SYSCALL_F_ENTRY | UTRACER_SYSCALL_F_EXIT |
				   UTRACER_SYSCALL_F_BEFORE;

	if (!u || pid <= 0 || !which || (which & ~known))
		return utracer_err(-EINVAL);
	return utracer_err(syscall_set_cmd(u, UTRACER_IOC_SYSCALL_STOPS, pid, which, set));
}

static int capture_arch_to_abi(uint32_t arch)
{
	switch (arch) {
	case AUDIT_ARCH_X86_64:
		return UTRACER_ARCH_X86_64;
	case AUDIT_ARCH_I386:
		return UTRACER_ARCH_I386;
	}
	return -EINVAL;
}

/* One definition in the module's terms; -EINVAL for what it cannot say. */
static int capture_spec(const struct utracer_capture_def *d, struct utracer_capture_spec *s)
{
	int arch = capture_arch_to_abi(d->arch);

	memset(s, 0, sizeof(*s));
	if (arch < 0 || d->nr < 0 || d->arg > 5 || d->len_arg > 5 || d->elem > UINT16_MAX ||
	    d->max == 0 || d->max > UTRACER_CAPTURE_BYTES_MAX)
		return -EINVAL;
	if (d->when == UTRACER_SYSCALL_F_ENTRY)
		s->when = UTRACER_SYSCALL_ENTRY;
	else if (d->when == UTRACER_SYSCALL_F_EXIT)
		s->when = UTRACER_SYSCALL_EXIT;
	else
		return -EINVAL;
	switch (d->kind) {
	case UTRACER_CAPTURE_STRING:
		if (d->len_from != UTRACER_CAPTURE_LEN_FIXED || d->elem)
			return -EINVAL;
		s->kind = UTRACER_CAPTURE_STR;
		break;
	case UTRACER_CAPTURE_MEMORY:
		s->kind = UTRACER_CAPTURE_MEM;
		break;
	default:
		return -EINVAL;
	}
	switch (d->len_from) {
	case UTRACER_CAPTURE_LEN_FIXED:
		if (d->elem)
			return -EINVAL;
		s->len_from = UTRACER_CAPTURE_LEN_MAX;
		break;
	case UTRACER_CAPTURE_LEN_FROM_ARG:
		s->len_from = UTRACER_CAPTURE_LEN_ARG;
		break;
	case UTRACER_CAPTURE_LEN_FROM_RET:
		if (d->when != UTRACER_SYSCALL_F_EXIT)
			return -EINVAL;
		s->len_from = UTRACER_CAPTURE_LEN_RET;
		break;
	default:
		return -EINVAL;
	}
	s->nr = d->nr;
	s->arch = (uint8_t)arch;
	s->arg = (uint8_t)d->arg;
	s->len_arg = (uint8_t)d->len_arg;
	s->elem = (uint16_t)d->elem;
	s->max = d->max;
	return 0;
}

UTRACER_EXPORT
int utracer_set_captures(struct utracer *u, pid_t pid,
			 const struct utracer_capture_def *defs, size_t count)
{
	struct utracer_syscall_capture c;
	struct utracer_capture_spec *specs = NULL;
	int err;

	if (!u || pid <= 0 || (count && !defs))
		return utracer_err(-EINVAL);
	if (!(u->version.features & UTRACER_FEAT_CAPTURE))
		return utracer_err(-EOPNOTSUPP);
	if (count > UTRACER_CAPTURE_DEFS_MAX)
		return utracer_err(-E2BIG);
	if (count) {
		specs = calloc(count, sizeof(*specs));
		if (!specs)
			return utracer_err(-ENOMEM);
	}
	for (size_t i = 0; i < count; i++) {
		err = capture_spec(&defs[i], &specs[i]);
		if (err) {
			free(specs);
			return utracer_err(err);
		}
	}
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.pid = pid;
	c.count = (uint32_t)count;
	c.specs = (uint64_t)(uintptr_t)specs;
	err = utracer__cmd(u, UTRACER_IOC_SYSCALL_CAPTURE, &c);
	free(specs);
	return utracer_err(err);
}

UTRACER_EXPORT
int utracer_is_attached(struct utracer *u, pid_t pid)
{
	struct utracer_check_pid c;
	int err;

	if (!u || pid <= 0)
		return utracer_err(-EINVAL);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.pid = pid;
	err = utracer__cmd(u, UTRACER_IOC_CHECK_PID, &c);
	if (err == -ESRCH)
		return 0;
	return err ? utracer_err(err) : 1;
}

static uint32_t state_from_abi(uint32_t state)
{
	switch (state) {
	case UTRACER_TASK_RUNNING:
		return UTRACER_STATE_RUNNING;
	case UTRACER_TASK_STOPPING:
		return UTRACER_STATE_STOPPING;
	case UTRACER_TASK_STOPPED:
		return UTRACER_STATE_STOPPED;
	case UTRACER_TASK_EXITED:
		return UTRACER_STATE_EXITED;
	}
	return 0;
}

/* BP_LIST's argument is TASK_LIST's, field for field. */
_Static_assert(sizeof(struct utracer_task_list) == sizeof(struct utracer_bp_list) &&
	       offsetof(struct utracer_task_list, count) ==
	       offsetof(struct utracer_bp_list, count) &&
	       offsetof(struct utracer_task_list, buf) == offsetof(struct utracer_bp_list, buf),
	       "TASK_LIST and BP_LIST take the same struct");

int utracer__list_query(struct utracer *u, unsigned long request, size_t elem,
			void **entries, uint32_t *count, size_t out_elem, void **out)
{
	struct utracer_task_list l;
	uint32_t cap = 16;
	void *buf = NULL;
	int err;

	/* The list may grow between calls: retry until it fits. */
	for (;;) {
		void *p = realloc(buf, cap * elem);

		if (!p) {
			free(buf);
			return -ENOMEM;
		}
		buf = p;
		/* Zeroed so that tools like valgrind see what the module wrote. */
		memset(buf, 0, cap * elem);
		memset(&l, 0, sizeof(l));
		l.size = sizeof(l);
		l.count = cap;
		l.buf = (uint64_t)(uintptr_t)buf;
		err = utracer__cmd(u, request, &l);
		if (err) {
			free(buf);
			return err;
		}
		if (l.count <= cap)
			break;
		if (l.count > UINT32_MAX - 16) {
			free(buf);
			return -EOVERFLOW;
		}
		cap = l.count + 16;
	}
	/* One element more than needed, so that an empty list is not NULL. */
	*out = calloc(l.count + 1, out_elem);
	if (!*out) {
		free(buf);
		return -ENOMEM;
	}
	*entries = buf;
	*count = l.count;
	return 0;
}

static int task_list(struct utracer *u, struct utracer_task **out, size_t *count)
{
	struct utracer_task_info *info;
	struct utracer_task *tasks;
	void *raw, *list;
	uint32_t n, i;
	int err;

	err = utracer__list_query(u, UTRACER_IOC_TASK_LIST, sizeof(*info), &raw, &n,
				  sizeof(*tasks), &list);
	if (err)
		return err;
	info = raw;
	tasks = list;
	for (i = 0; i < n; i++) {
		tasks[i].pid = info[i].pid;
		tasks[i].tid = info[i].tid;
		tasks[i].state = state_from_abi(info[i].state);
		tasks[i].flags = info[i].flags & UTRACER_TASKF_PROCESS ?
				 UTRACER_TASK_F_PROCESS : 0;
	}
	free(info);
	*out = tasks;
	*count = n;
	return 0;
}

UTRACER_EXPORT
struct utracer_task *utracer_task_list(struct utracer *u, size_t *count)
{
	struct utracer_task *tasks;
	size_t n;
	int err;

	if (!u || !count)
		return utracer_err_ptr(-EINVAL);
	err = task_list(u, &tasks, &n);
	if (err)
		return utracer_err_ptr(err);
	*count = n;
	return tasks;
}

UTRACER_EXPORT
int utracer_set_signal_holds(struct utracer *u, pid_t pid, uint64_t mask)
{
	struct utracer_signal_holds h;

	if (!u || pid <= 0)
		return utracer_err(-EINVAL);
	if (!(u->version.features & UTRACER_FEAT_SIGNAL_HOLD))
		return utracer_err(-EOPNOTSUPP);
	memset(&h, 0, sizeof(h));
	h.size = sizeof(h);
	h.pid = pid;
	h.mask = mask;
	return utracer_err(utracer__cmd(u, UTRACER_IOC_SIGNAL_HOLDS, &h));
}

UTRACER_EXPORT
int utracer_signal_verdict(struct utracer *u, pid_t tid, int signo)
{
	struct utracer_signal_verdict v;

	if (!u || tid <= 0 || signo < 0 || signo > 64)
		return utracer_err(-EINVAL);
	if (!(u->version.features & UTRACER_FEAT_SIGNAL_HOLD))
		return utracer_err(-EOPNOTSUPP);
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	v.tid = tid;
	v.signo = signo;
	return utracer_err(utracer__cmd(u, UTRACER_IOC_SIGNAL_VERDICT, &v));
}
