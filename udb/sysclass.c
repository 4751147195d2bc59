// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syscall classes of -e trace=%CLASS, with strace's names: which
 * syscalls take a file name, a descriptor, make or end processes, and so
 * on. A syscall belongs to as many classes as fit it, as strace counts
 * them: the socket calls are %network only, although they take or make a
 * descriptor (strace -e trace=%desc shows none of them).
 */
#include <string.h>
#include "decode.h"

struct syscall_class {
	const char *name;
	const char *const *members;
};

static const char *const class_file[] = {
	"open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat", "stat64",
	"lstat64", "fstatat64", "statx", "statfs", "statfs64", "access", "faccessat",
	"faccessat2", "execve", "execveat", "chdir", "chroot", "mkdir", "mkdirat", "rmdir",
	"unlink", "unlinkat", "rename", "renameat", "renameat2", "link", "linkat",
	"symlink", "symlinkat", "readlink", "readlinkat", "chmod", "fchmodat", "fchmodat2",
	"chown", "lchown", "fchownat", "chown32", "lchown32", "truncate", "truncate64",
	"utime", "utimes", "utimensat", "futimesat", "mknod", "mknodat", "getxattr",
	"lgetxattr", "setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr",
	"lremovexattr", "mount", "umount", "umount2", "swapon", "swapoff", "pivot_root",
	"acct", "uselib", "quotactl", "name_to_handle_at", "inotify_add_watch",
	"fanotify_mark", "open_tree", "move_mount", "mount_setattr", NULL
};

static const char *const class_desc[] = {
	"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev",
	"preadv2", "pwritev2", "open", "openat", "openat2", "creat", "close", "close_range",
	"fstat", "fstat64", "newfstatat", "fstatat64", "statx", "fstatfs", "fstatfs64",
	"lseek", "_llseek", "ioctl", "fcntl", "fcntl64", "dup", "dup2", "dup3", "pipe",
	"pipe2", "getdents", "getdents64", "fsync", "fdatasync", "ftruncate",
	"ftruncate64", "fchdir", "fchmod", "fchmodat", "fchown", "fchown32", "fchownat",
	"mmap", "mmap2", "poll", "ppoll", "select", "_newselect", "pselect6",
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"epoll_pwait2", "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create",
	"timerfd_settime", "timerfd_gettime", "inotify_init", "inotify_init1",
	"inotify_add_watch", "inotify_rm_watch", "memfd_create", "sendfile", "sendfile64",
	"splice", "tee", "vmsplice", "copy_file_range", "flock", "fadvise64",
	"fadvise64_64", "fallocate", "readahead", "faccessat", "faccessat2", "mkdirat",
	"mknodat", "unlinkat", "renameat", "renameat2", "linkat", "symlinkat",
	"readlinkat", "utimensat", "futimesat", "execveat", "fgetxattr", "fsetxattr",
	"flistxattr", "fremovexattr", "syncfs", "pidfd_open", "pidfd_getfd",
	"io_uring_setup", "io_uring_enter", "io_uring_register", "name_to_handle_at",
	"open_by_handle_at",
	"fanotify_init", "fanotify_mark", "perf_event_open", "userfaultfd", NULL
};

static const char *const class_process[] = {
	"clone", "clone3", "fork", "vfork", "execve", "execveat", "exit", "exit_group",
	"wait4", "waitid", "waitpid", "kill", "tkill", "tgkill", "rt_sigqueueinfo",
	"rt_tgsigqueueinfo", "pidfd_send_signal", "pidfd_open", "unshare", NULL
};

static const char *const class_network[] = {
	"socket", "socketpair", "bind", "connect", "listen", "accept", "accept4",
	"getsockname", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg",
	"sendmmsg", "recvmmsg", "shutdown", "setsockopt", "getsockopt", "socketcall",
	"send", "recv", NULL
};

static const char *const class_signal[] = {
	"kill", "tkill", "tgkill", "rt_sigaction", "sigaction", "signal", "rt_sigprocmask",
	"sigprocmask", "rt_sigpending", "sigpending", "rt_sigsuspend", "sigsuspend",
	"rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
	"rt_sigreturn", "sigreturn", "sigaltstack", "pause", "signalfd", "signalfd4",
	"pidfd_send_signal", "sgetmask", "ssetmask", NULL
};

static const char *const class_memory[] = {
	"brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mlock",
	"mlock2", "munlock", "mlockall", "munlockall", "mincore", "msync",
	"remap_file_pages", "mbind", "set_mempolicy", "get_mempolicy", "migrate_pages",
	"move_pages", "pkey_mprotect", "process_madvise", "memfd_secret", "shmat", "shmdt",
	NULL
};

static const char *const class_ipc[] = {
	"msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop", "semctl",
	"shmget", "shmat", "shmdt", "shmctl", "ipc", NULL
};

static const char *const class_creds[] = {
	"getuid", "setuid", "getgid", "setgid", "geteuid", "getegid", "setreuid",
	"setregid", "setresuid", "getresuid", "setresgid", "getresgid", "setfsuid",
	"setfsgid", "getgroups", "setgroups", "capget", "capset", "getuid32", "setuid32",
	"getgid32", "setgid32", "geteuid32", "getegid32", "setreuid32", "setregid32",
	"setresuid32", "getresuid32", "setresgid32", "getresgid32", "setfsuid32",
	"setfsgid32", "getgroups32", "setgroups32", NULL
};

static const struct syscall_class classes[] = {
	{ "file", class_file }, { "desc", class_desc }, { "process", class_process },
	{ "network", class_network }, { "net", class_network }, { "signal", class_signal },
	{ "memory", class_memory }, { "ipc", class_ipc }, { "creds", class_creds },
};

const char *const *udb_syscall_class(const char *name)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (!strcmp(classes[i].name, name))
			return classes[i].members;
	return NULL;
}
