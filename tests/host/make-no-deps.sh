#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: UTRACER_NO_DEPS=1 (what debian/rules sets) keeps every build
# target from running scripts/deps, even when the deps stamp is out of
# date; without it, an out-of-date stamp runs scripts/deps first.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
for t in lib udb install install-dkms; do
	# -n: print, run nothing; -W: take scripts/deps as just changed.
	make -n -W "$top/scripts/deps" -C "$top" $t UTRACER_NO_DEPS=1 2>&1 | grep -q 'scripts/deps' &&
		{ echo "FAIL: make $t with UTRACER_NO_DEPS=1 runs scripts/deps"; fail=1; }
done
make -n -W "$top/scripts/deps" -C "$top" lib 2>&1 | grep -q 'scripts/deps' ||
	{ echo "FAIL: make lib with an out-of-date stamp does not run scripts/deps"; fail=1; }
grep -q '^export UTRACER_NO_DEPS = 1' "$top/debian/rules" || { echo "FAIL: debian/rules does not set UTRACER_NO_DEPS"; fail=1; }
exit $fail
