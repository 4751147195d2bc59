#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Description: udb's debugger runs clean under valgrind against the real
# module: no invalid access, no use of undefined memory, no leak, in a
# session that reads registers and memory, disassembles and unwinds the
# stack from CFI (libdwfl), then detaches.
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
sleep 1000 &
sl=$!
pids+=("$sl")
disown "$sl"
sleep 0.5
printf '%s\n' regs 'x $rsp 64' 'disas $pc 4' bt detach quit | vg -p "$sl"
exit $fail
