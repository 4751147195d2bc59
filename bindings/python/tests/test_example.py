# SPDX-License-Identifier: GPL-2.0
"""examples/syscall_count.py prints what `strace -f -c` counts (the calls
column), for deterministic commands. (A program with threads is not one:
how many futex() calls pthread_join() makes depends on who runs first.)"""
import os
import shutil
import subprocess
import sys

import pytest
from conftest import HERE, prog

EXAMPLE = str(HERE.parent / "examples" / "syscall_count.py")


def strace_counts(argv, tmp_path):
    out = tmp_path / "strace"
    subprocess.run(["strace", "-f", "-c", "-o", str(out), *argv], check=True,
                   stdout=subprocess.DEVNULL)
    counts = {}
    for line in out.read_text().splitlines():
        f = line.split()
        if not f or not f[0][0].isdigit() or f[-1] == "total":
            continue
        # % time, seconds, usecs/call, calls, [errors,] syscall
        counts[f[-1]] = int(f[3])
    return counts


def example_counts(argv):
    out = subprocess.run([sys.executable, EXAMPLE, *argv], check=True,
                         capture_output=True, text=True).stdout
    lines = out.splitlines()
    assert lines == sorted(lines)
    return {name: int(n) for name, n in (line.split() for line in lines)}


@pytest.mark.parametrize("argv", [
    [prog("lib-syscalls"), "50", "20"],
    [prog("follow"), "fork"],                     # a child process
    ["/bin/sh", "-c", "ls / >/dev/null; echo hi >/dev/null; /bin/true"],
])
def test_same_counts_as_strace(argv, tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace is not installed")
    assert example_counts(argv) == strace_counts(argv, tmp_path)


def test_exit_status_and_usage():
    assert subprocess.run([sys.executable, EXAMPLE, prog("lib-syscalls"), "0",
                           "0", "0", "3"], capture_output=True).returncode == 3
    assert subprocess.run([sys.executable, EXAMPLE],
                          capture_output=True).returncode == 2
    r = subprocess.run([sys.executable, EXAMPLE, "/nonexistent"],
                       capture_output=True, text=True)
    assert r.returncode == 127 and "No such file" in r.stderr
