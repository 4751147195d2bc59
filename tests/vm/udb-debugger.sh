#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: udb's interactive debugger, driven as a user drives it:
# commands from a pipe (attach to a sleeping sleep(1), threads, regs, x,
# disassemble, sym, bt, maps, continue/stop, trace on with syscall lines,
# detach, quit) and, through a pseudo-terminal (script(1)), readline's
# prompt with Ctrl-C stopping a running process. The process runs on
# afterwards; "udb -- COMMAND" starts a program stopped at its first
# instruction and kills it at quit.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

sleep 1000 &
sl=$!
pids+=("$sl")
disown "$sl"
wait_asleep "$sl" || exit 1

printf '%s\n' help threads regs 'x $rsp 32' 'disas $pc 2' 'sym clock_nanosleep' bt maps \
	continue stop 'trace on' continue 'bogus' 'help x' detach quit |
	timeout $((60 * scale)) "$udb" -p "$sl" >"$work/pipe" 2>&1
rc=$?
[ $rc = 0 ] || bad "udb -p exits $rc"
expect "$work/pipe" "^Attached to $sl; it is stopped" "attach"
expect "$work/pipe" "^  disassemble +\[ADDRESS \[COUNT\]\]" "help"
expect "$work/pipe" "^\* $sl stopped$" "threads"
expect "$work/pipe" "^orig_rax 0x(e6|23)$" "regs (sleep is in clock_nanosleep)"
rsp=$(grep -m1 '^rsp ' "$work/pipe" | cut -d' ' -f2)
expect "$work/pipe" "^$(printf '%016x' "$rsp")  [0-9a-f]{2} " "x \$rsp"
expect "$work/pipe" "^0x[0-9a-f]+ <clock_nanosleep\+0x[0-9a-f]+>:"$'\t' "disassemble with symbols"
expect "$work/pipe" "^0x[0-9a-f]+ <clock_nanosleep>$" "sym"
expect "$work/pipe" "^#0  0x[0-9a-f]+ in clock_nanosleep\+0x" "bt"
# Debian's sleep and libc have no frame pointers: the rest is from their CFI.
expect "$work/pipe" "^#1  0x[0-9a-f]+ in (__)?nanosleep\+0x" "bt from CFI, frame 1"
expect "$work/pipe" "^#[3-9]  0x[0-9a-f]+ in __libc_start_main\+0x" "bt from CFI down to libc's start"
expect "$work/pipe" "^[0-9a-f]+-[0-9a-f]+ r-xp .*/sleep$" "maps"
expect "$work/pipe" "^Process $sl continues" "continue"
expect "$work/pipe" "^Process $sl stopped\.$" "stop"
expect "$work/pipe" "^Syscall tracing is on\.$" "trace on"
expect "$work/pipe" "^Unknown command 'bogus'" "unknown command"
expect "$work/pipe" "^x ADDRESS \[LENGTH\]$" "help x"
expect "$work/pipe" "^Detached from $sl; it runs on\.$" "detach"
state=$(awk '/^State:/ {print $2}' "/proc/$sl/status")
[ "$state" = S ] || bad "sleep is in state $state after detach"

# quit without detach also leaves an attached process running.
printf 'stop\nquit\n' | timeout $((30 * scale)) "$udb" -p "$sl" >"$work/quit" 2>&1 || bad "udb -p, quit: exit $?"
sleep 0.2
state=$(awk '/^State:/ {print $2}' "/proc/$sl/status")
[ "$state" = S ] || bad "sleep is in state $state after quit"

# A program without CFI, with frame pointers: the backtrace follows them.
"$top/build/tests/progs/nocfi" >"$work/nocfi.out" &
nc=$!
pids+=("$nc")
for _ in $(seq $((100 * scale))); do grep -q ready "$work/nocfi.out" && break; sleep 0.1; done
printf 'bt\nbt 2\nbt x\nquit\n' | timeout $((30 * scale)) "$udb" -p "$nc" >"$work/nocfi" 2>&1
expect "$work/nocfi" "^#0  0x[0-9a-f]+ in inner\+0x" "bt without CFI, frame 0"
expect "$work/nocfi" "^#1  0x[0-9a-f]+ in outer\+0x" "bt without CFI, frame 1"
expect "$work/nocfi" "^#2  0x[0-9a-f]+ in main\+0x" "bt without CFI, frame 2"
[ "$(grep -c '^#' "$work/nocfi")" -ge 5 ] && [ "$(grep -c '^#2 ' "$work/nocfi")" = 1 ] ||
	{ bad "bt, then bt 2, of nocfi:"; cat "$work/nocfi"; }
expect "$work/nocfi" "^Usage: backtrace \[FRAMES\]$" "bt with a bad count"

# A program udb starts: stopped before its first instruction, killed at quit.
printf 'regs\nexe\nquit\n' | timeout $((30 * scale)) "$udb" -- /bin/echo never-printed >"$work/start" 2>&1
rc=$?
[ $rc = 0 ] || bad "udb -- /bin/echo exits $rc"
expect "$work/start" "^Started /bin/echo as process [0-9]+; it is stopped before its first instruction" "start"
expect "$work/start" "^orig_rax 0x3b$" "regs at the first instruction (after execve)"
expect "$work/start" "^/usr/bin/echo$|^/bin/echo$" "exe"
grep -q never-printed "$work/start" && bad "the started program ran before 'continue'"

# A terminal: readline's prompt, and Ctrl-C stops a running process.
if command -v script >/dev/null; then
	{
		sleep $((2 * scale)); printf 'continue\r'
		sleep $((2 * scale)); printf '\003'
		sleep $((2 * scale)); printf 'threads\r'
		sleep $((1 * scale)); printf 'quit\r'
		sleep "$scale"
	} | TERM=dumb HOME=$work timeout $((60 * scale)) script -qfec "$udb -p $sl" /dev/null >"$work/tty" 2>&1
	tr -d '\r' <"$work/tty" >"$work/tty.txt"
	expect "$work/tty.txt" "\(udb\) " "the readline prompt"
	expect "$work/tty.txt" "Process $sl continues" "continue on a terminal"
	expect "$work/tty.txt" "Process $sl stopped\." "Ctrl-C stops the process"
	expect "$work/tty.txt" "\* $sl stopped" "threads after Ctrl-C"
	[ -s "$work/.udb_history" ] && grep -qx threads "$work/.udb_history" ||
		bad "no history in \$HOME/.udb_history"
	sleep 0.2
	state=$(awk '/^State:/ {print $2}' "/proc/$sl/status")
	[ "$state" = S ] || bad "sleep is in state $state after the terminal session"
else
	echo "script(1) is not installed: the terminal is not tested"
fi
exit $fail
