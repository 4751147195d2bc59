#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 400
# Description: udb trace -e inject= and -e fault= tamper with syscalls as
# strace does, and print the same lines ("(INJECTED)"), with strace as the
# oracle: error= by name and by number, retval= (a success that never ran:
# the directory is not made), fault='s ENOSYS, when= (N, N+, N+STEP,
# N..M), counting per syscall and per process (-f: each child counts its
# own), sets by class and regex, only syscalls that -e trace= shows are
# tampered with, the program sees the errors and exits as under strace; bad specifications and the
# options udb lacks (signal=, delay_enter=, ...) are refused with exit 2.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

d=$work/dirs
mkdir "$d"
# run NAME FLAGS... -- COMMAND: under strace and under udb trace, the same
# lines (normalized as strace-oracle's norm), the same exit status of the
# program and the same directories left in $d.
run() {
	local name=$1 flags=() src urc sdirs udirs
	shift
	while [ "$1" != -- ]; do flags+=("$1"); shift; done
	shift
	rm -rf "${d:?}"/*
	timeout $((60 * scale)) strace -o "$work/s" "${flags[@]}" -- "$@" >/dev/null 2>&1
	src=$?
	sdirs=$(ls "$d" | tr '\n' ' ')
	rm -rf "${d:?}"/*
	timeout $((60 * scale)) "$udb" trace -o "$work/u" "${flags[@]}" -- "$@" >/dev/null 2>&1
	urc=$?
	udirs=$(ls "$d" | tr '\n' ' ')
	norm "$work/s" | sed -E 's/<[0-9.]+>$/<TIME>/' >"$work/s.n"
	norm "$work/u" | sed -E 's/<[0-9.]+>$/<TIME>/' >"$work/u.n"
	if ! grep -q INJECTED "$work/s.n"; then
		bad "$name: strace injected nothing"
	elif ! diff -u "$work/s.n" "$work/u.n" >"$work/diff"; then
		bad "$name: udb's lines differ from strace's (- strace, + udb):"
		head -n 20 "$work/diff"
	else
		echo "ok $name: $(wc -l <"$work/s.n") lines as strace's"
	fi
	[ "$src" = "$urc" ] || bad "$name: udb's program exits $urc, strace's $src"
	[ "$sdirs" = "$udirs" ] || bad "$name: directories made: '$udirs', under strace '$sdirs'"
}
run "error=EPERM" -e trace=mkdir -e inject=mkdir:error=EPERM -- mkdir "$d/a"
run "error=13" -e trace=mkdir -e inject=mkdir:error=13 -- mkdir "$d/a"
run "retval=0" -e trace=mkdir -e inject=mkdir:retval=0 -- mkdir "$d/a"
run "retval=-1" -e trace=mkdir -e inject=mkdir:retval=-1 -- mkdir "$d/a"
run "retval=5" -e trace=mkdir -e inject=mkdir:retval=5 -- mkdir "$d/a"
run "retval=0x10" -e trace=mkdir -e inject=mkdir:retval=0x10 -- mkdir "$d/a"
run "retval=-5000" -e trace=mkdir -e inject=mkdir:retval=-5000 -- mkdir "$d/a"
run "chdir retval=0" -e trace=chdir -e inject=chdir:retval=0 -- sh -c 'cd /nonexistent && echo in'
run "-T" -T -e trace=mkdir -e inject=mkdir:error=EPERM -- mkdir "$d/a"
run "fault=" -e trace=mkdir -e fault=mkdir -- mkdir "$d/a"
run "fault= error=" -e trace=mkdir -e fault=mkdir:error=EEXIST -- mkdir "$d/a"
run "when=2" -e trace=mkdir -e inject=mkdir:error=EACCES:when=2 -- mkdir "$d/a" "$d/b" "$d/c" "$d/e"
run "when=2+" -e trace=mkdir -e inject=mkdir:error=EACCES:when=2+ -- mkdir "$d/a" "$d/b" "$d/c" "$d/e"
run "when=1+2" -e trace=mkdir -e inject=mkdir:error=EACCES:when=1+2 -- mkdir "$d/a" "$d/b" "$d/c" "$d/e"
run "when=2..3" -e trace=mkdir -e inject=mkdir:error=EACCES:when=2..3 -- mkdir "$d/a" "$d/b" "$d/c" "$d/e"
run "when=1..3+2" -e trace=mkdir -e inject=mkdir:error=EACCES:when=1..3+2 -- mkdir "$d/a" "$d/b" "$d/c" "$d/e"
run "two rules" -f -e trace=mkdir,rmdir -e inject=mkdir:error=EPERM:when=2 -e inject=rmdir:error=EBUSY -- \
	sh -c "mkdir $d/a $d/b; rmdir $d/a"
run "later rule wins" -e trace=mkdir -e inject=mkdir:error=EPERM -e inject=mkdir:error=EROFS:when=2 -- \
	mkdir "$d/a" "$d/b"
run "regex set" -e trace=openat -e 'inject=/^open:error=ENOENT:when=2' -- cat /etc/hostname
run "class set" -e trace=mkdir -e 'inject=%file:error=ENOENT' -- mkdir "$d/a"
run "getppid retval=42" -e trace=getppid -e inject=getppid:retval=42 -- sh -c 'echo $PPID'
# -f: each process counts its own; the shell's second child is again a first.
run "-f counts per process" -f -e trace=mkdir -e inject=mkdir:error=EPERM:when=2 -- \
	sh -c "mkdir $d/a $d/b; mkdir $d/c $d/e"

# As strace, only traced syscalls are tampered with: mkdir left out of
# trace= runs untouched.
rm -rf "${d:?}"/*
out=$("$udb" trace -e trace=openat -o "$work/hidden" -e inject=mkdir:error=EROFS -- mkdir "$d/a" 2>&1)
rc=$?
rm -rf "${d:?}"/*
strace -e trace=openat -o /dev/null -e inject=mkdir:error=EROFS -- mkdir "$d/a" 2>/dev/null
src=$?
[ $rc = 0 ] && [ $src = 0 ] && [ -d "$d/a" ] && ! grep -q '^mkdir' "$work/hidden" &&
	echo "ok a syscall left out of trace= is not injected into, as under strace" ||
	bad "inject outside trace=: exit $rc (strace's $src), output '$out', trace: $(cat "$work/hidden")"

# Bad specifications: refused before anything runs.
for spec in 'inject=mkdir' 'inject=mkdir:error=EBOGUS' 'inject=mkdir:error=0' \
	'inject=mkdir:error=4096' 'inject=mkdir:error=EPERM:retval=0' 'inject=mkdir:when=0:error=EPERM' \
	'inject=mkdir:error=EPERM:when=65536' 'inject=mkdir:error=EPERM:when=2..1' \
	'inject=mkdir:error=EPERM:when=1+65535' 'inject=mkdir:error=EPERM:when=x' \
	'inject=mkdir:retval=abc' 'inject=nosuchcall:error=EPERM' 'fault=mkdir:retval=1' \
	'inject=mkdir:error=EPERM:bogus=1'; do
	rm -rf "$d"/*
	msg=$("$udb" trace -e "$spec" -- mkdir "$d/a" 2>&1)
	rc=$?
	if [ $rc != 2 ] || [ -e "$d/a" ] || [ -z "$msg" ]; then
		bad "-e $spec: exit $rc (want 2), '$msg'"
	else
		echo "ok -e $spec refused: $msg"
	fi
done
for opt in signal=SIGUSR1 syscall=getpid delay_enter=10 delay_exit=10 poke_enter=@arg1=00 \
	poke_exit=@arg1=00; do
	msg=$("$udb" trace -e "inject=mkdir:error=EPERM:$opt" -- true 2>&1)
	rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "not supported" &&
		echo "ok inject $opt: $msg" || bad "inject $opt: exit $rc, '$msg'"
done
# The long forms.
rm -rf "$d"/*
"$udb" trace -qq -o /dev/null --inject=mkdir:error=EPERM -- mkdir "$d/a" 2>/dev/null
[ $? = 1 ] && [ ! -e "$d/a" ] && echo "ok --inject=" || bad "--inject= did not inject"
"$udb" trace -qq -o /dev/null --fault=mkdir -- mkdir "$d/a" 2>/dev/null
[ $? = 1 ] && [ ! -e "$d/a" ] && echo "ok --fault=" || bad "--fault= did not inject"
exit $fail
