// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/**
 * The JNI layer frees what the library allocates, on success and on
 * error: 1000 rounds of every list call, memory, registers and failing
 * calls leave the process's resident memory within 24 MiB of where it was
 * after the first rounds. The tracee has a 64 KiB argument and a 64 KiB
 * environment string and each round reads 256 KiB of its memory into a
 * byte[], so leaking the environment, command line or array copy of one
 * call per round would grow it by 64 to 256 MiB. Run with a small fixed
 * heap (-Xms64m -Xmx64m), so the Java heap cannot account for growth.
 */
public class NativeLeakTest {
    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:"))
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new AssertionError("no VmRSS");
    }

    private static void round(Client c, Tracee t, long addr, int i) throws Exception {
        t.maps();
        t.env();
        t.cmdline();
        t.exe();
        t.auxv();
        t.fds();
        t.status();
        t.registers();
        t.readMemory(addr, new byte[256 << 10], 0, 256 << 10);
        t.readMemory(addr, ByteBuffer.allocateDirect(64));
        c.threads();
        c.breakpoints();
        try {
            t.readMemory(0, 64);
        } catch (UtracerException expected) {
            // the error path frees too
        }
        try {
            c.attach(999999, Set.of());
        } catch (UtracerException expected) {
            // likewise
        }
        if (i % 50 == 0) {
            try {
                c.spawn(List.of("/nonexistent/x", "a", "b"), Set.of(), Set.of(), Set.of(),
                        java.util.Map.of("A", "B"), "/");
            } catch (UtracerException expected) {
                // argv, envp and cwd copies are freed on failure
            }
        }
    }

    @Test
    public void noNativeGrowth() throws Exception {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
        String big = "x".repeat(64 << 10);
        try (Client c = new Client();
                Support.Running r = new Support.Running(Map.of("BIG", big),
                        Support.prog("lib-spin"), "1", big)) {
            long addr = Long.parseUnsignedLong(r.firstLine[0].substring(2), 16);
            Tracee t = c.attach(r.pid(), Set.of());
            t.stop();
            for (int i = 0; i < 200; i++)
                round(c, t, addr, i);
            System.gc();
            long before = rssKiB();
            for (int i = 0; i < 1000; i++)
                round(c, t, addr, i);
            System.gc();
            long grown = rssKiB() - before;
            System.out.println("NativeLeakTest: resident memory grew by " + grown + " KiB");
            assertTrue("resident memory grew by " + grown + " KiB", grown < 24 * 1024);
        }
    }
}
