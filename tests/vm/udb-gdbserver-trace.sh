#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 300
# Description: one live process, two tracers at once, which ptrace cannot
# do: "udb trace -p" traces the syscalls of a ticking program while gdb,
# through "udb gdbserver --attach", stops it at tick_once three times and
# reads each argument, then detaches. gdb sees three consecutive ticks
# (N, N+1, N+2: no call lost to the tracer); the trace shows the write()
# of every tick the program printed, those gdb stopped at included, before,
# during and after gdb's session; and the program runs on afterwards.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"
need_tcp

"$prog" loop >"$work/ticks" &
t=$!
pids+=("$t")
wait_line "$work/ticks" '^tick 1$' || { bad "the program does not tick"; exit 1; }
"$udb" trace -p "$t" -o "$work/trace" 2>"$work/trace.err" &
tr=$!
pids+=("$tr")
wait_line "$work/trace" 'write\(1, "tick [0-9]+\\n"' || bad "udb trace shows no write"

"$udb" gdbserver --once 127.0.0.1:0 --attach "$t" 2>"$work/srv" &
srv=$!
pids+=("$srv")
wait_line "$work/srv" '^Listening on port [0-9]+$' || { bad "the server does not listen"; cat "$work/srv"; exit 1; }
port=$(sed -nE 's/^Listening on port ([0-9]+)$/\1/p' "$work/srv")
timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set remotetimeout 60' -ex "target remote 127.0.0.1:$port" \
	-ex 'break tick_once' -ex continue -ex 'p n' -ex continue -ex 'p n' -ex continue -ex 'p n' \
	-ex detach >"$work/gdb" 2>&1 || bad "gdb exited $?"
wait "$srv"

# The program runs on: two more ticks.
a=$(grep -c '^tick' "$work/ticks")
wait_line "$work/ticks" "^tick $((a + 1))$" || bad "the program no longer ticks"
kill -TERM "$tr"
wait "$tr"

mapfile -t seen < <(sed -nE 's/^\$[0-9]+ = ([0-9]+)$/\1/p' "$work/gdb")
if [ ${#seen[@]} != 3 ]; then
	bad "gdb saw ${#seen[@]} ticks, want 3"
elif [ $((seen[1] - seen[0])) != 1 ] || [ $((seen[2] - seen[1])) != 1 ]; then
	bad "gdb's ticks are not consecutive: ${seen[*]}"
fi
# Every tick the program printed up to the end of the trace is in the trace.
first=$(sed -nE 's/.*write\(1, "tick ([0-9]+)\\n".*/\1/p' "$work/trace" | head -n 1)
last=$(sed -nE 's/.*write\(1, "tick ([0-9]+)\\n".*/\1/p' "$work/trace" | tail -n 1)
if [ -z "$first" ] || [ -z "$last" ]; then
	bad "no tick in the trace"
else
	for ((i = first; i <= last; i++)); do
		grep -q "write(1, \"tick $i\\\\n\"" "$work/trace" || bad "tick $i is missing from the trace"
	done
	for s in "${seen[@]}"; do
		[ "$s" -ge "$first" ] && [ "$s" -lt "$last" ] || bad "gdb's tick $s is not inside the trace ($first..$last)"
	done
fi
[ $fail = 0 ] || { cat "$work/gdb" "$work/srv"; tail -n 20 "$work/trace"; }
exit $fail
