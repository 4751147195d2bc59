#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Timeout: 300
# Description: gdbserver's command-line forms that gdb's test suite uses,
# through udb gdbserver and gdb. (1) COMM "stdio", gdbserver's other name
# for "-": gdb stops at a breakpoint through "target remote | udb
# gdbserver stdio PROG". (2) COMM "[::1]:0", an IPv6 address in
# brackets: the server listens on ::1 and gdb connects with "target
# remote tcp6:[::1]:PORT" (the server says "Remote debugging from host
# ::1").
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

gdb_ex() {
	local out=$1 ex=()
	shift
	for c in "$@"; do ex+=(-ex "$c"); done
	timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' -ex 'set remotetimeout 60' \
		"${ex[@]}" >"$out" 2>&1
}

# (1) stdio
gdb_ex "$work/gdb1" "target remote | $udb gdbserver stdio $prog calls" 'break add_scaled' continue kill ||
	bad "(1) gdb exited $?"
expect "$work/gdb1" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "(1) COMM stdio"

# (2) [::1]:0
if grep -Eq '^0{31}1 ' /proc/net/if_inet6 2>/dev/null; then
	"$udb" gdbserver --once '[::1]:0' "$prog" calls 2>"$work/srv2" &
	srv=$!
	pids+=("$srv")
	if wait_line "$work/srv2" '^Listening on port [0-9]+$'; then
		port=$(sed -nE 's/^Listening on port ([0-9]+)$/\1/p' "$work/srv2")
		gdb_ex "$work/gdb2" "target remote tcp6:[::1]:$port" 'break add_scaled' continue kill ||
			bad "(2) gdb exited $?"
		expect "$work/gdb2" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "(2) COMM [::1]:0"
		expect "$work/srv2" '^Remote debugging from host ::1$' "(2) the connection over ::1"
	else
		bad "(2) the server does not listen on [::1]:0"
	fi
	wait "$srv"
	[ $fail = 0 ] || cat "$work/gdb2" "$work/srv2"
else
	echo "no IPv6 loopback in this guest: (2) not run"
fi
[ $fail = 0 ] || cat "$work/gdb1"
exit $fail
