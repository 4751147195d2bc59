#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: udb's debugger starts the program given with
# "udb -- PROGRAM" stopped before its first instruction (its pc is in the
# dynamic loader, which has not run); "follow-fork stop" has the module
# attach its child in the fork path, stopped before the child's first
# instruction: "process" lists it stopped, "process PID" switches to it,
# and its first store has not happened ("x" of the marker shows zeros);
# once continued the child and the program end; "run ARGS" starts the
# program again with new arguments, and "run" kills a live one first;
# "follow-fork" shows and checks its argument; "quit" kills the program.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/follow

start_udb "$work/out" -- "$prog" fork

wait_for '^Started ' || bad "no start line"
pid=$(sed -nE 's/^Started .* as process ([0-9]+);.*/\1/p' "$work/out")
pc=$(sed -nE 's/^pc (0x[0-9a-f]+).*the entry point of the new image\.$/\1/p' "$work/out")
if [ -z "$pid" ] || [ -z "$pc" ]; then
	bad "no pid or pc:"; cat "$work/out"
else
	# The pc is in the dynamic loader's text: the program's own has not run.
	in_ld=no
	while read -r range perms _ _ _ path; do
		case "$path:$perms" in */ld-linux*:*x*) ;; *) continue ;; esac
		[ $((pc)) -ge $((0x${range%-*})) ] && [ $((pc)) -lt $((0x${range#*-})) ] && in_ld=yes
	done <"/proc/$pid/maps"
	[ "$in_ld" = yes ] || bad "pc $pc is not in the loader's text of $pid"
fi

# Events show up between commands: the one after "continue" lets them out.
say 'follow-fork' 'follow-fork sideways' 'follow-fork stop' continue
sleep "$scale"
say 'follow-fork'
wait_for "^\[process [0-9]+ is stopped before its first instruction\]" ||
	{ bad "no stop of the child:"; cat "$work/out"; }
child=$(sed -nE "s/^\[$pid: new process ([0-9]+), followed\]$/\1/p" "$work/out")
[ -n "$child" ] || bad "no followed child in the output"
say process "process $child" 'x 0x5a0000000 8' regs
wait_for '^rip ' || bad "no registers of the child"
expect "$work/out" "^follow-fork is off\.$" "follow-fork shows its state"
expect "$work/out" "^Usage: follow-fork \[on\|off\|stop\]$" "follow-fork checks its argument"
expect "$work/out" "^New processes \(and threads\) are traced, each stopped" "follow-fork stop"
expect "$work/out" "^  $child stopped$" "process lists the stopped child"
expect "$work/out" "^Current process: $child \(stopped\)\.$" "process PID"
expect "$work/out" "^0*5a0000000  00 00 00 00 00 00 00 00 " "the child's first store has not run"
expect "$work/out" "^rax 0$" "the child's fork() returns 0"

say continue
sleep "$scale"
say "process $pid"
wait_for "^\[process $child is gone\]" || bad "the child never ended"
say 'run vfork'
wait_for "^Started .* as process [0-9]+;.*" || bad "run gave no start line"
pid2=$(sed -nE 's/^Started .* as process ([0-9]+);.*/\1/p' "$work/out" | tail -n 1)
[ -n "$pid2" ] && [ "$pid2" != "$pid" ] || bad "run did not start a new process ($pid2)"
tr '\0' ' ' <"/proc/$pid2/cmdline" 2>/dev/null | grep -q " vfork $" ||
	bad "run vfork: the arguments are not the new ones"
say run
wait_for "^Killing process $pid2 to start again\.$" || bad "run did not kill the live program"
say quit
end_udb
[ $rc = 0 ] || { bad "udb exits $rc:"; cat "$work/out"; }
n=$(grep -c '^Started ' "$work/out")
[ "$n" = 3 ] || bad "$n programs started, want 3"
last=$(sed -nE 's/^Started .* as process ([0-9]+);.*/\1/p' "$work/out" | tail -n 1)
sleep 0.2
[ -e "/proc/$last" ] && bad "quit left the program $last alive"
exit $fail
