// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

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

    /** Its general registers; the thread must be stopped (EBUSY otherwise). */
    public Registers registers() throws UtracerException {
        long[] v = new long[64];
        int n = tracee.client().call(h -> Native.regsRead(h, tid, v));
        if (n != 8 * Registers.NAMES.size())
            throw new UtracerException(74 /* EBADMSG */, "registers of " + tid,
                    "a register set of " + n + " bytes is not x86-64's");
        return Registers.of(v);
    }

    /** Write its general registers; the thread must be stopped. */
    public void setRegisters(Registers regs) throws UtracerException {
        long[] v = java.util.Objects.requireNonNull(regs, "regs").toArray();
        tracee.client().run(h -> Native.regsWrite(h, tid, v, v.length * 8));
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

    /** Release this client's stop of this thread alone. */
    public void resume() throws UtracerException {
        tracee.client().run(h -> Native.run(h, tid, Tracee.THREAD));
    }

    public TaskStatus status() throws UtracerException {
        return tracee.status(tid);
    }
}
