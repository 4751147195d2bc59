// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One thread of a tracee: its registers, its own stop and resume. */
public final class TracedThread {
    private final Tracee tracee;
    private final int tid;

    TracedThread(Tracee tracee, int tid) {
        this.tracee = tracee;
        this.tid = tid;
    }

    public int tid() {
        return tid;
    }

    public Tracee tracee() {
        return tracee;
    }

    @Override
    public String toString() {
        return "TracedThread[pid=" + tracee.pid() + ", tid=" + tid + "]";
    }

    /** The register set as the kernel gives it: 8 * 27 bytes on x86-64, 4 * 17 on ia32. */
    private long[] readRegisters(int width, int count, String want) throws UtracerException {
        byte[] raw = new byte[512];
        int n = tracee.client().call(h -> Native.regsRead(h, tid, raw));
        if (n != width * count) {
            String is = n == 8 * Registers.NAMES.size() ? "an x86-64 thread's (use registers())"
                    : n == 4 * Registers32.NAMES.size() ? "an ia32 thread's (use registers32())"
                    : "of no known layout";
            throw new UtracerException(74 /* EBADMSG */, "registers of " + tid,
                    "a register set of " + n + " bytes is " + is + ", not " + want);
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[count];
        for (int i = 0; i < count; i++)
            v[i] = width == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
        return v;
    }

    private void writeRegisters(long[] v, int width) throws UtracerException {
        ByteBuffer b = ByteBuffer.allocate(v.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            if (width == 8)
                b.putLong(x);
            else
                b.putInt((int) x);
        }
        byte[] raw = b.array();
        tracee.client().run(h -> Native.regsWrite(h, tid, raw, raw.length));
    }

    /**
     * Its general registers, x86-64; the thread must be stopped (EBUSY
     * otherwise). A 32-bit thread's set is an EBADMSG: read it with
     * {@link #registers32}.
     */
    public Registers registers() throws UtracerException {
        return Registers.of(readRegisters(8, Registers.NAMES.size(), "x86-64's"));
    }

    /** Write its general registers (x86-64); the thread must be stopped. */
    public void setRegisters(Registers regs) throws UtracerException {
        writeRegisters(java.util.Objects.requireNonNull(regs, "regs").toArray(), 8);
    }

    /**
     * The general registers of a 32-bit (ia32) thread; the thread must be
     * stopped (EBUSY otherwise). An x86-64 thread's set is an EBADMSG.
     */
    public Registers32 registers32() throws UtracerException {
        return Registers32.of(readRegisters(4, Registers32.NAMES.size(), "ia32's"));
    }

    /**
     * Write the general registers of a 32-bit (ia32) thread; it must be
     * stopped. The kernel refuses (EINVAL) to take them for an x86-64 thread.
     */
    public void setRegisters32(Registers32 regs) throws UtracerException {
        writeRegisters(java.util.Objects.requireNonNull(regs, "regs").toArray(), 4);
    }

    /** Stop this thread alone; returns once it is stopped. */
    public void stop() throws UtracerException {
        if (tracee.client().hasFeature(Tracee.FEATURE_QUIESCE_WAIT)) {
            tracee.client().run(h -> Native.quiesce(h, tid, Tracee.THREAD | Tracee.QUIESCE_WAIT));
            return;
        }
        tracee.client().run(h -> Native.quiesce(h, tid, Tracee.THREAD));
        tracee.waitStopped(tid);
    }

    /**
     * Run this thread, which this client holds stopped, for one instruction:
     * a Stop event of reason STEP reports its end (none if the thread exits
     * first). A resume() before it ends calls the step off. Needs
     * Client.FEATURE_STEP; EBUSY when the thread is not held stopped.
     */
    public void step() throws UtracerException {
        tracee.client().run(h -> Native.step(h, tid, Tracee.THREAD));
    }

    /** Release this client's stop of this thread alone. */
    public void resume() throws UtracerException {
        tracee.client().run(h -> Native.run(h, tid, Tracee.THREAD));
    }

    public TaskStatus status() throws UtracerException {
        return tracee.status(tid);
    }
}
