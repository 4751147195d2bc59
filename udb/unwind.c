// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Backtraces. libdwfl's unwinder walks the call-frame information of the
 * process's ELF files (.eh_frame, or .debug_frame from debug info), which
 * works without frame pointers, as Debian's binaries are built. It asks
 * for the thread's registers and memory through callbacks, answered here
 * from libutracer instead of ptrace. Where there is no CFI (hand-written
 * code, a JIT) the frame-pointer chain is the fallback.
 *
 * An unwinder keeps its process's Dwfl (the ELF files opened, their CFI
 * parsed) and symbol tables from one walk to the next, as udb trace -k
 * needs for thousands of syscalls; its owner invalidates it when the
 * process's executable mappings change.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "udb.h"

/* What the callbacks of one walk are given: set anew before each walk. */
struct unwind_ctx {
	struct utracer *u;
	pid_t pid, tid;
	const struct udb_regs *regs;
	bool thread_given;
	struct udb_frame *frames;
	size_t max, n;
};

/* A function symbol of a module's own ELF file, at its load address. */
struct func_sym {
	uint64_t addr;
	const char *name;	/* in the ELF file's string table, owned by libelf */
	size_t order;		/* its place in the file's tables: the first of equals wins */
};

/* The function symbols of one module, sorted by address, built at first use. */
struct func_table {
	Dwfl_Module *mod;
	struct func_sym *syms;	/* owned */
	size_t n;
};

/*
 * The unwinder of one process. Everything below @ctx is what the process's
 * memory map was at load time, and goes together at invalidation.
 */
struct udb_unwinder {
	struct unwind_ctx ctx;		/* the callbacks' argument, for the Dwfl's life */
	Dwfl *dwfl;			/* owned; NULL until loaded */
	bool attached;			/* dwfl_attach_state() succeeded on @dwfl */
	struct utracer_map *maps;	/* owned: the map list @dwfl was made from */
	size_t nmaps;
	struct func_table *tables;	/* owned */
	size_t ntables;
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

struct udb_unwinder *udb_unwinder_new(struct utracer *u, pid_t pid)
{
	struct udb_unwinder *uw = calloc(1, sizeof(*uw));

	if (!uw)
		return NULL;
	uw->ctx.u = u;
	uw->ctx.pid = pid;
	return uw;
}

void udb_unwinder_invalidate(struct udb_unwinder *uw)
{
	if (!uw)
		return;
	for (size_t i = 0; i < uw->ntables; i++)
		free(uw->tables[i].syms);
	free(uw->tables);
	uw->tables = NULL;
	uw->ntables = 0;
	if (uw->dwfl)
		dwfl_end(uw->dwfl);
	uw->dwfl = NULL;
	uw->attached = false;
	free(uw->maps);
	uw->maps = NULL;
	uw->nmaps = 0;
}

void udb_unwinder_free(struct udb_unwinder *uw)
{
	udb_unwinder_invalidate(uw);
	free(uw);
}

/* The map list and the Dwfl of the process as it is now, unless already there. */
static int unwinder_load(struct udb_unwinder *uw)
{
	if (uw->maps)
		return 0;
	uw->maps = utracer_map_list(uw->ctx.u, uw->ctx.pid, &uw->nmaps);
	if (!uw->maps)
		return -errno;
	uw->dwfl = udb_dwfl_from_maps(uw->maps, uw->nmaps);
	/* With no ELF given, the first module's tells the architecture. */
	if (uw->dwfl)
		uw->attached = dwfl_attach_state(uw->dwfl, NULL, uw->ctx.pid, &unwind_callbacks,
						 &uw->ctx);
	return 0;
}

int udb_unwinder_walk(struct udb_unwinder *uw, pid_t tid, const struct udb_regs *regs,
		      struct udb_frame *frames, size_t max)
{
	struct unwind_ctx *ctx = &uw->ctx;

	if (!max)
		return -EINVAL;
	ctx->tid = tid;
	ctx->regs = regs;
	ctx->frames = frames;
	ctx->max = max;
	ctx->n = 0;
	ctx->thread_given = false;
	if (!unwinder_load(uw) && uw->attached)
		dwfl_getthread_frames(uw->dwfl, tid, unwind_frame, ctx);
	/* The CFI walk stops early where a module has none: then the FP chain may do better. */
	if (ctx->n > 1)
		return (int)ctx->n;
	return (int)unwind_fp(ctx);
}

const struct utracer_map *udb_unwinder_map(struct udb_unwinder *uw, uint64_t addr)
{
	if (unwinder_load(uw))
		return NULL;
	for (size_t i = 0; i < uw->nmaps; i++)
		if (addr >= uw->maps[i].start && addr < uw->maps[i].end)
			return &uw->maps[i];
	return NULL;
}

int udb_unwinder_maps_exec(struct udb_unwinder *uw, uint64_t start, uint64_t len)
{
	if (!uw->maps)
		return 0;
	for (size_t i = 0; i < uw->nmaps; i++)
		if ((uw->maps[i].prot & PROT_EXEC) && start < uw->maps[i].end &&
		    start + len > uw->maps[i].start)
			return 1;
	return 0;
}

static int func_sym_cmp(const void *a, const void *b)
{
	const struct func_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The defined functions of the symbol tables (.symtab, .dynsym) of @mod's own file. */
static int func_table_build(struct func_table *table)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(table->mod, &bias);
	Elf_Scn *scn = NULL;
	size_t cap = 0;

	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &shdr) ||
		    (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM) ||
		    !shdr.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		for (size_t i = 0; data && i < shdr.sh_size / shdr.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;

			if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			name = elf_strptr(elf, shdr.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			if (table->n == cap) {
				struct func_sym *grown;

				cap = cap ? cap * 2 : 256;
				grown = realloc(table->syms, cap * sizeof(*grown));
				if (!grown)
					return -ENOMEM;
				table->syms = grown;
			}
			table->syms[table->n] = (struct func_sym){
				.addr = sym.st_value + (sym.st_shndx == SHN_ABS ? 0 : bias),
				.name = name,
				.order = table->n,
			};
			table->n++;
		}
	}
	if (table->n)
		qsort(table->syms, table->n, sizeof(*table->syms), func_sym_cmp);
	return 0;
}

int udb_unwinder_func(struct udb_unwinder *uw, uint64_t addr, const char **name, uint64_t *off)
{
	struct func_table *table = NULL;
	Dwfl_Module *mod;
	size_t lo, hi;

	if (unwinder_load(uw) || !uw->dwfl)
		return -1;
	mod = dwfl_addrmodule(uw->dwfl, addr);
	if (!mod)
		return -1;
	for (size_t i = 0; i < uw->ntables && !table; i++)
		if (uw->tables[i].mod == mod)
			table = &uw->tables[i];
	if (!table) {
		struct func_table *grown = realloc(uw->tables,
						   (uw->ntables + 1) * sizeof(*grown));

		if (!grown)
			return -1;
		uw->tables = grown;
		table = &uw->tables[uw->ntables++];
		*table = (struct func_table){ .mod = mod };
		func_table_build(table);
	}
	/* The last symbol at or below addr; among equal addresses, the first listed. */
	lo = 0;
	hi = table->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (table->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	lo--;
	while (lo > 0 && table->syms[lo - 1].addr == table->syms[lo].addr)
		lo--;
	*name = table->syms[lo].name;
	*off = addr - table->syms[lo].addr;
	return 0;
}

int udb_unwind(struct utracer *u, pid_t pid, pid_t tid, const struct udb_regs *regs,
	       struct udb_frame *frames, size_t max)
{
	struct udb_unwinder *uw = udb_unwinder_new(u, pid);
	int n;

	if (!uw)
		return -ENOMEM;
	n = udb_unwinder_walk(uw, tid, regs, frames, max);
	udb_unwinder_free(uw);
	return n;
}
