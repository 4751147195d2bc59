#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the benchmark programs of make bench (bench/*.c), run with
# tiny counts, do what they measure and print well-formed results:
# bench-loop makes its syscalls; bench-trace sees every getppid() of its
# tracee, entry and exit, with nothing lost and no gap in the sequence
# numbers, with --filter-none it sees no syscall at all, and its --ready
# mode ends cleanly on SIGTERM; bench-memread reads
# the pattern back by every method; bench-stop stops and resumes a spinning
# child by both methods; bench-bp takes a breakpoint's round trip by both
# methods, every round one hit at the function and one call made, and the
# child calls on afterwards; bench-build compiles the sources make listed
# (build/bench/udb-build.args), one object each, into a directory whose
# stale objects it removed first, and fails on a compile that fails. Bad
# arguments and an unstartable tracee fail.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/bench/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
# Bash builtins only where it is easy: each process started costs a lot
# in the guest.

# run NAME COMMAND...: run it into $out (also kept in $work/NAME.out); it
# must succeed with its checks passed and none failed.
run() {
	local name=$1 rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" >"$work/$name.out"
	if [ $rc != 0 ] || ! has "check * ok" || has "check * FAIL*"; then
		bad "$name: exit status $rc:"
		printf '%s\n' "$out"
		return 1
	fi
}

# has GLOB: a line of $out matches GLOB.
has() {
	[[ $'\n'$out$'\n' == *$'\n'$1$'\n'* ]]
}

# field PREFIX KEY: the value of KEY on the line of $out starting PREFIX.
field() {
	local line
	while IFS= read -r line; do
		[[ $line == "$1 "* && $line =~ [[:space:]]$2=([^ ]*) ]] || continue
		echo "${BASH_REMATCH[1]}"
		return
	done <<<"$out"
}

# expect_int NAME VALUE OP LIMIT: VALUE is an integer and VALUE OP LIMIT
# (OP as test(1) has it: -eq, -gt, -ge).
expect_int() {
	if ! [[ $2 =~ ^[0-9]+$ ]]; then
		bad "$1: '$2' is not an integer"
	elif ! test "$2" "$3" "$4"; then
		bad "$1 = $2, expected $3 $4"
	fi
}

# expect_pos NAME VALUE: VALUE is a number above 0.
expect_pos() {
	[[ $2 =~ ^[0-9]+(\.[0-9]+)?$ && $2 =~ [1-9] ]] || bad "$1: '$2' is not a number above 0"
}

# bench-loop: both modes.
if run loop-mix "$bin/bench-loop" mix 300; then
	expect_int "mix iterations" "$(field 'result loop' iterations)" -eq 300
	expect_int "mix syscalls" "$(field 'result loop' syscalls)" -eq 900
	expect_int "mix ns" "$(field 'result loop' ns)" -gt 0
	expect_pos "mix ns_per_iter" "$(field 'result loop' ns_per_iter)"
fi
if run loop-getppid "$bin/bench-loop" getppid 300; then
	expect_int "getppid syscalls" "$(field 'result loop' syscalls)" -eq 300
fi
for args in "" "mix" "mix 0" "mix x" "other 10"; do
	# shellcheck disable=SC2086
	"$bin/bench-loop" $args >/dev/null 2>&1
	[ $? = 2 ] || bad "bench-loop $args: not refused with status 2"
done

# bench-trace: every getppid() (the loop's and its first one) reported.
for mode in getppid mix; do
	run "trace-$mode" "$bin/bench-trace" -- "$bin/bench-loop" "$mode" 200 || continue
	has "check lossless ok" || bad "trace-$mode: no lossless check"
	has "check pairs ok" || bad "trace-$mode: no pairs check"
	expect_int "$mode syscall_entry" "$(field 'result trace' syscall_entry)" -gt "$(field 'result loop' syscalls)"
	expect_int "$mode getppid_entry" "$(field 'result trace' getppid_entry)" -eq 201
	expect_int "$mode getppid_exit" "$(field 'result trace' getppid_exit)" -eq 201
	expect_int "$mode lost" "$(field 'result trace' lost)" -eq 0
	expect_int "$mode seq_gaps" "$(field 'result trace' seq_gaps)" -eq 0
	expect_pos "$mode events_per_s" "$(field 'result trace' events_per_s)"
	syscalls=$(field 'result loop' syscalls)
	expect_int "$mode events" "$(field 'result trace' events)" -ge $((2 * syscalls + 2))
done
if run trace-filter "$bin/bench-trace" --filter-none -- "$bin/bench-loop" mix 200; then
	expect_int "filtered syscall entries" "$(field 'result trace' syscall_entry)" -eq 0
	expect_int "filtered syscall exits" "$(field 'result trace' syscall_exit)" -eq 0
	has "check lossless ok" || bad "trace-filter: no lossless check"
fi
"$bin/bench-trace" --ready "$work/ready" -- /bin/sleep 100 >"$work/ready.out" 2>&1 &
tracer=$!
for _ in {1..100}; do
	[ -e "$work/ready" ] && break
	sleep 0.1
done
[ -e "$work/ready" ] || bad "bench-trace --ready: no ready file"
kill -TERM "$tracer"
wait "$tracer" || { bad "bench-trace --ready: failed on SIGTERM:"; cat "$work/ready.out"; }
out=$(<"$work/ready.out")
has "check lossless ok" || bad "bench-trace --ready: no lossless check"
out=$("$bin/bench-trace" -- /nonexistent 2>&1)
if [ $? != 1 ] || ! has "check spawn FAIL *"; then
	bad "bench-trace of a missing program did not fail its spawn check:"
	echo "$out"
fi
"$bin/bench-trace" /bin/true >/dev/null 2>&1
[ $? = 2 ] || bad "bench-trace without --: not refused with status 2"

# bench-memread: every method; PEEKDATA is left out above 1 MiB.
num='[0-9]+\.[0-9]+'
for size in 4096 2097152; do
	run "memread-$size" "$bin/bench-memread" "$size" 262144 || continue
	methods="utracer process_vm_readv proc_mem peekdata"
	[ "$size" -gt 1048576 ] && methods="utracer process_vm_readv proc_mem"
	for m in $methods; do
		has "check $m ok" || bad "memread $size: no check for $m"
		[[ $out =~ result\ memread\ method=$m\ size=$size\ reps=[1-9][0-9]*\ ns=[1-9][0-9]*\ mib_per_s=$num ]] ||
			bad "memread $size $m: no well-formed result"
	done
	[ "$size" -gt 1048576 ] && has "*method=peekdata*" && bad "memread $size: PEEKDATA ran"
done
"$bin/bench-memread" 4095 >/dev/null 2>&1
[ $? = 1 ] || bad "bench-memread of a size not a multiple of 8 did not fail"

# bench-stop: every method.
if run stop "$bin/bench-stop" 20; then
	for m in utracer utracer-wait ptrace; do
		has "check $m ok" || bad "stop: no check for $m"
		[[ $out =~ result\ stop\ method=$m\ rounds=20\ ns=[1-9][0-9]*\ us_per_round=$num ]] ||
			bad "stop $m: no well-formed result"
	done
fi

# bench-bp: both methods; the program checks each hit, the calls and that
# the child calls on.
if run bp "$bin/bench-bp" 20; then
	for m in utracer ptrace; do
		has "check $m ok" || bad "bp: no check for $m"
		[[ $out =~ result\ bp\ method=$m\ rounds=20\ ns=[1-9][0-9]*\ us_per_round=$num ]] ||
			bad "bp $m: no well-formed result"
	done
fi
for args in "" "0" "x" "5 5"; do
	# shellcheck disable=SC2086
	"$bin/bench-bp" $args >/dev/null 2>&1
	[ $? = 2 ] || bad "bench-bp $args: not refused with status 2"
done
# bench-build: the first source of udb's list, then one that cannot be
# compiled.
args=$top/build/bench/udb-build.args
mkdir -p "$work/b7"
: >"$work/b7/stale.o"
if run build "$top/bench/bench-build" "$work/b7" "$args" 1; then
	expect_int "build files" "$(field 'result build' files)" -eq 1
	expect_int "build ns" "$(field 'result build' ns)" -gt 0
	expect_pos "build seconds" "$(field 'result build' seconds)"
	first=$(sed -n '/^--$/{n;p;q}' "$args")
	first=${first##*/}
	[ -s "$work/b7/${first%.c}.o" ] || bad "build: no object for $first"
	[ -e "$work/b7/stale.o" ] && bad "build: the stale object was not removed"
fi
sed '/^--$/q' "$args" >"$work/bad.args"
echo "$work/nonexistent.c" >>"$work/bad.args"
out=$("$top/bench/bench-build" "$work/b7" "$work/bad.args" 2>&1)
if [ $? != 1 ] || ! has "check build FAIL *"; then
	bad "bench-build of a missing source did not fail its check:"
	echo "$out"
fi
for a in "" "$work/b7" "$work/b7 $work/nonexistent.args" "$work/b7 $args x"; do
	# shellcheck disable=SC2086
	"$top/bench/bench-build" $a >/dev/null 2>&1
	[ $? = 2 ] || bad "bench-build $a: not refused with status 2"
done
exit $fail
