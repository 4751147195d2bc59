// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udb gdbserver: the registers of x86 threads in gdb's remote numbering,
 * taken from the kernel's register sets (NT_PRSTATUS, and the FXSAVE
 * image of NT_PRFPREG on amd64, NT_PRXFPREG on i386), and the target
 * descriptions that name them for gdb.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "gdbserver.h"
#include "udb.h"

#ifndef NT_PRXFPREG
#define NT_PRXFPREG 0x46e62b7f
#endif

/* Where a remote register lives. */
enum gs_src {
	SRC_GP,		/* the general set, at off, size bytes */
	SRC_FX,		/* the FXSAVE image, at off, size bytes */
	SRC_FTAG,	/* the full x87 tag word, made from FXSAVE's abridged one */
};

struct gs_reg {
	const char *name;
	unsigned int bits;	/* its size in the remote protocol */
	const char *type;
	const char *feature;	/* the feature it belongs to */
	enum gs_src src;
	unsigned int off;
	unsigned int size;	/* bytes taken from (and written to) the source */
};

#define FEAT_CORE "org.gnu.gdb.i386.core"
#define FEAT_SSE "org.gnu.gdb.i386.sse"
#define FEAT_LINUX "org.gnu.gdb.i386.linux"
#define FEAT_SEG "org.gnu.gdb.i386.segments"

#define GP64(n, idx, t) { n, 64, t, FEAT_CORE, SRC_GP, (idx) * 8, 8 }
#define SEG64(n, idx) { n, 32, "int32", FEAT_CORE, SRC_GP, (idx) * 8, 4 }
#define ST(i) { "st" #i, 80, "i387_ext", FEAT_CORE, SRC_FX, 32 + (i) * 16, 10 }
#define XMM(i) { "xmm" #i, 128, "vec128", FEAT_SSE, SRC_FX, 160 + (i) * 16, 16 }
#define X87_CONTROL							\
	{ "fctrl", 32, "int", FEAT_CORE, SRC_FX, 0, 2 },		\
	{ "fstat", 32, "int", FEAT_CORE, SRC_FX, 2, 2 },		\
	{ "ftag", 32, "int", FEAT_CORE, SRC_FTAG, 4, 1 },		\
	{ "fiseg", 32, "int", FEAT_CORE, SRC_FX, 12, 2 },		\
	{ "fioff", 32, "int", FEAT_CORE, SRC_FX, 8, 4 },		\
	{ "foseg", 32, "int", FEAT_CORE, SRC_FX, 20, 2 },		\
	{ "fooff", 32, "int", FEAT_CORE, SRC_FX, 16, 4 },		\
	{ "fop", 32, "int", FEAT_CORE, SRC_FX, 6, 2 }

/* amd64: the order of gdb's amd64 Linux description; user_regs_struct slots. */
static const struct gs_reg amd64_regs[] = {
	GP64("rax", 10, "int64"), GP64("rbx", 5, "int64"), GP64("rcx", 11, "int64"),
	GP64("rdx", 12, "int64"), GP64("rsi", 13, "int64"), GP64("rdi", 14, "int64"),
	GP64("rbp", 4, "data_ptr"), GP64("rsp", 19, "data_ptr"),
	GP64("r8", 9, "int64"), GP64("r9", 8, "int64"), GP64("r10", 7, "int64"),
	GP64("r11", 6, "int64"), GP64("r12", 3, "int64"), GP64("r13", 2, "int64"),
	GP64("r14", 1, "int64"), GP64("r15", 0, "int64"),
	GP64("rip", 16, "code_ptr"),
	{ "eflags", 32, "i386_eflags", FEAT_CORE, SRC_GP, 18 * 8, 4 },
	SEG64("cs", 17), SEG64("ss", 20), SEG64("ds", 23), SEG64("es", 24),
	SEG64("fs", 25), SEG64("gs", 26),
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
	X87_CONTROL,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15),
	{ "mxcsr", 32, "i386_mxcsr", FEAT_SSE, SRC_FX, 24, 4 },
	{ "orig_rax", 64, "int", FEAT_LINUX, SRC_GP, 15 * 8, 8 },
	{ "fs_base", 64, "int", FEAT_SEG, SRC_GP, 21 * 8, 8 },
	{ "gs_base", 64, "int", FEAT_SEG, SRC_GP, 22 * 8, 8 },
};

#define GP32(n, idx, t) { n, 32, t, FEAT_CORE, SRC_GP, (idx) * 4, 4 }

/* i386: the ia32 user_regs_struct slots. */
static const struct gs_reg i386_regs[] = {
	GP32("eax", 6, "int32"), GP32("ecx", 1, "int32"), GP32("edx", 2, "int32"),
	GP32("ebx", 0, "int32"), GP32("esp", 15, "data_ptr"), GP32("ebp", 5, "data_ptr"),
	GP32("esi", 3, "int32"), GP32("edi", 4, "int32"), GP32("eip", 12, "code_ptr"),
	GP32("eflags", 14, "i386_eflags"),
	GP32("cs", 13, "int32"), GP32("ss", 16, "int32"), GP32("ds", 7, "int32"),
	GP32("es", 8, "int32"), GP32("fs", 9, "int32"), GP32("gs", 10, "int32"),
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
	X87_CONTROL,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	{ "mxcsr", 32, "i386_mxcsr", FEAT_SSE, SRC_FX, 24, 4 },
	{ "orig_eax", 32, "int", FEAT_LINUX, SRC_GP, 11 * 4, 4 },
};

#define NREGS(a) (sizeof(a) / sizeof((a)[0]))

static const struct gs_reg *regs_of(enum gs_arch arch, size_t *n)
{
	if (arch == GS_ARCH_I386) {
		*n = NREGS(i386_regs);
		return i386_regs;
	}
	*n = NREGS(amd64_regs);
	return amd64_regs;
}

int gs_reg_count(enum gs_arch arch)
{
	size_t n;

	regs_of(arch, &n);
	return (int)n;
}

static uint32_t fx_note(enum gs_arch arch)
{
	return arch == GS_ARCH_I386 ? NT_PRXFPREG : NT_PRFPREG;
}

int gs_arch_of(struct utracer *u, pid_t tid, enum gs_arch *arch)
{
	unsigned char buf[27 * 8] = { 0 };
	ssize_t n = utracer_regset_read(u, tid, NT_PRSTATUS, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	*arch = n == 17 * 4 ? GS_ARCH_I386 : GS_ARCH_AMD64;
	return 0;
}

/* --- Hex ----------------------------------------------------------------- */

void gs_hex_add(struct strbuf *sb, const void *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		sb_addc(sb, digits[p[i] >> 4]);
		sb_addc(sb, digits[p[i] & 15]);
	}
}

int gs_hex_decode(const char *hex, size_t hexlen, void *buf, size_t len)
{
	unsigned char *p = buf;

	if (hexlen != 2 * len)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int hi = udb_hex_digit(hex[2 * i]), lo = udb_hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* --- The x87 tag word ---------------------------------------------------- */

/*
 * FXSAVE keeps one "not empty" bit per physical register; gdb shows the
 * two-bit tags of FSAVE (0 valid, 1 zero, 2 special, 3 empty), which follow
 * from each register's value. FXSAVE stores the registers in stack order:
 * physical register p is ST((p - TOP) mod 8).
 */
static uint32_t full_tag(const unsigned char *fx)
{
	unsigned int top = (fx[3] >> 3) & 7, abridged = fx[4];
	uint32_t tag = 0;

	for (unsigned int p = 0; p < 8; p++) {
		const unsigned char *st = fx + 32 + ((p - top) & 7) * 16;
		unsigned int exp = (unsigned int)(st[9] & 0x7f) << 8 | st[8];
		uint64_t mant;
		unsigned int t;

		memcpy(&mant, st, 8);
		if (!(abridged & (1U << p)))
			t = 3;
		else if (exp == 0x7fff)
			t = 2;
		else if (exp == 0)
			t = mant ? 2 : 1;
		else
			t = (mant >> 63) ? 0 : 2;
		tag |= t << (2 * p);
	}
	return tag;
}

static unsigned char abridged_tag(uint32_t tag)
{
	unsigned char a = 0;

	for (unsigned int p = 0; p < 8; p++)
		if (((tag >> (2 * p)) & 3) != 3)
			a |= (unsigned char)(1U << p);
	return a;
}

/* --- Reading and writing -------------------------------------------------- */

struct gs_sets {
	unsigned char gp[27 * 8];
	ssize_t gp_len;		/* bytes read, or -errno */
	unsigned char fx[512];
	ssize_t fx_len;
};

static void read_sets(struct utracer *u, pid_t tid, enum gs_arch arch, struct gs_sets *s,
		      int want_fx)
{
	/* Zeroed: valgrind cannot see what the module writes through a pointer. */
	memset(s, 0, sizeof(*s));
	s->gp_len = utracer_regset_read(u, tid, NT_PRSTATUS, s->gp, sizeof(s->gp));
	s->fx_len = want_fx ? utracer_regset_read(u, tid, fx_note(arch), s->fx, sizeof(s->fx))
			    : -ENODATA;
}

static void reg_value(const struct gs_reg *r, const struct gs_sets *s, unsigned char *val,
		      int *avail)
{
	size_t bytes = r->bits / 8;

	memset(val, 0, bytes);
	*avail = 1;
	switch (r->src) {
	case SRC_GP:
		if (s->gp_len < (ssize_t)(r->off + r->size))
			*avail = 0;
		else
			memcpy(val, s->gp + r->off, r->size);
		break;
	case SRC_FX:
		if (s->fx_len < (ssize_t)(r->off + r->size))
			*avail = 0;
		else
			memcpy(val, s->fx + r->off, r->size);
		break;
	case SRC_FTAG:
		if (s->fx_len < 512) {
			*avail = 0;
		} else {
			uint32_t tag = full_tag(s->fx);

			memcpy(val, &tag, 4);
		}
		break;
	}
}

static void add_reg(struct strbuf *out, const struct gs_reg *r, const struct gs_sets *s)
{
	unsigned char val[16];
	int avail;

	reg_value(r, s, val, &avail);
	if (avail) {
		gs_hex_add(out, val, r->bits / 8);
	} else {
		for (unsigned int i = 0; i < r->bits / 8; i++)
			sb_add(out, "xx");
	}
}

int gs_regs_get_all(struct utracer *u, pid_t tid, enum gs_arch arch, struct strbuf *out)
{
	struct gs_sets s;
	size_t n;
	const struct gs_reg *regs = regs_of(arch, &n);

	read_sets(u, tid, arch, &s, 1);
	if (s.gp_len < 0)
		return (int)s.gp_len;
	for (size_t i = 0; i < n; i++)
		add_reg(out, &regs[i], &s);
	return 0;
}

int gs_reg_get(struct utracer *u, pid_t tid, enum gs_arch arch, int regno, struct strbuf *out)
{
	struct gs_sets s;
	size_t n;
	const struct gs_reg *regs = regs_of(arch, &n);

	if (regno < 0 || (size_t)regno >= n)
		return -EINVAL;
	read_sets(u, tid, arch, &s, regs[regno].src != SRC_GP);
	if (s.gp_len < 0)
		return (int)s.gp_len;
	add_reg(out, &regs[regno], &s);
	return 0;
}

/* Puts val (the register's remote bytes) into its set. */
static void reg_store(const struct gs_reg *r, struct gs_sets *s, const unsigned char *val)
{
	uint32_t tag;

	switch (r->src) {
	case SRC_GP:
		memcpy(s->gp + r->off, val, r->size);
		break;
	case SRC_FX:
		memcpy(s->fx + r->off, val, r->size);
		break;
	case SRC_FTAG:
		memcpy(&tag, val, 4);
		s->fx[4] = abridged_tag(tag);
		break;
	}
}

static int write_sets(struct utracer *u, pid_t tid, enum gs_arch arch, struct gs_sets *s,
		      int gp, int fx)
{
	int err = 0;

	if (gp)
		err = utracer_regset_write(u, tid, NT_PRSTATUS, s->gp, (size_t)s->gp_len);
	if (!err && fx)
		err = utracer_regset_write(u, tid, fx_note(arch), s->fx, (size_t)s->fx_len);
	return err;
}

int gs_regs_set_all(struct utracer *u, pid_t tid, enum gs_arch arch, const char *hex)
{
	struct gs_sets s;
	size_t n, len = strlen(hex), pos = 0;
	const struct gs_reg *regs = regs_of(arch, &n);
	int fx_changed = 0;

	read_sets(u, tid, arch, &s, 1);
	if (s.gp_len < 0)
		return (int)s.gp_len;
	for (size_t i = 0; i < n && pos < len; i++) {
		size_t bytes = regs[i].bits / 8;
		unsigned char val[16];

		if (pos + 2 * bytes > len)
			return -EINVAL;
		/* gdb sends registers it does not know as "xx...". */
		if (hex[pos] == 'x') {
			pos += 2 * bytes;
			continue;
		}
		if (gs_hex_decode(hex + pos, 2 * bytes, val, bytes))
			return -EINVAL;
		pos += 2 * bytes;
		if (regs[i].src == SRC_GP) {
			reg_store(&regs[i], &s, val);
		} else if (s.fx_len == 512) {
			reg_store(&regs[i], &s, val);
			fx_changed = 1;
		}
	}
	if (pos != len)
		return -EINVAL;
	return write_sets(u, tid, arch, &s, 1, fx_changed);
}

int gs_reg_set(struct utracer *u, pid_t tid, enum gs_arch arch, int regno, const char *hex)
{
	struct gs_sets s;
	size_t n;
	const struct gs_reg *regs = regs_of(arch, &n);
	unsigned char val[16];
	int is_gp;

	if (regno < 0 || (size_t)regno >= n)
		return -EINVAL;
	if (gs_hex_decode(hex, strlen(hex), val, regs[regno].bits / 8))
		return -EINVAL;
	is_gp = regs[regno].src == SRC_GP;
	read_sets(u, tid, arch, &s, !is_gp);
	if (s.gp_len < 0)
		return (int)s.gp_len;
	if (!is_gp && s.fx_len != 512)
		return s.fx_len < 0 ? (int)s.fx_len : -EIO;
	reg_store(&regs[regno], &s, val);
	return write_sets(u, tid, arch, &s, is_gp, !is_gp);
}

int gs_pc_sp(struct utracer *u, pid_t tid, enum gs_arch arch, uint64_t *pc, uint64_t *sp)
{
	struct gs_sets s;

	read_sets(u, tid, arch, &s, 0);
	if (s.gp_len < 0)
		return (int)s.gp_len;
	if (arch == GS_ARCH_I386) {
		uint32_t v;

		memcpy(&v, s.gp + 12 * 4, 4);
		*pc = v;
		memcpy(&v, s.gp + 15 * 4, 4);
		*sp = v;
	} else {
		memcpy(pc, s.gp + 16 * 8, 8);
		memcpy(sp, s.gp + 19 * 8, 8);
	}
	return 0;
}

/* --- Target descriptions ------------------------------------------------- */

/*
 * The types the features use beyond gdb's predefined ones: the flags of
 * EFLAGS and MXCSR, and the views of an SSE register.
 */
static const char core_types[] =
	"  <flags id=\"i386_eflags\" size=\"4\">\n"
	"    <field name=\"CF\" start=\"0\" end=\"0\"/>\n"
	"    <field name=\"\" start=\"1\" end=\"1\"/>\n"
	"    <field name=\"PF\" start=\"2\" end=\"2\"/>\n"
	"    <field name=\"AF\" start=\"4\" end=\"4\"/>\n"
	"    <field name=\"ZF\" start=\"6\" end=\"6\"/>\n"
	"    <field name=\"SF\" start=\"7\" end=\"7\"/>\n"
	"    <field name=\"TF\" start=\"8\" end=\"8\"/>\n"
	"    <field name=\"IF\" start=\"9\" end=\"9\"/>\n"
	"    <field name=\"DF\" start=\"10\" end=\"10\"/>\n"
	"    <field name=\"OF\" start=\"11\" end=\"11\"/>\n"
	"    <field name=\"NT\" start=\"14\" end=\"14\"/>\n"
	"    <field name=\"RF\" start=\"16\" end=\"16\"/>\n"
	"    <field name=\"VM\" start=\"17\" end=\"17\"/>\n"
	"    <field name=\"AC\" start=\"18\" end=\"18\"/>\n"
	"    <field name=\"VIF\" start=\"19\" end=\"19\"/>\n"
	"    <field name=\"VIP\" start=\"20\" end=\"20\"/>\n"
	"    <field name=\"ID\" start=\"21\" end=\"21\"/>\n"
	"  </flags>\n";

static const char sse_types[] =
	"  <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
	"  <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
	"  <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
	"  <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
	"  <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
	"  <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
	"  <union id=\"vec128\">\n"
	"    <field name=\"v4_float\" type=\"v4f\"/>\n"
	"    <field name=\"v2_double\" type=\"v2d\"/>\n"
	"    <field name=\"v16_int8\" type=\"v16i8\"/>\n"
	"    <field name=\"v8_int16\" type=\"v8i16\"/>\n"
	"    <field name=\"v4_int32\" type=\"v4i32\"/>\n"
	"    <field name=\"v2_int64\" type=\"v2i64\"/>\n"
	"    <field name=\"uint128\" type=\"uint128\"/>\n"
	"  </union>\n"
	"  <flags id=\"i386_mxcsr\" size=\"4\">\n"
	"    <field name=\"IE\" start=\"0\" end=\"0\"/>\n"
	"    <field name=\"DE\" start=\"1\" end=\"1\"/>\n"
	"    <field name=\"ZE\" start=\"2\" end=\"2\"/>\n"
	"    <field name=\"OE\" start=\"3\" end=\"3\"/>\n"
	"    <field name=\"UE\" start=\"4\" end=\"4\"/>\n"
	"    <field name=\"PE\" start=\"5\" end=\"5\"/>\n"
	"    <field name=\"DAZ\" start=\"6\" end=\"6\"/>\n"
	"    <field name=\"IM\" start=\"7\" end=\"7\"/>\n"
	"    <field name=\"DM\" start=\"8\" end=\"8\"/>\n"
	"    <field name=\"ZM\" start=\"9\" end=\"9\"/>\n"
	"    <field name=\"OM\" start=\"10\" end=\"10\"/>\n"
	"    <field name=\"UM\" start=\"11\" end=\"11\"/>\n"
	"    <field name=\"PM\" start=\"12\" end=\"12\"/>\n"
	"    <field name=\"FZ\" start=\"15\" end=\"15\"/>\n"
	"  </flags>\n";

static char *tdesc_docs[2];

static const char *group_of(const struct gs_reg *r)
{
	if (!strcmp(r->feature, FEAT_SSE) && strcmp(r->name, "mxcsr"))
		return " group=\"vector\"";
	if (!strncmp(r->name, "st", 2) || r->name[0] == 'f' || !strcmp(r->name, "mxcsr"))
		return strcmp(r->name, "fs") && strcmp(r->name, "fs_base") ? " group=\"float\"" : "";
	if (!strcmp(r->feature, FEAT_LINUX))
		return " group=\"system\"";
	return "";
}

/* One document with every feature inline: gdb needs nothing else fetched. */
static char *build_tdesc(enum gs_arch arch)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	const struct gs_reg *regs = regs_of(arch, &n);
	const char *feature = NULL;

	sb_add(&sb, "<?xml version=\"1.0\"?>\n"
		    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n");
	sb_addf(&sb, "  <architecture>%s</architecture>\n",
		arch == GS_ARCH_I386 ? "i386" : "i386:x86-64");
	sb_add(&sb, "  <osabi>GNU/Linux</osabi>\n");
	for (size_t i = 0; i < n; i++) {
		if (!feature || strcmp(feature, regs[i].feature)) {
			if (feature)
				sb_add(&sb, "</feature>\n");
			feature = regs[i].feature;
			sb_addf(&sb, "<feature name=\"%s\">\n", feature);
			if (!strcmp(feature, FEAT_CORE))
				sb_add(&sb, core_types);
			else if (!strcmp(feature, FEAT_SSE))
				sb_add(&sb, sse_types);
		}
		sb_addf(&sb, "  <reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"%s/>\n",
			regs[i].name, regs[i].bits, regs[i].type, i, group_of(&regs[i]));
	}
	sb_add(&sb, "</feature>\n</target>\n");
	return sb.buf;
}

const char *gs_tdesc(enum gs_arch arch, const char *annex)
{
	if (strcmp(annex, "target.xml"))
		return NULL;
	if (!tdesc_docs[arch])
		tdesc_docs[arch] = build_tdesc(arch);
	return tdesc_docs[arch];
}

void gs_tdesc_free(void)
{
	for (size_t i = 0; i < 2; i++) {
		free(tdesc_docs[i]);
		tdesc_docs[i] = NULL;
	}
}
