#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: vm/run --cpus N gives the guest N CPUs, with --mttcg
# (multi-threaded TCG, as the package test's DKMS build uses) as without;
# a bad --cpus is refused at once with exit 2.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
out=$("$top/vm/run" --no-module --cpus 3 --mttcg -- nproc)
st=$?
[ $st = 0 ] && [ "$out" = 3 ] || { echo "vm/run --cpus 3 --mttcg: exit $st, nproc '$out'"; rc=1; }
out=$("$top/vm/run" --no-module --cpus 1 -- nproc)
st=$?
[ $st = 0 ] && [ "$out" = 1 ] || { echo "vm/run --cpus 1: exit $st, nproc '$out'"; rc=1; }
for bad in 0 x -1; do
	err=$("$top/vm/run" --cpus "$bad" -- true 2>&1)
	st=$?
	[ $st = 2 ] && echo "$err" | grep -q -- '--cpus wants a positive number' ||
		{ echo "vm/run --cpus '$bad': exit $st, '$err'"; rc=1; }
done
exit $rc
