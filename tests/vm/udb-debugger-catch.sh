#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: "catch syscall" in udb's debugger, driven from a pipe
# against sc-hold (one syscall per line it reads). "catch syscall mkdir"
# is catchpoint 1, a breakpoint after it 2, "catch syscall openat 110" 3
# (one sequence, gdb's words). The mkdir stops before it runs ("Catchpoint
# 1 (call to syscall mkdir), ADDR in syscall ()": the directory is not
# there yet, regs shows orig_rax 0x53, the mode in rsi, rax -ENOSYS), again
# when it returns ("returned from": the directory is there, rax 0), and the
# program gets the call's result; info breakpoints counts the two stops.
# Deleted, the catchpoint stops no mkdir; getppid (110) stops at 3.
# "detach" at a catchpoint lets the held call run. "catch syscall" alone,
# before "attach", catches every syscall ("any syscall"), "trace on"
# prints the calls too, and "quit" at a catchpoint lets the call run. The
# errors ("catch", "catch foo", "catch syscall nosuchcall", a number out
# of range, "delete" of an unknown number) are one line each and set
# nothing.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/sc-hold
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }

# answers RE N: waits until the tracee has printed N lines matching RE.
answers() { wait_count "$work/tout" "$1" "$2"; }
# stops N: waits until udb has printed N catchpoint lines.
stops() {
	for _ in $(seq $((100 * scale))); do
		[ "$(grep -c '^Catchpoint [0-9]* (\(call to\|returned from\) ' "$udb_out")" -ge "$1" ] &&
			return 0
		sleep 0.1
	done
	return 1
}

# 1. Entry and return stops, hits, delete, the errors, detach at a catchpoint.
start_tracee "$prog" '^ready '
start_udb "$work/out" -p "$tpid"
say catch 'catch foo' 'catch syscall nosuchcall' 'catch syscall 4096' 'delete 7' \
	'catch syscall mkdir' 'break main' 'catch syscall openat 110' 'info breakpoints' continue
wait_for "^Process $tpid continues" || bad "no continue"
expect "$work/out" "^Usage: catch syscall \[NAME\|NUMBER\.\.\.\]$" "catch without argument"
expect "$work/out" "^Cannot catch 'foo': only 'catch syscall' is known\.$" "catch foo"
expect "$work/out" "^Unknown syscall name 'nosuchcall'\.$" "an unknown syscall name"
expect "$work/out" "^Syscall number 4096 is out of range \(0 to 1023\)\.$" "a number out of range"
expect "$work/out" "^No breakpoint 7\.$" "delete of an unknown number"
# The errors set nothing: the first catchpoint is number 1.
expect "$work/out" "^Catchpoint 1 \(syscall 'mkdir' \[83\]\)$" "catch syscall mkdir"
expect "$work/out" "^Breakpoint 2 at 0x[0-9a-f]+ <main>, offset 0x[0-9a-f]+\.$" \
	"a breakpoint numbered after the catchpoint"
expect "$work/out" "^Catchpoint 3 \(syscalls 'openat' \[257\] 'getppid' \[110\]\)$" \
	"catch syscall with a name and a number"
expect "$work/out" "^1    catchpoint     0     syscall 'mkdir' \[83\]$" "info breakpoints: the catchpoint"
expect "$work/out" "^2    breakpoint     0     0x[0-9a-f]+ <main>, offset" "info breakpoints: the breakpoint"

d1=$work/d1
echo "mkdir $d1" >&4
if wait_for '^Catchpoint 1 \(call to syscall mkdir\), 0x[0-9a-f]+ in syscall \(\)$'; then
	[ -e "$d1" ] && bad "the directory exists at the entry stop: the call ran before it"
	grep -q '^mkdir' "$work/tout" && bad "the program has its answer at the entry stop"
	say regs continue
	wait_for '^Catchpoint 1 \(returned from syscall mkdir\), 0x[0-9a-f]+ in syscall \(\)$' ||
		bad "no stop at the return of mkdir"
	expect "$work/out" "^orig_rax 0x53$" "regs at the entry: the syscall number"
	expect "$work/out" "^rsi 0x1c0$" "regs at the entry: the mode argument"
	expect "$work/out" "^rax 0xffffffffffffffda$" "regs at the entry: rax -ENOSYS, no result yet"
	[ -d "$d1" ] || bad "no directory at the return stop"
	grep -q '^mkdir' "$work/tout" && bad "the program has its answer at the return stop"
	say regs 'info breakpoints' 'delete 1' 'info breakpoints' continue
	answers '^mkdir 0 0$' 1 || bad "the program did not get mkdir's result"
	expect "$work/out" "^rax 0$" "regs at the return: the result"
	wait_for "^1    catchpoint     2     syscall 'mkdir' \[83\]$" || bad "info breakpoints: 2 hits"
	wait_for "^Deleted catchpoint 1\.$" || bad "delete of a catchpoint"
	last=$(grep -A1 '^Num  Type           Hits  Where$' "$work/out" | tail -n 1)
	[[ $last == "2    breakpoint     0     0x"* ]] || bad "info breakpoints after the delete starts with '$last'"
else
	bad "no stop at the entry of mkdir"
fi

# Deleted, it stops no mkdir; getppid stops at catchpoint 3.
echo "mkdir $work/d2" >&4
answers '^mkdir 0 0$' 2 || bad "mkdir after the delete did not complete"
[ -d "$work/d2" ] || bad "no directory after the delete"
echo getppid >&4
wait_for '^Catchpoint 3 \(call to syscall getppid\), 0x[0-9a-f]+ in syscall \(\)$' ||
	bad "no stop at catchpoint 3 (getppid, given as 110)"
n=$(grep -cE '^Catchpoint 1 \((call to|returned from) ' "$work/out")
[ "$n" = 2 ] || bad "catchpoint 1 stopped $n times, want 2 (it was deleted)"

# detach at a catchpoint: the held call runs.
say 'catch syscall mkdir' continue
wait_for "^Catchpoint 4 \(syscall 'mkdir' \[83\]\)$" || bad "catch syscall mkdir again"
wait_for '^Catchpoint 3 \(returned from syscall getppid\), ' || bad "no stop at the return of getppid"
say continue
wait_line "$work/tout" '^getppid [0-9]+ 0$' || bad "the program did not get getppid's result"
echo "mkdir $work/d3" >&4
if wait_for '^Catchpoint 4 \(call to syscall mkdir\), '; then
	[ -e "$work/d3" ] && bad "the directory exists at the entry stop"
	say detach
	wait_for "^Detached from $tpid; it runs on\.$" || bad "detach"
	answers '^mkdir 0 0$' 3 || bad "the call held at the catchpoint did not run after detach"
	[ -d "$work/d3" ] || bad "no directory after detach"
else
	bad "no stop at catchpoint 4"
fi
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc"
[ $fail = 0 ] || { echo "--- udb:"; cat "$work/out"; echo "--- sc-hold:"; cat "$work/tout"; }

# 2. Every syscall, set before attach, with trace on; quit at a catchpoint.
fail1=$fail
start_udb "$work/any"
say 'catch syscall' "attach $tpid" 'trace on' continue
wait_for "^Catchpoint 1 \(any syscall\)$" || bad "catch syscall without a name"
wait_for "^Process $tpid continues" || bad "no continue (any)"
echo getppid >&4
# The read the program waits in, the getppid, ...: continue until the getppid.
for i in $(seq 20); do
	stops "$i" || break
	grep -q '^Catchpoint 1 (call to syscall getppid), ' "$work/any" && break
	say continue
done
if grep -q '^Catchpoint 1 (call to syscall getppid), 0x[0-9a-f]* in syscall ()$' "$work/any"; then
	n=$(grep -cE '^Catchpoint 1 \((call to|returned from) ' "$work/any")
	say 'info breakpoints'
	wait_for "^1    catchpoint     $n +any syscall$" || bad "info breakpoints: $n hits of 'any syscall'"
	say continue
	stops $((n + 1)) || bad "no stop after the getppid entry"
	expect "$work/any" '^Catchpoint 1 \(returned from syscall getppid\), ' "the getppid return"
	expect "$work/any" 'getppid\(\) += [0-9]+' "trace on prints the call"
	[ "$(grep -c '^getppid [0-9]' "$work/tout")" = 1 ] ||
		bad "the program has its second getppid answer at the return stop"
	# The answer's write stops next: quit there, and the program goes on.
	say continue
	stops $((n + 2)) || bad "no stop after the getppid return"
	expect "$work/any" '^Catchpoint 1 \(call to syscall write\), ' "the answer's write"
else
	bad "never stopped at the getppid entry"
fi
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc (any)"
answers '^getppid [0-9]+ 0$' 2 || bad "the program did not go on after quit at a catchpoint"
[ $fail = "$fail1" ] || { echo "--- udb:"; cat "$work/any"; echo "--- sc-hold:"; cat "$work/tout"; }
exec 4>&-
exit $fail
