// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.List;

/**
 * One event, immutable: a record per kind, each with the thread group
 * {@code pid}, the thread {@code tid}, the client's sequence number
 * {@code seq} (from 1, one per event), the CLOCK_MONOTONIC time and whether
 * the thread stays stopped until resumed.
 */
public sealed interface Event {
    EventKind kind();
    int pid();
    int tid();
    long seq();
    long timeNs();
    boolean stopped();

    /** AUDIT_ARCH_X86_64, the table of a 64-bit tracee's syscall numbers. */
    int AUDIT_ARCH_X86_64 = 0xC000003E;
    /** AUDIT_ARCH_I386, that of a 32-bit tracee. */
    int AUDIT_ARCH_I386 = 0x40000003;

    /** A syscall is entered: its number, name (from libseccomp), six arguments. */
    record SyscallEntry(int pid, int tid, long seq, long timeNs, boolean stopped, int nr,
            String name, int arch, List<Long> args, long ip) implements Event {
        public EventKind kind() {
            return EventKind.SYSCALL_ENTRY;
        }
    }

    /** A syscall returns: ret is its value, -errno on failure. */
    record SyscallExit(int pid, int tid, long seq, long timeNs, boolean stopped, int nr,
            String name, int arch, long ret) implements Event {
        public EventKind kind() {
            return EventKind.SYSCALL_EXIT;
        }
    }

    /** A successful execve(): the path it was given. */
    record Exec(int pid, int tid, long seq, long timeNs, boolean stopped, String path,
            int oldTid) implements Event {
        public EventKind kind() {
            return EventKind.EXEC;
        }
    }

    /** A new thread or process; followed: this client traces it too. */
    record Clone(int pid, int tid, long seq, long timeNs, boolean stopped, int childPid,
            int childTid, CloneKind cloneKind, boolean followed, long cloneFlags)
            implements Event {
        public EventKind kind() {
            return EventKind.CLONE;
        }
    }

    /** How a clone event's child was made. */
    enum CloneKind {
        THREAD, FORK, VFORK, UNKNOWN
    }

    /** A thread exits: its wait(2) status; group: the whole process exits. */
    record Exit(int pid, int tid, long seq, long timeNs, boolean stopped, int status,
            boolean group) implements Event {
        public EventKind kind() {
            return EventKind.EXIT;
        }

        /** The exit code, or -1 when it was killed by a signal. */
        public int exitCode() {
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
        }

        /** The signal that killed it, or 0. */
        public int termSignal() {
            return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f ? status & 0x7f : 0;
        }
    }

    /**
     * A signal is delivered; or, with before, held before its delivery
     * (Tracee.holdSignals(): no handler has run, Tracee.signalVerdict()
     * decides what the thread gets).
     */
    record Signal(int pid, int tid, long seq, long timeNs, boolean stopped, int signo, int code,
            int error, int senderPid, boolean before) implements Event {
        public EventKind kind() {
            return EventKind.SIGNAL;
        }
    }

    /** Why a thread stopped or was detached. */
    enum Reason {
        QUIESCE, EVENT, BREAKPOINT, NEW, STEP, REQUEST, EXIT, CRED, UNKNOWN
    }

    /** The thread has stopped: reason QUIESCE, EVENT (of stopEvent), BREAKPOINT, NEW or STEP. */
    record Stop(int pid, int tid, long seq, long timeNs, boolean stopped, Reason reason,
            EventKind stopEvent) implements Event {
        public EventKind kind() {
            return EventKind.STOP;
        }
    }

    /** The thread is no longer traced: reason REQUEST, EXIT or CRED. */
    record Detach(int pid, int tid, long seq, long timeNs, boolean stopped, Reason reason)
            implements Event {
        public EventKind kind() {
            return EventKind.DETACH;
        }
    }

    /** A lossy queue dropped count events. */
    record Lost(int pid, int tid, long seq, long timeNs, boolean stopped, long count)
            implements Event {
        public EventKind kind() {
            return EventKind.LOST;
        }
    }

    /** A breakpoint of this client was reached, at addr. */
    record Breakpoint(int pid, int tid, long seq, long timeNs, boolean stopped, int id,
            long addr) implements Event {
        public EventKind kind() {
            return EventKind.BREAKPOINT;
        }
    }

    /**
     * A hardware breakpoint or watchpoint of this client was hit: its id and
     * type, its address and length as set, and the thread's instruction
     * pointer (on the instruction for EXEC, after the one that wrote or
     * read for WRITE and ACCESS).
     */
    record Hwbp(int pid, int tid, long seq, long timeNs, boolean stopped, int id,
            HwbpType type, long addr, long ip, int length) implements Event {
        public EventKind kind() {
            return EventKind.HWBP;
        }
    }

    /** Decode what Native.eventWait() filled in; null for a kind unknown here. */
    static Event decode(long[] v, byte[] path) {
        int pid = (int) v[2], tid = (int) v[3];
        long seq = v[4], time = v[5];
        boolean stopped = (v[1] & 1) != 0;
        switch ((int) v[0]) {
        case 1:
            return new SyscallEntry(pid, tid, seq, time, stopped, (int) v[6],
                    Syscalls.name((int) v[6], (int) v[7]), (int) v[7],
                    List.of(v[8], v[9], v[10], v[11], v[12], v[13]), v[14]);
        case 2:
            return new SyscallExit(pid, tid, seq, time, stopped, (int) v[6],
                    Syscalls.name((int) v[6], (int) v[7]), (int) v[7], v[8]);
        case 3:
            return new Exec(pid, tid, seq, time, stopped,
                    Strings.decode(java.util.Arrays.copyOf(path, (int) v[6])), (int) v[7]);
        case 4: {
            CloneKind k = v[8] >= 1 && v[8] <= 3 ? CloneKind.values()[(int) v[8] - 1]
                    : CloneKind.UNKNOWN;
            return new Clone(pid, tid, seq, time, stopped, (int) v[6], (int) v[7], k,
                    (v[9] & 1) != 0, v[10]);
        }
        case 5:
            return new Exit(pid, tid, seq, time, stopped, (int) v[6], v[7] != 0);
        case 6:
            return new Signal(pid, tid, seq, time, stopped, (int) v[6], (int) v[7],
                    (int) v[8], (int) v[9], (v[1] & 2) != 0);
        case 7: {
            Reason r = switch ((int) v[6]) {
            case 1 -> Reason.QUIESCE;
            case 2 -> Reason.EVENT;
            case 3 -> Reason.BREAKPOINT;
            case 4 -> Reason.NEW;
            case 5 -> Reason.STEP;
            default -> Reason.UNKNOWN;
            };
            return new Stop(pid, tid, seq, time, stopped, r, EventKind.of((int) v[7]));
        }
        case 8: {
            Reason r = switch ((int) v[6]) {
            case 1 -> Reason.REQUEST;
            case 2 -> Reason.EXIT;
            case 3 -> Reason.CRED;
            default -> Reason.UNKNOWN;
            };
            return new Detach(pid, tid, seq, time, stopped, r);
        }
        case 9:
            return new Lost(pid, tid, seq, time, stopped, v[6]);
        case 10:
            return new Breakpoint(pid, tid, seq, time, stopped, (int) v[6], v[7]);
        case 11:
            return new Hwbp(pid, tid, seq, time, stopped, (int) v[6], HwbpType.of((int) v[7]),
                    v[8], v[9], (int) v[10]);
        default:
            return null;
        }
    }
}
