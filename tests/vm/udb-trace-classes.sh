#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 240
# Description: udb trace -e trace= takes strace's sets: %file, %desc,
# %process, %network, %signal, %memory, %ipc, %creds and a
# regular expression (/...): for each, the syscalls shown for
# `sh -c 'ls / >/dev/null; id >/dev/null'` under -f are the ones strace
# shows, in the same order (names only: decoding is compared elsewhere).
# An unknown class, a bad regex and a regex that matches nothing are
# refused with exit 2.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"

# "name(" per line, each process's lines in order, the processes one after
# the other (by pid: the order they were created), so that how two
# processes' lines interleave does not count.
names() {
	sed -E 's/^\[pid +([0-9]+)\] /\1 /' "$1" | awk '/^[0-9]+ / { print; next } { print "0 " $0 }' |
		sort -s -n -k1,1 | sed -E 's/^[0-9]+ +//' | grep -oE '^[a-z_0-9]+\(' |
		grep -v '^rt_sigreturn(' || :
}
for set in %file %desc %process %network %signal %memory %ipc %creds \
	'/^(open|close)' 'fstat,%creds'; do
	strace -f -qq -e "trace=$set" -o "$work/s" -- sh -c 'ls / >/dev/null; id >/dev/null' ||
		bad "strace -e trace=$set exited $?"
	timeout $((60 * scale)) "$udb" trace -f -e "trace=$set" -o "$work/u" -- \
		sh -c 'ls / >/dev/null; id >/dev/null' || bad "udb -e trace=$set exited $?"
	names "$work/s" >"$work/s.n"
	[ -s "$work/s.n" ] || [ "$set" = %network ] || [ "$set" = %ipc ] ||
		bad "-e trace=$set: strace showed no syscall"
	names "$work/u" >"$work/u.n"
	if ! diff -u "$work/s.n" "$work/u.n" >"$work/d"; then
		bad "-e trace=$set: udb and strace show different syscalls (- strace, + udb):"
		head -n 20 "$work/d"
	else
		echo "ok -e trace=$set: $(wc -l <"$work/s.n") syscalls, as strace"
	fi
done
for bad_set in %nosuch '/(' '/^nosuchcall$'; do
	"$udb" trace -e "trace=$bad_set" -- true 2>"$work/err"
	rc=$?
	[ $rc = 2 ] && [ -s "$work/err" ] || bad "-e trace=$bad_set: exit $rc, message '$(cat "$work/err")'"
done
exit $fail
