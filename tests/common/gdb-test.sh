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
