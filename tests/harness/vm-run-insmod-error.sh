#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: when the guest cannot load the module, vm/run fails with
# status 125 and says why in the kernel's own words: a utracer.ko built for
# 6.1, given to a 6.12 guest with --module, is refused (its version
# magic or its struct module size), and both insmod's error and the
# kernel's message are printed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$top" module KERNEL=6.1 >/dev/null 2>&1 || { echo "building the 6.1 module failed"; exit 1; }
kdir61=$("$top/scripts/kernel-fetch" 6.1)/kdir || exit 1
rel61=$(cat "$kdir61/include/config/kernel.release")
ko=$top/build/$rel61/module/utracer.ko
out=$("$top/vm/run" --kernel 6.12 --module "$ko" -- true 2>&1)
st=$?
[ $st = 125 ] || { echo "exit $st, expected 125"; echo "$out"; exit 1; }
echo "$out" | grep -q "^vm: insmod $ko failed: .*Invalid module format" ||
	{ echo "no insmod error in:"; echo "$out"; exit 1; }
# 6.12 checks the size of struct module before the version magic: either
# way the kernel's line names the module.
echo "$out" | grep -qE "^vm: kernel: .*(module utracer|utracer): " ||
	{ echo "no kernel message about the module in:"; echo "$out"; exit 1; }
exit 0
