// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A syscall held at its entry stop (UTRACER_SYSCALL_F_BEFORE): its number
 * and arguments read and changed, or the call skipped, through the
 * thread's general registers (NT_PRSTATUS), as ptrace's syscall-entry stop
 * allows: the number in orig_ax, the return value of a skipped call in ax.
 * The register set's size tells the tracee's ABI: x86-64's
 * user_regs_struct, or the 17 32-bit words of an ia32 thread.
 */
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/user.h>
#include "internal.h"

/* Where the syscall's registers are in one ABI's NT_PRSTATUS, in words. */
struct sc_layout {
	size_t size;		/* bytes of the set */
	size_t word;		/* bytes of a register */
	uint32_t arch;		/* AUDIT_ARCH_* */
	unsigned int nr;	/* orig_ax */
	unsigned int ret;	/* ax */
	unsigned int args[6];
};

#define X64(reg) (offsetof(struct user_regs_struct, reg) / sizeof(uint64_t))

static const struct sc_layout sc_layouts[] = {
	{ sizeof(struct user_regs_struct), sizeof(uint64_t), AUDIT_ARCH_X86_64,
	  X64(orig_rax), X64(rax),
	  { X64(rdi), X64(rsi), X64(rdx), X64(r10), X64(r8), X64(r9) } },
	/* ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags esp ss */
	{ 17 * sizeof(uint32_t), sizeof(uint32_t), AUDIT_ARCH_I386,
	  11, 6, { 0, 1, 2, 3, 4, 5 } },
};

/* The general registers of tid, and which layout they have. */
struct sc_regs {
	union {
		struct user_regs_struct x64;
		uint32_t w32[17];
		unsigned char bytes[sizeof(struct user_regs_struct)];
	};
	const struct sc_layout *l;
};

/* The registers of tid, after the arguments every call takes are checked. */
static int sc_read(struct utracer *u, pid_t tid, const void *arg, struct sc_regs *r)
{
	ssize_t n;
	size_t i;

	if (!u || tid <= 0 || !arg)
		return -EINVAL;
	n = utracer__regset_transfer(u, UTRACER_IOC_REGSET_READ, tid, NT_PRSTATUS,
				     (uintptr_t)r->bytes, sizeof(r->bytes));
	if (n < 0)
		return (int)n;
	for (i = 0; i < sizeof(sc_layouts) / sizeof(sc_layouts[0]); i++) {
		if (sc_layouts[i].size == (size_t)n) {
			r->l = &sc_layouts[i];
			return 0;
		}
	}
	return -EPROTO;		/* a register set of a size no ABI here has */
}

static int sc_write(struct utracer *u, pid_t tid, const struct sc_regs *r)
{
	ssize_t n = utracer__regset_transfer(u, UTRACER_IOC_REGSET_WRITE, tid, NT_PRSTATUS,
					     (uintptr_t)r->bytes, r->l->size);

	return n < 0 ? (int)n : 0;
}

static uint64_t sc_get(const struct sc_regs *r, unsigned int idx)
{
	uint64_t v64;
	uint32_t v32;

	if (r->l->word == sizeof(uint32_t)) {
		memcpy(&v32, r->bytes + idx * sizeof(v32), sizeof(v32));
		return v32;
	}
	memcpy(&v64, r->bytes + idx * sizeof(v64), sizeof(v64));
	return v64;
}

static void sc_put(struct sc_regs *r, unsigned int idx, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (r->l->word == sizeof(uint32_t))
		memcpy(r->bytes + idx * sizeof(v32), &v32, sizeof(v32));
	else
		memcpy(r->bytes + idx * sizeof(v), &v, sizeof(v));
}

/* A signed value the thread's registers can hold. */
static int sc_fits(const struct sc_regs *r, int64_t v)
{
	return r->l->word == sizeof(uint64_t) || (v >= INT32_MIN && v <= INT32_MAX);
}

UTRACER_EXPORT
int utracer_syscall_get(struct utracer *u, pid_t tid, struct utracer_syscall *sc)
{
	struct sc_regs r;
	int err, i;

	err = sc_read(u, tid, sc, &r);
	if (err)
		return utracer_err(err);
	memset(sc, 0, sizeof(*sc));
	sc->arch = r.l->arch;
	sc->nr = r.l->word == sizeof(uint32_t) ? (int32_t)sc_get(&r, r.l->nr) :
						 (int64_t)sc_get(&r, r.l->nr);
	for (i = 0; i < 6; i++)
		sc->args[i] = sc_get(&r, r.l->args[i]);
	return 0;
}

UTRACER_EXPORT
int utracer_syscall_set(struct utracer *u, pid_t tid, const struct utracer_syscall *sc)
{
	struct sc_regs r;
	int err, i;

	err = sc_read(u, tid, sc, &r);
	if (err)
		return utracer_err(err);
	if (sc->arch != r.l->arch || !sc_fits(&r, sc->nr))
		return utracer_err(-EINVAL);
	for (i = 0; i < 6; i++)
		if (r.l->word == sizeof(uint32_t) && sc->args[i] > UINT32_MAX)
			return utracer_err(-EINVAL);
	sc_put(&r, r.l->nr, (uint64_t)sc->nr);
	for (i = 0; i < 6; i++)
		sc_put(&r, r.l->args[i], sc->args[i]);
	return utracer_err(sc_write(u, tid, &r));
}

UTRACER_EXPORT
int utracer_syscall_skip(struct utracer *u, pid_t tid, int64_t retval)
{
	struct sc_regs r;
	int err;

	err = sc_read(u, tid, &retval, &r);
	if (err)
		return utracer_err(err);
	if (!sc_fits(&r, retval))
		return utracer_err(-EINVAL);
	sc_put(&r, r.l->nr, (uint64_t)-1);
	sc_put(&r, r.l->ret, (uint64_t)retval);
	return utracer_err(sc_write(u, tid, &r));
}
