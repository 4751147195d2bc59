#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: udb trace's contract around the syscall lines: the exit
# status is the command's (7 for "exit 7", 128+9 when SIGKILLed, with
# "+++ killed by SIGKILL +++"); a signal delivered to a handler gets its
# "--- SIGUSR1 {...} ---" line, a fatal one ends in "--- SIGUSR1 {...} ---"
# and "+++ killed by SIGUSR1 +++" and status 138; -e trace= shows exactly the named syscalls that strace
# -e shows; -o FILE has each line once udb waits for the tracee; -p follows a
# running shell, and SIGINT detaches (udb exits 130, SIGTERM 143, as
# strace), leaving the shell running and traceable again.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

timeout $((60 * scale)) "$udb" trace -o "$work/t" -- sh -c 'exit 7'
rc=$?
[ $rc = 7 ] || bad "sh -c 'exit 7' under udb exits $rc"
tail -n 2 "$work/t" | grep -qxE 'exit_group\(7\) +\= \?' || bad "no exit_group(7) = ?: $(tail -n 2 "$work/t")"
tail -n 1 "$work/t" | grep -qx '+++ exited with 7 +++' || bad "no '+++ exited with 7 +++': $(tail -n 1 "$work/t")"

timeout $((60 * scale)) "$udb" trace -o "$work/t" -- sh -c 'kill -KILL $$'
rc=$?
[ $rc = 137 ] || bad "a SIGKILLed command under udb exits $rc, want 137"
tail -n 1 "$work/t" | grep -qx '+++ killed by SIGKILL +++' || bad "no '+++ killed by SIGKILL +++': $(tail -n 1 "$work/t")"

# A signal the shell handles is delivered: its line, with the sender.
out=$(timeout $((60 * scale)) "$udb" trace -o "$work/t" -- sh -c 'trap "echo caught" USR1; kill -USR1 $$')
rc=$?
[ $rc = 0 ] && [ "$out" = caught ] || bad "sh with a USR1 trap under udb: exit $rc, output '$out'"
grep -qE '^kill\([0-9]+, SIGUSR1\) += 0$' "$work/t" || bad "no kill(PID, SIGUSR1) = 0 line"
grep -qE '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=[0-9]+, si_uid=0\} ---$' "$work/t" ||
	{ bad "no SIGUSR1 line:"; tail -n 6 "$work/t"; }
# A fatal one: its own line (not the SIGKILL the kernel turns it into),
# the status and the end line.
timeout $((60 * scale)) "$udb" trace -o "$work/t" -- sh -c 'kill -USR1 $$'
rc=$?
[ $rc = 138 ] || bad "a SIGUSR1-killed command under udb exits $rc, want 138"
tail -n 1 "$work/t" | grep -qx '+++ killed by SIGUSR1 +++' || bad "no '+++ killed by SIGUSR1 +++'"
tail -n 2 "$work/t" | grep -qE '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=[0-9]+, si_uid=0\} ---$' ||
	{ bad "no fatal SIGUSR1 line:"; tail -n 3 "$work/t"; }

# -e trace=: the same lines as strace -e, up to addresses.
strace -q -e trace=openat,close,read -o "$work/s" ls / >/dev/null
timeout $((60 * scale)) "$udb" trace -e trace=openat,close,read -o "$work/u" -- ls / >/dev/null
sed -E 's/0x[0-9a-f]+/ADDR/g' "$work/s" >"$work/s.n"
sed -E 's/0x[0-9a-f]+/ADDR/g' "$work/u" >"$work/u.n"
if ! diff -u "$work/s.n" "$work/u.n" >"$work/d"; then
	bad "udb -e trace=openat,close,read differs from strace -e (- strace, + udb):"
	head -n 30 "$work/d"
fi

# -o writes out what it printed before it waits for the tracees: the lines
# of a program still running are in the file (its execve line alone here,
# which a file written only when full or closed would not show).
timeout $((60 * scale)) "$udb" trace -e trace=execve -o "$work/lb" -- sleep 4321 &
lb=$!
wait_line "$work/lb" '^execve\(' || bad "udb trace -o: no line in the file while the program runs"
pkill -KILL -x -f 'sleep 4321'
wait "$lb"
rc=$?
[ $rc = 137 ] || bad "udb trace of a program killed by SIGKILL exits $rc, want 137"

# -p: attach to a running shell; SIGINT detaches and leaves it running.
sh -c 'while :; do sleep 0.2; done' &
sh_pid=$!
pids+=("$sh_pid")
disown "$sh_pid"
sleep 0.5
timeout $((60 * scale)) "$udb" trace -p "$sh_pid" -o "$work/p" &
tracer=$!
# until it has shown a loop of the shell (a wait4 that reaped a sleep)
wait_line "$work/p" '(^|\] )wait4\(-1, \[' || bad "udb trace -p showed no wait4 in time"
kill -INT "$tracer"
wait "$tracer"
rc=$?
[ $rc = 130 ] || bad "udb trace -p exits $rc after SIGINT, want 130 as strace"
grep -qE '^(\[pid [0-9]+\] )?wait4\(-1, \[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 0\}\], 0, NULL\) += [0-9]+$' "$work/p" ||
	{ bad "udb trace -p did not show the shell's wait4:"; head -n 20 "$work/p"; }
kill -0 "$sh_pid" 2>/dev/null || bad "the shell died when udb detached"
sleep 0.5
# Not stopped (T or t). D is not a failure: dash vforks its commands, and a
# vfork parent waits for the child's exec in a killable (D) sleep.
state=$(awk '/^State:/ {print $2}' "/proc/$sh_pid/status")
case $state in
T | t) bad "the shell is in state $state after udb detached" ;;
esac
# Detached for real: a second trace attaches and sees it work.
timeout $((60 * scale)) "$udb" trace -e trace=wait4 -p "$sh_pid" -o "$work/p2" &
tracer=$!
wait_line "$work/p2" '^wait4\(' || bad "the second udb trace -p showed no wait4 in time"
kill -TERM "$tracer"
wait "$tracer"
rc=$?
[ $rc = 143 ] || bad "the second udb trace -p exits $rc after SIGTERM, want 143 as strace"
grep -q '^wait4(' "$work/p2" || bad "the second udb trace -p saw no wait4"

exit $fail
