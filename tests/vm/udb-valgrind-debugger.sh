#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb's debugger runs clean under valgrind against the real
# module: no invalid access, no use of undefined memory, no leak, in a
# session that reads registers and memory, disassembles and unwinds the
# stack from CFI (libdwfl), then detaches.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
udb=$top/build/udb/udb
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
log=$(mktemp)
trap 'rm -f "$log"; kill -9 $sl 2>/dev/null' EXIT
fail=0
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$udb" "$@" >/dev/null 2>"$log"
	local rc=$?
	# The module's argument-less ioctl (_IO) draws a warning, not an error.
	if [ $rc != 0 ] || grep -v -e 'Warning: noted but unhandled ioctl' \
		-e 'This could cause spurious value errors' -e 'README_MISSING_SYSCALL_OR_IOCTL' \
		"$log" | grep -q '^==[0-9]*=='; then
		echo "FAIL udb $* under valgrind: exit $rc"
		head -n 40 "$log"
		fail=1
	fi
}
sleep 1000 &
sl=$!
disown $sl
sleep 0.5
printf '%s\n' regs 'x $rsp 64' 'disas $pc 4' bt detach quit | vg -p $sl
exit $fail
