#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Description: tests/vm/lib-spawn runs clean under valgrind against the
# module: no invalid access, no use of uninitialised memory, no leak, the
# test still passing. (One script per library VM test, so that each stays
# well within the suite's per-test timeout.)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
exec "$top/tests/common/ulib-valgrind" "$top/build/tests/vm" lib-spawn
