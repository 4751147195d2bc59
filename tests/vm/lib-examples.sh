#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the examples work against the module: mini-trace starts a
# program under tracing and reports its syscalls and its exit status;
# mini-inspect stops a running process, prints its executable, threads,
# registers, code, memory map and environment, and leaves it running.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ex=$top/build/examples
progs=$top/build/tests/progs
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
rc=0
fail() { echo "FAIL: $*"; rc=1; }
tmp=$(mktemp -d)
trap 'kill -9 $spin 2>/dev/null; rm -rf "$tmp"' EXIT

"$ex/mini-trace" "$progs/lib-syscalls" 3 0 0 4 >"$tmp/trace" 2>&1 || fail "mini-trace exited $?"
# getppid is syscall 110 on x86-64; it returns mini-trace's pid.
n=$(grep -cE "syscall 110 = [1-9][0-9]*\$" "$tmp/trace")
[ "$n" = 3 ] || fail "mini-trace showed $n getppid calls, not 3"
grep -q "exit status 0x400" "$tmp/trace" || fail "mini-trace did not show exit status 4"

"$progs/lib-spin" >"$tmp/spin" &
spin=$!
for _ in $(seq 100); do [ -s "$tmp/spin" ] && break; sleep 0.1; done
"$ex/mini-inspect" "$spin" >"$tmp/inspect" 2>&1 || fail "mini-inspect exited $?"
grep -q "^executable: $(readlink -f "$progs/lib-spin")\$" "$tmp/inspect" || fail "no executable line"
grep -q "^thread $spin state 3\$" "$tmp/inspect" || fail "no stopped thread line"
grep -q "^rip 0x" "$tmp/inspect" || fail "no registers"
grep -qE "^code at rip:( [0-9a-f]{2}){16}\$" "$tmp/inspect" || fail "no code bytes"
grep -q "lib-spin\$" "$tmp/inspect" || fail "no mapping of the program"
grep -q "\[stack\]\$" "$tmp/inspect" || fail "no stack mapping"
grep -q "environment strings" "$tmp/inspect" || fail "no environment"
# Left running: its user time goes on.
t1=$(awk '{print $14}' "/proc/$spin/stat"); sleep 0.5; t2=$(awk '{print $14}' "/proc/$spin/stat")
[ "$t2" -gt "$t1" ] || fail "the inspected process does not run any more"
[ $rc = 0 ] || { cat "$tmp/trace" | tail -5; cat "$tmp/inspect"; }
exit $rc
