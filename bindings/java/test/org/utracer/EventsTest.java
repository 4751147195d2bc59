// SPDX-License-Identifier: GPL-2.0
package org.utracer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Test;

/** Spawn, attach, every event kind, the queue's end, a long stream with nothing lost. */
public class EventsTest {
    @Before
    public void loaded() {
        assumeTrue("the utracer module is not loaded", Support.moduleLoaded());
    }

    private static int myPid() {
        return (int) ProcessHandle.current().pid();
    }

    @Test
    public void spawnSyscallsAndExit() throws Exception {
        try (Client c = new Client()) {
            // lib-syscalls 3 2 0 4: three getppid(), two getpid(), exit status 4.
            Tracee t = c.spawn(List.of(Support.prog("lib-syscalls"), "3", "2", "0", "4"),
                    EnumSet.of(EventKind.SYSCALL_ENTRY, EventKind.SYSCALL_EXIT, EventKind.EXIT));
            List<Event> evs = Support.drain(c);
            List<Event.SyscallEntry> entries = evs.stream()
                    .filter(e -> e instanceof Event.SyscallEntry s && s.name().equals("getppid"))
                    .map(e -> (Event.SyscallEntry) e).collect(Collectors.toList());
            List<Event.SyscallExit> exits = evs.stream()
                    .filter(e -> e instanceof Event.SyscallExit s && s.name().equals("getppid"))
                    .map(e -> (Event.SyscallExit) e).collect(Collectors.toList());
            assertEquals(3, entries.size());
            assertEquals(3, exits.size());
            for (Event.SyscallEntry e : entries) {
                assertEquals(110, e.nr());
                assertEquals(6, e.args().size());
                assertEquals(t.pid(), e.pid());
            }
            for (Event.SyscallExit e : exits)
                assertEquals(myPid(), e.ret());
            List<Event.Exit> ex = evs.stream().filter(e -> e instanceof Event.Exit)
                    .map(e -> (Event.Exit) e).collect(Collectors.toList());
            assertEquals(1, ex.size());
            assertEquals(4, ex.get(0).exitCode());
            Event last = evs.get(evs.size() - 1);
            assertTrue(last instanceof Event.Detach d && d.reason() == Event.Reason.EXIT);
            assertEquals(4 << 8, t.waitFor());
            assertTrue(c.threads().isEmpty());
        }
    }

    @Test
    public void spawnStoppedThenResume() throws Exception {
        try (Client c = new Client()) {
            Tracee t = c.spawn(List.of(Support.prog("lib-syscalls"), "0", "0", "0", "9"),
                    EnumSet.of(EventKind.EXIT), Set.of(), EnumSet.of(AttachFlag.STOP),
                    Map.of("UTRACER_JAVA", "yes"), "/");
            assertEquals(ThreadInfo.State.STOPPED, c.threads().get(0).state());
            assertEquals(Map.of("UTRACER_JAVA", "yes"), t.env());
            long rip = t.registers().rip();
            assertTrue(t.maps().stream()
                    .anyMatch(m -> m.start() <= rip && rip < m.end() && m.perms().contains("x")));
            t.resume();
            List<EventKind> kinds = Support.drain(c).stream().map(Event::kind)
                    .collect(Collectors.toList());
            assertEquals(List.of(EventKind.EXIT, EventKind.DETACH), kinds);
            assertEquals(9 << 8, t.waitFor());
        }
    }

    @Test
    public void spawnMissingProgram() throws Exception {
        try (Client c = new Client()) {
            UtracerException e = assertThrows(UtracerException.class,
                    () -> c.spawn(List.of("/nonexistent/program"), Set.of()));
            assertEquals(UtracerException.ENOENT, e.errno());
            assertTrue(c.threads().isEmpty());
        }
    }

    @Test
    public void cloneExecFollow() throws Exception {
        try (Client c = new Client()) {
            Tracee t = c.spawn(List.of(Support.prog("follow"), "fork"),
                    EnumSet.of(EventKind.CLONE, EventKind.EXEC, EventKind.EXIT), Set.of(),
                    EnumSet.of(AttachFlag.FOLLOW), null, null);
            List<Event> evs = Support.drain(c);
            List<Event.Clone> clones = evs.stream().filter(e -> e instanceof Event.Clone)
                    .map(e -> (Event.Clone) e).collect(Collectors.toList());
            assertEquals(1, clones.size());
            assertEquals(Event.CloneKind.FORK, clones.get(0).cloneKind());
            assertTrue(clones.get(0).followed());
            int child = clones.get(0).childPid();
            assertTrue(evs.stream().anyMatch(
                    e -> e instanceof Event.Exit x && x.pid() == child && x.exitCode() == 7));
            assertEquals(0, t.waitFor());

            t = c.spawn(List.of("/bin/sh", "-c", "exec /bin/true"), EnumSet.of(EventKind.EXEC));
            List<String> paths = Support.drain(c).stream().filter(e -> e instanceof Event.Exec)
                    .map(e -> ((Event.Exec) e).path()).collect(Collectors.toList());
            t.waitFor();
            assertEquals(List.of("/bin/true"), paths);
        }
    }

    @Test
    public void signalEvent() throws Exception {
        try (Client c = new Client()) {
            Tracee t = c.spawn(List.of("/bin/sh", "-c", "trap : USR1; kill -USR1 $$; exit 5"),
                    EnumSet.of(EventKind.SIGNAL));
            List<Integer> sigs = Support.drain(c).stream()
                    .filter(e -> e instanceof Event.Signal)
                    .map(e -> ((Event.Signal) e).signo()).collect(Collectors.toList());
            assertEquals(List.of(10), sigs);
            assertEquals(5 << 8, t.waitFor());
        }
    }

    @Test
    public void longStreamNothingLost() throws Exception {
        int n = 20000;
        try (Client c = new Client()) {
            Tracee t = c.spawn(List.of(Support.prog("lib-syscalls"), Integer.toString(n), "0"),
                    EnumSet.of(EventKind.SYSCALL_ENTRY, EventKind.SYSCALL_EXIT));
            int entries = 0, exits = 0;
            long last = -1;
            for (Event e : c.eventQueue()) {
                assertTrue("a lost event", !(e instanceof Event.Lost));
                if (last >= 0)
                    assertEquals(last + 1, e.seq());
                last = e.seq();
                if (e instanceof Event.SyscallEntry s && s.name().equals("getppid"))
                    entries++;
                else if (e instanceof Event.SyscallExit s && s.name().equals("getppid"))
                    exits++;
            }
            t.waitFor();
            assertEquals(n, entries);
            assertEquals(n, exits);
        }
    }

    @Test
    public void timeoutsAndStops() throws Exception {
        try (Client c = new Client();
                Support.Running r = new Support.Running(Support.prog("lib-spin"))) {
            Tracee t = c.attach(r.pid(), EnumSet.of(EventKind.SYSCALL_ENTRY));
            assertNull(c.eventQueue().remove(200));
            assertNull(c.eventQueue().poll());
            t.requestStop();
            Event e = c.eventQueue().remove(10000);
            assertTrue(e instanceof Event.Stop s && s.reason() == Event.Reason.QUIESCE
                    && s.tid() == r.pid());
            t.detach();
            assertTrue(Support.drain(c).stream().allMatch(x -> x instanceof Event.Detach));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> c.eventQueue().remove(1000));
        }
    }

    @Test
    public void setEventsOnAndOff() throws Exception {
        try (Client c = new Client()) {
            Tracee t = c.spawn(List.of(Support.prog("lib-syscalls"), "4", "0"), Set.of(),
                    Set.of(), EnumSet.of(AttachFlag.STOP), null, null);
            t.setEvents(EnumSet.of(EventKind.SYSCALL_EXIT), Set.of());
            t.resume();
            long getppid = Support.drain(c).stream()
                    .filter(e -> e instanceof Event.SyscallExit s && s.name().equals("getppid"))
                    .count();
            assertEquals(4, getppid);
            t.waitFor();
            t = c.spawn(List.of(Support.prog("lib-syscalls"), "4", "0"),
                    EnumSet.of(EventKind.SYSCALL_EXIT), Set.of(), EnumSet.of(AttachFlag.STOP),
                    null, null);
            t.setEvents(Set.of(), Set.of());
            t.resume();
            assertEquals(List.of(EventKind.DETACH),
                    Support.drain(c).stream().map(Event::kind).collect(Collectors.toList()));
            t.waitFor();
        }
    }
}
