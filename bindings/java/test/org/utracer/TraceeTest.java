// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;

/** Inspection and control of a tracee, each checked against /proc/PID. */
public class TraceeTest {
    @Before
    public void loaded() {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
    }

    @Test
    public void mapsEnvExeCmdline() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"), "2")) {
            Tracee t = c.attach(r.pid(), Set.of());
            t.stop();
            // The gate area (vsyscall=xonly|emulate) is no mapping of the mm.
            List<String> lines = Files.readAllLines(Path.of("/proc/" + r.pid() + "/maps"))
                    .stream().filter(l -> !l.endsWith(" [vsyscall]")).toList();
            List<MemoryMap> maps = t.maps();
            assertEquals(lines.size(), maps.size());
            for (int i = 0; i < maps.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+", 6);
                MemoryMap m = maps.get(i);
                String[] range = f[0].split("-");
                assertEquals(Long.parseUnsignedLong(range[0], 16), m.start());
                assertEquals(Long.parseUnsignedLong(range[1], 16), m.end());
                assertEquals(f[1], m.perms());
                assertEquals(Long.parseLong(f[2], 16), m.offset());
                assertEquals(Long.parseLong(f[4]), m.inode());
                assertEquals(f.length > 5 ? f[5] : "", m.path());
            }
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + r.pid() + "/environ"));
            Map<String, String> want = new LinkedHashMap<>();
            for (String s : new String(raw).split("\0")) {
                if (s.isEmpty())
                    continue;
                int eq = s.indexOf('=');
                want.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
            assertEquals(want, t.env());
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + r.pid() + "/exe")).toString(),
                    t.exe());
            assertEquals(List.of(Support.prog("lib-spin"), "2"), t.cmdline());
        }
    }

    @Test
    public void auxvStatusFds() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            Tracee t = c.attach(r.pid(), Set.of());
            t.stop();
            ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/" + r.pid() + "/auxv")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            List<AuxvEntry> auxv = t.auxv();
            for (AuxvEntry a : auxv)
                assertEquals(new AuxvEntry(raw.getLong(), raw.getLong()), a);
            assertEquals(0, raw.getLong()); // AT_NULL follows
            TaskStatus st = t.status();
            assertEquals(r.pid(), st.pid());
            assertEquals(ProcessHandle.current().pid(), st.ppid());
            assertEquals(1, st.threads());
            assertEquals(List.of(0, 0, 0, 0), st.uid());
            String status = Files.readString(Path.of("/proc/" + r.pid() + "/status"));
            assertTrue(status.contains("State:\t" + st.state() + " "));
            List<FileDescriptor> fds = t.fds();
            String[] names = Path.of("/proc/" + r.pid() + "/fd").toFile().list();
            assertEquals(names.length, fds.size());
            for (FileDescriptor f : fds)
                assertEquals(Files.readSymbolicLink(Path.of("/proc/" + r.pid() + "/fd/" + f.fd()))
                        .toString(), f.path());
            assertTrue(fds.get(1).writable());
            assertEquals(r.pid(), t.thread(r.pid()).status().tid());
        }
    }

    @Test
    public void registers() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            Tracee t = c.attach(r.pid(), Set.of());
            t.stop();
            Registers regs = t.registers();
            assertEquals(0x1111111111111111L, regs.r12());
            assertEquals(0x4444444444444444L, regs.get("r15"));
            MemoryMap stack = t.maps().stream().filter(m -> m.path().equals("[stack]"))
                    .findFirst().orElseThrow();
            assertTrue(stack.start() <= regs.rsp() && regs.rsp() < stack.end());
            assertEquals(5, regs.with("rax", 5).rax());
            assertThrows(IllegalArgumentException.class, () -> regs.with("nosuch", 1));
            UtracerException bad = assertThrows(UtracerException.class, t::registers32);
            assertEquals(74 /* EBADMSG */, bad.errno());
            assertEquals(1, t.threads().size());
            t.resume();
            UtracerException e = assertThrows(UtracerException.class, t::registers);
            assertEquals(UtracerException.EBUSY, e.errno());
            assertThrows(NullPointerException.class, () -> t.setRegisters(null));
        }
    }

    /**
     * A 32-bit program (assembled here as engine-ia32 does; skipped without
     * an assembler for it or ia32 emulation): registers32() names the i386
     * registers with the values it loaded, registers() refuses its set with
     * EBADMSG, and setRegisters32() writes one back.
     */
    @Test
    public void registers32() throws Exception {
        Path dir = Files.createTempDirectory("utracer-ia32");
        Path src = dir.resolve("t.s");
        Path exe = dir.resolve("t");
        try {
            Files.writeString(src, String.join("\n", "\t.globl _start", "_start:",
                    "\tmov $4, %eax", "\tmov $1, %ebx", "\tmov $msg, %ecx", "\tmov $6, %edx",
                    "\tint $0x80", "\tmov $0x11223344, %esi", "\tmov $0x89abcdef, %edi",
                    "\tmov $0x99aabbcc, %ebp", "1:\tmov $20, %eax", "\tint $0x80", "\tjmp 1b",
                    "\t.data", "msg:\t.ascii \"ready\\n\"", ""));
            Process cc = new ProcessBuilder("cc", "-x", "assembler", "-m32", "-nostdlib",
                    "-static", "-o", exe.toString(), src.toString()).inheritIO().start();
            assumeTrue("cannot build a 32-bit tracee", cc.waitFor() == 0);
            try (Client c = new Client(); Support.Running r = new Support.Running(exe.toString())) {
                assumeTrue("the 32-bit tracee does not run (no ia32 emulation?)",
                        r.firstLine.length == 1 && r.firstLine[0].equals("ready"));
                Tracee t = c.attach(r.pid(), Set.of());
                t.stop();
                Registers32 regs = t.registers32();
                assertEquals(0x11223344L, regs.esi());
                assertEquals(0x89abcdefL, regs.get("edi"));
                assertEquals(0x99aabbccL, regs.ebp());
                assertTrue(regs.eip() > 0 && regs.eip() <= 0xffffffffL);
                MemoryMap stack = t.maps().stream().filter(m -> m.path().equals("[stack]"))
                        .findFirst().orElseThrow();
                assertTrue(stack.start() <= regs.esp() && regs.esp() < stack.end());
                UtracerException e = assertThrows(UtracerException.class, t::registers);
                assertEquals(74 /* EBADMSG */, e.errno());
                t.setRegisters32(regs.with("esi", 0xfedcba98L));
                assertEquals(0xfedcba98L, t.registers32().esi());
                assertEquals(regs.ebp(), t.registers32().ebp());
                assertThrows(IllegalArgumentException.class, () -> regs.with("esi", -1));
                assertThrows(IllegalArgumentException.class, () -> regs.with("rip", 1));
                assertThrows(NullPointerException.class, () -> t.setRegisters32(null));
                t.resume();
                e = assertThrows(UtracerException.class, t::registers32);
                assertEquals(UtracerException.EBUSY, e.errno());
            }
        } finally {
            Files.deleteIfExists(exe);
            Files.deleteIfExists(src);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void setRegisters() throws Exception {
        // poke regs: prints "ready PID LOOP END", spins in [LOOP, END) until
        // rbx is not zero, then exits with rbx & 0xff.
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("poke"), "regs")) {
            long loop = Long.parseUnsignedLong(r.firstLine[2].substring(2), 16);
            long end = Long.parseUnsignedLong(r.firstLine[3].substring(2), 16);
            Tracee t = c.attach(r.pid(), EnumSet.of(EventKind.EXIT));
            TracedThread th = t.thread(r.pid());
            boolean inLoop = false;
            for (int i = 0; i < 200 && !inLoop; i++) {
                th.stop();
                long rip = th.registers().rip();
                inLoop = loop <= rip && rip < end;
                if (!inLoop) {
                    th.resume();
                    Thread.sleep(10);
                }
            }
            assertTrue("never stopped inside the loop", inLoop);
            th.setRegisters(th.registers().with("rbx", 42));
            assertEquals(42, th.registers().rbx());
            th.resume();
            Event.Exit ex = (Event.Exit) Support.drain(c).stream()
                    .filter(e -> e instanceof Event.Exit).findFirst().orElseThrow();
            assertEquals(42, ex.exitCode());
            assertEquals(42, r.proc.waitFor());
        }
    }

    @Test
    public void memory() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            long addr = Long.parseUnsignedLong(r.firstLine[0].substring(2), 16);
            int len = Integer.parseInt(r.firstLine[1]);
            Tracee t = c.attach(r.pid(), Set.of());
            t.stop();
            byte[] data = t.readMemory(addr, len);
            assertEquals(len, data.length);
            for (int i = 0; i < len; i++)
                if (data[i] != (byte) (i * 7 + 3))
                    throw new AssertionError("byte " + i);
            assertEquals(7, t.writeMemory(addr + 10, "utracer".getBytes()));
            byte[] viaProc = new byte[20];
            try (RandomAccessFile mem = new RandomAccessFile("/proc/" + r.pid() + "/mem", "r")) {
                mem.seek(addr);
                mem.readFully(viaProc);
            }
            assertArrayEquals(viaProc, t.readMemory(addr, 20));
            ByteBuffer direct = ByteBuffer.allocateDirect(32);
            direct.position(4);
            assertEquals(28, t.readMemory(addr, direct));
            assertEquals(32, direct.position());
            direct.position(4);
            byte[] back = new byte[28];
            direct.get(back);
            assertArrayEquals(t.readMemory(addr, 28), back);
            ByteBuffer heap = ByteBuffer.wrap("JAVA".getBytes());
            assertEquals(4, t.writeMemory(addr, heap));
            assertArrayEquals("JAVA".getBytes(), t.readMemory(addr, 4));
            ByteBuffer d2 = ByteBuffer.allocateDirect(3).put("xyz".getBytes());
            d2.flip();
            assertEquals(3, t.writeMemory(addr, d2));
            assertArrayEquals("xyzA".getBytes(), t.readMemory(addr, 4));
            // Bad sizes and ranges: exceptions, never a crash.
            assertThrows(IllegalArgumentException.class, () -> t.readMemory(addr, -1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> t.readMemory(addr, new byte[4], 2, 3));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> t.readMemory(addr, new byte[4], -1, 2));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> t.writeMemory(addr, new byte[4], 0, -2));
            assertThrows(NullPointerException.class, () -> t.readMemory(addr, (byte[]) null, 0, 1));
            assertThrows(NullPointerException.class, () -> t.writeMemory(addr, (ByteBuffer) null));
            assertEquals(0, t.readMemory(addr, 0).length);
            // A bad address: the library's EIO.
            UtracerException e = assertThrows(UtracerException.class, () -> t.readMemory(0, 16));
            assertEquals(UtracerException.EIO, e.errno());
            e = assertThrows(UtracerException.class, () -> t.writeMemory(0, new byte[1]));
            assertEquals(UtracerException.EIO, e.errno());
        }
    }

    @Test
    public void stopResumeDetach() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            Tracee t = c.attach(r.pid(), Set.of());
            assertTrue(t.isAttached());
            t.stop();
            assertEquals(ThreadInfo.State.STOPPED, c.threads().get(0).state());
            int before = Support.utime(r.pid());
            Thread.sleep(300);
            assertEquals(before, Support.utime(r.pid()));
            t.resume();
            assertEquals(ThreadInfo.State.RUNNING, c.threads().get(0).state());
            t.detach();
            assertFalse(t.isAttached());
            before = Support.utime(r.pid());
            Thread.sleep(500);
            assertTrue("the detached tracee does not run", Support.utime(r.pid()) > before);
            Tracee th = c.attach(r.pid(), Set.of(), Set.of(), EnumSet.of(AttachFlag.THREAD));
            assertFalse(c.threads().get(0).process());
            th.detach();
        }
    }

    @Test
    public void breakpoints() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("bp-target"), "5")) {
            long square = Long.parseUnsignedLong(r.firstLine[0].substring(2), 16);
            Tracee t = c.attach(r.pid(), Set.of());
            Breakpoint bp = t.setBreakpoint(square);
            assertTrue(bp.id() > 0);
            assertEquals(square, bp.addr());
            assertEquals(List.of(bp), c.breakpoints());
            r.send("go");
            int hits = 0;
            while (hits < 5) {
                Event e = c.eventQueue().remove(30000);
                if (e == null)
                    break;
                if (e instanceof Event.Breakpoint b) {
                    assertEquals(bp.id(), b.id());
                    assertEquals(square, b.addr());
                    assertTrue(b.stopped());
                    assertEquals(square, t.registers().rip());
                    hits++;
                    t.resume();
                }
            }
            assertEquals(5, hits);
            assertEquals(5, c.breakpoints().get(0).hits());
            c.removeBreakpoint(bp.id());
            assertTrue(c.breakpoints().isEmpty());
            UtracerException e = assertThrows(UtracerException.class,
                    () -> c.removeBreakpoint(bp.id()));
            assertEquals(UtracerException.ENOENT, e.errno());
            Breakpoint byPath = c.setBreakpoint(t.exe(), 0);
            assertEquals(0, byPath.offset());
            c.removeBreakpoint(byPath.id());
            e = assertThrows(UtracerException.class, () -> c.setBreakpoint("/nonexistent", 0));
            assertEquals(UtracerException.ENOENT, e.errno());
        }
    }

    /** The next Hwbp event within timeoutMs, or null. */
    /** The next event of kind within timeoutMs (the others are passed over), or null. */
    private static <T extends Event> T nextOf(Class<T> kind, Client c, long timeoutMs)
            throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        for (long left = timeoutMs; left > 0; left = end - System.currentTimeMillis()) {
            Event e = c.eventQueue().remove(left);
            if (e == null)
                return null;
            if (kind.isInstance(e))
                return kind.cast(e);
        }
        return null;
    }

    @Test
    public void signalHold() throws Exception {
        // sig-hold prints "ready PID", then "raise SIG" answers "raised SIG"
        // and "count" answers "usr1 N usr2 M" (its handlers' counts).
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("sig-hold"))) {
            assumeTrue("the module holds no signal", c.hasFeature(Client.FEATURE_SIGNAL_HOLD));
            Tracee t = c.attach(r.pid(), Set.of(EventKind.SIGNAL), Set.of(EventKind.SIGNAL),
                    Set.of());
            t.holdSignals(10);
            // Held, then discarded: the handler never runs.
            r.send("raise 10");
            Event.Signal s = nextOf(Event.Signal.class, c, 10000);
            assertTrue("no Signal event", s != null);
            assertTrue(s.before() && s.stopped());
            assertEquals(10, s.signo());
            assertEquals(r.pid(), s.tid());
            t.signalVerdict(0);
            t.resume();
            assertEquals("raised 10", r.out.readLine());
            r.send("count");
            assertEquals("usr1 0 usr2 0", r.out.readLine());
            // Held, then delivered by resume() alone: once.
            r.send("raise 10");
            s = nextOf(Event.Signal.class, c, 10000);
            assertTrue("no Signal event", s != null && s.before());
            t.resume();
            assertEquals("raised 10", r.out.readLine());
            r.send("count");
            assertEquals("usr1 1 usr2 0", r.out.readLine());
            // Not stopped for a held signal; bad numbers.
            UtracerException e = assertThrows(UtracerException.class, () -> t.signalVerdict(0));
            assertEquals(UtracerException.ENOENT, e.errno());
            e = assertThrows(UtracerException.class, () -> t.signalVerdict(65));
            assertEquals(UtracerException.EINVAL, e.errno());
            assertThrows(IllegalArgumentException.class, () -> t.holdSignals(0));
        }
    }

    @Test
    public void hardwareWatchpoint() throws Exception {
        // hwbp-target prints "&watched hwbp_func &spare[0]", then runs one
        // action per line: "w" adds 1 to watched, answering "ok <watched>".
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("hwbp-target"))) {
            assumeTrue("the module has no hardware breakpoints",
                    c.hasFeature(Client.FEATURE_HWBP));
            long watched = Long.parseUnsignedLong(r.firstLine[0].substring(2), 16);
            Tracee t = c.attach(r.pid(), Set.of());
            HardwareBreakpoint w = t.setHwbp(watched, 8, HwbpType.WRITE);
            assertTrue(w.id() > 0);
            assertEquals(new HardwareBreakpoint(w.id(), HwbpType.WRITE, r.pid(), 8, watched, 0),
                    w);
            assertEquals(List.of(w), t.hwbps());
            r.send("w");
            Event.Hwbp h = nextOf(Event.Hwbp.class, c, 10000);
            assertTrue("no Hwbp event", h != null);
            assertEquals(EventKind.HWBP, h.kind());
            assertEquals(w.id(), h.id());
            assertEquals(HwbpType.WRITE, h.type());
            assertEquals(watched, h.addr());
            assertEquals(8, h.length());
            assertEquals(r.pid(), h.pid());
            assertEquals(r.pid(), h.tid());
            assertTrue(h.stopped());
            // Stopped after the write: the new value in memory, the thread at ip.
            assertEquals(1L, ByteBuffer.wrap(t.readMemory(watched, 8))
                    .order(ByteOrder.LITTLE_ENDIAN).getLong());
            assertEquals(h.ip(), t.registers().rip());
            t.resume();
            assertEquals("ok 1", r.out.readLine());
            assertEquals(1, c.hwbps().get(0).hits());
            // Bad arguments: a length of 3, a misaligned address, no type.
            UtracerException e = assertThrows(UtracerException.class,
                    () -> t.setHwbp(watched, 3, HwbpType.WRITE));
            assertEquals(UtracerException.EINVAL, e.errno());
            e = assertThrows(UtracerException.class,
                    () -> t.setHwbp(watched + 4, 8, HwbpType.WRITE));
            assertEquals(UtracerException.EINVAL, e.errno());
            assertThrows(NullPointerException.class, () -> t.setHwbp(watched, 8, null));
            assertEquals(1, c.hwbps().size());
            c.removeHwbp(w.id());
            assertTrue(c.hwbps().isEmpty());
            assertTrue(t.hwbps().isEmpty());
            e = assertThrows(UtracerException.class, () -> c.removeHwbp(w.id()));
            assertEquals(UtracerException.ENOENT, e.errno());
            // Removed, it stops no write.
            r.send("w");
            assertEquals("ok 2", r.out.readLine());
            assertTrue(nextOf(Event.Hwbp.class, c, 500) == null);
        }
    }

    @Test
    public void step() throws Exception {
        // lib-spin loops forever in "pause; jmp 1b": each step ends in a Stop
        // of reason STEP with the thread still in the loop (under qemu a step
        // of pause may end where it began; tests/vm/lib-step compares with ptrace).
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            assumeTrue("the module has no STEP", c.hasFeature(Client.FEATURE_STEP));
            Tracee t = c.attach(r.pid(), Set.of());
            TracedThread th = t.thread(r.pid());
            th.stop();
            long lo = th.registers().rip(), hi = lo;
            for (int i = 0; i < 5; i++) {
                th.step();
                Event.Stop st;
                do // the stop() above may have queued its own
                    st = nextOf(Event.Stop.class, c, 10000);
                while (st != null && st.reason() == Event.Reason.QUIESCE);
                assertTrue("no Stop after step " + i, st != null);
                assertEquals(Event.Reason.STEP, st.reason());
                assertEquals(r.pid(), st.tid());
                long rip = th.registers().rip();
                lo = Math.min(lo, rip);
                hi = Math.max(hi, rip);
            }
            assertTrue("steps left the loop", hi - lo <= 2);
            th.resume();
            UtracerException e = assertThrows(UtracerException.class, th::step);
            assertEquals(UtracerException.EBUSY, e.errno());
            assertTrue(e.getMessage().startsWith("step: "));
        }
    }

    @Test
    public void errorsBadPidAndNotAttached() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            UtracerException e = assertThrows(UtracerException.class,
                    () -> c.attach(999999, Set.of()));
            assertEquals(UtracerException.ESRCH, e.errno());
            assertTrue(e.getMessage().startsWith("attach: "));
            Tracee ghost = new Tracee(c, r.pid(), false, false);
            e = assertThrows(UtracerException.class, ghost::registers);
            assertEquals(UtracerException.ESRCH, e.errno());
            e = assertThrows(UtracerException.class, ghost::maps);
            assertEquals(UtracerException.ESRCH, e.errno());
            assertThrows(IllegalStateException.class, ghost::waitFor);
        }
    }

    @Test
    public void killedTraceeEndsTheQueue() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            c.attach(r.pid(), EnumSet.of(EventKind.EXIT));
            r.proc.destroyForcibly();
            List<Event> evs = Support.drain(c);
            assertTrue(evs.get(0) instanceof Event.Exit x && x.termSignal() == 9);
            assertTrue(c.threads().isEmpty());
        }
    }
}
