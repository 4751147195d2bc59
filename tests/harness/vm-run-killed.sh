#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: vm/run stopped by SIGTERM (a test runner giving up, a user's
# kill) stops its guest: the qemu it started is gone within 15 s, and
# vm/run exits 130.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/vm/run" --timeout 300 --no-module -- sleep 1000 >/dev/null 2>&1 &
vmrun=$!
qemu=
for _ in $(seq 100); do
	tpid=$(pgrep -P "$vmrun" -x timeout)
	[ -n "$tpid" ] && qemu=$(pgrep -P "$tpid" -f qemu-system)
	[ -n "$qemu" ] && break
	sleep 0.2
done
[ -n "$qemu" ] || { echo "no qemu started"; kill "$vmrun"; exit 1; }
sleep 3
kill -TERM "$vmrun"
wait "$vmrun"
st=$?
for _ in $(seq 75); do
	kill -0 "$qemu" 2>/dev/null || break
	sleep 0.2
done
if kill -0 "$qemu" 2>/dev/null; then
	echo "qemu $qemu still runs after vm/run was stopped"
	kill -9 "$qemu"
	exit 1
fi
[ $st = 130 ] || { echo "vm/run exited $st, expected 130"; exit 1; }
exit 0
