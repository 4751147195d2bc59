#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: tests/run gives each kind of test its verdict: exit 0 passes,
# 77 skips, any other status fails, a test past its timeout fails, and a test
# program that is missing (the build did not make it) fails rather than
# vanishing from the count; the results line adds them up. The timeout is
# multiplied by $TEST_TIMEOUT_SCALE, which the tests see; a scale that is no
# positive integer is refused. A script's own "# Timeout: S" comment replaces
# the default for it, scaled all the same.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mk() {
	printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
	chmod +x "$tmp/$1"
}
mk pass 'exit 0'
mk fail 'echo broken; exit 3'
mk skip 'echo no such thing; exit 77'
mk slow 'sleep 30'
mk scaled 'sleep 2; echo "scale $TEST_TIMEOUT_SCALE"; exit 5'
mk own-long '# Timeout: 4
sleep 2'
mk own-short '# Timeout: 1
sleep 30'

out=$(TEST_TIMEOUT_SCALE=1 "$top/tests/run" --timeout 1 "$tmp/pass" "$tmp/fail" "$tmp/skip" \
	"$tmp/slow" "$tmp/missing")
rc=$?
bad=0
expect() {
	echo "$out" | grep -qE "$1" || { echo "no line matching '$1' in:"; echo "$out"; bad=1; }
}
expect '^PASS .*/pass \('
expect '^FAIL .*/fail \(.*\): exit 3$'
expect '^    \| broken$'
expect '^SKIP .*/skip \(.*\): no such thing$'
expect '^FAIL .*/slow \(.*\): timed out after 1s$'
expect '^FAIL .*/missing \(.*\): exit 1$'
expect 'missing or not executable'
expect '^# results: 1 passed, 3 failed, 1 skipped$'
[ "$rc" = 1 ] || { echo "tests/run exited $rc with failures, want 1"; bad=1; }

"$top/tests/run" "$tmp/pass" "$tmp/skip" >/dev/null
rc=$?
[ "$rc" = 0 ] || { echo "tests/run exited $rc with no failure, want 0"; bad=1; }

# Scale 3: a 1 s timeout becomes 3 s, long enough for "scaled", not "slow".
out=$(TEST_TIMEOUT_SCALE=3 "$top/tests/run" --timeout 1 "$tmp/scaled" "$tmp/slow")
expect '^FAIL .*/scaled \(.*\): exit 5$'
expect '^    \| scale 3$'
expect '^FAIL .*/slow \(.*\): timed out after 3s$'
# Own timeouts: 4 s lets "own-long" finish past the 1 s default; 1 s
# (scaled to 2) stops "own-short" whatever the default.
out=$(TEST_TIMEOUT_SCALE=1 "$top/tests/run" --timeout 1 "$tmp/own-long")
expect '^PASS .*/own-long \('
out=$(TEST_TIMEOUT_SCALE=2 "$top/tests/run" --timeout 100 "$tmp/own-short")
expect '^FAIL .*/own-short \(.*\): timed out after 2s$'
for s in 0 x -1 1.5; do
	TEST_TIMEOUT_SCALE=$s "$top/tests/run" "$tmp/pass" >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || { echo "TEST_TIMEOUT_SCALE='$s': tests/run exited $rc, want 2"; bad=1; }
done
exit $bad
