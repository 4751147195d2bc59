// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.List;

/**
 * A thread's general registers on x86-64 (NT_PRSTATUS, struct
 * user_regs_struct), immutable. {@link #with} gives a changed copy to
 * pass to {@link TracedThread#setRegisters}.
 */
public record Registers(long r15, long r14, long r13, long r12, long rbp, long rbx, long r11,
        long r10, long r9, long r8, long rax, long rcx, long rdx, long rsi, long rdi,
        long origRax, long rip, long cs, long eflags, long rsp, long ss, long fsBase,
        long gsBase, long ds, long es, long fs, long gs) {

    /** The register names, in the kernel's order. */
    public static final List<String> NAMES = List.of("r15", "r14", "r13", "r12", "rbp", "rbx",
            "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs",
            "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs");

    static Registers of(long[] v) {
        return new Registers(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21],
                v[22], v[23], v[24], v[25], v[26]);
    }

    /** The values in the kernel's order. */
    public long[] toArray() {
        return new long[] { r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi,
            rdi, origRax, rip, cs, eflags, rsp, ss, fsBase, gsBase, ds, es, fs, gs };
    }

    /** A register by its kernel name ("rip", "orig_rax", "fs_base", ...). */
    public long get(String name) {
        return toArray()[RegisterIndex.of(NAMES, name)];
    }

    /** A copy with register name set to value. */
    public Registers with(String name, long value) {
        long[] v = toArray();
        v[RegisterIndex.of(NAMES, name)] = value;
        return of(v);
    }
}
