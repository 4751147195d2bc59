#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 300
# Description: udb gdbserver's command line without the module: --help
# names it; a missing COMM or program, a COMM that is not HOST:PORT, :PORT
# or - (gdbserver's messages for misplaced brackets of [IPV6]:PORT), an
# unknown option, an unknown --disable-packet name (gdbserver's message
# and the list of names; the option alone prints the list on stdout),
# --wrapper without its closing -- or without a wrapper, and --attach without one valid pid each give a
# "udb: gdbserver: " line on stderr and exit 2 with nothing on stdout; a
# name that does not resolve exits 1 with gdbserver's "cannot resolve
# name" before the module is needed; a well-formed command line (COMM -,
# stdio, [::1]:0) without the module exits 1 saying so. --selftest says,
# as a gdbserver built without them, that there are no unit tests. The error
# paths run clean under valgrind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
udb=$top/build/udb/udb
[ -x "$udb" ] || { echo "udb is not built"; exit 1; }
[ -e /proc/utrace/control ] && { echo "the module is loaded here: the no-module case cannot run"; exit 77; }
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

expect() {
	local want=$1 pattern=$2 rc
	shift 2
	"$udb" gdbserver "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL udb gdbserver $*: exit $rc, want $want"; cat "$err"; fail=1
	elif ! head -n 1 "$err" | grep -Eq "^udb: $pattern"; then
		echo "FAIL udb gdbserver $*: stderr does not start with 'udb: $pattern':"; cat "$err"; fail=1
	elif [ -s "$out" ]; then
		echo "FAIL udb gdbserver $*: wrote to stdout:"; cat "$out"; fail=1
	fi
	if command -v valgrind >/dev/null; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			"$udb" gdbserver "$@" >/dev/null 2>"$err" </dev/null
		rc=$?
		if [ "$rc" = 99 ] || grep -q '^==[0-9]*==' "$err"; then
			echo "FAIL udb gdbserver $* under valgrind:"; head -n 30 "$err"; fail=1
		fi
	fi
}

"$udb" --help | grep -q '^       udb gdbserver \[--once\] \[--multi\] \[--disable-packet=LIST\]$' ||
	{ echo "FAIL --help does not show udb gdbserver"; fail=1; }
expect 2 'gdbserver: COMM and a program'
expect 2 'gdbserver: COMM and a program' :1234
expect 2 "gdbserver: 'nocolon' is not HOST:PORT" nocolon /bin/true
expect 2 "gdbserver: 'host:' is not HOST:PORT" host: /bin/true
expect 2 "gdbserver: Missing close bracket in hostname '\\[::1:1'" '[::1:1' /bin/true
expect 2 "gdbserver: Invalid cruft after close bracket in hostname '\\[::1\\]x:1'" '[::1]x:1' /bin/true
expect 2 "gdbserver: Missing open bracket in hostname 'tcp6:\\[::1\\]:1'" 'tcp6:[::1]:1' /bin/true
expect 2 "gdbserver: '\\[::1\\]' is not HOST:PORT" '[::1]' /bin/true
# As gdbserver, before the module is opened: its words, which gdb's test suite waits for.
expect 1 'gdbserver: garbage:1234: cannot resolve name: ' garbage:1234 /bin/true
expect 1 'gdbserver: tcp8:123: cannot resolve name: ' tcp8:123 /bin/true
expect 1 'gdbserver: tcp:localhost:1: cannot resolve name: ' tcp:localhost:1 /bin/true
expect 1 'gdbserver: :nosuchservice: cannot resolve name: ' :nosuchservice /bin/true
expect 2 "gdbserver: unknown option '--bogus'" --bogus :1 /bin/true
expect 2 'gdbserver: Don.t know how to disable "bogus"\.$' --disable-packet=T,bogus :1 /bin/true
grep -q '^  Tthread     	Passing the thread specifier in the T stop reply packet$' "$err" ||
	{ echo "FAIL a bad --disable-packet name does not list the names"; cat "$err"; fail=1; }
expect 2 'gdbserver: --wrapper takes WRAPPER \[ARGS...\] and then --' --wrapper env :1 /bin/true
expect 2 'gdbserver: --wrapper takes WRAPPER \[ARGS...\] and then --' --wrapper -- :1 /bin/true
expect 1 'cannot use utracer' --wrapper env A=1 -- :0 /bin/true
expect 1 'cannot use utracer' --disable-packet=vCont,T,Tthread,qC,qfThreadInfo,threads,, :0 /bin/true
# --selftest: gdbserver's words for a build without unit tests, exit 0.
for o in --selftest --selftest=foo; do
	"$udb" gdbserver $o >"$out" 2>"$err"
	rc=$?
	[ $rc = 0 ] && [ ! -s "$err" ] &&
		[ "$(cat "$out")" = "Selftests have been disabled for this build." ] ||
		{ echo "FAIL udb gdbserver $o: exit $rc, stdout:"; cat "$out" "$err"; fail=1; }
done
# --disable-packet alone lists the names on stdout, as gdbserver.
"$udb" gdbserver --disable-packet >"$out" 2>"$err"
rc=$?
[ $rc = 0 ] && [ ! -s "$err" ] && [ "$(head -n 1 "$out")" = "Disableable packets:" ] &&
	[ "$(grep -cE $'^  (vCont|qC|qfThreadInfo|Tthread|threads|T) *\t[A-Z]' "$out")" = 6 ] ||
	{ echo "FAIL udb gdbserver --disable-packet: exit $rc, stdout:"; cat "$out" "$err"; fail=1; }
expect 2 'gdbserver: --attach takes one process id' :1 --attach
expect 2 'gdbserver: --attach takes one process id' :1 --attach 1 2
expect 2 "" :1 --attach notapid
expect 1 'cannot use utracer' - /bin/true
expect 1 'cannot use utracer' stdio /bin/true
expect 1 'cannot use utracer' '[::1]:0' /bin/true
expect 1 'cannot use utracer' :0 --attach 1
exit $fail
