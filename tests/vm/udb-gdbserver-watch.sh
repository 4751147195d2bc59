#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: gdb's hardware watchpoints and breakpoints through udb
# gdbserver (Z2, Z4, Z1 over the module's HWBP service). "watch" on a
# global is a "Hardware watchpoint" (not a software one) and stops on each
# write with the old and new values, in the line that wrote; "awatch"
# stops on the next access (the read of the third +=, value 20); "hbreak"
# is a "Hardware assisted breakpoint" that stops on the function with its
# argument; with everything deleted the program runs to its exit (0) and
# prints what it computed: the watchpoints changed nothing. "rwatch": the
# server refuses Z3 (x86 has no read-only watchpoint), as gdbserver does
# on x86, and gdb falls back to an access watchpoint whose reads it
# reports: the first read stops with "Value = 0".
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

out=$work/gdb.out
gdb_pipe "$out" watch 'watch watch_counter' continue continue 'delete' \
	'awatch watch_counter' continue 'delete' 'hbreak watch_done' continue 'delete' \
	continue
rc=$?
[ $rc = 0 ] || bad "gdb exited $rc"
expect "$out" '^Hardware watchpoint 1: watch_counter$' "a hardware watchpoint"
expect "$out" '^Old value = 0$' "the first write's old value"
expect "$out" '^New value = 10$' "the first write's new value"
expect "$out" '^Old value = 10$' "the second write's old value"
expect "$out" '^New value = 20$' "the second write's new value"
expect "$out" '^Hardware access \(read/write\) watchpoint 2: watch_counter$' "awatch"
expect "$out" '^Value = 20$' "the access: the read of 20"
expect "$out" '^Hardware assisted breakpoint 3 at 0x[0-9a-f]+: file .*gdb-target.c, line [0-9]+\.$' "hbreak"
expect "$out" '^Breakpoint 3, watch_done \(v=30\) at .*gdb-target.c:[0-9]+$' "the hardware breakpoint's hit"
expect "$out" '^counter 30$' "the program's output"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "the exit"
grep -q 'Software watchpoint' "$out" && bad "gdb fell back to a software watchpoint"

# rwatch: Z3 refused, gdb watches accesses and reports the first read.
out2=$work/gdb-rwatch.out
gdb_pipe "$out2" watch 'rwatch watch_counter' continue 'delete' continue
expect "$out2" '^Hardware read watchpoint 1: watch_counter$' "rwatch"
expect "$out2" '^Value = 0$' "the first read"
expect "$out2" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "the exit"
expect "$out2" '^counter 30$' "the program still runs to its end"
[ $fail = 0 ] || cat "$out" "$out2"
exit $fail
