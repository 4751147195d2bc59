#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb runs clean under valgrind against the real module: no
# invalid access, no use of undefined memory, no leak, for a trace of
# /bin/true and for the maps inspector.
set -u
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
vg trace -o /dev/null -- /bin/true
sleep 1000 &
sl=$!
pids+=("$sl")
disown "$sl"
sleep 0.5
vg maps "$sl"
exit $fail
