#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: udb's "stepi [N]" (alias si), the module's single-step,
# driven from a pipe against gdb-target. Without a process it is refused,
# and so it is while the process runs; a count of 0, above 1000000 or not
# a number is a usage error. From a breakpoint at add_scaled, "stepi"
# moves the pc to the next instruction and "si 3" three further, the
# addresses those of "disassemble add_scaled 5" (the real instruction
# lengths; taken before the breakpoint is set); each shows the pc, the
# function and the instruction there once, and "regs" agrees. With the breakpoint deleted,
# "stepi 1000000" ends early when the thread exits. In a program that
# sleeps between lines, a long "stepi" (each usleep call is one step)
# ends early at Ctrl-C (SIGINT), and the session goes on.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/gdb-target
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

# 1. No process.
printf 'stepi\nquit\n' | timeout $((30 * scale)) "$udb" >"$work/none" 2>&1
expect "$work/none" "^No process: 'attach PID' first\.$" "stepi without a process"

# 2. From a breakpoint: counts, errors, instruction lengths, the exit.
start_udb "$work/out" -- "$prog" calls
# The listing is taken before the breakpoint: its int3 is not in it.
say 'stepi 0' 'stepi x' 'stepi 1000001' 'stepi 1 2' 'disassemble add_scaled 5'
wait_count "$work/out" '^0x[0-9a-f]+ <add_scaled(\+0x[0-9a-f]+)?>:' 5 ||
	bad "no disassembly of add_scaled's first five instructions"
say 'break add_scaled' continue
wait_for '^Breakpoint 1, 0x[0-9a-f]+ in add_scaled \(\)$' || bad "no stop at add_scaled"
[ "$(grep -c '^Usage: stepi \[N\], N from 1 to 1000000\.$' "$work/out")" = 4 ] ||
	bad "stepi 0, x, 1000001, '1 2': not four usage errors"
mapfile -t addr < <(grep -E '^0x[0-9a-f]+ <add_scaled(\+0x[0-9a-f]+)?>:' "$work/out" |
	head -n 5 | cut -d' ' -f1)
# Straight-line code (the prologue at -O0): the steps follow the listing.
grep -E '^0x[0-9a-f]+ <add_scaled(\+0x[0-9a-f]+)?>:' "$work/out" | head -n 4 |
	grep -qE $'\t(j[a-z]*|call[a-z]*|ret[a-z]*)\t' && bad "add_scaled does not begin straight"
if [ "${#addr[@]}" = 5 ]; then
	grep -qE "^Breakpoint 1, ${addr[0]} in add_scaled \(\)$" "$work/out" ||
		bad "the breakpoint is not at the first instruction listed (${addr[0]})"
	say stepi
	wait_for "^${addr[1]} in add_scaled \(\)$" || bad "stepi: pc is not ${addr[1]}"
	expect "$work/out" "^${addr[1]} <add_scaled\+0x[0-9a-f]+>:"$'\t' "stepi: the instruction at the pc"
	say 'si 3' regs
	wait_for "^rip ${addr[4]}$" || bad "si 3 and regs: rip is not ${addr[4]}"
	expect "$work/out" "^${addr[4]} in add_scaled \(\)$" "si 3: pc ${addr[4]}"
	# One location per stepi, none per step.
	n=$(grep -cE "^0x[0-9a-f]+ in add_scaled \(\)$" "$work/out")
	[ "$n" = 2 ] || bad "$n location lines for stepi and si 3, want 2"
	grep -qE "^${addr[2]} in |^${addr[3]} in " "$work/out" &&
		bad "si 3 showed the steps in between"
	# The exit path (libc's exit handlers) is many steps: up to udb's timeout.
	say 'delete 1' 'stepi 1000000'
	for _ in $(seq $((550 * scale))); do
		grep -qE '^\[thread [0-9]+ exited after [0-9]+ of 1000000 instructions\]$' \
			"$work/out" && break
		sleep 0.1
	done
	expect "$work/out" '^\[thread [0-9]+ exited after [0-9]+ of 1000000 instructions\]$' \
		"stepi 1000000 ending at the thread's exit"
fi
say quit
end_udb
[ $rc = 124 ] && bad "udb hung"
[ $fail = 0 ] || cat "$work/out"

# 3. Running: refused; stopped in a sleep: Ctrl-C ends a long stepi.
start_udb "$work/loop" -- "$prog" loop
say continue stepi
wait_for "^Process [0-9]+ is running: 'stop' it first\.$" || bad "stepi of a running process"
sleep 1
say stop
wait_for '^Process [0-9]+ stopped\.$' || bad "no stop"
say 'stepi 1000000'
sleep $((2 * scale))
kill -INT "$upid"
wait_for '^Interrupted after [0-9]+ of 1000000 instructions\.$' ||
	bad "Ctrl-C did not end stepi 1000000"
n=$(sed -nE 's/^Interrupted after ([0-9]+) of 1000000 instructions\.$/\1/p' "$work/loop")
[ -n "$n" ] && [ "$n" -lt 1000000 ] || bad "interrupted after '$n' steps"
say stepi regs
wait_count "$work/loop" '^rip 0x[0-9a-f]+$' 1 || bad "the session did not go on after Ctrl-C"
# The last location shown is where regs says the thread is.
loc=$(grep -E '^0x[0-9a-f]+ in [^ ]+ \(\)$' "$work/loop" | tail -n 1 | cut -d' ' -f1)
rip=$(grep -E '^rip 0x[0-9a-f]+$' "$work/loop" | tail -n 1 | cut -d' ' -f2)
[ -n "$loc" ] && [ "$loc" = "$rip" ] || bad "stepi showed $loc, regs says $rip"
say quit
end_udb
[ $rc = 124 ] && bad "udb hung"
[ $fail = 0 ] || cat "$work/loop"
exit $fail
