#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb's breakpoints, driven from a pipe: "udb -- bp-target 3
# run", then break on a symbol (bp_square) and on FILE:OFFSET (bp_twice),
# info breakpoints, continue stopping at each ("Breakpoint N, ADDR in
# func ()") with regs showing rip at the function, delete, continue to
# the end (the program's output is right and udb sees it end), the hit
# counts in info breakpoints, and the errors: an unknown symbol, a
# missing file, delete of an unknown breakpoint, break without argument.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

prog=$top/build/tests/progs/bp-target
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }
# A PIE's text: its file offset is its link-time address.
off=$(nm "$prog" | awk '$3 == "bp_twice" { print $1 }')
[ -n "$off" ] || { echo "no bp_twice in $prog"; exit 1; }
off=$(printf "%#x" "0x$off")

printf '%s\n' 'break bp_square' "break $prog:$off" 'break' 'break no_such_symbol' \
	'break /nonexistent/file:0x10' 'info breakpoints' \
	continue regs continue continue 'delete 1' 'delete 9' continue continue \
	'info breakpoints' quit |
	timeout $((120 * scale)) "$udb" -- "$prog" 3 run >"$work/out" 2>&1
rc=$?
[ $rc = 0 ] || bad "udb exits $rc"
expect "$work/out" "^Breakpoint 1 at 0x[0-9a-f]+ <bp_square>, offset 0x[0-9a-f]+\.$" "break SYMBOL"
expect "$work/out" "^Breakpoint 2 at $prog, offset $off\.$" "break FILE:OFFSET"
expect "$work/out" "^Usage: break ADDRESS\|SYMBOL\|FILE:OFFSET$" "break without argument"
expect "$work/out" "^No symbol 'no_such_symbol'" "break on an unknown symbol"
expect "$work/out" "cannot set a breakpoint at /nonexistent/file:0x10: No such file" "missing file"
expect "$work/out" "^1    breakpoint     0     0x[0-9a-f]+ <bp_square>" "info breakpoints before"
sq=$(grep -m1 '^Breakpoint 1 at ' "$work/out" | sed 's/^Breakpoint 1 at \(0x[0-9a-f]*\).*/\1/')
n=$(grep -c "^Breakpoint 1, $sq in bp_square ()$" "$work/out")
[ "$n" = 2 ] || { bad "bp_square hit $n times before its delete, want 2"; cat "$work/out"; }
n=$(grep -c "^Breakpoint 2, 0x[0-9a-f]* in bp_twice ()$" "$work/out")
[ "$n" = 2 ] || { bad "bp_twice hit $n times, want 2"; cat "$work/out"; }
expect "$work/out" "^rip $sq$" "regs at the breakpoint"
expect "$work/out" "^Deleted breakpoint 1\.$" "delete"
expect "$work/out" "^No breakpoint 9\.$" "delete unknown"
expect "$work/out" "^done 5 4$" "the program's output"
expect "$work/out" "^\[process [0-9]+ is gone\]$" "the end"
expect "$work/out" "^2    breakpoint     2     $prog, offset $off$" "info breakpoints after"
exit $fail
