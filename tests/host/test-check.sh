#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: tests/check refuses what it does not understand before it
# runs anything: an unknown option, a --jobs that is missing or no
# positive integer, a --pkg-kernels without its list, each with exit
# status 2 and a message naming it. Run
# on a stand-in tree (two host tests, one failing with 20 lines of
# output), it ends with the failures again, after the passing test: the
# failing test's line and its first 15 lines, then the summary; a run
# without failures has no such part. A failing test whose output says
# "FAIL reason" after 30 lines of other output is recapped from that line
# on: the reason and what follows it, not the lines before.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bad=0
refuse() {
	local want=$1 out rc
	shift
	out=$("$top/tests/check" "$@" 2>&1)
	rc=$?
	[ "$rc" = 2 ] || { echo "tests/check $*: exit $rc, want 2"; bad=1; }
	echo "$out" | grep -qF -- "$want" ||
		{ echo "tests/check $*: no '$want' in: $out"; bad=1; }
	echo "$out" | grep -q 'passed' && { echo "tests/check $*: ran tests: $out"; bad=1; }
}
refuse "unknown option '--bogus'" --bogus
refuse "--jobs wants a positive integer, not '0'" --vm-only --jobs 0 6.12
refuse "--jobs wants a positive integer, not 'x'" --jobs x
refuse "--jobs wants a positive integer, not ''" --jobs ''
refuse "--jobs needs a value" --vm-only --jobs
refuse "--pkg-kernels needs a value" --vm-only --pkg-kernels

# The failures repeated at the end, on a stand-in tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tests/host" "$work/tests/harness"
cp "$top/tests/check" "$top/tests/run" "$work/tests/"
printf '#!/bin/bash\n# Description: passes.\nexit 0\n' >"$work/tests/host/a-pass.sh"
printf '#!/bin/bash\n# Description: fails.\nfor i in $(seq 20); do echo "line $i"; done\nexit 1\n' \
	>"$work/tests/host/b-fail.sh"
printf '#!/bin/bash\n# Description: fails late.\nseq -f "trace %%g" 30\necho "FAIL c: the reason"\nseq -f "diff %%g" 5\nexit 1\n' \
	>"$work/tests/host/c-fail.sh"
chmod +x "$work/tests/host/"*.sh
out=$("$work/tests/check" --host-only 2>&1)
rc=$?
[ "$rc" != 0 ] || { echo "a failing stand-in test: tests/check exits 0"; bad=1; }
recap=$(echo "$out" | sed -n '/^# failures:$/,$p')
[ -n "$recap" ] || { echo "no '# failures:' part in: $out"; bad=1; }
echo "$recap" | grep -q '^FAIL host: tests/host/b-fail.sh' ||
	{ echo "the recap does not name the failing test: $recap"; bad=1; }
echo "$recap" | grep -q 'a-pass' && { echo "the recap names a passing test: $recap"; bad=1; }
echo "$recap" | grep -q '    | line 15$' || { echo "the recap lacks line 15: $recap"; bad=1; }
echo "$recap" | grep -q 'line 16$' && { echo "the recap has more than 15 lines: $recap"; bad=1; }
c_recap=$(echo "$recap" | sed -n '/^FAIL host: tests\/host\/c-fail.sh/,$p')
echo "$c_recap" | sed -n 2p | grep -q '^    | FAIL c: the reason$' ||
	{ echo "the recap of c-fail.sh does not start at its reason: $c_recap"; bad=1; }
echo "$c_recap" | grep -q '    | diff 5$' || { echo "the recap of c-fail.sh lacks what follows its reason: $c_recap"; bad=1; }
echo "$c_recap" | grep -q 'trace' && { echo "the recap of c-fail.sh has the lines before its reason: $c_recap"; bad=1; }
[ "$(echo "$out" | tail -n 1)" = "1 passed, 2 failed" ] ||
	{ echo "the last line is '$(echo "$out" | tail -n 1)'"; bad=1; }
rm "$work/tests/host/b-fail.sh" "$work/tests/host/c-fail.sh"
out=$("$work/tests/check" --host-only 2>&1) || { echo "a passing stand-in run fails: $out"; bad=1; }
echo "$out" | grep -q '^# failures:' && { echo "a run without failures has a recap: $out"; bad=1; }
exit $bad
