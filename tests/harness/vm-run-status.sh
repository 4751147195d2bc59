#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: vm/run exits with the guest command's exit status and
# passes its output and arguments through unchanged.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
"$top/vm/run" -- false
[ $? = 1 ] || { echo "vm/run -- false did not exit 1"; rc=1; }
out=$("$top/vm/run" -- sh -c 'printf "%s|" "$@"; exit 3' sh 'a b' '' "c'd")
st=$?
[ $st = 3 ] || { echo "vm/run -- sh -c 'exit 3' exited $st"; rc=1; }
[ "$out" = "a b||c'd|" ] || { echo "arguments arrived as '$out'"; rc=1; }
exit $rc
