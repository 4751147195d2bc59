# SPDX-License-Identifier: GPL-2.0
# Shared by the udb test scripts (sourced, not run): the paths, a scratch
# directory, the processes to kill at the end, and the checks.
#
#   top, udb, work      the source tree, the udb binary, a scratch directory
#   scale               tests/run's TEST_TIMEOUT_SCALE (1 when run alone): every
#                       timeout and polling bound of a script is multiplied by it
#   pids                processes started by the test: killed at exit
#   fail, bad MSG       bad records a failure; a test ends with "exit $fail"
#   wait_asleep PID     waits until PID sleeps in (clock_)nanosleep
#   wait_line F RE      waits until the file F has a line matching RE
#   expect F RE WHAT    the file F has a line matching the regex RE
#   vg ARGS...          udb ARGS under valgrind: any finding fails the test (its
#                       output goes to the file $vg_out when set)
#
# A tracee and a debugger session driven through fifos:
#   start_tracee PROG RE ARGS...  PROG ARGS reading the fifo $work/tin (the
#                       test writes it on fd 4), its output in $work/tout;
#                       waits for a line matching RE; tpid is its pid
#   start_udb OUT ARGS...  udb ARGS reading its commands from the fifo
#                       $work/in (fd 3), its output in OUT; upid is its pid
#   say LINE...         sends command lines to that udb
#   wait_for RE         waits until udb's output has a line matching RE
#   end_udb             closes udb's input and waits for it: its status in rc

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
udb=$top/build/udb/udb
work=$(mktemp -d)
scale=${TEST_TIMEOUT_SCALE:-1}
case "$scale" in ''|*[!0-9]*|0) scale=1 ;; esac
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
	for _ in $(seq $((100 * scale))); do
		read -r nr _ <"/proc/$1/syscall" 2>/dev/null
		[ "$nr" = 230 ] || [ "$nr" = 35 ] && return 0
		sleep 0.1
	done
	echo "process $1 never went to sleep"
	return 1
}
wait_line() {
	for _ in $(seq $((100 * scale))); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# wait_count FILE RE N: waits until FILE has N lines matching RE.
wait_count() {
	for _ in $(seq $((100 * scale))); do
		[ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
expect() {
	grep -qE -- "$2" "$1" || { bad "$3: no line matching '$2' in:"; cat "$1"; }
}
start_tracee() {
	local prog=$1 ready=$2

	shift 2
	rm -f "$work/tin"
	mkfifo "$work/tin"
	"$prog" "$@" <"$work/tin" >"$work/tout" 2>&1 &
	tpid=$!
	pids+=("$tpid")
	exec 4>"$work/tin"
	wait_line "$work/tout" "$ready" || { echo "$(basename "$prog") did not start"; exit 1; }
}
start_udb() {
	udb_out=$1
	shift
	rm -f "$work/in"
	mkfifo "$work/in"
	timeout $((60 * scale)) "$udb" "$@" <"$work/in" >"$udb_out" 2>&1 &
	upid=$!
	exec 3>"$work/in"
	# A udb that died early must fail the test with its output, not kill
	# the script with SIGPIPE on the next command written to it.
	trap '' PIPE
}
say() { printf '%s\n' "$@" >&3 || bad "udb no longer reads its commands ($*)"; }
wait_for() { wait_line "$udb_out" "$1"; }
end_udb() {
	exec 3>&-
	wait "$upid"
	rc=$?
}
# vg ARGS...: udb ARGS under valgrind's memcheck; an error, a definite or
# indirect leak, or a non-zero exit fails the test (stdout is dropped, or
# written to $vg_out when set).
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$udb" "$@" >"${vg_out:-/dev/null}" \
		2>"$work/vg.log"
	local rc=$?
	# The module's argument-less ioctl (_IO) draws a warning, not an error.
	if [ $rc != 0 ] || grep -v -e 'Warning: noted but unhandled ioctl' \
		-e 'This could cause spurious value errors' -e 'README_MISSING_SYSCALL_OR_IOCTL' \
		"$work/vg.log" | grep -q '^==[0-9]*=='; then
		bad "udb $* under valgrind: exit $rc"
		head -n 40 "$work/vg.log"
	fi
}
