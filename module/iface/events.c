// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the engine callbacks that turn reports into
 * event records, the per-client queue, and the resp file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/kmemleak.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include "iface.h"

static struct utracer_attachment *to_att(struct utrace_engine *engine)
{
	return utrace_engine_data(engine);
}

/* Each record type's size, from the list libutracer reads them by. */
static const u16 utracer_record_sizes[UTRACER_EV_MAX] = {
#define UTRACER_EVENT_TYPE(type, name, rec, min_size) \
	[UTRACER_EV_##type] = sizeof(struct rec),
#include <linux/utracer_event_types.h>
};

/* The record for @r: its type's size, and for EXEC the path after it. */
static size_t utracer_record_size(const struct utrace_report *r)
{
	size_t size = r->type < UTRACER_EV_MAX ? utracer_record_sizes[r->type] : 0;

	if (r->type == UTRACER_EV_EXEC)
		size = ALIGN(size + strnlen(r->exec.path, PATH_MAX - 1) + 1, UTRACER_EVENT_ALIGN);
	return size;
}

static void utracer_record_fill(struct utracer_client *client, void *rec,
				const struct utrace_report *r)
{
	struct utracer_ev_syscall_entry *sce = rec;
	struct utracer_ev_syscall_exit *scx = rec;
	struct utracer_ev_exec *exec = rec;
	struct utracer_ev_clone *clone = rec;
	struct utracer_ev_exit *exit = rec;
	struct utracer_ev_signal *sig = rec;
	struct utracer_ev_stop *stop = rec;
	struct utracer_ev_detach *detach = rec;
	struct utracer_ev_breakpoint *bp = rec;
	size_t n;

	switch (r->type) {
	case UTRACER_EV_SYSCALL_ENTRY:
		sce->nr = r->sc_entry.nr;
		sce->arch = r->sc_entry.arch;
		memcpy(sce->args, r->sc_entry.args, sizeof(sce->args));
		sce->ip = r->sc_entry.ip;
		break;
	case UTRACER_EV_SYSCALL_EXIT:
		scx->nr = r->sc_exit.nr;
		scx->arch = r->sc_exit.arch;
		scx->ret = r->sc_exit.ret;
		break;
	case UTRACER_EV_EXEC:
		n = strnlen(r->exec.path, PATH_MAX - 1);
		exec->old_tid = r->exec.old_tid;
		exec->path_len = n + 1;
		memcpy(exec->path, r->exec.path, n);
		break;
	case UTRACER_EV_CLONE:
		clone->child_pid = utracer_task_tgid(client, r->clone.child);
		clone->child_tid = utracer_task_pid(client, r->clone.child);
		clone->clone_flags = r->clone.flags;
		if (r->clone.flags & CLONE_THREAD)
			clone->kind = UTRACER_CLONE_THREAD;
		else if (r->clone.flags & CLONE_VFORK)
			clone->kind = UTRACER_CLONE_VFORK;
		else
			clone->kind = UTRACER_CLONE_PROCESS;
		break;
	case UTRACER_EV_EXIT:
		exit->code = r->exit.code;
		exit->group = r->exit.group;
		break;
	case UTRACER_EV_SIGNAL:
		sig->signo = r->signal.signo;
		sig->code = r->signal.code;
		sig->errno_ = r->signal.errno_;
		if (r->signal.has_sender) {
			sig->sig_flags |= UTRACER_SIGNAL_F_SENDER;
			sig->sender_pid = r->signal.sender;
			sig->sender_uid = r->signal.uid;
		}
		if (r->signal.has_child) {
			sig->sig_flags |= UTRACER_SIGNAL_F_CHILD;
			sig->status = r->signal.status;
			sig->utime = r->signal.utime;
			sig->stime = r->signal.stime;
		}
		if (r->signal.has_addr) {
			sig->sig_flags |= UTRACER_SIGNAL_F_ADDR;
			sig->addr = r->signal.addr;
		}
		if (r->signal.siginfo) {
			sig->sig_flags |= UTRACER_SIGNAL_F_SIGINFO;
			sig->siginfo_arch = r->signal.siginfo_arch;
			memcpy(sig->siginfo, r->signal.siginfo, sizeof(sig->siginfo));
		}
		break;
	case UTRACER_EV_STOP:
		stop->reason = r->stop.reason;
		stop->event = r->stop.event;
		break;
	case UTRACER_EV_DETACH:
		detach->reason = r->stop.reason;
		break;
	case UTRACER_EV_BREAKPOINT:
		bp->id = utracer_breakpoint_id(r->bp.bp);
		bp->addr = r->bp.addr;
		break;
	case UTRACER_EV_HWBP:
		utracer_hwbp_fill(rec, r);
		break;
	}
}

/*
 * The last records of an attachment, LOST (its final count) and DETACH, are
 * allocated with it, so that detaching, which runs in atomic context, never
 * fails to report them: a lossy attachment's count reaches the client even
 * when the thread exits or is detached before the client reads.
 */
static struct utracer_qevent *utracer_qevent_alloc(size_t size, gfp_t gfp)
{
	struct utracer_qevent *qe = kzalloc(sizeof(*qe) + size, gfp | __GFP_ACCOUNT);

	if (qe)
		qe->len = size;
	return qe;
}

/*
 * A record charged to @client's memory cgroup, in whatever context it is
 * allocated (a tracee's, in the probes): a client cannot make the kernel
 * keep more for it than its own cgroup allows. CONTEXT: any but hard or
 * soft interrupt (set_active_memcg() then sets a per-CPU memcg, which the
 * probes never meet).
 */
static struct utracer_qevent *utracer_client_qevent_alloc(struct utracer_client *client,
							  size_t size, gfp_t gfp)
{
	struct mem_cgroup *old = set_active_memcg(client->memcg);
	struct utracer_qevent *qe = utracer_qevent_alloc(size, gfp);

	set_active_memcg(old);
	return qe;
}

/* CONTEXT: client->lock held. */
static void utracer_lost_fill(struct utracer_client *client, struct utracer_attachment *att,
			      struct utracer_ev_lost *rec, u64 lost)
{
	rec->hdr.type = UTRACER_EV_LOST;
	rec->hdr.pid = utracer_task_tgid(client, utrace_engine_task(att->engine));
	rec->hdr.tid = utracer_task_pid(client, utrace_engine_task(att->engine));
	rec->hdr.time_ns = ktime_get_ns();
	rec->count = lost;
}

/*
 * Fill, number and commit the LOST record @rec reserved in the ring.
 * RETURNS: whether a reader may need waking. CONTEXT: client->lock held.
 */
static bool utracer_lost_commit_locked(struct utracer_client *client,
				       struct utracer_attachment *att,
				       struct utracer_event *rec, u64 lost)
{
	utracer_lost_fill(client, att, (struct utracer_ev_lost *)rec, lost);
	rec->seq = ++client->seq;
	return utracer_ring_commit(&client->ring, rec);
}

/*
 * UTRACER_RING_F_READ: whether read() has what the ring does not show,
 * so that a reader of the mapped ring makes that system call only then.
 * CONTEXT: client->lock held, after changing what it says.
 */
void utracer_read_flag_locked(struct utracer_client *client)
{
	struct utracer_ring_producer *prod = client->ring.prod;

	if (client->dead || client->lost_pending || !list_empty(&client->overflow))
		prod->flags |= UTRACER_RING_F_READ;
	else
		prod->flags &= ~UTRACER_RING_F_READ;
}

/* A record of @att dropped for room: counted. CONTEXT: client->lock held. */
static void utracer_lost_count_locked(struct utracer_client *client,
				      struct utracer_attachment *att)
{
	atomic64_inc(&att->lost);
	client->lost_pending = true;
	WRITE_ONCE(client->ring.prod->lost, client->ring.prod->lost + 1);
	utracer_read_flag_locked(client);
}

/* Wake whoever waits to read. CONTEXT: any, no client lock held. */
static void utracer_wake_readers(struct utracer_client *client)
{
	wake_up(&client->readq);
	utracer_resp_pollq_wake();
}

/* The wake-up timer ran out: the batch it was armed for is due. */
void utracer_wake_timer_fn(struct timer_list *t)
{
	utracer_wake_readers(container_of(t, struct utracer_client, wake_timer));
}

/*
 * The bytes at which a reader that asked for batches is woken, at most the
 * room mark (a tracee that waits for room must see its reader woken); 0
 * when it did not ask. CONTEXT: any.
 */
static u32 utracer_wakeup_bytes(const struct utracer_client *client)
{
	u32 bytes = READ_ONCE(client->ring.cons->wakeup_bytes);

	return bytes ? clamp_t(u32, bytes, UTRACER_EVENT_ALIGN, client->ring.prod->room_mark) : 0;
}

/*
 * Whether a reader that sleeps should take what the ring holds now: always,
 * but for a reader that asked for batches while the wake-up timer runs for
 * records below its mark. CONTEXT: any.
 */
static bool utracer_batch_due(const struct utracer_client *client)
{
	u32 bytes = utracer_wakeup_bytes(client);

	return !bytes || !timer_pending(&client->wake_timer) ||
		utracer_ring_used(&client->ring) >= bytes;
}

/*
 * Tell the reader that records went in. @first: one went in at its
 * position (it may sleep for it). @may_wait: every one is a syscall record
 * that stops nothing, and so may wait for the reader's batch (the uapi
 * header's "batched wake-ups"): the first arms the timer; the one that
 * takes the ring to the mark wakes the reader. Any other record wakes a
 * reader that sleeps, with the batch before it. Of producers racing at
 * the mark, the one whose timer_delete() deactivated the timer wakes.
 * CONTEXT: any, no client lock held.
 */
static void utracer_notify(struct utracer_client *client, bool first, bool may_wait)
{
	u32 bytes = utracer_wakeup_bytes(client);
	unsigned int ms;

	if (!bytes) {
		if (first)
			utracer_wake_readers(client);
		return;
	}
	if (!may_wait || utracer_ring_used(&client->ring) >= bytes) {
		if (timer_delete(&client->wake_timer) || first)
			utracer_wake_readers(client);
		return;
	}
	if (first) {
		ms = READ_ONCE(client->ring.cons->wakeup_ms);
		ms = ms ? min_t(unsigned int, ms, UTRACER_RING_WAKEUP_MS_MAX) :
			UTRACER_RING_WAKEUP_MS_DEFAULT;
		mod_timer(&client->wake_timer, jiffies + msecs_to_jiffies(ms));
	}
}

/* Whether the ring has room for lossless records. CONTEXT: any. */
static bool utracer_room(struct utracer_client *client)
{
	return list_empty_careful(&client->overflow) &&
		utracer_ring_used(&client->ring) <= client->limit;
}

/*
 * Whether a tracee that waits for room goes on: the ring drained to its
 * room mark (half the limit, in the producer page), so that tracee and
 * reader take turns by the half ring rather than by the record (one
 * wake-up each way for thousands of records, not for every one).
 * CONTEXT: any.
 */
static bool utracer_room_again(struct utracer_client *client)
{
	return list_empty_careful(&client->overflow) &&
		utracer_ring_used(&client->ring) <= client->ring.prod->room_mark;
}

/*
 * Move what waits in @client->overflow into the ring, in order, as far as
 * it fits. RETURNS: whether a record went in at the reader's position (a
 * reader may sleep waiting for it).
 * CONTEXT: client->lock held.
 */
static bool utracer_overflow_drain_locked(struct utracer_client *client)
{
	struct utracer_qevent *qe, *next;
	struct utracer_event *rec;
	bool wake = false;

	list_for_each_entry_safe(qe, next, &client->overflow, node) {
		rec = utracer_ring_reserve(&client->ring, qe->len, U64_MAX);
		if (!rec)
			break;
		memcpy((void *)rec + sizeof(rec->size), (void *)qe->data + sizeof(rec->size),
		       qe->len - sizeof(rec->size));
		wake |= utracer_ring_commit(&client->ring, rec);
		list_del(&qe->node);
		kfree(qe);
	}
	/* Tracees wait while the ring is past its room mark: the reader still calls. */
	if (utracer_room_again(client))
		client->ring.prod->flags &= ~UTRACER_RING_F_WAITERS;
	utracer_read_flag_locked(client);
	return wake;
}

/*
 * Turn the attachments' lost counts into LOST records, as far as the ring
 * has room (the rest stay counted for the next write).
 * RETURNS: whether a reader may need waking.
 * CONTEXT: client->lock held.
 */
static bool utracer_flush_lost_locked(struct utracer_client *client)
{
	struct utracer_attachment *att;
	struct utracer_event *rec;
	bool wake = false;
	u64 lost;

	if (!client->lost_pending || !list_empty(&client->overflow))
		return false;
	client->lost_pending = false;
	list_for_each_entry(att, &client->attachments, node) {
		if (!atomic64_read(&att->lost))
			continue;
		rec = utracer_ring_reserve(&client->ring, sizeof(struct utracer_ev_lost), U64_MAX);
		if (!rec) {
			client->lost_pending = true;
			break;
		}
		lost = atomic64_xchg(&att->lost, 0);
		wake |= utracer_lost_commit_locked(client, att, rec, lost);
	}
	utracer_read_flag_locked(client);
	return wake;
}

/* Append @qe to the overflow, numbered in order. CONTEXT: client->lock held. */
static void utracer_overflow_add_locked(struct utracer_client *client, struct utracer_qevent *qe)
{
	struct utracer_event *hdr = (struct utracer_event *)qe->data;

	hdr->seq = ++client->seq;
	list_add_tail(&qe->node, &client->overflow);
	client->ring.prod->flags |= UTRACER_RING_F_WAITERS;
	utracer_read_flag_locked(client);
}

/*
 * Whether this client follows the child of a CLONE event.
 * CONTEXT: the creator's task_newtask probe, right after
 * following it went as utrace_engine_clone_result() says.
 */
static void utracer_clone_follow_fill(struct utrace_engine *engine, void *rec)
{
	struct utracer_ev_clone *clone = rec;

	if (utrace_engine_clone_result(engine) & UTRACE_CLONE_FOLLOWED)
		clone->follow |= UTRACER_CLONE_F_FOLLOWED;
	if (utrace_engine_clone_result(engine) & UTRACE_CLONE_FAILED)
		clone->follow |= UTRACER_CLONE_F_FAILED;
}

/*
 * Pollers of resp wait on this queue, not on their client's readq: when a
 * client ends, proc_remove() runs the release of its files that are still
 * open, the client can be freed while a poll() has yet to unhook itself or
 * an epoll still holds an entry, and both would then touch freed memory.
 * This queue lives as long as the module, and longer when it must:
 * utracer_resp_poll_exit() frees it once no poller is left on it (a woken
 * poll() leaves when its caller next runs: a stopped or frozen caller left
 * already, as a signal ends the wait), and should one still be there after
 * a second, leaves it allocated rather than wait without end.
 * Woken with every client's readq (pollers recheck their own client); its
 * lock nests where readq's does (inside utask->lock or siglock in the event
 * paths), never outside client->lock.
 */
static wait_queue_head_t *utracer_resp_pollq;

int utracer_resp_poll_init(void)
{
	utracer_resp_pollq = kmalloc(sizeof(*utracer_resp_pollq), GFP_KERNEL);
	if (!utracer_resp_pollq)
		return -ENOMEM;
	init_waitqueue_head(utracer_resp_pollq);
	return 0;
}

void utracer_resp_pollq_wake(void)
{
	wake_up_all(utracer_resp_pollq);
}

/* CONTEXT: module exit, after /proc/utrace is gone (no new poller). */
void utracer_resp_poll_exit(void)
{
	wait_queue_head_t *q = utracer_resp_pollq;
	int i;

	/* epoll entries leave on POLLFREE; poll()'s when their caller runs. */
	wake_up_poll(q, EPOLLHUP | POLLFREE);
	/*
	 * No barrier needed: nothing adds to the queue any more, and a
	 * waiter that is still seen is looked at again after the sleep.
	 */
	for (i = 0; i < 50 && waitqueue_active(q); i++)
		msleep(20);
	/* ep_poll_callback() may still look at the queue under RCU. */
	synchronize_rcu();
	/* No barrier: as above. Its entries and callbacks are the kernel's, not ours. */
	if (waitqueue_active(q)) {
		pr_info("a poller of resp has not left: its wait queue stays allocated\n");
		kmemleak_not_leak(q);
		return;
	}
	kfree(q);
}

/* A record of @att dropped. CONTEXT: any, client->lock not held. */
static void utracer_count_lost(struct utracer_attachment *att)
{
	struct utracer_client *client = att->client;
	unsigned long flags;

	spin_lock_irqsave(&client->lock, flags);
	utracer_lost_count_locked(client, att);
	spin_unlock_irqrestore(&client->lock, flags);
	/* A blocked read() writes the LOST record. */
	utracer_wake_readers(client);
}

/*
 * The captures planned for a syscall record, after its fixed part: written
 * straight into the record, which its reservation zeroed.
 */
static void utracer_captures_fill(struct utrace_engine *engine, struct utracer_event *hdr,
				  const struct utrace_report *r,
				  const struct utracer_capture_set *cs)
{
	u32 off = utracer_record_sizes[r->type];
	u32 n = utracer_capture_write(to_att(engine), r, cs, (void *)hdr + off);

	if (r->type == UTRACER_EV_SYSCALL_ENTRY) {
		((struct utracer_ev_syscall_entry *)hdr)->ncaptures = n;
		((struct utracer_ev_syscall_entry *)hdr)->capture_off = off;
	} else {
		((struct utracer_ev_syscall_exit *)hdr)->ncaptures = n;
		((struct utracer_ev_syscall_exit *)hdr)->capture_off = off;
	}
}

/*
 * The pid and tid of a record of @task: a thread reporting itself keeps
 * them in @att (see rec_tid), taken again after an exec.
 */
static void utracer_record_ids(struct utracer_attachment *att, struct utracer_event *hdr,
			       struct task_struct *task)
{
	struct utracer_client *client = att->client;

	if (task != current) {
		hdr->pid = utracer_task_tgid(client, task);
		hdr->tid = utracer_task_pid(client, task);
		return;
	}
	if (!att->rec_tid || hdr->type == UTRACER_EV_EXEC) {
		att->rec_tgid = utracer_task_tgid(client, task);
		att->rec_tid = utracer_task_pid(client, task);
	}
	hdr->pid = att->rec_tgid;
	hdr->tid = att->rec_tid;
}

/*
 * Everything of a record but its size and sequence number; @cs: the
 * captures of a syscall record, or NULL.
 */
static void utracer_event_fill(struct utrace_engine *engine, struct utracer_event *hdr,
			       const struct utrace_report *r, bool stopping,
			       const struct utracer_capture_set *cs)
{
	struct utracer_client *client = to_att(engine)->client;

	hdr->type = r->type;
	hdr->flags = stopping ? UTRACER_EVF_STOPPED : 0;
	if (r->type == UTRACER_EV_SYSCALL_ENTRY && r->sc_entry.before)
		hdr->flags |= UTRACER_EVF_BEFORE;
	if (r->type == UTRACER_EV_SIGNAL && r->signal.before)
		hdr->flags |= UTRACER_EVF_BEFORE;
	if (r->type == UTRACER_EV_SYSCALL_EXIT && r->sc_exit.skipped)
		hdr->flags |= UTRACER_EVF_SKIPPED;
	utracer_record_ids(to_att(engine), hdr, r->task);
	hdr->time_ns = ktime_get_ns();
	utracer_record_fill(client, hdr, r);
	if (r->type == UTRACER_EV_CLONE)
		utracer_clone_follow_fill(engine, hdr);
	if (cs && cs->n)
		utracer_captures_fill(engine, hdr, r, cs);
}

/*
 * A record that must not be lost and found no room in the ring: it waits
 * in the overflow (its tracee waits for room before it returns to user
 * mode: utracer_must_wait()).
 * CONTEXT: any, client->lock not held.
 */
static void utracer_report_overflow(struct utrace_engine *engine,
				    const struct utrace_report *r, bool stopping, u32 size,
				    const struct utracer_capture_set *cs)
{
	struct utracer_attachment *att = to_att(engine);
	struct utracer_client *client = att->client;
	struct utracer_qevent *qe = NULL;
	unsigned long flags;
	bool wake;

	/* DETACH comes once per attachment, in its preallocated record. */
	if (r->type == UTRACER_EV_DETACH && att->detach_qe)
		swap(qe, att->detach_qe);
	else
		qe = utracer_client_qevent_alloc(client, size, GFP_NOWAIT | __GFP_NOWARN);
	if (!qe) {
		utracer_count_lost(att);
		return;
	}
	((struct utracer_event *)qe->data)->size = size;
	utracer_event_fill(engine, (struct utracer_event *)qe->data, r, stopping, cs);
	spin_lock_irqsave(&client->lock, flags);
	if (client->dead) {
		spin_unlock_irqrestore(&client->lock, flags);
		kfree(qe);
		return;
	}
	utracer_overflow_add_locked(client, qe);
	/* The reader may have made room since. */
	wake = utracer_overflow_drain_locked(client);
	spin_unlock_irqrestore(&client->lock, flags);
	if (wake)
		utracer_wake_readers(client);
}

/*
 * Write @r's record into the client's ring: reserved under the client's
 * lock, filled and committed outside it. A lossy attachment's record that
 * would take the ring past the client's limit is dropped and counted;
 * STOP, DETACH, BREAKPOINT and HWBP (few and vital) and every record of a
 * lossless attachment are never dropped for room. A syscall record's
 * captures (capture.c) are sized before the reservation and copied into
 * the record after it, in the thread's own context.
 * CONTEXT: any, including a probe under siglock.
 */
static void utracer_report(struct utrace_engine *engine,
			   const struct utrace_report *r, bool stopping)
{
	struct utracer_attachment *att = to_att(engine);
	struct utracer_client *client = att->client;
	bool exempt = r->type == UTRACER_EV_STOP || r->type == UTRACER_EV_DETACH ||
		      r->type == UTRACER_EV_BREAKPOINT || r->type == UTRACER_EV_HWBP;
	bool droppable = att->lossy && !exempt;
	u32 size = utracer_record_size(r);
	struct utracer_capture_set cs, *csp = NULL;
	struct utracer_event *rec = NULL;
	unsigned long flags;
	bool wake = false;
	bool batch = !stopping &&
		(r->type == UTRACER_EV_SYSCALL_ENTRY || r->type == UTRACER_EV_SYSCALL_EXIT);

	if (READ_ONCE(client->dead) || !size)
		return;
	/* The table the plan comes from lives until the record is written. */
	rcu_read_lock();
	if (r->type == UTRACER_EV_SYSCALL_ENTRY || r->type == UTRACER_EV_SYSCALL_EXIT) {
		size += utracer_capture_plan(att, r, &cs);
		csp = &cs;
	}
	spin_lock_irqsave(&client->lock, flags);
	if (client->dead) {
		spin_unlock_irqrestore(&client->lock, flags);
		rcu_read_unlock();
		return;
	}
	/* Records moved in here may not wait for a batch. */
	if (unlikely(!list_empty(&client->overflow))) {
		wake = utracer_overflow_drain_locked(client);
		batch = false;
	}
	if (unlikely(client->lost_pending)) {
		wake |= utracer_flush_lost_locked(client);
		batch = false;
	}
	/* Behind records waiting in the overflow, nothing goes first. */
	if (list_empty(&client->overflow)) {
		rec = utracer_ring_reserve(&client->ring, size,
					   droppable ? client->limit : U64_MAX);
		if (rec)
			rec->seq = ++client->seq;
	}
	if (!rec && droppable)
		utracer_lost_count_locked(client, att);
	spin_unlock_irqrestore(&client->lock, flags);

	if (rec) {
		utracer_event_fill(engine, rec, r, stopping, csp);
		wake |= utracer_ring_commit(&client->ring, rec);
	} else if (!droppable) {
		utracer_report_overflow(engine, r, stopping, size, csp);
	}
	rcu_read_unlock();
	utracer_notify(client, wake, batch);
}

static bool utracer_must_wait(struct utrace_engine *engine)
{
	struct utracer_attachment *att = to_att(engine);
	struct utracer_client *client = att->client;

	return !att->lossy && !READ_ONCE(client->dead) && !utracer_room(client);
}

/*
 * Room in the ring, as far as this caller can make it: the overflow moved
 * in, and the reader told when something still waits.
 * RETURNS: whether the ring drained to its room mark.
 * CONTEXT: process, client->lock free.
 */
static bool utracer_make_room(struct utracer_client *client)
{
	bool wake, room;

	spin_lock_irq(&client->lock);
	wake = utracer_overflow_drain_locked(client);
	room = utracer_room_again(client);
	if (!room)
		client->ring.prod->flags |= UTRACER_RING_F_WAITERS;
	spin_unlock_irq(&client->lock);
	if (wake)
		utracer_wake_readers(client);
	return room;
}

/*
 * A lossless tracee waits for room before it returns to user mode. A
 * reader of the mapped ring consumes without a system call: the tracee
 * sets UTRACER_RING_F_WAITERS for it to call RING_CONSUMED, and looks
 * again every 20 ms whatever it does.
 * CONTEXT: the tracee's task_work; killable.
 */
static void utracer_wait(struct utrace_engine *engine)
{
	struct utracer_client *client = to_att(engine)->client;

	while (!utracer_make_room(client) && !READ_ONCE(client->dead)) {
		/* The flag is seen before the consumer position is read again. */
		smp_mb();
		if (wait_event_killable_timeout(client->spaceq,
						utracer_room_again(client) ||
						READ_ONCE(client->dead),
						msecs_to_jiffies(20)) < 0)
			break;
	}
}

/*
 * A new attachment of @client and its engine, created with @flags
 * (UTRACE_ENGINE_*), not attached yet: utrace_engine_put(att->engine)
 * frees both. All of it is charged to @client's memory cgroup, and counts
 * against max_attachments until released.
 * RETURNS: the attachment, ERR_PTR(-ENOSPC) at max_attachments, or
 * ERR_PTR(-ENOMEM).
 */
struct utracer_attachment *utracer_attachment_new(struct utracer_client *client,
						  unsigned long flags, gfp_t gfp)
{
	struct utracer_attachment *att;
	struct mem_cgroup *old;

	if (atomic_inc_return(&client->nr_attachments) > READ_ONCE(utracer_max_attachments)) {
		atomic_dec(&client->nr_attachments);
		return ERR_PTR(-ENOSPC);
	}
	old = set_active_memcg(client->memcg);
	gfp |= __GFP_ACCOUNT;
	att = kzalloc(sizeof(*att), gfp);
	if (att) {
		att->lost_qe = utracer_qevent_alloc(sizeof(struct utracer_ev_lost), gfp);
		att->detach_qe = utracer_qevent_alloc(sizeof(struct utracer_ev_detach), gfp);
		if (att->lost_qe && att->detach_qe)
			att->engine = utrace_engine_create(&utracer_engine_ops, flags, att, gfp);
	}
	set_active_memcg(old);
	if (!att || !att->engine) {
		if (att) {
			kfree(att->lost_qe);
			kfree(att->detach_qe);
			kfree(att);
		}
		atomic_dec(&client->nr_attachments);
		return ERR_PTR(-ENOMEM);
	}
	kref_get(&client->ref);
	att->client = client;
	INIT_LIST_HEAD(&att->node);
	atomic64_set(&att->lost, 0);
	spin_lock_init(&att->verdict.lock);
	return att;
}

/*
 * A new thread of the process, or with @process a new process of its own
 * (then named by its own pid).
 * CONTEXT: atomic (task_newtask probe); @child is hashed, not yet running.
 */
static struct utrace_engine *utracer_clone(struct utrace_engine *engine,
					   struct task_struct *child, bool process)
{
	struct utracer_attachment *parent = to_att(engine);
	struct utracer_attachment *att;

	if (READ_ONCE(parent->client->dead))
		return NULL;
	att = utracer_attachment_new(parent->client, utrace_engine_flags(engine),
				     GFP_NOWAIT | __GFP_NOWARN);
	if (IS_ERR(att)) {
		utracer_count_lost(parent);
		return NULL;
	}
	att->key = process ? utracer_task_tgid(parent->client, child) : parent->key;
	att->process = process || parent->process;
	att->lossy = parent->lossy;
	utracer_captures_inherit(att, parent);
	utrace_engine_copy_events(att->engine, engine);
	return att->engine;
}

/* CONTEXT: atomic (task_newtask probe): a child could not be followed. */
static void utracer_clone_failed(struct utrace_engine *engine)
{
	utracer_count_lost(to_att(engine));
}

/*
 * List @att on its client. RETURNS: false when the client is going away:
 * the caller detaches it (or does not attach it).
 */
bool utracer_attachment_adopt(struct utracer_attachment *att)
{
	struct utracer_client *client = att->client;
	unsigned long flags;
	bool dead;

	spin_lock_irqsave(&client->lock, flags);
	dead = client->dead;
	if (!dead) {
		list_add_tail(&att->node, &client->attachments);
		att->listed = true;
	}
	spin_unlock_irqrestore(&client->lock, flags);
	return !dead;
}

/*
 * CONTEXT: atomic, under the creating thread's utask->lock. A new thread
 * arms the client's hardware breakpoints of its pid itself.
 */
static bool utracer_adopt(struct utrace_engine *engine)
{
	struct utracer_attachment *att = to_att(engine);

	if (!utracer_attachment_adopt(att))
		return false;
	if (utracer_hwbp_wanted(att->client))
		utrace_engine_want_prepare(engine);
	return true;
}

/* CONTEXT: the new thread's task_work, before its first user instruction. */
static void utracer_prepare(struct utrace_engine *engine)
{
	utracer_hwbp_prepare(to_att(engine));
}

/* CONTEXT: atomic, under utask->lock. Drops the owner's engine reference. */
static void utracer_detached(struct utrace_engine *engine, unsigned int reason)
{
	struct utracer_attachment *att = to_att(engine);
	struct utracer_client *client = att->client;
	struct utrace_report r = { .type = UTRACER_EV_DETACH, .task = utrace_engine_task(engine) };
	struct utracer_event *rec;
	unsigned long flags;
	bool listed, wake = false;
	u64 lost;

	r.stop.reason = reason;
	/*
	 * The count is final: every drop happens in a report, under the same
	 * utask->lock as this call, while the engine is attached. Its record
	 * (never dropped for room) goes before the DETACH record; unlisting
	 * in the same section keeps utracer_flush_lost_locked() from
	 * reporting it twice.
	 */
	spin_lock_irqsave(&client->lock, flags);
	listed = att->listed;
	if (listed) {
		list_del_init(&att->node);
		att->listed = false;
	}
	lost = atomic64_xchg(&att->lost, 0);
	if (lost && utrace_engine_task(engine) && !client->dead) {
		rec = NULL;
		if (list_empty(&client->overflow))
			rec = utracer_ring_reserve(&client->ring, sizeof(struct utracer_ev_lost),
						   U64_MAX);
		if (rec) {
			wake = utracer_lost_commit_locked(client, att, rec, lost);
		} else {
			rec = (struct utracer_event *)att->lost_qe->data;
			rec->size = sizeof(struct utracer_ev_lost);
			utracer_lost_fill(client, att, (struct utracer_ev_lost *)rec, lost);
			utracer_overflow_add_locked(client, att->lost_qe);
			att->lost_qe = NULL;
		}
	}
	spin_unlock_irqrestore(&client->lock, flags);
	if (wake)
		utracer_wake_readers(client);
	if (utrace_engine_task(engine))
		utracer_report(engine, &r, false);
	utrace_engine_put(engine);
}

/* CONTEXT: the tracee's task_work after exec; may sleep. */
static bool utracer_still_may_trace(struct utrace_engine *engine,
				    struct task_struct *task)
{
	return !utracer_perm_recheck(to_att(engine)->client);
}

/* CONTEXT: RCU callback. */
static void utracer_release(struct utrace_engine *engine)
{
	struct utracer_attachment *att = to_att(engine);

	atomic_dec(&att->client->nr_attachments);
	utracer_client_put(att->client);
	utracer_verdict_drop(&att->verdict);
	utracer_captures_release(att);
	kfree(att->lost_qe);
	kfree(att->detach_qe);
	kfree(att);
}

const struct utrace_engine_ops utracer_engine_ops = {
	.report = utracer_report,
	.must_wait = utracer_must_wait,
	.wait = utracer_wait,
	.clone = utracer_clone,
	.clone_failed = utracer_clone_failed,
	.adopt = utracer_adopt,
	.detached = utracer_detached,
	.may_trace = utracer_still_may_trace,
	.release = utracer_release,
	.prepare = utracer_prepare,
};

/*
 * Whether a reader has something to do: a record that is due (batched
 * wake-ups: utracer_batch_due()), a LOST record to write,
 * records waiting for room (EPOLLIN), or the end (EPOLLHUP). CONTEXT: any.
 */
static bool utracer_readable(struct utracer_client *client)
{
	return utracer_events_poll_mask(client);
}

/*
 * After the reader consumed: records waiting in the overflow and LOST
 * records go in, tracees waiting for room look again.
 * CONTEXT: process, client->lock free.
 */
static void utracer_consumed(struct utracer_client *client)
{
	bool wake;

	spin_lock_irq(&client->lock);
	/* Clears UTRACER_RING_F_WAITERS once no tracee waits any more. */
	wake = utracer_overflow_drain_locked(client);
	wake |= utracer_flush_lost_locked(client);
	spin_unlock_irq(&client->lock);
	wake_up(&client->spaceq);
	if (wake)
		utracer_wake_readers(client);
}

/*
 * The next record for read() at @pos, waiting for one unless @nonblock.
 * RETURNS: the record; NULL at the end (unregistered and drained);
 * ERR_PTR(-EAGAIN, -ERESTARTSYS, -EIO: a consumer position out of range).
 * CONTEXT: process, client->read_mutex held (dropped while it sleeps).
 */
static const struct utracer_event *utracer_read_wait(struct utracer_client *client,
						     u64 *pos, bool nonblock)
{
	const struct utracer_event *rec;
	int ret;

	for (;;) {
		utracer_consumed(client);
		*pos = READ_ONCE(client->ring.cons->consumer_pos);
		rec = utracer_ring_peek(&client->ring, *pos);
		if (rec)
			return rec;
		if (READ_ONCE(client->dead) && list_empty_careful(&client->overflow) &&
		    utracer_ring_at_head(&client->ring, *pos))
			return NULL;
		if (nonblock)
			return ERR_PTR(-EAGAIN);
		mutex_unlock(&client->read_mutex);
		ret = wait_event_interruptible(client->readq, utracer_readable(client));
		mutex_lock(&client->read_mutex);
		if (ret)
			return ERR_PTR(ret);
	}
}

/*
 * utracer_resp_read() - whole event records, as many as fit in @count,
 * consumed from the ring
 * RETURNS: bytes read; 0 when the client is unregistered and drained;
 * -EAGAIN (O_NONBLOCK, nothing queued); -EINVAL when @count cannot hold
 * the next record; -EFAULT; -ERESTARTSYS; -EIO when the client wrote a
 * consumer position the ring cannot have.
 */
ssize_t utracer_resp_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct utracer_client *client = file->private_data;
	const struct utracer_event *rec;
	size_t copied = 0;
	u64 pos;
	int ret = utracer_client_caller_ok(client);

	if (ret)
		return ret;
	if (mutex_lock_interruptible(&client->read_mutex))
		return -ERESTARTSYS;
	rec = utracer_read_wait(client, &pos, file->f_flags & O_NONBLOCK);
	if (IS_ERR_OR_NULL(rec)) {
		mutex_unlock(&client->read_mutex);
		return PTR_ERR_OR_ZERO(rec);
	}
	/* No producer writes where the consumer position has yet to pass. */
	while (!IS_ERR_OR_NULL(rec) && copied + rec->size <= count) {
		if (copy_to_user(buf + copied, rec, rec->size))
			break;
		copied += rec->size;
		pos += rec->size;
		rec = utracer_ring_peek(&client->ring, pos);
	}
	if (copied)
		utracer_ring_consume(&client->ring, pos);
	mutex_unlock(&client->read_mutex);
	if (!copied)
		return rec && !IS_ERR(rec) && rec->size > count ? -EINVAL : -EFAULT;
	utracer_consumed(client);
	return copied;
}

/* What poll() reports of @client's events. */
__poll_t utracer_events_poll_mask(struct utracer_client *client)
{
	__poll_t mask = 0;

	if ((utracer_ring_readable(&client->ring) && utracer_batch_due(client)) ||
	    READ_ONCE(client->lost_pending) || !list_empty_careful(&client->overflow))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(client->dead))
		mask |= EPOLLHUP;
	return mask;
}

static __poll_t utracer_resp_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, utracer_resp_pollq, wait);
	return utracer_events_poll_mask(file->private_data);
}

/* RING_CONSUMED: the mapped ring's reader made room. */
long utracer_resp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct utracer_client *client = file->private_data;
	int ret = utracer_client_caller_ok(client);

	if (ret)
		return ret;
	if (cmd != UTRACER_IOC_RING_CONSUMED)
		return -ENOTTY;
	if (arg)
		return -EINVAL;
	utracer_consumed(client);
	return 0;
}

int utracer_resp_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct utracer_client *client = file->private_data;
	int ret = utracer_client_caller_ok(client);

	return ret ? ret : utracer_ring_mmap(&client->ring, vma);
}

const struct proc_ops utracer_resp_ops = {
	.proc_open = utracer_client_open,
	.proc_release = utracer_client_release,
	.proc_read = utracer_resp_read,
	.proc_poll = utracer_resp_poll,
	.proc_ioctl = utracer_resp_ioctl,
	.proc_compat_ioctl = utracer_resp_ioctl,
	.proc_mmap = utracer_resp_mmap,
	.proc_lseek = noop_llseek,
};
