#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb trace of programs no one here wrote (/bin/true, ls /,
# sh -c 'echo hi | cat', python3 -c pass) shows the same syscalls, in the
# same order, as strace of the same program, and the same return values
# where they are deterministic (small numbers and errno names; not
# addresses, pids or fcntl flag words); the program's own output and exit
# status are unchanged. With -f, the children of sh are traced too.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"

# "name ret" per syscall of a trace, in the order they ended; ret is "-"
# when it is not deterministic. Handles strace's "PID " and "[pid N] "
# prefixes and joins its "<unfinished ...>" and "<... resumed>" halves.
# rt_sigreturn is left out: where a SIGCHLD handler runs depends on when
# the child ends, which varies from run to run under strace as under udb.
# So is a call a signal interrupted to be restarted ("= ? ERESTART..."):
# its second try is in the trace, and whether the signal came during the
# call (a fork as the other child exits) varies the same way.
syscalls() {
	sed -E 's/^\[pid +([0-9]+)\] /\1 /' "$1" | awk '
		function ret_of(line, name,   r, ret) {
			ret = "-"
			if (match(line, / = [^ ]+( [A-Z0-9_]+)?/)) {
				split(substr(line, RSTART + 3, RLENGTH - 3), r, " ")
				if (r[1] ~ /^-?[0-9]+$/ && r[1] < 100000) ret = r[1] (r[1] == -1 ? " " r[2] : "")
				if (r[1] == "?") ret = "?"
			}
			if (name ~ /^(getpid|getppid|gettid|set_tid_address|clone|clone3|fork|vfork|wait4|waitid)$/)
				ret = "-"
			return ret
		}
		{
			pid = 0
			if (match($0, /^[0-9]+ +/)) { pid = $1; $0 = substr($0, RLENGTH + 1) }
		}
		/^(---|\+\+\+)/ { next }
		/^<\.\.\. [a-z_0-9]+ resumed>/ {
			if (pending[pid] != "" && $0 !~ / = \? ERESTART/)
				print pending[pid], ret_of($0, pending[pid])
			pending[pid] = ""
			next
		}
		match($0, /^[a-z_0-9]+\(/) {
			name = substr($0, 1, RLENGTH - 1)
			if (name == "rt_sigreturn") next
			if ($0 ~ /<unfinished \.\.\.>$/) { pending[pid] = name; next }
			if ($0 ~ / = \? ERESTART/) next
			print name, ret_of($0, name)
		}
		END { for (p in pending) if (pending[p] != "") print pending[p], "?" }'
}

# compare NAME STRACE-FILE UDB-FILE [QUIET]: 0 when the two agree. On a
# difference: the diff and both traces (as compared: for -f, the shell's
# lines alone); fail is set unless QUIET is given (a try to be repeated).
compare() {
	syscalls "$2" >"$work/s.names"
	syscalls "$3" >"$work/u.names"
	if ! [ -s "$work/s.names" ]; then
		echo "FAIL $1: strace gave no syscalls"; fail=1; return 0
	fi
	if ! diff -u "$work/s.names" "$work/u.names" >"$work/diff"; then
		if [ -n "${4-}" ]; then
			echo "note $1: udb and strace differ in this try (- strace, + udb):"
			head -n 40 "$work/diff"
			return 1
		fi
		# The difference last: a log cut to its tail still shows it.
		echo "--- strace's trace:"; cat "$2"
		echo "--- udb's trace:"; cat "$3"
		echo "FAIL $1: udb and strace differ (- strace, + udb):"
		head -n 40 "$work/diff"
		fail=1; return 1
	fi
	echo "ok $1: $(wc -l <"$work/s.names") syscalls agree"
}

# run NAME COMMAND...: trace with both, compare outputs, status and calls.
# Both run without address-space randomization (setarch -R, inherited by
# the program): where a program's allocations fall, and so when it maps
# more memory, can depend on its addresses (python3 hashes objects by
# address). A trace that still differs is tried again, twice at most: the
# two traces come from two runs of the program, and a program may vary
# on its own; a difference that udb makes shows in every try.
run() {
	local name=$1 sout uout src urc try
	shift
	for try in 1 2 3; do
		sout=$(setarch "$(uname -m)" -R \
			strace -qq -o "$work/strace" -- "$@" 2>&1)
		src=$?
		uout=$(timeout $((60 * scale)) setarch "$(uname -m)" -R \
			"$udb" trace -o "$work/udb" -- "$@" 2>&1)
		urc=$?
		if [ "$src" != "$urc" ]; then
			echo "FAIL $name: udb exits $urc, the program under strace $src"; fail=1
		fi
		if [ "$sout" != "$uout" ]; then
			echo "FAIL $name: the program's output differs under udb:"
			echo "$uout" | head -n 10; fail=1
		fi
		if [ "$try" -lt 3 ]; then
			compare "$name" "$work/strace" "$work/udb" quiet && return
		else
			compare "$name" "$work/strace" "$work/udb"
		fi
	done
}

run true /bin/true
run false /bin/false
run "ls /" ls /
run "sh -c 'echo hi | cat'" sh -c 'echo hi | cat'
py=$(command -v python3 || true)
# A shim (pyenv) is a script that runs other programs: use the real one.
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ -n "$py" ]; then
	# One hash seed for both runs: nothing in its start depends on chance.
	PYTHONHASHSEED=0 run "python3 -c pass" "$py" -c pass
else
	echo "python3 is not installed: not compared"
fi

# -f: the shell's own syscalls still agree with strace -f's for the shell,
# and its two children appear, each ending in exit_group and "+++ exited".
strace -qq -f -o "$work/strace-f" sh -c 'echo hi | cat' >/dev/null 2>&1
out=$(timeout $((60 * scale)) "$udb" trace -f -o "$work/udb-f" -- sh -c 'echo hi | cat' 2>&1)
# With -f -o every line starts with its pid, as strace's do: check that,
# then give the shell's lines no prefix and the children's "[pid N] ".
grep -qvE '^[0-9]+ ' "$work/udb-f" && { echo "FAIL -f -o: a line without its pid"; fail=1; }
awk 'NR == 1 { first = $1 } { pid = $1; sub(/^[0-9]+ +/, "")
	print (pid == first ? "" : "[pid " pid "] ") $0 }' "$work/udb-f" >"$work/udb-f.p" &&
	mv "$work/udb-f.p" "$work/udb-f"
[ "$out" = hi ] || { echo "FAIL -f: the pipeline printed '$out'"; fail=1; }
spid=$(head -n 1 "$work/strace-f" | cut -d' ' -f1)
grep "^$spid " "$work/strace-f" >"$work/strace-main"
# The shell's pid: what its set_tid_address() returned, before it forked.
upid=$(grep -m1 -E '^set_tid_address\(' "$work/udb-f" | grep -oE '[0-9]+$')
# The shell's lines: those before any prefix appeared, and those of its pid.
awk -v p="[pid $upid]" '/^\[pid / { if (index($0, p) != 1) next } { print }' "$work/udb-f" >"$work/udb-main"
compare "-f sh (the shell itself)" "$work/strace-main" "$work/udb-main"
children=$(grep -oE '^\[pid [0-9]+\]' "$work/udb-f" | sort -u | grep -vc "\[pid $upid\]")
exits=$(grep -cE '^(\[pid [0-9]+\] )?\+\+\+ exited with 0 \+\+\+$' "$work/udb-f")
if [ "$children" -lt 2 ] || [ "$exits" -lt 3 ]; then
	echo "FAIL -f: $children children traced, $exits exits seen (want 2 and 3):"
	cat "$work/udb-f"; fail=1
else
	echo "ok -f: $children children traced, $exits exits"
fi
grep -q '^\[pid [0-9]*\] write(1, "hi\\n", 3) *= 3$' "$work/udb-f" ||
	{ echo "FAIL -f: the child's write(1, \"hi\\n\", 3) is not in the trace"; fail=1; }
exit $fail
