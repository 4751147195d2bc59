#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb changes a process: "set $rbx = 42" in the debugger makes
# a tracee spinning on rbx exit with 42, a refused value (cs 0x10) is
# reported and changes nothing, "write" of hex bytes changes a variable the
# tracee then prints, a "string" lands in memory, an unmapped address and a
# bad byte are reported. The one-shot auxv, cmdline, status and fds match
# /proc/PID; a missing process and a missing pid are errors.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
poke=$top/build/tests/progs/poke

# Registers: the tracee exits with what we put in rbx.
nice -n 19 "$poke" regs >"$work/regs.out" &
rp=$!
pids+=("$rp")
# Up and in its loop: out of any syscall.
for _ in $(seq $((100 * scale))); do
	read -r nr _ <"/proc/$rp/syscall" 2>/dev/null
	[ -s "$work/regs.out" ] && [ "$nr" = running ] && break
	sleep 0.1
done
printf '%s\n' 'set $rbx = 42' 'regs' 'set $cs = 0x10' 'set $nosuch 1' 'set $rbx' 'regs' quit |
	timeout $((60 * scale)) "$udb" -p "$rp" >"$work/set" 2>&1
rc=$?
[ $rc = 0 ] || bad "udb -p (set) exits $rc"
expect "$work/set" "^rbx = 0x2a$" "set \$rbx = 42"
expect "$work/set" "^rbx 0x2a$" "regs after set"
expect "$work/set" "cannot write the registers of $rp: .*refused a value" "a refused cs"
expect "$work/set" "^No register 'nosuch'\.$" "unknown register"
expect "$work/set" '^Usage: set \$REG = VALUE$' "set without a value"
[ "$(grep -c '^cs 0x33$' "$work/set")" = 2 ] || bad "cs changed by a refused set"
wait "$rp"
rc=$?
[ $rc = 42 ] || bad "the tracee exits $rc, want 42 (the rbx udb set)"

# Memory: a variable the tracee waits on, a string, errors.
"$poke" data >"$work/data.out" &
dp=$!
pids+=("$dp")
for _ in $(seq $((50 * scale))); do [ -s "$work/data.out" ] && break; sleep 0.1; done
read -r _ _ var big <"$work/data.out"
printf '%s\n' "write $big \"hi there\\n\"" "x $big 16" "write $var zz" "write 0 90" \
	"write $var 34 0x12 0 0 0 0 0 0" "x $var 8" quit |
	timeout $((60 * scale)) "$udb" -p "$dp" >"$work/write" 2>&1
rc=$?
[ $rc = 0 ] || bad "udb -p (write) exits $rc"
expect "$work/write" "^Wrote 9 bytes at $big\.$" "write a string"
expect "$work/write" "\|hi there\.\.*\|$" "x shows the string"
expect "$work/write" "^'zz' is neither a hex byte nor a \"string\"\.$" "a bad byte"
expect "$work/write" "^Cannot write memory at 0: Input/output error$" "an unmapped address"
expect "$work/write" "^Wrote 8 bytes at $var\.$" "write hex bytes"
expect "$work/write" "^0*${var#0x}  34 12 00 00 00 00 00 00 " "x shows the bytes"
wait "$dp"
grep -q '^value 1234 ' "$work/data.out" || { bad "the tracee did not see the write:"; cat "$work/data.out"; }
[ "$(awk '{print $3}' "$work/data.out" | tail -1)" = 787 ] ||
	bad "the string is not in the tracee's buffer: $(tail -1 "$work/data.out")"

# One-shot commands against /proc/PID.
sleep 1000 &
sl=$!
pids+=("$sl")
wait_asleep "$sl" || exit 1
"$udb" auxv "$sl" >"$work/auxv" 2>&1 || bad "udb auxv exits $?"
od -An -tx8 -w16 -v "/proc/$sl/auxv" >"$work/auxv.od"
while read -r type value; do
	[ "$type" = 0000000000000009 ] && entry=${value#"${value%%[!0]*}"}
done <"$work/auxv.od"
expect "$work/auxv" "^AT_ENTRY: +0x${entry:-none}$" "AT_ENTRY as /proc/PID/auxv"
expect "$work/auxv" "^AT_PAGESZ: +4096$" "AT_PAGESZ"
expect "$work/auxv" "^AT_EXECFN: +.*sleep$" "AT_EXECFN, a string"
mapfile -t lines <"$work/auxv"
mapfile -t words <"$work/auxv.od"
[ "${#lines[@]}" = $((${#words[@]} - 1)) ] || bad "auxv has ${#lines[@]} entries, /proc ${#words[@]}"
"$udb" cmdline "$sl" >"$work/cmdline" 2>&1 || bad "udb cmdline exits $?"
tr '\0' '\n' <"/proc/$sl/cmdline" | cmp -s - "$work/cmdline" || bad "cmdline differs: $(cat "$work/cmdline")"
"$udb" status "$sl" >"$work/status" 2>&1 || bad "udb status exits $?"
mapfile -t lines <"$work/status"
[ "${#lines[@]}" = 12 ] || bad "status has ${#lines[@]} lines"
grep -vFxf "/proc/$sl/status" "$work/status" >"$work/status.diff" &&
	bad "status lines not in /proc/$sl/status: $(cat "$work/status.diff")"
"$udb" fds "$sl" >"$work/fds" 2>&1 || bad "udb fds exits $?"
n=0
while read -r fd _ _ _ path; do
	n=$((n + 1))
	[ "$(readlink "/proc/$sl/fd/$fd")" = "$path" ] || bad "fd $fd: '$path'"
done <"$work/fds"
fdl=(/proc/"$sl"/fd/*)
[ "$n" = "${#fdl[@]}" ] || bad "fds: $(cat "$work/fds")"

"$udb" status 999999 >"$work/none" 2>&1
[ $? = 1 ] || bad "udb status of no process exits $?"
expect "$work/none" "^udb: no such process|^udb: .*999999" "no such process"
"$udb" fds >"$work/usage" 2>&1
[ $? = 2 ] || bad "udb fds without a pid exits $?"
exit $fail
