// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: qXfer:libraries-svr4:read, the dynamic linker's list of
 * loaded objects as gdb's library-list-svr4 document.
 *
 * The list is the one the dynamic linker keeps for debuggers (<link.h>):
 * the program's dynamic section holds DT_DEBUG, the address of struct
 * r_debug, whose r_map heads a doubly linked list of struct link_map (the
 * program first, then every shared object in load order). The program's
 * dynamic section is found from the auxiliary vector: AT_PHDR is where its
 * program headers are mapped, PT_PHDR says where they are linked, the
 * difference is the load bias of a position-independent program, and
 * PT_DYNAMIC's address plus that bias is the section. Everything is read
 * from the tracee in its own word size (8 bytes for amd64, 4 for i386).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "gdbserver.h"

/* Bounds on what a damaged or hostile tracee can make us walk. */
#define SVR4_MAX_PHDRS	4096
#define SVR4_MAX_DYN	4096
#define SVR4_MAX_OBJS	65536
#define SVR4_NAME_MAX	4096

struct svr4_reader {
	gs_mem_reader read;
	void *opaque;
	size_t word;			/* 8 or 4 */
};

/* One word of the tracee at addr, zero-extended; -EIO when unreadable. */
static int read_word(const struct svr4_reader *r, uint64_t addr, uint64_t *val)
{
	unsigned char buf[8];

	if (r->read(r->opaque, addr, buf, r->word) != (long)r->word)
		return -EIO;
	if (r->word == 8) {
		memcpy(val, buf, 8);
	} else {
		uint32_t v32;

		memcpy(&v32, buf, 4);
		*val = v32;
	}
	return 0;
}

static uint64_t auxv_value(const struct utracer_auxv *auxv, size_t n, uint64_t type)
{
	for (size_t i = 0; i < n; i++)
		if (auxv[i].type == type)
			return auxv[i].value;
	return 0;
}

/* The address of the program's dynamic section; -ENOENT for a static one. */
static int find_dynamic(const struct svr4_reader *r, const struct utracer_auxv *auxv, size_t n,
			uint64_t *dynamic)
{
	uint64_t phdr = auxv_value(auxv, n, AT_PHDR), phnum = auxv_value(auxv, n, AT_PHNUM);
	uint64_t phent = auxv_value(auxv, n, AT_PHENT);
	size_t want = r->word == 8 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	uint64_t linked_phdr = 0, dyn = 0;
	int have_phdr = 0, have_dyn = 0;

	if (!phdr || !phnum || phnum > SVR4_MAX_PHDRS || (phent && phent != want))
		return -ENOENT;
	for (uint64_t i = 0; i < phnum; i++) {
		unsigned char buf[sizeof(Elf64_Phdr)];
		uint32_t type;
		uint64_t vaddr;

		if (r->read(r->opaque, phdr + i * want, buf, want) != (long)want)
			return -EIO;
		if (r->word == 8) {
			Elf64_Phdr p;

			memcpy(&p, buf, sizeof(p));
			type = p.p_type;
			vaddr = p.p_vaddr;
		} else {
			Elf32_Phdr p;

			memcpy(&p, buf, sizeof(p));
			type = p.p_type;
			vaddr = p.p_vaddr;
		}
		if (type == PT_PHDR) {
			linked_phdr = vaddr;
			have_phdr = 1;
		} else if (type == PT_DYNAMIC) {
			dyn = vaddr;
			have_dyn = 1;
		}
	}
	/* Without PT_PHDR the bias cannot be known: gdb reads the list itself. */
	if (!have_dyn || !have_phdr)
		return -ENOENT;
	*dynamic = dyn + (phdr - linked_phdr);
	if (r->word == 4)
		*dynamic &= 0xffffffffu;
	return 0;
}

/* r_debug's address from DT_DEBUG: 0 while the dynamic linker has not set it. */
static int find_r_debug(const struct svr4_reader *r, uint64_t dynamic, uint64_t *r_debug)
{
	for (int i = 0; i < SVR4_MAX_DYN; i++) {
		uint64_t tag, val;

		if (read_word(r, dynamic + (uint64_t)(2 * i) * r->word, &tag) ||
		    read_word(r, dynamic + (uint64_t)(2 * i + 1) * r->word, &val))
			return -EIO;
		if (tag == DT_NULL)
			break;
		if (tag == DT_DEBUG) {
			*r_debug = val;
			return 0;
		}
	}
	return -ENOENT;
}

/* The NUL-terminated string at addr, at most SVR4_NAME_MAX bytes; NULL if unreadable. */
static char *read_string(const struct svr4_reader *r, uint64_t addr)
{
	char *s = malloc(SVR4_NAME_MAX + 1);

	if (s && udb_read_cstring(r->read, r->opaque, addr, s, SVR4_NAME_MAX) < 0) {
		free(s);
		s = NULL;
	}
	return s;
}

void gs_xml_add_escaped(struct strbuf *doc, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sb_add(doc, "&amp;");
			break;
		case '<':
			sb_add(doc, "&lt;");
			break;
		case '>':
			sb_add(doc, "&gt;");
			break;
		case '"':
			sb_add(doc, "&quot;");
			break;
		case '\'':
			sb_add(doc, "&apos;");
			break;
		default:
			sb_addc(doc, *s);
		}
	}
}

int gs_svr4_document(struct strbuf *doc, const struct utracer_auxv *auxv, size_t nauxv,
		     enum gs_arch arch, gs_mem_reader read, void *opaque)
{
	struct svr4_reader r = { read, opaque, arch == GS_ARCH_I386 ? 4 : 8 };
	uint64_t vdso = auxv_value(auxv, nauxv, AT_SYSINFO_EHDR);
	uint64_t dynamic, r_debug = 0, lm = 0, prev = 0;
	int ret, objs = 0;

	ret = find_dynamic(&r, auxv, nauxv, &dynamic);
	if (ret)
		return ret;
	ret = find_r_debug(&r, dynamic, &r_debug);
	if (ret)
		return ret;
	/* struct r_debug { int r_version; struct link_map *r_map; ... } */
	if (r_debug && read_word(&r, r_debug + r.word, &lm))
		return -EIO;
	sb_add(doc, "<library-list-svr4 version=\"1.0\"");
	/* struct link_map { l_addr, l_name, l_ld, l_next, l_prev }: one word each. */
	for (; lm && objs < SVR4_MAX_OBJS; objs++) {
		uint64_t l_addr, l_name, l_ld, l_next, l_prev;
		char *name;

		if (read_word(&r, lm, &l_addr) || read_word(&r, lm + r.word, &l_name) ||
		    read_word(&r, lm + 2 * r.word, &l_ld) ||
		    read_word(&r, lm + 3 * r.word, &l_next) ||
		    read_word(&r, lm + 4 * r.word, &l_prev))
			break;
		/* A list whose links do not agree is cut where they stop agreeing. */
		if (l_prev != prev)
			break;
		if (!prev) {
			/* The program itself: gdb knows it, it is named apart. */
			sb_addf(doc, " main-lm=\"0x%llx\">", (unsigned long long)lm);
		} else {
			/*
			 * Not files: unnamed objects, and the vDSO (linked at 0,
			 * so its l_addr is where AT_SYSINFO_EHDR says it is),
			 * which gdb leaves out when it walks the list itself.
			 */
			name = l_name && !(vdso && l_addr == vdso) ? read_string(&r, l_name) : NULL;
			if (name && *name) {
				sb_add(doc, "<library name=\"");
				gs_xml_add_escaped(doc, name);
				/* lmid: the namespace; gdb 13 requires it, 0 is the base one. */
				sb_addf(doc, "\" lm=\"0x%llx\" l_addr=\"0x%llx\" l_ld=\"0x%llx\" lmid=\"0x0\"/>",
					(unsigned long long)lm, (unsigned long long)l_addr,
					(unsigned long long)l_ld);
			}
			free(name);
		}
		prev = lm;
		lm = l_next;
	}
	if (!prev)
		sb_addc(doc, '>');
	sb_add(doc, "</library-list-svr4>");
	return 0;
}
