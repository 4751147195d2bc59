// SPDX-License-Identifier: GPL-2.0
/*
 * utracer interface layer: the cmd file. Commands arrive by ioctl() (with
 * answers written back into the argument) or by write() of command
 * records (the batch path, for commands without an answer). Every command
 * is one entry of utracer_cmds[]; the steps they share (copy in, the size
 * check, the answer, ending the target the handler found with target.c's
 * utracer_cmd_find_target()) are made here, around its handler (control.c,
 * query.c, breakpoint.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/bitmap.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "iface.h"

/*
 * utracer_copy_in() - copy a sized struct from user space
 * @min_size: the struct's first published size
 * RETURNS: 0; -EFAULT; -EINVAL when the caller's size is below @min_size;
 * -E2BIG when it is larger than ours and the tail is not zero, or larger
 * than a page.
 */
int utracer_copy_in(void *dst, size_t ksize, size_t min_size, const void __user *src)
{
	u32 usize;
	int ret;

	if (get_user(usize, (const u32 __user *)src))
		return -EFAULT;
	if (usize < min_size)
		return -EINVAL;
	/* No struct will ever be this big: do not scan gigabytes for zeros. */
	if (usize > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(dst, ksize, src, usize);
	if (ret)
		return ret;
	return 0;
}

/* Copy back the part of the struct the caller knows (its size field). */
int utracer_copy_out(void __user *dst, const void *src, size_t ksize)
{
	size_t n = min_t(size_t, *(const u32 *)src, ksize);

	return copy_to_user(dst, src, n) ? -EFAULT : 0;
}

/*
 * Features not tied to one command (flags of a command, ways to use the
 * files); each command's own bit is in its table entry.
 */
#define UTRACER_FEAT_GENERAL	(UTRACER_FEAT_ATTACH_THREAD | UTRACER_FEAT_LOSSY | \
				 UTRACER_FEAT_CMD_WRITE | UTRACER_FEAT_POLL | \
				 UTRACER_FEAT_QUIESCE_WAIT | UTRACER_FEAT_RING | \
				 UTRACER_FEAT_CLIENT_FD | UTRACER_FEAT_RING_WAKEUP)

/* Every command's struct fits a buffer of this size on the stack. */
#define UTRACER_CMD_ARG_MAX	256

/**
 * struct utracer_cmd - one command of the cmd file
 * @nr: its UTRACER_IOC_* number; its direction says whether it answers;
 *	its size bits are not compared (utracer_ioc_match())
 * @size: sizeof() of its struct, as this module knows it
 * @size_ver0: the struct's first published size (its _SIZE_VER0)
 * @feature: the UTRACER_FEAT_* bit VERSION announces it by (0: always there)
 * @answers_enospc: the struct is copied back on -ENOSPC too (the size needed)
 * @handler: checks its flags, finds its target (utracer_cmd_find_target())
 *	and acts; returns 0 or -errno
 * @op: for a handler shared by several commands, which one (@c->op)
 */
struct utracer_cmd {
	unsigned int nr;
	u16 size;
	u16 size_ver0;
	u64 feature;
	bool answers_enospc;
	long (*handler)(struct utracer_cmd_ctx *c);
	unsigned int op;
};

#define UTRACER_CMD_OP(ioc, type, ver, feat, fn, _op)				\
	{ .nr = UTRACER_IOC_##ioc,						\
	  .size = sizeof(struct utracer_##type) +				\
		  BUILD_BUG_ON_ZERO(sizeof(struct utracer_##type) > UTRACER_CMD_ARG_MAX), \
	  .size_ver0 = UTRACER_##ver##_SIZE_VER0, .feature = (feat), .handler = (fn), \
	  .op = (_op) }
#define UTRACER_CMD(ioc, type, ver, feat, fn) UTRACER_CMD_OP(ioc, type, ver, feat, fn, 0)

static long utracer_cmd_version(struct utracer_cmd_ctx *c);

static const struct utracer_cmd utracer_cmds[] = {
	UTRACER_CMD(VERSION, version, VERSION, 0, utracer_cmd_version),
	UTRACER_CMD(ATTACH, attach, ATTACH, 0, utracer_cmd_attach),
	UTRACER_CMD_OP(DETACH, target, TARGET, 0, utracer_cmd_target, UTRACER_TARGET_DETACH),
	UTRACER_CMD_OP(QUIESCE, target, TARGET, UTRACER_FEAT_QUIESCE, utracer_cmd_target,
		       UTRACER_TARGET_QUIESCE),
	UTRACER_CMD_OP(RUN, target, TARGET, UTRACER_FEAT_QUIESCE, utracer_cmd_target,
		       UTRACER_TARGET_RUN),
	UTRACER_CMD(SET_EVENTS, set_events, SET_EVENTS, 0, utracer_cmd_set_events),
	UTRACER_CMD_OP(SYSCALL_FILTER, syscall_filter, SYSCALL_FILTER, UTRACER_FEAT_SYSCALL_FILTER,
		       utracer_cmd_syscall_filter, false),
	UTRACER_CMD(REGSET_LIST, regset_list, REGSET_LIST, UTRACER_FEAT_REGSETS,
		    utracer_cmd_regset_list),
	{ .nr = UTRACER_IOC_REGSET_READ, .size = sizeof(struct utracer_regset_read),
	  .size_ver0 = UTRACER_REGSET_READ_SIZE_VER0, .feature = UTRACER_FEAT_REGSETS,
	  .answers_enospc = true, .handler = utracer_cmd_regset_read },
	UTRACER_CMD(MEM_READ, mem_read, MEM_READ, UTRACER_FEAT_MEM_READ, utracer_cmd_mem_read),
	UTRACER_CMD_OP(ENV, buf_query, BUF_QUERY, UTRACER_FEAT_ENV, utracer_cmd_query,
		       UTRACER_QUERY_ENV),
	UTRACER_CMD_OP(MAPS, buf_query, BUF_QUERY, UTRACER_FEAT_MAPS, utracer_cmd_query,
		       UTRACER_QUERY_MAPS),
	UTRACER_CMD_OP(EXE, buf_query, BUF_QUERY, UTRACER_FEAT_EXE, utracer_cmd_query,
		       UTRACER_QUERY_EXE),
	UTRACER_CMD(TASK_LIST, task_list, TASK_LIST, UTRACER_FEAT_TASKS, utracer_cmd_task_list),
	UTRACER_CMD(CHECK_PID, check_pid, CHECK_PID, UTRACER_FEAT_TASKS, utracer_cmd_check_pid),
	UTRACER_CMD_OP(AUXV, buf_query, BUF_QUERY, UTRACER_FEAT_AUXV, utracer_cmd_query,
		       UTRACER_QUERY_AUXV),
	UTRACER_CMD_OP(CMDLINE, buf_query, BUF_QUERY, UTRACER_FEAT_CMDLINE, utracer_cmd_query,
		       UTRACER_QUERY_CMDLINE),
	UTRACER_CMD(STATUS, status, STATUS, UTRACER_FEAT_STATUS, utracer_cmd_status),
	UTRACER_CMD_OP(FDS, buf_query, BUF_QUERY, UTRACER_FEAT_FDS, utracer_cmd_query,
		       UTRACER_QUERY_FDS),
	UTRACER_CMD(REGSET_WRITE, regset_write, REGSET_WRITE, UTRACER_FEAT_REGSET_WRITE,
		    utracer_cmd_regset_write),
	UTRACER_CMD(MEM_WRITE, mem_write, MEM_WRITE, UTRACER_FEAT_MEM_WRITE,
		    utracer_cmd_mem_write),
	UTRACER_CMD(SET_FOLLOW, set_follow, SET_FOLLOW, UTRACER_FEAT_FOLLOW,
		    utracer_cmd_set_follow),
	UTRACER_CMD_OP(SYSCALL_STOPS, syscall_filter, SYSCALL_FILTER, UTRACER_FEAT_SYSCALL_STOPS,
		       utracer_cmd_syscall_filter, true),
	UTRACER_CMD(BP_SET, bp_set, BP_SET, UTRACER_FEAT_BREAKPOINT, utracer_cmd_bp_set),
	UTRACER_CMD(BP_REMOVE, bp_remove, BP_REMOVE, UTRACER_FEAT_BREAKPOINT,
		    utracer_cmd_bp_remove),
	UTRACER_CMD(BP_LIST, bp_list, BP_LIST, UTRACER_FEAT_BREAKPOINT, utracer_cmd_bp_list),
	UTRACER_CMD(HWBP_SET, hwbp_set, HWBP_SET, UTRACER_FEAT_HWBP, utracer_cmd_hwbp_set),
	UTRACER_CMD(HWBP_REMOVE, bp_remove, BP_REMOVE, UTRACER_FEAT_HWBP,
		    utracer_cmd_hwbp_remove),
	UTRACER_CMD(HWBP_LIST, bp_list, BP_LIST, UTRACER_FEAT_HWBP, utracer_cmd_hwbp_list),
	UTRACER_CMD(SIGNAL_HOLDS, signal_holds, SIGNAL_HOLDS, UTRACER_FEAT_SIGNAL_HOLD,
		    utracer_cmd_signal_holds),
	UTRACER_CMD(SIGNAL_VERDICT, signal_verdict, SIGNAL_VERDICT, UTRACER_FEAT_SIGNAL_HOLD,
		    utracer_cmd_signal_verdict),
	UTRACER_CMD_OP(STEP, target, TARGET, UTRACER_FEAT_STEP, utracer_cmd_target,
		       UTRACER_TARGET_STEP),
	UTRACER_CMD(SYSCALL_CAPTURE, syscall_capture, SYSCALL_CAPTURE, UTRACER_FEAT_CAPTURE,
		    utracer_cmd_syscall_capture),
};

static void utracer_version_fill(struct utracer_version *v)
{
	unsigned int i;

	v->api_major = UTRACER_API_MAJOR;
	v->api_minor = UTRACER_API_MINOR;
	v->max_syscall = UTRACER_SYSCALL_MAX;
	v->features = UTRACER_FEAT_GENERAL;
	if (utrace_syscall_before_supported())
		v->features |= UTRACER_FEAT_SYSCALL_BEFORE;
	for (i = 0; i < ARRAY_SIZE(utracer_cmds); i++)
		v->features |= utracer_cmds[i].feature;
	v->events = UTRACER_EVMASK_ALL | UTRACER_EVMASK(UTRACER_EV_STOP) |
		    UTRACER_EVMASK(UTRACER_EV_DETACH) | UTRACER_EVMASK(UTRACER_EV_LOST) |
		    UTRACER_EVMASK(UTRACER_EV_BREAKPOINT) | UTRACER_EVMASK(UTRACER_EV_HWBP);
	memset(v->reserved, 0, sizeof(v->reserved));
}

static long utracer_cmd_version(struct utracer_cmd_ctx *c)
{
	utracer_version_fill(c->arg);
	return 0;
}

/* UTRACER_IOC_VERSION on the control file, where no client exists yet. */
long utracer_version_ioctl(void __user *arg)
{
	struct utracer_version v;
	int ret;

	ret = utracer_copy_in(&v, sizeof(v), UTRACER_VERSION_SIZE_VER0, arg);
	if (ret)
		return ret;
	utracer_version_fill(&v);
	return utracer_copy_out(arg, &v, sizeof(v));
}

/**
 * utracer_ioc_match() - whether an ioctl number names a command
 * @nr: the number the caller gave (ioctl() or struct utracer_cmd_record.cmd)
 * @ioc: the command's UTRACER_IOC_* number
 * @size_ver0: its struct's first published size (its _SIZE_VER0); 0 for a
 *	command without a struct
 *
 * The type, number and direction must be @ioc's. The size bits are the
 * sizeof() of the struct the caller was compiled with, so they may be any
 * size from @size_ver0 to a page; a command without a struct takes size
 * bits of 0 only. The struct's own size field, not these bits, then says
 * how much is copied (utracer_copy_in(), utracer_copy_out()).
 */
bool utracer_ioc_match(unsigned int nr, unsigned int ioc, unsigned int size_ver0)
{
	unsigned int size = _IOC_SIZE(nr);

	if ((nr ^ ioc) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))
		return false;
	if (!size_ver0)
		return !size;
	return size >= size_ver0 && size <= PAGE_SIZE;
}

static const struct utracer_cmd *utracer_cmd_lookup(unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(utracer_cmds); i++)
		if (utracer_ioc_match(nr, utracer_cmds[i].nr, utracer_cmds[i].size_ver0))
			return &utracer_cmds[i];
	return NULL;
}

/*
 * Commands are matched by type, number and direction (utracer_ioc_match());
 * the struct's size field rules: copy it in, run the handler, end its
 * target, copy the answer back.
 */
static long utracer_dispatch(struct file *file, unsigned int nr, void __user *arg)
{
	u64 buf[UTRACER_CMD_ARG_MAX / sizeof(u64)];
	struct utracer_cmd_ctx c = {
		.client = file->private_data,
		.file = file,
		.arg = buf,
	};
	const struct utracer_cmd *cmd;
	long ret;

	if (_IOC_TYPE(nr) != UTRACER_IOC_MAGIC)
		return -ENOTTY;
	cmd = utracer_cmd_lookup(nr);
	if (!cmd)
		return -ENOTTY;
	ret = utracer_copy_in(buf, cmd->size, cmd->size_ver0, arg);
	if (ret)
		return ret;
	c.op = cmd->op;
	ret = cmd->handler(&c);
	if (c.att)
		utracer_target_end(c.att, c.held);
	if (!(_IOC_DIR(nr) & _IOC_READ))
		return ret;
	if (ret && !(ret == -ENOSPC && cmd->answers_enospc))
		return ret;
	if (utracer_copy_out(arg, buf, cmd->size))
		return -EFAULT;
	return ret;
}

long utracer_cmd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int ret = utracer_client_caller_ok(file->private_data);

	if (ret)
		return ret;
	return utracer_dispatch(file, cmd, (void __user *)arg);
}

/*
 * utracer_cmd_write() - a batch of struct utracer_cmd_record
 * RETURNS: the bytes of the records executed; the first record's error if
 * none was; -EINVAL for a malformed record or a command with an answer.
 */
ssize_t utracer_cmd_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	struct utracer_cmd_record rec;
	size_t off = 0;
	u32 size;
	long ret = utracer_client_caller_ok(file->private_data);

	if (ret)
		return ret;
	while (off < count) {
		if (count - off < sizeof(rec) ||
		    copy_from_user(&rec, buf + off, sizeof(rec))) {
			ret = count - off < sizeof(rec) ? -EINVAL : -EFAULT;
			break;
		}
		if (rec.rec_len < sizeof(rec) + sizeof(u32) || rec.rec_len % 8 ||
		    rec.rec_len > count - off || _IOC_DIR(rec.cmd) != _IOC_WRITE) {
			ret = -EINVAL;
			break;
		}
		if (get_user(size, (const u32 __user *)(buf + off + sizeof(rec)))) {
			ret = -EFAULT;
			break;
		}
		if (size > rec.rec_len - sizeof(rec)) {
			ret = -EINVAL;
			break;
		}
		ret = utracer_dispatch(file, rec.cmd, (void __user *)(buf + off + sizeof(rec)));
		if (ret)
			break;
		off += rec.rec_len;
	}
	return off ? off : ret;
}

const struct proc_ops utracer_cmd_ops = {
	.proc_open = utracer_client_open,
	.proc_release = utracer_client_release,
	.proc_ioctl = utracer_cmd_ioctl,
	.proc_compat_ioctl = utracer_cmd_ioctl,
	.proc_write = utracer_cmd_write,
	.proc_lseek = noop_llseek,
};
