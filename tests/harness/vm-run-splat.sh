#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: a kernel WARNING in the guest makes vm/run fail (125) even
# though the command that triggered it exited 0.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$top" test-modules KERNEL=6.12 || exit 1
kdir=$("$top/scripts/kernel-fetch" 6.12)/kdir
ko="$top/build/$(cat "$kdir/include/config/kernel.release")/tests/modules/utracer_test_warn.ko"
out=$("$top/vm/run" --kernel 6.12 -- insmod "$ko" 2>&1)
st=$?
if [ $st != 125 ]; then
	echo "vm/run exited $st after a WARNING, expected 125"
	echo "$out"
	exit 1
fi
echo "$out" | grep -q 'kernel splat' || { echo "no splat report in: $out"; exit 1; }
echo "$out" | grep -q 'deliberate warning' || { echo "the splat text is not shown: $out"; exit 1; }
