#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: a tree under /tmp, which the guest hides under its own
# tmpfs, still works: vm/run shares it with the guest and mounts it back in
# place, so its files and a module inside it are reachable; a --module
# under /tmp outside the tree is refused at once with the reason.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/utracer-tree.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

make -s -C "$top" module KERNEL=6.12 >/dev/null 2>&1 || fail "building the module failed"
kdir=$("$top/scripts/kernel-fetch" 6.12)/kdir || exit 1
ko=$top/build/$(cat "$kdir/include/config/kernel.release")/module/utracer.ko
tree=$tmp/tree
mkdir -p "$tree/build"
cp -r "$top/vm" "$top/scripts" "$tree/"
cp "$ko" "$tree/build/utracer.ko"
echo "marker $$" >"$tree/marker"

out=$("$tree/vm/run" --kernel 6.12 --module "$tree/build/utracer.ko" -- \
	sh -c "cat '$tree/marker' && grep -c '^utracer ' /proc/modules && touch /tmp/x && echo tmp-writable" 2>&1)
st=$?
[ $st = 0 ] || fail "vm/run from a tree under /tmp exited $st: $out"
echo "$out" | grep -qx "marker $$" || fail "the guest did not see the tree's file: $out"
echo "$out" | grep -qx 1 || fail "the module inside the tree was not loaded: $out"
echo "$out" | grep -qx tmp-writable || fail "the guest's /tmp is not writable: $out"

cp "$ko" "$tmp/outside.ko"
start=$(date +%s)
out=$("$top/vm/run" --kernel 6.12 --module "$tmp/outside.ko" -- true 2>&1)
st=$?
[ $st = 125 ] || fail "a --module under /tmp outside the tree: exit $st, expected 125: $out"
echo "$out" | grep -q "the guest mounts its own tmpfs there" || fail "no reason given: $out"
[ $(($(date +%s) - start)) -lt 10 ] || fail "the refusal took more than 10 s"
exit 0
