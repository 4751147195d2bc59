// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
package org.utracer;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A client's events, in order (the JDI model: a queue to remove() from).
 * Several threads may remove() at once; each event goes to one of them.
 */
public final class EventQueue implements Iterable<Event> {
    /** The longest a wait holds the client, so that close() can proceed. */
    private static final int SLICE_MS = 200;

    private final Client client;
    private final ThreadLocal<long[]> values = ThreadLocal.withInitial(
            () -> new long[Native.EVENT_LONGS]);
    private final ThreadLocal<byte[]> paths = ThreadLocal.withInitial(
            () -> new byte[Native.PATH_MAX]);

    EventQueue(Client client) {
        this.client = client;
    }

    /** The next event, waiting as long as it takes. */
    public Event remove() throws UtracerException, InterruptedException {
        return remove(-1);
    }

    /** The next event if one is ready, else null. */
    public Event poll() throws UtracerException {
        long[] v = values.get();
        byte[] p = paths.get();
        while (true) {
            int got = client.call(h -> Native.eventWait(h, v, p, 0));
            if (got == 0)
                return null;
            Event e = Event.decode(v, p);
            if (e != null)
                return e;
        }
    }

    /**
     * The next event, waiting up to timeoutMs milliseconds (negative: no
     * limit); null when none came in time.
     */
    public Event remove(long timeoutMs) throws UtracerException, InterruptedException {
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1000000L;
        long[] v = values.get();
        byte[] p = paths.get();
        while (true) {
            if (Thread.interrupted())
                throw new InterruptedException();
            long left = timeoutMs < 0 ? SLICE_MS : (deadline - System.nanoTime()) / 1000000L;
            int slice = (int) Math.max(0, Math.min(SLICE_MS, left));
            int got = client.call(h -> Native.eventWait(h, v, p, slice));
            if (got == 1) {
                Event e = Event.decode(v, p);
                if (e != null)
                    return e;
                continue;
            }
            if (timeoutMs >= 0 && System.nanoTime() >= deadline)
                return null;
        }
    }

    /** Whether the client traces no thread any more. */
    boolean noTracee() throws UtracerException {
        return client.call(Native::tasks).length == 0;
    }

    /**
     * The events until no tracee is left and every event is read. A library
     * error ends it with UncheckedIOException; an interrupt ends it quietly
     * with the thread's interrupt status set.
     */
    @Override
    public Iterator<Event> iterator() {
        return new Iterator<>() {
            private Event next;
            private boolean done;

            private void fetch() {
                if (next != null || done)
                    return;
                try {
                    while (next == null) {
                        next = poll();
                        if (next != null)
                            return;
                        if (noTracee()) {
                            next = poll(); // queued before it left
                            done = next == null;
                            return;
                        }
                        next = EventQueue.this.remove(SLICE_MS);
                    }
                } catch (UtracerException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    done = true;
                }
            }

            @Override
            public boolean hasNext() {
                fetch();
                return next != null;
            }

            @Override
            public Event next() {
                fetch();
                if (next == null)
                    throw new NoSuchElementException();
                Event e = next;
                next = null;
                return e;
            }
        };
    }
}
