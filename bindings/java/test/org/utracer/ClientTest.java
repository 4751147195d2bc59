// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;

/** The client: open, close, module information, argument checking. */
public class ClientTest {
    @Before
    public void loaded() {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
    }

    @Test
    public void versionAndModuleInfo() throws Exception {
        assertTrue(Client.libraryVersion().matches("\\d+\\.\\d+\\.\\d+"));
        try (Client c = new Client()) {
            Client.ModuleInfo info = c.moduleInfo();
            assertTrue(info.apiMajor() >= 1);
            assertTrue(info.syscallMax() > 300);
            for (EventKind k : EnumSet.range(EventKind.SYSCALL_ENTRY, EventKind.SIGNAL))
                assertTrue(k + " reported", (info.events() & (1L << k.value)) != 0);
            assertEquals("syscall-entry", EventKind.SYSCALL_ENTRY.libraryName());
        }
    }

    @Test
    public void setWakeup() throws Exception {
        try (Client c = new Client()) {
            assertThrows(IllegalArgumentException.class, () -> c.setWakeup(4096, 1001));
            assertThrows(IllegalArgumentException.class, () -> c.setWakeup(-1, 0));
            if (!c.hasFeature(Client.FEATURE_RING_WAKEUP)) {
                UtracerException e = assertThrows(UtracerException.class,
                        () -> c.setWakeup(4096, 0));
                assertEquals(UtracerException.EOPNOTSUPP, e.errno());
                return;
            }
            c.setWakeup(65536, 5);
            c.setWakeup(0, 0);
        }
    }

    @Test
    public void oneClientPerProcess() throws Exception {
        try (Client c = new Client()) {
            assertFalse(c.isClosed());
            UtracerException e = assertThrows(UtracerException.class, Client::new);
            assertEquals(UtracerException.EEXIST, e.errno());
            assertEquals(Client.strerror(UtracerException.EEXIST), e.libraryMessage());
        }
        new Client().close(); // registered again once closed
    }

    @Test
    public void badProcRoot() {
        UtracerException e = assertThrows(UtracerException.class,
                () -> new Client("/nonexistent", 0));
        assertEquals(UtracerException.ENOSYS, e.errno());
        assertTrue(e.getMessage().contains("utracer"));
        assertThrows(IllegalArgumentException.class, () -> new Client(null, -1));
    }

    @Test
    public void closedClientRefusesCalls() throws Exception {
        Client c = new Client();
        c.close();
        c.close(); // idempotent
        assertTrue(c.isClosed());
        assertThrows(IllegalStateException.class, c::threads);
        assertThrows(IllegalStateException.class, () -> c.attach(1, Set.of()));
        assertThrows(IllegalStateException.class, () -> c.eventQueue().poll());
        assertThrows(IllegalStateException.class, () -> c.eventQueue().remove(10));
        assertThrows(IllegalStateException.class, c::moduleInfo);
    }

    @Test
    public void badArguments() throws Exception {
        try (Client c = new Client()) {
            assertThrows(NullPointerException.class, () -> c.spawn(null, Set.of()));
            assertThrows(IllegalArgumentException.class, () -> c.spawn(List.of(), Set.of()));
            assertThrows(NullPointerException.class,
                    () -> c.spawn(java.util.Arrays.asList("/bin/true", null), Set.of()));
            assertThrows(IllegalArgumentException.class,
                    () -> c.attach(1, EnumSet.of(EventKind.STOP)));
            assertThrows(IllegalArgumentException.class,
                    () -> c.spawn(List.of("/bin/true"), Set.of(), Set.of(),
                            EnumSet.of(AttachFlag.THREAD), null, null));
            assertThrows(NullPointerException.class, () -> c.setBreakpoint(null, 0));
            UtracerException e = assertThrows(UtracerException.class,
                    () -> c.spawn(List.of("/bin/tr\0ue"), Set.of()));
            assertEquals(UtracerException.EINVAL, e.errno());
            assertThrows(UtracerException.class, () -> c.attach(-5, Set.of()));
            assertTrue(c.threads().isEmpty());
        }
    }

    @Test
    public void syscallNames() {
        assertEquals("write", Syscalls.name(1, Event.AUDIT_ARCH_X86_64));
        assertEquals("write", Syscalls.name(4, Event.AUDIT_ARCH_I386));
        assertEquals("syscall_100000", Syscalls.name(100000, Event.AUDIT_ARCH_X86_64));
        assertEquals("syscall_-1", Syscalls.name(-1, Event.AUDIT_ARCH_X86_64));
    }

    @Test
    public void closeWhileAnotherThreadWaits() throws Exception {
        Client c = new Client();
        Thread waiter = new Thread(() -> {
            try {
                c.eventQueue().remove();
            } catch (IllegalStateException expected) {
                // closed under it: what the waiter must see
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waiter.start();
        Thread.sleep(300);
        c.close();
        waiter.join(5000);
        assertFalse("the waiter still waits after close", waiter.isAlive());
        assertNotNull(c);
    }
}
