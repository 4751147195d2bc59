// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: a client's event ring (the uapi header's "event
 * ring" section says what the client sees). A consumer page the client
 * writes, a producer page it reads, and a data area whose pages are mapped
 * twice in a row, in the kernel and in the client, so that a record never
 * wraps: the layout of the BPF ring buffer (kernel/bpf/ringbuf.c).
 *
 * Producers reserve under the client's lock, which makes the reservation
 * and the producer position one step, write their record outside it while
 * its size carries UTRACER_EVENT_BUSY, and commit by storing the size alone
 * with release semantics. This file only manages the memory and positions;
 * events.c decides what goes in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/log2.h>
#include "compat.h"
#include "iface.h"

/* Pages before the data area: consumer, producer. */
#define UTRACER_RING_META_PAGES	2

static void utracer_ring_free_pages(struct page **pages, unsigned int nr)
{
	while (nr--)
		__free_page(pages[nr]);
	kvfree(pages);
}

/**
 * utracer_ring_alloc() - the ring of a new client
 * @ring: zeroed; filled on success
 * @limit: the bytes lossy records may occupy; the data area is that
 *	rounded up to a power of two pages, at least UTRACER_RING_MIN
 *
 * The pages are charged to current's memory cgroup (REGISTER runs in the
 * registering process). RETURNS: 0 or -ENOMEM.
 * CONTEXT: process, may sleep.
 */
int utracer_ring_alloc(struct utracer_ring *ring, size_t limit)
{
	size_t data_size = roundup_pow_of_two(max_t(size_t, limit, UTRACER_RING_MIN));
	unsigned int nr_data = data_size >> PAGE_SHIFT;
	unsigned int nr = UTRACER_RING_META_PAGES + nr_data;
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN | __GFP_ZERO;
	struct page **pages;
	unsigned int i;

	/* The array holds the data pages twice: vmap() maps them so. */
	pages = kvmalloc_array(nr + nr_data, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		pages[i] = alloc_page(gfp);
		if (!pages[i]) {
			utracer_ring_free_pages(pages, i);
			return -ENOMEM;
		}
	}
	memcpy(&pages[nr], &pages[UTRACER_RING_META_PAGES], nr_data * sizeof(*pages));
	ring->base = vmap(pages, nr + nr_data, VM_MAP | VM_USERMAP, PAGE_KERNEL);
	if (!ring->base) {
		utracer_ring_free_pages(pages, nr);
		return -ENOMEM;
	}
	ring->pages = pages;
	ring->nr_pages = nr;
	ring->cons = ring->base;
	ring->prod = ring->base + PAGE_SIZE;
	ring->data = ring->base + UTRACER_RING_META_PAGES * PAGE_SIZE;
	ring->mask = data_size - 1;
	ring->prod->data_size = data_size;
	return 0;
}

/*
 * Free the ring's memory. Pages the client still maps stay alive (the
 * mapping holds a reference to each) until it unmaps them.
 * CONTEXT: process, may sleep (vunmap()).
 */
void utracer_ring_free(struct utracer_ring *ring)
{
	if (!ring->base)
		return;
	vunmap(ring->base);
	utracer_ring_free_pages(ring->pages, ring->nr_pages);
	ring->base = NULL;
}

/* Bytes the client has yet to consume; the whole area for a nonsensical position. */
u64 utracer_ring_used(const struct utracer_ring *ring)
{
	/* Acquire: the reader is done with what it consumed before it is reused. */
	u64 used = ring->head - smp_load_acquire(&ring->cons->consumer_pos);

	return min_t(u64, used, ring->mask + 1);
}

/**
 * utracer_ring_reserve() - room for a record of @size bytes at the head
 * @ring: the client's ring
 * @size: the record's, a multiple of UTRACER_EVENT_ALIGN
 * @cap: the bytes records may occupy after this one (the data size, or
 *	less for a lossy record)
 *
 * The record's size is set with UTRACER_EVENT_BUSY: readers stop at it
 * until utracer_ring_commit().
 * RETURNS: the record, or NULL when it does not fit.
 * CONTEXT: the client's lock held (it orders reservations).
 */
struct utracer_event *utracer_ring_reserve(struct utracer_ring *ring, u32 size, u64 cap)
{
	struct utracer_event *rec;

	if (utracer_ring_used(ring) + size > min_t(u64, cap, ring->mask + 1))
		return NULL;
	rec = ring->data + (ring->head & ring->mask);
	memset(rec, 0, size);
	WRITE_ONCE(rec->size, size | UTRACER_EVENT_BUSY);
	ring->head += size;
	/* Readers see the busy size before they see the new position. */
	smp_store_release(&ring->prod->producer_pos, ring->head);
	return rec;
}

/**
 * utracer_ring_commit() - make a reserved record readable
 * @ring: the client's ring
 * @rec: what utracer_ring_reserve() gave, filled
 * RETURNS: whether the reader had consumed everything before it, and so
 * may be asleep waiting for it (the BPF ring buffer's wake-up rule).
 * CONTEXT: any; no lock needed.
 */
bool utracer_ring_commit(struct utracer_ring *ring, struct utracer_event *rec)
{
	u64 pos = (void *)rec - ring->data;

	/* Release: the record's contents before its size without the busy bit. */
	smp_store_release(&rec->size, rec->size & ~UTRACER_EVENT_BUSY);
	/*
	 * Full barrier: the size is stored before the consumer position is
	 * read, as the reader stores its position before it looks at the
	 * size again (its sleep's barrier): one of the two sees the other.
	 */
	smp_mb();
	return (READ_ONCE(ring->cons->consumer_pos) & ring->mask) == pos;
}

/**
 * utracer_ring_peek() - the next record to read, if it is complete
 * @ring: the client's ring
 * @pos: in: the position to read at; a record must start there
 * RETURNS: the record, whole within the data area's double mapping, or
 * NULL when there is none yet (or it is still being written);
 * ERR_PTR(-EIO) when @pos is not one the ring can have (the client wrote
 * its consumer position out of range, or into a record).
 * CONTEXT: any; reads only.
 */
const struct utracer_event *utracer_ring_peek(const struct utracer_ring *ring, u64 pos)
{
	/* Acquire: pairs with utracer_ring_reserve()'s release of the position. */
	u64 head = smp_load_acquire(&ring->prod->producer_pos);
	const struct utracer_event *rec;
	u32 size;

	if (pos == head)
		return NULL;
	if (head - pos > ring->mask + 1 || pos % UTRACER_EVENT_ALIGN)
		return ERR_PTR(-EIO);
	rec = ring->data + (pos & ring->mask);
	/* Acquire: pairs with utracer_ring_commit()'s release of the size. */
	size = smp_load_acquire(&rec->size);
	if (size & UTRACER_EVENT_BUSY)
		return NULL;
	/* Not a record's start: the client moved its position into one. */
	if (size < sizeof(*rec) || size > head - pos || size % UTRACER_EVENT_ALIGN)
		return ERR_PTR(-EIO);
	return rec;
}

/* Whether @pos is the producer position: nothing (more) to read. */
bool utracer_ring_at_head(const struct utracer_ring *ring, u64 pos)
{
	/* Acquire: pairs with utracer_ring_reserve()'s release of the position. */
	return pos == smp_load_acquire(&ring->prod->producer_pos);
}

/* The kernel's reader consumed up to @pos. CONTEXT: client->read_mutex held. */
void utracer_ring_consume(struct utracer_ring *ring, u64 pos)
{
	/* Release: the records are copied out before producers may reuse their room. */
	smp_store_release(&ring->cons->consumer_pos, pos);
}

/*
 * Whether a reader of the ring has a record to take at its position.
 * CONTEXT: any.
 */
bool utracer_ring_readable(const struct utracer_ring *ring)
{
	const struct utracer_event *rec;

	rec = utracer_ring_peek(ring, READ_ONCE(ring->cons->consumer_pos));
	/* A broken position is readable: read() then says so. */
	return !!rec;
}

/**
 * utracer_ring_mmap() - map the ring into the client
 * @ring: the client's ring
 * @vma: the client's mapping of resp
 *
 * Offset 0 is the consumer page, the only part that may be writable; the
 * rest is read-only and can never be made writable (VM_MAYWRITE cleared).
 * No vm_ops: the mapping must not call into the module, which may be gone
 * before it is unmapped; each mapped page holds its own reference.
 * RETURNS: 0, -EPERM for a writable mapping past the consumer page,
 * -EINVAL past the end, or remap_vmalloc_range()'s error.
 */
int utracer_ring_mmap(struct utracer_ring *ring, struct vm_area_struct *vma)
{
	unsigned long pages = vma_pages(vma);
	unsigned long total = ring->nr_pages + (ring->mask + 1) / PAGE_SIZE;

	if (vma->vm_pgoff >= total || pages > total - vma->vm_pgoff)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE) {
		if (vma->vm_pgoff != 0 || pages != 1)
			return -EPERM;
	} else if (vma->vm_pgoff + pages > 1) {
		utrace_vm_flags_clear(vma, VM_MAYWRITE);
	}
	return remap_vmalloc_range(vma, ring->base, vma->vm_pgoff);
}
