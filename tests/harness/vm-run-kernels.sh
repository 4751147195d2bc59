#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: vm/run boots each of Debian's kernels: `uname -r` in the
# guest prints the release that scripts/kernel-fetch resolved for it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
for k in 6.1 6.12; do
	want=$(cat "$("$top/scripts/kernel-fetch" "$k")/release") || exit 1
	got=$("$top/vm/run" --kernel "$k" --no-module -- uname -r)
	if [ "$got" != "$want" ]; then
		echo "kernel $k: guest says '$got', expected '$want'"
		rc=1
	fi
	case "$want" in
	"$k".*) ;;
	*) echo "kernel $k resolved to release $want"; rc=1 ;;
	esac
done
exit $rc
