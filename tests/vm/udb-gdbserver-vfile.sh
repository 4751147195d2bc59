#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 300
# Description: gdb's host file I/O through udb gdbserver (vFile packets).
# "remote put" of a 100 KiB file holding every byte value (the protocol's
# '#', '$', '}' and '*' among them, more than one packet) gives the same
# bytes on the target, "remote get" brings them back, "remote delete"
# removes the file; a get of a missing file and a put into a missing
# directory fail with gdb's "Remote I/O error: No such file or
# directory". Then gdb with no program of its own and the default sysroot
# ("target:") reads the program and its shared libraries from the target
# through the server ("Reading ... from remote target..."), stops at a
# breakpoint by the program's symbols and lists libc with its symbols read.
# Last, a raw client (tests/common/gdb-vfile-conn.py) against "udb
# gdbserver --multi": a file it opened is not inherited by the program
# vRun starts, and is closed when the connection ends (its fd unknown to
# the next connection).
# The raw packets' answers and errors are in udb-gdbserver-protocol.sh.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

# Every byte value, 400 times: 102400 bytes.
for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >"$work/pattern"
for _ in $(seq 400); do cat "$work/pattern"; done >"$work/local"
[ "$(stat -c %s "$work/local")" = 102400 ] || bad "the local file is not 102400 bytes"
for c in '#' '$' '}' '*'; do
	grep -qF -- "$c" "$work/local" || bad "the local file lacks '$c'"
done

out=$work/transfer.out
gdb_pipe "$out" calls \
	"remote put $work/local $work/remote" \
	"shell cmp $work/local $work/remote && echo put-same" \
	"remote get $work/remote $work/back" \
	"shell cmp $work/local $work/back && echo get-same" \
	"remote delete $work/remote" \
	"shell test -e $work/remote || echo deleted" \
	'echo ==get-missing\n' \
	"remote get $work/remote $work/missing" \
	'echo ==put-nodir\n' \
	"remote put $work/local $work/nodir/remote" \
	'echo ==end\n' \
	kill || bad "gdb exited $?"
expect "$out" '^put-same$' "remote put: the target's file has the same bytes"
expect "$out" '^get-same$' "remote get: the same bytes back"
expect "$out" '^deleted$' "remote delete"
sed -n '/^==get-missing$/,/^==put-nodir$/p' "$out" >"$work/get-missing"
expect "$work/get-missing" '^Remote I/O error: No such file or directory$' "get of a missing file"
[ -e "$work/missing" ] && bad "a failed get left a local file"
sed -n '/^==put-nodir$/,/^==end$/p' "$out" >"$work/put-nodir"
expect "$work/put-nodir" '^Remote I/O error: No such file or directory$' "put into a missing directory"
[ $fail = 0 ] || cat "$out"

# gdb without the program: everything from the target, through vFile.
out=$work/target.out
timeout $((120 * scale)) gdb -batch -nx -ex 'set confirm off' -ex 'set remotetimeout 60' \
	-ex 'show sysroot' -ex "target remote | $udb gdbserver - $prog calls" \
	-ex 'break add_scaled' -ex continue -ex 'info sharedlibrary' -ex kill >"$out" 2>&1 ||
	bad "gdb (no local program) exited $?"
expect "$out" '^The current system root is "target:"\.$' "the default sysroot"
expect "$out" "^Reading $prog from remote target\.\.\.$" "the program read from the target"
expect "$out" '^Reading /.*/libc\.so\.6 from remote target\.\.\.$' "libc read from the target"
expect "$out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "the breakpoint by the program's symbols"
expect "$out" '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes( \(\*\))? +target:/.*/libc\.so\.6$' "libc listed with its symbols"
grep -q 'does not support file transfer' "$out" && bad "gdb fell back to its own filesystem"
[ $fail = 0 ] || cat "$out"

if ! command -v python3 >/dev/null; then
	echo "python3 is not installed: the connection's files are not checked"
elif [ ! -e /proc/net/tcp ]; then
	echo "no TCP/IP in this kernel: the connection's files are not checked"
elif start_server "$work/srv" --multi 127.0.0.1:0; then
	echo held >"$work/held"
	timeout $((120 * scale)) python3 "$top/tests/common/gdb-vfile-conn.py" "$port" "$srv" \
		"$prog" "$work/held" >"$work/conn" 2>&1 || { bad "the connection's files"; cat "$work/conn"; }
	wait_server
	rc=$?
	[ $rc = 0 ] || bad "the --multi server exited $rc after monitor exit"
fi
exit $fail
