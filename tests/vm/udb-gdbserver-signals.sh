#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 300
# Description: gdb decides what becomes of a signal through udb gdbserver,
# which has the module hold every signal outside gdb's pass set before
# its delivery. The program raises SIGUSR1, whose handler counts it (it
# exits 0 when the handler ran once, 1 when it never ran): gdb stops with
# "Program received signal SIGUSR1"; "continue" delivers it once (exited
# normally); "signal 0" discards it (exit code 01); "signal SIGUSR2"
# delivers SIGUSR2 instead, which kills it ("terminated with signal
# SIGUSR2"). A program that writes through a null pointer stops with
# SIGSEGV while it is still whole: the backtrace shows crash_here(depth=3)
# called from main, and "continue" lets the fault kill it ("terminated
# with signal SIGSEGV").
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

received='^Program received signal SIGUSR1, User defined signal 1\.$'

out=$work/deliver.out
gdb_pipe "$out" signal continue continue || bad "deliver: gdb exited $?"
expect "$out" "$received" "deliver: the stop"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "deliver: the handler ran once"

out=$work/discard.out
gdb_pipe "$out" signal continue 'signal 0' || bad "discard: gdb exited $?"
expect "$out" "$received" "discard: the stop"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 01\]$' "discard: the handler never ran"

out=$work/replace.out
gdb_pipe "$out" signal continue 'signal SIGUSR2' || bad "replace: gdb exited $?"
expect "$out" "$received" "replace: the stop"
expect "$out" '^Program terminated with signal SIGUSR2, User defined signal 2\.$' \
	"replace: SIGUSR2 delivered instead"

out=$work/crash.out
gdb_pipe "$out" crash continue bt 'print depth' continue || bad "crash: gdb exited $?"
expect "$out" '^Program received signal SIGSEGV, Segmentation fault\.$' "crash: the stop"
expect "$out" '^#0 +(0x[0-9a-f]+ in )?crash_here \(depth=3\)' "crash: frame 0"
expect "$out" '^#1 +0x[0-9a-f]+ in main ' "crash: frame 1"
expect "$out" '^\$1 = 3$' "crash: a local"
expect "$out" '^Program terminated with signal SIGSEGV, Segmentation fault\.$' "crash: the end"
[ $fail = 0 ] || for f in deliver discard replace crash; do echo "== $f"; cat "$work/$f.out"; done
exit $fail
