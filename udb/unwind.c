// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Backtraces. libdwfl's unwinder walks the call-frame information of the
 * process's ELF files (.eh_frame, or .debug_frame from debug info), which
 * works without frame pointers, as Debian's binaries are built. It asks
 * for the thread's registers and memory through callbacks, answered here
 * from libutracer instead of ptrace. Where there is no CFI (hand-written
 * code, a JIT) the frame-pointer chain is the fallback.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "udb.h"

struct unwind_ctx {
	struct utracer *u;
	pid_t pid, tid;
	const struct udb_regs *regs;
	bool thread_given;
	struct udb_frame *frames;
	size_t max, n;
};

/* The one thread to unwind. */
static pid_t unwind_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	struct unwind_ctx *ctx = arg;

	if (ctx->thread_given)
		return 0;
	ctx->thread_given = true;
	*thread_argp = ctx;
	return ctx->tid;
}

static bool unwind_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	struct unwind_ctx *ctx = arg;
	size_t size = ctx->regs->is_i386 ? 4 : 8;
	uint64_t word = 0;

	if (utracer_mem_read(ctx->u, ctx->pid, addr, &word, size) != (ssize_t)size)
		return false;
	*result = word;
	return true;
}

/* DWARF register numbers 0..16 (x86-64) and 0..8 (i386), in order. */
static const char *const x86_64_dwarf_regs[] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip",
};
static const char *const i386_dwarf_regs[] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip",
};

static bool unwind_set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct unwind_ctx *ctx = arg;
	const char *const *names = ctx->regs->is_i386 ? i386_dwarf_regs : x86_64_dwarf_regs;
	size_t n = ctx->regs->is_i386 ? 9 : 17;
	Dwarf_Word vals[17];

	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0;

		if (udb_regs_get(ctx->regs, names[i], &v))
			return false;
		vals[i] = v;
	}
	return dwfl_thread_state_registers(thread, 0, n, vals);
}

static const Dwfl_Thread_Callbacks unwind_callbacks = {
	.next_thread = unwind_next_thread,
	.memory_read = unwind_memory_read,
	.set_initial_registers = unwind_set_initial_registers,
};

static int unwind_frame(Dwfl_Frame *state, void *arg)
{
	struct unwind_ctx *ctx = arg;
	Dwarf_Addr pc;
	bool activation;

	if (!dwfl_frame_pc(state, &pc, &activation) || !pc)
		return DWARF_CB_ABORT;
	ctx->frames[ctx->n].pc = pc;
	ctx->frames[ctx->n].is_return = !activation;
	ctx->n++;
	return ctx->n < ctx->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

static size_t unwind_cfi(struct unwind_ctx *ctx)
{
	Dwfl *dwfl = udb_dwfl_load(ctx->u, ctx->pid);

	if (!dwfl)
		return 0;
	/* With no ELF given, the first module's tells the architecture. */
	if (dwfl_attach_state(dwfl, NULL, ctx->pid, &unwind_callbacks, ctx))
		dwfl_getthread_frames(dwfl, ctx->tid, unwind_frame, ctx);
	dwfl_end(dwfl);
	return ctx->n;
}

/* [fp] is the caller's fp, [fp + word] the return address. */
static size_t unwind_fp(struct unwind_ctx *ctx)
{
	size_t word = ctx->regs->is_i386 ? 4 : 8;
	uint64_t fp = ctx->regs->fp;
	Dwarf_Word next_fp, pc;

	ctx->n = 0;
	ctx->frames[ctx->n++] = (struct udb_frame){ .pc = ctx->regs->ip };
	while (ctx->n < ctx->max && fp) {
		if (!unwind_memory_read(NULL, fp, &next_fp, ctx) ||
		    !unwind_memory_read(NULL, fp + word, &pc, ctx) || !pc)
			break;
		ctx->frames[ctx->n++] = (struct udb_frame){ .pc = pc, .is_return = 1 };
		/* Frames grow towards lower addresses: the chain must climb. */
		if (next_fp <= fp)
			break;
		fp = next_fp;
	}
	return ctx->n;
}

int udb_unwind(struct utracer *u, pid_t pid, pid_t tid, const struct udb_regs *regs,
	       struct udb_frame *frames, size_t max)
{
	struct unwind_ctx ctx = {
		.u = u, .pid = pid, .tid = tid, .regs = regs, .frames = frames, .max = max,
	};

	if (!max)
		return -EINVAL;
	/* The CFI walk stops early where a module has none: then the FP chain may do better. */
	if (unwind_cfi(&ctx) > 1)
		return (int)ctx.n;
	return (int)unwind_fp(&ctx);
}
