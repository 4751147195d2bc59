// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Description: udb gdbserver's qXfer:libraries-svr4:read document, built
 * from a fake tracee (auxiliary vector, program headers, dynamic section,
 * r_debug and link_map list at fixed addresses): the amd64 and i386
 * layouts give gdb's library-list-svr4 with the program as main-lm and
 * each named object as a library (names XML-escaped, lmid 0; unnamed ones
 * and the vDSO, found by AT_SYSINFO_EHDR, left out); before the dynamic linker has set DT_DEBUG the list is empty; a
 * static program, one without PT_PHDR or with foreign program header
 * sizes is -ENOENT, an unreadable dynamic section -EIO; a list whose
 * l_prev links disagree (a cycle among them) is cut there; a name that
 * cannot be read leaves its object out.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdbserver.h"
#include "host-check.h"

/* The fake tracee: regions of memory at fixed addresses. */
struct region {
	uint64_t addr;
	unsigned char data[512];
	size_t len;
};

static struct region mem[16];
static unsigned int nmem;

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	nmem = 0;
}

static void put(uint64_t addr, const void *data, size_t len)
{
	if (nmem == sizeof(mem) / sizeof(mem[0]) || len > sizeof(mem[0].data)) {
		puts("FAIL: the fake tracee is too small");
		exit(1);
	}
	mem[nmem].addr = addr;
	memcpy(mem[nmem].data, data, len);
	mem[nmem++].len = len;
}

/* Like the module: what is readable from addr on, up to len; -EIO if nothing. */
static long fake_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	(void)opaque;
	for (unsigned int i = 0; i < nmem; i++) {
		if (addr >= mem[i].addr && addr < mem[i].addr + mem[i].len) {
			size_t n = mem[i].addr + mem[i].len - addr;

			if (n > len)
				n = len;
			memcpy(buf, mem[i].data + (addr - mem[i].addr), n);
			return (long)n;
		}
	}
	return -EIO;
}

/* The layout of each fake process. */
#define BIAS64		0x555555554000ull
#define PHDR64		(BIAS64 + 0x40)
#define DYN64		(BIAS64 + 0x3000)
#define RDEBUG64	0x7ffff7ffe118ull
#define LM64(i)		(0x7ffff7ff0000ull + 0x100 * (i))
#define NAME64(i)	(0x7ffff7fe0000ull + 0x100 * (i))

struct lm64 {
	uint64_t l_addr, l_name, l_ld, l_next, l_prev;
};

static struct utracer_auxv auxv64[] = {
	{ AT_PHDR, PHDR64 }, { AT_PHENT, sizeof(Elf64_Phdr) }, { AT_PHNUM, 3 },
	{ AT_ENTRY, BIAS64 + 0x1040 }, { AT_SYSINFO_EHDR, 0x7ffff7fc1000 },
};

static void put_phdrs64(int with_phdr, int with_dynamic)
{
	Elf64_Phdr ph[3] = {
		{ .p_type = with_phdr ? PT_PHDR : PT_NOTE, .p_vaddr = 0x40 },
		{ .p_type = PT_LOAD, .p_vaddr = 0 },
		{ .p_type = with_dynamic ? PT_DYNAMIC : PT_GNU_STACK, .p_vaddr = 0x3000 },
	};

	put(PHDR64, ph, sizeof(ph));
}

static void put_dynamic64(uint64_t r_debug)
{
	Elf64_Dyn d[] = {
		{ DT_NEEDED, { 1 } }, { DT_DEBUG, { r_debug } }, { DT_NULL, { 0 } },
	};

	put(DYN64, d, sizeof(d));
}

static void put_r_debug64(uint64_t first)
{
	uint64_t r[2] = { 1, first };	/* r_version (and padding), r_map */

	put(RDEBUG64, r, sizeof(r));
}

/* The usual process: the program, the vDSO unnamed, libc, an odd name. */
static void process64(void)
{
	struct lm64 lm[4] = {
		{ BIAS64, NAME64(0), DYN64, LM64(1), 0 },
		{ 0x7ffff7fc1000, NAME64(1), 0x7ffff7fc13e0, LM64(2), LM64(0) },
		{ 0x7ffff7d9a000, NAME64(2), 0x7ffff7f7c8a0, LM64(3), LM64(1) },
		{ 0x7ffff7c00000, NAME64(3), 0x7ffff7c10000, 0, LM64(2) },
	};

	reset();
	put_phdrs64(1, 1);
	put_dynamic64(RDEBUG64);
	put_r_debug64(LM64(0));
	for (int i = 0; i < 4; i++)
		put(LM64(i), &lm[i], sizeof(lm[i]));	/* mem[3 + i] */
	put(NAME64(0), "", 1);			/* mem[7 + i]: the names */
	put(NAME64(1), "linux-vdso.so.1", 16);	/* left out: AT_SYSINFO_EHDR */
	put(NAME64(2), "/lib/x86_64-linux-gnu/libc.so.6", 32);
	put(NAME64(3), "/tmp/a&b<c>\"d'.so", 18);
}

static const char expect64[] =
	"<library-list-svr4 version=\"1.0\" main-lm=\"0x7ffff7ff0000\">"
	"<library name=\"/lib/x86_64-linux-gnu/libc.so.6\" lm=\"0x7ffff7ff0200\" "
	"l_addr=\"0x7ffff7d9a000\" l_ld=\"0x7ffff7f7c8a0\" lmid=\"0x0\"/>"
	"<library name=\"/tmp/a&amp;b&lt;c&gt;&quot;d&apos;.so\" lm=\"0x7ffff7ff0300\" "
	"l_addr=\"0x7ffff7c00000\" l_ld=\"0x7ffff7c10000\" lmid=\"0x0\"/>"
	"</library-list-svr4>";

static int document(struct strbuf *doc, const struct utracer_auxv *a, size_t n, enum gs_arch arch)
{
	sb_reset(doc);
	return gs_svr4_document(doc, a, n, arch, fake_read, NULL);
}

#define NAUXV64 (sizeof(auxv64) / sizeof(auxv64[0]))

static void amd64(struct strbuf *doc)
{
	struct lm64 bad;
	int ret;

	process64();
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == 0 && !strcmp(sb_str(doc), expect64), "amd64: %d '%s'", ret, sb_str(doc));

	/* Before the dynamic linker ran: DT_DEBUG is 0, the list is empty. */
	process64();
	memset(mem[1].data + sizeof(Elf64_Dyn) + 8, 0, 8);	/* DT_DEBUG's value */
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == 0 && !strcmp(sb_str(doc), "<library-list-svr4 version=\"1.0\"></library-list-svr4>"),
	      "DT_DEBUG 0: %d '%s'", ret, sb_str(doc));

	/* A static program: no PT_DYNAMIC. */
	reset();
	put_phdrs64(1, 0);
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == -ENOENT, "static: %d", ret);

	/* No PT_PHDR: the load bias is unknown. */
	reset();
	put_phdrs64(0, 1);
	put_dynamic64(RDEBUG64);
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == -ENOENT, "no PT_PHDR: %d", ret);

	/* Program headers of another size than amd64's. */
	{
		struct utracer_auxv odd[] = {
			{ AT_PHDR, PHDR64 }, { AT_PHENT, sizeof(Elf32_Phdr) }, { AT_PHNUM, 3 },
		};

		process64();
		ret = document(doc, odd, 3, GS_ARCH_AMD64);
		CHECK(ret == -ENOENT, "AT_PHENT 32: %d", ret);
	}

	/* No auxiliary vector entries at all. */
	ret = document(doc, auxv64, 0, GS_ARCH_AMD64);
	CHECK(ret == -ENOENT, "no auxv: %d", ret);

	/* The dynamic section unreadable. */
	reset();
	put_phdrs64(1, 1);
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == -EIO, "no dynamic section: %d", ret);

	/* A cycle: libc's l_next goes back to the vDSO, whose l_prev disagrees. */
	process64();
	memcpy(&bad, mem[5].data, sizeof(bad));
	bad.l_next = LM64(1);
	memcpy(mem[5].data, &bad, sizeof(bad));
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == 0 && strstr(sb_str(doc), "libc.so.6") &&
	      !strstr(strstr(sb_str(doc), "libc.so.6") + 1, "libc.so.6") &&
	      !strstr(sb_str(doc), "a&amp;b") &&
	      !strcmp(sb_str(doc) + doc->len - 20, "</library-list-svr4>"),
	      "cycle: %d '%s'", ret, sb_str(doc));

	/* libc's name unreadable: libc left out, the next object kept. */
	process64();
	mem[9].addr = 0x10;	/* NAME64(2) no longer mapped */
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == 0 && !strstr(sb_str(doc), "libc.so.6") && strstr(sb_str(doc), "a&amp;b"),
	      "unreadable name: %d '%s'", ret, sb_str(doc));

	/* The list's first link unreadable: an empty list, not an error. */
	process64();
	mem[3].addr = 0x20;	/* LM64(0) no longer mapped */
	ret = document(doc, auxv64, NAUXV64, GS_ARCH_AMD64);
	CHECK(ret == 0 && !strcmp(sb_str(doc), "<library-list-svr4 version=\"1.0\"></library-list-svr4>"),
	      "unreadable link_map: %d '%s'", ret, sb_str(doc));
}

/* An i386 process: 4-byte words everywhere, a non-PIE program. */
static void i386(struct strbuf *doc)
{
	struct utracer_auxv a[] = {
		{ AT_PHDR, 0x8048034 }, { AT_PHENT, sizeof(Elf32_Phdr) }, { AT_PHNUM, 2 },
	};
	Elf32_Phdr ph[2] = {
		{ .p_type = PT_PHDR, .p_vaddr = 0x8048034 },
		{ .p_type = PT_DYNAMIC, .p_vaddr = 0x804bf0c },
	};
	Elf32_Dyn d[] = { { DT_DEBUG, { 0xf7ffd900 } }, { DT_NULL, { 0 } } };
	uint32_t r[2] = { 1, 0xf7ffda00 };
	uint32_t lm[2][5] = {
		{ 0, 0xf7ffdb00, 0x804bf0c, 0xf7ffda14, 0 },
		{ 0xf7d80000, 0xf7ffdb10, 0xf7f8fd8c, 0, 0xf7ffda00 },
	};
	int ret;

	reset();
	put(0x8048034, ph, sizeof(ph));
	put(0x804bf0c, d, sizeof(d));
	put(0xf7ffd900, r, sizeof(r));
	put(0xf7ffda00, lm, sizeof(lm));
	put(0xf7ffdb00, "", 1);
	put(0xf7ffdb10, "/lib/i386-linux-gnu/libc.so.6", 30);
	ret = document(doc, a, 3, GS_ARCH_I386);
	CHECK(ret == 0 && !strcmp(sb_str(doc),
				  "<library-list-svr4 version=\"1.0\" main-lm=\"0xf7ffda00\">"
				  "<library name=\"/lib/i386-linux-gnu/libc.so.6\" lm=\"0xf7ffda14\" "
				  "l_addr=\"0xf7d80000\" l_ld=\"0xf7f8fd8c\" lmid=\"0x0\"/>"
				  "</library-list-svr4>"),
	      "i386: %d '%s'", ret, sb_str(doc));
}

int main(void)
{
	struct strbuf doc = STRBUF_INIT;

	amd64(&doc);
	i386(&doc);
	sb_free(&doc);
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	puts("PASS");
	return 0;
}
