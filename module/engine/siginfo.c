// SPDX-License-Identifier: GPL-2.0
/*
 * utracer engine layer: a signal's siginfo as the thread that receives it
 * sees it in a handler, in the layout of its ABI.
 *
 * The kernel's own converters (copy_siginfo_to_user(),
 * copy_siginfo_to_external32(), siginfo_layout()) are not exported to
 * modules: the user layouts are built here from the kernel_siginfo's
 * fields, by the rules of the kernel's signal ABI.
 */
#include <linux/signal.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/compat.h>
#include <linux/string.h>
#include "internal.h"

static_assert(sizeof(struct kernel_siginfo) <= UTRACE_SIGINFO_SIZE);
static_assert(sizeof(siginfo_t) == UTRACE_SIGINFO_SIZE);
#ifdef CONFIG_COMPAT
static_assert(sizeof(struct compat_siginfo) == UTRACE_SIGINFO_SIZE);
#endif

/**
 * utrace_siginfo_sent() - the siginfo a sent signal carries
 * @out: filled in
 * @sig: the signal
 * @info: as the signal tracepoints pass it: a siginfo, or SEND_SIG_NOINFO
 *	(sent by current as SI_USER) or SEND_SIG_PRIV (sent by the kernel)
 *
 * The two tokens stand for the siginfo the kernel then queues: SI_USER
 * with current's pid and uid, or SI_KERNEL with neither.
 *
 * Context: any; current is the sender.
 */
void utrace_siginfo_sent(kernel_siginfo_t *out, int sig, const struct kernel_siginfo *info)
{
	if (info != SEND_SIG_NOINFO && info != SEND_SIG_PRIV) {
		copy_siginfo(out, info);
		return;
	}
	clear_siginfo(out);
	out->si_signo = sig;
	if (info == SEND_SIG_NOINFO) {
		out->si_code = SI_USER;
		out->si_pid = task_tgid_vnr(current);
		out->si_uid = from_kuid_munged(current_user_ns(), current_uid());
	} else {
		out->si_code = SI_KERNEL;
	}
}

/*
 * Which member of the siginfo union a signal and code fill: positive
 * codes below SI_KERNEL are the kernel's own, per signal, up to the
 * signal's NSIG* count; a small one on another signal is an F_SETSIG
 * SIGPOLL code; negative codes are user space's (sigqueue and friends).
 */
static enum siginfo_layout utrace_siginfo_layout(int sig, int code)
{
	if (code == SI_TIMER)
		return SIL_TIMER;
	if (code == SI_SIGIO)
		return SIL_POLL;
	if (code < 0)
		return SIL_RT;
	if (code == SI_USER || code >= SI_KERNEL)
		return SIL_KILL;
	switch (sig) {
	case SIGILL:
		if (code <= NSIGILL)
			return SIL_FAULT;
		break;
	case SIGFPE:
		if (code <= NSIGFPE)
			return SIL_FAULT;
		break;
	case SIGSEGV:
		if (code > NSIGSEGV)
			break;
		if (code == SEGV_BNDERR)
			return SIL_FAULT_BNDERR;
		if (code == SEGV_PKUERR)
			return SIL_FAULT_PKUERR;
		return SIL_FAULT;
	case SIGBUS:
		if (code > NSIGBUS)
			break;
		if (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO)
			return SIL_FAULT_MCEERR;
		return SIL_FAULT;
	case SIGTRAP:
		if (code > NSIGTRAP)
			break;
		return code == TRAP_PERF ? SIL_FAULT_PERF_EVENT : SIL_FAULT;
	case SIGCHLD:
		if (code <= NSIGCHLD)
			return SIL_CHLD;
		break;
	case SIGPOLL:
		if (code <= NSIGPOLL)
			return SIL_POLL;
		break;
	case SIGSYS:
		if (code <= NSIGSYS)
			return SIL_SYS;
		break;
	default:
		break;
	}
	return code <= NSIGPOLL ? SIL_POLL : SIL_KILL;
}

static bool utrace_siginfo_layout_fault(enum siginfo_layout layout)
{
	switch (layout) {
	case SIL_FAULT:
	case SIL_FAULT_TRAPNO:
	case SIL_FAULT_MCEERR:
	case SIL_FAULT_BNDERR:
	case SIL_FAULT_PKUERR:
	case SIL_FAULT_PERF_EVENT:
		return true;
	default:
		return false;
	}
}

#ifdef CONFIG_COMPAT
/* The 32-bit siginfo of an ia32 thread: each field of the layout, narrowed. */
static void utrace_siginfo_compat(struct compat_siginfo *to, const kernel_siginfo_t *from,
				  enum siginfo_layout layout)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = from->si_signo;
	to->si_errno = from->si_errno;
	to->si_code = from->si_code;
	if (utrace_siginfo_layout_fault(layout))
		to->si_addr = ptr_to_compat(from->si_addr);
	switch (layout) {
	case SIL_KILL:
		to->si_pid = from->si_pid;
		to->si_uid = from->si_uid;
		break;
	case SIL_TIMER:
		to->si_tid = from->si_tid;
		to->si_overrun = from->si_overrun;
		to->si_int = from->si_int;
		break;
	case SIL_POLL:
		to->si_band = from->si_band;
		to->si_fd = from->si_fd;
		break;
	case SIL_FAULT:
		break;
	case SIL_FAULT_TRAPNO:
		to->si_trapno = from->si_trapno;
		break;
	case SIL_FAULT_MCEERR:
		to->si_addr_lsb = from->si_addr_lsb;
		break;
	case SIL_FAULT_BNDERR:
		to->si_lower = ptr_to_compat(from->si_lower);
		to->si_upper = ptr_to_compat(from->si_upper);
		break;
	case SIL_FAULT_PKUERR:
		to->si_pkey = from->si_pkey;
		break;
	case SIL_FAULT_PERF_EVENT:
		to->si_perf_data = from->si_perf_data;
		to->si_perf_type = from->si_perf_type;
		to->si_perf_flags = from->si_perf_flags;
		break;
	case SIL_CHLD:
		to->si_pid = from->si_pid;
		to->si_uid = from->si_uid;
		to->si_status = from->si_status;
		to->si_utime = from->si_utime;
		to->si_stime = from->si_stime;
		break;
	case SIL_RT:
		to->si_pid = from->si_pid;
		to->si_uid = from->si_uid;
		to->si_int = from->si_int;
		break;
	case SIL_SYS:
		to->si_call_addr = ptr_to_compat(from->si_call_addr);
		to->si_syscall = from->si_syscall;
		to->si_arch = from->si_arch;
		break;
	}
}
#endif

/**
 * utrace_siginfo_to_user() - the siginfo_t a handler of @task receives
 * @task: the thread the signal is for
 * @info: the signal's siginfo
 * @r: the SIGNAL report whose @siginfo_arch, @has_addr and @addr are set
 * @buf: UTRACE_SIGINFO_SIZE bytes, the user layout: what
 *	copy_siginfo_to_user() writes for a 64-bit thread (the kernel_siginfo
 *	then zeroes), the 32-bit layout for a thread running ia32 code
 *
 * The ABI is utrace_arch_signal_abi()'s; without CONFIG_COMPAT there is
 * one, the native.
 *
 * Context: any; @task is current or cannot return to user mode meanwhile.
 */
void utrace_siginfo_to_user(struct task_struct *task, const kernel_siginfo_t *info,
			    struct utrace_report *r, u8 buf[UTRACE_SIGINFO_SIZE])
{
	enum siginfo_layout layout = utrace_siginfo_layout(info->si_signo, info->si_code);

	r->signal.has_addr = utrace_siginfo_layout_fault(layout);
	r->signal.siginfo = buf;
	r->signal.siginfo_arch = utrace_arch_signal_abi(task);
#ifdef CONFIG_COMPAT
	if (r->signal.siginfo_arch == UTRACE_ARCH_I386) {
		struct compat_siginfo *to = (struct compat_siginfo *)buf;

		utrace_siginfo_compat(to, info, layout);
		r->signal.addr = r->signal.has_addr ? to->si_addr : 0;
		return;
	}
#endif
	memcpy(buf, info, sizeof(*info));
	memset(buf + sizeof(*info), 0, UTRACE_SIGINFO_SIZE - sizeof(*info));
	r->signal.addr = r->signal.has_addr ? (unsigned long)info->si_addr : 0;
}
