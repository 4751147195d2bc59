#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 300
# Kernels: 6.12 debug
# Description: gdb learns the shared libraries through udb gdbserver's
# qXfer:libraries-svr4:read. The server offers the packet (gdb shows it
# enabled), gdb reads the list with it at a breakpoint (the reply names
# libc and the dynamic linker), and `info sharedlibrary` there is exactly
# what gdb finds in the same session when it walks the dynamic linker's
# list itself through memory reads (the packet switched off, the list
# dropped and read again), libc's text range included. A static program
# (gdb asks for no list) still stops at its breakpoint, with no library
# loaded.
# The list before the dynamic linker ran and the error replies are in
# udb-gdbserver-protocol.sh; the document's layouts (i386 too) in the host
# test gdbserver-svr4.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

# The loaded objects (rows with an address range) that `info sharedlibrary`
# shows after the marker line $2 (up to a blank line or the next marker), sorted: gdb lists them in the order it
# learned of them, which differs when it rereads the list from scratch. (A
# row without addresses, the vDSO that gdb found through the auxiliary
# vector, comes and goes with how gdb read the list: it is not a file.)
libs() {
	awk -v m="$2" '$0 == m { on = 1; next } on && ($0 == "" || /^==/) { on = 0 } on' "$1" |
		grep -E '^0x[0-9a-f]+ +0x[0-9a-f]+ ' | sort
}

# One session: the list read with the packet at the breakpoint, then read
# again by gdb itself through memory (packet off, the list dropped and reread).
out=$work/svr4.out
gdb_pipe "$out" calls 'show remote library-info-svr4-packet' 'set debug remote 1' \
	'break add_scaled' continue 'set debug remote 0' 'echo ==with==\n' 'info sharedlibrary' \
	'set remote library-info-svr4-packet off' nosharedlibrary sharedlibrary \
	'echo ==without==\n' 'info sharedlibrary' 'delete' continue ||
	bad "gdb exited $?"
expect "$out" 'qXfer:libraries-svr4:read. packet is auto-detected, currently enabled' \
	"the packet offered"
expect "$out" 'Packet received: l<library-list-svr4 version="1.0" main-lm="0x[0-9a-f]+">' \
	"a list read with it"
expect "$out" '<library name="[^"]*/libc\.so\.6" lm="0x[0-9a-f]+" l_addr="0x[0-9a-f]+" l_ld="0x[0-9a-f]+" lmid="0x0"/>' \
	"libc in the list"
grep -q 'while parsing target library list' "$out" && bad "gdb could not parse the list"
expect "$out" '^Breakpoint 1, add_scaled' "the breakpoint"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "the exit"
libs "$out" ==with== >"$work/with" || bad "no shared library listed with the packet"
libs "$out" ==without== >"$work/without" || bad "no shared library listed by gdb's own reading"
grep -q '^0x.*/libc\.so\.6$' "$work/with" || bad "libc not among the shared libraries"
grep -q '^0x.*/ld-linux-x86-64\.so\.2$' "$work/with" || bad "the dynamic linker not among them"
cmp -s "$work/with" "$work/without" ||
	{ bad "the libraries differ from gdb's own reading"; diff "$work/with" "$work/without"; }
[ $fail = 0 ] || { grep -v '^\[remote\]' "$out"; cat "$work/with"; }
failed=$fail

# A static program: gdb asks for no list and goes on without libraries.
fail=0
if cc -g -O0 -static -pthread -o "$work/static" "$top/tests/progs/gdb-target.c" 2>/dev/null; then
	out3=$work/static.out
	timeout $((120 * scale)) gdb -batch -nx "$work/static" -ex 'set confirm off' \
		-ex 'set remotetimeout 60' -ex "target remote | $udb gdbserver - $work/static calls" \
		-ex 'break add_scaled' -ex continue -ex 'info sharedlibrary' -ex delete -ex continue \
		>"$out3" 2>&1 || bad "static: gdb exited $?"
	# (gdb still shows the vDSO it found through the auxiliary vector, unread.)
	grep -qE '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes' "$out3" && bad "static: a library was loaded"
	expect "$out3" '^Breakpoint 1, add_scaled' "static: the breakpoint"
	expect "$out3" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "static: the exit"
	[ $fail = 0 ] || cat "$out3"
else
	echo "cannot link a static program (no libc.a): its case is skipped"
fi
exit $((failed | fail))
