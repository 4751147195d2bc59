// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: SYSCALL_CAPTURE, the memory a syscall's
 * arguments point to, copied into its SYSCALL_ENTRY or SYSCALL_EXIT record
 * (the uapi header's "Captures" section says what the client sees).
 *
 * A capture table (struct utracer_captures) holds the specs one command
 * gave, sorted by key (arch, when, nr) and, within a key, in the order
 * given: a record finds its specs by binary search. A table never changes
 * once built. Each attachment using it holds a reference (SYSCALL_CAPTURE
 * gives one to every thread of its target; a thread followed at clone
 * takes one from its creator's attachment), and so does a thread's entry
 * retry (struct utracer_capture_retry); the last put frees it after an RCU
 * grace period, since reports read att->captures under RCU.
 * att->captures is replaced under the client's mutex. att->retry is
 * touched only by the attachment's thread, in its own reports (and by
 * ->release(), once none can come): no lock.
 *
 * Reports must not sleep (probes with preemption off, maybe under
 * siglock): only the non-faulting copies are used, so memory that is not
 * resident cannot be taken. A record is sized first (utracer_capture_plan(),
 * which reads the strings' lengths), then reserved, then written
 * (utracer_capture_write()). A buffer that cannot be read whole keeps the
 * part before its first unreadable page; a string whose copy fails (it
 * changed since it was measured) is left out whole; both have F_FAULT. The
 * blocks are packed by their real lengths, and the record ends in zeros.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sort.h>
#include "iface.h"

/* A key: arch (2 bits), when (2 bits), nr (10 bits). */
static_assert(UTRACER_SYSCALL_MAX <= 1024);

struct utracer_capture_ent {
	u32 key;
	u16 pos;			/* its rank in the command: a stable sort */
	u8 index;			/* its rank among its key's */
	struct utracer_capture_spec spec;
};

struct utracer_captures {
	refcount_t ref;
	struct rcu_head rcu;
	unsigned int count;
	struct utracer_capture_ent ents[];
};

static u32 utracer_capture_key(unsigned int arch, unsigned int when, long nr)
{
	return arch << 12 | when << 10 | nr;
}

/* A block of @len bytes of data, padded. */
static u32 utracer_capture_block(u32 len)
{
	return ALIGN(sizeof(struct utracer_ev_capture) + len, UTRACER_EVENT_ALIGN);
}

/*
 * The specs of (@arch, @when, @nr) in @tab: the first, and their number
 * in *@n (0: none). CONTEXT: RCU or a table reference.
 */
static const struct utracer_capture_ent *
utracer_capture_find(const struct utracer_captures *tab, unsigned int arch,
		     unsigned int when, long nr, unsigned int *n)
{
	unsigned int lo = 0, hi = tab->count, mid, end;
	u32 key;

	*n = 0;
	if (nr < 0 || nr >= UTRACER_SYSCALL_MAX || arch > 3)
		return NULL;
	key = utracer_capture_key(arch, when, nr);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tab->ents[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < tab->count && tab->ents[end].key == key; end++)
		;
	*n = end - lo;
	return &tab->ents[lo];
}

static void utracer_captures_free_rcu(struct rcu_head *rcu)
{
	kvfree(container_of(rcu, struct utracer_captures, rcu));
}

/* Drop a reference to @tab (NULL: none). CONTEXT: any. */
static void utracer_captures_put(struct utracer_captures *tab)
{
	if (tab && refcount_dec_and_test(&tab->ref))
		call_rcu(&tab->rcu, utracer_captures_free_rcu);
}

static int utracer_capture_cmp(const void *a, const void *b)
{
	const struct utracer_capture_ent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (int)x->pos - (int)y->pos;
}

/* RETURNS: 0, -EINVAL or -E2BIG for one spec (the header's rules). */
static int utracer_capture_check(const struct utracer_capture_spec *s)
{
	if (s->arch != UTRACER_ARCH_X86_64 && s->arch != UTRACER_ARCH_I386)
		return -EINVAL;
	if (s->when != UTRACER_SYSCALL_ENTRY && s->when != UTRACER_SYSCALL_EXIT)
		return -EINVAL;
	if (s->nr < 0 || s->nr >= UTRACER_SYSCALL_MAX || s->arg > 5 || s->len_arg > 5 || !s->max)
		return -EINVAL;
	switch (s->kind) {
	case UTRACER_CAPTURE_STR:
		if (s->len_from != UTRACER_CAPTURE_LEN_MAX || s->len_arg || s->elem)
			return -EINVAL;
		break;
	case UTRACER_CAPTURE_MEM:
		if (s->len_from > UTRACER_CAPTURE_LEN_RET)
			return -EINVAL;
		if (s->len_from == UTRACER_CAPTURE_LEN_RET && s->when != UTRACER_SYSCALL_EXIT)
			return -EINVAL;
		if (s->len_from == UTRACER_CAPTURE_LEN_MAX && s->elem)
			return -EINVAL;
		if (s->len_from != UTRACER_CAPTURE_LEN_ARG && s->len_arg)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	return s->max > UTRACER_CAPTURE_BYTES_MAX ? -E2BIG : 0;
}

/* The blocks of @n specs from @e at their max. */
static u64 utracer_capture_worst(const struct utracer_capture_ent *e, unsigned int n)
{
	u64 bytes = 0;

	while (n--)
		bytes += utracer_capture_block(e[n].spec.max);
	return bytes;
}

/*
 * Rank the sorted specs within their keys, and check each key's limits:
 * UTRACER_CAPTURE_PER_CALL, and its largest record (an exit's with the
 * entry captures it may take again) within @room.
 * RETURNS: 0 or -E2BIG.
 */
static int utracer_captures_index(struct utracer_captures *tab, u64 room)
{
	const struct utracer_capture_ent *e, *ent;
	unsigned int i, j, n, nent;
	u64 size;

	for (i = 0; i < tab->count; i = j) {
		e = &tab->ents[i];
		for (j = i; j < tab->count && tab->ents[j].key == e->key; j++) {
			if (j - i >= UTRACER_CAPTURE_PER_CALL)
				return -E2BIG;
			tab->ents[j].index = j - i;
		}
		n = j - i;
		size = utracer_capture_worst(e, n);
		if (e->spec.when == UTRACER_SYSCALL_EXIT) {
			size += sizeof(struct utracer_ev_syscall_exit);
			ent = utracer_capture_find(tab, e->spec.arch, UTRACER_SYSCALL_ENTRY,
						   e->spec.nr, &nent);
			/* The entry group is ranked already: it sorts first. */
			size += utracer_capture_worst(ent, nent);
		} else {
			size += sizeof(struct utracer_ev_syscall_entry);
		}
		if (size > room)
			return -E2BIG;
	}
	return 0;
}

/*
 * A table of @count specs from @uspecs, for @client's ring, with one
 * reference. RETURNS: the table; ERR_PTR(-EFAULT, -EINVAL, -E2BIG, -ENOMEM).
 * CONTEXT: process, may sleep.
 */
static struct utracer_captures *
utracer_captures_build(struct utracer_client *client, const void __user *uspecs, u32 count)
{
	struct utracer_capture_spec *specs;
	struct utracer_captures *tab;
	struct utracer_capture_ent *e;
	u64 room = (client->ring.mask + 1) / 4;
	int ret = 0;
	u32 i;

	specs = kvmalloc_array(count, sizeof(*specs), GFP_KERNEL_ACCOUNT);
	tab = kvzalloc(struct_size(tab, ents, count), GFP_KERNEL_ACCOUNT);
	if (!specs || !tab) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(specs, uspecs, array_size(count, sizeof(*specs)))) {
		ret = -EFAULT;
		goto out;
	}
	for (i = 0; i < count && !ret; i++) {
		ret = utracer_capture_check(&specs[i]);
		e = &tab->ents[i];
		e->spec = specs[i];
		e->pos = i;
		e->key = utracer_capture_key(specs[i].arch, specs[i].when, specs[i].nr);
	}
	if (ret)
		goto out;
	tab->count = count;
	sort(tab->ents, count, sizeof(*tab->ents), utracer_capture_cmp, NULL);
	ret = utracer_captures_index(tab, room);
	refcount_set(&tab->ref, 1);
out:
	kvfree(specs);
	if (ret) {
		kvfree(tab);
		return ERR_PTR(ret);
	}
	return tab;
}

/*
 * SYSCALL_CAPTURE: replace the capture table of every thread of an
 * attachment.
 * RETURNS: 0; -EINVAL, -E2BIG (the header's rules); -EFAULT (the specs);
 * -ESRCH; -ENOMEM.
 */
long utracer_cmd_syscall_capture(struct utracer_cmd_ctx *c)
{
	const struct utracer_syscall_capture *sc = c->arg;
	struct utracer_client *client = c->client;
	struct utracer_captures *tab = NULL, *old;
	struct utracer_attachment **v;
	int i, n;

	if (sc->flags)
		return -EINVAL;
	if (sc->count > UTRACER_CAPTURE_SPECS_MAX)
		return -E2BIG;
	if (sc->count) {
		tab = utracer_captures_build(client, u64_to_user_ptr(sc->specs), sc->count);
		if (IS_ERR(tab))
			return PTR_ERR(tab);
	}
	v = utracer_collect(client, sc->pid, false, &n);
	if (IS_ERR(v)) {
		utracer_captures_put(tab);
		return PTR_ERR(v);
	}
	mutex_lock(&client->mutex);
	for (i = 0; i < n; i++) {
		if (tab)
			refcount_inc(&tab->ref);
		old = rcu_replace_pointer(v[i]->captures, tab, lockdep_is_held(&client->mutex));
		utracer_captures_put(old);
	}
	mutex_unlock(&client->mutex);
	utracer_put_collected(v, n);
	utracer_captures_put(tab);
	return 0;
}

/*
 * A thread followed at clone uses its creator's table.
 * CONTEXT: atomic (the task_newtask probe); @att is not yet reported to.
 */
void utracer_captures_inherit(struct utracer_attachment *att,
			      struct utracer_attachment *parent)
{
	struct utracer_captures *tab;

	rcu_read_lock();
	tab = rcu_dereference(parent->captures);
	/* At zero the table was replaced: read the pointer again. */
	while (tab && !refcount_inc_not_zero(&tab->ref)) {
		/* Pairs with the put's release after rcu_replace_pointer(). */
		smp_rmb();
		tab = rcu_dereference(parent->captures);
	}
	rcu_read_unlock();
	RCU_INIT_POINTER(att->captures, tab);
}

static void utracer_capture_retry_drop(struct utracer_attachment *att)
{
	utracer_captures_put(att->retry.tab);
	att->retry.tab = NULL;
	att->retry.mask = 0;
}

/* CONTEXT: ->release(): no report can come any more. */
void utracer_captures_release(struct utracer_attachment *att)
{
	utracer_capture_retry_drop(att);
	utracer_captures_put(rcu_dereference_protected(att->captures, true));
}

/* strnlen_user_nofault(), which the kernel does not export. */
static long utracer_strnlen_nofault(u64 addr, long count)
{
	long n;

	pagefault_disable();
	n = strnlen_user(u64_to_user_ptr(addr), count);
	pagefault_enable();
	return n;
}

/*
 * Plan the block of the spec @e, with the arguments @args and the return
 * value @ret (an exit's). @readable: false when the memory is gone (an
 * exec since the entry).
 */
static void utracer_capture_plan_one(struct utracer_capture_plan *p,
				     const struct utracer_capture_ent *e,
				     const unsigned long *args, long ret, bool readable)
{
	const struct utracer_capture_spec *s = &e->spec;
	u64 want, count;
	long n;

	memset(p, 0, sizeof(*p));
	p->addr = args[s->arg];
	p->index = e->index;
	p->arg = s->arg;
	if (!p->addr || !readable) {
		p->flags = UTRACER_CAPTURE_F_FAULT;
		return;
	}
	if (s->kind == UTRACER_CAPTURE_STR) {
		p->str = true;
		n = utracer_strnlen_nofault(p->addr, (long)s->max + 1);
		if (n <= 0) {
			p->flags = UTRACER_CAPTURE_F_FAULT;
		} else if (n > s->max) {
			p->len = s->max;
			p->flags = UTRACER_CAPTURE_F_TRUNCATED;
		} else {
			p->len = n;
			p->nul = true;
		}
		return;
	}
	switch (s->len_from) {
	case UTRACER_CAPTURE_LEN_ARG:
		count = args[s->len_arg];
		break;
	case UTRACER_CAPTURE_LEN_RET:
		count = ret < 0 ? 0 : ret;
		break;
	default:
		count = s->max;
		break;
	}
	/* No overflow: a count past max is cut anyway. */
	want = count > s->max ? (u64)s->max + 1 : count * (s->elem ? s->elem : 1);
	if (want > s->max) {
		p->len = s->max;
		p->flags = UTRACER_CAPTURE_F_TRUNCATED;
	} else {
		p->len = want;
	}
}

/* Add the planned @p to @cs if the record stays within @room. */
static bool utracer_capture_add(struct utracer_capture_set *cs,
				const struct utracer_capture_plan *p, u64 room)
{
	u32 block = utracer_capture_block(p->len);

	if (cs->bytes + block > room)
		return false;
	cs->p[cs->n++] = *p;
	cs->bytes += block;
	return true;
}

/*
 * The entry captures @att's thread remembered as faulted, taken again at
 * the exit @r of the same call, after the exit's own. A held call whose
 * number changed may have more than its exit's worst case allowed for:
 * what does not fit in the record's @room is left out.
 */
static void utracer_capture_plan_retry(struct utracer_attachment *att,
				       const struct utrace_report *r,
				       struct utracer_capture_set *cs, u64 room)
{
	struct utracer_capture_retry *rt = &att->retry;
	long nr = r->sc_exit.held ? r->sc_exit.held_nr : r->sc_exit.nr;
	const struct utracer_capture_ent *e;
	struct utracer_capture_plan p;
	unsigned int i, n;

	if (!rt->tab)
		return;
	if (rt->arch == r->sc_exit.arch && rt->nr == nr) {
		e = utracer_capture_find(rt->tab, rt->arch, UTRACER_SYSCALL_ENTRY, nr, &n);
		for (i = 0; i < n; i++) {
			if (!(rt->mask & BIT(i)))
				continue;
			utracer_capture_plan_one(&p, &e[i], rt->args, 0, current->mm == rt->mm);
			p.flags |= UTRACER_CAPTURE_F_ENTRY;
			if (!utracer_capture_add(cs, &p, room))
				break;
		}
	}
	utracer_capture_retry_drop(att);
}

/**
 * utracer_capture_plan() - the captures of the syscall record @r of @att
 * @att: the attachment reported to
 * @r: a SYSCALL_ENTRY or SYSCALL_EXIT report
 * @cs: filled with their plans
 *
 * An entry forgets what an earlier entry left to take again.
 * RETURNS: the bytes they add to the record, at most.
 * CONTEXT: @att's thread's report, under RCU until utracer_capture_write().
 */
u32 utracer_capture_plan(struct utracer_attachment *att, const struct utrace_report *r,
			 struct utracer_capture_set *cs)
{
	struct utracer_captures *tab = rcu_dereference(att->captures);
	u64 room = (att->client->ring.mask + 1) / 4;
	const struct utracer_capture_ent *e = NULL;
	struct utracer_capture_plan p;
	unsigned int i, n = 0;

	cs->n = 0;
	cs->bytes = 0;
	cs->tab = tab;
	if (r->type == UTRACER_EV_SYSCALL_ENTRY) {
		if (att->retry.tab)
			utracer_capture_retry_drop(att);
		if (tab)
			e = utracer_capture_find(tab, r->sc_entry.arch, UTRACER_SYSCALL_ENTRY,
						 r->sc_entry.nr, &n);
		room -= sizeof(struct utracer_ev_syscall_entry);
		for (i = 0; i < n; i++) {
			utracer_capture_plan_one(&p, &e[i], r->sc_entry.args, 0, true);
			p.retry = true;
			utracer_capture_add(cs, &p, room);
		}
		return cs->bytes;
	}
	if (tab)
		e = utracer_capture_find(tab, r->sc_exit.arch, UTRACER_SYSCALL_EXIT,
					 r->sc_exit.nr, &n);
	room -= sizeof(struct utracer_ev_syscall_exit);
	for (i = 0; i < n; i++) {
		utracer_capture_plan_one(&p, &e[i], r->sc_exit.args, r->sc_exit.ret, true);
		utracer_capture_add(cs, &p, room);
	}
	utracer_capture_plan_retry(att, r, cs, room);
	return cs->bytes;
}

/*
 * A buffer that cannot be read whole: the part before the first page that
 * cannot. RETURNS: the bytes copied to @dst (the rest of its @len zeroed).
 */
static u32 utracer_capture_partial(void *dst, u64 addr, u32 len)
{
	u32 done = 0, chunk;

	while (done < len) {
		chunk = min_t(u64, len - done, PAGE_SIZE - ((addr + done) & ~PAGE_MASK));
		if (copy_from_user_nofault(dst + done, u64_to_user_ptr(addr + done), chunk))
			break;
		done += chunk;
	}
	/* Whatever the failed copy left goes. */
	memset(dst + done, 0, len - done);
	return done;
}

/*
 * An entry's captures that found memory they could not read, to take again
 * at the exit: with a reference to the table they come from.
 */
static void utracer_capture_remember(struct utracer_attachment *att,
				     const struct utrace_report *r,
				     struct utracer_captures *tab, u8 mask)
{
	struct utracer_capture_retry *rt = &att->retry;

	if (!refcount_inc_not_zero(&tab->ref))
		return;
	rt->tab = tab;
	rt->mm = current->mm;
	memcpy(rt->args, r->sc_entry.args, sizeof(rt->args));
	rt->nr = r->sc_entry.nr;
	rt->arch = r->sc_entry.arch;
	rt->mask = mask;
}

/**
 * utracer_capture_write() - copy the captures @cs planned into a record
 * @att: the attachment reported to
 * @r: the report utracer_capture_plan() planned for
 * @cs: its plan
 * @blocks: where they go in the record: @cs->bytes, zeroed
 *
 * RETURNS: the number of blocks written.
 * CONTEXT: as utracer_capture_plan(), once per record.
 */
u32 utracer_capture_write(struct utracer_attachment *att, const struct utrace_report *r,
			  const struct utracer_capture_set *cs, void *blocks)
{
	const struct utracer_capture_plan *p;
	struct utracer_ev_capture *b;
	u8 retry = 0;
	unsigned int i;

	for (i = 0; i < cs->n; i++) {
		p = &cs->p[i];
		b = blocks;
		b->len = p->len;
		b->flags = p->flags;
		b->index = p->index;
		b->arg = p->arg;
		b->addr = p->addr;
		if (p->len && copy_from_user_nofault(b->data, u64_to_user_ptr(p->addr), p->len)) {
			b->flags |= UTRACER_CAPTURE_F_FAULT;
			if (p->str) {
				/* A string is taken whole or not at all. */
				memset(b->data, 0, p->len);
				b->len = 0;
				b->flags &= ~UTRACER_CAPTURE_F_TRUNCATED;
			} else {
				b->len = utracer_capture_partial(b->data, p->addr, p->len);
			}
		} else if (p->nul) {
			/* A string that changed since it was measured still ends here. */
			b->data[p->len - 1] = 0;
		}
		if (p->retry && p->addr && (b->flags & UTRACER_CAPTURE_F_FAULT)) {
			b->flags |= UTRACER_CAPTURE_F_RETRIED;
			retry |= BIT(p->index);
		}
		blocks += utracer_capture_block(b->len);
	}
	if (retry && cs->tab)
		utracer_capture_remember(att, r, cs->tab, retry);
	return cs->n;
}
