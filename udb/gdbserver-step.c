// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: software single-step, for a module without STEP (or
 * with UDB_SOFTWARE_STEP=1 in the environment). A step is made as gdb
 * itself makes it on targets without hardware stepping: decode the instruction at pc (capstone),
 * work out every address it may transfer control to from the thread's
 * registers and memory, put a breakpoint on each, run the thread, and
 * take it back at whichever it reaches first. This file finds the
 * addresses; gdbserver.c places the breakpoints and runs the thread.
 */
#include <capstone/capstone.h>
#include <elf.h>
#include <errno.h>
#include <string.h>
#include "gdbserver.h"

/* Syscall numbers whose successor is not the next instruction. */
#define NR_RT_SIGRETURN_64 15
#define NR_SIGRETURN_32 119
#define NR_RT_SIGRETURN_32 173

/* Where capstone's register lives in the general set: slot index and size. */
struct reg_slot {
	x86_reg reg;
	int slot;
	int size;
};

/* user_regs_struct of amd64: 64-bit registers and their 32-bit halves. */
static const struct reg_slot amd64_slots[] = {
	{ X86_REG_R15, 0, 8 }, { X86_REG_R14, 1, 8 }, { X86_REG_R13, 2, 8 },
	{ X86_REG_R12, 3, 8 }, { X86_REG_RBP, 4, 8 }, { X86_REG_RBX, 5, 8 },
	{ X86_REG_R11, 6, 8 }, { X86_REG_R10, 7, 8 }, { X86_REG_R9, 8, 8 },
	{ X86_REG_R8, 9, 8 }, { X86_REG_RAX, 10, 8 }, { X86_REG_RCX, 11, 8 },
	{ X86_REG_RDX, 12, 8 }, { X86_REG_RSI, 13, 8 }, { X86_REG_RDI, 14, 8 },
	{ X86_REG_RSP, 19, 8 },
	{ X86_REG_R15D, 0, 4 }, { X86_REG_R14D, 1, 4 }, { X86_REG_R13D, 2, 4 },
	{ X86_REG_R12D, 3, 4 }, { X86_REG_EBP, 4, 4 }, { X86_REG_EBX, 5, 4 },
	{ X86_REG_R11D, 6, 4 }, { X86_REG_R10D, 7, 4 }, { X86_REG_R9D, 8, 4 },
	{ X86_REG_R8D, 9, 4 }, { X86_REG_EAX, 10, 4 }, { X86_REG_ECX, 11, 4 },
	{ X86_REG_EDX, 12, 4 }, { X86_REG_ESI, 13, 4 }, { X86_REG_EDI, 14, 4 },
	{ X86_REG_ESP, 19, 4 },
};

/* user_regs_struct of i386 (4-byte slots). */
static const struct reg_slot i386_slots[] = {
	{ X86_REG_EBX, 0, 4 }, { X86_REG_ECX, 1, 4 }, { X86_REG_EDX, 2, 4 },
	{ X86_REG_ESI, 3, 4 }, { X86_REG_EDI, 4, 4 }, { X86_REG_EBP, 5, 4 },
	{ X86_REG_EAX, 6, 4 }, { X86_REG_ESP, 15, 4 },
};

struct step_ctx {
	enum gs_arch arch;
	unsigned char gp[27 * 8];
	uint64_t next_pc;	/* the instruction after this one */
	gs_mem_reader mem_read;
	void *opaque;
};

/* The value of register reg; -1 when it is not one we can know. */
static int reg_value(const struct step_ctx *c, x86_reg reg, uint64_t *val)
{
	const struct reg_slot *slots = c->arch == GS_ARCH_I386 ? i386_slots : amd64_slots;
	size_t n = c->arch == GS_ARCH_I386 ? sizeof(i386_slots) / sizeof(i386_slots[0])
					   : sizeof(amd64_slots) / sizeof(amd64_slots[0]);
	int slot_size = c->arch == GS_ARCH_I386 ? 4 : 8;

	if (reg == X86_REG_INVALID) {
		*val = 0;
		return 0;
	}
	if (reg == X86_REG_RIP || reg == X86_REG_EIP) {
		*val = c->next_pc;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (slots[i].reg != reg)
			continue;
		*val = 0;
		memcpy(val, c->gp + slots[i].slot * slot_size, (size_t)slots[i].size);
		return 0;
	}
	return -1;
}

/* Reads a pointer-sized (size bytes) value at addr. */
static int read_ptr(const struct step_ctx *c, uint64_t addr, int size, uint64_t *val)
{
	*val = 0;
	if (c->mem_read(c->opaque, addr, val, (size_t)size) != size)
		return -1;
	return 0;
}

static int mem_operand_addr(const struct step_ctx *c, const cs_x86_op *op, uint64_t *addr)
{
	uint64_t base, index, seg = 0;

	if (reg_value(c, op->mem.base, &base) || reg_value(c, op->mem.index, &index))
		return -1;
	if (op->mem.segment == X86_REG_FS || op->mem.segment == X86_REG_GS) {
		/* fs_base and gs_base: amd64 only; an i386 base is in the GDT. */
		if (c->arch == GS_ARCH_I386)
			return -1;
		memcpy(&seg, c->gp + (op->mem.segment == X86_REG_FS ? 21 : 22) * 8, 8);
	}
	*addr = seg + base + index * (uint64_t)op->mem.scale + (uint64_t)op->mem.disp;
	if (c->arch == GS_ARCH_I386)
		*addr &= 0xffffffffu;
	return 0;
}

/* The target of an indirect jump or call: its register or memory operand. */
static int indirect_target(const struct step_ctx *c, const cs_x86 *x, uint64_t *target)
{
	const cs_x86_op *op;
	uint64_t addr;

	if (x->op_count != 1)
		return -1;
	op = &x->operands[0];
	switch (op->type) {
	case X86_OP_IMM:
		*target = (uint64_t)op->imm;
		return 0;
	case X86_OP_REG:
		return reg_value(c, op->reg, target);
	case X86_OP_MEM:
		if (mem_operand_addr(c, op, &addr))
			return -1;
		return read_ptr(c, addr, op->size ? op->size : (c->arch == GS_ARCH_I386 ? 4 : 8),
				target);
	default:
		return -1;
	}
}

static int has_group(const cs_insn *insn, uint8_t group)
{
	for (uint8_t i = 0; i < insn->detail->groups_count; i++)
		if (insn->detail->groups[i] == group)
			return 1;
	return 0;
}

/*
 * rt_sigreturn's successor: the rip saved in the signal frame. At the
 * syscall of the restorer, rsp points at the ucontext, whose mcontext
 * starts at byte 40 (flags, link, stack) and holds rip after 16 registers.
 */
static int sigreturn_target(const struct step_ctx *c, uint64_t *target)
{
	uint64_t sp;

	if (c->arch == GS_ARCH_I386)
		return -EOPNOTSUPP;
	memcpy(&sp, c->gp + 19 * 8, 8);
	if (read_ptr(c, sp + 40 + 16 * 8, 8, target))
		return -EOPNOTSUPP;
	return 0;
}

static int successors(const struct step_ctx *c, const cs_insn *insn, uint64_t *next, int max)
{
	const cs_x86 *x = &insn->detail->x86;
	uint64_t sp, target, nr;
	int n = 0, wsize = c->arch == GS_ARCH_I386 ? 4 : 8;

	if (max < 2)
		return -EINVAL;
	switch (insn->id) {
	case X86_INS_LJMP:
	case X86_INS_LCALL:
	case X86_INS_RETF:
	case X86_INS_IRET:
	case X86_INS_IRETD:
	case X86_INS_IRETQ:
	case X86_INS_SYSENTER:
		return -EOPNOTSUPP;
	case X86_INS_SYSCALL:
		reg_value(c, c->arch == GS_ARCH_I386 ? X86_REG_EAX : X86_REG_RAX, &nr);
		if (c->arch == GS_ARCH_AMD64 && nr == NR_RT_SIGRETURN_64) {
			if (sigreturn_target(c, &target))
				return -EOPNOTSUPP;
			next[n++] = target;
			return n;
		}
		next[n++] = c->next_pc;
		return n;
	case X86_INS_INT:
		reg_value(c, X86_REG_EAX, &nr);
		if (nr == NR_SIGRETURN_32 || nr == NR_RT_SIGRETURN_32)
			return -EOPNOTSUPP;
		next[n++] = c->next_pc;
		return n;
	default:
		break;
	}
	if (has_group(insn, CS_GRP_RET)) {
		reg_value(c, c->arch == GS_ARCH_I386 ? X86_REG_ESP : X86_REG_RSP, &sp);
		if (read_ptr(c, sp, wsize, &target))
			return -EOPNOTSUPP;
		next[n++] = target;
		return n;
	}
	if (has_group(insn, CS_GRP_CALL)) {
		if (indirect_target(c, x, &target))
			return -EOPNOTSUPP;
		next[n++] = target;
		return n;
	}
	if (has_group(insn, CS_GRP_JUMP)) {
		if (indirect_target(c, x, &target))
			return -EOPNOTSUPP;
		next[n++] = target;
		/* Conditional jumps, loop and jcxz may also fall through. */
		if (insn->id != X86_INS_JMP && target != c->next_pc)
			next[n++] = c->next_pc;
		return n;
	}
	next[n++] = c->next_pc;
	return n;
}

int gs_step_targets(struct utracer *u, pid_t tid, enum gs_arch arch, uint64_t pc,
		    gs_mem_reader mem_read, void *opaque, uint64_t *next, int max)
{
	struct step_ctx c = { .arch = arch, .mem_read = mem_read, .opaque = opaque };
	unsigned char code[16] = { 0 };
	long got;
	ssize_t n;
	csh handle;
	cs_insn *insn;
	int ret;

	n = utracer_regset_read(u, tid, NT_PRSTATUS, c.gp, sizeof(c.gp));
	if (n < 0)
		return (int)n;
	got = mem_read(opaque, pc, code, sizeof(code));
	if (got <= 0)
		return -EIO;
	if (cs_open(CS_ARCH_X86, arch == GS_ARCH_I386 ? CS_MODE_32 : CS_MODE_64, &handle) !=
	    CS_ERR_OK)
		return -ENOMEM;
	cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
	if (cs_disasm(handle, code, (size_t)got, pc, 1, &insn) != 1) {
		cs_close(&handle);
		return -EINVAL;
	}
	c.next_pc = pc + insn->size;
	ret = successors(&c, insn, next, max);
	cs_free(insn, 1);
	cs_close(&handle);
	return ret;
}
