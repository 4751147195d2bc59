// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

/** A traced thread and its state, as the client's task list shows it. */
public record ThreadInfo(int pid, int tid, State state, boolean process) {
    /** enum utracer_state */
    public enum State {
        RUNNING, STOPPING, STOPPED, EXITED, UNKNOWN
    }
}
