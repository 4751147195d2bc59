#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Timeout: 900
# Description: the Python bindings (bindings/python) against the module,
# through pytest with Debian's python3: every service of Client and Tracee
# checked against /proc/PID, every error path (ESRCH as ProcessLookupError,
# EPERM as PermissionError for uid 65534 against root's process, EIO for a
# bad address, EBUSY, EEXIST, ENOENT), a write watchpoint's hwbp event,
# list and removal (EINVAL for a bad length or alignment), a stream of
# 40000 syscall events with nothing lost, captures (dd's path, read and
# write buffers in its events; the errors), and examples/syscall_count.py
# printing the calls
# column of `strace -f -c` for deterministic commands.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
"$py" -c 'import pytest' 2>/dev/null || { echo "python3-pytest is not installed"; exit 77; }
export UTRACER_LIBRARY=$top/build/lib/libutracer.so.0
# The tree is read-only in the guest: no bytecode or pytest cache there.
export PYTHONDONTWRITEBYTECODE=1
cd /tmp && exec "$py" -m pytest -p no:cacheprovider -q -rs "$top/bindings/python/tests"
