// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/** One mapping, as a line of /proc/PID/maps; perms as there ("r-xp"). */
public record MemoryMap(long start, long end, String perms, long offset, int devMajor,
        int devMinor, long inode, String path) {
}
