#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 300
# Description: gdb's "monitor" commands (qRcmd) through udb gdbserver,
# answered as gdbserver answers them. (1) Through "target remote |":
# "monitor help" lists the commands; "set debug 1" says "Debug output
# enabled." and the server then writes each event it gets to stderr,
# "set debug 0" stops it; "set remote-debug 1|0" writes the packets
# (getpkt/putpkt) or stops; "set debug-format all|none|timestamp" says
# gdbserver's line for each, and timestamp puts the time before each
# debugging line; an unknown debug-format item and an unknown command
# say so, list the help and get an error reply (gdb: "Protocol error
# with Rcmd"); "monitor exit" ends the server and kills the program it
# started. (2) Over TCP with --attach: "monitor exit" detaches the
# program, which runs on, and the server exits 0. (3) With --multi,
# which outlives a connection, "monitor exit" still ends the server.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

# (1) every command, through a pipe
out=$work/gdb1
gdb_pipe "$out" calls 'monitor help' 'monitor set debug 1' 'break add_scaled' continue \
	'monitor set debug 0' 'echo MARK-DEBUG-OFF\n' continue \
	'monitor set remote-debug 1' 'p 41' 'monitor set remote-debug 0' 'echo MARK-RDEBUG-OFF\n' \
	'monitor set debug-format timestamp' 'monitor set remote-debug 1' 'p 42' \
	'monitor set remote-debug 0' 'monitor set debug-format all' 'monitor set debug-format none' \
	'monitor set debug-format none,bogus' 'monitor frobnicate' 'p 43' 'monitor exit'
expect "$out" '^The following monitor commands are supported:$' "(1) monitor help"
expect "$out" '^  set remote-debug <0\|1>$' "(1) monitor help lists set remote-debug"
expect "$out" '^    Quit GDBserver$' "(1) monitor help lists exit"
expect "$out" '^Debug output enabled\.$' "(1) set debug 1"
expect "$out" '^Debug output disabled\.$' "(1) set debug 0"
expect "$out" '^event [^:]+: pid [0-9]+ tid [0-9]+$' "(1) an event line under set debug 1"
sed -n '/^MARK-DEBUG-OFF$/,$p' "$out" | grep -q '^event ' && bad "(1) event lines after set debug 0"
expect "$out" '^Protocol debug output enabled\.$' "(1) set remote-debug 1"
expect "$out" '^Protocol debug output disabled\.$' "(1) set remote-debug 0"
expect "$out" '^getpkt \("qRcmd,[0-9a-f]+"\);$' "(1) a packet received under set remote-debug 1"
expect "$out" '^putpkt \("OK"\);$' "(1) a reply sent under set remote-debug 1"
expect "$out" '^Timestamps will be added to debug output\.$' "(1) set debug-format timestamp"
expect "$out" '^[0-9]+\.[0-9]{6} getpkt \("' "(1) a timestamped packet line"
sed -n '1,/^MARK-RDEBUG-OFF$/p' "$out" | grep -qE '^[0-9]+\.[0-9]{6} ' &&
	bad "(1) a timestamp before set debug-format timestamp"
expect "$out" '^All extra debug format options enabled\.$' "(1) set debug-format all"
expect "$out" '^All extra debug format options disabled\.$' "(1) set debug-format none"
expect "$out" '^Unknown debug-format argument: "bogus"$' "(1) an unknown debug-format item"
expect "$out" '^Unknown monitor command\.$' "(1) an unknown command"
[ "$(grep -c '^Protocol error with Rcmd$' "$out")" = 2 ] ||
	bad "(1) not two error replies (bad debug-format, unknown command)"
[ "$(grep -c '^The following monitor commands are supported:$' "$out")" = 3 ] ||
	bad "(1) the help not shown three times (help, bad debug-format, unknown command)"
expect "$out" '^\$3 = 43$' "(1) the session goes on after an unknown command"
child=$(sed -nE 's/^Process .* created; pid = ([0-9]+)$/\1/p' "$out")
[ -n "$child" ] || bad "(1) no 'Process ... created' line"
for _ in $(seq $((50 * scale))); do
	[ -n "$child" ] && [ -e "/proc/$child" ] || break
	sleep 0.1
done
[ -n "$child" ] && [ -e "/proc/$child" ] && bad "(1) the program $child outlived monitor exit"
pgrep -f "^$udb gdbserver - $prog calls" >/dev/null && bad "(1) the server outlived monitor exit"
[ $fail = 0 ] || cat "$out"


# (2) an attached program runs on after monitor exit
"$prog" loop >"$work/ticks" &
t=$!
pids+=("$t")
wait_line "$work/ticks" '^tick 1$' || bad "the program does not tick"
if start_server "$work/srv2" 127.0.0.1:0 --attach "$t"; then
	gdb_tcp "$work/gdb2" "target remote 127.0.0.1:$port" 'p 2' 'monitor exit'
	expect "$work/gdb2" '^\$1 = 2$' "(2) gdb was connected"
	wait_server 30
	rc=$?
	[ $rc = 124 ] && bad "(2) the server outlived monitor exit"
	[ $rc = 0 ] || [ $rc = 124 ] || bad "(2) the server exited $rc"
	n=$(grep -c '^tick' "$work/ticks")
	wait_line "$work/ticks" "^tick $((n + 2))$" || bad "(2) the program no longer ticks"
	[ $fail = 0 ] || cat "$work/gdb2" "$work/srv2"
fi

# (3) --multi: monitor exit ends the server, not just the connection
if start_server "$work/srv3" --multi 127.0.0.1:0; then
	gdb_tcp "$work/gdb3" "target extended-remote 127.0.0.1:$port" 'p 3' 'monitor exit'
	expect "$work/gdb3" '^\$1 = 3$' "(3) gdb was connected"
	wait_server 30
	rc=$?
	[ $rc = 124 ] && bad "(3) the --multi server outlived monitor exit"
	[ $rc = 0 ] || [ $rc = 124 ] || bad "(3) the server exited $rc"
	[ $fail = 0 ] || cat "$work/gdb3" "$work/srv3"
fi
exit $fail
