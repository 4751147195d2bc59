/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * utracer: the event record types as one list, for both ends of the resp
 * file: the module writes the records (module/iface/events.c), libutracer
 * reads them (lib/event.c). Each fact about a type lives here once.
 *
 * Include it, after <linux/utracer.h>, where the list is wanted, with
 * UTRACER_EVENT_TYPE(TYPE, name, rec, min_size) defined; it expands once
 * per record type and is undefined at the end:
 *   TYPE      the suffix of its UTRACER_EV_* number (and of libutracer's
 *             UTRACER_EVENT_* kind)
 *   name      its name for people ("syscall-entry", ...)
 *   rec       its record struct: the module writes sizeof(struct rec)
 *             bytes (plus, for EXEC, the path)
 *   min_size  the shortest record of the type a reader accepts: the size
 *             of its first published version
 *
 * Not part of the ABI as such: a build-time list over utracer.h, which
 * alone defines the records.
 */
UTRACER_EVENT_TYPE(SYSCALL_ENTRY, "syscall-entry", utracer_ev_syscall_entry,
		   UTRACER_EV_SYSCALL_ENTRY_SIZE_VER0)
UTRACER_EVENT_TYPE(SYSCALL_EXIT, "syscall-exit", utracer_ev_syscall_exit,
		   UTRACER_EV_SYSCALL_EXIT_SIZE_VER0)
UTRACER_EVENT_TYPE(EXEC, "exec", utracer_ev_exec, sizeof(struct utracer_ev_exec))
UTRACER_EVENT_TYPE(CLONE, "clone", utracer_ev_clone, sizeof(struct utracer_ev_clone))
UTRACER_EVENT_TYPE(EXIT, "exit", utracer_ev_exit, sizeof(struct utracer_ev_exit))
UTRACER_EVENT_TYPE(SIGNAL, "signal", utracer_ev_signal, UTRACER_EV_SIGNAL_SIZE_VER0)
UTRACER_EVENT_TYPE(STOP, "stop", utracer_ev_stop, sizeof(struct utracer_ev_stop))
UTRACER_EVENT_TYPE(DETACH, "detach", utracer_ev_detach, sizeof(struct utracer_ev_detach))
UTRACER_EVENT_TYPE(LOST, "lost", utracer_ev_lost, sizeof(struct utracer_ev_lost))
UTRACER_EVENT_TYPE(BREAKPOINT, "breakpoint", utracer_ev_breakpoint,
		   sizeof(struct utracer_ev_breakpoint))
UTRACER_EVENT_TYPE(HWBP, "hwbp", utracer_ev_hwbp, sizeof(struct utracer_ev_hwbp))

#undef UTRACER_EVENT_TYPE
