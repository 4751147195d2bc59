#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: runs that share the kernel cache may start at once. Eight
# scripts/kernel-fetch of one kernel at a time all succeed and agree; two
# vm/run started together on a kernel that has no initramfs yet both build
# it (each under a name of its own, renamed into place), both boot and load
# the module, and leave exactly one initramfs and no partial file; an
# initramfs of another stamp (another tree's, still in use) is not deleted.
# Timeout: 300
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

real=$("$top/scripts/kernel-fetch" 6.12) || fail "kernel-fetch 6.12 failed"
rel=$(cat "$real/release")

# A cache of our own holding the real 6.12, without its initramfs.
own=$tmp/cache/kernels/$rel
mkdir -p "$own"
for f in root vmlinuz kdir release .complete; do
	ln -s "$real/$f" "$own/$f"
done
cp "$(dirname "$real")/6.12.resolved" "$tmp/cache/kernels/" 2>/dev/null
: >"$own/initramfs-0123456789ab.gz"
export UTRACER_CACHE=$tmp/cache

for i in 1 2 3 4 5 6 7 8; do
	"$top/scripts/kernel-fetch" 6.12 >"$tmp/fetch.$i" 2>"$tmp/fetch-err.$i" &
done
for i in 1 2 3 4 5 6 7 8; do
	wait -n || fail "a kernel-fetch run side by side with others failed: $(cat "$tmp"/fetch-err.*)"
done
for i in 1 2 3 4 5 6 7 8; do
	[ "$(cat "$tmp/fetch.$i")" = "$own" ] || fail "kernel-fetch $i printed '$(cat "$tmp/fetch.$i")', not $own"
done

"$top/vm/run" --kernel 6.12 -- sh -c 'grep -q "^utracer " /proc/modules && echo one' >"$tmp/run.1" 2>&1 &
p1=$!
"$top/vm/run" --kernel 6.12 -- sh -c 'grep -q "^utracer " /proc/modules && echo two' >"$tmp/run.2" 2>&1 &
p2=$!
wait $p1 || fail "the first of two vm/run at once failed: $(cat "$tmp/run.1")"
wait $p2 || fail "the second of two vm/run at once failed: $(cat "$tmp/run.2")"
grep -qx one "$tmp/run.1" || fail "the first guest did not run its command: $(cat "$tmp/run.1")"
grep -qx two "$tmp/run.2" || fail "the second guest did not run its command: $(cat "$tmp/run.2")"

n=$(find "$own" -maxdepth 1 -name 'initramfs-*.gz' ! -name 'initramfs-0123456789ab.gz' | wc -l)
[ "$n" = 1 ] || fail "$n initramfs files after two runs: $(ls "$own")"
[ -e "$own/initramfs-0123456789ab.gz" ] || fail "vm/run deleted another stamp's initramfs"
if ls "$own" | grep -q part; then
	fail "partial files left behind: $(ls "$own")"
fi
exit 0
