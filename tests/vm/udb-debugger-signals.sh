#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 debug
# Timeout: 240
# Description: gdb's signal handling in udb's debugger, driven from a pipe
# against sig-hold (its handlers count SIGUSR1 and SIGUSR2; "raise 10"
# kills itself with SIGUSR1, then says "raised 10"). "info signals
# SIGUSR1" shows gdb's row. With a breakpoint set (so that continue waits),
# a SIGUSR1 stops the program before its handler runs: the waiting
# continue returns with gdb's "Program received signal SIGUSR1, User
# defined signal 1." after a blank line, and where (ADDR in SYMBOL ()); the
# next continue delivers it (the handler's count goes up), after "handle
# SIGUSR1 nopass" it cancels it (the count stays), "signal 0" cancels it,
# "signal SIGUSR2" delivers SIGUSR2 instead. "handle SIGUSR1 nostop
# noprint" lets it through at once, unseen; "nostop print" says so and
# goes on. Errors ("handle" alone, an unknown signal or keyword, a number
# out of 1-15, "signal" with an unknown signal or no process) are gdb's
# lines and change nothing. A held signal is delivered by "detach", by
# "quit", and when udb is killed. Each udb session has a tracee of its own.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/sig-hold
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

# count RE N: waits until udb has printed N lines matching RE.
count() { wait_count "$udb_out" "$1" "$2"; }
# tcount RE N: waits until the tracee has printed N lines matching RE.
tcount() { wait_count "$work/tout" "$1" "$2"; }
# handlers U1 U2: the tracee's handlers ran U1 and U2 times (asked with "count").
nask=0
handlers() {
	nask=$((nask + 1))
	echo count >&4
	tcount '^usr1 [0-9]+ usr2 [0-9]+$' $nask || { bad "the tracee does not answer"; return; }
	last=$(grep -E '^usr1 [0-9]+ usr2 [0-9]+$' "$work/tout" | tail -n 1)
	[ "$last" = "usr1 $1 usr2 $2" ] || bad "$3: the handlers say '$last', want 'usr1 $1 usr2 $2'"
}
received='^Program received signal SIGUSR1, User defined signal 1\.$'
nraised=0
# stop_at_usr1 N: the tracee raises SIGUSR1, udb's Nth stop for it comes, the handler waits.
stop_at_usr1() {
	nraised=$((nraised + 1))
	echo 'raise 10' >&4
	if ! count "$received" "$1"; then
		bad "no stop at SIGUSR1 ($1) in:"
		cat "$udb_out"
		echo "the tracee's output:"
		cat "$work/tout"
		exit 1
	fi
	sleep 0.3
	[ "$(grep -c '^raised 10$' "$work/tout")" -lt $nraised ] ||
		bad "the program went on while stopped at SIGUSR1 ($1)"
}
# session FILE: quits the udb running (a short session each: start_udb's
# timeout) and ends its tracee, then attaches a new udb to a new tracee,
# its output in FILE.
session() {
	say quit
	end_udb
	[ $rc = 0 ] || bad "udb exits $rc (124: it hung)"
	[ $fail = 0 ] || cat "$udb_out"
	new_tracee
	start_udb "$1" -p "$tpid"
}
new_tracee() {
	exec 4>&-
	start_tracee "$prog" '^ready'
	nask=0
	nraised=0
}
# raised: the tracee's last raise 10 returned.
raised() {
	tcount '^raised 10$' $nraised || bad "$1: the program did not go on"
}

start_tracee "$prog" '^ready'
start_udb "$work/out" -p "$tpid"
say 'info signals SIGUSR1' 'break on_rt'
count '^Breakpoint 1 at ' 1 || bad "no breakpoint"
expect "$work/out" '^Signal        Stop	Print	Pass to program	Description$' "info signals' header"
expect "$work/out" '^SIGUSR1       Yes	Yes	Yes		User defined signal 1$' "info signals' row"

# 1. Stop at SIGUSR1: the waiting continue (a breakpoint is set) returns;
# the next continue delivers it.
usr2row='^SIGUSR2       Yes	Yes	Yes		User defined signal 2$'
say continue 'info signals SIGUSR2'
count "^Process $tpid continues" 1 || bad "no continue"
sleep 0.5
grep -qE "$usr2row" "$work/out" && bad "continue did not wait"
stop_at_usr1 1
count "$usr2row" 1 || bad "continue did not return at the signal's stop"
grep -B1 -E "$received" "$work/out" | head -n 1 | grep -q '^$' ||
	bad "no blank line before 'Program received signal'"
grep -A1 -E "$received" "$work/out" | sed -n 2p | grep -qE '^0x[0-9a-f]+ in [^ ]+ \(\)$' ||
	bad "no location after 'Program received signal'"
say 'delete 1' continue
raised "continue"
handlers 1 0 "continue delivers SIGUSR1"

# 2. handle SIGUSR1 nopass: cancelled.
say 'handle SIGUSR1 nopass'
count '^SIGUSR1       Yes	Yes	No		User defined signal 1$' 1 || bad "handle nopass: no row"
stop_at_usr1 2
say continue
raised "continue after nopass"
handlers 1 0 "nopass cancels SIGUSR1"

# 3. signal 0 cancels a passed one; signal SIGUSR2 delivers that instead.
session "$work/out3"
say 'events on' continue
count "^Process $tpid continues" 1 || bad "no continue (3)"
stop_at_usr1 1
say 'signal 0'
count '^Continuing with no signal\.$' 1 || bad "signal 0: no line"
raised "signal 0"
handlers 0 0 "signal 0"
stop_at_usr1 2
say 'signal SIGUSR2'
count '^Continuing with signal SIGUSR2\.$' 1 || bad "signal SIGUSR2: no line"
raised "signal SIGUSR2"
handlers 0 1 "signal SIGUSR2 delivers SIGUSR2"

# 4. nostop noprint: through at once, unseen; nostop print: seen, through.
session "$work/out4"
say 'handle SIGUSR1 nostop noprint'
count '^SIGUSR1       No	No	Yes		User defined signal 1$' 1 || bad "handle nostop noprint: no row"
say continue
count "^Process $tpid continues" 1 || bad "no continue"
nraised=$((nraised + 1))
echo 'raise 10' >&4
raised "nostop"
handlers 1 0 "nostop delivers SIGUSR1"
[ "$(grep -cE "$received" "$udb_out")" = 0 ] || bad "noprint: a SIGUSR1 was shown"
say 'handle SIGUSR1 print'
count '^SIGUSR1       No	Yes	Yes		User defined signal 1$' 1 || bad "handle print: no row"
nraised=$((nraised + 1))
echo 'raise 10' >&4
raised "nostop print"
count "$received" 1 || bad "print: the SIGUSR1 was not shown"
handlers 2 0 "nostop print delivers SIGUSR1"

# 5. Bad input: gdb's lines, nothing changed.
say 'handle' 'handle SIGFOO stop' 'handle SIGUSR1 bogus' 'handle 20 stop' 'signal SIGFOO' \
	'info signals SIGUSR1'
count '^SIGUSR1       No	Yes	Yes		User defined signal 1$' 2 ||
	bad "the errors changed SIGUSR1's row"
expect "$udb_out" '^Argument required \(signal to handle\)\.$' "handle alone"
expect "$udb_out" '^Unrecognized or ambiguous flag word: "SIGFOO"\.$' "an unknown signal"
expect "$udb_out" '^Unrecognized or ambiguous flag word: "bogus"\.$' "an unknown keyword"
expect "$udb_out" '^Only signals 1-15 are valid as numeric signals\.$' "a number out of 1-15"
expect "$udb_out" '^No symbol "SIGFOO" in current context\.$' "signal SIGFOO"

# 6. detach at a held SIGUSR1 delivers it; signal with no process.
session "$work/out6"
say continue
count "^Process $tpid continues" 1 || bad "no continue (1)"
stop_at_usr1 1
say detach 'signal 0'
count "^Detached from $tpid" 1 || bad "no detach"
count '^The program is not being run\.$' 1 || bad "signal with no process"
raised "detach"
handlers 1 0 "detach delivers SIGUSR1"

# 7. quit at a held SIGUSR1 delivers it.
session "$work/out7"
say continue
count "^Process $tpid continues" 1 || bad "no continue (7)"
stop_at_usr1 1
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc (124: it hung)"
raised "quit"
handlers 1 0 "quit delivers SIGUSR1"
[ $fail = 0 ] || cat "$udb_out"

# 8. udb killed at a held SIGUSR1: the module delivers it.
new_tracee
start_udb "$work/out8" -p "$tpid"
say continue
count "^Process $tpid continues" 1 || bad "no continue (2)"
stop_at_usr1 1
child=$(pgrep -P "$upid" -x udb)
[ -n "$child" ] && kill -9 "$child"
end_udb
raised "udb killed"
handlers 1 0 "udb's end delivers SIGUSR1"
echo end >&4
exec 4>&-
[ $fail = 0 ] || cat "$udb_out"
exit $fail
