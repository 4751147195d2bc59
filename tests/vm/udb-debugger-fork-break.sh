#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: a breakpoint hit by a child that udb follows ("follow-fork
# on") stops the session: "continue" in the parent, which waits for the
# child, comes back with "[Switching to process CHILD, thread CHILD]" and
# "Breakpoint 1, ADDR in bp_square (), process CHILD"; the child is the
# current process, stopped ("process" lists it so, "regs" shows its
# argument), "continue" goes on to its next hit, "detach" from the parent
# says the child is still traced and stopped, and "quit" with the child
# held at the breakpoint releases both processes: the child makes all its
# calls and the parent reaps it (status 0). Before the fix udb dropped the
# child's hit and waited for the parent forever, with the child held.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/bp-target
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

# bp-target reads its own stdin (a fifo of the test), not udb's commands.
start_tracee "$prog" '^0x' 3 fork
start_udb "$work/out" -p "$tpid"

say 'follow-fork on' 'break bp_square' continue
wait_for "^Process $tpid continues" || bad "no continue"
# The parent forks; its child calls bp_square(0).
echo go >&4
if wait_for '^Breakpoint 1, 0x[0-9a-f]+ in bp_square \(\), process [0-9]+$'; then
	child=$(sed -nE 's/^Breakpoint 1, 0x[0-9a-f]+ in bp_square \(\), process ([0-9]+)$/\1/p' \
		"$work/out" | head -n 1)
	expect "$work/out" "^\[$tpid: new process $child, followed\]$" "the followed child"
	expect "$work/out" "^\[Switching to process $child, thread $child\]$" "the switch"
	say process regs continue
	wait_for "^Breakpoint 1, 0x[0-9a-f]+ in bp_square \(\)$" || bad "no second hit in the child"
	say regs
	wait_for '^rdi 0x1$' || bad "the second hit's argument is not 1"
	expect "$work/out" "^\* $child stopped$" "process lists the child current and stopped"
	expect "$work/out" "^  $tpid running$" "process lists the parent running"
	expect "$work/out" "^rdi 0$" "the first hit's argument"
	n=$(grep -c "^Breakpoint 1, 0x[0-9a-f]* in bp_square ()$" "$work/out")
	[ "$n" = 1 ] || bad "$n hits after the first, want 1 (the child is current now)"
	# Detaching the parent names the child, still held.
	say "process $tpid" detach
	wait_for "^Process $child is still traced \(stopped\): 'process $child' switches to it\.$" ||
		bad "detach does not name the child left held"
	expect "$work/out" "^Detached from $tpid; it runs on\.$" "detach"
else
	bad "the child's hit was not reported"
fi
# quit with the child held: both run on.
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc (124: it hung)"
wait_line "$work/tout" '^child 0$' ||
	bad "the parent did not reap its child: something was left stopped"
expect "$work/tout" '^done 5 4$' "the child's calls"
echo end >&4
exec 4>&-
for _ in $(seq $((50 * scale))); do
	kill -0 "$tpid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$tpid" 2>/dev/null && bad "bp-target $tpid does not end"
[ $fail = 0 ] || cat "$work/out"
exit $fail
