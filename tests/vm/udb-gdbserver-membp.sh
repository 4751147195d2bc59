#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 debug
# Timeout: 240
# Description: breakpoints where the module's (uprobes, on code mapped from
# a file) cannot go, through gdb and "udb gdbserver -": gdb calls functions
# of the stopped program (print child_work(41) = 42, and two calls in one
# expression), which puts the call's return breakpoint on the stack, and
# the program then runs on as before (finish returns 50, it prints
# "result 140" and exits 03); and a breakpoint on code the program made in
# an anonymous page (gdb-target jit) stops there, stepi moves 5 bytes (the
# step's own breakpoint is in that page too), and once deleted the code
# runs as written ("jit 42", exit 0). Each reply is checked against
# Debian's gdbserver in the same run, when it is installed.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

calls=(calls 'break add_scaled' continue 'print child_work(41)'
	'print thread_work(21) + child_work(1)' finish delete continue)
jit=(jit 'break before_jit' continue 'break *jit_code' continue 'p $pc == jit_code'
	stepi 'p $pc - jit_code' delete continue)

check_calls() {
	expect "$1" '^\$1 = 42$' "$2: a call from gdb returns"
	expect "$1" '^\$2 = 44$' "$2: two calls in one expression"
	expect "$1" '^Value returned is \$3 = 50$' "$2: finish after the calls"
	expect "$1" '^result 140$' "$2: the program's output after the calls"
	expect "$1" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "$2: the exit code"
	grep -q 'Cannot insert breakpoint' "$1" && bad "$2: a breakpoint could not be inserted"
}

check_jit() {
	expect "$1" '^Breakpoint 2, 0x[0-9a-f]+ in \?\? \(\)$' "$2: the stop on the made code"
	expect "$1" '^\$1 = 1$' "$2: the pc is the breakpoint's address"
	expect "$1" '^\$2 = 5$' "$2: stepi over the 5-byte mov"
	expect "$1" '^jit 42$' "$2: the made code ran as written"
	expect "$1" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "$2: the exit"
}

gdb_pipe "$work/calls" "${calls[@]}" || bad "gdb exited $? (calls)"
check_calls "$work/calls" udb
gdb_pipe "$work/jit" "${jit[@]}" || bad "gdb exited $? (jit)"
check_jit "$work/jit" udb
[ $fail = 0 ] || cat "$work/calls" "$work/jit"

# The same sessions under Debian's gdbserver: the expectations are gdb's.
if command -v gdbserver >/dev/null; then
	for t in calls jit; do
		declare -n cmds=$t
		ex=()
		for c in "${cmds[@]:1}"; do ex+=(-ex "$c"); done
		timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' \
			-ex "target remote | gdbserver - $prog ${cmds[0]}" "${ex[@]}" \
			>"$work/$t.ref" 2>&1
		"check_$t" "$work/$t.ref" "gdbserver"
	done
fi
exit $fail
