// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.io.IOException;

/**
 * A libutracer call failed: {@link #errno()} is the library's errno value
 * (ESRCH for a process that does not exist or is not traced, EPERM when
 * ptrace's rules refuse, EIO for memory that cannot be read...) and the
 * message is the library's own text for it, prefixed with the operation.
 */
public class UtracerException extends IOException {
    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EIO = 5;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;

    private final int errno;
    private final String operation;
    private final String libraryMessage;

    UtracerException(int errno, String operation, String libraryMessage) {
        super(operation + ": " + libraryMessage + " (errno " + errno + ")");
        this.errno = errno;
        this.operation = operation;
        this.libraryMessage = libraryMessage;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** What was being done ("attach", "read memory", ...). */
    public String operation() {
        return operation;
    }

    /** utracer_strerror()'s text for the errno. */
    public String libraryMessage() {
        return libraryMessage;
    }
}
