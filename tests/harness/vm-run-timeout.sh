#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: a guest that does not finish is killed at --timeout with a
# clear message and exit status 124, and leaves no qemu behind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
start=$(date +%s)
out=$("$top/vm/run" --timeout 10 --no-module -- sleep 1000 2>&1)
st=$?
took=$(($(date +%s) - start))
[ $st = 124 ] || { echo "exit $st, expected 124"; echo "$out"; exit 1; }
echo "$out" | grep -q 'did not finish within 10s' || { echo "no timeout message: $out"; exit 1; }
[ $took -lt 45 ] || { echo "took ${took}s to give up"; exit 1; }
exit 0
