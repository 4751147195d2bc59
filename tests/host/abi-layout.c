// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the ABI header's layout is what the module and every caller
 * agree on: sizes, offsets and alignment of every struct, the same for 32-
 * and 64-bit builds (this file is also compiled with -m32 when possible),
 * and the *_SIZE_VER0 constants match the first published sizes.
 */
#include <stddef.h>
#include <stdio.h>
#include <linux/utracer.h>

static int failures;

#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__,	\
				__LINE__, #expr);			\
			failures++;					\
		}							\
	} while (0)

#define SIZE(type, n) CHECK(sizeof(struct type) == (n))
#define OFF(type, field, n) CHECK(offsetof(struct type, field) == (n))
#define ALIGN8(type) CHECK(_Alignof(struct type) <= 8 && sizeof(struct type) % 8 == 0)

int main(void)
{
	SIZE(utracer_version, UTRACER_VERSION_SIZE_VER0);
	CHECK(UTRACER_EVENT_ALIGN == 8);
	SIZE(utracer_version, 64);
	OFF(utracer_version, features, 16);
	OFF(utracer_version, events, 24);
	OFF(utracer_version, reserved, 32);

	SIZE(utracer_register, UTRACER_REGISTER_SIZE_VER0);
	SIZE(utracer_register, 32);
	OFF(utracer_register, client_pid, 8);
	OFF(utracer_register, queue_limit, 12);
	OFF(utracer_register, fd, 16);
	OFF(utracer_register, pad, 20);
	OFF(utracer_register, reserved, 24);

	SIZE(utracer_attach, UTRACER_ATTACH_SIZE_VER0);
	SIZE(utracer_attach, 48);
	OFF(utracer_attach, pid, 8);
	OFF(utracer_attach, event_mask, 16);
	OFF(utracer_attach, stop_mask, 24);
	OFF(utracer_attach, reserved, 32);

	SIZE(utracer_target, UTRACER_TARGET_SIZE_VER0);
	SIZE(utracer_target, 16);
	OFF(utracer_target, pid, 8);

	SIZE(utracer_set_events, UTRACER_SET_EVENTS_SIZE_VER0);
	SIZE(utracer_set_events, 32);
	OFF(utracer_set_events, event_mask, 16);
	OFF(utracer_set_events, stop_mask, 24);

	SIZE(utracer_syscall_filter, UTRACER_SYSCALL_FILTER_SIZE_VER0);
	SIZE(utracer_syscall_filter, 32);
	OFF(utracer_syscall_filter, op, 12);
	OFF(utracer_syscall_filter, nr, 16);
	OFF(utracer_syscall_filter, bitmap_bits, 20);
	OFF(utracer_syscall_filter, bitmap, 24);

	SIZE(utracer_regset_info, 16);
	SIZE(utracer_regset_list, UTRACER_REGSET_LIST_SIZE_VER0);
	SIZE(utracer_regset_list, 24);
	OFF(utracer_regset_list, count, 12);
	OFF(utracer_regset_list, buf, 16);

	SIZE(utracer_regset_read, UTRACER_REGSET_READ_SIZE_VER0);
	SIZE(utracer_regset_read, 32);
	OFF(utracer_regset_read, note_type, 12);
	OFF(utracer_regset_read, buf, 16);
	OFF(utracer_regset_read, len, 24);

	SIZE(utracer_mem_read, UTRACER_MEM_READ_SIZE_VER0);
	SIZE(utracer_mem_read, 48);
	OFF(utracer_mem_read, addr, 16);
	OFF(utracer_mem_read, buf, 24);
	OFF(utracer_mem_read, len, 32);
	OFF(utracer_mem_read, done, 40);

	SIZE(utracer_buf_query, UTRACER_BUF_QUERY_SIZE_VER0);
	SIZE(utracer_buf_query, 40);
	OFF(utracer_buf_query, count, 12);
	OFF(utracer_buf_query, buf, 16);
	OFF(utracer_buf_query, len, 24);
	OFF(utracer_buf_query, needed, 32);

	SIZE(utracer_map_record, 48);
	OFF(utracer_map_record, start, 8);
	OFF(utracer_map_record, inode, 32);
	OFF(utracer_map_record, dev_minor, 44);
	OFF(utracer_map_record, path, 48);

	SIZE(utracer_task_info, 16);
	SIZE(utracer_task_list, UTRACER_TASK_LIST_SIZE_VER0);
	SIZE(utracer_task_list, 24);
	OFF(utracer_task_list, buf, 16);
	SIZE(utracer_check_pid, UTRACER_CHECK_PID_SIZE_VER0);
	SIZE(utracer_check_pid, 32);
	OFF(utracer_check_pid, info, 16);

	SIZE(utracer_event, 32);
	OFF(utracer_event, type, 4);
	OFF(utracer_event, flags, 6);
	OFF(utracer_event, pid, 8);
	OFF(utracer_event, tid, 12);
	OFF(utracer_event, seq, 16);
	OFF(utracer_event, time_ns, 24);
	SIZE(utracer_ev_syscall_entry, 104);
	OFF(utracer_ev_syscall_entry, args, 40);
	OFF(utracer_ev_syscall_entry, ip, 88);
	OFF(utracer_ev_syscall_entry, ncaptures, 96);
	OFF(utracer_ev_syscall_entry, capture_off, 100);
	SIZE(utracer_ev_syscall_exit, 56);
	OFF(utracer_ev_syscall_exit, ret, 40);
	OFF(utracer_ev_syscall_exit, ncaptures, 48);
	OFF(utracer_ev_syscall_exit, capture_off, 52);
	SIZE(utracer_capture_spec, 16);
	OFF(utracer_capture_spec, arch, 4);
	OFF(utracer_capture_spec, len_arg, 9);
	OFF(utracer_capture_spec, elem, 10);
	OFF(utracer_capture_spec, max, 12);
	SIZE(utracer_syscall_capture, UTRACER_SYSCALL_CAPTURE_SIZE_VER0);
	SIZE(utracer_syscall_capture, 24);
	OFF(utracer_syscall_capture, count, 12);
	OFF(utracer_syscall_capture, specs, 16);
	SIZE(utracer_ev_capture, 16);
	OFF(utracer_ev_capture, flags, 4);
	OFF(utracer_ev_capture, index, 6);
	OFF(utracer_ev_capture, arg, 7);
	OFF(utracer_ev_capture, addr, 8);
	OFF(utracer_ev_capture, data, 16);
	SIZE(utracer_ev_exec, 40);
	OFF(utracer_ev_exec, path, 40);
	SIZE(utracer_ev_clone, 56);
	OFF(utracer_ev_clone, clone_flags, 40);
	OFF(utracer_ev_clone, follow, 52);
	SIZE(utracer_set_follow, UTRACER_SET_FOLLOW_SIZE_VER0);
	SIZE(utracer_set_follow, 16);
	OFF(utracer_set_follow, pid, 8);
	SIZE(utracer_ev_exit, 40);
	SIZE(utracer_ev_signal, 224);
	SIZE(utracer_ev_signal, UTRACER_EV_SIGNAL_SIZE_VER2);
	CHECK(UTRACER_EV_SIGNAL_SIZE_VER0 == 48 && UTRACER_EV_SIGNAL_SIZE_VER1 == 80);
	OFF(utracer_ev_signal, sender_uid, UTRACER_EV_SIGNAL_SIZE_VER0);
	OFF(utracer_ev_signal, utime, 64);
	OFF(utracer_ev_signal, addr, UTRACER_EV_SIGNAL_SIZE_VER1);
	OFF(utracer_ev_signal, siginfo_arch, 88);
	OFF(utracer_ev_signal, siginfo, 96);
	CHECK(UTRACER_SIGINFO_SIZE == 128);
	CHECK(UTRACER_EV_SIGNAL_SIZE_VER2 % UTRACER_EVENT_ALIGN == 0);
	SIZE(utracer_ev_stop, 40);
	SIZE(utracer_ev_detach, 40);
	SIZE(utracer_ev_lost, 40);
	OFF(utracer_ev_lost, count, 32);
	SIZE(utracer_cmd_record, 8);

	/* More of /proc/PID; writing registers and memory. */
	SIZE(utracer_auxv_entry, 16);
	SIZE(utracer_status, UTRACER_STATUS_SIZE_VER0);
	SIZE(utracer_status, 136);
	OFF(utracer_status, state, 12);
	OFF(utracer_status, threads, 28);
	OFF(utracer_status, uid, 32);
	OFF(utracer_status, gid, 48);
	OFF(utracer_status, sig_pending, 64);
	OFF(utracer_status, sig_caught, 96);
	OFF(utracer_status, reserved, 104);
	SIZE(utracer_fd_record, 40);
	OFF(utracer_fd_record, pos, 16);
	OFF(utracer_fd_record, inode, 24);
	OFF(utracer_fd_record, dev_minor, 36);
	OFF(utracer_fd_record, path, 40);
	SIZE(utracer_regset_write, UTRACER_REGSET_WRITE_SIZE_VER0);
	SIZE(utracer_regset_write, 32);
	OFF(utracer_regset_write, note_type, 12);
	OFF(utracer_regset_write, buf, 16);
	OFF(utracer_regset_write, len, 24);
	SIZE(utracer_mem_write, UTRACER_MEM_WRITE_SIZE_VER0);
	SIZE(utracer_mem_write, 48);
	OFF(utracer_mem_write, addr, 16);
	OFF(utracer_mem_write, buf, 24);
	OFF(utracer_mem_write, len, 32);
	OFF(utracer_mem_write, done, 40);
	ALIGN8(utracer_status);
	ALIGN8(utracer_fd_record);
	ALIGN8(utracer_regset_write);
	ALIGN8(utracer_mem_write);
	SIZE(utracer_bp_set, UTRACER_BP_SET_SIZE_VER0);
	SIZE(utracer_bp_set, 56);
	OFF(utracer_bp_set, id, 12);
	OFF(utracer_bp_set, addr, 16);
	OFF(utracer_bp_set, path, 24);
	OFF(utracer_bp_set, offset, 32);
	SIZE(utracer_bp_remove, UTRACER_BP_REMOVE_SIZE_VER0);
	SIZE(utracer_bp_remove, 16);
	SIZE(utracer_bp_list, UTRACER_BP_LIST_SIZE_VER0);
	SIZE(utracer_bp_list, 24);
	OFF(utracer_bp_list, buf, 16);
	SIZE(utracer_bp_info, 48);
	OFF(utracer_bp_info, inode, 16);
	OFF(utracer_bp_info, hits, 40);
	SIZE(utracer_ev_breakpoint, 48);
	OFF(utracer_ev_breakpoint, addr, 40);
	SIZE(utracer_signal_holds, UTRACER_SIGNAL_HOLDS_SIZE_VER0);
	SIZE(utracer_signal_holds, 24);
	OFF(utracer_signal_holds, pid, 8);
	OFF(utracer_signal_holds, mask, 16);
	SIZE(utracer_signal_verdict, UTRACER_SIGNAL_VERDICT_SIZE_VER0);
	SIZE(utracer_signal_verdict, 16);
	OFF(utracer_signal_verdict, tid, 8);
	OFF(utracer_signal_verdict, signo, 12);
	SIZE(utracer_hwbp_set, UTRACER_HWBP_SET_SIZE_VER0);
	SIZE(utracer_hwbp_set, 48);
	OFF(utracer_hwbp_set, id, 12);
	OFF(utracer_hwbp_set, addr, 16);
	OFF(utracer_hwbp_set, len, 24);
	OFF(utracer_hwbp_set, type, 28);
	OFF(utracer_hwbp_set, reserved, 32);
	SIZE(utracer_hwbp_info, 32);
	OFF(utracer_hwbp_info, pid, 8);
	OFF(utracer_hwbp_info, addr, 16);
	OFF(utracer_hwbp_info, hits, 24);
	SIZE(utracer_ev_hwbp, 64);
	OFF(utracer_ev_hwbp, id, 32);
	OFF(utracer_ev_hwbp, addr, 40);
	OFF(utracer_ev_hwbp, ip, 48);
	OFF(utracer_ev_hwbp, len, 56);
	SIZE(utracer_ring_consumer, 16);
	SIZE(utracer_ring_producer, 32);
	OFF(utracer_ring_producer, data_size, 8);
	OFF(utracer_ring_producer, lost, 16);
	OFF(utracer_ring_producer, flags, 24);

	ALIGN8(utracer_version);
	ALIGN8(utracer_register);
	ALIGN8(utracer_attach);
	ALIGN8(utracer_target);
	ALIGN8(utracer_set_events);
	ALIGN8(utracer_syscall_filter);
	ALIGN8(utracer_regset_list);
	ALIGN8(utracer_regset_read);
	ALIGN8(utracer_mem_read);
	ALIGN8(utracer_buf_query);
	ALIGN8(utracer_task_list);
	ALIGN8(utracer_check_pid);
	ALIGN8(utracer_event);
	ALIGN8(utracer_ev_syscall_entry);
	ALIGN8(utracer_ev_syscall_exit);
	ALIGN8(utracer_syscall_capture);
	ALIGN8(utracer_ev_capture);
	ALIGN8(utracer_ev_clone);
	ALIGN8(utracer_ev_lost);

	/* The direction and size bits of the command numbers. */
	CHECK(_IOC_SIZE(UTRACER_IOC_ATTACH) == sizeof(struct utracer_attach));
	CHECK(_IOC_DIR(UTRACER_IOC_ATTACH) == _IOC_WRITE);
	CHECK(_IOC_DIR(UTRACER_IOC_MEM_READ) == (_IOC_READ | _IOC_WRITE));
	CHECK(UTRACER_EV_MAX <= 64);

	if (failures)
		return 1;
	printf("abi-layout: ok (%zu-bit)\n", sizeof(void *) * 8);
	return 0;
}
