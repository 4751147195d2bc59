// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Description: udb's syscall decoder prints what strace prints: canned
 * syscalls (numbers, arguments, return values) and a fake tracee memory go
 * in, and every line must equal strace's, byte for byte; signal and exit
 * lines too; i386 names come from the i386 table. The syscalls said to
 * need no memory (no stop in udb trace) decode without reading any.
 * -v's struct stat and uname, and the -e read=/-e write= dumps of write,
 * read and writev, are strace's too. Outside an -e verbose= set, structures
 * and arrays (stat, rlimit, sigset, sigaction, wait status, pipe fds,
 * clone's parent_tid, execve's argv and envp) are their addresses while
 * strings and buffers are still shown. Structures added for the
 * differential corpus (timeval, sysinfo, getdents counts, sockaddrs
 * filled in, statx, statfs, stack_t, CPU masks, pollfds) and the arity of syscalls without a signature are checked too.
 * sendmsg, recvmsg, sendmmsg and recvmmsg (control messages, errors, the
 * memory read at entry, i386's layouts) and their dumps, with vmsplice's
 * and the mq_ calls', are strace's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "decode.h"

/* The fake tracee: a few regions of memory at fixed addresses. */
struct region {
	uint64_t addr;
	const void *data;
	size_t len;
};

static struct region regions[64];
static unsigned int nregions;

static uint64_t put(uint64_t addr, const void *data, size_t len)
{
	if (nregions == sizeof(regions) / sizeof(regions[0])) {
		puts("FAIL: too many fake regions");
		exit(1);
	}
	regions[nregions++] = (struct region){ addr, data, len };
	return addr;
}

static long fake_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	(void)opaque;
	for (unsigned int i = 0; i < nregions; i++) {
		const struct region *r = &regions[i];

		if (addr >= r->addr && addr < r->addr + r->len) {
			size_t avail = r->addr + r->len - addr;
			size_t n = len < avail ? len : avail;

			memcpy(buf, (const char *)r->data + (addr - r->addr), n);
			return (long)n;
		}
	}
	return -14;	/* EFAULT */
}

static int failures;
static int capture_checks;	/* lines checked from captures alone */

static void expect(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		printf("FAIL %s\n  got:  %s\n  want: %s\n", what, got, want);
		failures++;
	}
}

/* -e verbose=: 1 while the checks of a syscall outside the set run. */
static unsigned int terse;

/*
 * Decode syscall @name (an empty name: number 999, which has none) with
 * @args and @ret, and compare the line with @want; @return_column: without
 * the return column's padding.
 */
/*
 * The memory udb_decode_captures() says a line reads, taken from the fake
 * tracee as the module takes it: a string up to its NUL or max bytes
 * (nothing when it cannot be read to there), a buffer of its counted length
 * cut at max, as far as it can be read from its start.
 */
struct captured {
	uint64_t addr;
	size_t len;
	unsigned char data[32768 + 1];
};

static struct captured caps[UDB_CAPTURES_MAX];
static unsigned int ncaps;

static size_t fake_readable(uint64_t addr, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		long n = fake_read(NULL, addr + got, buf + got, len - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static void capture_like_module(enum udb_abi abi, const struct udb_syscall *sc,
				const struct udb_capture *c, int n)
{
	uint64_t mask = abi == UDB_ABI_I386 ? UINT32_MAX : UINT64_MAX;

	ncaps = 0;
	for (int i = 0; i < n; i++) {
		struct captured *k = &caps[ncaps];
		uint64_t addr = sc->args[c[i].arg] & mask;
		uint64_t want = c[i].max;
		size_t got;

		if (!addr)
			continue;
		if (c[i].max >= sizeof(k->data)) {
			printf("FAIL a capture of %u bytes: this test holds %zu\n", c[i].max,
			       sizeof(k->data) - 1);
			failures++;
			continue;
		}
		if (c[i].kind == UDB_CAPTURE_STRING) {
			got = fake_readable(addr, k->data, c[i].max);
			if (!memchr(k->data, 0, got) && got < c[i].max)
				continue;	/* unreadable before its NUL */
			want = memchr(k->data, 0, got) ?
				(size_t)((unsigned char *)memchr(k->data, 0, got) - k->data) + 1 : got;
		} else {
			uint64_t unit = c[i].elem ? c[i].elem : 1;

			if (c[i].len_from == UDB_CAPTURE_FROM_ARG)
				want = (sc->args[c[i].len_arg] & mask) * unit;
			else if (c[i].len_from == UDB_CAPTURE_FROM_RET)
				want = (sc->ret < 0 ? 0 : (uint64_t)sc->ret) * unit;
			if (want > c[i].max)
				want = c[i].max;
			/* What is readable of it, from its start. */
			want = fake_readable(addr, k->data, (size_t)want);
		}
		k->addr = addr;
		k->len = (size_t)want;
		ncaps++;
	}
}

static long captured_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	(void)opaque;
	for (unsigned int i = 0; i < ncaps; i++) {
		if (addr >= caps[i].addr && addr - caps[i].addr < caps[i].len) {
			size_t n = caps[i].len - (size_t)(addr - caps[i].addr);

			if (n > len)
				n = len;
			memcpy(buf, caps[i].data + (addr - caps[i].addr), n);
			return (long)n;
		}
	}
	return -14;	/* EFAULT */
}

static void check_decode(enum udb_abi abi, const char *name, const uint64_t args[6],
			 int64_t ret, const char *want, unsigned int return_column)
{
	struct udb_decoder dec = { .abi = abi, .read_mem = fake_read, .terse = terse,
				   .return_column = return_column };
	struct udb_syscall sc = { .nr = *name ? udb_syscall_number(abi, name) : 999, .ret = ret };
	struct strbuf sb = STRBUF_INIT;
	struct udb_capture c[UDB_CAPTURES_MAX];
	int n;

	memcpy(sc.args, args, sizeof(sc.args));
	udb_decode_entry(&sb, &dec, &sc);
	udb_decode_exit(&sb, &dec, &sc);
	expect(name, sb_str(&sb), want);
	/* The same line from what the module would capture, where it can. */
	n = udb_decode_captures(abi, sc.nr, dec.string_limit, c);
	if (n >= 0) {
		char what[128];

		capture_like_module(abi, &sc, c, n);
		dec.read_mem = captured_read;
		sb_reset(&sb);
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		snprintf(what, sizeof(what), "%s from its captures", *name ? name : "999");
		expect(what, sb_str(&sb), want);
		capture_checks++;
	}
	sb_free(&sb);
}

static void check_syscall(enum udb_abi abi, const char *name, const uint64_t args[6],
			  int64_t ret, const char *want)
{
	check_decode(abi, name, args, ret, want, 0);
}

/*
 * -e raw=: the registers in hex, as many as the syscall takes, no memory
 * read; the return in hex, an error as usual, exit_group's "?".
 */
static void check_raw(void)
{
	static const struct {
		enum udb_abi abi;
		const char *name;
		uint64_t args[6];
		int64_t ret;
		const char *want;
	} cases[] = {
		{ UDB_ABI_X86_64, "openat", { 0xffffff9c, 0x7ffd0000, 0x80000, 0, 9, 9 }, 3,
		  "openat(0xffffff9c, 0x7ffd0000, 0x80000, 0) = 0x3" },
		{ UDB_ABI_X86_64, "openat", { 0xffffff9c, 0x7ffd0000, 0, 0 }, -2,
		  "openat(0xffffff9c, 0x7ffd0000, 0, 0) = -1 ENOENT (No such file or directory)" },
		{ UDB_ABI_X86_64, "read", { 3, 0x7f0000001000, 0x20000 }, 0,
		  "read(0x3, 0x7f0000001000, 0x20000) = 0" },
		{ UDB_ABI_X86_64, "exit_group", { 0 }, 0, "exit_group(0) = ?" },
		{ UDB_ABI_I386, "close", { 0xffffffff00000004ULL }, 0, "close(0x4) = 0" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct udb_decoder dec = { .abi = cases[i].abi, .raw = 1, .return_column = 1,
					   .read_mem = fake_read };
		struct udb_syscall sc = { .nr = udb_syscall_number(cases[i].abi, cases[i].name),
					  .ret = cases[i].ret };
		struct strbuf sb = STRBUF_INIT;

		memcpy(sc.args, cases[i].args, sizeof(sc.args));
		nregions = 0;
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		expect(cases[i].name, sb_str(&sb), cases[i].want);
		sb_free(&sb);
	}
}

static long reads;

static long counting_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	(void)opaque;
	(void)addr;
	memset(buf, 0x41, len);
	reads++;
	return (long)len;
}

/*
 * udb_decode_reads_memory() is what the tracer stops for: a syscall it
 * says reads nothing must decode (entry and exit, success and failure)
 * without one memory read, for every number of both ABIs.
 */
static void check_reads_memory(void)
{
	static const enum udb_abi abis[] = { UDB_ABI_X86_64, UDB_ABI_I386 };
	static const int64_t rets[] = { 0, 3, -2, 0x7f0000001000 };
	int with = 0, without = 0;

	for (unsigned int a = 0; a < 2; a++) {
		for (long nr = 0; nr < 1024; nr++) {
			struct udb_decoder dec = { .abi = abis[a], .read_mem = counting_read };
			int mem = udb_decode_reads_memory(abis[a], nr);

			with += mem;
			without += !mem;
			if (mem)
				continue;
			for (unsigned int r = 0; r < 4; r++) {
				struct udb_syscall sc = {
					.nr = nr, .ret = rets[r],
					.args = { 0x1000, 0x2000, 0x41, 0x3000, 0x4000, 0x5000 },
				};
				struct strbuf sb = STRBUF_INIT;

				reads = 0;
				udb_decode_entry(&sb, &dec, &sc);
				udb_decode_exit(&sb, &dec, &sc);
				if (reads) {
					printf("FAIL %s (%ld, abi %u) reads memory: %s\n",
					       udb_syscall_name(abis[a], nr), nr, a, sb_str(&sb));
					failures++;
				}
				sb_free(&sb);
			}
		}
	}
	/* fcntl's commands, every one: none reads memory. */
	for (unsigned int a = 0; a < 2; a++) {
		const char *name = a ? "fcntl64" : "fcntl";

		for (uint64_t cmd = 0; cmd < 2048; cmd++) {
			struct udb_decoder dec = { .abi = abis[a], .read_mem = counting_read };
			struct udb_syscall sc = { .nr = udb_syscall_number(abis[a], name), .ret = 3,
						  .args = { 3, cmd, 0x7f0000001000 } };
			struct strbuf sb = STRBUF_INIT;

			reads = 0;
			udb_decode_entry(&sb, &dec, &sc);
			udb_decode_exit(&sb, &dec, &sc);
			if (reads || udb_decode_reads_memory(abis[a], sc.nr)) {
				printf("FAIL %s(3, %#llx) reads memory: %s\n", name,
				       (unsigned long long)cmd, sb_str(&sb));
				failures++;
			}
			sb_free(&sb);
		}
	}
	/* Spot checks, and both kinds exist. */
	if (udb_decode_reads_memory(UDB_ABI_X86_64, udb_syscall_number(UDB_ABI_X86_64, "getppid")) ||
	    udb_decode_reads_memory(UDB_ABI_X86_64, udb_syscall_number(UDB_ABI_X86_64, "close")) ||
	    !udb_decode_reads_memory(UDB_ABI_X86_64, udb_syscall_number(UDB_ABI_X86_64, "read")) ||
	    !udb_decode_reads_memory(UDB_ABI_X86_64, udb_syscall_number(UDB_ABI_X86_64, "openat")) ||
	    !udb_decode_reads_memory(UDB_ABI_I386, udb_syscall_number(UDB_ABI_I386, "fstat64")) ||
	    !with || !without) {
		printf("FAIL udb_decode_reads_memory: %d read, %d do not\n", with, without);
		failures++;
	}
}

/* -v and -e read=/write=, against lines strace 6.1 printed (TZ=UTC). */
static void check_verbose_and_dumps(void)
{
	static const char text[] = "hello world, this is a long line of text\001\377 x\n";
	static const char ab[] = "ab", cdef[] = "cdef\n";
	static uint64_t iov[6];
	static uint64_t st[18];
	static char uts[6][65] = { "Linux", "vm", "6.12.0", "#1 SMP", "x86_64", "(none)" };
	struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read };
	struct udb_syscall sc = { .nr = udb_syscall_number(UDB_ABI_X86_64, "write"),
				  .args = { 1, 0x20000, 45 }, .ret = 45 };
	struct strbuf sb = STRBUF_INIT;

	setenv("TZ", "UTC", 1);
	tzset();
	put(0x20000, text, sizeof(text) - 1);
	udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
	expect("write dump", sb_str(&sb),
	       " | 00000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  hello world, thi |\n"
	       " | 00010  73 20 69 73 20 61 20 6c  6f 6e 67 20 6c 69 6e 65  s is a long line |\n"
	       " | 00020  20 6f 66 20 74 65 78 74  01 ff 20 78 0a            of text.. x.    |\n");
	/* A failed write shows what it was given; a read what it returned, on success. */
	sb_reset(&sb);
	sc.ret = -9;
	udb_decode_dump_io(&sb, &dec, &sc, 1, 1);
	expect("failed write dump", sb.len ? "dumped" : "nothing", "dumped");
	sb_reset(&sb);
	sc.nr = udb_syscall_number(UDB_ABI_X86_64, "read");
	udb_decode_dump_io(&sb, &dec, &sc, 1, 1);
	expect("failed read dump", sb_str(&sb), "");
	sc.ret = 3;
	udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
	expect("read dump, write set", sb_str(&sb), "");
	udb_decode_dump_io(&sb, &dec, &sc, 0, 1);
	expect("read dump", sb_str(&sb),
	       " | 00000  68 65 6c                                          hel              |\n");
	/* writev's buffers one by one, up to the first empty one. */
	sb_reset(&sb);
	iov[0] = put(0x21000, ab, 2);
	iov[1] = 2;
	iov[2] = 0x21100;
	iov[3] = 0;
	iov[4] = put(0x21200, cdef, 5);
	iov[5] = 5;
	put(0x22000, iov, sizeof(iov));
	sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "writev"),
				   .args = { 4, 0x22000, 3 }, .ret = 7 };
	udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
	expect("writev dump", sb_str(&sb),
	       " * 2 bytes in buffer 0\n"
	       " | 00000  61 62                                             ab               |\n");
	sb_reset(&sb);
	sc.nr = udb_syscall_number(UDB_ABI_X86_64, "close");
	udb_decode_dump_io(&sb, &dec, &sc, 1, 1);
	expect("close dump", sb_str(&sb), "");

	/* -v: /dev/null's struct stat, every field. */
	st[0] = 6;			/* st_dev */
	st[1] = 3;			/* st_ino */
	st[2] = 1;			/* st_nlink */
	st[3] = 020666;			/* st_mode; st_uid 0 */
	st[5] = 0x103;			/* st_rdev */
	st[7] = 4096;			/* st_blksize */
	st[9] = 1796374172;		/* st_atime, st_atime_nsec */
	st[10] = 167926440;
	st[11] = 1796374172;
	st[12] = 167926440;
	put(0x23000, st, sizeof(st));
	dec.verbose = 1;
	sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "fstat"),
				   .args = { 1, 0x23000 } };
	udb_decode_entry(&sb, &dec, &sc);
	udb_decode_exit(&sb, &dec, &sc);
	expect("fstat -v", sb_str(&sb),
	       "fstat(1, {st_dev=makedev(0, 0x6), st_ino=3, st_mode=S_IFCHR|0666, st_nlink=1, "
	       "st_uid=0, st_gid=0, st_blksize=4096, st_blocks=0, st_rdev=makedev(0x1, 0x3), "
	       "st_atime=1796374172 /* 2026-12-04T08:49:32.167926440+0000 */, st_atime_nsec=167926440, "
	       "st_mtime=1796374172 /* 2026-12-04T08:49:32.167926440+0000 */, st_mtime_nsec=167926440, "
	       "st_ctime=0, st_ctime_nsec=0}) = 0");
	sb_reset(&sb);
	/* The same from i386's struct stat64 (4-byte aligned, 32-bit times). */
	{
		static unsigned char st64[96];
		const uint64_t dev = 6, rdev = 0x103, ino = 3;
		const uint32_t mode = 020666, nlink = 1, blksize = 4096;
		const uint32_t sec = 1796374172, nsec = 167926440;
		struct udb_decoder dec32 = { .abi = UDB_ABI_I386, .read_mem = fake_read,
					     .verbose = 1 };

		memcpy(st64, &dev, 8);
		memcpy(st64 + 16, &mode, 4);
		memcpy(st64 + 20, &nlink, 4);
		memcpy(st64 + 32, &rdev, 8);
		memcpy(st64 + 52, &blksize, 4);
		memcpy(st64 + 64, &sec, 4);
		memcpy(st64 + 68, &nsec, 4);
		memcpy(st64 + 72, &sec, 4);
		memcpy(st64 + 76, &nsec, 4);
		memcpy(st64 + 88, &ino, 8);
		put(0x25000, st64, sizeof(st64));
		sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_I386, "fstat64"),
					   .args = { 1, 0x25000 } };
		udb_decode_entry(&sb, &dec32, &sc);
		udb_decode_exit(&sb, &dec32, &sc);
		expect("fstat64 -v", sb_str(&sb),
		       "fstat64(1, {st_dev=makedev(0, 0x6), st_ino=3, st_mode=S_IFCHR|0666, st_nlink=1, "
		       "st_uid=0, st_gid=0, st_blksize=4096, st_blocks=0, st_rdev=makedev(0x1, 0x3), "
		       "st_atime=1796374172 /* 2026-12-04T08:49:32.167926440+0000 */, st_atime_nsec=167926440, "
		       "st_mtime=1796374172 /* 2026-12-04T08:49:32.167926440+0000 */, st_mtime_nsec=167926440, "
		       "st_ctime=0, st_ctime_nsec=0}) = 0");
		sb_reset(&sb);
	}
	put(0x24000, uts, sizeof(uts));
	sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "uname"),
				   .args = { 0x24000 } };
	udb_decode_entry(&sb, &dec, &sc);
	udb_decode_exit(&sb, &dec, &sc);
	expect("uname -v", sb_str(&sb),
	       "uname({sysname=\"Linux\", nodename=\"vm\", release=\"6.12.0\", version=\"#1 SMP\", "
	       "machine=\"x86_64\", domainname=\"(none)\"}) = 0");
	sb_free(&sb);
}

#define CHECK(name, ret, want, ...) \
	check_syscall(UDB_ABI_X86_64, name, (const uint64_t[6]){ __VA_ARGS__ }, ret, want)

/* A line without the return column's padding, for the structures below. */
static void check_line(enum udb_abi abi, const char *name, const uint64_t args[6],
		       int64_t ret, const char *want)
{
	check_decode(abi, name, args, ret, want, 1);
}

#define LINE(name, ret, want, ...) \
	check_line(UDB_ABI_X86_64, name, (const uint64_t[6]){ __VA_ARGS__ }, ret, want)

/*
 * Structures strace decodes, each with the line Debian 12's strace printed
 * for the same memory: timeval and timezone, sysinfo, getdents64's entry
 * count, sockaddr and socklen, CPU masks, stack_t, statx, statfs, pollfd
 * arrays; a failed call shows the address, an unreadable one too. Syscalls without a signature show as many words as
 * they take.
 */
static void check_structs(void)
{
	static const int64_t tv[2] = { 1796498589, 800206 };
	static const int32_t tv32[2] = { 1796498589, 800206 };
	static const int32_t tz[2] = { 0, 0 };
	static uint64_t si[14];
	static uint32_t si32[14];
	static unsigned char dents[3 * 24];
	static const uint32_t socklen16 = 16, socklen2 = 2;
	static const unsigned char sin[16] = { 2, 0, 0xeb, 0x03, 127, 0, 0, 1 };
	static const unsigned char sun[2] = { 1, 0 };
	static const uint64_t cpus = 3;
	static const uint64_t stack[3] = { 0x55d0c0a27000, 0, 65536 };
	static unsigned char stx[48];
	static uint64_t sfs[11];
	static const int32_t ptid = 14449;
	static const struct { int32_t fd; uint16_t events, revents; } pfd[4] = {
		{ 0, 5, 0x11 }, { 1, 5, 5 }, { 2, 5, 0 }, { 3, 5, 0x20 },
	};
	uint16_t procs = 59, mode = 040755;
	uint32_t u32;

	put(0x30000, tv, sizeof(tv));
	put(0x30100, tz, sizeof(tz));
	put(0x30200, tv32, sizeof(tv32));
	LINE("gettimeofday", 0, "gettimeofday({tv_sec=1796498589, tv_usec=800206}, NULL) = 0",
	     0x30000, 0);
	LINE("gettimeofday", 0,
	     "gettimeofday({tv_sec=1796498589, tv_usec=800206}, {tz_minuteswest=0, tz_dsttime=0}) = 0",
	     0x30000, 0x30100);
	LINE("gettimeofday", 0, "gettimeofday(NULL, NULL) = 0", 0, 0);
	LINE("gettimeofday", -14, "gettimeofday(0x3f000, NULL) = -1 EFAULT (Bad address)",
	     0x3f000, 0);
	LINE("settimeofday", -1,
	     "settimeofday({tv_sec=1796498589, tv_usec=800206}, NULL) = -1 EPERM (Operation not permitted)",
	     0x30000, 0);
	check_line(UDB_ABI_I386, "gettimeofday", (const uint64_t[6]){ 0x30200, 0 }, 0,
		   "gettimeofday({tv_sec=1796498589, tv_usec=800206}, NULL) = 0");

	/* struct sysinfo: words, procs in word 10, mem_unit in word 13. */
	si[0] = 11; si[1] = 4800; si[2] = 1056; si[3] = 320; si[4] = 2060423168;
	si[5] = 2000457728; si[6] = 49152;
	memcpy(&si[10], &procs, sizeof(procs));
	si[13] = 1;
	for (int i = 0; i < 14; i++)
		si32[i] = (uint32_t)si[i];
	put(0x30300, si, sizeof(si));
	put(0x30400, si32, sizeof(si32));
	LINE("sysinfo", 0,
	     "sysinfo({uptime=11, loads=[4800, 1056, 320], totalram=2060423168, freeram=2000457728, "
	     "sharedram=49152, bufferram=0, totalswap=0, freeswap=0, procs=59, totalhigh=0, "
	     "freehigh=0, mem_unit=1}) = 0", 0x30300);
	check_line(UDB_ABI_I386, "sysinfo", (const uint64_t[6]){ 0x30400 }, 0,
		   "sysinfo({uptime=11, loads=[4800, 1056, 320], totalram=2060423168, freeram=2000457728, "
		   "sharedram=49152, bufferram=0, totalswap=0, freeswap=0, procs=59, totalhigh=0, "
		   "freehigh=0, mem_unit=1}) = 0");

	/* Three linux_dirent64 of 24 bytes: d_reclen at 16. */
	for (int i = 0; i < 3; i++)
		dents[i * 24 + 16] = 24;
	put(0x30500, dents, sizeof(dents));
	LINE("getdents64", 72, "getdents64(3, 0x30500 /* 3 entries */, 32768) = 72",
	     3, 0x30500, 32768);
	LINE("getdents64", 24, "getdents64(3, 0x30500 /* 1 entry */, 32768) = 24",
	     3, 0x30500, 32768);
	LINE("getdents64", 0, "getdents64(3, 0x30500 /* 0 entries */, 32768) = 0",
	     3, 0x30500, 32768);
	LINE("getdents64", -9, "getdents64(3, 0x30500, 32768) = -1 EBADF (Bad file descriptor)",
	     3, 0x30500, 32768);
	LINE("getdents64", 4096, "getdents64(3, 0x30500, 32768) = 4096", 3, 0x30500, 32768);

	put(0x30600, &socklen16, sizeof(socklen16));
	put(0x30700, sin, sizeof(sin));
	put(0x30800, &socklen2, sizeof(socklen2));
	put(0x30900, sun, sizeof(sun));
	LINE("getpeername", -88,
	     "getpeername(0, 0x30700, [16]) = -1 ENOTSOCK (Socket operation on non-socket)",
	     0, 0x30700, 0x30600);
	LINE("getsockname", 0,
	     "getsockname(3, {sa_family=AF_INET, sin_port=htons(60163), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 0",
	     3, 0x30700, 0x30600);
	LINE("getsockname", 0, "getsockname(4, {sa_family=AF_UNIX}, [2]) = 0", 4, 0x30900, 0x30800);
	LINE("accept4", 5,
	     "accept4(3, {sa_family=AF_INET, sin_port=htons(60163), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = 5",
	     3, 0x30700, 0x30600, 02000000);
	LINE("accept", 5, "accept(3, NULL, NULL) = 5", 3, 0, 0);

	put(0x30a00, &cpus, sizeof(cpus));
	LINE("sched_getaffinity", 8, "sched_getaffinity(0, 128, [0 1]) = 8", 0, 128, 0x30a00);
	LINE("sched_getaffinity", -22,
	     "sched_getaffinity(0, 1, 0x30a00) = -1 EINVAL (Invalid argument)", 0, 1, 0x30a00);

	put(0x30b00, stack, sizeof(stack));
	LINE("sigaltstack", 0, "sigaltstack({ss_sp=0x55d0c0a27000, ss_flags=0, ss_size=65536}, NULL) = 0",
	     0x30b00, 0);
	LINE("sigaltstack", 0, "sigaltstack(NULL, {ss_sp=0x55d0c0a27000, ss_flags=0, ss_size=65536}) = 0",
	     0, 0x30b00);
	LINE("epoll_create1", 3, "epoll_create1(EPOLL_CLOEXEC) = 3", 02000000);

	/* statx: mask at 0, attributes at 8, mode at 28, size at 40. */
	u32 = 0x17ff;
	memcpy(stx, &u32, 4);
	memcpy(stx + 28, &mode, 2);
	stx[40] = 120;
	put(0x30c00, stx, sizeof(stx));
	LINE("statx", 0,
	     "statx(AT_FDCWD, \"/etc/ld.so.cache\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, "
	     "STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, "
	     "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=120, ...}) = 0",
	     (uint64_t)-100, 0x1000, 0x900, 0x25e, 0x30c00);
	LINE("statx", -2,
	     "statx(AT_FDCWD, \"/etc/ld.so.cache\", AT_STATX_DONT_SYNC|AT_EMPTY_PATH, STATX_ALL, 0x30c00) = -1 ENOENT (No such file or directory)",
	     (uint64_t)-100, 0x1000, 0x5000, 0xfff, 0x30c00);

	/* x86_64's struct statfs, as strace printed a tmpfs's. */
	sfs[0] = 0x01021994; sfs[1] = 4096; sfs[2] = 251516; sfs[3] = 251048; sfs[4] = 251048;
	sfs[5] = 251516; sfs[6] = 251411; sfs[7] = 0x61cb15fe0cae6ec2ULL; sfs[8] = 255;
	sfs[9] = 4096; sfs[10] = 0x1020;
	put(0x30d00, sfs, sizeof(sfs));
	LINE("fstatfs", 0,
	     "fstatfs(3, {f_type=TMPFS_MAGIC, f_bsize=4096, f_blocks=251516, f_bfree=251048, "
	     "f_bavail=251048, f_files=251516, f_ffree=251411, f_fsid={val=[0xcae6ec2, 0x61cb15fe]}, "
	     "f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0", 3, 0x30d00);

	put(0x30e00, pfd, sizeof(pfd));
	LINE("poll", 3,
	     "poll([{fd=0, events=POLLIN|POLLOUT}, {fd=1, events=POLLIN|POLLOUT}, {fd=2, events=POLLIN|POLLOUT}, "
	     "{fd=3, events=POLLIN|POLLOUT}], 4, 0) = 3 ([{fd=0, revents=POLLIN|POLLHUP}, "
	     "{fd=1, revents=POLLIN|POLLOUT}, {fd=3, revents=POLLNVAL}])", 0x30e00, 4, 0);
	LINE("poll", 0, "poll([{fd=2, events=POLLIN|POLLOUT}], 1, 100) = 0 (Timeout)",
	     0x30e00 + 16, 1, 100);
	LINE("poll", -14, "poll(0x4f000, 1, 0) = -1 EFAULT (Bad address)", 0x4f000, 1, 0);
	/* The tid CLONE_PARENT_SETTID stored, read at the exit. */
	put(0x30f00, &ptid, sizeof(ptid));
	LINE("clone", 14449,
	     "clone(child_stack=0x7f0000100000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	     "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
	     "parent_tid=[14449], tls=0x7f0000101000, child_tidptr=0x7f0000100990) = 14449",
	     0x3d0f00, 0x7f0000100000, 0x30f00, 0x7f0000100990, 0x7f0000101000);
	LINE("clone", 14449,
	     "clone(child_stack=0x7f0000100000, flags=CLONE_VM|CLONE_PARENT_SETTID, "
	     "parent_tid=0x4f000) = 14449", 0x100100, 0x7f0000100000, 0x4f000, 0, 0);
	LINE("ioctl", -95, "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)",
	     4, 0x40049409, 3);

	/* Without a signature: as many words as the kernel's definition takes. */
	LINE("setns", 0, "setns(0x3, 0x40000000) = 0", 3, 0x40000000, 7, 7, 7, 7);
	LINE("iopl", -1, "iopl(0x3) = -1 EPERM (Operation not permitted)", 3, 7, 7, 7, 7, 7);
	check_line(UDB_ABI_I386, "mmap", (const uint64_t[6]){ 0xffd0, 7, 7, 7, 7, 7 }, -14,
		   "mmap(0xffd0) = -1 EFAULT (Bad address)");
	check_line(UDB_ABI_X86_64, "", (const uint64_t[6]){ 1, 2, 3, 4, 5, 6 }, -38,
		   "syscall_0x3e7(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)");

	/* -e verbose= without them: the addresses. */
	terse = 1;
	LINE("gettimeofday", 0, "gettimeofday(0x30000, NULL) = 0", 0x30000, 0);
	LINE("sysinfo", 0, "sysinfo(0x30300) = 0", 0x30300);
	LINE("getdents64", 72, "getdents64(3, 0x30500, 32768) = 72", 3, 0x30500, 32768);
	LINE("statx", 0,
	     "statx(AT_FDCWD, \"/etc/ld.so.cache\", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x30c00) = 0",
	     (uint64_t)-100, 0x1000, 0, 0xfff, 0x30c00);
	terse = 0;
}

/*
 * i386's socket calls by number: libseccomp resolves their names to
 * socketcall()'s pseudo numbers, not to the direct calls (370 sendmsg).
 */
static void check_i386_nr(long nr, const uint64_t args[6], int64_t ret, const char *want)
{
	struct udb_decoder dec = { .abi = UDB_ABI_I386, .read_mem = fake_read,
				   .return_column = 1 };
	struct udb_syscall sc = { .nr = nr, .ret = ret };
	struct strbuf sb = STRBUF_INIT;

	memcpy(sc.args, args, sizeof(sc.args));
	udb_decode_entry(&sb, &dec, &sc);
	udb_decode_exit(&sb, &dec, &sc);
	expect("i386", sb_str(&sb), want);
	sb_free(&sb);
}

/* A struct cmsghdr of x86_64 at @off of @buf (cmsg_len a word) and @dlen bytes of data. */
static void cmsg64(unsigned char *buf, size_t off, uint64_t len, uint32_t level, uint32_t type,
		   const void *data, size_t dlen)
{
	memcpy(buf + off, &len, 8);
	memcpy(buf + off + 8, &level, 4);
	memcpy(buf + off + 12, &type, 4);
	memcpy(buf + off + 16, data, dlen);
}

/* A struct msghdr of x86_64 (seven 8-byte words, msg_namelen and msg_flags in 32 bits). */
static void msghdr64(uint64_t m[8], uint64_t name, uint32_t namelen, uint64_t iov,
		     uint64_t iovlen, uint64_t control, uint64_t controllen, uint32_t flags)
{
	m[0] = name;
	m[1] = namelen;
	m[2] = iov;
	m[3] = iovlen;
	m[4] = control;
	m[5] = controllen;
	m[6] = flags;
}

/*
 * sendmsg, recvmsg, sendmmsg and recvmmsg against the lines strace 6.1
 * printed for tests/progs/msgcalls (addresses of the fake memory): data
 * in iovecs up to the -s limit and a received message's length, an empty
 * iovec, SCM_RIGHTS and SCM_CREDENTIALS, a control buffer cut short
 * (MSG_CTRUNC, a message without its data), an unknown type, msg_name,
 * errors (recvmsg's msg_namelen alone, an unreadable msghdr, sendmmsg
 * without msg_len), recvmmsg's count, time left and "(Timeout)", i386's
 * layouts, -e verbose= and the -e read=/-e write= dumps of the mmsghdr
 * calls.
 */
static void check_msghdrs(void)
{
	static uint64_t m[8], m2[8], m3[8], m4[8], m5[8], mm[16];
	/* iovecs: the data each points to is put below at these addresses. */
	static const uint64_t iov3[6] = { 0x40000, 2, 0x40100, 0, 0x40200, 3 };
	static const uint64_t iov1[2] = { 0x40300, 40 }, iov1b[2] = { 0x40400, 4 };
	static const uint64_t iovn[2] = { 0x40500, 5 }, miov[4] = { 0x40600, 3, 0x40700, 4 };
	static unsigned char rights_creds[56], ctrunc[20], unknown[24];
	static const uint32_t creds[3] = { 18158, 0, 0 };
	static const int32_t fds[2] = { 5, 6 };
	static const unsigned char sun[16] = { 1, 0, '/', 't', 'm', 'p', '/', 'm', 's', 'g', '.', 's' };
	static const char m1[] = "m1", m2s[] = "m2\n", empty[] = "";
	static const char longer[] = "with fds and a line longer than thirty-two bytes";
	static const char one[] = "one", two[] = "two!", named[] = "named", trun[] = "trun";
	static const int64_t left[2] = { 0, 999997133 };
	/* i386: an iovec, SCM_CREDENTIALS' 12-byte header and data, a msghdr, an mmsghdr. */
	static const uint32_t iov32[2] = { 0x40600, 3 };
	static const uint32_t creds32[6] = { 24, 1, 2, 77, 1000, 1000 };
	static const uint32_t m32[7] = { 0, 0, 0x45000, 1, 0x45100, 24, 0 };
	static const uint32_t mm32[8] = { 0, 0, 0x45000, 1, 0, 0, 0, 3 };
	struct strbuf sb = STRBUF_INIT;

	nregions = 0;
	put(0x40000, m1, 2);
	put(0x40100, empty, 1);
	put(0x40200, m2s, 3);
	put(0x41000, iov3, sizeof(iov3));
	msghdr64(m, 0, 0, 0x41000, 3, 0, 0, 0);
	put(0x50000, m, 56);
	LINE("sendmsg", 5,
	     "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"m1\", iov_len=2}, "
	     "{iov_base=\"\", iov_len=0}, {iov_base=\"m2\\n\", iov_len=3}], msg_iovlen=3, "
	     "msg_controllen=0, msg_flags=0}, 0) = 5", 3, 0x50000, 0);
	LINE("sendmsg", -9,
	     "sendmsg(99, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"m1\", iov_len=2}, "
	     "{iov_base=\"\", iov_len=0}, {iov_base=\"m2\\n\", iov_len=3}], msg_iovlen=3, "
	     "msg_controllen=0, msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)", 99, 0x50000, 0);

	/* Received: SCM_CREDENTIALS (28 bytes), then SCM_RIGHTS of two (24), each 8-aligned. */
	cmsg64(rights_creds, 0, 28, 1, 2, creds, sizeof(creds));
	cmsg64(rights_creds, 32, 24, 1, 1, fds, sizeof(fds));
	put(0x42000, rights_creds, sizeof(rights_creds));
	put(0x40300, longer, sizeof(longer) - 1);
	put(0x41100, iov1, sizeof(iov1));
	msghdr64(m2, 0, 0, 0x41100, 1, 0x42000, 56, 0x40000020);
	put(0x50100, m2, 56);
	LINE("recvmsg", 40,
	     "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"with fds and a line "
	     "longer than \"..., iov_len=40}], msg_iovlen=1, msg_control=[{cmsg_len=28, "
	     "cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=18158, uid=0, gid=0}}, "
	     "{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 6]}], "
	     "msg_controllen=56, msg_flags=MSG_TRUNC|MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 40",
	     4, 0x50100, 0x40000000);
	/* A failed recvmsg: msg_namelen alone; an unreadable msghdr: its address. */
	LINE("recvmsg", -11,
	     "recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)",
	     4, 0x50100, 0x40);
	LINE("recvmsg", -14, "recvmsg(4, 0x8, 0) = -1 EFAULT (Bad address)", 4, 8, 0);

	/* Room for SCM_CREDENTIALS' header and 4 of its 12 bytes: no data shown. */
	cmsg64(ctrunc, 0, 20, 1, 2, creds, 4);
	put(0x42100, ctrunc, sizeof(ctrunc));
	put(0x40400, trun, 4);
	put(0x41200, iov1b, sizeof(iov1b));
	msghdr64(m3, 0, 0, 0x41200, 1, 0x42100, 20, 0x28);
	put(0x50200, m3, 56);
	LINE("recvmsg", 4,
	     "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"trun\", iov_len=4}], "
	     "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, "
	     "cmsg_type=SCM_CREDENTIALS}], msg_controllen=20, msg_flags=MSG_CTRUNC|MSG_TRUNC}, 0) = 4",
	     4, 0x50200, 0);

	/* A type strace does not know; a control buffer shorter than a header. */
	cmsg64(unknown, 0, 19, 1, 77, "abc", 3);
	put(0x42200, unknown, sizeof(unknown));
	msghdr64(m4, 0, 0, 0x41200, 1, 0x42200, 24, 0);
	put(0x50300, m4, 56);
	LINE("sendmsg", -22,
	     "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"trun\", iov_len=4}], "
	     "msg_iovlen=1, msg_control=[{cmsg_len=19, cmsg_level=SOL_SOCKET, "
	     "cmsg_type=0x4d /* SCM_??? */}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT) = "
	     "-1 EINVAL (Invalid argument)", 3, 0x50300, 0x40);
	m4[5] = 8;
	LINE("sendmsg", -22,
	     "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"trun\", iov_len=4}], "
	     "msg_iovlen=1, msg_control=0x42200, msg_controllen=8, msg_flags=0}, 0) = "
	     "-1 EINVAL (Invalid argument)", 3, 0x50300, 0);

	/* SOL_IP: IP_PKTINFO (the loopback, index 1), IP_TTL and IP_TOS, each 8-aligned. */
	{
		static unsigned char ip[80];
		static const unsigned char pktinfo[12] = { 1, 0, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1 };
		static uint64_t mip[8];
		static const uint32_t ttl = 64;

		cmsg64(ip, 0, 28, 0, 8, pktinfo, sizeof(pktinfo));
		cmsg64(ip, 32, 20, 0, 2, &ttl, sizeof(ttl));
		cmsg64(ip, 56, 17, 0, 1, "\x10", 1);
		put(0x42300, ip, sizeof(ip));
		msghdr64(mip, 0, 0, 0x41200, 1, 0x42300, 80, 0);
		put(0x50500, mip, 56);
		LINE("recvmsg", 3,
		     "recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"tru\", iov_len=4}], "
		     "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, "
		     "cmsg_data={ipi_ifindex=if_nametoindex(\"lo\"), ipi_spec_dst=inet_addr(\"127.0.0.1\"), "
		     "ipi_addr=inet_addr(\"127.0.0.1\")}}, {cmsg_len=20, cmsg_level=SOL_IP, "
		     "cmsg_type=IP_TTL, cmsg_data=[64]}, {cmsg_len=17, cmsg_level=SOL_IP, "
		     "cmsg_type=IP_TOS, cmsg_data=[0x10]}], msg_controllen=80, msg_flags=0}, 0) = 3",
		     3, 0x50500, 0);
	}

	/* msg_name: a sockaddr of msg_namelen bytes. */
	put(0x43000, sun, sizeof(sun));
	put(0x40500, named, 5);
	put(0x41300, iovn, sizeof(iovn));
	msghdr64(m5, 0x43000, 14, 0x41300, 1, 0, 0, 0);
	put(0x50400, m5, 56);
	LINE("sendmsg", 5,
	     "sendmsg(3, {msg_name={sa_family=AF_UNIX, sun_path=\"/tmp/msg.s\"}, msg_namelen=14, "
	     "msg_iov=[{iov_base=\"named\", iov_len=5}], msg_iovlen=1, msg_controllen=0, "
	     "msg_flags=0}, 0) = 5", 3, 0x50400, 0);

	/* Outside -e verbose='s set: the address. */
	terse = 1;
	LINE("sendmsg", 5, "sendmsg(3, 0x50000, 0) = 5", 3, 0x50000, 0);
	LINE("recvmsg", 40, "recvmsg(4, 0x50100, MSG_CMSG_CLOEXEC) = 40", 4, 0x50100, 0x40000000);
	LINE("sendmmsg", 2, "sendmmsg(3, 0x51000, 2, 0) = 2", 3, 0x51000, 2, 0);
	terse = 0;

	/* Two mmsghdrs of 64 bytes, msg_len at 56. */
	put(0x40600, one, 3);
	put(0x40700, two, 4);
	put(0x41400, miov, sizeof(miov));
	msghdr64(mm, 0, 0, 0x41400, 1, 0, 0, 0);
	mm[7] = 3;
	msghdr64(mm + 8, 0, 0, 0x41410, 1, 0, 0, 0);
	mm[15] = 4;
	put(0x51000, mm, sizeof(mm));
	LINE("sendmmsg", 2,
	     "sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
	     "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	     "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"two!\", iov_len=4}], "
	     "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=4}], 2, 0) = 2",
	     3, 0x51000, 2, 0);
	LINE("sendmmsg", -9,
	     "sendmmsg(99, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
	     "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}}, "
	     "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"two!\", iov_len=4}], "
	     "msg_iovlen=1, msg_controllen=0, msg_flags=0}}], 2, 0) = -1 EBADF (Bad file descriptor)",
	     99, 0x51000, 2, 0);
	/* recvmmsg: the messages received, each's data up to msg_len; the time left. */
	mm[15] = 2;
	put(0x44000, left, sizeof(left));
	LINE("recvmmsg", 2,
	     "recvmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
	     "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	     "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"tw\", iov_len=4}], "
	     "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}], 2, MSG_WAITFORONE, "
	     "0x44000) = 2 (left {tv_sec=0, tv_nsec=999997133})", 4, 0x51000, 2, 0x10000, 0x44000);
	LINE("recvmmsg", -11,
	     "recvmmsg(4, 0x51000, 2, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
	     4, 0x51000, 2, 0x40, 0);
	LINE("recvmmsg", 0, "recvmmsg(4, [], 2, 0, 0x44000) = 0 (Timeout)", 4, 0x51000, 2, 0, 0x44000);
	LINE("recvmmsg", 1,
	     "recvmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
	     "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 2, 0, NULL) = 1",
	     4, 0x51000, 2, 0, 0);

	/*
	 * Memory read at entry: recvmsg's msg_namelen before the call wrote
	 * its own ("110 => 0"), recvmmsg's timeout before the time left.
	 */
	{
		static const int64_t given[2] = { 1, 500 };
		struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read,
					   .return_column = 1 };
		struct udb_syscall sc = { .nr = udb_syscall_number(UDB_ABI_X86_64, "recvmsg"),
					  .args = { 5, 0x50400, 2 }, .ret = 5 };
		struct udb_entry_mem mem;

		if (!udb_decode_saves_entry(UDB_ABI_X86_64, sc.nr) ||
		    !udb_decode_saves_entry(UDB_ABI_I386, 372) ||
		    udb_decode_saves_entry(UDB_ABI_X86_64, udb_syscall_number(UDB_ABI_X86_64,
									      "sendmsg"))) {
			printf("FAIL which calls save memory at entry\n");
			failures++;
		}
		m5[1] = 110;
		udb_decode_save_entry(&dec, &sc, &mem);
		m5[1] = 0;
		sc.entry = &mem;
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		expect("recvmsg's namelen at entry", sb_str(&sb),
		       "recvmsg(5, {msg_name=0x43000, msg_namelen=110 => 0, msg_iov=[{iov_base=\"named\", "
		       "iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_PEEK) = 5");
		sb_reset(&sb);
		sc.ret = -11;
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		expect("failed recvmsg's namelen at entry", sb_str(&sb),
		       "recvmsg(5, {msg_namelen=110}, MSG_PEEK) = -1 EAGAIN (Resource temporarily unavailable)");
		sb_reset(&sb);
		put(0x44100, given, sizeof(given));
		sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "recvmmsg"),
					   .args = { 4, 0x51000, 2, 0, 0x44100 }, .ret = 1 };
		udb_decode_save_entry(&dec, &sc, &mem);
		sc.args[4] = 0x44000;	/* as if the call had written the time left */
		sc.entry = &mem;
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		expect("recvmmsg's timeout at entry", sb_str(&sb),
		       "recvmmsg(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
		       "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 2, 0, "
		       "{tv_sec=1, tv_nsec=500}) = 1 (left {tv_sec=0, tv_nsec=999997133})");
		sb_reset(&sb);
	}

	/* -e write= of sendmmsg and -e read= of recvmmsg: each message's buffers to msg_len. */
	{
		struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read };
		struct udb_syscall sc = { .nr = udb_syscall_number(UDB_ABI_X86_64, "recvmmsg"),
					  .args = { 4, 0x51000, 2, 0x10000, 0x44000 }, .ret = 2 };

		udb_decode_dump_io(&sb, &dec, &sc, 0, 1);
		expect("recvmmsg dump", sb_str(&sb),
		       " = 1 buffers in vector 0\n * 3 bytes in buffer 0\n"
		       " | 00000  6f 6e 65                                          one              |\n"
		       " = 1 buffers in vector 1\n * 2 bytes in buffer 0\n"
		       " | 00000  74 77                                             tw               |\n");
		sb_reset(&sb);
		sc.ret = -11;
		udb_decode_dump_io(&sb, &dec, &sc, 0, 1);
		expect("failed recvmmsg dump", sb_str(&sb), "");
		sc.nr = udb_syscall_number(UDB_ABI_X86_64, "sendmmsg");
		sc.ret = 1;
		udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
		expect("sendmmsg dump", sb_str(&sb),
		       " = 1 buffers in vector 0\n * 3 bytes in buffer 0\n"
		       " | 00000  6f 6e 65                                          one              |\n");
		sb_reset(&sb);
		/* vmsplice as writev; mq_timedsend as write. */
		sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "vmsplice"),
					   .args = { 5, 0x41400, 2, 0 }, .ret = 7 };
		udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
		expect("vmsplice dump", sb_str(&sb),
		       " * 3 bytes in buffer 0\n"
		       " | 00000  6f 6e 65                                          one              |\n"
		       " * 4 bytes in buffer 1\n"
		       " | 00000  74 77 6f 21                                       two!             |\n");
		sb_reset(&sb);
		sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "mq_timedsend"),
					   .args = { 3, 0x40700, 4, 0, 0 }, .ret = 0 };
		udb_decode_dump_io(&sb, &dec, &sc, 1, 0);
		expect("mq_timedsend dump", sb_str(&sb),
		       " | 00000  74 77 6f 21                                       two!             |\n");
		sb_reset(&sb);
		sc = (struct udb_syscall){ .nr = udb_syscall_number(UDB_ABI_X86_64, "mq_timedreceive"),
					   .args = { 3, 0x40700, 8192, 0, 0 }, .ret = 2 };
		udb_decode_dump_io(&sb, &dec, &sc, 0, 1);
		expect("mq_timedreceive dump", sb_str(&sb),
		       " | 00000  74 77                                             tw               |\n");
		sb_reset(&sb);
	}

	/* i386: 4-byte fields, a 12-byte cmsghdr, 4-aligned; a 32-byte mmsghdr. */
	put(0x45000, iov32, sizeof(iov32));
	put(0x45100, creds32, sizeof(creds32));
	put(0x45200, m32, sizeof(m32));
	check_i386_nr(370, (const uint64_t[6]){ 3, 0x45200, 0x4000 }, 3,
		      "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", iov_len=3}], "
		      "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
		      "cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=77, uid=1000, gid=1000}}], "
		      "msg_controllen=24, msg_flags=0}, MSG_NOSIGNAL) = 3");
	put(0x45300, mm32, sizeof(mm32));
	check_i386_nr(345, (const uint64_t[6]){ 3, 0x45300, 1, 0 }, 1,
		      "sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"one\", "
		      "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 1, 0) = 1");
	sb_free(&sb);
}

/*
 * -s beyond a page: a string longer than a page is shown up to a page and
 * "...", without overrunning the decoder's page-sized buffer.
 */
static void check_long_string(void)
{
	static char name[6000];
	struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read,
				   .string_limit = 1 << 20 };
	struct udb_syscall sc = { .nr = udb_syscall_number(UDB_ABI_X86_64, "fgetxattr"),
				  .args = { 3, 0x90000, 0, 0 }, .ret = -61 };
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;

	memset(name, 'a', sizeof(name) - 1);
	put(0x90000, name, sizeof(name));
	udb_decode_entry(&sb, &dec, &sc);
	udb_decode_exit(&sb, &dec, &sc);
	sb_add(&want, "fgetxattr(3, \"");
	for (int i = 0; i < 4096; i++)
		sb_addc(&want, 'a');
	sb_add(&want, "\"..., NULL, 0) = -1 ENODATA (No data available)");
	expect("a string of 6000 bytes with -s 1048576", sb_str(&sb), sb_str(&want));
	sb_free(&sb);
	sb_free(&want);
}

int main(void)
{
	static const char etc_cache[] = "/etc/ld.so.cache";
	static const char preload[] = "/etc/ld.so.preload";
	static const unsigned char elf[832] = "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2";
	static const char hi[] = "hi\n";
	static const char empty[] = "";
	static const char bin_true[] = "/bin/true";
	static const char sh[] = "sh", dash_c[] = "-c", cmd[] = "echo hi | cat";
	static const unsigned char rnd[8] = { 0x3f, 0xe1, 0xf8, 0x74, 0xd0, 0xd2, 0x9f, 0xd2 };
	static const uint64_t rlim[2] = { 8192 * 1024, UINT64_MAX };
	static const int pipefds[2] = { 3, 4 };
	static const int wstatus = 0;
	static const uint64_t sigmask = 1ULL << 16;	/* SIGCHLD */
	static const uint64_t futex_timeout[2] = { 1, 500 };
	static unsigned char st[144];
	static uint64_t argv[4], envp[3];
	uint32_t mode = 0100644;
	int64_t size = 44183;
	struct strbuf sb = STRBUF_INIT;

	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);

	put(0x1000, etc_cache, sizeof(etc_cache));
	put(0x2000, elf, sizeof(elf));
	put(0x3000, hi, sizeof(hi));
	put(0x4000, empty, sizeof(empty));
	put(0x5000, st, sizeof(st));
	put(0x6000, preload, sizeof(preload));
	put(0x7000, bin_true, sizeof(bin_true));
	argv[0] = put(0x8000, sh, sizeof(sh));
	argv[1] = put(0x8100, dash_c, sizeof(dash_c));
	argv[2] = put(0x8200, cmd, sizeof(cmd));
	put(0x9000, argv, sizeof(argv));
	envp[0] = 0x8000;
	envp[1] = 0x8100;
	put(0xa000, envp, sizeof(envp));
	put(0xb000, rnd, sizeof(rnd));
	put(0xc000, rlim, sizeof(rlim));
	put(0xd000, pipefds, sizeof(pipefds));
	put(0xe000, &wstatus, sizeof(wstatus));
	put(0xf000, &sigmask, sizeof(sigmask));
	/* struct sigaction of x86_64: handler, flags, restorer, mask. */
	static const uint64_t act[4] = { 0, 0x14000000, 0x7f0000001000, 0 };
	static const uint64_t oldact[4] = { 0x5600000010a0, 0x04000004, 0x7f0000001000,
					    1ULL << 16 };
	put(0xf100, act, sizeof(act));
	put(0xf200, oldact, sizeof(oldact));

	/* Lines exactly as strace 6.1 printed them for /bin/true and sh. */
	CHECK("execve", 0, "execve(\"/bin/true\", [\"sh\", \"-c\", \"echo hi | cat\"], 0xa000 /* 2 vars */) = 0",
	      0x7000, 0x9000, 0xa000);
	CHECK("brk", 0x556eab9f8000, "brk(NULL)                               = 0x556eab9f8000", 0);
	CHECK("mmap", 0x7f6eef547000,
	      "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f6eef547000",
	      0, 8192, 3, 0x22, (uint64_t)-1, 0);
	CHECK("mmap", 0x7f6eef380000,
	      "mmap(0x7f6eef380000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f6eef380000",
	      0x7f6eef380000, 1400832, 5, 0x812, 3, 0x26000);
	CHECK("access", -2,
	      "access(\"/etc/ld.so.preload\", R_OK)      = -1 ENOENT (No such file or directory)",
	      0x6000, 4);
	CHECK("openat", 3, "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
	      (uint64_t)-100, 0x1000, 02000000);
	CHECK("openat", 3, "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3",
	      (uint64_t)-100, 0x1000, 01101, 0644);
	CHECK("newfstatat", 0,
	      "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=44183, ...}, AT_EMPTY_PATH) = 0",
	      3, 0x4000, 0x5000, 0x1000);
	CHECK("newfstatat", -2,
	      "newfstatat(AT_FDCWD, \"/etc/ld.so.cache\", 0x5000, 0) = -1 ENOENT (No such file or directory)",
	      (uint64_t)-100, 0x1000, 0x5000, 0);
	CHECK("read", 832,
	      "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"..., 832) = 832",
	      3, 0x2000, 832);
	CHECK("read", -9, "read(3, 0x2000, 832)                    = -1 EBADF (Bad file descriptor)",
	      3, 0x2000, 832);
	CHECK("read", 0, "read(3, \"\", 131072)                     = 0", 3, 0x4000, 131072);
	CHECK("write", 3, "write(1, \"hi\\n\", 3)                     = 3", 1, 0x3000, 3);
	CHECK("write", -14, "write(1, 0x123, 3)                      = -1 EFAULT (Bad address)",
	      1, 0x123, 3);
	CHECK("close", 0, "close(3)                                = 0", 3);
	CHECK("arch_prctl", 0, "arch_prctl(ARCH_SET_FS, 0x7f6eef357740) = 0", 0x1002, 0x7f6eef357740);
	CHECK("set_tid_address", 14456, "set_tid_address(0x7f6eef357a10)         = 14456",
	      0x7f6eef357a10);
	CHECK("set_robust_list", 0, "set_robust_list(0x7f6eef357a20, 24)     = 0",
	      0x7f6eef357a20, 24);
	CHECK("rseq", 0, "rseq(0x7f6eef358060, 0x20, 0, 0x53053053) = 0",
	      0x7f6eef358060, 0x20, 0, 0x53053053);
	CHECK("mprotect", 0, "mprotect(0x7f6eef529000, 16384, PROT_READ) = 0",
	      0x7f6eef529000, 16384, 1);
	CHECK("mprotect", 0, "mprotect(0x1000, 4096, PROT_NONE)       = 0", 0x1000, 4096, 0);
	CHECK("prlimit64", 0,
	      "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
	      0, 3, 0, 0xc000);
	CHECK("munmap", 0, "munmap(0x7f6eef53c000, 44183)           = 0", 0x7f6eef53c000, 44183);
	CHECK("getuid", 0, "getuid()                                = 0");
	CHECK("getrandom", 8, "getrandom(\"\\x3f\\xe1\\xf8\\x74\\xd0\\xd2\\x9f\\xd2\", 8, GRND_NONBLOCK) = 8",
	      0xb000, 8, 1);
	CHECK("pipe2", 0, "pipe2([3, 4], 0)                        = 0", 0xd000, 0);
	CHECK("clone", 14448,
	      "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb077443a10) = 14448",
	      0x1200011, 0, 0, 0x7fb077443a10, 0);
	CHECK("wait4", 14448,
	      "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 14448",
	      (uint64_t)-1, 0xe000, 0, 0);
	CHECK("rt_sigprocmask", 0, "rt_sigprocmask(SIG_BLOCK, [CHLD], NULL, 8) = 0", 0, 0xf000, 0, 8);
	CHECK("rt_sigaction", 0, "rt_sigaction(SIGINT, NULL, 0x7ffc0, 8)  = 0", 2, 0, 0x7ffc0, 8);
	CHECK("rt_sigaction", 0,
	      "rt_sigaction(SIGCHLD, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f0000001000}, "
	      "{sa_handler=0x5600000010a0, sa_mask=[CHLD], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=0x7f0000001000}, 8) = 0",
	      17, 0xf100, 0xf200, 8);
	CHECK("rt_sigaction", -14,
	      "rt_sigaction(SIGCHLD, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f0000001000}, "
	      "0xf200, 8) = -1 EFAULT (Bad address)", 17, 0xf100, 0xf200, 8);
	CHECK("ioctl", -25, "ioctl(0, TCGETS, 0x7ffc0)               = -1 ENOTTY (Inappropriate ioctl for device)",
	      0, 0x5401, 0x7ffc0);
	CHECK("ioctl", -25, "ioctl(0, 0x1234, 0x7ffc0)               = -1 ENOTTY (Inappropriate ioctl for device)",
	      0, 0x1234, 0x7ffc0);
	CHECK("kill", 0, "kill(14527, SIGTERM)                    = 0", 14527, 15);
	CHECK("lseek", 0, "lseek(3, 0, SEEK_END)                   = 0", 3, 0, 2);
	CHECK("dup2", 1, "dup2(4, 1)                              = 1", 4, 1);
	CHECK("fcntl", 1, "fcntl(3, F_GETFD)                       = 0x1 (flags FD_CLOEXEC)", 3, 1);
	CHECK("fcntl", 0, "fcntl(3, F_SETFD, FD_CLOEXEC)           = 0", 3, 2, 1);
	CHECK("futex", 0, "futex(0x7f00, FUTEX_WAKE_PRIVATE, 1)    = 0", 0x7f00, 129, 1);
	put(0x46000, futex_timeout, sizeof(futex_timeout));
	CHECK("futex", -110,
	      "futex(0x7f00, FUTEX_WAIT_PRIVATE, 2, {tv_sec=1, tv_nsec=500}) = -1 ETIMEDOUT (Connection timed out)",
	      0x7f00, 128, 2, 0x46000);
	CHECK("futex", -11, "futex(0x7f00, FUTEX_WAIT, 2, NULL)      = -1 EAGAIN (Resource temporarily unavailable)",
	      0x7f00, 0, 2, 0);
	CHECK("rt_sigreturn", -513,
	      "rt_sigreturn()                          = ? ERESTARTNOINTR (To be restarted)");

	/*
	 * -e verbose= without these syscalls: what lies behind a pointer is
	 * its address, as strace -e verbose=none prints it; strings, buffers
	 * and NULL as usual.
	 */
	terse = 1;
	CHECK("execve", 0, "execve(\"/bin/true\", 0x9000, 0xa000)     = 0", 0x7000, 0x9000, 0xa000);
	CHECK("newfstatat", 0, "newfstatat(3, \"\", 0x5000, AT_EMPTY_PATH) = 0",
	      3, 0x4000, 0x5000, 0x1000);
	CHECK("prlimit64", 0, "prlimit64(0, RLIMIT_STACK, NULL, 0xc000) = 0", 0, 3, 0, 0xc000);
	CHECK("pipe2", 0, "pipe2(0xd000, 0)                        = 0", 0xd000, 0);
	CHECK("wait4", 14448, "wait4(-1, 0xe000, 0, NULL)              = 14448",
	      (uint64_t)-1, 0xe000, 0, 0);
	CHECK("rt_sigprocmask", 0, "rt_sigprocmask(SIG_BLOCK, 0xf000, NULL, 8) = 0", 0, 0xf000, 0, 8);
	CHECK("rt_sigaction", 0, "rt_sigaction(SIGCHLD, 0xf100, 0xf200, 8) = 0",
	      17, 0xf100, 0xf200, 8);
	CHECK("clone", 14448,
	      "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=0xe000) = 14448",
	      0x100011, 0, 0xe000, 0, 0);
	CHECK("read", 832,
	      "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"..., 832) = 832",
	      3, 0x2000, 832);
	CHECK("getrandom", 8, "getrandom(\"\\x3f\\xe1\\xf8\\x74\\xd0\\xd2\\x9f\\xd2\", 8, GRND_NONBLOCK) = 8",
	      0xb000, 8, 1);
	CHECK("openat", 3, "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
	      (uint64_t)-100, 0x1000, 02000000);
	terse = 0;
	/* ... and parent_tid read when verbose. */
	CHECK("clone", 14448,
	      "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[0]) = 14448",
	      0x100011, 0, 0xe000, 0, 0);

	/* A path longer than the string limit is shown whole; other strings are not. */
	{
		static const char longpath[] = "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache";

		put(0x10000, longpath, sizeof(longpath));
		CHECK("openat", -2,
		      "openat(AT_FDCWD, \"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\", O_RDONLY) = -1 ENOENT (No such file or directory)",
		      (uint64_t)-100, 0x10000, 0);
		/* strace's flag order: O_CLOEXEC before O_DIRECTORY, O_TMPFILE whole. */
		CHECK("openat", 3,
		      "openat(AT_FDCWD, \"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3",
		      (uint64_t)-100, 0x10000, 04000 | 02000000 | 0200000);
		CHECK("openat", -2,
		      "openat(AT_FDCWD, \"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\", O_RDWR|O_CLOEXEC|O_TMPFILE, 0777) = -1 ENOENT (No such file or directory)",
		      (uint64_t)-100, 0x10000, 2 | 02000000 | 020200000, 0777);
	}

	/* exit_group never returns. */
	{
		struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read };
		struct udb_syscall sc = { .nr = udb_syscall_number(UDB_ABI_X86_64, "exit_group") };

		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_no_return(&sb, 0);
		expect("exit_group", sb_str(&sb), "exit_group(0)                           = ?");
		sb_reset(&sb);
	}

	/* Escapes: quote, backslash, control characters, octal before a digit. */
	{
		static const unsigned char s[] = "a\"b\\c\t\n\r\v\f\0001\0x\377";

		udb_quote_string(&sb, s, sizeof(s) - 1, 32, 0);
		expect("quoting", sb_str(&sb), "\"a\\\"b\\\\c\\t\\n\\r\\v\\f\\0001\\0x\\377\"");
		sb_reset(&sb);
		udb_quote_string(&sb, (const unsigned char *)"abcdef", 6, 4, 0);
		expect("truncation", sb_str(&sb), "\"abcd\"...");
		sb_reset(&sb);
	}

	/* i386: names from the i386 table, 32-bit words. */
	check_syscall(UDB_ABI_I386, "mmap2", (const uint64_t[6]){ 0, 8192, 3, 0x22, 0xffffffff, 0 },
		      0xf7f00000,
		      "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7f00000");
	check_syscall(UDB_ABI_I386, "close", (const uint64_t[6]){ 3 }, -9,
		      "close(3)                                = -1 EBADF (Bad file descriptor)");
	if (strcmp(udb_syscall_name(UDB_ABI_I386, 11) ? udb_syscall_name(UDB_ABI_I386, 11) : "",
		   "execve") || strcmp(udb_syscall_name(UDB_ABI_X86_64, 59), "execve")) {
		printf("FAIL execve's number per ABI\n");
		failures++;
	}

	/* Signals and ends. */
	{
		struct udb_siginfo chld = { .signo = 17, .code = 1, .pid = 1235, .uid = 0,
					    .have_pid = 1, .have_uid = 1, .have_status = 1 };
		struct udb_siginfo term = { .signo = 15, .code = 0, .pid = 14527, .uid = 0,
					    .have_pid = 1, .have_uid = 1 };
		struct udb_siginfo segv = { .signo = 11, .code = 1, .have_addr = 1 };

		udb_decode_signal(&sb, &chld);
		expect("SIGCHLD", sb_str(&sb),
		       "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1235, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---");
		sb_reset(&sb);
		udb_decode_signal(&sb, &term);
		expect("SIGTERM", sb_str(&sb),
		       "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=14527, si_uid=0} ---");
		sb_reset(&sb);
		udb_decode_signal(&sb, &segv);
		expect("SIGSEGV", sb_str(&sb),
		       "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---");
		sb_reset(&sb);
		chld.have_uid = chld.have_status = 0;
		chld.code = 2;
		udb_decode_signal(&sb, &chld);
		expect("SIGCHLD, pid only", sb_str(&sb),
		       "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=1235} ---");
		sb_reset(&sb);
		segv.code = 77;
		udb_decode_signal(&sb, &segv);
		expect("an unknown code, in hex", sb_str(&sb),
		       "--- SIGSEGV {si_signo=SIGSEGV, si_code=0x4d, si_addr=NULL} ---");
		sb_reset(&sb);
		udb_decode_exited(&sb, 0);
		expect("exited", sb_str(&sb), "+++ exited with 0 +++");
		sb_reset(&sb);
		udb_decode_killed(&sb, 9, 0);
		expect("killed", sb_str(&sb), "+++ killed by SIGKILL +++");
		sb_reset(&sb);
	}

	/* The whole siginfo: strace's fields for each layout, in both ABIs. */
	{
		static const struct {
			const char *what;
			int abi32, signo, code;
			/* 32-bit words of the union, from its start */
			uint32_t w[8];
			const char *want;
		} cases[] = {
			{ "SI_QUEUE", 0, 10, -1, { 4242, 0, 42, 0 },
			  "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=4242, si_uid=0, si_int=42, si_ptr=0x2a} ---" },
			{ "SI_QUEUE, no value", 0, 10, -1, { 4242, 1000, 0, 0 },
			  "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=4242, si_uid=1000} ---" },
			{ "SI_QUEUE, a 64-bit pointer", 0, 35, -1, { 7, 0, 0xc0de, 0x5eed },
			  "--- SIGRT_3 {si_signo=SIGRT_3, si_code=SI_QUEUE, si_pid=7, si_uid=0, si_int=49374, si_ptr=0x5eed0000c0de} ---" },
			{ "SI_TIMER", 0, 14, -2, { 3, 1, 9, 0 },
			  "--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0x3, si_overrun=1, si_int=9, si_ptr=0x9} ---" },
			{ "SI_TIMER, ia32", 1, 14, -2, { 0, 0, 7 },
			  "--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, si_ptr=0x7} ---" },
			{ "SI_MESGQ", 0, 12, -3, { 5, 0, 5, 0 },
			  "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_MESGQ, si_pid=5, si_uid=0, si_int=5, si_ptr=0x5} ---" },
			{ "POLL_IN", 0, 29, 1, { 65, 0, 3 },
			  "--- SIGIO {si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=3} ---" },
			{ "POLL_ERR, ia32", 1, 29, 4, { 0xffffffff, 4 },
			  "--- SIGIO {si_signo=SIGIO, si_code=POLL_ERR, si_band=-1, si_fd=4} ---" },
			{ "SI_SIGIO", 0, 29, -5, { 65, 0, 0 },
			  "--- SIGIO {si_signo=SIGIO, si_code=SI_SIGIO, si_band=65, si_fd=0} ---" },
			{ "SEGV_MAPERR", 0, 11, 1, { 0x1000, 0 },
			  "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000} ---" },
			{ "SEGV_ACCERR, 64-bit", 0, 11, 2, { 0xf7fbf000, 0x7fff },
			  "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x7ffff7fbf000} ---" },
			{ "SEGV_MAPERR, ia32", 1, 11, 1, { 0xfffff000, 0xdead },
			  "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xfffff000} ---" },
			{ "int3", 0, 5, 0x80, { 0 },
			  "--- SIGTRAP {si_signo=SIGTRAP, si_code=SI_KERNEL, si_addr=NULL} ---" },
			{ "SIGSYS", 0, 31, 1, { 0xf7ed4829, 0x7fff, 110, 0xc000003e },
			  "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x7ffff7ed4829, si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_X86_64} ---" },
			{ "SIGSYS, ia32", 1, 31, 1, { 0xf7f1c549, 64, 0x40000003 },
			  "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0xf7f1c549, si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_I386} ---" },
			{ "SIGSYS, unknown arch", 0, 31, 1, { 0x1000, 0, 0, 0 },
			  "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x1000, si_syscall=0, si_arch=0 /* AUDIT_ARCH_??? */} ---" },
			{ "SIGCHLD, ia32", 1, 17, 2, { 99, 0, 15, 150, 0 },
			  "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=99, si_uid=0, si_status=SIGTERM, si_utime=150 /* 1.50 s */, si_stime=0} ---" },
			{ "SI_KERNEL", 0, 10, 0x80, { 0 },
			  "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---" },
			{ "another code, a sender", 0, 10, 5, { 4, 6, 8, 0 },
			  "--- SIGUSR1 {si_signo=SIGUSR1, si_code=0x5, si_pid=4, si_uid=6, si_int=8, si_ptr=0x8} ---" },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			unsigned char raw[128];
			int32_t head[3] = { cases[i].signo, 0, cases[i].code };
			struct udb_siginfo si = { .signo = cases[i].signo, .code = cases[i].code,
						  .raw = raw,
						  .raw_abi = cases[i].abi32 ? UDB_ABI_I386
									    : UDB_ABI_X86_64 };

			memset(raw, 0, sizeof(raw));
			memcpy(raw, head, sizeof(head));
			memcpy(raw + (cases[i].abi32 ? 12 : 16), cases[i].w, sizeof(cases[i].w));
			sb_reset(&sb);
			udb_decode_signal(&sb, &si);
			expect(cases[i].what, sb_str(&sb), cases[i].want);
		}
		sb_reset(&sb);
	}

	/* With a "[pid N] " prefix, the return column still counts from the line start. */
	{
		struct udb_decoder dec = { .abi = UDB_ABI_X86_64, .read_mem = fake_read };
		struct udb_syscall sc = { .nr = 3, .args = { 4 } };

		sb_add(&sb, "[pid 14516] ");
		udb_decode_entry(&sb, &dec, &sc);
		udb_decode_exit(&sb, &dec, &sc);
		expect("prefix", sb_str(&sb), "[pid 14516] close(4)                    = 0");
		sb_reset(&sb);
	}

	check_structs();
	check_verbose_and_dumps();
	check_raw();
	check_reads_memory();
	check_long_string();
	check_msghdrs();
	sb_free(&sb);
	if (failures) {
		printf("%d decoding checks failed\n", failures);
		return 1;
	}
	/* Most lines read memory and can be captured: they were checked so. */
	if (capture_checks < 60) {
		printf("FAIL only %d lines were checked from captures\n", capture_checks);
		return 1;
	}
	printf("all decoding checks passed (%d lines from captures too)\n", capture_checks);
	return 0;
}
