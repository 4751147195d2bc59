#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: with its commands on a pipe held open (not a terminal), udb
# prints events as they come, not when the next command line arrives:
# after "continue", a fork and then the exit of the traced process (both
# set off by the test through the tracee's own stdin, while udb has no
# command to read) show "[PID: new process CHILD]" and "[process PID is
# gone]" before any further command is sent; a line sent in pieces is run
# once whole, and the end of the input quits.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/spawner
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

start_tracee "$prog" '^ready '
start_udb "$work/out" -p "$tpid"

printf 'continue\n' >&3
wait_for "^Process $tpid continues" || bad "no continue"
echo fork >&4
wait_line "$work/tout" '^ok [0-9]+ 7$' || bad "the tracee did not fork"
wait_for "^\[$tpid: new process [0-9]+\]$" ||
	bad "the fork event waits for the next command line"
echo 'exit 3' >&4
wait_for "^\[process $tpid is gone\]$" ||
	bad "the exit waits for the next command line"
# A command in two writes is one command.
printf 'hel' >&3
sleep 0.2
printf 'p quit\n' >&3
wait_for '^    Leave udb' || bad "a line written in two pieces"
grep -q "^Unknown command 'hel'" "$work/out" && bad "half a line was run"
end_udb
[ $rc = 0 ] || bad "udb exits $rc at the end of its input (124: it hung)"
expect "$work/out" '^\(udb\) $' "the end of the input"
[ $fail = 0 ] || cat "$work/out"
exit $fail
