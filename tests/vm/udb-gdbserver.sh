#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: gdb (Debian's, batch mode) debugs a program started by
# "udb gdbserver -" through "target remote |": a breakpoint on a function
# shows its three arguments, the backtrace names main as its caller,
# "finish" returns to main with the function's value (50), "info
# registers" agrees with what "udb regs" reads of the same stopped
# thread through another client, "set var" changes a global that becomes
# the exit code gdb reports (07, not the program's 03), and next, step
# and stepi move through the source. All of it twice: with the module's
# STEP, and with the server's software single-step (UDB_SOFTWARE_STEP=1,
# what a module without STEP gets). The program's output reaches udb's
# stderr, not the protocol.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

# session LABEL: the gdb session, its output in $out.
session() {
	local rc g u r

	out=$work/gdb-${1// /-}.out
	gdb_pipe "$out" calls 'break add_scaled' continue 'info args' bt \
		'info registers rip rsp rdi rsi rdx' \
		"shell $udb regs \$(pgrep -f '^$prog calls' | tail -n 1) > $work/udb-regs" \
		finish 'set var exit_code = 7' next 'p r' step 'p a' stepi 'p $pc' \
		'delete' continue
	rc=$?
	[ $rc = 0 ] || bad "$1: gdb exited $rc"
	expect "$out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at .*gdb-target.c:[0-9]+$' "$1: the hit with its arguments"
	expect "$out" '^a = 2$' "$1: info args"
	expect "$out" '^scale = 10$' "$1: info args"
	expect "$out" '^#1  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at .*gdb-target.c:[0-9]+$' "$1: the backtrace"
	expect "$out" '^Value returned is \$1 = 50$' "$1: finish"
	expect "$out" '^\$2 = 50$' "$1: next: r after the first call"
	expect "$out" '^(Breakpoint 1, )?add_scaled \(a=4, b=5, scale=10\) at ' "$1: step into the second call"
	expect "$out" '^\$3 = 4$' "$1: the argument after step"
	expect "$out" '^result 140$' "$1: the program's output"
	expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 07\]$' "$1: the exit code set by set var"
	# stepi moved the pc by one instruction: into add_scaled, past its first line's start.
	grep -qE '^\$4 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <add_scaled\+[0-9]+>$' "$out" ||
		bad "$1: stepi: no pc inside add_scaled"
	# The registers gdb shows are the thread's, as the library reads them.
	for r in rip rsp rdi rsi rdx; do
		g=$(sed -nE "s/^$r +(0x[0-9a-f]+) .*/\1/p" "$out" | head -n 1)
		u=$(sed -nE "s/^$r (0x[0-9a-f]+)$/\1/p" "$work/udb-regs" | head -n 1)
		[ -n "$g" ] && [ "$g" = "$u" ] || bad "$1: $r: gdb says '$g', udb regs '$u'"
	done
	[ $fail = 0 ] || cat "$out" "$work/udb-regs"
}

session "module step"
export UDB_SOFTWARE_STEP=1
session "software step"
exit $fail
