// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;

/**
 * The native methods, one per libutracer call (native/utracer_jni.c).
 * Callers check their arguments and hold the client's handle valid.
 * The JNI library is found at the path in the system property
 * {@code utracer.jni} or the environment variable {@code UTRACER_JNI}, else
 * next to the jar ({@code libutracer-jni.so}), else through
 * {@code java.library.path}.
 */
final class Native {
    private Native() {
    }

    static final int EVENT_LONGS = 16;
    static final int PATH_MAX = 4096;

    static {
        String path = System.getProperty("utracer.jni");
        if (path == null)
            path = System.getenv("UTRACER_JNI");
        if (path == null)
            path = besideJar();
        if (path != null)
            System.load(path);
        else
            System.loadLibrary("utracer-jni");
    }

    private static String besideJar() {
        try {
            File jar = new File(Native.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            File lib = new File(jar.isDirectory() ? jar : jar.getParentFile(),
                    "libutracer-jni.so");
            return lib.isFile() ? lib.getAbsolutePath() : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    static native long open(byte[] procRoot, int queueLimit) throws UtracerException;
    static native void close(long h);
    static native String libraryVersion();
    static native String strerror(int err);
    static native String eventName(int kind);
    static native String syscallName(int nr, int arch);
    static native long[] moduleInfo(long h) throws UtracerException;
    static native boolean hasFeature(long h, int feature) throws UtracerException;

    static native void setWakeup(long h, int bytes, int ms) throws UtracerException;

    static native void attach(long h, int pid, int flags, long events, long stopEvents)
            throws UtracerException;
    static native int spawn(long h, byte[][] argv, byte[][] envp, byte[] cwd, int flags,
            long events, long stopEvents) throws UtracerException;
    static native void detach(long h, int pid, int flags) throws UtracerException;
    static native void setEvents(long h, int pid, long events, long stopEvents)
            throws UtracerException;
    static native void quiesce(long h, int pid, int flags) throws UtracerException;
    static native void run(long h, int pid, int flags) throws UtracerException;

    static native void step(long h, int tid, int flags) throws UtracerException;
    static native boolean isAttached(long h, int pid) throws UtracerException;
    static native long[] tasks(long h) throws UtracerException;

    static native int regsRead(long h, int tid, byte[] out) throws UtracerException;
    static native void regsWrite(long h, int tid, byte[] in, int bytes) throws UtracerException;
    static native int memRead(long h, int pid, long addr, byte[] arr, ByteBuffer buf, int off,
            int len) throws UtracerException;
    static native int memWrite(long h, int pid, long addr, byte[] arr, ByteBuffer buf, int off,
            int len) throws UtracerException;
    static native Object[] environ(long h, int pid) throws UtracerException;
    static native Object[] cmdline(long h, int pid) throws UtracerException;
    static native byte[] exe(long h, int pid) throws UtracerException;
    static native Object[] maps(long h, int pid) throws UtracerException;
    static native long[] auxv(long h, int pid) throws UtracerException;
    static native long[] status(long h, int pid) throws UtracerException;
    static native Object[] fds(long h, int pid) throws UtracerException;

    static native int breakpointSet(long h, byte[] path, long offset) throws UtracerException;
    static native int breakpointSetAddr(long h, int pid, long addr) throws UtracerException;
    static native void breakpointRemove(long h, int id) throws UtracerException;
    static native long[] breakpoints(long h) throws UtracerException;

    static native int hwbpSet(long h, int pid, long addr, int len, int type)
            throws UtracerException;
    static native void hwbpRemove(long h, int id) throws UtracerException;
    static native void setSignalHolds(long h, int pid, long mask) throws UtracerException;
    static native void signalVerdict(long h, int tid, int signo) throws UtracerException;
    static native long[] hwbps(long h) throws UtracerException;

    /** waitpid(pid, 0): the wait status of a child of ours. */
    static native int waitpid(int pid) throws UtracerException;

    static native int eventWait(long h, long[] out, byte[] path, int timeoutMs)
            throws UtracerException;
}
