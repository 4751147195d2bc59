#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""syscall_count.py CMD [ARGS...]: run CMD under utracer, following its
children, and print one "NAME COUNT" line per syscall it made, sorted by
name: the calls column of `strace -f -c`.

Like strace, it counts a syscall when it returns, under the number it was
entered with (rt_sigreturn returns with the number the signal frame held),
and only when its entry was seen: exit and exit_group never return, and the
new child of a fork or vfork returns from a call it did not enter. The
execve that starts CMD ran while the library set the trace up, before any
syscall event was asked for, so it is counted from the spawn itself.
"""
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import utracer  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: syscall_count.py CMD [ARGS...]", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    with utracer.Client() as client:
        try:
            tracee = client.spawn(argv, events={"syscall_entry", "syscall_exit"},
                                  follow=True)
        except OSError as e:
            print(f"syscall_count: {e}", file=sys.stderr)
            return 127
        counts["execve"] += 1
        entered: dict[int, str] = {}  # tid -> the syscall it is inside
        for ev in client.events():
            if ev.type == "syscall_entry":
                entered[ev.tid] = ev.name
            elif ev.type == "syscall_exit":
                name = entered.pop(ev.tid, None)
                if name is not None:
                    counts[name] += 1
            elif ev.type == "lost":
                print(f"syscall_count: {ev.count} events lost", file=sys.stderr)
        status = tracee.wait()
    for name in sorted(counts):
        print(f"{name} {counts[name]}")
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
