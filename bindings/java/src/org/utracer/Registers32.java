// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.List;

/**
 * A 32-bit (ia32) thread's general registers (NT_PRSTATUS, the i386 struct
 * user_regs_struct), immutable: what a 32-bit program on the 64-bit kernel
 * has, as {@link Registers} is for x86-64. Each value is the register's
 * unsigned 32-bit contents (0 to 0xffffffff). {@link #with} gives a changed
 * copy to pass to {@link TracedThread#setRegisters32}.
 */
public record Registers32(long ebx, long ecx, long edx, long esi, long edi, long ebp, long eax,
        long ds, long es, long fs, long gs, long origEax, long eip, long cs, long eflags,
        long esp, long ss) {

    /** The register names, in the kernel's order. */
    public static final List<String> NAMES = List.of("ebx", "ecx", "edx", "esi", "edi", "ebp",
            "eax", "ds", "es", "fs", "gs", "orig_eax", "eip", "cs", "eflags", "esp", "ss");

    /** Every value must fit in 32 bits (unsigned). */
    public Registers32 {
        long[] v = { ebx, ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, origEax, eip, cs, eflags,
            esp, ss };
        for (int i = 0; i < v.length; i++)
            if (v[i] < 0 || v[i] > 0xffffffffL)
                throw new IllegalArgumentException(NAMES.get(i) + " = " + v[i]
                        + " does not fit in 32 bits");
    }

    static Registers32 of(long[] v) {
        return new Registers32(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                v[11], v[12], v[13], v[14], v[15], v[16]);
    }

    /** The values in the kernel's order. */
    public long[] toArray() {
        return new long[] { ebx, ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, origEax, eip, cs,
            eflags, esp, ss };
    }

    /** A register by its kernel name ("eip", "orig_eax", ...). */
    public long get(String name) {
        return toArray()[RegisterIndex.of(NAMES, name)];
    }

    /** A copy with register name set to value (0 to 0xffffffff). */
    public Registers32 with(String name, long value) {
        long[] v = toArray();
        v[RegisterIndex.of(NAMES, name)] = value;
        return of(v);
    }
}
