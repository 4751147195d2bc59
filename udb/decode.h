/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The strace-format syscall decoder.
 *
 * It knows nothing of utracer: it is given a syscall's number, arguments and
 * return value, and reads the tracee's memory through a callback, so that
 * the host tests can feed it canned arguments and a fake memory.
 *
 * A line is built in two halves, as strace builds it: the entry half
 * ("openat(AT_FDCWD, \"/etc\", ") holds what is known when the syscall
 * starts, the exit half the arguments the kernel filled in and the return
 * value ("...) = 3"). A caller that only sees the exit formats both then.
 */
#ifndef UDB_DECODE_H
#define UDB_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

/* The tracee's syscall ABI. */
enum udb_abi {
	UDB_ABI_X86_64,
	UDB_ABI_I386,
};

/*
 * Reads @len bytes of the tracee's memory at @addr into @buf. Returns the
 * number of bytes read (short at the end of a mapping) or a negative errno.
 */
typedef long (*udb_read_mem_fn)(void *opaque, uint64_t addr, void *buf, size_t len);

/*
 * Reads a NUL-terminated string of at most @max bytes at @addr through
 * @read_mem. Returns its length, -ENAMETOOLONG (with @max bytes in @buf)
 * when there was no NUL within @max bytes, or -EFAULT.
 */
long udb_read_cstring(udb_read_mem_fn read_mem, void *opaque, uint64_t addr, char *buf,
		      size_t max);

struct udb_decoder {
	enum udb_abi abi;
	udb_read_mem_fn read_mem;
	void *opaque;
	/* Longest string or buffer shown before "..." (strace's -s); 0 means 32. */
	unsigned int string_limit;
	/* -x: 1 shows a string with a non-printing byte in hex, 2 every string. */
	unsigned int hex_strings;
	/* -a: the column of "= ret"; 0 means UDB_RETURN_COLUMN. */
	unsigned int return_column;
	/*
	 * -y: appends "<what fd is>" (strace's "<path>", "<socket:[N]>") for
	 * descriptor @fd (-100: AT_FDCWD, the working directory), or nothing
	 * when unknown; NULL shows bare numbers.
	 */
	void (*fd_info)(void *fd_opaque, int fd, struct strbuf *sb);
	void *fd_opaque;
	/*
	 * -v: structures unabbreviated, as strace -v prints them: every field
	 * of struct stat, execve()'s environment as an array, argv without
	 * a limit, uname()'s six fields.
	 */
	unsigned int verbose;
	/*
	 * -e raw=: the arguments as the registers hold them, in hex, as many
	 * as the syscall takes, and the return in hex (an error as usual).
	 */
	unsigned int raw;
	/*
	 * -e verbose=: 1 for a syscall outside SET: what the kernel reads or
	 * fills in through a pointer (structures, arrays, argv and envp, a
	 * clone's parent_tid) is shown as its address, as strace shows it;
	 * strings and data buffers are shown as usual.
	 */
	unsigned int terse;
};

/* The most recvmmsg messages whose msg_namelen at entry is kept. */
#define UDB_ENTRY_NAMELENS 64

/*
 * What a syscall's memory held at its entry, where its line shows that
 * and the call overwrites it: recvmsg's msg_namelen (strace's
 * "msg_namelen=110 => 16"), recvmmsg's msg_namelens and its timeout.
 * udb_decode_save_entry() fills it while the thread is held before the
 * call runs.
 */
struct udb_entry_mem {
	unsigned int namelens;		/* how many of @namelen were read */
	int32_t namelen[UDB_ENTRY_NAMELENS];
	unsigned int have_timeout;	/* @timeout holds recvmmsg's, as shown */
	char timeout[64];
};

struct udb_syscall {
	long nr;
	uint64_t args[6];
	int64_t ret;	/* the raw return: -4095..-1 is an errno */
	int value;	/* @ret is a value even there (strace's retval= injection) */
	/* The memory at entry, or NULL: the line then shows what it can from the exit. */
	const struct udb_entry_mem *entry;
};

/* The column where strace puts "= ret". */
#define UDB_RETURN_COLUMN 40

/* The syscall's name for the ABI, or NULL when libseccomp does not know it. */
const char *udb_syscall_name(enum udb_abi abi, long nr);
/* The number of the syscall called @name, or -1. */
long udb_syscall_number(enum udb_abi abi, const char *name);
/* How many arguments syscall @nr of @abi takes (the kernel's own count); 6 when unknown. */
unsigned int udb_syscall_arity(enum udb_abi abi, long nr);
/* The members of -e trace=%NAME (NULL-terminated), or NULL for no such class. */
const char *const *udb_syscall_class(const char *name);

/* "name(" and the arguments known at entry. */
void udb_decode_entry(struct strbuf *sb, const struct udb_decoder *dec,
		      const struct udb_syscall *sc);
/* The arguments filled in by the syscall, ")", and " = ret". */
void udb_decode_exit(struct strbuf *sb, const struct udb_decoder *dec,
		     const struct udb_syscall *sc);
/*
 * Whether showing syscall @nr of @abi reads the tracee's memory (a path, a
 * buffer, a struct): 1, or 0 when its line comes from the registers alone
 * (unknown syscalls are shown as hex words). The tracer stops the tracee
 * at the exits of those that read, and only there.
 */
int udb_decode_reads_memory(enum udb_abi abi, long nr);

/*
 * A capture: memory the decoder reads for a syscall, which a tracer can
 * have copied into the syscall's entry or exit record instead of reading
 * it from a stopped thread (utracer_set_captures() says the same in the
 * library's terms).
 */
enum udb_capture_kind { UDB_CAPTURE_STRING = 1, UDB_CAPTURE_MEMORY };
enum udb_capture_len { UDB_CAPTURE_FIXED, UDB_CAPTURE_FROM_ARG, UDB_CAPTURE_FROM_RET };

struct udb_capture {
	uint8_t exit;		/* 0: taken at the entry, 1: at the exit */
	uint8_t kind;		/* enum udb_capture_kind */
	uint8_t arg;		/* the argument with the address */
	uint8_t len_from;	/* enum udb_capture_len */
	uint8_t len_arg;	/* UDB_CAPTURE_FROM_ARG: the argument with the count */
	uint16_t elem;		/* UDB_CAPTURE_FROM_ARG, _RET: bytes per unit counted (0: 1) */
	uint32_t max;		/* most bytes */
};

/* The most captures one syscall needs. */
#define UDB_CAPTURES_MAX 8

/*
 * What the decoder reads for syscall nr of abi, with strings and buffers
 * shown up to string_limit bytes (0: 32), as captures into out (room for
 * UDB_CAPTURES_MAX). Returns their number (0: it reads nothing), or -1
 * when some of what it reads cannot be captured: arrays of pointers
 * (argv, iovecs, message headers), reads that depend on other memory.
 */
int udb_decode_captures(enum udb_abi abi, long nr, unsigned int string_limit,
			struct udb_capture *out);
/*
 * Whether syscall @nr of @abi shows memory the call overwrites
 * (recvmsg, recvmmsg): the tracer then holds it before it runs, where
 * the kernel can, and calls udb_decode_save_entry().
 */
int udb_decode_saves_entry(enum udb_abi abi, long nr);
/* Reads into @mem what @sc's line needs of its memory at entry. */
void udb_decode_save_entry(const struct udb_decoder *dec, const struct udb_syscall *sc,
			   struct udb_entry_mem *mem);
/*
 * -P: calls @match(@opaque, ...) with each path the syscall names (its
 * path arguments, read from memory; @fd -1) and each descriptor it takes
 * (@path NULL); 1 as soon as one call returned 1.
 */
int udb_decode_any_path(const struct udb_decoder *dec, const struct udb_syscall *sc,
			int (*match)(void *opaque, const char *path, int fd), void *opaque);

/* Did the syscall return a new descriptor (open, socket, dup, fcntl's F_DUPFD...)? */
int udb_decode_returns_fd(enum udb_abi abi, const struct udb_syscall *sc);

/*
 * ") = ?": the syscall never returned (exit, execve of a vanished task);
 * "= " at @column (0: UDB_RETURN_COLUMN).
 */
void udb_decode_no_return(struct strbuf *sb, unsigned int column);
/* Pad to @column (0: UDB_RETURN_COLUMN) and write "= " as strace does. */
void udb_decode_return_column(struct strbuf *sb, unsigned int column);

/* udb_quote_string()'s @hex: none, every byte, or all when one does not print. */
#define UDB_QUOTE_TEXT 0
#define UDB_QUOTE_HEX 1
#define UDB_QUOTE_HEX_IF_BINARY 2
/* The @hex of a string for -x's @hex_strings (0, 1, 2). */
int udb_quote_mode(unsigned int hex_strings);

/* A quoted string as strace writes it: escapes, octal, and "..." past @limit. */
void udb_quote_string(struct strbuf *sb, const unsigned char *s, size_t len,
		      size_t limit, int hex);

/*
 * The struct siginfo fields a signal line shows: strace's order, and only
 * the fields the tracer knows (the have_* flags).
 */
struct udb_siginfo {
	int signo;
	int code;
	int err;
	int pid;
	unsigned int uid;
	int status;		/* SIGCHLD: exit code or signal */
	long utime, stime;	/* SIGCHLD, in clock ticks */
	uint64_t addr;		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
	unsigned int have_pid : 1;
	unsigned int have_uid : 1;
	unsigned int have_status : 1;	/* status, utime and stime */
	unsigned int have_addr : 1;
	/*
	 * The whole siginfo_t (128 bytes) when the module sent it, in the
	 * layout of @raw_abi: the line then shows what strace shows of it,
	 * every field above read from it.
	 */
	const unsigned char *raw;
	enum udb_abi raw_abi;
};

/*
 * -e write=SET, -e read=SET: strace's hex and ASCII dump of the data the
 * syscall moved, one " | 00000  68 69 0a ...  hi. |" line per 16 bytes,
 * each ending in a newline. With @written, what write, pwrite64, sendto,
 * writev, pwritev(2), vmsplice, mq_timedsend, sendmsg and sendmmsg were
 * given (the whole count asked for, even when the call failed); with
 * @read, what read, pread64, recvfrom, readv, preadv(2), mq_timedreceive,
 * recvmsg and recvmmsg returned (the bytes returned, on success). An
 * iovec's buffers are dumped one by one, each after " * N bytes in buffer
 * I", up to the first empty one; an mmsghdr's messages each after " = N
 * buffers in vector I", up to its msg_len. Memory that cannot be read is
 * not dumped; other syscalls add nothing. The caller decides whether the
 * descriptor, args[0], is in the set.
 */
void udb_decode_dump_io(struct strbuf *sb, const struct udb_decoder *dec,
			const struct udb_syscall *sc, int written, int read);
/* Whether udb_decode_dump_io() may dump syscall @nr of @abi (it reads memory). */
int udb_decode_dumps_io(enum udb_abi abi, long nr);

/* "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---" */
void udb_decode_signal(struct strbuf *sb, const struct udb_siginfo *si);
/* "+++ exited with N +++" */
void udb_decode_exited(struct strbuf *sb, int status);
/* "+++ killed by SIGKILL +++" (" (core dumped)" when @core) */
void udb_decode_killed(struct strbuf *sb, int sig, int core);

#endif
