// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/**
 * The types of hardware breakpoints (enum utracer_hwbp_type). x86 has no
 * read-only watchpoint: ACCESS stops on a read or a write.
 */
public enum HwbpType {
    /** An instruction breakpoint: stops before the instruction at addr runs; length 1. */
    EXEC(1),
    /** A write watchpoint: stops after an instruction wrote one of the bytes. */
    WRITE(2),
    /** A read or write watchpoint: stops after an instruction read or wrote one. */
    ACCESS(3);

    final int value;

    HwbpType(int value) {
        this.value = value;
    }

    /** The type of value, or null when it is none known here. */
    static HwbpType of(int value) {
        for (HwbpType t : values())
            if (t.value == value)
                return t;
        return null;
    }
}
