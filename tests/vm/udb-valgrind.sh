#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Timeout: 900
# Description: udb runs clean under valgrind against the real module: no
# invalid access, no use of undefined memory, no leak, for a trace of
# /bin/true, for trace's flags (-c/-C/-S, -T/-tt/-r, -x, -a, -z,
# -e status=/signal=, -y/-yy, -P, -qq, -ff -o, -E, -k with -f and with a
# library mapped later, -e verbose=, several -p and their detach at
# SIGINT) and for the maps inspector.
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
vg trace -o /dev/null -- /bin/true
vg trace -f -C -S calls -o /dev/null -- sh -c 'ls /; cat /etc/hostname'
vg trace -c -w -o /dev/null -- /bin/true
vg trace -f -T -tt -r -x -a 30 -z -o /dev/null -- sh -c 'printf "\001\n"; cat /nonexistent; true'
vg trace -e status=failed -e 'signal=!SIGUSR1' -qq -o /dev/null -- sh -c 'trap : USR1; kill -USR1 $$'
vg trace -f -yy -e trace=close,write -o /dev/null -- sh -c 'echo hi | cat >/dev/null'
vg trace -f -P /etc/hostname -o /dev/null -- sh -c 'cat /etc/hostname'
vg trace -ff -o "$work/ff" -E FOO=1 -E HOME -- sh -c '/bin/true'
vg trace -k -f -e verbose=none -o "$work/k" -- sh -c 'echo hi; /bin/true'
grep -q '^ > ' "$work/k" || bad "udb trace -k under valgrind printed no frame"
if command -v python3 >/dev/null; then
	# A library mapped later (libffi): the unwinder reads the maps again.
	vg trace -k -e 'verbose=!fstat' -e trace=write -o /dev/null -- python3 -c '
import ctypes
ctypes.CDLL(None).write(1, b"hi\n", 3)'
fi
sh -c 'while :; do sleep 0.2; done' &
l1=$!
sh -c 'while :; do sleep 0.2; done' &
l2=$!
pids+=("$l1" "$l2")
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$udb" trace -y -o /dev/null -p "$l1,$l2" 2>"$work/vgp.log" &
vp=$!
wait_line "$work/vgp.log" "Process $l2 attached" || bad "valgrind udb -p: not attached"
sleep 1
kill -INT "$vp"
wait "$vp"
rc=$?
if [ $rc != 130 ] || grep -v -e 'Warning: noted but unhandled ioctl' \
	-e 'This could cause spurious value errors' -e 'README_MISSING_SYSCALL_OR_IOCTL' \
	"$work/vgp.log" | grep -q '^==[0-9]*=='; then
	bad "udb trace -p A,B under valgrind: exit $rc"
	head -n 40 "$work/vgp.log"
fi
sleep 1000 &
sl=$!
pids+=("$sl")
disown "$sl"
sleep 0.5
vg maps "$sl"
exit $fail
