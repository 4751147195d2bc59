#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 debug
# Timeout: 300
# Description: udb gdbserver's non-stop mode. gdb with "set non-stop on"
# on gdb-target's nonstop mode: the worker thread's hit of thread_work
# stops it alone while the spinner thread runs on (progress grows between
# two reads), "info threads" shows the others running; "interrupt -a"
# stops them (a "stopped" line each, no thread running, progress frozen);
# "continue -a" runs them to the exit. Then gdb's all-stop interface on a
# non-stop target ("maint set target-non-stop on"): breakpoint, next,
# finish, exit code, with the module's step and the server's software step;
# a held SIGUSR1 stopping the program, then delivered once; two threads each hitting thread_work with its own
# argument; and with the server's --disable-packet=Tthread (stop replies
# without a thread, as gdb's stop-reply-no-thread test). Then the raw
# protocol (tests/common/gdb-protocol.py --nonstop): QNonStop+ offered,
# vCont? listing t, QNonStop:2 refused (E01), '?' and vStopped until OK, a
# step's stop as a %Stop notification, vCont;c answered OK with no stop,
# vCont;t stopping every running thread with signal 0 (one stop each, the
# threads of qfThreadInfo), '?' listing them all again, vCont;t of stopped
# threads reporting nothing, one thread resumed and stopped alone, and
# QNonStop:0 back to all-stop.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

failed=0

# --- gdb's non-stop interface, driven line by line through a fifo --------
out=$work/nonstop.out
mkfifo "$work/gin"
timeout $((240 * scale)) gdb -nx -q "$prog" <"$work/gin" >"$out" 2>&1 &
gpid=$!
pids+=("$gpid")
exec 5>"$work/gin"
g() { printf '%s\n' "$@" >&5; }
# mark NAME: waits until gdb has run every command sent so far.
mark() { g "echo mark-$1\\n"; wait_line "$out" "mark-$1\$" || bad "gdb did not reach mark $1"; }
# between A B: gdb's output between marks A and B.
between() { sed -n "/mark-$1\$/,/mark-$2\$/p" "$out"; }
progress_at() { sed -nE "s/.*progress-$1 ([0-9]+)$/\\1/p" "$out"; }

g 'set confirm off' 'set pagination off' 'set width 0' 'set remotetimeout 60' 'set non-stop on' \
	"target remote | $udb gdbserver - $prog nonstop" 'break thread_work' continue
wait_line "$out" 'hit Breakpoint 1, thread_work \(id=1\)' || bad "non-stop: no hit of thread_work"
g 'printf "progress-a %ld\n", progress'
mark a
sleep 1
g 'printf "progress-b %ld\n", progress' 'info threads'
mark b
a=$(progress_at a)
b=$(progress_at b)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] ||
	bad "non-stop: the spinner did not run while the worker was stopped ($a, then $b)"
# The worker's number in gdb (2 or 3: the order gdb learns the threads in).
w=$(sed -nE 's/^Thread ([23]) hit Breakpoint 1, thread_work .*/\1/p' "$out")
[ -n "$w" ] || bad "non-stop: the hit is not in thread 2 or 3"
between a b | grep -qE "^[* ] +$w +Thread [0-9]+\.[0-9]+ +thread_work \(id=1\)" ||
	bad "non-stop: info threads does not show thread $w stopped in thread_work"
n=$(between a b | grep -E '^[* ] +[123] +Thread [0-9]+\.[0-9]+ +\(running\)$' | grep -cvE "^[* ] +$w ")
[ "$n" = 2 ] || bad "non-stop: $n other threads shown running at the hit, want 2 (main, spinner)"
g 'interrupt -a'
wait_count "$out" '^Thread [123] stopped\.$' 2 || bad "non-stop: interrupt -a did not stop 2 threads"
grep -qE "^Thread $w stopped\.$" "$out" && bad "non-stop: interrupt -a reported the stopped worker again"
g 'info threads' 'printf "progress-c %ld\n", progress'
mark c
sleep 1
g 'printf "progress-d %ld\n", progress'
mark d
between b c | grep -q '(running)' && bad "non-stop: a thread still running after interrupt -a"
n=$(between b c | grep -cE '^[* ] +[123] +Thread [0-9]+\.[0-9]+ ')
[ "$n" = 3 ] || bad "non-stop: info threads lists $n threads after interrupt -a, want 3"
c=$(progress_at c)
d=$(progress_at d)
[ -n "$c" ] && [ "$c" = "$d" ] || bad "non-stop: progress moved while every thread was stopped ($c, then $d)"
g 'set var ns_stop = 1' 'continue -a'
wait_line "$out" '\[Inferior 1 \(process [0-9]+\) exited normally\]' || bad "non-stop: no exit after continue -a"
g quit
exec 5>&-
wait "$gpid" || bad "non-stop: gdb exited $?"
[ $fail = 0 ] || cat "$out"

# --- gdb's all-stop interface on the non-stop target -------------------------
# gdb_ns OUT SERVER-OPTIONS MODE COMMANDS...
gdb_ns() {
	local out=$1 opts=$2 mode=$3 ex=()
	shift 3
	for c in "$@"; do ex+=(-ex "$c"); done
	# shellcheck disable=SC2086 # the options are words
	timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' -ex 'set remotetimeout 60' \
		-ex 'maint set target-non-stop on' -ex "target remote | $udb gdbserver $opts - $prog $mode" \
		"${ex[@]}" >"$out" 2>&1
}

# The module's step, then the server's software step.
for sw in 0 1; do
	failed=$((failed | fail))
	fail=0
	out=$work/calls$sw.out
	UDB_SOFTWARE_STEP=$sw gdb_ns "$out" '' calls 'maint show target-non-stop' 'break add_scaled' \
		continue next 'p sum' finish continue delete continue || bad "target-non-stop: gdb exited $?"
	expect "$out" '^Whether the target is always in non-stop mode is on\.$' "target-non-stop: the setting"
	expect "$out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "target-non-stop: the first hit"
	expect "$out" '^\$1 = 5$' "target-non-stop: sum after next"
	expect "$out" '^Value returned is \$2 = 50$' "target-non-stop: finish"
	expect "$out" '^Breakpoint 1, add_scaled \(a=4, b=5, scale=10\) at ' "target-non-stop: the second hit"
	expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "target-non-stop: the exit code"
	[ $fail = 0 ] || { echo "UDB_SOFTWARE_STEP=$sw:"; cat "$out"; }
done

# A held signal: stops the program, then is delivered once (exit 0 only then).
failed=$((failed | fail))
fail=0
out=$work/signal.out
gdb_ns "$out" '' signal continue continue || bad "target-non-stop signal: gdb exited $?"
expect "$out" '^Program received signal SIGUSR1, User defined signal 1\.$' "target-non-stop: the signal's stop"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "target-non-stop: the signal delivered once"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/threads.out
gdb_ns "$out" '' threads 'break thread_work' continue 'p id' continue 'p id' delete continue ||
	bad "target-non-stop threads: gdb exited $?"
n=$(grep -cE '^Thread [0-9]+ "[^"]*" hit Breakpoint 1, thread_work \(id=[12]\)|^Thread [0-9]+ hit Breakpoint 1, thread_work \(id=[12]\)' "$out")
[ "$n" = 2 ] || bad "target-non-stop threads: $n hits, want 2"
expect "$out" '^\$1 = [12]$' "target-non-stop threads: the first argument"
expect "$out" '^\$2 = [12]$' "target-non-stop threads: the second argument"
[ "$(sed -nE 's/^\$[12] = ([12])$/\1/p' "$out" | sort -u | wc -l)" = 2 ] ||
	bad "target-non-stop threads: both hits had the same argument"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "target-non-stop threads: the exit"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/nothread.out
gdb_ns "$out" --disable-packet=Tthread calls 'break add_scaled' continue continue delete continue ||
	bad "target-non-stop without Tthread: gdb exited $?"
expect "$out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "without Tthread: the first hit"
expect "$out" '^Breakpoint 1, add_scaled \(a=4, b=5, scale=10\) at ' "without Tthread: the second hit"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "without Tthread: the exit code"
[ $fail = 0 ] || cat "$out"

# --- The raw protocol ------------------------------------------------------------
failed=$((failed | fail))
fail=0
if command -v python3 >/dev/null; then
	timeout $((120 * scale)) python3 "$top/tests/common/gdb-protocol.py" --nonstop \
		"$udb" gdbserver - "$prog" nonstop >"$work/client" 2>"$work/srv" ||
		{ bad "the raw client's non-stop checks"; cat "$work/client" "$work/srv"; }
else
	echo "python3 is not installed: the raw protocol is not checked"
fi

exit $((failed | fail))
