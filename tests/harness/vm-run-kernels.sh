#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: vm/run boots each of Debian's kernels: `uname -r` in the
# guest prints the release that scripts/kernel-fetch resolved for it, 6.1
# and 6.12 from their series, latest a release newer than 6.12's.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
for k in 6.1 6.12 latest; do
	want=$(cat "$("$top/scripts/kernel-fetch" "$k")/release") || exit 1
	got=$("$top/vm/run" --kernel "$k" --no-module -- uname -r)
	if [ "$got" != "$want" ]; then
		echo "kernel $k: guest says '$got', expected '$want'"
		rc=1
	fi
	case "$k:$want" in
	latest:*)
		older=$(cat "$("$top/scripts/kernel-fetch" 6.12)/release") || exit 1
		if [ "$(printf '%s\n' "$older" "$want" | sort -V | tail -n 1)" != "$want" ] ||
		   [ "$older" = "$want" ]; then
			echo "kernel latest resolved to $want, not newer than 6.12's $older"
			rc=1
		fi
		;;
	"$k:$k".*) ;;
	*) echo "kernel $k resolved to release $want"; rc=1 ;;
	esac
done
exit $rc
