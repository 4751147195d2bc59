#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Description: udb's debugger runs clean under valgrind against the real
# module: no invalid access, no use of undefined memory, no leak, in a
# session that reads registers and memory, disassembles and unwinds the
# stack from CFI (libdwfl), then detaches; and in one that catches a
# syscall (catch syscall, with an unknown name refused), stops at its entry
# and its return, lists and deletes the catchpoint, then detaches.
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
sleep 1000 &
sl=$!
pids+=("$sl")
disown "$sl"
sleep 0.5
printf '%s\n' regs 'x $rsp 64' 'disas $pc 4' bt detach quit | vg -p "$sl"

prog=$top/build/tests/progs/sc-hold
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }
start_tracee "$prog" '^ready '
# A getppid a second while udb starts under valgrind: the first after the
# attach is caught.
for _ in $(seq $((120 * scale))); do echo getppid; sleep 1; done >&4 &
feeder=$!
pids+=("$feeder")
printf '%s\n' 'catch syscall nosuchcall' 'catch syscall getppid' 'info breakpoints' continue \
	regs continue 'delete 1' 'info breakpoints' detach quit | vg_out=$work/catch vg -p "$tpid"
kill "$feeder" 2>/dev/null
expect "$work/catch" "^Catchpoint 1 \(call to syscall getppid\), " "the entry stop"
expect "$work/catch" "^Catchpoint 1 \(returned from syscall getppid\), " "the return stop"
expect "$work/catch" "^Deleted catchpoint 1\.$" "delete"
exit $fail
