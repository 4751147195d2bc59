#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 300
# Description: hardware watchpoints and breakpoints in udb's debugger,
# driven from a pipe against hwbp-target (one action per line it reads).
# Before "attach" a watchpoint is refused (no process). "watch watched"
# takes the variable's 8 bytes from its symbol and, when the program
# writes it, stops the thread after the write: "Hardware watchpoint 1",
# the old value (read when it was set: the program had raised it to 2)
# and the new one, the pc in main and the thread; the program has no
# answer until "continue". "awatch spare 8" stops on a read, its value
# unchanged; "hbreak hwbp_func" stops on the function's first instruction
# (rip there); "hbreak FILE:OFFSET" of the same function resolves through
# the memory map to the same address. "info
# breakpoints" has a type column and counts the hits.
# A fifth debug register is refused (x86 has 4 per thread); "delete" frees
# one: the deleted watchpoint and hardware breakpoint stop no more, the
# others still do. rwatch is refused with the reason (x86 watches no read
# alone); a bad length, an unaligned address, an array's 64 bytes without
# LEN, an unknown symbol and a file offset the process does not map are
# one error line each and set nothing. A
# session under valgrind sets a watchpoint, stops at it, lists and deletes
# it: no finding.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/hwbp-target
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

# answers N: waits until the tracee has answered N commands.
answers() { wait_count "$work/tout" '^ok ' "$1"; }

start_tracee "$prog" '^0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+$'
read -r watched func spare <"$work/tout"
# hwbp_func's file offset: its address in the ELF file (text is mapped at its offset).
off=$(printf "%#x" "0x$(nm "$prog" | awk '$3 == "hwbp_func" { print $1 }')")
# watched is 2 before udb comes: the old value of the first hit.
echo w >&4
echo w >&4
answers 2 || { echo "hwbp-target did not answer"; exit 1; }

start_udb "$work/out"
say 'watch watched' "attach $tpid" 'rwatch watched' 'watch watched 3' 'watch spare' \
	'watch spare+4 8' 'awatch nosuchsymbol' 'hbreak' 'hbreak /bin/true:0x10' \
	'watch watched' 'awatch spare 8' 'hbreak hwbp_func' 'info breakpoints' continue
wait_for "^Process $tpid continues" || bad "no continue"
expect "$work/out" "^No process: 'attach PID' first\.$" "watch before attach"
expect "$work/out" "^Cannot watch reads alone: x86 debug registers watch writes, or reads and writes together \('awatch' does that; 'watch' watches writes\)\.$" "rwatch"
expect "$work/out" "^'3' is not a length: the hardware watches 1, 2, 4 or 8 bytes\.$" "a bad length"
expect "$work/out" "^'spare' is 64 bytes: the hardware watches 1, 2, 4 or 8; give LEN\.$" \
	"an array without LEN"
expect "$work/out" "^0x[0-9a-f]+ is not aligned to 8 bytes: " "an unaligned address"
expect "$work/out" "^No symbol 'nosuchsymbol' in the process" "an unknown symbol"
expect "$work/out" "^Usage: hbreak ADDRESS\|SYMBOL\|FILE:OFFSET$" "hbreak without argument"
expect "$work/out" "^Offset 0x10 of /.*true is not mapped in process $tpid: " \
	"hbreak at a file the process does not map"
# The errors set nothing: the first watchpoint is number 1.
expect "$work/out" "^Hardware watchpoint 1: $watched <watched>, 8 bytes$" "watch watched"
expect "$work/out" \
	"^Hardware access \(read/write\) watchpoint 2: $spare <spare>, 8 bytes$" "awatch spare"
expect "$work/out" "^Hardware assisted breakpoint 3 at $func <hwbp_func>\.$" "hbreak hwbp_func"
expect "$work/out" "^Num  Type           Hits  Where$" "info breakpoints: the header"
expect "$work/out" "^1    hw watchpoint  0     $watched <watched>, 8 bytes$" \
	"info breakpoints: the watchpoint"
expect "$work/out" "^2    acc watchpoint 0     $spare <spare>, 8 bytes$" \
	"info breakpoints: the access watchpoint"
expect "$work/out" "^3    hw breakpoint  0     $func <hwbp_func>$" \
	"info breakpoints: the hardware breakpoint"

# A write: the thread stops after it, the old and the new value shown.
echo w >&4
if wait_for "^0x[0-9a-f]+ in main \(\), thread $tpid$"; then
	expect "$work/out" "^Hardware watchpoint 1: $watched <watched>, 8 bytes$" "the write's stop"
	expect "$work/out" "^Old value = 2 \(0x2\)$" "the old value"
	expect "$work/out" "^New value = 3 \(0x3\)$" "the new value"
	sleep 0.5
	[ "$(grep -c '^ok ' "$work/tout")" = 2 ] ||
		bad "the program answered at the watchpoint: the thread did not stay stopped"
	say 'x watched 8' continue
	answers 3 || bad "no answer after continue at the watchpoint"
	grep -q '^ok 3$' "$work/tout" || bad "the program's value after the write is not 3"
else
	bad "no stop at the write"
fi

# A read: the access watchpoint stops, the value unchanged.
echo s >&4
if wait_for "^Value = 0 \(0x0\)$"; then
	expect "$work/out" \
		"^Hardware access \(read/write\) watchpoint 2: $spare <spare>, 8 bytes$" "the read's stop"
	wait_for "^0x[0-9a-f]+ in main \(\), thread $tpid$" || bad "no place for the read's stop"
	say continue
	answers 4 || bad "no answer after continue at the access watchpoint"
else
	bad "no stop at the read"
fi

# The function: the hardware breakpoint stops on its first instruction.
echo f >&4
if wait_for "^Hardware breakpoint 3, $func in hwbp_func \(\), thread $tpid$"; then
	say regs 'watch spare+8' 'watch spare+16' 'delete 1' 'delete 3' 'watch spare+16' \
		"hbreak $prog:$off" 'delete 6' 'delete 9' 'info breakpoints' continue
	wait_for "^Process $tpid continues" || bad "no continue after the deletes"
	expect "$work/out" "^rip $func$" "regs at the hardware breakpoint"
	expect "$work/out" "^Hardware watchpoint 4: 0x[0-9a-f]+ <spare\+0x8>, 8 bytes$" \
		"a fourth debug register"
	expect "$work/out" "^No debug register left: x86 has 4 per thread, and process $tpid's threads use them all \('delete' one first\)\.$" \
		"a fifth debug register"
	expect "$work/out" "^Deleted watchpoint 1\.$" "delete of a watchpoint"
	expect "$work/out" "^Deleted hardware breakpoint 3\.$" "delete of a hardware breakpoint"
	expect "$work/out" "^Hardware watchpoint 5: 0x[0-9a-f]+ <spare\+0x10>, 8 bytes$" \
		"a register freed by delete"
	expect "$work/out" "^Hardware assisted breakpoint 6 at $func <hwbp_func> \($prog, offset $off\)\.$" \
		"hbreak FILE:OFFSET"
	expect "$work/out" "^Deleted hardware breakpoint 6\.$" "delete of hbreak FILE:OFFSET"
	expect "$work/out" "^No breakpoint 9\.$" "delete of an unknown number"
	expect "$work/out" "^2    acc watchpoint 1     $spare <spare>, 8 bytes$" \
		"info breakpoints: the access watchpoint's hit"
	last=$(grep -A3 '^Num  Type' "$work/out" | tail -n 3 | cut -c1-20 | tr '\n' '|')
	[ "$last" = "2    acc watchpoint |4    hw watchpoint  |5    hw watchpoint  |" ] ||
		bad "info breakpoints after the deletes: '$last'"
else
	bad "no stop at the hardware breakpoint"
fi
# Deleted, they stop no more: the write and the call are answered at once.
echo w >&4
echo f >&4
answers 7 || bad "a deleted watchpoint or hardware breakpoint held the program"
grep -q '^ok 4$' "$work/tout" || bad "the program's value after the last write is not 4"
n=$(grep -c '^Hardware watchpoint 1: ' "$work/out")
[ "$n" = 2 ] || bad "watchpoint 1 reported $n times, want 2 (set, one hit)"
n=$(grep -c '^Hardware breakpoint 3, ' "$work/out")
[ "$n" = 1 ] || bad "hardware breakpoint 3 stopped $n times, want 1"
# The access watchpoint still stops.
echo s >&4
wait_for "^Hardware access \(read/write\) watchpoint 2: .*" &&
	[ "$(grep -c '^Value = 0 (0x0)$' "$work/out")" = 2 ] || bad "no second stop at the read"
say detach quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc"
answers 8 || bad "the program did not go on after detach"
[ $fail = 0 ] || { echo "--- udb:"; cat "$work/out"; echo "--- hwbp-target:"; cat "$work/tout"; }

# Under valgrind: a write a second while udb starts; the first after the
# watchpoint stops.
if command -v valgrind >/dev/null; then
	fail1=$fail
	for _ in $(seq $((120 * scale))); do echo w; sleep 1; done >&4 &
	feeder=$!
	pids+=("$feeder")
	printf '%s\n' 'watch watched' 'awatch spare 4' continue 'info breakpoints' 'delete 1' \
		'delete 2' 'info breakpoints' detach quit | vg_out=$work/vg vg -p "$tpid"
	kill "$feeder" 2>/dev/null
	expect "$work/vg" "^Hardware watchpoint 1: $watched <watched>, 8 bytes$" "watch (valgrind)"
	expect "$work/vg" "^New value = [0-9]+ \(0x[0-9a-f]+\)$" "the stop (valgrind)"
	expect "$work/vg" "^1    hw watchpoint  [1-9][0-9]* +0x" "info breakpoints (valgrind)"
	expect "$work/vg" "^Deleted watchpoint 2\.$" "delete (valgrind)"
	[ $fail = "$fail1" ] || { echo "--- udb under valgrind:"; cat "$work/vg"; }
else
	echo "valgrind is not installed: the session under valgrind is not run"
fi
exec 4>&-
exit $fail
