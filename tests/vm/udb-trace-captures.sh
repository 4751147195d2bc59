#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb trace takes what its lines show of memory from the
# module's captures, not by stopping its tracee. cat of a file, dd copying
# one-byte and 3000-byte blocks (with -s 4000) and ls -l print the lines
# strace prints (but for random bytes and pids). No syscall exit stops for
# cat, dd's hundreds of reads and writes, ls, or sh running a pipe and a
# command it looks for along PATH under -f (execve is held at its entry,
# which its line is read from, failed or not): directory listings, poll's
# array, clone's parent tid and futex's timeout are captured too, and
# fcntl reads nothing. No line reads a running thread's memory outside
# what was captured (UDB_TRACE_STATS=1 has udb trace print these counts,
# and the syscalls they come from, as it ends).
# Kernels: 6.1 latest
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

printf 'a line of the file\nand a second one\n' >"$work/file"
mkdir "$work/dir"
printf 'one\n' >"$work/dir/a"
printf 'two\n' >"$work/dir/b"

# The syscalls that must never stop: what they read, captures hold.
captured='^udb:   (read|write|openat|getdents64|clone|poll|fcntl|futex|munmap|fadvise64|newfstatat|statx|pread64|lgetxattr|getxattr|readlink|rt_sigaction|rt_sigprocmask|prlimit64|uname|getrandom|brk|mmap|close|lseek|getcwd|access|faccessat|faccessat2)(:| \(i386\))'

# stats NAME MAX-STOPPED -- FLAGS... -- COMMAND...: udb trace's counts for
# COMMAND: captures on, at most MAX-STOPPED stopped exits, none of the
# syscalls above among them, no uncaptured read.
stats() {
	local name=$1 max=$2 flags=() line exits stopped uncaptured
	shift 3
	while [ "$1" != -- ]; do flags+=("$1"); shift; done
	shift
	UDB_TRACE_STATS=1 timeout $((60 * scale)) "$udb" trace "${flags[@]}" -o /dev/null \
		-- "$@" 2>"$work/stats" >/dev/null
	line=$(grep '^udb: captures' "$work/stats")
	if ! [[ "$line" =~ ^udb:\ captures\ on\;\ ([0-9]+)\ syscall\ exits,\ ([0-9]+)\ stopped\;\ ([0-9]+)\ uncaptured ]]; then
		bad "$name: no counts, or captures off: '$line'"
		return
	fi
	exits=${BASH_REMATCH[1]} stopped=${BASH_REMATCH[2]} uncaptured=${BASH_REMATCH[3]}
	echo "$name: $exits syscall exits, $stopped stopped, $uncaptured uncaptured reads"
	[ "$exits" -gt 0 ] || bad "$name: no syscall exit seen"
	[ "$stopped" -le "$max" ] || bad "$name: $stopped exits stopped (at most $max wanted)"
	[ "$uncaptured" = 0 ] || bad "$name: $uncaptured reads of memory no capture held"
	! grep -E "$captured" "$work/stats" || bad "$name: these stopped, though captured"
	[ "$stopped" -le "$max" ] && [ "$uncaptured" = 0 ] || grep '^udb:   ' "$work/stats"
}

# Lines whose values change from run to run (same() leaves them out):
# random bytes, pids, the time, dd's speed.
varies='^(getrandom|set_tid_address|getpid|getppid|gettid|clock_gettime)\(|copied, '

same "cat" -- -- cat "$work/file"
same "dd 1-byte blocks" -- -- dd if="$work/file" of=/dev/null bs=1 count=30
same "dd 3000-byte blocks, -s 4000" -- -s 4000 -- \
	dd if=/dev/zero of=/dev/null bs=3000 count=3
same "ls -l" -- -- ls -l "$work/dir"
same "sh, a command along PATH" -- -- sh -c "PATH=/nonexistent:/usr/bin; exec true"

stats "cat" 0 -- -- cat "$work/file"
stats "dd 300 reads and writes" 0 -- -- dd if=/dev/zero of=/dev/null bs=1 count=300
stats "ls" 0 -- -- ls /
stats "sh pipe, -f" 0 -- -f -- sh -c "cat $work/file | cat >/dev/null"
stats "sh, a command along PATH, -f" 0 -- -f -- \
	sh -c "PATH=/nonexistent:/usr/bin; nonexistent-command 2>/dev/null; exec true"
exit $fail
