// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A process (or one thread, when attached with THREAD) traced by a client. */
public final class Tracee {
    static final int THREAD = 1;
    static final int QUIESCE_WAIT = 1 << 8;
    static final int FEATURE_QUIESCE_WAIT = 26;

    private final Client client;
    private final int pid;
    private final int flags;
    private final boolean spawned;

    Tracee(Client client, int pid, boolean thread, boolean spawned) {
        this.client = client;
        this.pid = pid;
        this.flags = thread ? THREAD : 0;
        this.spawned = spawned;
    }

    public int pid() {
        return pid;
    }

    public Client client() {
        return client;
    }

    @Override
    public String toString() {
        return "Tracee[pid=" + pid + "]";
    }

    /** The handle of thread tid of this tracee. */
    public TracedThread thread(int tid) {
        return new TracedThread(this, tid);
    }

    /** Its traced threads, as handles. */
    public List<TracedThread> threads() throws UtracerException {
        List<TracedThread> out = new ArrayList<>();
        for (ThreadInfo t : client.threads())
            if (t.pid() == pid)
                out.add(new TracedThread(this, t.tid()));
        return Collections.unmodifiableList(out);
    }

    // --- control ---

    /** Stop every thread; returns once they are stopped. */
    public void stop() throws UtracerException {
        if (client.hasFeature(FEATURE_QUIESCE_WAIT)) {
            client.run(h -> Native.quiesce(h, pid, flags | QUIESCE_WAIT));
            return;
        }
        client.run(h -> Native.quiesce(h, pid, flags));
        waitStopped(pid);
    }

    void waitStopped(int id) throws UtracerException {
        while (true) {
            boolean any = false, all = true;
            for (ThreadInfo t : client.threads()) {
                if (t.pid() != id && t.tid() != id)
                    continue;
                any = true;
                all &= t.state() == ThreadInfo.State.STOPPED || t.state() == ThreadInfo.State.EXITED;
            }
            if (!any)
                throw new UtracerException(UtracerException.ESRCH, "stop",
                        Native.strerror(UtracerException.ESRCH));
            if (all)
                return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ask every thread to stop and return at once: STOP events report each. */
    public void requestStop() throws UtracerException {
        client.run(h -> Native.quiesce(h, pid, flags));
    }

    /** Release the stop this client holds. */
    public void resume() throws UtracerException {
        client.run(h -> Native.run(h, pid, flags));
    }

    /** Stop tracing it; a stop this client held is released. */
    public void detach() throws UtracerException {
        client.run(h -> Native.detach(h, pid, flags));
    }

    public boolean isAttached() throws UtracerException {
        return client.call(h -> Native.isAttached(h, pid));
    }

    /** Change the events it reports and those that stop it. */
    public void setEvents(Set<EventKind> events, Set<EventKind> stopEvents)
            throws UtracerException {
        long ev = EventKind.mask(events), stop = EventKind.mask(stopEvents);
        client.run(h -> Native.setEvents(h, pid, ev, stop));
    }

    /** Reap a spawned tracee: its wait(2) status. */
    public int waitFor() throws UtracerException {
        if (!spawned)
            throw new IllegalStateException(pid + " was not spawned by this client");
        return Native.waitpid(pid);
    }

    // --- inspection ---

    /** Makes one record of a { longs } + paths answer: its longs start at v[b]. */
    private interface PathRecord<T> {
        T make(long[] v, int b, String path);
    }

    /** The records of a { longs } + paths answer r, width longs each. */
    private static <T> List<T> pathRecords(Object[] r, int width, PathRecord<T> record) {
        long[] v = (long[]) r[0];
        byte[][] paths = (byte[][]) r[1];
        List<T> out = new ArrayList<>(paths.length);
        for (int i = 0; i < paths.length; i++)
            out.add(record.make(v, i * width, Strings.decode(paths[i])));
        return Collections.unmodifiableList(out);
    }

    public List<MemoryMap> maps() throws UtracerException {
        return pathRecords(client.call(h -> Native.maps(h, pid)), 8, (v, b, path) -> {
            long prot = v[b + 6];
            String perms = ((prot & 1) != 0 ? "r" : "-") + ((prot & 2) != 0 ? "w" : "-")
                    + ((prot & 4) != 0 ? "x" : "-") + ((v[b + 7] & 1) != 0 ? "s" : "p");
            return new MemoryMap(v[b], v[b + 1], perms, v[b + 2], (int) v[b + 4],
                    (int) v[b + 5], v[b + 3], path);
        });
    }

    /** The environment, in the kernel's order; a string without '=' maps to "". */
    public Map<String, String> env() throws UtracerException {
        byte[][] s = (byte[][]) client.call(h -> Native.environ(h, pid))[1];
        Map<String, String> out = new LinkedHashMap<>();
        for (byte[] b : s) {
            String e = Strings.decode(b);
            int eq = e.indexOf('=');
            if (eq < 0)
                out.put(e, "");
            else
                out.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return Collections.unmodifiableMap(out);
    }

    public List<String> cmdline() throws UtracerException {
        byte[][] s = (byte[][]) client.call(h -> Native.cmdline(h, pid))[1];
        List<String> out = new ArrayList<>(s.length);
        for (byte[] b : s)
            out.add(Strings.decode(b));
        return Collections.unmodifiableList(out);
    }

    public String exe() throws UtracerException {
        return Strings.decode(client.call(h -> Native.exe(h, pid)));
    }

    public List<AuxvEntry> auxv() throws UtracerException {
        long[] v = client.call(h -> Native.auxv(h, pid));
        List<AuxvEntry> out = new ArrayList<>(v.length / 2);
        for (int i = 0; i + 1 < v.length; i += 2)
            out.add(new AuxvEntry(v[i], v[i + 1]));
        return Collections.unmodifiableList(out);
    }

    /** The status of the process's leader. */
    public TaskStatus status() throws UtracerException {
        return status(pid);
    }

    TaskStatus status(int id) throws UtracerException {
        long[] v = client.call(h -> Native.status(h, id));
        return new TaskStatus((char) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4],
                List.of((int) v[5], (int) v[6], (int) v[7], (int) v[8]),
                List.of((int) v[9], (int) v[10], (int) v[11], (int) v[12]),
                v[13], v[14], v[15], v[16], v[17]);
    }

    public List<FileDescriptor> fds() throws UtracerException {
        return pathRecords(client.call(h -> Native.fds(h, pid)), 7, (v, b, path) ->
                new FileDescriptor((int) v[b], path, (int) v[b + 1], (v[b + 2] & 1) != 0,
                        (v[b + 2] & 2) != 0, v[b + 5], v[b + 6], (int) v[b + 3],
                        (int) v[b + 4]));
    }

    /** The registers of the thread with the tracee's pid (it must be stopped). */
    public Registers registers() throws UtracerException {
        return thread(pid).registers();
    }

    public void setRegisters(Registers regs) throws UtracerException {
        thread(pid).setRegisters(regs);
    }

    /** The registers of the thread with the tracee's pid, a 32-bit (ia32) program's. */
    public Registers32 registers32() throws UtracerException {
        return thread(pid).registers32();
    }

    public void setRegisters32(Registers32 regs) throws UtracerException {
        thread(pid).setRegisters32(regs);
    }

    // --- memory ---

    /** Up to n bytes at addr: short when the readable range ends first. */
    public byte[] readMemory(long addr, int n) throws UtracerException {
        if (n < 0)
            throw new IllegalArgumentException("a negative length");
        byte[] b = new byte[n];
        int got = readMemory(addr, b, 0, n);
        return got == n ? b : java.util.Arrays.copyOf(b, got);
    }

    /** Read into b[off, off + len); the count read. */
    public int readMemory(long addr, byte[] b, int off, int len) throws UtracerException {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b").length);
        return client.call(h -> Native.memRead(h, pid, addr, b, null, off, len));
    }

    /** Read buf.remaining() bytes into buf at its position, which advances by the count read. */
    public int readMemory(long addr, ByteBuffer buf) throws UtracerException {
        Objects.requireNonNull(buf, "buf");
        if (buf.isReadOnly())
            throw new java.nio.ReadOnlyBufferException();
        int pos = buf.position(), len = buf.remaining(), got;
        if (buf.isDirect()) {
            got = client.call(h -> Native.memRead(h, pid, addr, null, buf, pos, len));
        } else {
            byte[] tmp = new byte[len];
            got = readMemory(addr, tmp, 0, len);
            buf.put(tmp, 0, got);
            return got;
        }
        buf.position(pos + got);
        return got;
    }

    /** Write data at addr; the count written (short when the writable range ends first). */
    public int writeMemory(long addr, byte[] data) throws UtracerException {
        return writeMemory(addr, data, 0, Objects.requireNonNull(data, "data").length);
    }

    public int writeMemory(long addr, byte[] b, int off, int len) throws UtracerException {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b").length);
        return client.call(h -> Native.memWrite(h, pid, addr, b, null, off, len));
    }

    /** Write buf's remaining bytes; its position advances by the count written. */
    public int writeMemory(long addr, ByteBuffer buf) throws UtracerException {
        Objects.requireNonNull(buf, "buf");
        int pos = buf.position(), len = buf.remaining(), got;
        if (buf.isDirect()) {
            got = client.call(h -> Native.memWrite(h, pid, addr, null, buf, pos, len));
        } else {
            byte[] tmp = new byte[len];
            buf.duplicate().get(tmp);
            got = writeMemory(addr, tmp, 0, len);
        }
        buf.position(pos + got);
        return got;
    }

    // --- breakpoints ---

    /** A breakpoint at addr of this tracee, armed in every traced process mapping that file. */
    public Breakpoint setBreakpoint(long addr) throws UtracerException {
        int id = client.call(h -> Native.breakpointSetAddr(h, pid, addr));
        return client.breakpoint(id);
    }

    // --- hardware breakpoints and watchpoints ---

    /**
     * A hardware breakpoint (EXEC, length 1) or watchpoint (WRITE; ACCESS, a
     * read or a write) on the length (1, 2, 4 or 8) bytes at addr, aligned
     * to length, in every thread of this tracee (those it creates later
     * too). A thread that hits it stops and reports an {@link Event.Hwbp}.
     * EINVAL for a bad length or address, ENOSPC when a thread's four debug
     * registers are taken.
     */
    public HardwareBreakpoint setHwbp(long addr, int length, HwbpType type)
            throws UtracerException {
        int t = Objects.requireNonNull(type, "type").value;
        int id = client.call(h -> Native.hwbpSet(h, pid, addr, length, t));
        return client.hwbp(id);
    }

    // --- signals held before delivery ---

    /**
     * Hold these signal numbers (1-64) before their delivery, replacing the
     * set (none: hold nothing). While SIGNAL is among its events and stop
     * events, such a signal is reported by an {@link Event.Signal} with
     * before and stopped, before any handler runs; resume() delivers it
     * unless {@link #signalVerdict} said otherwise. Signals the thread
     * blocks, and those the kernel makes fatal when sent (SIGTERM at its
     * default action), are not held. EOPNOTSUPP without
     * Client.FEATURE_SIGNAL_HOLD; IllegalArgumentException for a number
     * out of range.
     */
    public void holdSignals(int... signals) throws UtracerException {
        long mask = 0;
        for (int s : signals) {
            if (s < 1 || s > 64)
                throw new IllegalArgumentException("signal " + s + ": not between 1 and 64");
            mask |= 1L << (s - 1);
        }
        long m = mask;
        client.run(h -> Native.setSignalHolds(h, pid, m));
    }

    /**
     * What becomes of the held signal thread tid is stopped for once it
     * resumes: 0 discards it, its own number delivers it, another number
     * delivers that one instead. ENOENT when it is not stopped for one.
     */
    public void signalVerdict(int tid, int signo) throws UtracerException {
        client.run(h -> Native.signalVerdict(h, tid, signo));
    }

    /** signalVerdict() for the thread whose id is the tracee's pid. */
    public void signalVerdict(int signo) throws UtracerException {
        signalVerdict(pid, signo);
    }

    /** This tracee's hardware breakpoints and watchpoints. */
    public List<HardwareBreakpoint> hwbps() throws UtracerException {
        List<HardwareBreakpoint> out = new ArrayList<>();
        for (HardwareBreakpoint b : client.hwbps())
            if (b.pid() == pid)
                out.add(b);
        return Collections.unmodifiableList(out);
    }
}
