# SPDX-License-Identifier: GPL-2.0
# Shared by the udb test scripts (sourced, not run): the paths, a scratch
# directory, the processes to kill at the end, and the checks.
#
#   top, udb, work      the source tree, the udb binary, a scratch directory
#   pids                processes started by the test: killed at exit
#   fail, bad MSG       bad records a failure; a test ends with "exit $fail"
#   wait_asleep PID     waits until PID sleeps in (clock_)nanosleep
#   expect F RE WHAT    the file F has a line matching the regex RE

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
udb=$top/build/udb/udb
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
wait_asleep() {
	local nr
	for _ in $(seq 100); do
		read -r nr _ <"/proc/$1/syscall" 2>/dev/null
		[ "$nr" = 230 ] || [ "$nr" = 35 ] && return 0
		sleep 0.1
	done
	echo "process $1 never went to sleep"
	return 1
}
expect() {
	grep -qE -- "$2" "$1" || { bad "$3: no line matching '$2' in:"; cat "$1"; }
}
