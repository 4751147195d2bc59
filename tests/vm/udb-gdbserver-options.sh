#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 300
# Description: gdbserver's command-line forms that gdb's test suite uses,
# through udb gdbserver and gdb. (1) COMM "stdio", gdbserver's other name
# for "-": gdb stops at a breakpoint through "target remote | udb
# gdbserver stdio PROG". (2) COMM "[::1]:0", an IPv6 address in
# brackets: the server listens on ::1 and gdb connects with "target
# remote tcp6:[::1]:PORT" (the server says "Remote debugging from host
# ::1"). (3) --disable-packet, as gdbserver's (gdb's packets read with
# "set debug remote 1"): with T, stop replies are "S05" and gdb still
# stops at a breakpoint; with Tthread, T replies without "thread:"; with
# threads, vCont? gets the empty reply and gdb resumes with "c", qC
# and qfThreadInfo get the empty reply. (4) --wrapper env UDB_WRAPPED=1
# --: the program runs through the wrapper (it has UDB_WRAPPED=1 in its
# environment), and gdb's first stop is already in the program (its
# /proc/PID/exe), not in env; gdb stops at a breakpoint. A wrapper that
# does not exist, and one that exits without exec'ing the program
# (false), end the server with status 1 and say so. (5) A program that
# cannot be run ends the server (status 1) with gdbserver's words, which
# gdb's test suite waits for: "stdin/stdout redirected" (COMM stdio),
# "gdbserver: Cannot exec PROG", "gdbserver: Error: ...", "During
# startup program exited with code 127.", "Exiting"; and no port is
# listened on. (6) As gdbserver, a program named without a slash that
# is a file of the current directory runs from there (gdb stops at its
# breakpoint; the server names it by its absolute path); from elsewhere
# the name is looked up in $PATH, where it is not.
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

# (3) --disable-packet
# dp NAME: gdb through udb gdbserver --disable-packet=NAME to the breakpoint.
dp() {
	gdb_ex "$work/dp-$1" 'set debug remote 1' \
		"target remote | $udb gdbserver --disable-packet=$1 - $prog calls" \
		'break add_scaled' continue 'info args' kill || bad "(3) $1: gdb exited $?"
	expect "$work/dp-$1" '^a = 2$' "(3) $1: the breakpoint and its arguments"
}
dp T
expect "$work/dp-T" 'Packet received: S05$' "(3) T: an S stop reply"
grep -q 'Packet received: T[0-9a-f][0-9a-f]' "$work/dp-T" && bad "(3) T: a T stop reply"
dp Tthread
expect "$work/dp-Tthread" 'Packet received: T05' "(3) Tthread: T stop replies"
grep -q 'Packet received: T[0-9a-f][0-9a-f].*thread:' "$work/dp-Tthread" && bad "(3) Tthread: a thread in a T reply"
dp threads
grep -q 'Packet received: T05.*thread:' "$work/dp-threads" && bad "(3) threads: a thread in a T reply"
grep -A1 'Sending packet: \$vCont?#' "$work/dp-threads" | grep -q 'Packet received: $' ||
	bad "(3) threads: vCont? not answered with the empty reply"
grep -A1 'Sending packet: \$qC#' "$work/dp-threads" | grep -q 'Packet received: $' ||
	bad "(3) threads: qC not answered with the empty reply"
grep -q 'Sending packet: \$vCont;' "$work/dp-threads" && bad "(3) threads: gdb resumed with vCont"
expect "$work/dp-threads" 'Sending packet: \$c#63' "(3) threads: gdb resumes with c"
[ $fail = 0 ] || cat "$work"/dp-*

# (4) --wrapper
ok=$fail
fail=0
gdb_ex "$work/wrap" "target remote | $udb gdbserver --wrapper env UDB_WRAPPED=1 -- - $prog calls" \
	"shell p=\$(pgrep -f '^$prog calls\$'); echo EXE=\$(readlink /proc/\$p/exe); tr '\\0' '\\n' </proc/\$p/environ | grep '^UDB_WRAPPED='" \
	'break add_scaled' continue 'info args' kill || bad "(4) gdb exited $?"
expect "$work/wrap" "^EXE=$prog\$" "(4) the first stop is in the program, not in the wrapper"
expect "$work/wrap" '^UDB_WRAPPED=1$' "(4) the program ran through the wrapper"
expect "$work/wrap" '^a = 2$' "(4) the breakpoint through the wrapper"
[ $fail = 0 ] || cat "$work/wrap"
"$udb" gdbserver --wrapper /nonexistent/wrapper -- :0 "$prog" calls >"$work/wrap-out" 2>"$work/wrap-err"
rc=$?
[ $rc = 1 ] || bad "(4) a missing wrapper: exit $rc, want 1"
expect "$work/wrap-err" "^udb: gdbserver: cannot run the wrapper '/nonexistent/wrapper': " "(4) a missing wrapper"
"$udb" gdbserver --wrapper false -- :0 "$prog" calls >"$work/wrap-out" 2>"$work/wrap-err"
rc=$?
[ $rc = 1 ] || bad "(4) a wrapper that exits: exit $rc, want 1"
expect "$work/wrap-err" '^udb: gdbserver: During startup program exited with code 1\.$' "(4) a wrapper that exits"
grep -q '^Listening on port' "$work/wrap-err" && bad "(4) the server listened after its wrapper failed"

# (5) A program that cannot be run.
"$udb" gdbserver stdio /nonexistent/program </dev/null >"$work/noexec-out" 2>"$work/noexec-err"
rc=$?
[ $rc = 1 ] || bad "(5) stdio, a missing program: exit $rc, want 1"
want=$'stdin/stdout redirected\ngdbserver: Cannot exec /nonexistent/program\ngdbserver: Error: No such file or directory\n\nDuring startup program exited with code 127.\nExiting'
[ "$(cat "$work/noexec-err")" = "$want" ] || {
	bad "(5) stdio, a missing program: not gdbserver's words"
	cat "$work/noexec-err"
}
"$udb" gdbserver :0 /etc/passwd >"$work/noexec-out" 2>"$work/noexec-err"
rc=$?
[ $rc = 1 ] || bad "(5) TCP, a program without exec permission: exit $rc, want 1"
want=$'gdbserver: Cannot exec /etc/passwd\ngdbserver: Error: Permission denied\n\nDuring startup program exited with code 127.\nExiting'
[ "$(cat "$work/noexec-err")" = "$want" ] || {
	bad "(5) TCP, /etc/passwd: not gdbserver's words"
	cat "$work/noexec-err"
}

# (6) A program of the current directory, named without a slash.
mkdir -p "$work/here"
cp "$prog" "$work/here/udb-here-prog"
(cd "$work/here" && gdb_ex "$work/here.out" "target remote | $udb gdbserver - udb-here-prog calls" \
	'break add_scaled' continue kill) || bad "(6) gdb exited $?"
expect "$work/here.out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' \
	"(6) the program of the current directory"
expect "$work/here.out" "^Process $work/here/udb-here-prog created; pid = [0-9]+\$" \
	"(6) named by its absolute path"
(cd "$work" && "$udb" gdbserver - udb-here-prog calls </dev/null >/dev/null 2>"$work/here.err")
expect "$work/here.err" '^gdbserver: Cannot exec udb-here-prog$' "(6) elsewhere, not found"
[ $ok = 0 ] || fail=1
exit $fail
