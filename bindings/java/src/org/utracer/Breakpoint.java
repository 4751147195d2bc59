// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/**
 * A breakpoint of a client, as listed at one moment: a place in a file
 * (offset, inode, device), the address it was set at (0 when set by path)
 * and the hits reported so far.
 */
public record Breakpoint(int id, long offset, long inode, int devMajor, int devMinor, long addr,
        long hits) {
}
