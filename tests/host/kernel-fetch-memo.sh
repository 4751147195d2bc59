#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: scripts/kernel-fetch remembers which release it resolved and
# answers from that memo without apt-cache while the apt lists are unchanged;
# a change in the lists, or a memo naming a release that is not unpacked,
# makes it ask apt again.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

real=$("$top/scripts/kernel-fetch" 6.12) || fail "kernel-fetch 6.12 failed"
rel=$(cat "$real/release")

# A cache of our own whose only kernel is the real unpacked 6.12.
mkdir -p "$tmp/cache/kernels" "$tmp/bin"
ln -s "$real" "$tmp/cache/kernels/$rel"
memo=$tmp/cache/kernels/6.12.resolved
fetch() { UTRACER_CACHE=$tmp/cache "$top/scripts/kernel-fetch" 6.12; }

out=$(fetch) || fail "kernel-fetch into a fresh cache failed"
[ "$out" = "$tmp/cache/kernels/$rel" ] || fail "kernel-fetch printed '$out', not $tmp/cache/kernels/$rel"
[ -f "$memo" ] || fail "no memo at $memo"
[ "$(sed -n 2p "$memo")" = "$rel" ] || fail "the memo names '$(sed -n 2p "$memo")', not $rel"

# From here apt-cache fails: only the memo can answer.
printf '#!/bin/sh\necho "apt-cache was asked: $*" >&2\nexit 1\n' >"$tmp/bin/apt-cache"
chmod +x "$tmp/bin/apt-cache"
out=$(PATH=$tmp/bin:$PATH fetch 2>"$tmp/err") ||
	fail "with the lists unchanged, kernel-fetch still asked apt-cache: $(cat "$tmp/err")"
[ "$out" = "$tmp/cache/kernels/$rel" ] || fail "from the memo, kernel-fetch printed '$out'"

# Other lists: the memo is stale.
mkdir "$tmp/lists"
: >"$tmp/lists/example.org_dists_x_main_binary-amd64_Packages"
if out=$(APT_LISTS=$tmp/lists PATH=$tmp/bin:$PATH fetch 2>"$tmp/err"); then
	fail "with other apt lists, kernel-fetch answered '$out' from a stale memo"
fi
grep -q 'apt-cache was asked' "$tmp/err" || fail "a stale memo did not lead to apt-cache: $(cat "$tmp/err")"

# The memo's release is gone from the cache: apt is asked again.
out=$(fetch) || fail "kernel-fetch failed to rewrite the memo"
rm "$tmp/cache/kernels/$rel"
if out=$(PATH=$tmp/bin:$PATH fetch 2>"$tmp/err"); then
	fail "kernel-fetch answered '$out' for a release that is not unpacked"
fi
grep -q 'apt-cache was asked' "$tmp/err" || fail "a missing release did not lead to apt-cache: $(cat "$tmp/err")"
exit 0
