#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb's command line without the module: --help names every
# subcommand, --version answers, and every mistake (unknown command or
# option, malformed pid, address or length, bad -e list (trace=, verbose=,
# inject=, fault=)
# or descriptor set, -u misused, missing program, no module loaded) gives
# one "udb: " line on stderr (and for a missing module, indented lines of
# what to do: tests/host/udb-no-module.sh) and the documented exit status
# (2 for usage, 1 for errors, 127 for a missing COMMAND), with nothing on
# stdout; the error paths run clean under valgrind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
udb=$top/build/udb/udb
[ -x "$udb" ] || { echo "udb is not built"; exit 1; }
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect STATUS STDERR-PATTERN -- ARGS...: exit status, one stderr line matching.
expect() {
	local want=$1 pattern=$2 rc lines
	shift 3
	"$udb" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	lines=$(wc -l <"$err")
	if [ "$rc" != "$want" ]; then
		echo "FAIL udb $*: exit $rc, want $want"; cat "$err"; fail=1
	elif [ -n "$pattern" ] && ! head -n 1 "$err" | grep -Eq "^udb: $pattern"; then
		echo "FAIL udb $*: stderr does not match 'udb: $pattern':"; cat "$err"; fail=1
	elif [ -n "$pattern" ] && [ "$want" != 2 ] && [ "$lines" != 1 ] &&
	     tail -n +2 "$err" | grep -qv '^  '; then
		echo "FAIL udb $*: $lines lines on stderr, want one:"; cat "$err"; fail=1
	elif [ -n "$pattern" ] && [ -s "$out" ]; then
		echo "FAIL udb $*: an error wrote to stdout:"; cat "$out"; fail=1
	fi
}

"$udb" --help >"$out" 2>"$err" || { echo "FAIL --help exits $?"; fail=1; }
for cmd in trace maps env mem regs exe tasks; do
	grep -q "udb $cmd" "$out" || { echo "FAIL --help does not show 'udb $cmd'"; fail=1; }
done
"$udb" --version >"$out" || { echo "FAIL --version exits $?"; fail=1; }
grep -Eq '^udb [0-9]+\.[0-9]+\.[0-9]+ ' "$out" || { echo "FAIL --version: $(cat "$out")"; fail=1; }

expect 2 "unknown command 'frobnicate'" -- frobnicate
expect 2 "unknown option '--frob'" -- --frob
expect 2 "'abc' is not a process id" -- maps abc
expect 2 "'0' is not a process id" -- env 0
expect 2 "'-5' is not a process id" -- exe -5
expect 2 "usage: udb tasks PID" -- tasks
expect 2 "usage: udb maps PID" -- maps 1 2
expect 2 "usage: udb mem" -- mem 1 0x1000
expect 2 "'zz' is not an address" -- mem 1 zz 16
expect 2 "'-1' is not a length" -- mem 1 0x1000 -1
expect 2 "usage: udb regs" -- regs
expect 2 "nothing to trace" -- trace
expect 2 "give -p PID or a COMMAND, not both" -- trace -p 1 -- /bin/true
expect 2 "invalid system call 'nosuchcall'" -- trace -e trace=openat,nosuchcall -- /bin/true
expect 2 "option -o needs an argument" -- trace -o
expect 2 "invalid system call 'nosuchcall'" -- trace -e verbose=fstat,nosuchcall -- /bin/true
expect 2 "invalid system call '%bogus'" -- trace -e 'v=!%bogus' -k -- /bin/true
expect 2 "invalid regular expression" -- trace -k -e 'verbose=/(' -- /bin/true
expect 2 "invalid inject argument 'mkdir'" -- trace -e inject=mkdir -- /bin/true
expect 2 "invalid inject argument 'mkdir:error=EPERM:retval=1'" -- \
	trace -e inject=mkdir:error=EPERM:retval=1 -- /bin/true
expect 2 "invalid inject argument 'mkdir:error=EPERM:when=1\.\.'" -- \
	trace --inject=mkdir:error=EPERM:when=1.. -- /bin/true
expect 2 "invalid fault argument 'mkdir:retval=0'" -- trace -e fault=mkdir:retval=0 -- /bin/true
expect 2 "invalid system call 'nosuchcall'" -- trace --fault=nosuchcall -- /bin/true
expect 2 "-e inject=...:signal= is not supported" -- trace -e inject=mkdir:signal=USR1 -- /bin/true
expect 2 "option --inject needs an argument" -- trace --inject
expect 2 "unknown option '-j'" -- trace -j -- /bin/true
expect 2 "invalid descriptor 'x'" -- trace -e read=3,x -- /bin/true
expect 2 "invalid descriptor '!'" -- trace -e 'write=!' -- /bin/true
expect 2 "option --write needs a set of descriptors" -- trace --write
expect 2 "-u applies to a COMMAND only" -- trace -u nobody -p 1
if [ "$(id -u)" = 0 ]; then
	expect 2 "Cannot find user 'udb-no-such-user'" -- trace -u udb-no-such-user -- /bin/true
elif id nobody >/dev/null 2>&1; then
	expect 2 "You must be root to use the -u/--user option" -- trace -u nobody -- /bin/true
fi
expect 2 "-p takes one process id" -- -p
expect 127 "cannot run 'udb-no-such-program': No such file or directory" -- trace -- udb-no-such-program

# Without the module (always so on the host), one clear line and status 1.
if [ ! -e /proc/utrace/control ]; then
	for args in "maps $$" "env $$" "exe $$" "tasks $$" "mem $$ 0x1000 16" "regs $$" \
		"trace -p $$" "trace -- /bin/true" "-p $$"; do
		# shellcheck disable=SC2086
		expect 1 "cannot use utracer: .*is utracer.ko loaded\?" -- $args
	done
fi

# The error paths leak nothing and touch no invalid memory.
if command -v valgrind >/dev/null; then
	for args in "frobnicate" "maps abc" "trace -e trace=bogus -- /bin/true" \
		"mem 1 0x1000 -1" "trace -- udb-no-such-program" "maps $$" "trace -- /bin/true"; do
		# shellcheck disable=SC2086
		if ! valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
			"$udb" $args >/dev/null 2>"$err"; then
			:
		fi
		if grep -q '^==[0-9]*==' "$err"; then
			echo "FAIL valgrind reports for udb $args:"; cat "$err"; fail=1
		fi
	done
fi

# The man page renders without warnings.
if command -v man >/dev/null && command -v groff >/dev/null; then
	warn=$(MANWIDTH=80 man --warnings=w -l "$top/man/udb.1" 2>&1 >/dev/null)
	[ -z "$warn" ] || { echo "FAIL man/udb.1: $warn"; fail=1; }
fi
exit $fail
