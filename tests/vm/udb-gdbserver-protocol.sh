#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Timeout: 300
# Description: udb gdbserver's answers to bad input, under valgrind. A raw
# client (tests/common/gdb-protocol.py) sends unknown packets (the empty
# reply), malformed ones (an error reply each: bad hex, missing fields,
# registers and threads that do not exist, a bad qXfer range),
# qXfer:siginfo at a stop that no signal caused (E01), qXfer:libraries-svr4
# before the dynamic linker ran (an empty list) and with an annex (E01), a bad
# checksum ('-', and the server still answers), reads registers (560
# bytes of amd64 registers) and the memory under a breakpoint it set (the
# program's bytes, never the breakpoint's), sets and removes hardware
# breakpoints and watchpoints (Z1, Z2, Z4; Z3 gets the empty reply; a
# fifth debug register an error, and room once a region is removed),
# answers the host I/O packets (vFile: fstat's fields, pread at the end
# of a file and within PacketSize, escaped pwrite data, readlink, unlink of
# a missing file F-1,2, bad fds and bad hex F-1,16),
# then 'k': the server exits 0 and the program it started is gone. The
# server says "Process ... created" before "Listening on port", as
# gdbserver does (gdb's test suite reads them in that order). Then a gdb session (breakpoint,
# finish, step, set var, exit) through "target remote | valgrind udb
# gdbserver -". Valgrind finds no invalid access, no use of undefined
# memory and no leak in either.
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"
need_tcp

vgopts=(-q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
# vg_clean LOG WHAT: valgrind's log has no finding (the module's _IO ioctl warning aside).
vg_clean() {
	if grep -v -e 'Warning: noted but unhandled ioctl' -e 'This could cause spurious value errors' \
		-e 'README_MISSING_SYSCALL_OR_IOCTL' "$1" | grep -q '^==[0-9]*=='; then
		bad "$2: valgrind reports"
		head -n 60 "$1"
	fi
}

valgrind "${vgopts[@]}" --log-file="$work/vg1" "$udb" gdbserver --once 127.0.0.1:0 "$prog" calls \
	2>"$work/srv" &
srv=$!
pids+=("$srv")
wait_line "$work/srv" '^Listening on port [0-9]+$' || { bad "the server does not listen"; cat "$work/srv"; exit 1; }
port=$(sed -nE 's/^Listening on port ([0-9]+)$/\1/p' "$work/srv")
child=$(sed -nE 's/^Process .* created; pid = ([0-9]+)$/\1/p' "$work/srv")
# As gdbserver says them: the program first, then the port.
[ "$(grep -m1 -oE '^(Process|Listening)' "$work/srv")" = Process ] ||
	bad "'Listening on port' came before 'Process ... created'"
timeout $((120 * scale)) python3 "$top/tests/common/gdb-protocol.py" "$port" >"$work/client" 2>&1 ||
	{ bad "the raw client's checks"; cat "$work/client"; }
wait "$srv"
rc=$?
[ $rc = 0 ] || bad "the server exited $rc after k"
[ -n "$child" ] && [ -e "/proc/$child" ] && bad "the program $child outlived k"
vg_clean "$work/vg1" "the raw session"

out=$work/gdb.out
timeout $((300 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' -ex 'set remotetimeout 60' \
	-ex "target remote | valgrind ${vgopts[*]} --log-file=$work/vg2 $udb gdbserver - $prog calls" \
	-ex 'break add_scaled' -ex continue -ex finish -ex step -ex 'set var exit_code = 9' \
	-ex continue -ex continue >"$out" 2>&1 || bad "gdb exited $?"
expect "$out" '^Value returned is \$1 = 50$' "finish under valgrind"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 011\]$|^\[Inferior 1 \(process [0-9]+\) exited with code 09\]$' "the exit under valgrind"
vg_clean "$work/vg2" "the gdb session"
[ $fail = 0 ] || cat "$out"
exit $fail
