// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/** How to attach or spawn. */
public enum AttachFlag {
    /** attach: trace only the thread named, not its process. */
    THREAD(1 << 0),
    /**
     * attach: stop every thread at once (a STOP event reports each); spawn:
     * leave the program held before its first instruction.
     */
    STOP(1 << 1),
    /** On a full event queue, drop and count events (a LOST event) rather than wait. */
    LOSSY(1 << 2),
    /** Trace the processes it creates too, from before their first instruction. */
    FOLLOW(1 << 3),
    /** With FOLLOW: each followed thread or process starts stopped. */
    STOP_NEW(1 << 4);

    final int bits;

    AttachFlag(int bits) {
        this.bits = bits;
    }
}
