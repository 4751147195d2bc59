// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/** An open file descriptor of a tracee; path as readlink of /proc/PID/fd/N. */
public record FileDescriptor(int fd, String path, int flags, boolean readable, boolean writable,
        long pos, long inode, int devMajor, int devMinor) {
}
