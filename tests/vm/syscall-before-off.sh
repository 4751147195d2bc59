#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: a kernel that cannot hold a syscall before it runs, as the
# module's syscall_before=0 parameter makes any kernel look: the feature
# bit is clear and UTRACER_SYSCALL_BEFORE gives EOPNOTSUPP (lib-syscall-hold
# checks it and skips the rest), udb trace -e inject= and -e fault= say
# that they need a newer kernel and exit 1 without running the program, and
# udb's "catch syscall" says once that it stops after the call, then stops
# once mkdir is over (the directory made), showing its call and its return
# together; quit at a catchpoint.
# The module is loaded again with its defaults at the end.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/sc-hold
[ -x "$prog" ] || { echo "$prog is missing"; exit 1; }
[ -n "${UTRACER_MODULE:-}" ] || { echo "UTRACER_MODULE is not set"; exit 1; }

reload() {
	rmmod utracer && insmod "$UTRACER_MODULE" "$@"
}
restore() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	reload || echo "FAIL the module did not load again with its defaults"
	rm -rf "$work"
}
trap restore EXIT

reload syscall_before=0 || { echo "rmmod/insmod syscall_before=0 failed"; exit 1; }
param=$(cat /sys/module/utracer/parameters/syscall_before)
[ "$param" = N ] || bad "the parameter reads '$param', not N"

# The library: the bit is clear, the flag EOPNOTSUPP (77 is lib-syscall-hold's skip).
"$top/build/tests/vm/lib-syscall-hold" >"$work/lib" 2>&1
rc=$?
[ $rc = 77 ] || { bad "lib-syscall-hold exits $rc, want 77 (skipped after EOPNOTSUPP)"; cat "$work/lib"; }
grep -q 'not supported here' "$work/lib" || bad "lib-syscall-hold did not see the feature off"

# udb trace: injection refused before the program runs.
for spec in "-e inject=mkdir:error=EPERM" "-e fault=mkdir" "--inject=mkdir:retval=0"; do
	# shellcheck disable=SC2086
	timeout $((60 * scale)) "$udb" trace $spec -o /dev/null -- mkdir "$work/inj" >"$work/t" 2>&1
	rc=$?
	[ $rc = 1 ] || bad "udb trace $spec exits $rc, want 1"
	grep -q "need a kernel that can hold a syscall before it runs" "$work/t" ||
		{ bad "udb trace $spec: no message about the kernel"; cat "$work/t"; }
	[ ! -e "$work/inj" ] || bad "udb trace $spec ran the program"
done

# udb's debugger: catch syscall stops after the call, and says so once.
start_tracee "$prog" '^ready '
start_udb "$work/out" -p "$tpid"
say 'catch syscall mkdir' 'catch syscall getppid' continue
wait_for "^Process $tpid continues" || bad "no continue"
n=$(grep -c "^This kernel cannot stop a syscall before it runs" "$work/out")
[ "$n" = 1 ] || bad "the message about the kernel came $n times, want 1"
d1=$work/d1
echo "mkdir $d1" >&4
if wait_for '^Catchpoint 1 \(call to syscall mkdir\), 0x[0-9a-f]+ in syscall \(\)$'; then
	[ -d "$d1" ] || bad "no directory at the entry stop: this kernel runs the call first"
	wait_for '^Catchpoint 1 \(returned from syscall mkdir\), ' || bad "no return shown"
	say continue
	wait_line "$work/tout" '^mkdir 0 0$' || bad "the program did not get mkdir's result"
else
	bad "no stop at the entry of mkdir"
fi
echo getppid >&4
wait_for '^Catchpoint 2 \(returned from syscall getppid\), ' || bad "no stop at getppid"
say quit
end_udb
[ $rc = 0 ] || bad "udb exits $rc"
[ $fail = 0 ] || { echo "--- udb:"; cat "$work/out"; echo "--- sc-hold:"; cat "$work/tout"; }
exit $fail
