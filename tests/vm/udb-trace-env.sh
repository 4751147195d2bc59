#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Description: a program started by udb trace, and by the debugger
# (udb -- COMMAND), gets the environment the shell gave udb, as it does
# untraced: signal dispositions (SIGPIPE, SIGINT, SIGTERM, SIGQUIT at
# their default, SIGHUP ignored when the shell ignored it), signal mask
# (SIGUSR1 blocked), open file descriptors, resource limits, process
# group, session and terminal, as the program itself reports them
# (tests/progs/envreport); but the debugger's program leads a process
# group of its own, as gdb's does. `sh -c 'yes | head -1'` prints "y" and nothing
# else: yes dies of SIGPIPE silently, as it does untraced.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
report=$top/build/tests/progs/envreport
[ -x "$report" ] || { echo "build the test programs first (make test-progs)"; exit 1; }

# The shell's choices: every signal udb handles at its default but SIGHUP,
# which is ignored, and SIGUSR1 blocked.
shellenv() {
	env --default-signal=PIPE,INT,TERM,QUIT --ignore-signal=HUP --block-signal=USR1 "$@"
}

shellenv "$report" >"$work/plain" 2>&1
grep -qx 'signal 1 ignored' "$work/plain" && grep -q '^blocked: 10$' "$work/plain" ||
	{ bad "env did not set up the shell's choices:"; cat "$work/plain"; }

check() {
	if ! diff -u "$work/plain" "$2" >"$work/diff"; then
		bad "$1: the program's environment differs (- untraced, + traced):"
		cat "$work/diff"
	else
		echo "ok $1: the same dispositions, mask, fds, limits, process group and terminal"
	fi
}

shellenv "$udb" trace -o "$work/trace.out" -- "$report" >"$work/traced" 2>&1 ||
	bad "udb trace exited $?"
check "udb trace" "$work/traced"
shellenv "$udb" trace -f -o "$work/trace-f.out" -- "$report" >"$work/traced-f" 2>&1 ||
	bad "udb trace -f exited $?"
check "udb trace -f" "$work/traced-f"

# The debugger's start_command path: udb -- COMMAND, then "continue". Its
# own lines go to stdout too: keep the program's.
mkfifo "$work/in"
timeout --foreground $((60 * scale)) env --default-signal=PIPE,INT,TERM,QUIT \
	--ignore-signal=HUP --block-signal=USR1 "$udb" -- "$report" <"$work/in" >"$work/debugged-all" 2>&1 &
upid=$!
exec 3>"$work/in"
printf 'continue\n' >&3
wait_line "$work/debugged-all" '^pgrp ' || bad "the program did not end under the debugger"
printf 'quit\n' >&3
exec 3>&-
wait $upid
sed -E "s/^(\(udb\) )+//" "$work/debugged-all" | grep -E "^(signal |blocked:|fds:|rlimit |pgrp )" >"$work/debugged"
grep -q '^blocked' "$work/debugged" || { bad "the debugger did not run the program:"; cat "$work/debugged-all"; }
# As gdb's, the debugger's program leads a process group of its own (the
# terminal's Ctrl-C then reaches udb alone); the session and terminal are udb's.
pid=$(sed -nE 's/^Started .* as process ([0-9]+);.*/\1/p' "$work/debugged-all")
[ -n "$pid" ] || bad "udb -- COMMAND: no 'Started ... as process N'"
grep -qE "^pgrp $pid session " "$work/debugged" ||
	bad "udb -- COMMAND: the program ($pid) does not lead its own process group: $(grep '^pgrp ' "$work/debugged")"
sed -i -E "s/^pgrp $pid /pgrp $(sed -nE 's/^pgrp ([0-9]+) .*/\1/p' "$work/plain") /" "$work/debugged"
check "udb -- COMMAND" "$work/debugged"

# SIGPIPE at its default: yes dies of it without a word, under udb as without.
out=$(shellenv "$udb" trace -o /dev/null -- sh -c 'yes | head -1' 2>&1)
[ "$out" = y ] || bad "udb trace -- sh -c 'yes | head -1' printed '$out', not 'y'"
out=$(shellenv "$udb" trace -f -o "$work/pipe.trace" -- sh -c 'yes | head -1' 2>&1)
[ "$out" = y ] || bad "udb trace -f -- sh -c 'yes | head -1' printed '$out', not 'y'"
grep -q 'killed by SIGPIPE' "$work/pipe.trace" ||
	bad "yes did not die of SIGPIPE under udb trace -f: $(tail -n 5 "$work/pipe.trace")"
[ $fail = 0 ] && echo "ok yes | head -1: no Broken pipe"
exit $fail
