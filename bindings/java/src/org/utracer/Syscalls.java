// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.concurrent.ConcurrentHashMap;

/** Syscall names, from libseccomp's tables as udb takes them. */
public final class Syscalls {
    private Syscalls() {
    }

    private static final ConcurrentHashMap<Long, String> CACHE = new ConcurrentHashMap<>();

    /**
     * The name of syscall nr in the table of arch (Event.AUDIT_ARCH_X86_64 or
     * _I386), or "syscall_NR" when the table has none.
     */
    public static String name(int nr, int arch) {
        long key = ((long) arch << 32) | (nr & 0xffffffffL);
        return CACHE.computeIfAbsent(key, k -> {
            String n = Native.syscallName(nr, arch);
            return n != null ? n : "syscall_" + nr;
        });
    }
}
