/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What each syscall's arguments are (syscalls.c), for the decoder (decode.c).
 * Signatures are keyed by name, so one table serves every ABI.
 */
#ifndef UDB_SYSENT_H
#define UDB_SYSENT_H

#include <stdint.h>
#include "decode.h"

enum arg_type {
	A_NONE = 0,
	A_INT,		/* signed int, decimal */
	A_UINT,		/* unsigned int, decimal */
	A_LONG,		/* signed long, decimal */
	A_ULONG,	/* size_t and friends, decimal */
	A_HEX,		/* hex, "0" for zero */
	A_PTR,		/* NULL or hex */
	A_FD,		/* a file descriptor */
	A_DIRFD,	/* a file descriptor or AT_FDCWD */
	A_PATH,		/* a NUL-terminated path, never truncated */
	A_STR,		/* a NUL-terminated string, truncated */
	A_BUF_IN,	/* a buffer of arg[aux] bytes, read at entry */
	A_BUF_OUT,	/* a buffer the syscall filled with ret bytes */
	A_HEXBUF_OUT,	/* the same, every byte in hex (getrandom) */
	A_STR_OUT,	/* a string the syscall filled (getcwd, readlink) */
	A_OPEN_FLAGS,
	A_FD_FLAGS,	/* O_CLOEXEC and friends without an access mode (pipe2, dup3) */
	A_OPEN_MODE,	/* shown only when arg[aux] has O_CREAT or O_TMPFILE */
	A_MODE,		/* octal permissions */
	A_PROT,
	A_MMAP_FLAGS,
	A_MMAP_PGOFF,	/* mmap2's offset, in pages */
	A_ACCESS_MODE,
	A_AT_FLAGS,
	A_SIGNAL,
	A_SIGPROCMASK_HOW,
	A_SIGSET_IN,
	A_SIGSET_OUT,
	A_STAT_OUT,	/* struct stat (x86_64) */
	A_STAT64_OUT,	/* struct stat64 (i386) */
	A_TIMESPEC_IN,
	A_TIMESPEC_OUT,
	A_ARGV,
	A_ENVP,
	A_WHENCE,
	A_ARCH_PRCTL,
	A_RLIMIT_RESOURCE,
	A_RLIMIT64_IN,
	A_RLIMIT64_OUT,
	A_RLIMIT_OUT,	/* the ABI's native struct rlimit */
	A_PIPEFDS_OUT,
	A_WAIT_STATUS_OUT,
	A_WAIT_OPTIONS,
	A_GRND_FLAGS,
	A_CLOCKID,
	A_TIMER_FLAGS,
	A_FCNTL_CMD,	/* and the argument that goes with it */
	A_FUTEX_OP,	/* and the arguments that go with it */
	A_CLONE,	/* clone's whole argument list */
	A_SOCK_DOMAIN,
	A_SOCK_TYPE,
	A_SOCKADDR_IN,	/* a sockaddr of arg[aux] bytes */
	A_IOVEC_IN,	/* an iovec array of arg[aux] entries */
	A_IOVEC_OUT,	/* the same, filled with ret bytes */
	A_UTSNAME_OUT,
	A_UMASK,
	A_UNLINKAT_FLAGS,
	A_SIGACTION_IN,	/* the kernel's struct sigaction */
	A_SIGACTION_OUT,
	A_IOCTL_REQ,	/* an ioctl request, by name where known */
	A_MADV_ADVICE,	/* madvise's MADV_* */
	A_FADV_ADVICE,	/* fadvise64's POSIX_FADV_* */
	A_TIMEVAL_IN,	/* struct timeval */
	A_TIMEVAL_OUT,
	A_TIMEZONE_IN,	/* struct timezone */
	A_TIMEZONE_OUT,
	A_SYSINFO_OUT,	/* struct sysinfo */
	A_DIRENTS_OUT,	/* getdents's buffer: its address and entry count */
	A_DIRENTS64_OUT,	/* getdents64's */
	A_SOCKADDR_OUT,	/* a sockaddr the call filled, its length at arg[aux] */
	A_SOCKLEN,	/* a pointer to a socklen_t: "[16]" */
	A_SOCK_FLAGS,	/* accept4's SOCK_CLOEXEC, SOCK_NONBLOCK */
	A_CPUSET_OUT,	/* sched_getaffinity's mask of ret bytes: "[0 1]" */
	A_STACK_IN,	/* sigaltstack's stack_t */
	A_STACK_OUT,
	A_EPOLL_FLAGS,	/* epoll_create1's EPOLL_CLOEXEC */
	A_STATX_FLAGS,	/* AT_STATX_SYNC_* and the AT_* flags */
	A_STATX_MASK,	/* STATX_* */
	A_STATX_OUT,	/* struct statx */
	A_STATFS_OUT,	/* struct statfs (x86_64) */
	A_POLLFDS,	/* poll's array of arg[aux] struct pollfd, events at entry */
	A_IOCTL_ARG,	/* ioctl's argument: a descriptor for FICLONE, else a pointer */
	A_MSG_FLAGS,	/* MSG_* */
	A_MSGHDR_IN,	/* sendmsg's struct msghdr */
	A_MSGHDR_OUT,	/* recvmsg's, filled with ret bytes (msg_namelen alone on failure) */
	A_MMSGHDR_IN,	/* sendmmsg's array of arg[aux] struct mmsghdr, msg_len of ret */
	A_MMSGHDR_OUT,	/* recvmmsg's array, ret of them filled */
	A_MMSG_TIMEOUT,	/* recvmmsg's timeout as it was at entry */
};

/* How the return value is shown. */
enum ret_type {
	R_DEC = 0,	/* signed decimal */
	R_HEX,		/* an address (mmap, brk) */
	R_OCTAL,	/* umask */
	R_NONE,		/* never returns: "= ?" */
	R_FCNTL,	/* F_GETFD/F_GETFL results in hex with their flags */
	R_POLL,		/* poll: the count, then the revents of each ready fd */
	R_RECVMMSG,	/* recvmmsg: the count, then the time left or "(Timeout)" */
};

struct arg_desc {
	uint8_t type;	/* enum arg_type */
	uint8_t aux;	/* the index of a related argument */
};

struct syscall_sig {
	const char *name;
	uint8_t ret;	/* enum ret_type */
	uint8_t nargs;
	struct arg_desc args[6];
};

/* The signature of @name, or NULL: the decoder then shows its arguments in hex. */
const struct syscall_sig *syscall_signature(const char *name);

/*
 * What is known of one syscall number of an ABI: looked up once per number
 * (the tracer asks for every call it prints), and valid as long as the
 * program runs for the numbers below 512, until the next call for others.
 */
struct syscall_info {
	const char *name;		/* udb_syscall_name(), or NULL */
	const struct syscall_sig *sig;	/* syscall_signature() of the name, or NULL */
	unsigned char fd;		/* returns a new descriptor: 1; fcntl (F_DUPFD*): 2 */
};

const struct syscall_info *syscall_info(enum udb_abi abi, long nr);

#endif
