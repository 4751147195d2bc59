// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer.examples;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.utracer.AttachFlag;
import org.utracer.Client;
import org.utracer.Event;
import org.utracer.EventKind;
import org.utracer.Tracee;
import org.utracer.UtracerException;

/**
 * SyscallCount CMD [ARGS...]: run CMD under utracer, following its
 * children, and print one "NAME COUNT" line per syscall it made, sorted by
 * name: the calls column of {@code strace -f -c}.
 *
 * <p>Like strace, a syscall counts when it returns, under the number it
 * was entered with, and only when its entry was seen (exit and exit_group
 * never return; a new child returns from a fork it did not enter). The
 * execve that starts CMD ran while the library set the trace up, so it is
 * counted from the spawn.
 */
public final class SyscallCount {
    private SyscallCount() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: syscall-count CMD [ARGS...]");
            System.exit(2);
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<Integer, String> entered = new HashMap<>(); // tid -> the syscall it is inside
        int status;
        try (Client client = new Client()) {
            Tracee tracee;
            try {
                tracee = client.spawn(List.of(args),
                        EnumSet.of(EventKind.SYSCALL_ENTRY, EventKind.SYSCALL_EXIT), Set.of(),
                        EnumSet.of(AttachFlag.FOLLOW), null, null);
            } catch (UtracerException e) {
                System.err.println("syscall-count: " + e.getMessage());
                System.exit(127);
                return;
            }
            counts.merge("execve", 1, Integer::sum);
            for (Event ev : client.eventQueue()) {
                if (ev instanceof Event.SyscallEntry e) {
                    entered.put(e.tid(), e.name());
                } else if (ev instanceof Event.SyscallExit e) {
                    String name = entered.remove(e.tid());
                    if (name != null)
                        counts.merge(name, 1, Integer::sum);
                } else if (ev instanceof Event.Lost e) {
                    System.err.println("syscall-count: " + e.count() + " events lost");
                }
            }
            status = tracee.waitFor();
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((name, n) -> out.append(name).append(' ').append(n).append('\n'));
        System.out.print(out);
        System.out.flush();
        int sig = status & 0x7f;
        System.exit(sig == 0 ? (status >> 8) & 0xff : 128 + sig);
    }
}
