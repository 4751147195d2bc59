// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/**
 * A hardware breakpoint or watchpoint of a client, as listed at one moment:
 * its type, the traced process (or thread) it was set in, the length bytes
 * at addr it watches and the hits reported so far.
 */
public record HardwareBreakpoint(int id, HwbpType type, int pid, int length, long addr,
        long hits) {
}
