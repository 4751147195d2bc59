#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 600
# Description: a short subset of gdb's own test suite (Debian's
# gdb-source, run by dejagnu's runtest with Debian's gdb) through udb
# gdbserver, as make gdb-testsuite runs it whole (docs/gdb-testsuite.md):
# gdb.server's exec-file, file transfer, extended-remote restart, a
# breakpoint in another inferior and "monitor exit" files, each with no
# FAIL, UNRESOLVED or ERROR and at least one PASS. The testsuite is the one
# make check unpacks (build/gdb-testsuite.src).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v runtest >/dev/null || { echo "dejagnu is not installed (scripts/deps --gdb-testsuite)"; exit 77; }
[ -f "$top/build/gdb-testsuite.src" ] ||
	{ echo "gdb's testsuite is not unpacked (make gdb-testsuite-src)"; exit 77; }
src=$(cat "$top/build/gdb-testsuite.src")
[ -d "$src/gdb.server" ] || { echo "no gdb testsuite in '$src'"; exit 1; }
tests=(gdb.server/server-exec-info.exp gdb.server/file-transfer.exp gdb.server/ext-restart.exp
	gdb.server/bkpt-other-inferior.exp gdb.server/monitor-exit-quit.exp)
out=$(GDBTS_BOARDS=udb-gdbserver "$top/tests/gdb/run-testsuite" --guest "$src" "${tests[@]}" 2>&1 |
	grep -v '^@@gdbts\|^[A-Za-z0-9+/=]\{40,\}$')
fail=0
for t in "${tests[@]}"; do
	line=$(grep "^gdbts: udb-gdbserver $t: " <<<"$out")
	sum=/tmp/gdbts/udb-gdbserver/logs/${t%.exp}/gdb.sum
	if [ -z "$line" ] || [ ! -f "$sum" ]; then
		echo "FAIL $t: not run"
		fail=1
		continue
	fi
	echo "$line"
	bad=$(grep -E '^(FAIL|UNRESOLVED|ERROR|XPASS|KPASS): ' "$sum")
	if [ -n "$bad" ] || ! grep -q '^PASS: ' "$sum" || [[ "$line" != *"runtest exit 0,"* ]]; then
		echo "FAIL $t:"
		echo "$bad"
		tail -n 30 "/tmp/gdbts/udb-gdbserver/logs/${t%.exp}/gdb.log"
		fail=1
	fi
done
[ $fail = 0 ] || echo "$out" | head -n 20
exit $fail
