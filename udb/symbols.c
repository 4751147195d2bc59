// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Symbols of a traced process, from its ELF files and their debug info
 * (elfutils libdwfl). The modules and their load addresses come from the
 * process's memory map as libutracer reports it.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "udb.h"

struct udb_symbols {
	Dwfl *dwfl;
};

static char *debuginfo_path;

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

Dwfl *udb_dwfl_from_maps(const struct utracer_map *maps, size_t count)
{
	Dwfl *dwfl = dwfl_begin(&offline_callbacks);

	if (!dwfl) {
		errno = ENOMEM;
		return NULL;
	}
	dwfl_report_begin(dwfl);
	for (size_t i = 0; i < count; i++) {
		const struct utracer_map *m = &maps[i];
		const char *base;

		/* A file's first mapping tells where it is loaded. */
		if (!m->path || m->path[0] != '/' || m->offset != 0 || strstr(m->path, " (deleted)"))
			continue;
		if (i > 0 && maps[i - 1].path && !strcmp(maps[i - 1].path, m->path))
			continue;
		base = strrchr(m->path, '/') + 1;
		/* Files that are not ELF (fonts, locale archives) are simply refused. */
		dwfl_report_elf(dwfl, base, m->path, -1, m->start, false);
	}
	dwfl_report_end(dwfl, NULL, NULL);
	return dwfl;
}

Dwfl *udb_dwfl_load(struct utracer *u, pid_t pid)
{
	size_t count;
	struct utracer_map *maps = utracer_map_list(u, pid, &count);
	Dwfl *dwfl;

	if (!maps)
		return NULL;
	dwfl = udb_dwfl_from_maps(maps, count);
	free(maps);
	return dwfl;
}

struct udb_symbols *udb_symbols_load(struct utracer *u, pid_t pid)
{
	struct udb_symbols *syms = calloc(1, sizeof(*syms));

	if (!syms)
		return NULL;
	syms->dwfl = udb_dwfl_load(u, pid);
	if (!syms->dwfl) {
		free(syms);
		return NULL;
	}
	return syms;
}

void udb_symbols_free(struct udb_symbols *syms)
{
	if (!syms)
		return;
	dwfl_end(syms->dwfl);
	free(syms);
}

int udb_symbols_lookup(struct udb_symbols *syms, uint64_t addr, char *buf, size_t len)
{
	Dwfl_Module *mod;
	const char *name;
	GElf_Off off;
	GElf_Sym sym;

	if (!syms)
		return -1;
	mod = dwfl_addrmodule(syms->dwfl, addr);
	if (!mod)
		return -1;
	name = dwfl_module_addrinfo(mod, addr, &off, &sym, NULL, NULL, NULL);
	if (!name) {
		const char *modname = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL,
						       NULL, NULL);
		Dwarf_Addr start;

		dwfl_module_info(mod, NULL, &start, NULL, NULL, NULL, NULL, NULL);
		snprintf(buf, len, "%s+%#" PRIx64, modname ? modname : "?", addr - start);
		return 0;
	}
	/* "clock_nanosleep@GLIBC_2.2.5": the version says nothing here. */
	if (off)
		snprintf(buf, len, "%.*s+%#" PRIx64, (int)strcspn(name, "@"), name, (uint64_t)off);
	else
		snprintf(buf, len, "%.*s", (int)strcspn(name, "@"), name);
	return 0;
}

struct find_ctx {
	const char *name;
	uint64_t addr;
	uint64_t size;
	int found;
};

static int find_in_module(Dwfl_Module *mod, void **userdata, const char *modname,
			  Dwarf_Addr start, void *arg)
{
	struct find_ctx *ctx = arg;
	int n = dwfl_module_getsymtab(mod);

	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr, NULL, NULL, NULL);

		size_t len = name ? strcspn(name, "@") : 0;

		/* Versioned names ("read@GLIBC_2.2.5") match their plain name. */
		if (name && len == strlen(ctx->name) && !strncmp(name, ctx->name, len) &&
		    sym.st_shndx != SHN_UNDEF &&
		    (GELF_ST_TYPE(sym.st_info) == STT_FUNC ||
		     GELF_ST_TYPE(sym.st_info) == STT_OBJECT ||
		     GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC)) {
			ctx->addr = addr;
			ctx->size = sym.st_size;
			ctx->found = 1;
			return DWARF_CB_ABORT;
		}
	}
	return DWARF_CB_OK;
}

int udb_symbols_find_size(struct udb_symbols *syms, const char *name, uint64_t *addr,
			  uint64_t *size)
{
	struct find_ctx ctx = { .name = name };

	if (!syms)
		return -1;
	dwfl_getmodules(syms->dwfl, find_in_module, &ctx, 0);
	if (!ctx.found)
		return -1;
	*addr = ctx.addr;
	if (size)
		*size = ctx.size;
	return 0;
}

int udb_symbols_find(struct udb_symbols *syms, const char *name, uint64_t *addr)
{
	return udb_symbols_find_size(syms, name, addr, NULL);
}
