#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb trace takes what its lines show of memory from the
# module's captures, not by stopping its tracee: cat of a file, dd copying
# one-byte and 3000-byte blocks (with -s 4000), ls of a directory and sh
# running a pipe print the lines strace prints, while the syscall exits
# that stop are only those of syscalls whose memory no capture can hold
# (execve's argument arrays, clone's, the directory reads of getdents64,
# fcntl's): none of dd's hundreds of reads and writes, no read of
# a running thread's memory outside what was captured (UDB_TRACE_STATS=1
# has udb trace print these counts as it ends).
# Kernels: 6.1 latest
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

printf 'a line of the file\nand a second one\n' >"$work/file"

# stats NAME MAX-STOPPED -- FLAGS... -- COMMAND...: udb trace's counts for
# COMMAND: captures on, at most MAX-STOPPED stopped exits, no uncaptured read.
stats() {
	local name=$1 max=$2 flags=() line exits stopped uncaptured
	shift 3
	while [ "$1" != -- ]; do flags+=("$1"); shift; done
	shift
	line=$(UDB_TRACE_STATS=1 timeout $((60 * scale)) "$udb" trace "${flags[@]}" -o /dev/null \
		-- "$@" 2>&1 >/dev/null | grep '^udb: captures')
	if ! [[ "$line" =~ ^udb:\ captures\ on\;\ ([0-9]+)\ syscall\ exits,\ ([0-9]+)\ stopped\;\ ([0-9]+)\ uncaptured ]]; then
		bad "$name: no counts, or captures off: '$line'"
		return
	fi
	exits=${BASH_REMATCH[1]} stopped=${BASH_REMATCH[2]} uncaptured=${BASH_REMATCH[3]}
	echo "$name: $exits syscall exits, $stopped stopped, $uncaptured uncaptured reads"
	[ "$exits" -gt 0 ] || bad "$name: no syscall exit seen"
	[ "$stopped" -le "$max" ] || bad "$name: $stopped exits stopped (at most $max wanted)"
	[ "$uncaptured" = 0 ] || bad "$name: $uncaptured reads of memory no capture held"
}

same "cat" -- -- cat "$work/file"
same "dd 1-byte blocks" -- -- dd if="$work/file" of=/dev/null bs=1 count=30
same "dd 3000-byte blocks, -s 4000" -- -s 4000 -- \
	dd if=/dev/zero of=/dev/null bs=3000 count=3
same "sh pipe" -- -f -- sh -c "cat $work/file | cat >/dev/null"

# execve stops at its exit (its image's arguments) and before it runs.
stats "cat" 2 -- -- cat "$work/file"
stats "dd 300 reads and writes" 2 -- -- dd if=/dev/zero of=/dev/null bs=1 count=300
# ls: getdents64 (not captured) stops, and a few fcntl and futex calls may.
stats "ls" 8 -- -- ls /
stats "sh pipe, -f" 12 -- -f -- sh -c "cat $work/file | cat >/dev/null"
exit $fail
