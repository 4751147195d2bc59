#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: scripts/kernel-fetch finds the debug kernels without building
# them: debug is what kernels/debug names once complete, debug-X.Y the
# series' link or, before the link existed, the newest complete tree of
# that series (never one of a series that only starts alike: 6.1 is not
# 6.12, never a tree still being built); a missing one fails and says which
# make command builds it; a malformed name is refused.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }
k=$tmp/cache/kernels
mkdir -p "$k"
fetch() { UTRACER_CACHE=$tmp/cache "$top/scripts/kernel-fetch" "$@"; }

# Nothing built.
fetch debug >/dev/null 2>"$tmp/err" && fail "debug was found in an empty cache"
grep -q "make debug-kernel" "$tmp/err" || fail "debug, missing, said: $(cat "$tmp/err")"

# 6.12 built twice (the newer complete), 6.12's newest still being built,
# 7.3 being built, no link but kernels/debug.
for v in 6.12.9-1~deb12u1 6.12.10-1~deb12u1 6.12.11-1~deb12u1 7.3.4-1~bpo13+1; do
	mkdir -p "$k/debug-$v"
done
touch "$k/debug-6.12.9-1~deb12u1/.complete" "$k/debug-6.12.10-1~deb12u1/.complete"
ln -s debug-6.12.9-1~deb12u1 "$k/debug"
out=$(fetch debug) || fail "debug not found"
[ "$out" = "$k/debug-6.12.9-1~deb12u1" ] || fail "debug is '$out'"
out=$(fetch debug-6.12) || fail "debug-6.12 not found without its link"
[ "$out" = "$k/debug-6.12.10-1~deb12u1" ] || fail "debug-6.12 without its link is '$out'"
for s in 6.1 7.3; do
	fetch "debug-$s" >/dev/null 2>"$tmp/err" && fail "debug-$s found: $(fetch "debug-$s")"
	grep -q "make debug-kernel DEBUG_SERIES=$s" "$tmp/err" || fail "debug-$s, missing, said: $(cat "$tmp/err")"
done

# The series' link wins.
ln -s debug-6.12.9-1~deb12u1 "$k/debug-6.12"
out=$(fetch debug-6.12) || fail "debug-6.12 not found by its link"
[ "$out" = "$k/debug-6.12.9-1~deb12u1" ] || fail "debug-6.12 by its link is '$out'"

for bad in debug-6 debug-x.y debug-6.12.1 debug-; do
	fetch "$bad" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] || fail "$bad: exit $rc, not 2"
	grep -q "unknown kernel" "$tmp/err" || fail "$bad said: $(cat "$tmp/err")"
done
exit 0
