// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A client of the utracer module (utracer_open() ... utracer_close()): use
 * it in try-with-resources. A process is one client at a time.
 *
 * <p>Thread safety, as libutracer states it: any number of threads may call
 * a client's methods at once, one of them waiting for events while others
 * command tracees; each event goes to exactly one caller. {@link #close}
 * waits for the calls in progress (an event wait gives way within 200 ms);
 * any call after it throws IllegalStateException.
 */
public final class Client implements AutoCloseable {
    /** Guards handle: readers are calls in progress, the writer is close(). */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The struct utracer pointer; 0 once closed. Written under the write lock. */
    private long handle;
    private final EventQueue queue = new EventQueue(this);

    /** Register with the module at /proc/utrace, with its default queue size. */
    public Client() throws UtracerException {
        this(null, 0);
    }

    /**
     * Register with the module at procRoot (null: /proc/utrace), asking for an
     * event queue of queueLimit bytes (0: the module's default).
     */
    public Client(String procRoot, int queueLimit) throws UtracerException {
        if (queueLimit < 0)
            throw new IllegalArgumentException("a negative queue limit");
        handle = Native.open(procRoot == null ? null : Strings.encode(procRoot), queueLimit);
    }

    /** libutracer's version, "MAJOR.MINOR.PATCH". */
    public static String libraryVersion() {
        return Native.libraryVersion();
    }

    /** The library's text for an errno value. */
    public static String strerror(int errno) {
        return Native.strerror(errno);
    }

    @FunctionalInterface
    interface Call<T> {
        T call(long handle) throws UtracerException;
    }

    @FunctionalInterface
    interface VoidCall {
        void call(long handle) throws UtracerException;
    }

    /** Run c with the handle held valid; IllegalStateException once closed. */
    <T> T call(Call<T> c) throws UtracerException {
        lock.readLock().lock();
        try {
            if (handle == 0)
                throw new IllegalStateException("the utracer client is closed");
            return c.call(handle);
        } finally {
            lock.readLock().unlock();
        }
    }

    void run(VoidCall c) throws UtracerException {
        call(h -> {
            c.call(h);
            return null;
        });
    }

    /** Unregister: the module resumes and detaches every tracee. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (handle != 0) {
                Native.close(handle);
                handle = 0;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return handle == 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What the loaded module reports of itself. */
    public record ModuleInfo(int apiMajor, int apiMinor, long features, long events,
            int syscallMax) {
    }

    public ModuleInfo moduleInfo() throws UtracerException {
        long[] v = call(Native::moduleInfo);
        return new ModuleInfo((int) v[0], (int) v[1], v[2], v[3], (int) v[4]);
    }

    /** UTRACER_FEATURE_HWBP: hardware breakpoints and watchpoints (Tracee.setHwbp). */
    public static final int FEATURE_HWBP = 21;

    /** UTRACER_FEATURE_SIGNAL_HOLD: signals held before delivery (Tracee.holdSignals). */
    public static final int FEATURE_SIGNAL_HOLD = 28;

    /** UTRACER_FEATURE_STEP: single-step (TracedThread.step). */
    public static final int FEATURE_STEP = 29;

    /** UTRACER_FEATURE_RING_WAKEUP: batched wake-ups (setWakeup). */
    public static final int FEATURE_RING_WAKEUP = 33;

    /**
     * utracer_set_wakeup(): be woken for syscall events in batches, once bytes
     * of them wait or ms milliseconds (1 to 1000; 0: the module's default)
     * after the first; stops and other events still wake at once. bytes 0:
     * woken for each event (the default). IllegalArgumentException for a
     * negative bytes or ms out of range; UtracerException (EOPNOTSUPP)
     * without the module's support.
     */
    public void setWakeup(int bytes, int ms) throws UtracerException {
        if (bytes < 0 || ms < 0 || ms > 1000)
            throw new IllegalArgumentException("setWakeup: bytes >= 0, ms 0 to 1000");
        run(h -> Native.setWakeup(h, bytes, ms));
    }

    /** Whether the module offers feature (enum utracer_feature's value). */
    public boolean hasFeature(int feature) throws UtracerException {
        return call(h -> Native.hasFeature(h, feature));
    }

    private static int flagBits(Set<AttachFlag> flags) {
        int bits = 0;
        if (flags != null)
            for (AttachFlag f : flags)
                bits |= Objects.requireNonNull(f, "a null flag").bits;
        return bits;
    }

    /** Trace process pid, reporting events. */
    public Tracee attach(int pid, Set<EventKind> events) throws UtracerException {
        return attach(pid, events, Set.of(), Set.of());
    }

    /**
     * Trace process pid (thread pid with THREAD), reporting events and
     * stopping at stopEvents (a subset of events, not EXIT); flags THREAD,
     * STOP, LOSSY, FOLLOW, STOP_NEW.
     */
    public Tracee attach(int pid, Set<EventKind> events, Set<EventKind> stopEvents,
            Set<AttachFlag> flags) throws UtracerException {
        long ev = EventKind.mask(events), stop = EventKind.mask(stopEvents);
        int bits = flagBits(flags);
        run(h -> Native.attach(h, pid, bits, ev, stop));
        return new Tracee(this, pid, (bits & AttachFlag.THREAD.bits) != 0, false);
    }

    /** Start argv (argv[0] searched in $PATH when it has no '/') as a traced child, running. */
    public Tracee spawn(List<String> argv, Set<EventKind> events) throws UtracerException {
        return spawn(argv, events, Set.of(), Set.of(), null, null);
    }

    /**
     * Start argv as a traced child: held before its first instruction, then
     * resumed unless flags has STOP. flags LOSSY, FOLLOW, STOP_NEW apply to
     * the trace; env (null: ours) and cwd (null: ours) to the program.
     * Reap it with {@link Tracee#waitFor()}.
     */
    public Tracee spawn(List<String> argv, Set<EventKind> events, Set<EventKind> stopEvents,
            Set<AttachFlag> flags, Map<String, String> env, String cwd)
            throws UtracerException {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty())
            throw new IllegalArgumentException("an empty argv");
        Set<AttachFlag> f = flags == null || flags.isEmpty() ? EnumSet.noneOf(AttachFlag.class)
                : EnumSet.copyOf(flags);
        if (f.contains(AttachFlag.THREAD))
            throw new IllegalArgumentException("THREAD is not a spawn flag");
        boolean stay = f.remove(AttachFlag.STOP);
        byte[][] args = new byte[argv.size()][];
        for (int i = 0; i < args.length; i++)
            args[i] = Strings.encode(Objects.requireNonNull(argv.get(i), "an argument"));
        byte[][] vars = null;
        if (env != null) {
            vars = new byte[env.size()][];
            int i = 0;
            for (Map.Entry<String, String> e : env.entrySet())
                vars[i++] = Strings.encode(Objects.requireNonNull(e.getKey()) + "="
                        + Objects.requireNonNull(e.getValue()));
        }
        byte[][] envp = vars;
        byte[] dir = cwd == null ? null : Strings.encode(cwd);
        long ev = EventKind.mask(events), stop = EventKind.mask(stopEvents);
        int bits = flagBits(f);
        int pid = call(h -> Native.spawn(h, args, envp, dir, bits, ev, stop));
        Tracee t = new Tracee(this, pid, false, true);
        if (!stay)
            t.resume();
        return t;
    }

    /** Every thread this client traces. */
    public List<ThreadInfo> threads() throws UtracerException {
        long[] v = call(Native::tasks);
        List<ThreadInfo> out = new ArrayList<>(v.length / 4);
        ThreadInfo.State[] states = ThreadInfo.State.values();
        for (int i = 0; i + 3 < v.length; i += 4) {
            int s = (int) v[i + 2];
            out.add(new ThreadInfo((int) v[i], (int) v[i + 1],
                    s >= 1 && s <= 4 ? states[s - 1] : ThreadInfo.State.UNKNOWN,
                    (v[i + 3] & 1) != 0));
        }
        return Collections.unmodifiableList(out);
    }

    /** The client's event queue. */
    public EventQueue eventQueue() {
        return queue;
    }

    /** A breakpoint at byte offset of file path, armed in every traced process mapping it. */
    public Breakpoint setBreakpoint(String path, long offset) throws UtracerException {
        byte[] p = Strings.encode(Objects.requireNonNull(path, "path"));
        int id = call(h -> Native.breakpointSet(h, p, offset));
        return breakpoint(id);
    }

    public void removeBreakpoint(int id) throws UtracerException {
        run(h -> Native.breakpointRemove(h, id));
    }

    /** This client's breakpoints, in the order they were set. */
    public List<Breakpoint> breakpoints() throws UtracerException {
        long[] v = call(Native::breakpoints);
        List<Breakpoint> out = new ArrayList<>(v.length / 8);
        for (int i = 0; i + 7 < v.length; i += 8)
            out.add(new Breakpoint((int) v[i], v[i + 2], v[i + 3], (int) v[i + 4],
                    (int) v[i + 5], v[i + 6], v[i + 7]));
        return Collections.unmodifiableList(out);
    }

    /** Remove hardware breakpoint or watchpoint id; one stopped at it stays stopped. */
    public void removeHwbp(int id) throws UtracerException {
        run(h -> Native.hwbpRemove(h, id));
    }

    /** This client's hardware breakpoints and watchpoints, in the order they were set. */
    public List<HardwareBreakpoint> hwbps() throws UtracerException {
        long[] v = call(Native::hwbps);
        List<HardwareBreakpoint> out = new ArrayList<>(v.length / 6);
        for (int i = 0; i + 5 < v.length; i += 6)
            out.add(new HardwareBreakpoint((int) v[i], HwbpType.of((int) v[i + 1]),
                    (int) v[i + 2], (int) v[i + 3], v[i + 4], v[i + 5]));
        return Collections.unmodifiableList(out);
    }

    HardwareBreakpoint hwbp(int id) throws UtracerException {
        for (HardwareBreakpoint b : hwbps())
            if (b.id() == id)
                return b;
        throw new UtracerException(UtracerException.ENOENT, "hardware breakpoint " + id,
                Native.strerror(UtracerException.ENOENT));
    }

    Breakpoint breakpoint(int id) throws UtracerException {
        for (Breakpoint b : breakpoints())
            if (b.id() == id)
                return b;
        throw new UtracerException(UtracerException.ENOENT, "breakpoint " + id,
                Native.strerror(UtracerException.ENOENT));
    }
}
