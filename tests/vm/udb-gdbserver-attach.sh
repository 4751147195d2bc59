#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 debug
# Timeout: 300
# Description: udb gdbserver over TCP, as gdbserver is used. (1) --once
# --attach PID on port 0 prints "Listening on port N"; gdb attaches over
# TCP, stops the running program in tick_once, reads its argument, then
# "detach": the server exits 0 and the program runs on (its ticks go on,
# it is not stopped). (2) udb gdbserver killed (SIGTERM) while gdb holds
# the program stopped: the program runs on. (3) A program the server
# started is killed when gdb disconnects (--once), as gdbserver does.
# (4) --multi: "target extended-remote", "run" to a breakpoint with its
# arguments, "kill", then "attach" to a running process and "detach"
# leaving it running. (5) --multi with the program given: gdb's "run" with
# "set remote run-packet off" restarts it with the R packet (no reply):
# the process the server started is killed and the program starts again
# with its arguments, to the breakpoint a second time, in a new process;
# then "run" with vRun and no exec-file (the empty name: the program last
# started) stops there a third time. "info os" lists the type
# "processes", and "info os processes" has the server's own row.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"
need_tcp

# ticking F: the program writing F still ticks (two lines more in 3 s).
ticking() {
	local a b
	a=$(grep -c '^tick' "$1")
	for _ in $(seq $((30 * scale))); do
		sleep 0.1
		b=$(grep -c '^tick' "$1")
		[ $((b - a)) -ge 2 ] && return 0
	done
	return 1
}
not_stopped() {
	local st
	st=$(sed -n 's/^State:\t\(.\).*/\1/p' "/proc/$1/status")
	[ "$st" = S ] || [ "$st" = R ]
}

# (1) attach, detach
"$prog" loop >"$work/ticks1" &
t1=$!
pids+=("$t1")
wait_line "$work/ticks1" '^tick 1$' || bad "the program does not tick"
if start_server "$work/srv1" --once 127.0.0.1:0 --attach "$t1"; then
	gdb_tcp "$work/gdb1" "target remote 127.0.0.1:$port" 'break tick_once' continue 'p n' \
		'info threads' detach || bad "(1) gdb exited $?"
	expect "$work/gdb1" '^Breakpoint 1, tick_once \(n=[0-9]+\) at ' "(1) the hit"
	expect "$work/gdb1" '^\$1 = [0-9]+$' "(1) the argument"
	expect "$work/gdb1" "^\[Inferior 1 \(process $t1\) detached\]$" "(1) detach"
	wait_server
	rc=$?
	[ $rc = 0 ] || bad "(1) the server exited $rc (124: it did not end)"
	expect "$work/srv1" "^Attached; pid = $t1$" "(1) the server's attach line"
	ticking "$work/ticks1" || bad "(1) the program no longer ticks after detach"
	not_stopped "$t1" || bad "(1) the program is stopped after detach"
	[ $fail = 0 ] || cat "$work/gdb1" "$work/srv1"
fi

# (2) the server killed under gdb
if start_server "$work/srv2" --once 127.0.0.1:0 --attach "$t1"; then
	gdb_tcp "$work/gdb2" "target remote 127.0.0.1:$port" 'p 1' "shell kill $srv; sleep 1" 'p 2'
	wait_server
	[ $? = 124 ] && bad "(2) the server did not end on SIGTERM"
	ticking "$work/ticks1" || bad "(2) the program no longer ticks after the server was killed"
	not_stopped "$t1" || bad "(2) the program is stopped after the server was killed"
	expect "$work/gdb2" '^\$1 = 1$' "(2) gdb was connected"
	[ $fail = 0 ] || cat "$work/gdb2" "$work/srv2"
fi

# (3) a started program dies with the connection
if start_server "$work/srv3" --once 127.0.0.1:0 "$prog" loop; then
	t3=$(sed -nE 's/^Process .* created; pid = ([0-9]+)$/\1/p' "$work/srv3")
	[ -n "$t3" ] || bad "(3) no 'Process ... created' line"
	gdb_tcp "$work/gdb3" "target remote 127.0.0.1:$port" 'p 3' disconnect
	wait_server
	[ $? = 124 ] && bad "(3) the server did not end when gdb disconnected (--once)"
	[ -n "$t3" ] && [ -e "/proc/$t3" ] && [ "$(sed -n 's/^State:\t\(.\).*/\1/p' "/proc/$t3/status")" != Z ] &&
		bad "(3) the started program $t3 outlived the server"
	expect "$work/gdb3" '^\$1 = 3$' "(3) gdb was connected"
	[ $fail = 0 ] || cat "$work/gdb3" "$work/srv3"
fi

# (4) extended-remote: run, kill, attach, detach
"$prog" loop >"$work/ticks4" &
t4=$!
pids+=("$t4")
wait_line "$work/ticks4" '^tick 1$' || bad "the second program does not tick"
if start_server "$work/srv4" --multi 127.0.0.1:0; then
	gdb_tcp "$work/gdb4" "target extended-remote 127.0.0.1:$port" \
		"set remote exec-file $prog" 'break add_scaled' 'run calls' 'info args' kill \
		'delete' "attach $t4" 'p 4' detach || bad "(4) gdb exited $?"
	expect "$work/gdb4" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "(4) run to the breakpoint"
	expect "$work/gdb4" "^\[Inferior 1 \(process $t4\) detached\]$" "(4) detach after attach"
	expect "$work/gdb4" '^\$1 = 4$' "(4) gdb after attach"
	ticking "$work/ticks4" || bad "(4) the attached program no longer ticks after detach"
	kill "$srv"
	wait_server
	[ $? = 124 ] && bad "(4) the server did not end on SIGTERM"
	[ $fail = 0 ] || cat "$work/gdb4" "$work/srv4"
fi

# (5) extended-remote: R, and vRun without a name
ok=$fail
fail=0
if start_server "$work/srv5" --multi 127.0.0.1:0 "$prog" calls; then
	gdb_tcp "$work/gdb5" "target extended-remote 127.0.0.1:$port" 'break add_scaled' \
		continue 'info args' 'p $_inferior_pid = (int)getpid()' 'set remote run-packet off' run 'info args' \
		'p (int)getpid() != $_inferior_pid' 'set remote run-packet on' run 'info args' \
		'info os' 'info os processes' kill || bad "(5) gdb exited $?"
	n=$(grep -c '^Breakpoint 1, add_scaled (a=2, b=3, scale=10) at ' "$work/gdb5")
	[ "$n" = 3 ] || bad "(5) $n stops at the breakpoint, want 3 (continue, run by R, run by vRun)"
	expect "$work/gdb5" '^\$2 = 1$' "(5) R started a new process"
	grep -q 'Protocol error\|Remote connection closed' "$work/gdb5" && bad "(5) gdb's protocol error"
	# info os (qXfer:osdata:read): the types, then the processes, the server among them.
	expect "$work/gdb5" '^processes +Listing of all processes *$' "(5) info os"
	expect "$work/gdb5" '^pid +user +command +cores *$' "(5) info os processes: the columns"
	expect "$work/gdb5" "^$srv +$(id -un) +$udb gdbserver --multi 127\.0\.0\.1:0 $prog calls +[0-9,]+ *\$" \
		"(5) info os processes: the server's row"
	n=$(grep -c "^Process $prog created; pid = [0-9]*$" "$work/srv5")
	[ "$n" = 3 ] || bad "(5) the server started the program $n times, want 3"
	kill "$srv"
	wait_server
	[ $fail = 0 ] || cat "$work/gdb5" "$work/srv5"
fi
[ $ok = 0 ] || fail=1
exit $fail
