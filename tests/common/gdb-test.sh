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
