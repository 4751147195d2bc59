// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.Set;

/** The kinds of events (enum utracer_event_kind). */
public enum EventKind {
    SYSCALL_ENTRY(1), SYSCALL_EXIT(2), EXEC(3), CLONE(4), EXIT(5), SIGNAL(6),
    /** Always reported. */
    STOP(7),
    /** Always reported. */
    DETACH(8),
    /** Always reported. */
    LOST(9),
    /** Always reported. */
    BREAKPOINT(10),
    /** A hardware breakpoint or watchpoint of this client: always reported. */
    HWBP(11);

    final int value;

    EventKind(int value) {
        this.value = value;
    }

    /** The library's name of the kind ("syscall-entry", ...). */
    public String libraryName() {
        return Native.eventName(value);
    }

    static EventKind of(int value) {
        for (EventKind k : values())
            if (k.value == value)
                return k;
        return null;
    }

    /** The mask of a set of kinds a client may ask for (SYSCALL_ENTRY ... SIGNAL). */
    static long mask(Set<EventKind> kinds) {
        long m = 0;
        if (kinds == null)
            return 0;
        for (EventKind k : kinds) {
            if (k == null)
                throw new NullPointerException("a null event kind");
            if (k.value > SIGNAL.value)
                throw new IllegalArgumentException(k + " is always reported: not a choice");
            m |= 1L << k.value;
        }
        return m;
    }
}
