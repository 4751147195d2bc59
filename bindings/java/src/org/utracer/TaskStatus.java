// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.util.List;

/** What /proc/PID/status shows of a thread; uid and gid: real, effective, saved, fs. */
public record TaskStatus(char state, int pid, int tid, int ppid, int threads, List<Integer> uid,
        List<Integer> gid, long sigPending, long sigShared, long sigBlocked, long sigIgnored,
        long sigCaught) {
}
