// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Registers of x86 threads, 64- and 32-bit: the general set (NT_PRSTATUS)
 * by name, and the other sets decoded (x87/SSE, AVX) or dumped.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "udb.h"

/* struct user_regs_struct, in its order. */
static const char *const x86_64_regs[] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
	"rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags",
	"rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
};

/* The order udb prints them in: the way people read them. */
static const char *const x86_64_print_order[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs",
	"fs_base", "gs_base", "orig_rax",
};

/* struct user_regs_struct of i386 (the ia32 view of a 64-bit kernel). */
static const char *const i386_regs[] = {
	"ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "ds", "es", "fs", "gs",
	"orig_eax", "eip", "cs", "eflags", "esp", "ss",
};

static const char *const i386_print_order[] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp",
	"eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs", "orig_eax",
};

static int reg_index(const struct udb_regs *regs, const char *name)
{
	const char *const *names = regs->is_i386 ? i386_regs : x86_64_regs;
	size_t n = regs->is_i386 ? 17 : 27;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

int udb_regs_get(const struct udb_regs *regs, const char *name, uint64_t *val)
{
	int i = reg_index(regs, name);

	if (i < 0) {
		/* $pc and $sp work on both ABIs. */
		if (!strcmp(name, "pc") || !strcmp(name, "ip")) {
			*val = regs->ip;
			return 0;
		}
		if (!strcmp(name, "sp")) {
			*val = regs->sp;
			return 0;
		}
		if (!strcmp(name, "fp")) {
			*val = regs->fp;
			return 0;
		}
		return -1;
	}
	if (regs->is_i386) {
		uint32_t v;

		memcpy(&v, regs->raw + i * 4, 4);
		*val = v;
	} else {
		memcpy(val, regs->raw + i * 8, 8);
	}
	return 0;
}

int udb_regs_fetch(struct utracer *u, pid_t tid, struct udb_regs *regs)
{
	ssize_t n;

	memset(regs, 0, sizeof(*regs));
	n = utracer_regset_read(u, tid, NT_PRSTATUS, regs->raw, sizeof(regs->raw));
	if (n < 0)
		return (int)n;
	if (n != 17 * 4 && n != 27 * 8)
		return -EBADMSG;
	regs->raw_len = (size_t)n;
	regs->is_i386 = n == 17 * 4;
	udb_regs_get(regs, regs->is_i386 ? "eip" : "rip", &regs->ip);
	udb_regs_get(regs, regs->is_i386 ? "esp" : "rsp", &regs->sp);
	udb_regs_get(regs, regs->is_i386 ? "ebp" : "rbp", &regs->fp);
	return 0;
}

int udb_regs_read(struct utracer *u, pid_t tid, struct udb_regs *regs)
{
	int err = udb_regs_fetch(u, tid, regs);

	if (err == -EBADMSG)
		udb_error("the registers of %d come in an unknown layout", (int)tid);
	else if (err)
		udb_error("cannot read the registers of %d: %s", (int)tid, utracer_strerror(err));
	return err;
}


void udb_regs_print(FILE *out, const struct udb_regs *regs)
{
	const char *const *order = regs->is_i386 ? i386_print_order : x86_64_print_order;
	size_t n = regs->is_i386 ? 17 : 27;

	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0;

		udb_regs_get(regs, order[i], &v);
		fprintf(out, "%s %#" PRIx64 "\n", order[i], v);
	}
}

static void print_u128(FILE *out, const char *name, const unsigned char *p, size_t bytes)
{
	fprintf(out, "%s 0x", name);
	for (size_t i = bytes; i-- > 0;)
		fprintf(out, "%02x", p[i]);
	fputc('\n', out);
}

/* struct user_fpregs_struct (the FXSAVE image). */
static void print_fpregs(FILE *out, const unsigned char *fx, size_t len, int is_i386)
{
	uint16_t cwd, swd, ftw, fop;
	uint32_t mxcsr, mxcsr_mask;
	char name[16];

	if (len < 512)
		return;
	memcpy(&cwd, fx, 2);
	memcpy(&swd, fx + 2, 2);
	memcpy(&ftw, fx + 4, 2);
	memcpy(&fop, fx + 6, 2);
	memcpy(&mxcsr, fx + 24, 4);
	memcpy(&mxcsr_mask, fx + 28, 4);
	fprintf(out, "fcw %#x\nfsw %#x\nftw %#x\nfop %#x\n", cwd, swd, ftw, fop);
	fprintf(out, "mxcsr %#x\nmxcsr_mask %#x\n", mxcsr, mxcsr_mask);
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "st%d", i);
		print_u128(out, name, fx + 32 + i * 16, 10);
	}
	for (int i = 0; i < (is_i386 ? 8 : 16); i++) {
		snprintf(name, sizeof(name), "xmm%d", i);
		print_u128(out, name, fx + 160 + i * 16, 16);
	}
}

/* The AVX upper halves of an XSAVE image: ymmN = ymmh:xmm. */
static void print_xstate(FILE *out, const unsigned char *xs, size_t len, int is_i386)
{
	uint64_t xstate_bv;
	char name[16];

	if (len < 576 + 256)
		return;
	memcpy(&xstate_bv, xs + 512, 8);
	fprintf(out, "xstate_bv %#" PRIx64 "\n", xstate_bv);
	if (!(xstate_bv & 4))
		return;	/* the AVX state is in its initial (zero) state */
	for (int i = 0; i < (is_i386 ? 8 : 16); i++) {
		unsigned char ymm[32];

		memcpy(ymm, xs + 160 + i * 16, 16);
		memcpy(ymm + 16, xs + 576 + i * 16, 16);
		snprintf(name, sizeof(name), "ymm%d", i);
		print_u128(out, name, ymm, 32);
	}
}

static const char *regset_name(uint32_t type)
{
	switch (type) {
	case NT_PRSTATUS: return "NT_PRSTATUS";
	case NT_PRFPREG: return "NT_PRFPREG";
	case NT_PRXFPREG: return "NT_PRXFPREG";
	case NT_386_TLS: return "NT_386_TLS";
	case NT_386_IOPERM: return "NT_386_IOPERM";
	case NT_X86_XSTATE: return "NT_X86_XSTATE";
	case 0x204: return "NT_X86_SHSTK";
	}
	return NULL;
}

int udb_regs_print_all(FILE *out, struct utracer *u, pid_t tid)
{
	struct utracer_regset sets[16];
	int n = utracer_regset_list(u, tid, sets, 16);
	int is_i386 = 0;

	if (n < 0) {
		udb_error("cannot list the register sets of %d: %s", (int)tid,
			  utracer_strerror(n));
		return n;
	}
	for (int i = 0; i < n && i < 16; i++)
		if (sets[i].note_type == NT_PRSTATUS)
			is_i386 = sets[i].bytes == 17 * 4;
	for (int i = 0; i < n && i < 16; i++) {
		const char *name = regset_name(sets[i].note_type);
		unsigned char *buf;
		ssize_t len;

		if (sets[i].note_type == NT_PRSTATUS || !sets[i].bytes)
			continue;
		buf = calloc(1, (size_t)sets[i].bytes);
		if (!buf)
			return -ENOMEM;
		len = utracer_regset_read(u, tid, sets[i].note_type, buf, (size_t)sets[i].bytes);
		if (name)
			fprintf(out, "# %s (%" PRIu64 " bytes)\n", name, sets[i].bytes);
		else
			fprintf(out, "# regset %#x (%" PRIu64 " bytes)\n", sets[i].note_type,
				sets[i].bytes);
		if (len < 0) {
			/* Some sets exist only while in use (I/O permissions, TLS). */
			fprintf(out, "# unavailable: %s\n", utracer_strerror((int)len));
		} else if ((sets[i].note_type == NT_PRFPREG ||
			    sets[i].note_type == NT_PRXFPREG) && len >= 512) {
			print_fpregs(out, buf, (size_t)len, is_i386);
		} else if (sets[i].note_type == NT_X86_XSTATE) {
			print_xstate(out, buf, (size_t)len, is_i386);
		} else {
			udb_hexdump(out, 0, buf, (size_t)len);
		}
		free(buf);
	}
	return 0;
}

int udb_regs_set(struct udb_regs *regs, const char *name, uint64_t val)
{
	int i;

	/* The ABI-neutral names of udb_regs_get(). */
	if (!strcmp(name, "pc") || !strcmp(name, "ip"))
		name = regs->is_i386 ? "eip" : "rip";
	else if (!strcmp(name, "sp"))
		name = regs->is_i386 ? "esp" : "rsp";
	else if (!strcmp(name, "fp"))
		name = regs->is_i386 ? "ebp" : "rbp";
	i = reg_index(regs, name);
	if (i < 0)
		return -1;
	if (regs->is_i386) {
		uint32_t v = (uint32_t)val;

		if (val > UINT32_MAX && val < UINT64_C(0xffffffff80000000))
			return -2;
		memcpy(regs->raw + i * 4, &v, 4);
	} else {
		memcpy(regs->raw + i * 8, &val, 8);
	}
	return 0;
}

int udb_regs_write(struct utracer *u, pid_t tid, const struct udb_regs *regs)
{
	int err = utracer_regset_write(u, tid, NT_PRSTATUS, regs->raw, regs->raw_len);

	if (err)
		udb_error("cannot write the registers of %d: %s%s", (int)tid,
			  utracer_strerror(err),
			  err == -EIO || err == -EINVAL ? " (the kernel refused a value)" : "");
	return err;
}
