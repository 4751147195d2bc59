#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb's one-shot inspectors agree with /proc for live
# processes: maps byte for byte with /proc/PID/maps (less its gate area,
# [vsyscall], no mapping of the process), env with
# /proc/PID/environ split on NUL, mem with /proc/PID/mem (raw, and as a
# hex dump with -x), exe with /proc/PID/exe, tasks with /proc/PID/task;
# regs shows the values a test program loaded into its registers. Every
# process runs on afterwards, and errors (no such process, unreadable
# memory, another user's process) are one line and exit status 1.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
regs_prog=$top/build/tests/progs/regs

# A process that no one here wrote, with an environment worth comparing.
UDB_TEST_VAR='spaces and = signs' env EMPTY= sleep 1000 &
sleeper=$!
pids+=("$sleeper")
disown "$sleeper"
wait_asleep "$sleeper" || exit 1

"$udb" maps "$sleeper" >"$work/maps" || bad "udb maps exits $?"
# Through grep: cmp trusts st_size, which is 0 in /proc.
grep -v ' \[vsyscall\]$' "/proc/$sleeper/maps" >"$work/maps.proc"
cmp -s "$work/maps" "$work/maps.proc" || { bad "udb maps differs from /proc:"; diff "$work/maps.proc" "$work/maps" | head; }

"$udb" env "$sleeper" >"$work/env" || bad "udb env exits $?"
tr '\0' '\n' <"/proc/$sleeper/environ" >"$work/env.proc"
cmp -s "$work/env" "$work/env.proc" || { bad "udb env differs from /proc:"; diff "$work/env.proc" "$work/env" | head; }
grep -qx 'UDB_TEST_VAR=spaces and = signs' "$work/env" || bad "udb env lacks UDB_TEST_VAR"

[ "$("$udb" exe "$sleeper")" = "$(readlink "/proc/$sleeper/exe")" ] || bad "udb exe: $("$udb" exe "$sleeper" 2>&1)"

# mem: the first page of the executable and 200 bytes of the stack, raw.
for region in "$(head -n 1 "$work/maps")" "$(grep '\[stack\]' "$work/maps")"; do
	start=$((16#${region%%-*}))
	len=4096
	[[ $region == *stack* ]] && { start=$((start + 123)); len=200; }
	"$udb" mem "$sleeper" "$(printf '%#x' $start)" $len >"$work/mem" || bad "udb mem exits $?"
	dd if="/proc/$sleeper/mem" of="$work/mem.proc" bs=4096 iflag=skip_bytes,count_bytes \
		skip=$start count=$len 2>/dev/null
	cmp -s "$work/mem" "$work/mem.proc" || bad "udb mem at $(printf '%#x' $start) differs from /proc/PID/mem"
	[ "$(stat -c %s "$work/mem")" = $len ] || bad "udb mem wrote $(stat -c %s "$work/mem") bytes, not $len"
done
# -x: the same bytes as a hex dump, 16 a line, address first.
start=$((16#$(head -n 1 "$work/maps" | cut -d- -f1)))
"$udb" mem "$sleeper" $start 32 -x >"$work/hex" || bad "udb mem -x exits $?"
want=$(dd if="/proc/$sleeper/mem" bs=4096 iflag=skip_bytes,count_bytes skip=$start count=16 2>/dev/null |
	od -An -tx1 -v | tr -s ' ' | sed 's/^ //')
got=$(head -n 1 "$work/hex" | cut -c19-67 | tr -s ' ' | sed 's/^ //; s/ $//')
[ "$got" = "$want" ] || bad "udb mem -x: '$got', want '$want'"
[ "$(wc -l <"$work/hex")" = 2 ] || bad "udb mem -x printed $(wc -l <"$work/hex") lines for 32 bytes"
head -n 1 "$work/hex" | grep -q "^$(printf '%016x' $start)  7f 45 4c 46 .*|.ELF" || bad "udb mem -x: $(head -n 1 "$work/hex")"

# A read that runs into unmapped memory: the readable part, then one error line.
end=$((16#$(tail -n 1 "$work/maps" | cut -d- -f2 | cut -d' ' -f1)))
"$udb" mem "$sleeper" $((end - 16)) 64 >"$work/mem" 2>"$work/err"
rc=$?
[ $rc = 1 ] || bad "udb mem past the end exits $rc, want 1"
[ "$(stat -c %s "$work/mem")" = 16 ] || bad "udb mem past the end wrote $(stat -c %s "$work/mem") bytes, want 16"
[ "$(wc -l <"$work/err")" = 1 ] && grep -q '^udb: cannot read memory' "$work/err" || bad "udb mem past the end said: $(cat "$work/err")"
"$udb" mem "$sleeper" 0 16 >/dev/null 2>"$work/err"
[ $? = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] || bad "udb mem at 0: $(cat "$work/err")"

# tasks: the threads of a multithreaded program.
python3 -c 'import threading, time
for _ in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
time.sleep(1000)' &
threaded=$!
pids+=("$threaded")
disown "$threaded"
for _ in $(seq $((50 * scale))); do [ "$(ls "/proc/$threaded/task" | wc -l)" -ge 4 ] && break; sleep 0.1; done
wait_asleep "$threaded" || exit 1
"$udb" tasks "$threaded" >"$work/tasks" || bad "udb tasks exits $?"
awk '{print $2}' "$work/tasks" | sort -n >"$work/tids"
ls "/proc/$threaded/task" | sort -n >"$work/tids.proc"
cmp -s "$work/tids" "$work/tids.proc" || { bad "udb tasks differs from /proc/PID/task:"; cat "$work/tasks"; }
awk -v p="$threaded" '$1 != p || $3 != "running" { exit 1 }' "$work/tasks" || { bad "udb tasks:"; cat "$work/tasks"; }
state=$(awk '/^State:/ {print $2}' "/proc/$threaded/status")
[ "$state" = S ] || bad "the threaded program is in state $state after udb tasks"
kill -9 "$threaded"

# regs: known values, in the program's main thread and as --all.
if [ -x "$regs_prog" ]; then
	"$regs_prog" >"$work/regs.out" &
	rp=$!
	pids+=("$rp")
	for _ in $(seq $((50 * scale))); do grep -q ready "$work/regs.out" && break; sleep 0.1; done
	sleep 0.3
	"$udb" regs "$rp" >"$work/regs" || bad "udb regs exits $?"
	for kv in "rbx 0x1111111111111111" "r12 0x2222222222222222" "r13 0x3333333333333333" \
		"r14 0x4444444444444444" "r15 0x5555555555555555" "cs 0x33"; do
		grep -qx "$kv" "$work/regs" || bad "udb regs: no line '$kv'"
	done
	[ "$(wc -l <"$work/regs")" = 27 ] || bad "udb regs printed $(wc -l <"$work/regs") lines, want 27"
	grep -vqE '^[a-z0-9_]+ 0x[0-9a-f]+$|^[a-z0-9_]+ 0$' "$work/regs" && bad "udb regs: a line is not 'name 0xvalue'"
	"$udb" regs "$rp" --all >"$work/regs-all" || bad "udb regs --all exits $?"
	grep -qx 'xmm0 0x0123456789abcdeffedcba9876543210' "$work/regs-all" || bad "udb regs --all: xmm0 is not the loaded value"
	grep -q '^# NT_PRFPREG' "$work/regs-all" || bad "udb regs --all shows no NT_PRFPREG"
	# The program spins on, not left stopped.
	sleep 0.3
	state=$(awk '/^State:/ {print $2}' "/proc/$rp/status")
	[ "$state" = R ] || bad "the regs program is in state $state after udb regs"
	kill -9 "$rp"	# it spins: let the rest of the test have the CPU
else
	echo "build/tests/progs/regs is not built: regs not checked"
fi

# Every inspected process runs on.
for p in "$sleeper"; do
	state=$(awk '/^State:/ {print $2}' "/proc/$p/status")
	[ "$state" = S ] || bad "process $p is in state $state after inspection"
done

# Errors: one line, status 1.
"$udb" maps 4194000 >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -qx 'udb: no such process: 4194000' "$work/err" || bad "udb maps of no process: $(cat "$work/err")"
if command -v setpriv >/dev/null; then
	# uid 65534 runs udb from a place it can reach, whatever the tree's
	# own permissions (a clone in a 0700 home).
	mkdir -m 755 "$work/nobody" && cp "$udb" "$work/nobody/udb" && chmod 711 "$work" ||
		bad "cannot copy udb for uid 65534"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$work/nobody/udb" env "$sleeper" >/dev/null 2>"$work/err"
	rc=$?
	# Refused at registration or at attach, depending on the module's policy.
	[ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] &&
		grep -qE "^udb: (cannot attach to $sleeper|cannot use utracer): .*(denied|not permitted)" "$work/err" ||
		bad "udb env of root's process as nobody: exit $rc, $(cat "$work/err")"
fi
exit $fail
