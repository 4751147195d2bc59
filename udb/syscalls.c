// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall names (from libseccomp, for the tracee's ABI), their number of
 * arguments (sysarity.h, generated from the kernel's source) and the
 * argument signatures of the syscalls the decoder knows; the others are
 * shown as hex words, as many as they take.
 */
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "sysarity.h"
#include "sysent.h"

static uint32_t seccomp_arch(enum udb_abi abi)
{
	return abi == UDB_ABI_I386 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64;
}

/*
 * Syscalls that return a new descriptor, shown as one under -y: 1; fcntl,
 * whose F_DUPFD and F_DUPFD_CLOEXEC do: 2; else 0.
 */
static int makes_fd(const char *name)
{
	static const char *const fd_makers[] = {
		"open", "openat", "openat2", "creat", "dup", "dup2", "dup3", "socket",
		"accept", "accept4", "epoll_create", "epoll_create1", "eventfd",
		"eventfd2", "memfd_create", "pidfd_open", "pidfd_getfd", "signalfd",
		"signalfd4", "timerfd_create", "inotify_init", "inotify_init1",
		"fanotify_init", "perf_event_open", "userfaultfd", "open_tree",
		"fsopen", "fsmount", "fspick", "open_by_handle_at", "memfd_secret", NULL
	};

	if (!name)
		return 0;
	if (!strcmp(name, "fcntl") || !strcmp(name, "fcntl64"))
		return 2;
	for (size_t i = 0; fd_makers[i]; i++)
		if (!strcmp(name, fd_makers[i]))
			return 1;
	return 0;
}

/*
 * libseccomp returns a string the caller must free, and a signature is
 * found by name: what the first numbers of each ABI are is kept, since the
 * tracer asks for every syscall.
 */
#define INFO_CACHE 512
static struct syscall_info info_cache[2][INFO_CACHE];
static unsigned char info_cached[2][INFO_CACHE];

static void info_fill(struct syscall_info *info, const char *name)
{
	info->name = name;
	info->sig = name ? syscall_signature(name) : NULL;
	info->fd = (unsigned char)makes_fd(name);
}

const struct syscall_info *syscall_info(enum udb_abi abi, long nr)
{
	int a = abi == UDB_ABI_I386;
	/* Rare: one kept, its name freed by the next such call. */
	static struct syscall_info uncached;
	static char *last;

	if (nr >= 0 && nr < INFO_CACHE) {
		if (!info_cached[a][nr]) {
			info_fill(&info_cache[a][nr],
				  seccomp_syscall_resolve_num_arch(seccomp_arch(abi), (int)nr));
			info_cached[a][nr] = 1;
		}
		return &info_cache[a][nr];
	}
	free(last);
	last = nr < 0 || nr > 0x7fffffff ? NULL :
		seccomp_syscall_resolve_num_arch(seccomp_arch(abi), (int)nr);
	info_fill(&uncached, last);
	return &uncached;
}

const char *udb_syscall_name(enum udb_abi abi, long nr)
{
	return syscall_info(abi, nr)->name;
}

long udb_syscall_number(enum udb_abi abi, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(seccomp_arch(abi), name);

	return nr < 0 ? -1 : nr;
}

unsigned int udb_syscall_arity(enum udb_abi abi, long nr)
{
	const unsigned char *arity = abi == UDB_ABI_I386 ? sysarity_i386 : sysarity_x86_64;
	size_t n = abi == UDB_ABI_I386 ? sizeof(sysarity_i386) : sizeof(sysarity_x86_64);

	if (nr < 0 || (size_t)nr >= n || arity[nr] > 6)
		return 6;
	return arity[nr];
}

#define SIG(n, r, c, ...) { n, r, c, { __VA_ARGS__ } }
#define A(t) { t, 0 }
#define AX(t, i) { t, i }

static struct syscall_sig signatures[] = {
	SIG("read", R_DEC, 3, A(A_FD), A(A_BUF_OUT), A(A_ULONG)),
	SIG("write", R_DEC, 3, A(A_FD), AX(A_BUF_IN, 2), A(A_ULONG)),
	SIG("pread64", R_DEC, 4, A(A_FD), A(A_BUF_OUT), A(A_ULONG), A(A_LONG)),
	SIG("pwrite64", R_DEC, 4, A(A_FD), AX(A_BUF_IN, 2), A(A_ULONG), A(A_LONG)),
	SIG("readv", R_DEC, 3, A(A_FD), AX(A_IOVEC_OUT, 2), A(A_ULONG)),
	SIG("writev", R_DEC, 3, A(A_FD), AX(A_IOVEC_IN, 2), A(A_ULONG)),
	SIG("open", R_DEC, 3, A(A_PATH), A(A_OPEN_FLAGS), AX(A_OPEN_MODE, 1)),
	SIG("openat", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_OPEN_FLAGS), AX(A_OPEN_MODE, 2)),
	SIG("creat", R_DEC, 2, A(A_PATH), A(A_MODE)),
	SIG("close", R_DEC, 1, A(A_FD)),
	SIG("close_range", R_DEC, 3, A(A_FD), A(A_FD), A(A_HEX)),
	SIG("stat", R_DEC, 2, A(A_PATH), A(A_STAT_OUT)),
	SIG("lstat", R_DEC, 2, A(A_PATH), A(A_STAT_OUT)),
	SIG("fstat", R_DEC, 2, A(A_FD), A(A_STAT_OUT)),
	SIG("newfstatat", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_STAT_OUT), A(A_AT_FLAGS)),
	SIG("stat64", R_DEC, 2, A(A_PATH), A(A_STAT64_OUT)),
	SIG("lstat64", R_DEC, 2, A(A_PATH), A(A_STAT64_OUT)),
	SIG("fstat64", R_DEC, 2, A(A_FD), A(A_STAT64_OUT)),
	SIG("fstatat64", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_STAT64_OUT), A(A_AT_FLAGS)),
	SIG("statx", R_DEC, 5, A(A_DIRFD), A(A_PATH), A(A_STATX_FLAGS), A(A_STATX_MASK),
	    A(A_STATX_OUT)),
	SIG("statfs", R_DEC, 2, A(A_PATH), A(A_STATFS_OUT)),
	SIG("fstatfs", R_DEC, 2, A(A_FD), A(A_STATFS_OUT)),
	SIG("access", R_DEC, 2, A(A_PATH), A(A_ACCESS_MODE)),
	SIG("faccessat", R_DEC, 3, A(A_DIRFD), A(A_PATH), A(A_ACCESS_MODE)),
	SIG("faccessat2", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_ACCESS_MODE), A(A_AT_FLAGS)),
	SIG("mmap", R_HEX, 6, A(A_PTR), A(A_ULONG), A(A_PROT), A(A_MMAP_FLAGS), A(A_FD), A(A_HEX)),
	SIG("mmap2", R_HEX, 6, A(A_PTR), A(A_ULONG), A(A_PROT), A(A_MMAP_FLAGS), A(A_FD),
	    A(A_MMAP_PGOFF)),
	SIG("mprotect", R_DEC, 3, A(A_PTR), A(A_ULONG), A(A_PROT)),
	SIG("munmap", R_DEC, 2, A(A_PTR), A(A_ULONG)),
	SIG("mremap", R_HEX, 5, A(A_PTR), A(A_ULONG), A(A_ULONG), A(A_HEX), A(A_PTR)),
	SIG("madvise", R_DEC, 3, A(A_PTR), A(A_ULONG), A(A_MADV_ADVICE)),
	SIG("fadvise64", R_DEC, 4, A(A_FD), A(A_LONG), A(A_LONG), A(A_FADV_ADVICE)),
	SIG("brk", R_HEX, 1, A(A_PTR)),
	SIG("rt_sigaction", R_DEC, 4, A(A_SIGNAL), A(A_SIGACTION_IN), A(A_SIGACTION_OUT),
	    A(A_ULONG)),
	SIG("rt_sigprocmask", R_DEC, 4, A(A_SIGPROCMASK_HOW), A(A_SIGSET_IN), A(A_SIGSET_OUT),
	    A(A_ULONG)),
	SIG("rt_sigreturn", R_DEC, 0),
	SIG("sigreturn", R_DEC, 0),
	SIG("sigaltstack", R_DEC, 2, A(A_STACK_IN), A(A_STACK_OUT)),
	SIG("ioctl", R_DEC, 3, A(A_FD), A(A_IOCTL_REQ), AX(A_IOCTL_ARG, 1)),
	SIG("lseek", R_DEC, 3, A(A_FD), A(A_LONG), A(A_WHENCE)),
	SIG("getdents64", R_DEC, 3, A(A_FD), A(A_DIRENTS64_OUT), A(A_UINT)),
	SIG("getdents", R_DEC, 3, A(A_FD), A(A_DIRENTS_OUT), A(A_UINT)),
	SIG("dup", R_DEC, 1, A(A_FD)),
	SIG("dup2", R_DEC, 2, A(A_FD), A(A_FD)),
	SIG("dup3", R_DEC, 3, A(A_FD), A(A_FD), A(A_FD_FLAGS)),
	SIG("pipe", R_DEC, 1, A(A_PIPEFDS_OUT)),
	SIG("pipe2", R_DEC, 2, A(A_PIPEFDS_OUT), A(A_FD_FLAGS)),
	SIG("clone", R_DEC, 1, A(A_CLONE)),
	SIG("clone3", R_DEC, 2, A(A_PTR), A(A_ULONG)),
	SIG("fork", R_DEC, 0),
	SIG("vfork", R_DEC, 0),
	SIG("execve", R_DEC, 3, A(A_PATH), A(A_ARGV), A(A_ENVP)),
	SIG("execveat", R_DEC, 5, A(A_DIRFD), A(A_PATH), A(A_ARGV), A(A_ENVP), A(A_AT_FLAGS)),
	SIG("exit", R_NONE, 1, A(A_INT)),
	SIG("exit_group", R_NONE, 1, A(A_INT)),
	SIG("wait4", R_DEC, 4, A(A_INT), A(A_WAIT_STATUS_OUT), A(A_WAIT_OPTIONS), A(A_PTR)),
	SIG("waitid", R_DEC, 5, A(A_INT), A(A_INT), A(A_PTR), A(A_WAIT_OPTIONS), A(A_PTR)),
	SIG("kill", R_DEC, 2, A(A_INT), A(A_SIGNAL)),
	SIG("tkill", R_DEC, 2, A(A_INT), A(A_SIGNAL)),
	SIG("tgkill", R_DEC, 3, A(A_INT), A(A_INT), A(A_SIGNAL)),
	SIG("getpid", R_DEC, 0),
	SIG("restart_syscall", R_DEC, 0),
	SIG("getppid", R_DEC, 0),
	SIG("gettid", R_DEC, 0),
	SIG("getuid", R_DEC, 0),
	SIG("geteuid", R_DEC, 0),
	SIG("getgid", R_DEC, 0),
	SIG("getegid", R_DEC, 0),
	SIG("getuid32", R_DEC, 0),
	SIG("geteuid32", R_DEC, 0),
	SIG("getgid32", R_DEC, 0),
	SIG("getegid32", R_DEC, 0),
	SIG("getpgrp", R_DEC, 0),
	SIG("setsid", R_DEC, 0),
	SIG("sched_yield", R_DEC, 0),
	SIG("pause", R_DEC, 0),
	SIG("sync", R_DEC, 0),
	SIG("getpgid", R_DEC, 1, A(A_INT)),
	SIG("getsid", R_DEC, 1, A(A_INT)),
	SIG("setpgid", R_DEC, 2, A(A_INT), A(A_INT)),
	SIG("setuid", R_DEC, 1, A(A_UINT)),
	SIG("setgid", R_DEC, 1, A(A_UINT)),
	SIG("arch_prctl", R_DEC, 2, A(A_ARCH_PRCTL), A(A_HEX)),
	SIG("set_tid_address", R_DEC, 1, A(A_PTR)),
	SIG("set_thread_area", R_DEC, 1, A(A_PTR)),
	SIG("set_robust_list", R_DEC, 2, A(A_PTR), A(A_ULONG)),
	SIG("rseq", R_DEC, 4, A(A_PTR), A(A_HEX), A(A_INT), A(A_HEX)),
	SIG("prlimit64", R_DEC, 4, A(A_INT), A(A_RLIMIT_RESOURCE), A(A_RLIMIT64_IN),
	    A(A_RLIMIT64_OUT)),
	SIG("getrlimit", R_DEC, 2, A(A_RLIMIT_RESOURCE), A(A_RLIMIT_OUT)),
	SIG("ugetrlimit", R_DEC, 2, A(A_RLIMIT_RESOURCE), A(A_RLIMIT_OUT)),
	SIG("getrandom", R_DEC, 3, A(A_HEXBUF_OUT), A(A_ULONG), A(A_GRND_FLAGS)),
	SIG("futex", R_DEC, 2, A(A_PTR), A(A_FUTEX_OP)),
	SIG("nanosleep", R_DEC, 2, A(A_TIMESPEC_IN), A(A_TIMESPEC_OUT)),
	SIG("clock_nanosleep", R_DEC, 4, A(A_CLOCKID), A(A_TIMER_FLAGS), A(A_TIMESPEC_IN),
	    A(A_TIMESPEC_OUT)),
	SIG("clock_gettime", R_DEC, 2, A(A_CLOCKID), A(A_TIMESPEC_OUT)),
	SIG("clock_getres", R_DEC, 2, A(A_CLOCKID), A(A_TIMESPEC_OUT)),
	SIG("uname", R_DEC, 1, A(A_UTSNAME_OUT)),
	SIG("getcwd", R_DEC, 2, A(A_STR_OUT), A(A_ULONG)),
	SIG("chdir", R_DEC, 1, A(A_PATH)),
	SIG("fchdir", R_DEC, 1, A(A_FD)),
	SIG("chroot", R_DEC, 1, A(A_PATH)),
	SIG("mkdir", R_DEC, 2, A(A_PATH), A(A_MODE)),
	SIG("mkdirat", R_DEC, 3, A(A_DIRFD), A(A_PATH), A(A_MODE)),
	SIG("rmdir", R_DEC, 1, A(A_PATH)),
	SIG("unlink", R_DEC, 1, A(A_PATH)),
	SIG("unlinkat", R_DEC, 3, A(A_DIRFD), A(A_PATH), A(A_UNLINKAT_FLAGS)),
	SIG("rename", R_DEC, 2, A(A_PATH), A(A_PATH)),
	SIG("renameat", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_DIRFD), A(A_PATH)),
	SIG("renameat2", R_DEC, 5, A(A_DIRFD), A(A_PATH), A(A_DIRFD), A(A_PATH), A(A_HEX)),
	SIG("link", R_DEC, 2, A(A_PATH), A(A_PATH)),
	SIG("symlink", R_DEC, 2, A(A_PATH), A(A_PATH)),
	SIG("readlink", R_DEC, 3, A(A_PATH), A(A_BUF_OUT), A(A_ULONG)),
	SIG("readlinkat", R_DEC, 4, A(A_DIRFD), A(A_PATH), A(A_BUF_OUT), A(A_ULONG)),
	SIG("chmod", R_DEC, 2, A(A_PATH), A(A_MODE)),
	SIG("fchmod", R_DEC, 2, A(A_FD), A(A_MODE)),
	SIG("fchmodat", R_DEC, 3, A(A_DIRFD), A(A_PATH), A(A_MODE)),
	SIG("chown", R_DEC, 3, A(A_PATH), A(A_INT), A(A_INT)),
	SIG("fchown", R_DEC, 3, A(A_FD), A(A_INT), A(A_INT)),
	SIG("umask", R_OCTAL, 1, A(A_UMASK)),
	SIG("truncate", R_DEC, 2, A(A_PATH), A(A_LONG)),
	SIG("ftruncate", R_DEC, 2, A(A_FD), A(A_LONG)),
	SIG("fsync", R_DEC, 1, A(A_FD)),
	SIG("fdatasync", R_DEC, 1, A(A_FD)),
	SIG("fcntl", R_FCNTL, 2, A(A_FD), A(A_FCNTL_CMD)),
	SIG("fcntl64", R_FCNTL, 2, A(A_FD), A(A_FCNTL_CMD)),
	SIG("socket", R_DEC, 3, A(A_SOCK_DOMAIN), A(A_SOCK_TYPE), A(A_INT)),
	SIG("connect", R_DEC, 3, A(A_FD), AX(A_SOCKADDR_IN, 2), A(A_UINT)),
	SIG("bind", R_DEC, 3, A(A_FD), AX(A_SOCKADDR_IN, 2), A(A_UINT)),
	SIG("listen", R_DEC, 2, A(A_FD), A(A_INT)),
	SIG("sendto", R_DEC, 6, A(A_FD), AX(A_BUF_IN, 2), A(A_ULONG), A(A_HEX), A(A_PTR),
	    A(A_UINT)),
	SIG("recvfrom", R_DEC, 6, A(A_FD), A(A_BUF_OUT), A(A_ULONG), A(A_HEX), A(A_PTR),
	    A(A_PTR)),
	SIG("sendmsg", R_DEC, 3, A(A_FD), A(A_MSGHDR_IN), A(A_MSG_FLAGS)),
	SIG("recvmsg", R_DEC, 3, A(A_FD), A(A_MSGHDR_OUT), A(A_MSG_FLAGS)),
	SIG("sendmmsg", R_DEC, 4, A(A_FD), AX(A_MMSGHDR_IN, 2), A(A_UINT), A(A_MSG_FLAGS)),
	SIG("recvmmsg", R_RECVMMSG, 5, A(A_FD), AX(A_MMSGHDR_OUT, 2), A(A_UINT), A(A_MSG_FLAGS),
	    A(A_MMSG_TIMEOUT)),
	SIG("shutdown", R_DEC, 2, A(A_FD), A(A_INT)),
	SIG("getsockname", R_DEC, 3, A(A_FD), AX(A_SOCKADDR_OUT, 2), A(A_SOCKLEN)),
	SIG("getpeername", R_DEC, 3, A(A_FD), AX(A_SOCKADDR_OUT, 2), A(A_SOCKLEN)),
	SIG("accept", R_DEC, 3, A(A_FD), AX(A_SOCKADDR_OUT, 2), A(A_SOCKLEN)),
	SIG("accept4", R_DEC, 4, A(A_FD), AX(A_SOCKADDR_OUT, 2), A(A_SOCKLEN), A(A_SOCK_FLAGS)),
	SIG("getxattr", R_DEC, 4, A(A_PATH), A(A_STR), A(A_BUF_OUT), A(A_ULONG)),
	SIG("lgetxattr", R_DEC, 4, A(A_PATH), A(A_STR), A(A_BUF_OUT), A(A_ULONG)),
	SIG("fgetxattr", R_DEC, 4, A(A_FD), A(A_STR), A(A_BUF_OUT), A(A_ULONG)),
	SIG("symlinkat", R_DEC, 3, A(A_PATH), A(A_DIRFD), A(A_PATH)),
	SIG("linkat", R_DEC, 5, A(A_DIRFD), A(A_PATH), A(A_DIRFD), A(A_PATH), A(A_AT_FLAGS)),
	SIG("copy_file_range", R_DEC, 6, A(A_FD), A(A_PTR), A(A_FD), A(A_PTR), A(A_ULONG),
	    A(A_UINT)),
	SIG("poll", R_POLL, 3, AX(A_POLLFDS, 1), A(A_UINT), A(A_INT)),
	SIG("ppoll", R_DEC, 5, A(A_PTR), A(A_UINT), A(A_TIMESPEC_IN), A(A_SIGSET_IN), A(A_ULONG)),
	SIG("select", R_DEC, 5, A(A_INT), A(A_PTR), A(A_PTR), A(A_PTR), A(A_PTR)),
	SIG("pselect6", R_DEC, 6, A(A_INT), A(A_PTR), A(A_PTR), A(A_PTR), A(A_PTR), A(A_PTR)),
	SIG("epoll_create1", R_DEC, 1, A(A_EPOLL_FLAGS)),
	SIG("epoll_ctl", R_DEC, 4, A(A_FD), A(A_INT), A(A_FD), A(A_PTR)),
	SIG("epoll_wait", R_DEC, 4, A(A_FD), A(A_PTR), A(A_INT), A(A_INT)),
	SIG("epoll_pwait", R_DEC, 6, A(A_FD), A(A_PTR), A(A_INT), A(A_INT), A(A_SIGSET_IN),
	    A(A_ULONG)),
	SIG("eventfd2", R_DEC, 2, A(A_UINT), A(A_FD_FLAGS)),
	SIG("sysinfo", R_DEC, 1, A(A_SYSINFO_OUT)),
	SIG("times", R_DEC, 1, A(A_PTR)),
	SIG("gettimeofday", R_DEC, 2, A(A_TIMEVAL_OUT), A(A_TIMEZONE_OUT)),
	SIG("settimeofday", R_DEC, 2, A(A_TIMEVAL_IN), A(A_TIMEZONE_IN)),
	SIG("time", R_DEC, 1, A(A_PTR)),
	SIG("sched_getaffinity", R_DEC, 3, A(A_INT), A(A_UINT), A(A_CPUSET_OUT)),
	SIG("prctl", R_DEC, 5, A(A_INT), A(A_HEX), A(A_HEX), A(A_HEX), A(A_HEX)),
	SIG("getcpu", R_DEC, 3, A(A_PTR), A(A_PTR), A(A_PTR)),
	SIG("membarrier", R_DEC, 3, A(A_INT), A(A_HEX), A(A_INT)),
	SIG("getpriority", R_DEC, 2, A(A_INT), A(A_INT)),
	SIG("setpriority", R_DEC, 3, A(A_INT), A(A_INT), A(A_INT)),
	SIG("_llseek", R_DEC, 5, A(A_FD), A(A_ULONG), A(A_ULONG), A(A_PTR), A(A_WHENCE)),
	SIG("_newselect", R_DEC, 5, A(A_INT), A(A_PTR), A(A_PTR), A(A_PTR), A(A_PTR)),
};

static int signature_cmp(const void *a, const void *b)
{
	return strcmp(((const struct syscall_sig *)a)->name,
		      ((const struct syscall_sig *)b)->name);
}

const struct syscall_sig *syscall_signature(const char *name)
{
	static int sorted;
	struct syscall_sig key = { .name = name };
	const size_t n = sizeof(signatures) / sizeof(signatures[0]);

	if (!sorted) {
		qsort(signatures, n, sizeof(signatures[0]), signature_cmp);
		sorted = 1;
	}
	return bsearch(&key, signatures, n, sizeof(signatures[0]), signature_cmp);
}
