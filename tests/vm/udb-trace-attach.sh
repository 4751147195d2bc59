#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 300
# Description: udb trace with several -p (repeated, or "A,B"): each process
# gets "udb: Process N attached" on stderr, its lines with its pid in
# front in -o FILE, and at SIGINT "udb: Process N detached"; udb then exits
# 130 as strace does and the processes run on. A -p of no process is
# reported and the others traced; with none left udb exits 1. -f without
# -o announces each child ("udb: Process N attached"), -q does not. -ff -o
# FILE writes FILE.PID per process with the syscalls strace -ff writes
# there. -E VAR=VAL and -E VAR set and unset the command's environment,
# and its execve line counts the variables as strace -E does.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

loop='while :; do sleep 0.2; done'
sh -c "$loop" &
a=$!
pids+=("$a")
sh -c "$loop" &
b=$!
pids+=("$b")
"$udb" trace -o "$work/p" -p "$a" -p "$b,$b" 2>"$work/p.err" &
u=$!
pids+=("$u")
wait_line "$work/p.err" "Process $b attached" || bad "no 'Process $b attached' line"
wait_line "$work/p" "^$b +wait4" || bad "no line of $b with its pid in front"
wait_line "$work/p" "^$a +wait4" || bad "no line of $a with its pid in front"
kill -INT "$u"
wait "$u"
rc=$?
[ $rc = 130 ] || bad "udb trace -p A -p B exits $rc after SIGINT, want 130"
for p in "$a" "$b"; do
	expect "$work/p.err" "^udb: Process $p attached$" "-p $p"
	expect "$work/p.err" "^udb: Process $p detached$" "-p $p"
	kill -0 "$p" 2>/dev/null || bad "$p did not survive udb's detach"
done
[ "$(grep -c "Process $b attached" "$work/p.err")" = 1 ] || bad "$b named twice, attached twice"

"$udb" trace -o "$work/n" -p 999999,"$a" 2>"$work/n.err" &
u=$!
wait_line "$work/n.err" "Process $a attached" || bad "-p 999999,$a: $a not attached"
kill -INT "$u"
wait "$u"
expect "$work/n.err" "999999" "-p of no process"
"$udb" trace -p 999999 2>"$work/n.err"
rc=$?
[ $rc = 1 ] || bad "udb trace -p 999999 exits $rc, want 1"
kill "$a" "$b"

# -f: children announced on stderr when the trace goes there, not with -q.
timeout $((60 * scale)) "$udb" trace -f -e trace=none -- sh -c '/bin/true; /bin/true' 2>"$work/f.err"
[ "$(grep -c '^udb: Process [0-9]* attached$' "$work/f.err")" = 2 ] ||
	{ bad "-f: not two 'Process N attached' lines:"; cat "$work/f.err"; }
timeout $((60 * scale)) "$udb" trace -q -f -e trace=none -- sh -c '/bin/true' 2>"$work/f.err"
grep -q attached "$work/f.err" && bad "-q -f announced a child"

# -ff -o: a file per process, the syscalls strace -ff puts there.
names() { grep -oE '^[a-z_0-9]+\(' "$1" | grep -v '^rt_sigreturn(' || :; }
if command -v strace >/dev/null; then
	mkdir "$work/sff" "$work/uff"
	strace -ff -o "$work/sff/t" -- sh -c '/bin/true; cat /etc/hostname' >/dev/null
	timeout $((60 * scale)) "$udb" trace -ff -o "$work/uff/t" -- sh -c '/bin/true; cat /etc/hostname' \
		>/dev/null || bad "udb trace -ff failed"
	[ "$(ls "$work/uff" | wc -l)" = "$(ls "$work/sff" | wc -l)" ] ||
		bad "-ff: $(ls "$work/uff" | wc -l) files, strace wrote $(ls "$work/sff" | wc -l)"
	[ -e "$work/uff/t" ] && bad "-ff wrote the file without .PID"
	grep -qE '^\[?pid|^[0-9]+ ' "$work"/uff/t.* && bad "-ff: a line with a pid in front"
	# Files in the order of their processes' first line: by pid.
	ls "$work/sff" | sort -t. -k2 -n | while read -r f; do names "$work/sff/$f"; echo; done >"$work/s.n"
	ls "$work/uff" | sort -t. -k2 -n | while read -r f; do names "$work/uff/$f"; echo; done >"$work/u.n"
	diff -u "$work/s.n" "$work/u.n" >"$work/d" ||
		{ bad "-ff: the files' syscalls differ (- strace, + udb):"; head -n 20 "$work/d"; }
fi

# -E: the environment as given, counted in the execve line.
out=$(HOME=/root timeout $((60 * scale)) "$udb" trace -E FOO=bar -E HOME -o "$work/e" -- \
	sh -c 'echo "$FOO.${HOME-unset}"')
[ "$out" = bar.unset ] || bad "-E FOO=bar -E HOME: the command saw '$out'"
n=$(env -u HOME FOO=bar env | wc -l)
head -n 1 "$work/e" | grep -qE "/\\* $n vars \\*/\\) += 0$" || bad "-E: execve line $(head -n 1 "$work/e"), want $n vars"
"$udb" trace -E =x -- true 2>/dev/null
[ $? = 2 ] || bad "-E =x not refused"
"$udb" trace -E FOO=1 -p 1 2>/dev/null
[ $? = 2 ] || bad "-E with -p not refused"
exit $fail
