#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Description: tests/vm/follow-fork runs clean under valgrind against the
# module: no invalid access, no use of uninitialised memory, no leak, the
# test still passing, with a storm of 20 forks instead of 200 (valgrind is
# slow; the 200 run natively in follow-fork).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
export FOLLOW_STORM=20
exec "$top/tests/common/ulib-valgrind" "$top/build/tests/vm" follow-fork
