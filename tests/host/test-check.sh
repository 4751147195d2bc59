#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: tests/check refuses what it does not understand before it
# runs anything: an unknown option, and a --jobs that is missing or no
# positive integer, each with exit status 2 and a message naming it.
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
exit $bad
