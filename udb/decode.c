// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The strace-format decoder: how each argument type is printed.
 * What each syscall's arguments are lives in syscalls.c.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "decode.h"
#include "names.h"
#include "sysent.h"

#define PATH_LIMIT 4096
#define ARRAY_LIMIT 32		/* argv elements and iovecs shown before "..." */

static size_t string_limit(const struct udb_decoder *dec)
{
	return dec->string_limit ? dec->string_limit : 32;
}

static int is_i386(const struct udb_decoder *dec)
{
	return dec->abi == UDB_ABI_I386;
}

/* A word of the ABI: i386 arguments are 32 bits wide. */
static uint64_t abi_ulong(const struct udb_decoder *dec, uint64_t v)
{
	return is_i386(dec) ? (uint32_t)v : v;
}

static int64_t abi_long(const struct udb_decoder *dec, uint64_t v)
{
	return is_i386(dec) ? (int32_t)v : (int64_t)v;
}

static size_t abi_ptr_size(const struct udb_decoder *dec)
{
	return is_i386(dec) ? 4 : 8;
}

static int read_exact(const struct udb_decoder *dec, uint64_t addr, void *buf, size_t len)
{
	long n;

	if (!dec->read_mem || !addr)
		return -EFAULT;
	n = dec->read_mem(dec->opaque, addr, buf, len);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EFAULT;
}

static int read_word(const struct udb_decoder *dec, uint64_t addr, uint64_t *val)
{
	if (is_i386(dec)) {
		uint32_t v = 0;
		int err = read_exact(dec, addr, &v, sizeof(v));

		*val = v;
		return err;
	}
	return read_exact(dec, addr, val, sizeof(*val));
}

/* A string may end just before an unmapped page: pieces never cross a page. */
long udb_read_cstring(udb_read_mem_fn read_mem, void *opaque, uint64_t addr, char *buf,
		      size_t max)
{
	size_t got = 0;

	if (!read_mem || !addr)
		return -EFAULT;
	while (got < max) {
		size_t chunk = 4096 - ((addr + got) & 4095);
		long n;
		char *nul;

		if (chunk > max - got)
			chunk = max - got;
		n = read_mem(opaque, addr + got, buf + got, chunk);
		if (n <= 0)
			return got ? -ENAMETOOLONG : -EFAULT;
		nul = memchr(buf + got, '\0', (size_t)n);
		if (nul)
			return nul - buf;
		got += (size_t)n;
		if ((size_t)n < chunk)
			return -EFAULT;
	}
	return -ENAMETOOLONG;
}

static void print_ptr(struct strbuf *sb, const struct udb_decoder *dec, uint64_t v)
{
	v = abi_ulong(dec, v);
	if (!v)
		sb_add(sb, "NULL");
	else
		sb_addf(sb, "%#llx", (unsigned long long)v);
}

int udb_quote_mode(unsigned int hex_strings)
{
	return hex_strings > 1 ? UDB_QUOTE_HEX : hex_strings ? UDB_QUOTE_HEX_IF_BINARY
							     : UDB_QUOTE_TEXT;
}

/* As strace's -x: a byte past ASCII, or a control other than \t..\r. */
static int has_binary(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] > 0x7e || (s[i] < ' ' && (s[i] < '\t' || s[i] > '\r')))
			return 1;
	return 0;
}

void udb_quote_string(struct strbuf *sb, const unsigned char *s, size_t len,
		      size_t limit, int hex)
{
	size_t shown = len < limit ? len : limit;
	int force_hex = hex == UDB_QUOTE_HEX ||
			(hex == UDB_QUOTE_HEX_IF_BINARY && has_binary(s, shown));

	sb_addc(sb, '"');
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = s[i];

		if (force_hex) {
			sb_addf(sb, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '"': sb_add(sb, "\\\""); continue;
		case '\\': sb_add(sb, "\\\\"); continue;
		case '\f': sb_add(sb, "\\f"); continue;
		case '\n': sb_add(sb, "\\n"); continue;
		case '\r': sb_add(sb, "\\r"); continue;
		case '\t': sb_add(sb, "\\t"); continue;
		case '\v': sb_add(sb, "\\v"); continue;
		}
		if (c >= ' ' && c < 0x7f) {
			sb_addc(sb, (char)c);
		} else if (i + 1 < shown && s[i + 1] >= '0' && s[i + 1] <= '7') {
			/* A digit follows: the full three digits keep it apart. */
			sb_addf(sb, "\\%03o", c);
		} else {
			sb_addf(sb, "\\%o", c);
		}
	}
	sb_addc(sb, '"');
	if (len > limit)
		sb_add(sb, "...");
}

/* A buffer of @len bytes at @addr, or its address when it cannot be read. */
static void print_buffer(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			 uint64_t len, int force_hex)
{
	size_t limit = string_limit(dec);
	size_t want = len < limit ? (size_t)len : limit;
	unsigned char buf[4096];

	if (want > sizeof(buf))
		want = sizeof(buf);
	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	if (want && read_exact(dec, addr, buf, want) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	udb_quote_string(sb, buf, want, want,
			 force_hex ? UDB_QUOTE_HEX : udb_quote_mode(dec->hex_strings));
	if (len > want)
		sb_add(sb, "...");
}

/* A NUL-terminated string: a path in full, anything else up to the limit. */
static void print_cstring(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			  int is_path)
{
	char buf[PATH_LIMIT];
	size_t max = is_path ? sizeof(buf) : string_limit(dec);
	long n;

	/* -s beyond a page: strings are shown up to a page, as buffers are. */
	if (max > sizeof(buf))
		max = sizeof(buf);

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	n = udb_read_cstring(dec->read_mem, dec->opaque, addr, buf, max);
	if (n == -ENAMETOOLONG) {
		udb_quote_string(sb, (unsigned char *)buf, max, max,
				 udb_quote_mode(dec->hex_strings));
		sb_add(sb, "...");
	} else if (n < 0) {
		print_ptr(sb, dec, addr);
	} else {
		udb_quote_string(sb, (unsigned char *)buf, (size_t)n, (size_t)n,
				 udb_quote_mode(dec->hex_strings));
	}
}

/* strace's order, which is not the bits' order. */
static const struct flag_name open_flags[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 04010000, "O_SYNC" }, { 010000, "O_DSYNC" }, { 040000, "O_DIRECT" },
	{ 0100000, "O_LARGEFILE" }, { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 020200000, "O_TMPFILE" },
	{ 0200000, "O_DIRECTORY" }, { 020000, "FASYNC" },
	{ 0, NULL }
};

static void print_open_flags(struct strbuf *sb, uint64_t flags)
{
	static const char *const access_modes[] = {
		"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"
	};

	flags = (uint32_t)flags;
	sb_add(sb, access_modes[flags & 3]);
	if (flags & ~3ULL) {
		sb_addc(sb, '|');
		print_flags(sb, open_flags, flags & ~3ULL, NULL);
	}
}

static void print_mode(struct strbuf *sb, uint64_t mode)
{
	sb_addf(sb, "%#03llo", (unsigned long long)(mode & 07777));
}

static const struct flag_name prot_flags[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 8, "PROT_SEM" },
	{ 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" },
	{ 0, NULL }
};

static const struct flag_name mmap_flags[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_32BIT" },
	{ 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" },
	{ 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
	{ 0x80000, "MAP_SYNC" }, { 0x100000, "MAP_FIXED_NOREPLACE" },
	{ 0x4000000, "MAP_UNINITIALIZED" },
	{ 0, NULL }
};

static void print_mmap_flags(struct strbuf *sb, uint64_t flags)
{
	static const char *const types[] = {
		"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"
	};

	flags = (uint32_t)flags;
	sb_add(sb, types[flags & 3]);
	flags &= ~3ULL;
	if (flags) {
		sb_addc(sb, '|');
		print_flags(sb, mmap_flags, flags, NULL);
	}
}

static const struct flag_name at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" },
	{ 0, NULL }
};

static const struct flag_name clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" },
	{ 0x4000, "CLONE_VFORK" }, { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" }, { 0x80000, "CLONE_SETTLS" },
	{ 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
	{ 0x400000, "CLONE_DETACHED" }, { 0x800000, "CLONE_UNTRACED" },
	{ 0x1000000, "CLONE_CHILD_SETTID" }, { 0x2000000, "CLONE_NEWCGROUP" },
	{ 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" }, { 0x80000000, "CLONE_IO" },
	{ 0, NULL }
};

static const struct flag_name madvise_names[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
	{ 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	{ 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" },
	{ 21, "MADV_PAGEOUT" }, { 22, "MADV_POPULATE_READ" }, { 23, "MADV_POPULATE_WRITE" },
	{ 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" }, { 100, "MADV_HWPOISON" },
	{ 101, "MADV_SOFT_OFFLINE" },
	{ 0, NULL }
};

/* x86's numbering (s390 differs for the last two). */
static const struct flag_name fadvise_names[] = {
	{ 0, "POSIX_FADV_NORMAL" }, { 1, "POSIX_FADV_RANDOM" },
	{ 2, "POSIX_FADV_SEQUENTIAL" }, { 3, "POSIX_FADV_WILLNEED" },
	{ 4, "POSIX_FADV_DONTNEED" }, { 5, "POSIX_FADV_NOREUSE" },
	{ 0, NULL }
};

static const struct flag_name whence_names[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" },
	{ 4, "SEEK_HOLE" },
	{ 0, NULL }
};

static const struct flag_name arch_prctl_codes[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" },
	{ 0x1004, "ARCH_GET_GS" }, { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
	{ 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
	{ 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" },
	{ 0x4001, "ARCH_GET_UNTAG_MASK" }, { 0x4002, "ARCH_ENABLE_TAGGED_ADDR" },
	{ 0x4003, "ARCH_GET_MAX_TAG_BITS" }, { 0x4004, "ARCH_FORCE_TAGGED_SVA" },
	{ 0x5001, "ARCH_SHSTK_ENABLE" }, { 0x5002, "ARCH_SHSTK_DISABLE" },
	{ 0x5003, "ARCH_SHSTK_LOCK" }, { 0x5004, "ARCH_SHSTK_UNLOCK" },
	{ 0x5005, "ARCH_SHSTK_STATUS" },
	{ 0, NULL }
};

static const struct flag_name rlimit_names[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" },
	{ 0, NULL }
};

static const struct flag_name wait_options[] = {
	{ 1, "WNOHANG" }, { 2, "WUNTRACED" }, { 4, "WEXITED" }, { 8, "WCONTINUED" },
	{ 0x1000000, "WNOWAIT" }, { 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" },
	{ 0x80000000, "__WCLONE" },
	{ 0, NULL }
};

static const struct flag_name grnd_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" },
	{ 0, NULL }
};

static const struct flag_name clock_names[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
	{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" },
	{ 5, "CLOCK_REALTIME_COARSE" }, { 6, "CLOCK_MONOTONIC_COARSE" },
	{ 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" }, { 9, "CLOCK_BOOTTIME_ALARM" },
	{ 11, "CLOCK_TAI" },
	{ 0, NULL }
};

static const struct flag_name timer_flags[] = {
	{ 1, "TIMER_ABSTIME" },
	{ 0, NULL }
};

static const struct flag_name sigprocmask_hows[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" },
	{ 0, NULL }
};

static const struct flag_name fcntl_cmds[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" },
	{ 4, "F_SETFL" }, { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" },
	{ 8, "F_SETOWN" }, { 9, "F_GETOWN" }, { 10, "F_SETSIG" }, { 11, "F_GETSIG" },
	{ 12, "F_GETLK64" }, { 13, "F_SETLK64" }, { 14, "F_SETLKW64" },
	{ 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
	{ 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1026, "F_NOTIFY" },
	{ 1030, "F_DUPFD_CLOEXEC" }, { 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
	{ 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" },
	{ 0, NULL }
};

static const struct flag_name fd_flags[] = {
	{ 1, "FD_CLOEXEC" },
	{ 0, NULL }
};

static const struct flag_name futex_ops[] = {
	{ 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" }, { 3, "FUTEX_REQUEUE" },
	{ 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" }, { 6, "FUTEX_LOCK_PI" },
	{ 7, "FUTEX_UNLOCK_PI" }, { 8, "FUTEX_TRYLOCK_PI" }, { 9, "FUTEX_WAIT_BITSET" },
	{ 10, "FUTEX_WAKE_BITSET" }, { 11, "FUTEX_WAIT_REQUEUE_PI" },
	{ 12, "FUTEX_CMP_REQUEUE_PI" }, { 13, "FUTEX_LOCK_PI2" },
	{ 0, NULL }
};

static const struct flag_name sock_domains[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 10, "AF_INET6" },
	{ 16, "AF_NETLINK" }, { 17, "AF_PACKET" },
	{ 0, NULL }
};

static const struct flag_name sock_types[] = {
	{ 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" }, { 4, "SOCK_RDM" },
	{ 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" }, { 10, "SOCK_PACKET" },
	{ 0, NULL }
};

static const struct flag_name sock_type_flags[] = {
	{ 02000000, "SOCK_CLOEXEC" }, { 04000, "SOCK_NONBLOCK" },
	{ 0, NULL }
};

static void print_signal(struct strbuf *sb, uint64_t sig)
{
	const char *name = signal_name((int)sig);

	if (name && sig == (uint32_t)sig)
		sb_add(sb, name);
	else
		sb_addf(sb, "%d", (int)sig);
}

/* A sigset as strace shows it: "[INT CHLD]", or "~[...]" when mostly full. */
static void print_sigset(struct strbuf *sb, uint64_t set)
{
	int count = __builtin_popcountll(set);
	int first = 1;

	if (count > 32) {
		sb_addc(sb, '~');
		set = ~set;
	}
	sb_addc(sb, '[');
	for (int sig = 1; sig <= 64; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		sb_addf(sb, "%s%s", first ? "" : " ", signal_name(sig) + 3);
		first = 0;
	}
	sb_addc(sb, ']');
}

static void print_sigset_at(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	uint64_t set;

	if (!addr)
		sb_add(sb, "NULL");
	else if (read_exact(dec, addr, &set, sizeof(set)) < 0)
		print_ptr(sb, dec, addr);
	else
		print_sigset(sb, set);
}

/* strace's order, which is not the bits' order. */
static const struct flag_name sigaction_flags[] = {
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
	{ 0x10000000, "SA_RESTART" }, { 0x40000000, "SA_NODEFER" },
	{ 0x80000000, "SA_RESETHAND" }, { 4, "SA_SIGINFO" }, { 1, "SA_NOCLDSTOP" },
	{ 2, "SA_NOCLDWAIT" },
	{ 0, NULL }
};

/*
 * The kernel's struct sigaction: handler, flags, restorer, mask, in words
 * of the ABI (i386: 4 bytes each, then the 8-byte mask).
 */
static void print_sigaction(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	uint64_t handler, flags, restorer, mask;
	size_t w = abi_ptr_size(dec);

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	if (read_word(dec, addr, &handler) < 0 || read_word(dec, addr + w, &flags) < 0 ||
	    read_word(dec, addr + 2 * w, &restorer) < 0 ||
	    read_exact(dec, addr + 3 * w, &mask, sizeof(mask)) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_add(sb, "{sa_handler=");
	if (handler == 0)
		sb_add(sb, "SIG_DFL");
	else if (handler == 1)
		sb_add(sb, "SIG_IGN");
	else
		sb_addf(sb, "%#llx", (unsigned long long)handler);
	sb_add(sb, ", sa_mask=");
	print_sigset(sb, mask);
	sb_add(sb, ", sa_flags=");
	print_flags(sb, sigaction_flags, flags, NULL);
	if (flags & 0x04000000)
		sb_addf(sb, ", sa_restorer=%#llx", (unsigned long long)restorer);
	sb_addc(sb, '}');
}

/* The ioctl requests of a terminal, which every stdio program asks. */
static const struct flag_name ioctl_requests[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x540b, "TCFLSH" }, { 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" },
	{ 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" },
	{ 0x5451, "FIOCLEX" }, { 0x5450, "FIONCLEX" }, { 0x80045430, "TIOCGPTN" },
	{ 0x40045431, "TIOCSPTLCK" }, { 0x40049409, "BTRFS_IOC_CLONE or FICLONE" },
	{ 0, NULL }
};

static void print_stat_mode(struct strbuf *sb, uint32_t mode)
{
	static const struct flag_name types[] = {
		{ 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" }, { 0100000, "S_IFREG" },
		{ 060000, "S_IFBLK" }, { 040000, "S_IFDIR" }, { 020000, "S_IFCHR" },
		{ 010000, "S_IFIFO" },
		{ 0, NULL }
	};
	const char *type = lookup_name(types, mode & 0170000);

	if (type)
		sb_addf(sb, "%s|", type);
	if (mode & 04000)
		sb_add(sb, "S_ISUID|");
	if (mode & 02000)
		sb_add(sb, "S_ISGID|");
	if (mode & 01000)
		sb_add(sb, "S_ISVTX|");
	sb_addf(sb, "%#04o", mode & 0777);
}

/* The Linux makedev() encoding of a 64-bit dev_t. */
static void print_dev(struct strbuf *sb, uint64_t dev)
{
	unsigned int major = ((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff);
	unsigned int minor = ((dev >> 12) & 0xffffff00) | (dev & 0xff);

	sb_addf(sb, "makedev(%#x, %#x)", major, minor);
}

static void print_stat_fields(struct strbuf *sb, uint32_t mode, uint64_t rdev, int64_t size)
{
	sb_add(sb, "{st_mode=");
	print_stat_mode(sb, mode);
	if ((mode & 0170000) == 020000 || (mode & 0170000) == 060000) {
		sb_add(sb, ", st_rdev=");
		print_dev(sb, rdev);
	} else {
		sb_addf(sb, ", st_size=%lld", (long long)size);
	}
	sb_add(sb, ", ...}");
}

/* -v: "st_atime=SEC /\* 2026-12-05T07:52:22.479325881+0000 *\/, st_atime_nsec=NSEC". */
static void print_stat_time(struct strbuf *sb, const char *name, int64_t sec, uint64_t nsec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char when[64];

	sb_addf(sb, ", %s=%lld", name, (long long)sec);
	/* As strace: the epoch itself goes without a comment. */
	if ((sec || nsec) && localtime_r(&t, &tm)) {
		strftime(when, sizeof(when), "%FT%T", &tm);
		sb_addf(sb, " /* %s", when);
		if (nsec)
			sb_addf(sb, ".%09llu", (unsigned long long)nsec);
		strftime(when, sizeof(when), "%z", &tm);
		sb_addf(sb, "%s */", when);
	}
	sb_addf(sb, ", %s_nsec=%llu", name, (unsigned long long)nsec);
}

/* A struct stat's fields, whatever the ABI's layout. */
struct stat_fields {
	uint64_t dev, ino, nlink, rdev, blksize, blocks;
	uint32_t mode, uid, gid;
	int64_t size, atime, mtime, ctime;
	uint64_t atime_nsec, mtime_nsec, ctime_nsec;
};

/* -v: every field, in strace's order. */
static void print_stat_verbose(struct strbuf *sb, const struct stat_fields *f)
{
	sb_add(sb, "{st_dev=");
	print_dev(sb, f->dev);
	sb_addf(sb, ", st_ino=%llu, st_mode=", (unsigned long long)f->ino);
	print_stat_mode(sb, f->mode);
	sb_addf(sb, ", st_nlink=%llu, st_uid=%u, st_gid=%u, st_blksize=%llu, st_blocks=%llu",
		(unsigned long long)f->nlink, f->uid, f->gid, (unsigned long long)f->blksize,
		(unsigned long long)f->blocks);
	if ((f->mode & 0170000) == 020000 || (f->mode & 0170000) == 060000) {
		sb_add(sb, ", st_rdev=");
		print_dev(sb, f->rdev);
	} else {
		sb_addf(sb, ", st_size=%lld", (long long)f->size);
	}
	print_stat_time(sb, "st_atime", f->atime, f->atime_nsec);
	print_stat_time(sb, "st_mtime", f->mtime, f->mtime_nsec);
	print_stat_time(sb, "st_ctime", f->ctime, f->ctime_nsec);
	sb_addc(sb, '}');
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void print_stat(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
		       int stat64)
{
	unsigned char st[144];
	struct stat_fields f;

	/*
	 * x86_64 struct stat: st_dev 0, st_ino 8, st_nlink 16, st_mode 24,
	 * st_uid 28, st_gid 32, st_rdev 40, st_size 48, st_blksize 56,
	 * st_blocks 64, then the three times (seconds, nanoseconds) from 72.
	 * i386 struct stat64 (4-byte aligned): st_dev 0, st_mode 16,
	 * st_nlink 20, st_uid 24, st_gid 28, st_rdev 32, st_size 44,
	 * st_blksize 52, st_blocks 56, the times (32-bit) from 64, st_ino 88.
	 * i386's old struct stat is not decoded.
	 */
	if (stat64 ? !is_i386(dec) : is_i386(dec)) {
		print_ptr(sb, dec, addr);
		return;
	}
	if (read_exact(dec, addr, st, stat64 ? 96 : 144) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	if (stat64) {
		f = (struct stat_fields){
			.dev = get_u64(st), .ino = get_u64(st + 88), .mode = get_u32(st + 16),
			.nlink = get_u32(st + 20), .uid = get_u32(st + 24), .gid = get_u32(st + 28),
			.rdev = get_u64(st + 32), .size = (int64_t)get_u64(st + 44),
			.blksize = get_u32(st + 52), .blocks = get_u64(st + 56),
			.atime = get_u32(st + 64), .atime_nsec = get_u32(st + 68),
			.mtime = get_u32(st + 72), .mtime_nsec = get_u32(st + 76),
			.ctime = get_u32(st + 80), .ctime_nsec = get_u32(st + 84),
		};
	} else {
		f = (struct stat_fields){
			.dev = get_u64(st), .ino = get_u64(st + 8), .nlink = get_u64(st + 16),
			.mode = get_u32(st + 24), .uid = get_u32(st + 28), .gid = get_u32(st + 32),
			.rdev = get_u64(st + 40), .size = (int64_t)get_u64(st + 48),
			.blksize = get_u64(st + 56), .blocks = get_u64(st + 64),
			.atime = (int64_t)get_u64(st + 72), .atime_nsec = get_u64(st + 80),
			.mtime = (int64_t)get_u64(st + 88), .mtime_nsec = get_u64(st + 96),
			.ctime = (int64_t)get_u64(st + 104), .ctime_nsec = get_u64(st + 112),
		};
	}
	if (dec->verbose)
		print_stat_verbose(sb, &f);
	else
		print_stat_fields(sb, f.mode, f.rdev, f.size);
}

static void print_timespec(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	int64_t sec, nsec;

	/* -e verbose=: futex's timeout too. */
	if (!addr || dec->terse) {
		print_ptr(sb, dec, addr);
		return;
	}
	if (is_i386(dec)) {
		int32_t ts[2];

		if (read_exact(dec, addr, ts, sizeof(ts)) < 0) {
			print_ptr(sb, dec, addr);
			return;
		}
		sec = ts[0];
		nsec = ts[1];
	} else {
		int64_t ts[2];

		if (read_exact(dec, addr, ts, sizeof(ts)) < 0) {
			print_ptr(sb, dec, addr);
			return;
		}
		sec = ts[0];
		nsec = ts[1];
	}
	sb_addf(sb, "{tv_sec=%lld, tv_nsec=%lld}", (long long)sec, (long long)nsec);
}

static void print_rlim_value(struct strbuf *sb, uint64_t v, int is64, int i386)
{
	if (v == UINT64_MAX || (i386 && !is64 && v == UINT32_MAX))
		sb_add(sb, is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
	else if (v && v % 1024 == 0)
		sb_addf(sb, "%llu*1024", (unsigned long long)(v / 1024));
	else
		sb_addf(sb, "%llu", (unsigned long long)v);
}

static void print_rlimit(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			 int is64)
{
	uint64_t cur, max;

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	if (is64 || !is_i386(dec)) {
		uint64_t r[2];

		if (read_exact(dec, addr, r, sizeof(r)) < 0) {
			print_ptr(sb, dec, addr);
			return;
		}
		cur = r[0];
		max = r[1];
	} else {
		uint32_t r[2];

		if (read_exact(dec, addr, r, sizeof(r)) < 0) {
			print_ptr(sb, dec, addr);
			return;
		}
		cur = r[0];
		max = r[1];
	}
	sb_add(sb, "{rlim_cur=");
	print_rlim_value(sb, cur, is64, is_i386(dec));
	sb_add(sb, ", rlim_max=");
	print_rlim_value(sb, max, is64, is_i386(dec));
	sb_addc(sb, '}');
}

static void print_wait_status(struct strbuf *sb, int status)
{
	sb_add(sb, "[{");
	if ((status & 0x7f) == 0) {
		sb_addf(sb, "WIFEXITED(s) && WEXITSTATUS(s) == %d", (status >> 8) & 0xff);
	} else if ((status & 0xff) == 0x7f) {
		sb_add(sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signal(sb, (uint64_t)((status >> 8) & 0xff));
		if (status >> 16)
			sb_addf(sb, " && status>>16 == %d", status >> 16);
	} else if (status == 0xffff) {
		sb_add(sb, "WIFCONTINUED(s)");
	} else {
		sb_add(sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signal(sb, (uint64_t)(status & 0x7f));
		if (status & 0x80)
			sb_add(sb, " && WCOREDUMP(s)");
	}
	sb_add(sb, "}]");
}

/*
 * argv as ["a", "b"]; envp as its address and a count, as strace does,
 * and as an array under -v; only -v shows more than ARRAY_LIMIT strings.
 */
static void print_string_array(struct strbuf *sb, const struct udb_decoder *dec,
			       uint64_t addr, int count_only)
{
	size_t wsize = abi_ptr_size(dec);
	unsigned int n = 0;
	uint64_t elem;

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	if (count_only && !dec->verbose) {
		while (n < 100000 && read_word(dec, addr + n * wsize, &elem) == 0 && elem)
			n++;
		print_ptr(sb, dec, addr);
		sb_addf(sb, " /* %u var%s */", n, n == 1 ? "" : "s");
		return;
	}
	if (read_word(dec, addr, &elem) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addc(sb, '[');
	for (n = 0;; n++) {
		if (read_word(dec, addr + n * wsize, &elem) < 0) {
			sb_addf(sb, "%s...", n ? ", " : "");
			break;
		}
		if (!elem)
			break;
		if (n == ARRAY_LIMIT && !dec->verbose) {
			sb_add(sb, ", ...");
			break;
		}
		if (n)
			sb_add(sb, ", ");
		print_cstring(sb, dec, elem, 0);
	}
	sb_addc(sb, ']');
}

/* A descriptor, and with -y what it is: "3</etc/passwd>". */
static void print_fd(struct strbuf *sb, const struct udb_decoder *dec, uint64_t v)
{
	sb_addf(sb, "%d", (int)v);
	if (dec->fd_info && (int)v >= 0)
		dec->fd_info(dec->fd_opaque, (int)v, sb);
}

static void print_pipefds(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	int fds[2];

	if (read_exact(dec, addr, fds, sizeof(fds)) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addc(sb, '[');
	print_fd(sb, dec, (uint32_t)fds[0]);
	sb_add(sb, ", ");
	print_fd(sb, dec, (uint32_t)fds[1]);
	sb_addc(sb, ']');
}

static void print_sockaddr(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			   uint64_t len)
{
	unsigned char sa[128];
	uint16_t family;

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	if (len < 2 || len > sizeof(sa) || read_exact(dec, addr, sa, (size_t)len) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	memcpy(&family, sa, 2);
	sb_add(sb, "{sa_family=");
	print_enum(sb, sock_domains, family);
	if (len == 2) {
		/* The family alone (an unnamed UNIX socket). */
	} else if (family == 1) {
		size_t plen = strnlen((char *)sa + 2, (size_t)len - 2);

		sb_add(sb, ", sun_path=");
		if (plen == 0 && len > 3) {
			/* An abstract socket: strace writes @name. */
			sb_addc(sb, '@');
			udb_quote_string(sb, sa + 3, (size_t)len - 3, PATH_LIMIT, 0);
		} else {
			udb_quote_string(sb, sa + 2, plen, PATH_LIMIT, 0);
		}
	} else if (family == 2 && len >= 8) {
		sb_addf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")",
			(unsigned int)(sa[2] << 8 | sa[3]), sa[4], sa[5], sa[6], sa[7]);
	} else {
		sb_add(sb, ", sa_data=...");
	}
	sb_addc(sb, '}');
}

/* iovecs as [{iov_base="...", iov_len=N}, ...]; @total bytes shown in all. */
static void print_iovec(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			uint64_t count, int64_t total)
{
	size_t wsize = abi_ptr_size(dec);

	if (!addr) {
		sb_add(sb, "NULL");
		return;
	}
	{
		uint64_t probe;

		if (read_word(dec, addr, &probe) < 0 && count) {
			print_ptr(sb, dec, addr);
			return;
		}
	}
	sb_addc(sb, '[');
	for (uint64_t i = 0; i < count; i++) {
		uint64_t base, len;

		if (i == ARRAY_LIMIT) {
			sb_add(sb, ", ...");
			break;
		}
		if (read_word(dec, addr + i * 2 * wsize, &base) < 0 ||
		    read_word(dec, addr + i * 2 * wsize + wsize, &len) < 0) {
			sb_addf(sb, "%s...", i ? ", " : "");
			break;
		}
		if (i)
			sb_add(sb, ", ");
		sb_add(sb, "{iov_base=");
		if (total >= 0) {
			uint64_t shown = len < (uint64_t)total ? len : (uint64_t)total;

			print_buffer(sb, dec, base, shown, 0);
			total -= (int64_t)shown;
		} else {
			print_ptr(sb, dec, base);
		}
		sb_addf(sb, ", iov_len=%llu}", (unsigned long long)len);
	}
	sb_addc(sb, ']');
}

static void print_utsname(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	static const char *const fields[] = {
		"sysname", "nodename", "release", "version", "machine", "domainname",
	};
	char uts[6][65];
	/* Two fields, then "...", unless -v. */
	unsigned int shown = dec->verbose ? 6 : 2;

	if (read_exact(dec, addr, uts, shown * sizeof(uts[0])) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	for (unsigned int i = 0; i < shown; i++) {
		uts[i][64] = '\0';
		sb_addf(sb, "%s%s=", i ? ", " : "{", fields[i]);
		udb_quote_string(sb, (unsigned char *)uts[i], strlen(uts[i]), 65, 0);
	}
	sb_add(sb, dec->verbose ? "}" : ", ...}");
}

/* clone(child_stack=, flags=, parent_tid=, tls=, child_tidptr=), entry and exit at once. */
static void print_clone(struct strbuf *sb, const struct udb_decoder *dec,
			const struct udb_syscall *sc)
{
	uint64_t flags = sc->args[0];
	uint64_t child_tid = is_i386(dec) ? sc->args[4] : sc->args[3];
	uint64_t tls = is_i386(dec) ? sc->args[3] : sc->args[4];

	sb_add(sb, "child_stack=");
	print_ptr(sb, dec, sc->args[1]);
	sb_add(sb, ", flags=");
	if (flags & ~0xffULL) {
		print_flags(sb, clone_flags, flags & ~0xffULL, NULL);
		if (flags & 0xff)
			sb_addc(sb, '|');
	}
	if (flags & 0xff)
		print_signal(sb, flags & 0xff);
	else if (!(flags & ~0xffULL))
		sb_add(sb, "0");
	if (flags & 0x100000) {
		int tid;

		sb_add(sb, ", parent_tid=");
		if (sc->ret >= 0 && !dec->terse &&
		    read_exact(dec, sc->args[2], &tid, sizeof(tid)) == 0)
			sb_addf(sb, "[%d]", tid);
		else
			print_ptr(sb, dec, sc->args[2]);
	}
	if (flags & 0x80000) {
		sb_add(sb, ", tls=");
		print_ptr(sb, dec, tls);
	}
	if (flags & 0x1200000) {
		sb_add(sb, ", child_tidptr=");
		print_ptr(sb, dec, child_tid);
	}
}

static void print_fcntl(struct strbuf *sb, const struct udb_decoder *dec,
			const struct udb_syscall *sc)
{
	uint64_t cmd = (uint32_t)sc->args[1];
	uint64_t arg = sc->args[2];

	print_enum(sb, fcntl_cmds, cmd);
	switch (cmd) {
	case 1: case 3: case 9: case 11: case 1025: case 1032: case 1034:
		return;	/* the F_GET* commands take no argument */
	case 2:
		sb_add(sb, ", ");
		print_flags(sb, fd_flags, (uint32_t)arg, NULL);
		return;
	case 4:
		sb_add(sb, ", ");
		print_open_flags(sb, arg);
		return;
	case 5: case 6: case 7: case 12: case 13: case 14: case 36: case 37: case 38:
		sb_add(sb, ", ");
		print_ptr(sb, dec, arg);
		return;
	default:
		sb_addf(sb, ", %d", (int)arg);
	}
}

static void print_futex(struct strbuf *sb, const struct udb_decoder *dec,
			const struct udb_syscall *sc)
{
	uint32_t op = (uint32_t)sc->args[1];
	uint32_t cmd = op & 0x7f;
	const char *name = lookup_name(futex_ops, cmd);

	if (name) {
		sb_add(sb, name);
		if (op & 128)
			sb_add(sb, "_PRIVATE");
		if (op & 256)
			sb_add(sb, "|FUTEX_CLOCK_REALTIME");
	} else {
		sb_addf(sb, "%#x", op);
	}
	sb_addf(sb, ", %d", (int)sc->args[2]);
	switch (cmd) {
	case 0:	/* FUTEX_WAIT */
		sb_add(sb, ", ");
		print_timespec(sb, dec, sc->args[3]);
		break;
	case 9:	/* FUTEX_WAIT_BITSET */
		sb_add(sb, ", ");
		print_timespec(sb, dec, sc->args[3]);
		if ((uint32_t)sc->args[5] == 0xffffffff)
			sb_add(sb, ", FUTEX_BITSET_MATCH_ANY");
		else
			sb_addf(sb, ", %#x", (uint32_t)sc->args[5]);
		break;
	case 1: case 7: case 8:	/* WAKE, UNLOCK_PI, TRYLOCK_PI */
		break;
	default:
		sb_add(sb, ", ");
		print_ptr(sb, dec, sc->args[3]);
		sb_add(sb, ", ");
		print_ptr(sb, dec, sc->args[4]);
		sb_addf(sb, ", %#x", (uint32_t)sc->args[5]);
	}
}

/* struct timeval: {tv_sec=S, tv_usec=U}, words of the ABI. */
static void print_timeval(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	size_t w = abi_ptr_size(dec);
	uint64_t sec, usec;

	if (!addr || dec->terse || read_word(dec, addr, &sec) < 0 ||
	    read_word(dec, addr + w, &usec) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addf(sb, "{tv_sec=%lld, tv_usec=%lld}", (long long)abi_long(dec, sec),
		(long long)abi_long(dec, usec));
}

static void print_timezone(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	int32_t tz[2];

	if (!addr || dec->terse || read_exact(dec, addr, tz, sizeof(tz)) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addf(sb, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

/*
 * struct sysinfo: in words of the ABI, uptime, loads[3], totalram,
 * freeram, sharedram, bufferram, totalswap, freeswap, then procs (16
 * bits) in word 10, totalhigh, freehigh, and mem_unit (32 bits) in word 13.
 */
static void print_sysinfo(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	static const char *const names[] = {
		"totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap",
	};
	size_t w = abi_ptr_size(dec);
	unsigned char si[112];
	uint64_t word[13];
	uint16_t procs;
	uint32_t mem_unit;

	if (!addr || dec->terse || read_exact(dec, addr, si, 14 * w) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	for (size_t i = 0; i < 13; i++)
		word[i] = w == 4 ? get_u32(si + i * 4) : get_u64(si + i * 8);
	memcpy(&procs, si + 10 * w, sizeof(procs));
	mem_unit = get_u32(si + 13 * w);
	sb_addf(sb, "{uptime=%lld, loads=[%llu, %llu, %llu]", (long long)abi_long(dec, word[0]),
		(unsigned long long)word[1], (unsigned long long)word[2],
		(unsigned long long)word[3]);
	for (size_t i = 0; i < 6; i++)
		sb_addf(sb, ", %s=%llu", names[i], (unsigned long long)word[4 + i]);
	sb_addf(sb, ", procs=%u, totalhigh=%llu, freehigh=%llu, mem_unit=%u}", procs,
		(unsigned long long)word[11], (unsigned long long)word[12], mem_unit);
}

/* The most a getdents buffer is read to count its entries. */
#define DIRENTS_LIMIT (1 << 20)
/*
 * The bytes a capture takes of a directory listing and of poll()'s array
 * (1,024 descriptors); a line whose memory is longer shows its address
 * alone when it comes from captures.
 */
#define DIRENTS_CAPTURE 32768
#define POLLFDS_CAPTURE 8192

/*
 * getdents's buffer as strace shows it without -v: its address and the
 * number of entries in the @len bytes the call returned, each entry's
 * d_reclen (at 16 in a linux_dirent64, after two words in a linux_dirent)
 * leading to the next.
 */
static void print_dirents(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			  int64_t len, int is64)
{
	size_t reclen_at = is64 ? 16 : 2 * abi_ptr_size(dec);
	unsigned char *buf;
	unsigned int n = 0;
	size_t off = 0;

	print_ptr(sb, dec, addr);
	if (len < 0 || len > DIRENTS_LIMIT)
		return;
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || (len && read_exact(dec, addr, buf, (size_t)len) < 0)) {
		free(buf);
		return;
	}
	while (off + reclen_at + 2 <= (size_t)len) {
		uint16_t reclen;

		memcpy(&reclen, buf + off + reclen_at, sizeof(reclen));
		n++;
		if (!reclen)
			break;
		off += reclen;
	}
	free(buf);
	sb_addf(sb, " /* %u entr%s */", n, n == 1 ? "y" : "ies");
}

/* A socklen_t behind a pointer: "[16]". */
static void print_socklen(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	uint32_t len;

	if (!addr || read_exact(dec, addr, &len, sizeof(len)) < 0)
		print_ptr(sb, dec, addr);
	else
		sb_addf(sb, "[%u]", len);
}

/* A CPU mask of @len bytes as the CPUs in it: "[0 1]". */
static void print_cpuset(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			 int64_t len)
{
	unsigned char mask[1024];
	int first = 1;

	if (len < 0 || (size_t)len > sizeof(mask) ||
	    read_exact(dec, addr, mask, (size_t)len) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addc(sb, '[');
	for (size_t cpu = 0; cpu < (size_t)len * 8; cpu++) {
		if (!(mask[cpu / 8] & (1U << (cpu % 8))))
			continue;
		sb_addf(sb, "%s%zu", first ? "" : " ", cpu);
		first = 0;
	}
	sb_addc(sb, ']');
}

static const struct flag_name ss_flags[] = {
	{ 1, "SS_ONSTACK" }, { 2, "SS_DISABLE" }, { 0x80000000, "SS_AUTODISARM" },
	{ 0, NULL }
};

/* stack_t: ss_sp, ss_flags (int), ss_size, each in a word of the ABI. */
static void print_stack(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	size_t w = abi_ptr_size(dec);
	uint64_t sp, size;
	uint32_t flags;

	if (!addr || dec->terse || read_word(dec, addr, &sp) < 0 ||
	    read_exact(dec, addr + w, &flags, sizeof(flags)) < 0 ||
	    read_word(dec, addr + 2 * w, &size) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_add(sb, "{ss_sp=");
	print_ptr(sb, dec, sp);
	sb_add(sb, ", ss_flags=");
	print_flags(sb, ss_flags, flags, NULL);
	sb_addf(sb, ", ss_size=%llu}", (unsigned long long)size);
}

static const struct flag_name epoll_flags[] = {
	{ 02000000, "EPOLL_CLOEXEC" },
	{ 0, NULL }
};

/* The STATX_* strace 6.1 knows, in its order: the unions first. */
static const struct flag_name statx_masks[] = {
	{ 0xfff, "STATX_ALL" }, { 0x7ff, "STATX_BASIC_STATS" }, { 0x1, "STATX_TYPE" },
	{ 0x2, "STATX_MODE" }, { 0x4, "STATX_NLINK" }, { 0x8, "STATX_UID" },
	{ 0x10, "STATX_GID" }, { 0x20, "STATX_ATIME" }, { 0x40, "STATX_MTIME" },
	{ 0x80, "STATX_CTIME" }, { 0x100, "STATX_INO" }, { 0x200, "STATX_SIZE" },
	{ 0x400, "STATX_BLOCKS" }, { 0x800, "STATX_BTIME" }, { 0x1000, "STATX_MNT_ID" },
	{ 0x2000, "STATX_DIOALIGN" },
	{ 0, NULL }
};

static const struct flag_name statx_attrs[] = {
	{ 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
	{ 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
	{ 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
	{ 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
	{ 0x200000, "STATX_ATTR_DAX" },
	{ 0, NULL }
};

/* statx's flags: the sync type (AT_STATX_SYNC_AS_STAT is 0), then the AT_* flags. */
static void print_statx_flags(struct strbuf *sb, uint32_t flags)
{
	static const char *const sync_types[] = {
		"AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC", "AT_STATX_DONT_SYNC",
		"AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC",
	};

	sb_add(sb, sync_types[(flags >> 13) & 3]);
	flags &= ~0x6000U;
	if (flags) {
		sb_addc(sb, '|');
		print_flags(sb, at_flags, flags, NULL);
	}
}

/*
 * struct statx without -v, as strace: stx_mask (32 bits at 0),
 * stx_attributes (64 at 8), stx_mode (16 at 28), stx_size (64 at 40).
 */
static void print_statx(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	unsigned char stx[48];

	if (!addr || dec->terse || read_exact(dec, addr, stx, sizeof(stx)) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_add(sb, "{stx_mask=");
	print_flags(sb, statx_masks, get_u32(stx), NULL);
	sb_add(sb, ", stx_attributes=");
	print_flags(sb, statx_attrs, get_u64(stx + 8), NULL);
	sb_add(sb, ", stx_mode=");
	print_stat_mode(sb, (uint16_t)get_u32(stx + 28));
	sb_addf(sb, ", stx_size=%llu, ...}", (unsigned long long)get_u64(stx + 40));
}

/* The file systems a test machine meets, by the names strace gives them. */
static const struct flag_name fs_magics[] = {
	{ 0xef53, "EXT2_SUPER_MAGIC" }, { 0x01021994, "TMPFS_MAGIC" },
	{ 0x01021997, "V9FS_MAGIC" }, { 0x9fa0, "PROC_SUPER_MAGIC" },
	{ 0x62656572, "SYSFS_MAGIC" }, { 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
	{ 0x9123683e, "BTRFS_SUPER_MAGIC" }, { 0x58465342, "XFS_SUPER_MAGIC" },
	{ 0x63677270, "CGROUP2_SUPER_MAGIC" }, { 0x1cd1, "DEVPTS_SUPER_MAGIC" },
	{ 0x858458f6, "RAMFS_MAGIC" }, { 0x6969, "NFS_SUPER_MAGIC" },
	{ 0x73717368, "SQUASHFS_MAGIC" }, { 0x4d44, "MSDOS_SUPER_MAGIC" },
	{ 0x65735546, "FUSE_SUPER_MAGIC" }, { 0x27e0eb, "CGROUP_SUPER_MAGIC" },
	{ 0x50495045, "PIPEFS_MAGIC" }, { 0x534f434b, "SOCKFS_MAGIC" },
	{ 0, NULL }
};

static const struct flag_name statfs_flags[] = {
	{ 0x1, "ST_RDONLY" }, { 0x2, "ST_NOSUID" }, { 0x4, "ST_NODEV" }, { 0x8, "ST_NOEXEC" },
	{ 0x10, "ST_SYNCHRONOUS" }, { 0x20, "ST_VALID" }, { 0x40, "ST_MANDLOCK" },
	{ 0x400, "ST_NOATIME" }, { 0x800, "ST_NODIRATIME" }, { 0x1000, "ST_RELATIME" },
	{ 0x2000, "ST_NOSYMFOLLOW" },
	{ 0, NULL }
};

/*
 * x86_64's struct statfs: eight-byte f_type, f_bsize, f_blocks, f_bfree,
 * f_bavail, f_files, f_ffree, then f_fsid (two ints) at 56, f_namelen,
 * f_frsize, f_flags. i386's is not decoded.
 */
static void print_statfs(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr)
{
	static const char *const names[] = {
		"f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
	};
	unsigned char st[88];
	const char *type;

	if (!addr || dec->terse || is_i386(dec) || read_exact(dec, addr, st, sizeof(st)) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	type = lookup_name(fs_magics, get_u64(st));
	if (type)
		sb_addf(sb, "{f_type=%s", type);
	else
		sb_addf(sb, "{f_type=%#llx", (unsigned long long)get_u64(st));
	for (size_t i = 0; i < 6; i++)
		sb_addf(sb, ", %s=%llu", names[i], (unsigned long long)get_u64(st + 8 + 8 * i));
	sb_add(sb, ", f_fsid={val=[");
	for (size_t i = 0; i < 2; i++) {
		uint32_t v = get_u32(st + 56 + 4 * i);

		sb_addf(sb, v ? "%s%#x" : "%s%u", i ? ", " : "", v);
	}
	sb_addf(sb, "]}, f_namelen=%llu, f_frsize=%llu, f_flags=",
		(unsigned long long)get_u64(st + 64), (unsigned long long)get_u64(st + 72));
	print_flags(sb, statfs_flags, get_u64(st + 80), NULL);
	sb_addc(sb, '}');
}

static const struct flag_name poll_events[] = {
	{ 0x1, "POLLIN" }, { 0x2, "POLLPRI" }, { 0x4, "POLLOUT" }, { 0x8, "POLLERR" },
	{ 0x10, "POLLHUP" }, { 0x20, "POLLNVAL" }, { 0x40, "POLLRDNORM" },
	{ 0x80, "POLLRDBAND" }, { 0x100, "POLLWRNORM" }, { 0x200, "POLLWRBAND" },
	{ 0x400, "POLLMSG" }, { 0x2000, "POLLRDHUP" },
	{ 0, NULL }
};

/* The most pollfds shown, as strace: its string limit. */
static size_t pollfd_limit(const struct udb_decoder *dec)
{
	return string_limit(dec);
}

/*
 * poll's array: each {fd, events} as the call took it, or with @revents
 * the {fd, revents} of those the call marked ready. Returns -1 when the
 * array cannot be read.
 */
static int print_pollfds(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			 uint64_t count, int revents)
{
	int first = 1;
	size_t shown = 0;

	if (count > 1024 * 1024)
		return -1;
	sb_addc(sb, '[');
	for (uint64_t i = 0; i < count; i++) {
		struct { int32_t fd; uint16_t events, revents; } p;

		if (read_exact(dec, addr + i * sizeof(p), &p, sizeof(p)) < 0)
			return -1;
		if (revents && !p.revents)
			continue;
		if (shown++ == pollfd_limit(dec)) {
			sb_add(sb, ", ...");
			break;
		}
		sb_addf(sb, "%s{fd=%d, %s=", first ? "" : ", ", p.fd,
			revents ? "revents" : "events");
		print_flags(sb, poll_events, revents ? p.revents : p.events, NULL);
		sb_addc(sb, '}');
		first = 0;
	}
	sb_addc(sb, ']');
	return 0;
}

/* strace's msg_flags, in their bits' order. */
static const struct flag_name msg_flags[] = {
	{ 0x1, "MSG_OOB" }, { 0x2, "MSG_PEEK" }, { 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" }, { 0x10, "MSG_PROBE" }, { 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" }, { 0x80, "MSG_EOR" }, { 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" }, { 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" }, { 0x2000, "MSG_ERRQUEUE" }, { 0x4000, "MSG_NOSIGNAL" },
	{ 0x8000, "MSG_MORE" }, { 0x10000, "MSG_WAITFORONE" },
	{ 0x20000, "MSG_SENDPAGE_NOTLAST" }, { 0x40000, "MSG_BATCH" },
	{ 0x80000, "MSG_NO_SHARED_FRAGS" }, { 0x4000000, "MSG_ZEROCOPY" },
	{ 0x20000000, "MSG_FASTOPEN" }, { 0x40000000, "MSG_CMSG_CLOEXEC" },
	{ 0x80000000, "MSG_CMSG_COMPAT" },
	{ 0, NULL }
};

static const struct flag_name sol_levels[] = {
	{ 0, "SOL_IP" }, { 1, "SOL_SOCKET" }, { 6, "SOL_TCP" }, { 17, "SOL_UDP" },
	{ 41, "SOL_IPV6" }, { 58, "SOL_ICMPV6" }, { 255, "SOL_RAW" }, { 263, "SOL_PACKET" },
	{ 270, "SOL_NETLINK" }, { 282, "SOL_TLS" },
	{ 0, NULL }
};

/* The SOL_SOCKET control message types strace 6.1 names. */
static const struct flag_name scm_types[] = {
	{ 1, "SCM_RIGHTS" }, { 2, "SCM_CREDENTIALS" }, { 3, "SCM_SECURITY" },
	{ 29, "SO_TIMESTAMP_OLD" }, { 35, "SO_TIMESTAMPNS_OLD" }, { 37, "SO_TIMESTAMPING_OLD" },
	{ 41, "SO_WIFI_STATUS" }, { 0x36, "SCM_TIMESTAMPING_OPT_STATS" },
	{ 0x3a, "SCM_TIMESTAMPING_PKTINFO" }, { 61, "SO_TXTIME" }, { 63, "SO_TIMESTAMP_NEW" },
	{ 64, "SO_TIMESTAMPNS_NEW" }, { 65, "SO_TIMESTAMPING_NEW" },
	{ 0, NULL }
};

static const struct flag_name ip_cmsg_types[] = {
	{ 1, "IP_TOS" }, { 2, "IP_TTL" }, { 3, "IP_HDRINCL" }, { 4, "IP_OPTIONS" },
	{ 6, "IP_RECVOPTS" }, { 7, "IP_RETOPTS" }, { 8, "IP_PKTINFO" }, { 11, "IP_RECVERR" },
	{ 19, "IP_CHECKSUM" }, { 20, "IP_ORIGDSTADDR" },
	{ 0, NULL }
};

/* A value by name, else as strace's printxval: "0x4d /\* SCM_??? *\/". */
static void print_xval(struct strbuf *sb, const struct flag_name *names, uint64_t v,
		       const char *unknown)
{
	const char *name = lookup_name(names, v);

	if (name)
		sb_add(sb, name);
	else
		sb_addf(sb, "%#llx /* %s */", (unsigned long long)v, unknown);
}

/* The most control bytes read, as the kernel's default optmem_max (20 KiB). */
#define CONTROL_LIMIT 20480

/*
 * A control message's type and, for the types strace decodes, its data
 * of @len bytes: SCM_RIGHTS' descriptors, SCM_CREDENTIALS' {pid, uid,
 * gid}, SCM_SECURITY's string, IP_PKTINFO's struct in_pktinfo, IP_TTL's
 * and IP_TOS's values.
 */
static void print_cmsg_data(struct strbuf *sb, const struct udb_decoder *dec, int level,
			    int type, const unsigned char *data, size_t len)
{
	size_t limit = string_limit(dec);

	if (level == 1) {
		print_xval(sb, scm_types, (uint32_t)type, "SCM_???");
		if (type == 1 && len >= 4) {
			sb_add(sb, ", cmsg_data=[");
			for (size_t i = 0; i < len / 4; i++) {
				if (i == limit) {
					sb_add(sb, ", ...");
					break;
				}
				if (i)
					sb_add(sb, ", ");
				print_fd(sb, dec, get_u32(data + 4 * i));
			}
			sb_addc(sb, ']');
		} else if (type == 2 && len >= 12) {
			sb_addf(sb, ", cmsg_data={pid=%d, uid=%u, gid=%u}", (int)get_u32(data),
				get_u32(data + 4), get_u32(data + 8));
		} else if (type == 3 && len >= 1) {
			sb_add(sb, ", cmsg_data=");
			udb_quote_string(sb, data, len, limit, udb_quote_mode(dec->hex_strings));
		}
	} else if (level == 0) {
		print_xval(sb, ip_cmsg_types, (uint32_t)type, "IP_???");
		if (type == 8 && len >= 12) {
			/* struct in_pktinfo: the interface by name, as udb's machine names it. */
			char ifname[IF_NAMESIZE];
			unsigned int index = get_u32(data);

			sb_add(sb, ", cmsg_data={ipi_ifindex=");
			if (if_indextoname(index, ifname))
				sb_addf(sb, "if_nametoindex(\"%s\")", ifname);
			else
				sb_addf(sb, "%u", index);
			sb_addf(sb, ", ipi_spec_dst=inet_addr(\"%u.%u.%u.%u\"), "
				"ipi_addr=inet_addr(\"%u.%u.%u.%u\")}", data[4], data[5], data[6],
				data[7], data[8], data[9], data[10], data[11]);
		} else if ((type == 2 && len >= 4) || (type == 1 && len >= 1)) {
			size_t size = type == 2 ? 4 : 1;

			sb_add(sb, ", cmsg_data=[");
			for (size_t i = 0; i < len / size; i++) {
				if (i == limit) {
					sb_add(sb, ", ...");
					break;
				}
				if (size == 4)
					sb_addf(sb, "%s%u", i ? ", " : "", get_u32(data + 4 * i));
				else
					sb_addf(sb, "%s%#x", i ? ", " : "", data[i]);
			}
			sb_addc(sb, ']');
		}
	} else {
		sb_addf(sb, "%#x", (uint32_t)type);
	}
}

/*
 * msg_control's @len bytes at @addr as strace walks them: a struct
 * cmsghdr (cmsg_len a word of the ABI, then level and type) each, its
 * data after, the next at cmsg_len rounded up to a word; a header that
 * does not fit ends the walk, the bytes left shown as "..." and their
 * address.
 */
static void print_msg_control(struct strbuf *sb, const struct udb_decoder *dec,
			      uint64_t addr, uint64_t len)
{
	size_t w = abi_ptr_size(dec), hdr = w + 8;
	size_t control = len > CONTROL_LIMIT ? CONTROL_LIMIT : (size_t)len;
	size_t left = control, off = 0;
	unsigned char *buf;

	sb_add(sb, ", msg_control=");
	buf = control < hdr ? NULL : malloc(control);
	if (!buf || read_exact(dec, addr, buf, control) < 0) {
		print_ptr(sb, dec, addr);
		free(buf);
		return;
	}
	sb_addc(sb, '[');
	while (left >= hdr) {
		uint64_t cmsg_len = w == 4 ? get_u32(buf + off) : get_u64(buf + off);
		uint64_t in = cmsg_len > left ? left : cmsg_len;

		sb_addf(sb, "%s{cmsg_len=%llu, cmsg_level=", off ? ", " : "",
			(unsigned long long)cmsg_len);
		print_xval(sb, sol_levels, get_u32(buf + off + w), "SOL_???");
		sb_add(sb, ", cmsg_type=");
		print_cmsg_data(sb, dec, (int)get_u32(buf + off + w), (int)get_u32(buf + off + w + 4),
				buf + off + hdr, in > hdr ? (size_t)in - hdr : 0);
		sb_addc(sb, '}');
		if (in < hdr) {
			left -= hdr;
			break;
		}
		in = (cmsg_len + w - 1) & ~(uint64_t)(w - 1);
		if (in >= left) {
			left = 0;
			break;
		}
		off += (size_t)in;
		left -= (size_t)in;
	}
	if (left)
		sb_addf(sb, ", ... /* %#llx */", (unsigned long long)(addr + control - left));
	else if (control < len)
		sb_add(sb, ", ...");
	sb_addc(sb, ']');
	free(buf);
}

/* A struct msghdr's fields, read in the layout of the ABI. */
struct msghdr_fields {
	uint64_t name, iov, iovlen, control, controllen;
	int32_t namelen;
	uint32_t flags;
};

/*
 * x86_64: msg_name 0, msg_namelen 8, msg_iov 16, msg_iovlen 24,
 * msg_control 32, msg_controllen 40, msg_flags 48 (56 bytes, 64 in a
 * struct mmsghdr with msg_len at 56); i386: a 4-byte field each (28
 * bytes, 32 with msg_len at 28).
 */
static int read_msghdr(const struct udb_decoder *dec, uint64_t addr, struct msghdr_fields *m)
{
	unsigned char b[56];
	size_t w = abi_ptr_size(dec);

	if (read_exact(dec, addr, b, 7 * w) < 0)
		return -EFAULT;
	if (w == 4) {
		*m = (struct msghdr_fields){
			.name = get_u32(b), .namelen = (int32_t)get_u32(b + 4),
			.iov = get_u32(b + 8), .iovlen = get_u32(b + 12),
			.control = get_u32(b + 16), .controllen = get_u32(b + 20),
			.flags = get_u32(b + 24),
		};
	} else {
		*m = (struct msghdr_fields){
			.name = get_u64(b), .namelen = (int32_t)get_u32(b + 8),
			.iov = get_u64(b + 16), .iovlen = get_u64(b + 24),
			.control = get_u64(b + 32), .controllen = get_u64(b + 40),
			.flags = get_u32(b + 48),
		};
	}
	return 0;
}

/*
 * {msg_name=, msg_namelen=, msg_iov=, msg_iovlen=, [msg_control=,]
 * msg_controllen=, msg_flags=}: @total bytes of data shown in the iovecs
 * (a received message's), or all (-1) of a sent one, each up to -s.
 */
static void print_msghdr_fields(struct strbuf *sb, const struct udb_decoder *dec,
				const struct msghdr_fields *m, int64_t total, const int32_t *user_namelen)
{
	/* The sockaddr as long as the call said, within what the caller gave. */
	int32_t len = user_namelen && m->namelen > *user_namelen ? *user_namelen : m->namelen;

	sb_add(sb, "{msg_name=");
	print_sockaddr(sb, dec, m->name, len < 0 ? 0 : len > 128 ? 128 : (uint64_t)len);
	sb_add(sb, ", msg_namelen=");
	if (user_namelen && *user_namelen != m->namelen)
		sb_addf(sb, "%d => ", *user_namelen);
	sb_addf(sb, "%d, msg_iov=", m->namelen);
	print_iovec(sb, dec, m->iov, m->iovlen, total < 0 ? INT64_MAX : total);
	sb_addf(sb, ", msg_iovlen=%llu", (unsigned long long)m->iovlen);
	if (m->controllen)
		print_msg_control(sb, dec, m->control, m->controllen);
	sb_addf(sb, ", msg_controllen=%llu, msg_flags=", (unsigned long long)m->controllen);
	print_flags(sb, msg_flags, m->flags, NULL);
	sb_addc(sb, '}');
}

/*
 * sendmsg's and recvmsg's struct msghdr; a recvmsg that failed shows
 * only msg_namelen, as strace does. @entry: recvmsg's msg_namelen at
 * entry, or NULL.
 */
static void print_msghdr(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			 int64_t total, int failed, const struct udb_entry_mem *entry)
{
	const int32_t *user_namelen = entry && entry->namelens ? entry->namelen : NULL;
	struct msghdr_fields m;

	if (!addr || read_msghdr(dec, addr, &m) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	if (failed)
		sb_addf(sb, "{msg_namelen=%d}", user_namelen ? *user_namelen : m.namelen);
	else
		print_msghdr_fields(sb, dec, &m, total, user_namelen);
}

/* The kernel's UIO_MAXIOV: no call takes more buffers, nor more messages. */
#define IOV_MAX_DUMPED 1024

/*
 * sendmmsg's and recvmmsg's array of @count struct mmsghdr, as strace:
 * each {msg_hdr={...}, msg_len=N}, msg_len for the first @with_len (the
 * messages the call moved); a received message's data up to its msg_len
 * (@received), a sent one's whole. The first -s messages, then "...".
 */
static void print_mmsghdrs(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			   uint64_t count, uint64_t with_len, int received,
			   const struct udb_entry_mem *entry)
{
	size_t w = abi_ptr_size(dec), size = 8 * w;
	size_t limit = string_limit(dec);

	struct msghdr_fields m;

	if (count > IOV_MAX_DUMPED)
		count = IOV_MAX_DUMPED;
	/* An array whose first message cannot be read is shown as its address. */
	if (count && read_msghdr(dec, addr, &m) < 0) {
		print_ptr(sb, dec, addr);
		return;
	}
	sb_addc(sb, '[');
	for (uint64_t i = 0; i < count; i++) {
		uint32_t len;

		if (i == limit) {
			sb_add(sb, ", ...");
			break;
		}
		if (read_msghdr(dec, addr + i * size, &m) < 0 ||
		    read_exact(dec, addr + i * size + 7 * w, &len, sizeof(len)) < 0) {
			sb_addf(sb, ", ... /* %#llx */", (unsigned long long)(addr + i * size));
			break;
		}
		sb_add(sb, i ? ", {msg_hdr=" : "{msg_hdr=");
		print_msghdr_fields(sb, dec, &m, received ? (int64_t)len : -1,
				    entry && i < entry->namelens ? &entry->namelen[i] : NULL);
		if (i < with_len)
			sb_addf(sb, ", msg_len=%u", len);
		sb_addc(sb, '}');
	}
	sb_addc(sb, ']');
}

/* Arguments the kernel fills in: decoded at exit, and only on success. */
static int arg_is_output(enum arg_type t)
{
	switch (t) {
	case A_BUF_OUT: case A_HEXBUF_OUT: case A_STR_OUT: case A_SIGSET_OUT:
	case A_STAT_OUT: case A_STAT64_OUT: case A_TIMESPEC_OUT: case A_RLIMIT64_OUT:
	case A_RLIMIT_OUT: case A_PIPEFDS_OUT: case A_WAIT_STATUS_OUT: case A_IOVEC_OUT:
	case A_UTSNAME_OUT: case A_CLONE: case A_SIGACTION_OUT: case A_TIMEVAL_OUT:
	case A_TIMEZONE_OUT: case A_SYSINFO_OUT: case A_DIRENTS_OUT: case A_DIRENTS64_OUT:
	case A_SOCKADDR_OUT: case A_CPUSET_OUT: case A_STACK_OUT: case A_STATX_OUT:
	case A_STATFS_OUT: case A_MSGHDR_OUT: case A_MMSGHDR_IN: case A_MMSGHDR_OUT:
		return 1;
	default:
		return 0;
	}
}

/* Arguments -e verbose= shows as addresses outside its set: what lies behind a pointer. */
static int arg_is_pointed_to(enum arg_type t)
{
	switch (t) {
	case A_SIGSET_IN: case A_SIGSET_OUT: case A_STAT_OUT: case A_STAT64_OUT:
	case A_TIMESPEC_IN: case A_TIMESPEC_OUT: case A_ARGV: case A_ENVP:
	case A_RLIMIT64_IN: case A_RLIMIT64_OUT: case A_RLIMIT_OUT: case A_PIPEFDS_OUT:
	case A_WAIT_STATUS_OUT: case A_SOCKADDR_IN: case A_IOVEC_IN: case A_IOVEC_OUT:
	case A_UTSNAME_OUT: case A_SIGACTION_IN: case A_SIGACTION_OUT:
	case A_TIMEVAL_IN: case A_TIMEVAL_OUT: case A_TIMEZONE_IN: case A_TIMEZONE_OUT:
	case A_SYSINFO_OUT: case A_SOCKADDR_OUT: case A_SOCKLEN: case A_CPUSET_OUT:
	case A_STACK_IN: case A_STACK_OUT: case A_STATX_OUT: case A_STATFS_OUT:
	case A_POLLFDS: case A_DIRENTS_OUT: case A_DIRENTS64_OUT: case A_MSGHDR_IN:
	case A_MSGHDR_OUT: case A_MMSGHDR_IN: case A_MMSGHDR_OUT:
		return 1;
	default:
		return 0;
	}
}

static int syscall_failed(const struct udb_syscall *sc)
{
	return sc->ret < 0 && sc->ret >= -4095;
}

/* Prints one argument; returns 0 when it prints nothing (open's absent mode). */
static int print_arg(struct strbuf *sb, const struct udb_decoder *dec,
		     const struct udb_syscall *sc, struct arg_desc a, unsigned int i)
{
	uint64_t v = sc->args[i];
	uint64_t aux = sc->args[a.aux];
	int failed = syscall_failed(sc);

	/* What clone, recvmsg and sendmmsg show of a failed call is their own. */
	if ((arg_is_output(a.type) && failed && a.type != A_CLONE && a.type != A_MSGHDR_OUT &&
	     a.type != A_MMSGHDR_IN) ||
	    (dec->terse && arg_is_pointed_to(a.type))) {
		print_ptr(sb, dec, v);
		return 1;
	}
	switch ((enum arg_type)a.type) {
	case A_NONE:
		return 0;
	case A_INT:
		sb_addf(sb, "%d", (int)v);
		break;
	case A_UINT:
		sb_addf(sb, "%u", (unsigned int)v);
		break;
	case A_LONG:
		sb_addf(sb, "%lld", (long long)abi_long(dec, v));
		break;
	case A_ULONG:
		sb_addf(sb, "%llu", (unsigned long long)abi_ulong(dec, v));
		break;
	case A_HEX:
		sb_addf(sb, "%#llx", (unsigned long long)abi_ulong(dec, v));
		break;
	case A_PTR:
		print_ptr(sb, dec, v);
		break;
	case A_FD:
		print_fd(sb, dec, v);
		break;
	case A_DIRFD:
		if ((int)v == -100) {
			sb_add(sb, "AT_FDCWD");
			/* -y: the working directory. */
			if (dec->fd_info)
				dec->fd_info(dec->fd_opaque, -100, sb);
		} else
			print_fd(sb, dec, v);
		break;
	case A_PATH:
		print_cstring(sb, dec, abi_ulong(dec, v), 1);
		break;
	case A_STR:
		print_cstring(sb, dec, abi_ulong(dec, v), 0);
		break;
	case A_BUF_IN:
		print_buffer(sb, dec, abi_ulong(dec, v), abi_ulong(dec, aux), 0);
		break;
	case A_BUF_OUT:
		print_buffer(sb, dec, abi_ulong(dec, v), (uint64_t)sc->ret, 0);
		break;
	case A_HEXBUF_OUT:
		print_buffer(sb, dec, abi_ulong(dec, v), (uint64_t)sc->ret, 1);
		break;
	case A_STR_OUT:
		print_cstring(sb, dec, abi_ulong(dec, v), 1);
		break;
	case A_OPEN_FLAGS:
		print_open_flags(sb, v);
		break;
	case A_FD_FLAGS:
		print_flags(sb, open_flags, (uint32_t)v, NULL);
		break;
	case A_OPEN_MODE:
		/* O_CREAT, or O_TMPFILE's __O_TMPFILE bit. */
		if (!(aux & 0100) && !(aux & 020000000))
			return 0;
		print_mode(sb, v);
		break;
	case A_MODE:
		print_mode(sb, v);
		break;
	case A_UMASK:
		sb_addf(sb, "%03llo", (unsigned long long)(v & 0777));
		break;
	case A_PROT:
		print_flags(sb, prot_flags, (uint32_t)v, "PROT_NONE");
		break;
	case A_MMAP_FLAGS:
		print_mmap_flags(sb, v);
		break;
	case A_MMAP_PGOFF:
		sb_addf(sb, "%#llx", (unsigned long long)(abi_ulong(dec, v) << 12));
		break;
	case A_ACCESS_MODE:
		if (!(v & 7)) {
			sb_add(sb, "F_OK");
		} else {
			const char *sep = "";

			if (v & 4) {
				sb_add(sb, "R_OK");
				sep = "|";
			}
			if (v & 2) {
				sb_addf(sb, "%sW_OK", sep);
				sep = "|";
			}
			if (v & 1)
				sb_addf(sb, "%sX_OK", sep);
		}
		if ((uint32_t)v & ~7U)
			sb_addf(sb, "|%#x", (uint32_t)v & ~7U);
		break;
	case A_AT_FLAGS:
		print_flags(sb, at_flags, (uint32_t)v, NULL);
		break;
	case A_UNLINKAT_FLAGS:
		print_flags(sb, at_flags, (uint32_t)v, NULL);
		break;
	case A_SIGNAL:
		print_signal(sb, (uint32_t)v);
		break;
	case A_SIGPROCMASK_HOW:
		print_enum(sb, sigprocmask_hows, (uint32_t)v);
		break;
	case A_SIGSET_IN:
	case A_SIGSET_OUT:
		print_sigset_at(sb, dec, abi_ulong(dec, v));
		break;
	case A_STAT_OUT:
		print_stat(sb, dec, abi_ulong(dec, v), 0);
		break;
	case A_STAT64_OUT:
		print_stat(sb, dec, abi_ulong(dec, v), 1);
		break;
	case A_TIMESPEC_IN:
	case A_TIMESPEC_OUT:
		print_timespec(sb, dec, abi_ulong(dec, v));
		break;
	case A_ARGV:
		print_string_array(sb, dec, abi_ulong(dec, v), 0);
		break;
	case A_ENVP:
		print_string_array(sb, dec, abi_ulong(dec, v), 1);
		break;
	case A_WHENCE:
		print_enum(sb, whence_names, (uint32_t)v);
		break;
	case A_MADV_ADVICE:
		print_enum(sb, madvise_names, (uint32_t)v);
		break;
	case A_FADV_ADVICE:
		print_enum(sb, fadvise_names, (uint32_t)v);
		break;
	case A_ARCH_PRCTL: {
		const char *name = lookup_name(arch_prctl_codes, (uint32_t)v);

		if (name)
			sb_add(sb, name);
		else
			sb_addf(sb, "%#x /* ARCH_??? */", (uint32_t)v);
		break;
	}
	case A_RLIMIT_RESOURCE:
		print_enum(sb, rlimit_names, (uint32_t)v);
		break;
	case A_RLIMIT64_IN:
	case A_RLIMIT64_OUT:
		print_rlimit(sb, dec, abi_ulong(dec, v), 1);
		break;
	case A_RLIMIT_OUT:
		print_rlimit(sb, dec, abi_ulong(dec, v), 0);
		break;
	case A_PIPEFDS_OUT:
		print_pipefds(sb, dec, abi_ulong(dec, v));
		break;
	case A_WAIT_STATUS_OUT: {
		int status;

		if (!v)
			sb_add(sb, "NULL");
		else if (sc->ret == 0 || read_exact(dec, abi_ulong(dec, v), &status,
						     sizeof(status)) < 0)
			print_ptr(sb, dec, v);
		else
			print_wait_status(sb, status);
		break;
	}
	case A_WAIT_OPTIONS:
		print_flags(sb, wait_options, (uint32_t)v, NULL);
		break;
	case A_GRND_FLAGS:
		print_flags(sb, grnd_flags, (uint32_t)v, NULL);
		break;
	case A_CLOCKID:
		print_enum(sb, clock_names, (uint32_t)v);
		break;
	case A_TIMER_FLAGS:
		print_flags(sb, timer_flags, (uint32_t)v, NULL);
		break;
	case A_FCNTL_CMD:
		print_fcntl(sb, dec, sc);
		break;
	case A_FUTEX_OP:
		print_futex(sb, dec, sc);
		break;
	case A_CLONE:
		print_clone(sb, dec, sc);
		break;
	case A_SOCK_DOMAIN:
		print_enum(sb, sock_domains, (uint32_t)v);
		break;
	case A_SOCK_TYPE:
		print_enum(sb, sock_types, (uint32_t)v & 0xf);
		if ((uint32_t)v & ~0xfU) {
			sb_addc(sb, '|');
			print_flags(sb, sock_type_flags, (uint32_t)v & ~0xfU, NULL);
		}
		break;
	case A_SOCKADDR_IN:
		print_sockaddr(sb, dec, abi_ulong(dec, v), (uint32_t)aux);
		break;
	case A_IOVEC_IN:
		print_iovec(sb, dec, abi_ulong(dec, v), abi_ulong(dec, aux), INT64_MAX);
		break;
	case A_IOVEC_OUT:
		print_iovec(sb, dec, abi_ulong(dec, v), abi_ulong(dec, aux), sc->ret);
		break;
	case A_UTSNAME_OUT:
		print_utsname(sb, dec, abi_ulong(dec, v));
		break;
	case A_SIGACTION_IN:
	case A_SIGACTION_OUT:
		print_sigaction(sb, dec, abi_ulong(dec, v));
		break;
	case A_TIMEVAL_IN:
	case A_TIMEVAL_OUT:
		print_timeval(sb, dec, abi_ulong(dec, v));
		break;
	case A_TIMEZONE_IN:
	case A_TIMEZONE_OUT:
		print_timezone(sb, dec, abi_ulong(dec, v));
		break;
	case A_SYSINFO_OUT:
		print_sysinfo(sb, dec, abi_ulong(dec, v));
		break;
	case A_DIRENTS_OUT:
	case A_DIRENTS64_OUT:
		print_dirents(sb, dec, abi_ulong(dec, v), abi_long(dec, (uint64_t)sc->ret),
			      a.type == A_DIRENTS64_OUT);
		break;
	case A_SOCKADDR_OUT: {
		uint32_t len;

		if (read_exact(dec, abi_ulong(dec, aux), &len, sizeof(len)) < 0)
			print_ptr(sb, dec, v);
		else
			print_sockaddr(sb, dec, abi_ulong(dec, v), len < 128 ? len : 128);
		break;
	}
	case A_SOCKLEN:
		print_socklen(sb, dec, abi_ulong(dec, v));
		break;
	case A_CPUSET_OUT:
		print_cpuset(sb, dec, abi_ulong(dec, v), abi_long(dec, (uint64_t)sc->ret));
		break;
	case A_STACK_IN:
	case A_STACK_OUT:
		print_stack(sb, dec, abi_ulong(dec, v));
		break;
	case A_SOCK_FLAGS:
		print_flags(sb, sock_type_flags, (uint32_t)v, NULL);
		break;
	case A_EPOLL_FLAGS:
		print_flags(sb, epoll_flags, (uint32_t)v, NULL);
		break;
	case A_STATX_FLAGS:
		print_statx_flags(sb, (uint32_t)v);
		break;
	case A_STATX_MASK:
		print_flags(sb, statx_masks, (uint32_t)v, NULL);
		break;
	case A_STATX_OUT:
		print_statx(sb, dec, abi_ulong(dec, v));
		break;
	case A_STATFS_OUT:
		print_statfs(sb, dec, abi_ulong(dec, v));
		break;
	case A_POLLFDS: {
		struct strbuf fds = STRBUF_INIT;

		if (print_pollfds(&fds, dec, abi_ulong(dec, v), (uint32_t)aux, 0) < 0)
			print_ptr(sb, dec, v);
		else
			sb_add(sb, sb_str(&fds));
		sb_free(&fds);
		break;
	}
	case A_IOCTL_ARG:
		/* FICLONE's source descriptor. */
		if ((uint32_t)aux == 0x40049409)
			print_fd(sb, dec, (uint32_t)v);
		else
			print_ptr(sb, dec, v);
		break;
	case A_MSG_FLAGS:
		print_flags(sb, msg_flags, (uint32_t)v, NULL);
		break;
	case A_MSGHDR_IN:
		print_msghdr(sb, dec, abi_ulong(dec, v), -1, 0, NULL);
		break;
	case A_MSGHDR_OUT:
		print_msghdr(sb, dec, abi_ulong(dec, v), abi_long(dec, (uint64_t)sc->ret), failed,
			     sc->entry);
		break;
	case A_MMSGHDR_IN:
		print_mmsghdrs(sb, dec, abi_ulong(dec, v), (uint32_t)aux,
			       failed ? 0 : (uint64_t)abi_long(dec, (uint64_t)sc->ret), 0, NULL);
		break;
	case A_MMSGHDR_OUT: {
		uint64_t n = (uint64_t)abi_long(dec, (uint64_t)sc->ret);

		print_mmsghdrs(sb, dec, abi_ulong(dec, v), n, n, 1, sc->entry);
		break;
	}
	case A_MMSG_TIMEOUT:
		/* The call wrote the time left there: what it was given was read at entry. */
		if (sc->entry && sc->entry->have_timeout)
			sb_add(sb, sc->entry->timeout);
		else
			print_ptr(sb, dec, v);
		break;
	case A_IOCTL_REQ: {
		const char *name = lookup_name(ioctl_requests, (uint32_t)v);

		if (name)
			sb_add(sb, name);
		else
			sb_addf(sb, "%#x", (uint32_t)v);
		break;
	}
	}
	return 1;
}

/* The index of the first argument decoded at exit (nargs when none is). */
static unsigned int first_exit_arg(const struct syscall_sig *sig)
{
	unsigned int i;

	for (i = 0; i < sig->nargs; i++)
		if (arg_is_output(sig->args[i].type))
			break;
	return i;
}

/*
 * A signature with more register arguments than the call takes is another
 * ABI's call of that name (i386's one-argument old mmap).
 */
static int signature_fits(const struct syscall_sig *sig, enum udb_abi abi, long nr)
{
	return sig->nargs <= udb_syscall_arity(abi, nr);
}

/* The signature of syscall @nr of @abi when it fits the call, else NULL. */
static const struct syscall_sig *sc_sig(enum udb_abi abi, long nr)
{
	const struct syscall_sig *sig = syscall_info(abi, nr)->sig;

	return sig && signature_fits(sig, abi, nr) ? sig : NULL;
}

static const struct syscall_sig *lookup(const struct udb_decoder *dec,
					const struct udb_syscall *sc, const char **name)
{
	*name = udb_syscall_name(dec->abi, sc->nr);
	return sc_sig(dec->abi, sc->nr);
}

/* Argument types shown from their register value alone. */
static int arg_is_scalar(unsigned int type)
{
	switch (type) {
	case A_INT: case A_UINT: case A_LONG: case A_ULONG: case A_HEX: case A_PTR:
	case A_FD: case A_DIRFD: case A_OPEN_FLAGS: case A_FD_FLAGS: case A_OPEN_MODE:
	case A_MODE: case A_PROT: case A_MMAP_FLAGS: case A_MMAP_PGOFF:
	case A_ACCESS_MODE: case A_AT_FLAGS: case A_SIGNAL: case A_SIGPROCMASK_HOW:
	case A_WHENCE: case A_ARCH_PRCTL: case A_RLIMIT_RESOURCE: case A_WAIT_OPTIONS:
	case A_GRND_FLAGS: case A_CLOCKID: case A_TIMER_FLAGS: case A_SOCK_DOMAIN:
	case A_SOCK_TYPE: case A_UMASK: case A_UNLINKAT_FLAGS: case A_IOCTL_REQ:
	case A_MADV_ADVICE: case A_FADV_ADVICE: case A_EPOLL_FLAGS: case A_STATX_FLAGS:
	case A_STATX_MASK: case A_SOCK_FLAGS: case A_IOCTL_ARG: case A_MSG_FLAGS:
	case A_FCNTL_CMD:
		return 1;
	}
	/* Anything else reads memory, including types added later. */
	return 0;
}

int udb_decode_reads_memory(enum udb_abi abi, long nr)
{
	const struct syscall_sig *sig = sc_sig(abi, nr);

	if (!sig)
		return 0;
	for (unsigned int i = 0; i < sig->nargs; i++)
		if (!arg_is_scalar(sig->args[i].type))
			return 1;
	return 0;
}

/* The capture of one argument; 1, 0 for none needed, -1 when it cannot be. */
static int arg_capture(enum udb_abi abi, struct arg_desc a, unsigned int i,
		       size_t limit, struct udb_capture *c)
{
	int i386 = abi == UDB_ABI_I386;
	uint32_t word = i386 ? 4 : 8;

	if (arg_is_scalar(a.type))
		return 0;
	memset(c, 0, sizeof(*c));
	c->kind = UDB_CAPTURE_MEMORY;
	c->arg = (uint8_t)i;
	if (limit > 4096)
		limit = 4096;
	switch (a.type) {
	/* Read at the entry, as the call starts. */
	case A_PATH:
		c->kind = UDB_CAPTURE_STRING;
		c->max = PATH_LIMIT;
		return 1;
	case A_STR:
		c->kind = UDB_CAPTURE_STRING;
		c->max = (uint32_t)limit;
		return 1;
	case A_BUF_IN:
		c->len_from = UDB_CAPTURE_FROM_ARG;
		c->len_arg = a.aux;
		c->max = (uint32_t)limit;
		return 1;
	case A_SOCKADDR_IN:
		c->len_from = UDB_CAPTURE_FROM_ARG;
		c->len_arg = a.aux;
		c->max = 128;
		return 1;
	case A_SIGSET_IN:
	case A_TIMEZONE_IN:
		c->max = 8;
		return 1;
	case A_TIMESPEC_IN:
	case A_TIMEVAL_IN:
		c->max = 2 * word;
		return 1;
	case A_RLIMIT64_IN:
		c->max = 16;
		return 1;
	case A_SIGACTION_IN:
		c->max = 3 * word + 8;
		return 1;
	case A_STACK_IN:
		c->max = 3 * word;
		return 1;
	case A_FUTEX_OP:
		/* The timeout of the waits (argument 3), read as the call starts. */
		c->arg = 3;
		c->max = 2 * word;
		return 1;
	}
	/* Filled in by the call: read as it returns. */
	c->exit = 1;
	switch (a.type) {
	case A_POLLFDS:
		/* The array as the call left it: events as given, revents filled in. */
		c->len_from = UDB_CAPTURE_FROM_ARG;
		c->len_arg = a.aux;
		c->elem = 8;
		c->max = POLLFDS_CAPTURE;
		return 1;
	case A_DIRENTS_OUT:
	case A_DIRENTS64_OUT:
		/* Counted whole: as much as glibc's readdir() ever asks for. */
		c->len_from = UDB_CAPTURE_FROM_RET;
		c->max = DIRENTS_CAPTURE;
		return 1;
	case A_CLONE:
		/* The tid CLONE_PARENT_SETTID has the call store (argument 2 in both ABIs). */
		c->arg = 2;
		c->max = 4;
		return 1;
	case A_BUF_OUT:
	case A_HEXBUF_OUT:
		c->len_from = UDB_CAPTURE_FROM_RET;
		c->max = (uint32_t)limit;
		return 1;
	case A_CPUSET_OUT:
		c->len_from = UDB_CAPTURE_FROM_RET;
		c->max = 1024;
		return 1;
	case A_STR_OUT:
		c->kind = UDB_CAPTURE_STRING;
		c->max = PATH_LIMIT;
		return 1;
	case A_SIGSET_OUT:
	case A_PIPEFDS_OUT:
	case A_TIMEZONE_OUT:
		c->max = 8;
		return 1;
	case A_WAIT_STATUS_OUT:
	case A_SOCKLEN:
		c->max = 4;
		return 1;
	case A_STAT_OUT:
		c->max = 144;
		return 1;
	case A_STAT64_OUT:
		c->max = 96;
		return 1;
	case A_TIMESPEC_OUT:
	case A_TIMEVAL_OUT:
		c->max = 2 * word;
		return 1;
	case A_RLIMIT64_OUT:
		c->max = 16;
		return 1;
	case A_RLIMIT_OUT:
		c->max = 2 * word;
		return 1;
	case A_UTSNAME_OUT:
		c->max = 6 * 65;
		return 1;
	case A_SIGACTION_OUT:
		c->max = 3 * word + 8;
		return 1;
	case A_SYSINFO_OUT:
		c->max = 14 * word;
		return 1;
	case A_STACK_OUT:
		c->max = 3 * word;
		return 1;
	case A_STATX_OUT:
		c->max = 48;
		return 1;
	case A_STATFS_OUT:
		if (i386)
			return 0;
		c->max = 88;
		return 1;
	case A_SOCKADDR_OUT:
		/* Its length is read through arg[aux]: taken by that one's capture. */
		c->max = 128;
		return 1;
	}
	return -1;
}

int udb_decode_captures(enum udb_abi abi, long nr, unsigned int string_limit,
			struct udb_capture *out)
{
	const struct syscall_sig *sig = sc_sig(abi, nr);
	size_t limit = string_limit ? string_limit : 32;
	int n = 0;

	if (!sig)
		return 0;
	for (unsigned int i = 0; i < sig->nargs; i++) {
		struct arg_desc a = sig->args[i];
		int got;

		if (n + 2 > UDB_CAPTURES_MAX)
			return -1;
		got = arg_capture(abi, a, i, limit, &out[n]);
		if (got < 0)
			return -1;
		n += got;
		/* The length a sockaddr was filled to. */
		if (a.type == A_SOCKADDR_OUT) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].exit = 1;
			out[n].kind = UDB_CAPTURE_MEMORY;
			out[n].arg = a.aux;
			out[n].max = 4;
			n++;
		}
	}
	return n;
}

/*
 * Arguments [from, to): each after the first printed one gets ", ".
 * @printed says whether the entry half already printed an argument.
 */
static void print_args(struct strbuf *sb, const struct udb_decoder *dec,
		       const struct udb_syscall *sc, const struct syscall_sig *sig,
		       unsigned int from, unsigned int to, int printed)
{
	for (unsigned int i = from; i < to; i++) {
		struct strbuf arg = STRBUF_INIT;

		if (!print_arg(&arg, dec, sc, sig->args[i], i)) {
			sb_free(&arg);
			continue;
		}
		if (printed)
			sb_add(sb, ", ");
		sb_add(sb, sb_str(&arg));
		sb_free(&arg);
		printed = 1;
	}
}

void udb_decode_entry(struct strbuf *sb, const struct udb_decoder *dec,
		      const struct udb_syscall *sc)
{
	const char *name;
	const struct syscall_sig *sig = lookup(dec, sc, &name);

	if (name) {
		sb_add(sb, name);
		sb_addc(sb, '(');
	} else {
		sb_addf(sb, "syscall_%#lx(", (unsigned long)sc->nr);
	}
	if (sig && dec->raw) {
		for (unsigned int i = 0; i < sig->nargs; i++)
			sb_addf(sb, "%s%#llx", i ? ", " : "",
				(unsigned long long)abi_ulong(dec, sc->args[i]));
	} else if (sig) {
		print_args(sb, dec, sc, sig, 0, first_exit_arg(sig), 0);
	} else {
		unsigned int nargs = udb_syscall_arity(dec->abi, sc->nr);

		for (unsigned int i = 0; i < nargs; i++)
			sb_addf(sb, "%s%#llx", i ? ", " : "",
				(unsigned long long)abi_ulong(dec, sc->args[i]));
	}
}

void udb_decode_return_column(struct strbuf *sb, unsigned int column)
{
	size_t col;

	if (!column)
		column = UDB_RETURN_COLUMN;
	sb_addc(sb, ' ');
	col = sb_column(sb);
	if (col < column)
		sb_pad(sb, ' ', column - col);
	sb_add(sb, "= ");
}

/* Whether @sc, a syscall of @abi, returns a new descriptor. */
static int returns_fd(enum udb_abi abi, const struct udb_syscall *sc)
{
	switch (syscall_info(abi, sc->nr)->fd) {
	case 1:
		return 1;
	case 2:
		/* F_DUPFD, F_DUPFD_CLOEXEC. */
		return (uint32_t)sc->args[1] == 0 || (uint32_t)sc->args[1] == 1030;
	}
	return 0;
}

static void print_return(struct strbuf *sb, const struct udb_decoder *dec,
			 const struct udb_syscall *sc, const struct syscall_sig *sig)
{
	int64_t ret = is_i386(dec) ? (int32_t)sc->ret : sc->ret;
	enum ret_type type = sig ? (enum ret_type)sig->ret : R_DEC;

	udb_decode_return_column(sb, dec->return_column);
	if (ret < 0 && ret >= -4095 && !sc->value) {
		int err = (int)-ret;
		const char *name = errno_name(err);

		/* The restart codes never reach user space: strace shows "?". */
		sb_add(sb, err >= 512 && err <= 516 ? "? " : "-1 ");
		if (name)
			sb_addf(sb, "%s (%s)", name, errno_text(err));
		else
			sb_addf(sb, "E??? (errno %d)", err);
		return;
	}
	if (dec->raw && type != R_NONE)
		type = R_HEX;
	switch (type) {
	case R_HEX:
		sb_addf(sb, "%#llx", (unsigned long long)abi_ulong(dec, (uint64_t)ret));
		break;
	case R_OCTAL:
		sb_addf(sb, "%03llo", (unsigned long long)ret);
		break;
	case R_NONE:
		sb_addc(sb, '?');
		break;
	case R_FCNTL: {
		uint32_t cmd = (uint32_t)sc->args[1];

		if (cmd == 1 && ret) {
			sb_addf(sb, "%#llx (flags ", (unsigned long long)ret);
			print_flags(sb, fd_flags, (uint64_t)ret, NULL);
			sb_addc(sb, ')');
		} else if (cmd == 3) {
			sb_addf(sb, "%#llx (flags ", (unsigned long long)ret);
			print_open_flags(sb, (uint64_t)ret);
			sb_addc(sb, ')');
		} else {
			sb_add_dec(sb, (long long)ret);
		}
		break;
	}
	case R_POLL: {
		struct strbuf fds = STRBUF_INIT;

		sb_add_dec(sb, (long long)ret);
		if (!ret)
			sb_add(sb, " (Timeout)");
		else if (!dec->terse && print_pollfds(&fds, dec, abi_ulong(dec, sc->args[0]),
						       (uint32_t)sc->args[1], 1) == 0)
			sb_addf(sb, " (%s)", sb_str(&fds));
		sb_free(&fds);
		break;
	}
	case R_RECVMMSG:
		sb_add_dec(sb, (long long)ret);
		if (!ret) {
			sb_add(sb, " (Timeout)");
		} else if (sc->args[4] && !dec->terse) {
			sb_add(sb, " (left ");
			print_timespec(sb, dec, abi_ulong(dec, sc->args[4]));
			sb_addc(sb, ')');
		}
		break;
	case R_DEC:
		if (returns_fd(dec->abi, sc))
			print_fd(sb, dec, (uint64_t)ret);
		else if (sc->value && ret < 0)
			sb_addf(sb, "%llu", (unsigned long long)abi_ulong(dec, (uint64_t)ret));
		else
			sb_add_dec(sb, (long long)ret);
		break;
	}
}

void udb_decode_exit(struct strbuf *sb, const struct udb_decoder *dec,
		     const struct udb_syscall *sc)
{
	const char *name;
	const struct syscall_sig *sig = lookup(dec, sc, &name);
	unsigned int first = sig ? first_exit_arg(sig) : 0;

	/*
	 * Only a call with an argument left to print reads anything here: an
	 * exec's memory, for one, is another image's by now.
	 */
	if (sig && !dec->raw && first < sig->nargs) {
		int printed = 0;

		/* Did the entry half print an argument? Then ", " comes first. */
		for (unsigned int i = 0; i < first && !printed; i++) {
			struct strbuf tmp = STRBUF_INIT;

			printed = print_arg(&tmp, dec, sc, sig->args[i], i);
			sb_free(&tmp);
		}
		print_args(sb, dec, sc, sig, first, sig->nargs, printed);
	}
	sb_addc(sb, ')');
	print_return(sb, dec, sc, sig);
}

int udb_decode_saves_entry(enum udb_abi abi, long nr)
{
	const struct syscall_sig *sig = sc_sig(abi, nr);

	if (!sig)
		return 0;
	for (unsigned int i = 0; i < sig->nargs; i++)
		if (sig->args[i].type == A_MSGHDR_OUT || sig->args[i].type == A_MMSGHDR_OUT)
			return 1;
	return 0;
}

void udb_decode_save_entry(const struct udb_decoder *dec, const struct udb_syscall *sc,
			   struct udb_entry_mem *mem)
{
	const char *name;
	const struct syscall_sig *sig = lookup(dec, sc, &name);
	uint64_t addr = abi_ulong(dec, sc->args[1]);
	size_t w = abi_ptr_size(dec);
	struct msghdr_fields m;

	memset(mem, 0, sizeof(*mem));
	if (!sig || sig->nargs < 2)
		return;
	if (sig->args[1].type == A_MSGHDR_OUT) {
		if (addr && read_msghdr(dec, addr, &m) == 0) {
			mem->namelen[0] = m.namelen;
			mem->namelens = 1;
		}
	} else if (sig->args[1].type == A_MMSGHDR_OUT) {
		uint32_t vlen = (uint32_t)sc->args[2];
		struct strbuf ts = STRBUF_INIT;

		while (addr && mem->namelens < vlen && mem->namelens < UDB_ENTRY_NAMELENS &&
		       read_msghdr(dec, addr + mem->namelens * 8 * w, &m) == 0)
			mem->namelen[mem->namelens++] = m.namelen;
		print_timespec(&ts, dec, abi_ulong(dec, sc->args[4]));
		if (ts.len < sizeof(mem->timeout)) {
			memcpy(mem->timeout, sb_str(&ts), ts.len + 1);
			mem->have_timeout = 1;
		}
		sb_free(&ts);
	}
}

int udb_decode_any_path(const struct udb_decoder *dec, const struct udb_syscall *sc,
			int (*match)(void *opaque, const char *path, int fd), void *opaque)
{
	const char *name;
	const struct syscall_sig *sig = lookup(dec, sc, &name);
	char buf[PATH_LIMIT];

	if (!sig)
		return 0;
	for (unsigned int i = 0; i < sig->nargs; i++) {
		uint64_t v = sc->args[i];

		switch (sig->args[i].type) {
		case A_PATH:
			if (udb_read_cstring(dec->read_mem, dec->opaque, abi_ulong(dec, v), buf,
					     sizeof(buf)) >= 0 &&
			    match(opaque, buf, -1))
				return 1;
			break;
		case A_FD:
		case A_DIRFD:
			if ((int)v >= 0 && match(opaque, NULL, (int)v))
				return 1;
			break;
		}
	}
	return 0;
}

int udb_decode_returns_fd(enum udb_abi abi, const struct udb_syscall *sc)
{
	int64_t ret = abi == UDB_ABI_I386 ? (int32_t)sc->ret : sc->ret;

	return ret >= 0 && returns_fd(abi, sc);
}

void udb_decode_no_return(struct strbuf *sb, unsigned int column)
{
	sb_addc(sb, ')');
	udb_decode_return_column(sb, column);
	sb_addc(sb, '?');
}

static const struct flag_name si_codes_common[] = {
	{ 0, "SI_USER" }, { 0x80, "SI_KERNEL" }, { (uint32_t)-1, "SI_QUEUE" },
	{ (uint32_t)-2, "SI_TIMER" }, { (uint32_t)-3, "SI_MESGQ" },
	{ (uint32_t)-4, "SI_ASYNCIO" }, { (uint32_t)-5, "SI_SIGIO" },
	{ (uint32_t)-6, "SI_TKILL" },
	{ 0, NULL }
};

static const struct flag_name si_codes_chld[] = {
	{ 1, "CLD_EXITED" }, { 2, "CLD_KILLED" }, { 3, "CLD_DUMPED" }, { 4, "CLD_TRAPPED" },
	{ 5, "CLD_STOPPED" }, { 6, "CLD_CONTINUED" },
	{ 0, NULL }
};

static const struct flag_name si_codes_segv[] = {
	{ 1, "SEGV_MAPERR" }, { 2, "SEGV_ACCERR" }, { 3, "SEGV_BNDERR" },
	{ 4, "SEGV_PKUERR" },
	{ 0, NULL }
};

static const struct flag_name si_codes_bus[] = {
	{ 1, "BUS_ADRALN" }, { 2, "BUS_ADRERR" }, { 3, "BUS_OBJERR" },
	{ 4, "BUS_MCEERR_AR" }, { 5, "BUS_MCEERR_AO" },
	{ 0, NULL }
};

static const struct flag_name si_codes_ill[] = {
	{ 1, "ILL_ILLOPC" }, { 2, "ILL_ILLOPN" }, { 3, "ILL_ILLADR" }, { 4, "ILL_ILLTRP" },
	{ 5, "ILL_PRVOPC" }, { 6, "ILL_PRVREG" }, { 7, "ILL_COPROC" }, { 8, "ILL_BADSTK" },
	{ 0, NULL }
};

static const struct flag_name si_codes_fpe[] = {
	{ 1, "FPE_INTDIV" }, { 2, "FPE_INTOVF" }, { 3, "FPE_FLTDIV" }, { 4, "FPE_FLTOVF" },
	{ 5, "FPE_FLTUND" }, { 6, "FPE_FLTRES" }, { 7, "FPE_FLTINV" }, { 8, "FPE_FLTSUB" },
	{ 0, NULL }
};

static const struct flag_name si_codes_trap[] = {
	{ 1, "TRAP_BRKPT" }, { 2, "TRAP_TRACE" }, { 3, "TRAP_BRANCH" }, { 4, "TRAP_HWBKPT" },
	{ 5, "TRAP_UNK" }, { 6, "TRAP_PERF" },
	{ 0, NULL }
};

static const struct flag_name si_codes_poll[] = {
	{ 1, "POLL_IN" }, { 2, "POLL_OUT" }, { 3, "POLL_MSG" }, { 4, "POLL_ERR" },
	{ 5, "POLL_PRI" }, { 6, "POLL_HUP" },
	{ 0, NULL }
};

static const struct flag_name si_codes_sys[] = {
	{ 1, "SYS_SECCOMP" }, { 2, "SYS_USER_DISPATCH" },
	{ 0, NULL }
};

/*
 * A siginfo_t's fields, read from its bytes in the layout of an ABI: the
 * union starts after three ints, at 16 on x86-64 (aligned for its longs
 * and pointers) and at 12 on i386; longs and pointers are 8 or 4 bytes.
 */
struct si_view {
	const unsigned char *b;
	size_t base;		/* the union's offset */
	size_t word;		/* bytes of a long or pointer */
};

static int32_t si_s32(const struct si_view *v, size_t off)
{
	int32_t x;

	memcpy(&x, v->b + v->base + off, sizeof(x));
	return x;
}

/* A long (sign-extended) or a pointer (zero-extended, with @is_signed 0). */
static uint64_t si_word(const struct si_view *v, size_t off, int is_signed)
{
	uint64_t x = 0;

	if (v->word == 8) {
		memcpy(&x, v->b + v->base + off, 8);
	} else {
		int32_t w;

		memcpy(&w, v->b + v->base + off, 4);
		x = is_signed ? (uint64_t)(int64_t)w : (uint32_t)w;
	}
	return x;
}

static void print_si_ptr(struct strbuf *sb, uint64_t p)
{
	if (p)
		sb_addf(sb, "%#llx", (unsigned long long)p);
	else
		sb_add(sb, "NULL");
}

/* ", si_pid=N, si_uid=N" */
static void print_si_source(struct strbuf *sb, const struct si_view *v)
{
	sb_addf(sb, ", si_pid=%d, si_uid=%u", si_s32(v, 0), (uint32_t)si_s32(v, 4));
}

/* ", si_int=N, si_ptr=P": the sigval after the two ints of _rt and _timer. */
static void print_si_value(struct strbuf *sb, const struct si_view *v)
{
	sb_addf(sb, ", si_int=%d, si_ptr=", si_s32(v, 8));
	print_si_ptr(sb, si_word(v, 8, 0));
}

/* ", si_band=N, si_fd=N" of SIGPOLL (and SI_SIGIO). */
static void print_si_poll(struct strbuf *sb, const struct si_view *v)
{
	sb_addf(sb, ", si_band=%lld, si_fd=%d", (long long)si_word(v, 0, 1),
		si_s32(v, (int)v->word));
}

static void print_si_times(struct strbuf *sb, const char *name, long t)
{
	/* strace adds the seconds of a non-zero time (clock ticks of 1/100 s). */
	sb_addf(sb, ", %s=%ld", name, t);
	if (t > 0)
		sb_addf(sb, " /* %ld.%02ld s */", t / 100, t % 100);
}

/*
 * What strace shows of a whole siginfo after its code: the fields of the
 * member the signal and code select, read from the bytes whatever the
 * kernel filled (SIGTRAP of int3, SI_KERNEL, shows si_addr=NULL).
 */
static void print_si_raw(struct strbuf *sb, const struct udb_siginfo *si)
{
	struct si_view v = { si->raw, si->raw_abi == UDB_ABI_I386 ? 12 : 16,
			     si->raw_abi == UDB_ABI_I386 ? 4 : 8 };
	uint64_t ptr = si_word(&v, 8, 0);

	if (si->code <= 0) {
		switch (si->code) {
		case 0:		/* SI_USER */
		case -6:	/* SI_TKILL */
			print_si_source(sb, &v);
			break;
		case -2:	/* SI_TIMER */
			sb_addf(sb, ", si_timerid=%#x, si_overrun=%d", (uint32_t)si_s32(&v, 0),
				si_s32(&v, 4));
			print_si_value(sb, &v);
			break;
		case -5:	/* SI_SIGIO */
			print_si_poll(sb, &v);
			break;
		default:
			print_si_source(sb, &v);
			if (ptr)
				print_si_value(sb, &v);
			break;
		}
		return;
	}
	switch (si->signo) {
	case 17: {	/* SIGCHLD */
		size_t t = v.word == 8 ? 16 : 12;

		print_si_source(sb, &v);
		sb_add(sb, ", si_status=");
		if (si->code == 1)
			sb_addf(sb, "%d", si_s32(&v, 8));
		else
			print_signal(sb, (uint64_t)(uint32_t)si_s32(&v, 8));
		print_si_times(sb, "si_utime", (long)si_word(&v, t, 1));
		print_si_times(sb, "si_stime", (long)si_word(&v, t + v.word, 1));
		break;
	}
	case 4: case 8: case 11: case 7: case 5:	/* ILL FPE SEGV BUS TRAP */
		sb_add(sb, ", si_addr=");
		print_si_ptr(sb, si_word(&v, 0, 0));
		break;
	case 29:	/* SIGPOLL */
		if (si->code >= 1 && si->code <= 6)
			print_si_poll(sb, &v);
		break;
	case 31: {	/* SIGSYS */
		int nr = si_s32(&v, (int)v.word);
		uint32_t arch = (uint32_t)si_s32(&v, (int)v.word + 4);
		const char *name = NULL;

		sb_add(sb, ", si_call_addr=");
		print_si_ptr(sb, si_word(&v, 0, 0));
		if (arch == 0xc000003eU)	/* AUDIT_ARCH_X86_64 */
			name = udb_syscall_name(UDB_ABI_X86_64, nr);
		else if (arch == 0x40000003U)	/* AUDIT_ARCH_I386 */
			name = udb_syscall_name(UDB_ABI_I386, nr);
		if (name)
			sb_addf(sb, ", si_syscall=__NR_%s", name);
		else
			sb_addf(sb, ", si_syscall=%d", nr);
		if (arch == 0xc000003eU)
			sb_add(sb, ", si_arch=AUDIT_ARCH_X86_64");
		else if (arch == 0x40000003U)
			sb_add(sb, ", si_arch=AUDIT_ARCH_I386");
		else
			sb_addf(sb, ", si_arch=%#x /* AUDIT_ARCH_??? */", arch);
		break;
	}
	default:
		if (si_s32(&v, 0) || si_s32(&v, 4))
			print_si_source(sb, &v);
		if (ptr)
			print_si_value(sb, &v);
		break;
	}
}

void udb_decode_signal(struct strbuf *sb, const struct udb_siginfo *si)
{
	const struct flag_name *codes = NULL;
	const char *code;
	int fault = 0;

	switch (si->signo) {
	case 17: codes = si_codes_chld; break;	/* SIGCHLD */
	case 11: codes = si_codes_segv; fault = 1; break;	/* SIGSEGV */
	case 7: codes = si_codes_bus; fault = 1; break;	/* SIGBUS */
	case 4: codes = si_codes_ill; fault = 1; break;	/* SIGILL */
	case 8: codes = si_codes_fpe; fault = 1; break;	/* SIGFPE */
	case 5: codes = si_codes_trap; fault = 1; break;	/* SIGTRAP */
	case 29: codes = si_codes_poll; break;	/* SIGPOLL */
	case 31: codes = si_codes_sys; break;	/* SIGSYS */
	}
	code = si->code > 0 && codes ? lookup_name(codes, (uint32_t)si->code) : NULL;
	if (!code)
		code = lookup_name(si_codes_common, (uint32_t)si->code);

	sb_add(sb, "--- ");
	print_signal(sb, (uint64_t)si->signo);
	sb_add(sb, " {si_signo=");
	print_signal(sb, (uint64_t)si->signo);
	if (code)
		sb_addf(sb, ", si_code=%s", code);
	else
		sb_addf(sb, ", si_code=%#x", (unsigned int)si->code);
	if (si->err)
		sb_addf(sb, ", si_errno=%s", errno_name(si->err) ? errno_name(si->err) : "?");
	if (si->raw) {
		print_si_raw(sb, si);
		sb_add(sb, "} ---");
		return;
	}
	if (si->have_pid)
		sb_addf(sb, ", si_pid=%d", si->pid);
	if (si->have_uid)
		sb_addf(sb, ", si_uid=%u", si->uid);
	if (si->code > 0 && si->signo == 17 && si->have_status) {
		sb_add(sb, ", si_status=");
		if (si->code == 1)
			sb_addf(sb, "%d", si->status);
		else
			print_signal(sb, (uint64_t)si->status);
		/* strace adds the seconds of a non-zero time (clock ticks of 1/100 s). */
		sb_addf(sb, ", si_utime=%ld", si->utime);
		if (si->utime > 0)
			sb_addf(sb, " /* %ld.%02ld s */", si->utime / 100, si->utime % 100);
		sb_addf(sb, ", si_stime=%ld", si->stime);
		if (si->stime > 0)
			sb_addf(sb, " /* %ld.%02ld s */", si->stime / 100, si->stime % 100);
	}
	if (si->code > 0 && fault && si->have_addr) {
		sb_addf(sb, ", si_addr=");
		if (si->addr)
			sb_addf(sb, "%#llx", (unsigned long long)si->addr);
		else
			sb_add(sb, "NULL");
	}
	sb_add(sb, "} ---");
}

void udb_decode_exited(struct strbuf *sb, int status)
{
	sb_addf(sb, "+++ exited with %d +++", status);
}

void udb_decode_killed(struct strbuf *sb, int sig, int core)
{
	sb_add(sb, "+++ killed by ");
	print_signal(sb, (uint64_t)sig);
	sb_addf(sb, "%s +++", core ? " (core dumped)" : "");
}

/* -e read=, -e write=: what a dump needs of each syscall. */
enum dump_kind {
	DUMP_NONE,
	DUMP_BUF,	/* args[1], args[2] bytes (written) or ret bytes (read) */
	DUMP_IOV,	/* an iovec array at args[1] of args[2] entries */
	DUMP_MSGHDR,	/* a struct msghdr at args[1] */
	DUMP_MMSGHDR,	/* an array of struct mmsghdr at args[1], ret of them */
};

static enum dump_kind dump_kind(const char *name, int *is_write)
{
	static const struct {
		const char *name;
		unsigned char kind, write;
	} calls[] = {
		{ "write", DUMP_BUF, 1 }, { "pwrite64", DUMP_BUF, 1 }, { "sendto", DUMP_BUF, 1 },
		{ "writev", DUMP_IOV, 1 }, { "pwritev", DUMP_IOV, 1 }, { "pwritev2", DUMP_IOV, 1 },
		{ "sendmsg", DUMP_MSGHDR, 1 }, { "sendmmsg", DUMP_MMSGHDR, 1 },
		{ "vmsplice", DUMP_IOV, 1 }, { "mq_timedsend", DUMP_BUF, 1 },
		{ "mq_timedsend_time64", DUMP_BUF, 1 },
		{ "read", DUMP_BUF, 0 }, { "pread64", DUMP_BUF, 0 }, { "recvfrom", DUMP_BUF, 0 },
		{ "readv", DUMP_IOV, 0 }, { "preadv", DUMP_IOV, 0 }, { "preadv2", DUMP_IOV, 0 },
		{ "recvmsg", DUMP_MSGHDR, 0 }, { "recvmmsg", DUMP_MMSGHDR, 0 },
		{ "recvmmsg_time64", DUMP_MMSGHDR, 0 }, { "mq_timedreceive", DUMP_BUF, 0 },
		{ "mq_timedreceive_time64", DUMP_BUF, 0 },
	};

	for (size_t i = 0; name && i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (!strcmp(name, calls[i].name)) {
			*is_write = calls[i].write;
			return (enum dump_kind)calls[i].kind;
		}
	}
	return DUMP_NONE;
}

int udb_decode_dumps_io(enum udb_abi abi, long nr)
{
	int is_write;

	return dump_kind(udb_syscall_name(abi, nr), &is_write) != DUMP_NONE;
}

/* One line: " | OFFSET  16 bytes in hex, a gap after 8  their ASCII |". */
static void dump_line(struct strbuf *sb, uint64_t offset, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char line[80], *q = line;

	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			*q++ = ' ';
		*q++ = i < n ? hex[p[i] >> 4] : ' ';
		*q++ = i < n ? hex[p[i] & 15] : ' ';
		*q++ = ' ';
	}
	*q++ = ' ';
	for (size_t i = 0; i < 16; i++)
		*q++ = i >= n ? ' ' : p[i] >= ' ' && p[i] < 0x7f ? (char)p[i] : '.';
	*q = '\0';
	sb_addf(sb, " | %05llx  %s |\n", (unsigned long long)offset, line);
}

/* @len bytes at @addr; stops at the first piece that cannot be read. */
static void dump_bytes(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
		       uint64_t len)
{
	unsigned char buf[4096];

	for (uint64_t off = 0; off < len; off += sizeof(buf)) {
		size_t want = len - off < sizeof(buf) ? (size_t)(len - off) : sizeof(buf);

		if (read_exact(dec, addr + off, buf, want) < 0)
			return;
		for (size_t i = 0; i < want; i += 16)
			dump_line(sb, off + i, buf + i, want - i < 16 ? want - i : 16);
	}
}

/* Each buffer of @count iovecs at @iov up to @limit bytes in all, as strace. */
static void dump_iov(struct strbuf *sb, const struct udb_decoder *dec, uint64_t iov,
		     uint64_t count, uint64_t limit)
{
	size_t wsize = abi_ptr_size(dec);
	uint64_t base, len;

	if (count > IOV_MAX_DUMPED)
		count = IOV_MAX_DUMPED;
	/* An array that cannot be read whole is not dumped at all. */
	if (count && (read_word(dec, iov, &base) < 0 ||
		      read_word(dec, iov + (count * 2 - 1) * wsize, &len) < 0))
		return;
	for (uint64_t i = 0; i < count; i++) {
		if (read_word(dec, iov + i * 2 * wsize, &base) < 0 ||
		    read_word(dec, iov + i * 2 * wsize + wsize, &len) < 0)
			return;
		if (len > limit)
			len = limit;
		/* strace stops at the first empty buffer. */
		if (!len)
			return;
		limit -= len;
		sb_addf(sb, " * %llu bytes in buffer %llu\n", (unsigned long long)len,
			(unsigned long long)i);
		dump_bytes(sb, dec, base, len);
	}
}

/*
 * The first @count messages of a struct mmsghdr array, each's buffers up
 * to its msg_len, until one cannot be read: strace takes a failed call's
 * count as (unsigned int)-1, so a failed sendmmsg dumps every message it
 * can read; at most IOV_MAX_DUMPED here.
 */
static void dump_mmsghdrs(struct strbuf *sb, const struct udb_decoder *dec, uint64_t addr,
			  uint32_t count)
{
	size_t w = abi_ptr_size(dec);

	for (uint32_t i = 0; i < count && i < IOV_MAX_DUMPED; i++) {
		struct msghdr_fields m;
		uint32_t len;

		if (read_msghdr(dec, addr + i * 8 * w, &m) < 0 ||
		    read_exact(dec, addr + i * 8 * w + 7 * w, &len, sizeof(len)) < 0)
			return;
		sb_addf(sb, " = %llu buffers in vector %u\n", (unsigned long long)m.iovlen, i);
		dump_iov(sb, dec, m.iov, m.iovlen, len);
	}
}

void udb_decode_dump_io(struct strbuf *sb, const struct udb_decoder *dec,
			const struct udb_syscall *sc, int written, int read)
{
	int is_write = 0;
	enum dump_kind kind = dump_kind(udb_syscall_name(dec->abi, sc->nr), &is_write);
	uint64_t addr = abi_ulong(dec, sc->args[1]);
	uint64_t limit;

	if (kind == DUMP_NONE || !(is_write ? written : read))
		return;
	/* What was written is dumped whatever the call returned; what was read, on success. */
	if (is_write) {
		limit = kind == DUMP_BUF ? abi_ulong(dec, sc->args[2]) : UINT64_MAX;
	} else {
		int64_t ret = abi_long(dec, (uint64_t)sc->ret);

		if (ret < 0)
			return;
		limit = (uint64_t)ret;
	}
	switch (kind) {
	case DUMP_BUF:
		dump_bytes(sb, dec, addr, limit);
		break;
	case DUMP_IOV:
		dump_iov(sb, dec, addr, abi_ulong(dec, sc->args[2]), limit);
		break;
	case DUMP_MSGHDR: {
		struct msghdr_fields m;

		if (read_msghdr(dec, addr, &m) == 0)
			dump_iov(sb, dec, m.iov, m.iovlen, limit);
		break;
	}
	case DUMP_MMSGHDR:
		dump_mmsghdrs(sb, dec, addr, (uint32_t)abi_long(dec, (uint64_t)sc->ret));
		break;
	case DUMP_NONE:
		break;
	}
}
