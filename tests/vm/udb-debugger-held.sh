#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 300
# Description: nothing is left held with nobody to release it. With
# "follow-fork stop" and a breakpoint set, "continue" in a parent that then
# forks and waits for its child comes back to the prompt when the child is
# held before its first instruction (before the fix udb waited for the
# parent forever); "process CHILD" and "continue" run the child to its
# breakpoint, "delete" and "continue" to its end, and the parent reaps it.
# With "follow-fork stop" and no breakpoint, a new thread held while its
# process runs is let go by "continue" (it said "already running" and left
# the thread held, the process waiting for it forever), and the program
# ends.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
bp=$top/build/tests/progs/bp-target
follow=$top/build/tests/progs/follow
[ -x "$bp" ] && [ -x "$follow" ] || { echo "test programs are missing"; exit 1; }

# 1. A held new process ends the wait of "continue".
start_tracee "$bp" '^0x' 3 fork
start_udb "$work/out" -p "$tpid"
say 'follow-fork stop' 'break bp_square' continue
wait_for "^Process $tpid continues" || bad "no continue"
echo go >&4
if wait_for '^\[process [0-9]+ is stopped before its first instruction\]$'; then
	child=$(sed -nE 's/^\[process ([0-9]+) is stopped before its first instruction\]$/\1/p' \
		"$work/out")
	say "process $child" continue
	wait_for '^Breakpoint 1, 0x[0-9a-f]+ in bp_square \(\)$' ||
		bad "the child did not reach its breakpoint"
	say 'delete 1' continue
	wait_for "^\[process $child is gone\]$" || bad "the child did not end"
	wait_line "$work/tout" '^child 0$' || bad "the parent did not reap its child"
	expect "$work/tout" '^done 5 4$' "the child's calls"
else
	bad "continue still waits with the new child held"
fi
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc (124: it hung)"
echo end >&4
exec 4>&-
[ $fail = 0 ] || cat "$work/out"

# 2. "continue" lets a held new thread go.
start_udb "$work/out2" -- "$follow" thread
say 'follow-fork stop' continue
if wait_line "$work/out2" '^\[thread [0-9]+ is stopped before its first instruction\]$'; then
	say continue
	wait_line "$work/out2" '^\[process [0-9]+ is gone\]$' ||
		bad "the program never ended: its new thread stayed held"
	grep -q 'is already running' "$work/out2" && bad "continue refused to let the thread go"
else
	bad "no held thread"
fi
say quit
end_udb
# udb's status is the program's: "follow thread" exits 0 when its thread ran.
[ $rc = 0 ] || bad "udb exits $rc (124: it hung)"
[ $fail = 0 ] || cat "$work/out2"
exit $fail
