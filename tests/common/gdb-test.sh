# SPDX-License-Identifier: GPL-2.0
# Shared by the udb gdbserver tests (sourced after udb-test.sh): gdb in
# batch mode against udb gdbserver.
#
#   prog                  build/tests/progs/gdb-target
#   gdb_pipe OUT MODE ARGS...
#                         gdb -batch on prog through "target remote | udb
#                         gdbserver - prog MODE", the gdb commands ARGS
#                         (each one -ex), its output in OUT; returns gdb's status

command -v gdb >/dev/null || { echo "gdb is not installed"; exit 77; }
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
prog=$top/build/tests/progs/gdb-target
[ -x "$prog" ] || { echo "$prog is missing (make test-progs)"; exit 1; }

gdb_pipe() {
	local out=$1 mode=$2 ex=()
	shift 2
	for c in "$@"; do ex+=(-ex "$c"); done
	timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' -ex 'set remotetimeout 60' \
		-ex "target remote | $udb gdbserver - $prog $mode" "${ex[@]}" >"$out" 2>&1
}
# need_tcp: skip (77) on a kernel without TCP/IP (the debug kernel's build
# leaves INET out), where "udb gdbserver HOST:PORT" cannot listen.
need_tcp() {
	[ -e /proc/net/tcp ] && return 0
	echo "this kernel has no TCP/IP (no /proc/net/tcp): the server cannot listen"
	exit 77
}
# start_server LOG ARGS...: udb gdbserver in the background, listening on
# TCP; sets srv and port (killed at exit).
start_server() {
	local log=$1
	shift
	"$udb" gdbserver "$@" 2>"$log" &
	srv=$!
	pids+=("$srv")
	wait_line "$log" '^Listening on port [0-9]+$' || { bad "no 'Listening on port' in $log"; cat "$log"; return 1; }
	port=$(sed -nE 's/^Listening on port ([0-9]+)$/\1/p' "$log")
}
# wait_server [SECONDS]: the server's exit status once it has ended; 124
# when it has not ended within SECONDS (default 60, scaled), after killing
# it: a server that does not end is a failure, not a test that hangs.
wait_server() {
	local st
	for _ in $(seq $((${1:-60} * 10 * scale))); do
		st=$(sed -n 's/^State:\t\(.\).*/\1/p' "/proc/$srv/status" 2>/dev/null)
		[ -z "$st" ] || [ "$st" = Z ] && break
		sleep 0.1
	done
	if [ -n "$st" ] && [ "$st" != Z ]; then
		kill -9 "$srv" 2>/dev/null
		wait "$srv" 2>/dev/null
		return 124
	fi
	wait "$srv"
}
# gdb_tcp OUT COMMAND...: gdb in batch mode running the commands (the
# connection among them), its output in OUT.
gdb_tcp() {
	local out=$1 ex=()
	shift
	for c in "$@"; do ex+=(-ex "$c"); done
	timeout $((120 * scale)) gdb -batch -nx "$prog" -ex 'set confirm off' -ex 'set remotetimeout 60' "${ex[@]}" >"$out" 2>&1
}
