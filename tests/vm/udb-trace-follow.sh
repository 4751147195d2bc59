#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb trace -f of sh -c '/bin/echo hi | /bin/cat; /bin/true'
# follows every process through the module (attached in the fork path):
# the same processes as strace -f (by the programs they run), each with
# the same set of syscalls and the same exit, and the pipeline's output and
# status unchanged. udb trace stops the tracee only at syscalls whose line
# needs its memory: a getppid() loop under udb trace sleeps (stops) no
# more than a few times in 100 calls, and its lines are still strace's.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/follow

# procs TRACE: per process, "PROGRAM<TAB>sorted syscall names<TAB>exit line",
# sorted. PROGRAM is the last program it executed ("-" for none). The
# "[pid N] " prefix (udb, strace -f) and "PID " (strace -o -f) both name
# the process; udb's unprefixed lines, written while it traced one
# process, are the first process's: the pid its set_tid_address() gave.
procs() {
	sed -E 's/^\[pid +([0-9]+)\] /\1 /' "$1" | awk '
		{
			pid = "first"
			if (match($0, /^[0-9]+ +/)) { pid = $1; $0 = substr($0, RLENGTH + 1) }
			if (!(pid in seen)) { seen[pid] = 1; order[++n] = pid }
		}
		pid == "first" && match($0, /^set_tid_address\(.*= [0-9]+$/) { root = $NF }
		/^\+\+\+ / { ex[pid] = $0; next }
		/^--- / { next }
		/^<\.\.\. [a-z_0-9]+ resumed>/ { next }
		match($0, /^[a-z_0-9]+\(/) {
			name = substr($0, 1, RLENGTH - 1)
			if (name == "rt_sigreturn") next
			if (name == "execve" && match($0, /^execve\("[^"]*"/))
				prog[pid] = substr($0, 9, RLENGTH - 9)
			names[pid] = names[pid] " " name
		}
		END {
			if (root != "" && ("first" in seen)) {
				names[root] = names["first"] names[root]
				if (!(root in prog) && ("first" in prog)) prog[root] = prog["first"]
				if (!(root in ex)) ex[root] = ex["first"]
				if (!(root in seen)) { seen[root] = 1; order[++n] = root }
			}
			for (i = 1; i <= n; i++) {
				p = order[i]
				if (p == "first" && root != "") continue
				split(names[p], a, " ")
				delete u
				s = ""
				for (k in a) u[a[k]] = 1
				for (k in u) s = s " " k
				printf "%s\t%s\t%s\n", (p in prog) ? prog[p] : "-", s, ex[p]
			}
		}' | while IFS=$'\t' read -r prog names ex; do
			printf '%s\t%s\t%s\n' "$prog" "$(echo $names | tr ' ' '\n' | sort | tr '\n' ' ')" "$ex"
		done | sort
}

# The strace of the udb-traced pipeline: udb's [pid N] prefixes start only
# once a second process appears; before that the lines are the shell's.
cmd='/bin/echo hi | /bin/cat; /bin/true'
sout=$(strace -q -f -o "$work/strace" sh -c "$cmd" 2>&1)
src=$?
uout=$(timeout $((60 * scale)) "$udb" trace -f -o "$work/udb" -- sh -c "$cmd" 2>&1)
urc=$?
[ "$sout" = hi ] && [ "$uout" = hi ] || bad "-f: output '$uout' under udb, '$sout' under strace"
[ "$src" = "$urc" ] || bad "-f: status $urc under udb, $src under strace"
procs "$work/strace" >"$work/s.procs"
procs "$work/udb" >"$work/u.procs"
n=$(wc -l <"$work/s.procs")
if [ "$n" -lt 3 ]; then
	bad "-f: strace saw $n processes:"; cat "$work/strace"
elif ! diff -u "$work/s.procs" "$work/u.procs" >"$work/diff"; then
	bad "-f: udb and strace differ in processes or syscalls (- strace, + udb):"
	cat "$work/diff"; echo "--- udb's trace:"; cat "$work/udb"
else
	echo "ok -f: $n processes with the same programs, syscalls and exits"
fi
for p in /bin/echo /bin/cat; do
	grep -q "^$p	" "$work/u.procs" || bad "-f: no process ran $p"
done

# No stop for syscalls shown from registers alone.
sleeps=$(timeout $((60 * scale)) "$udb" trace -o "$work/udb-g" -- "$prog" getppid 100)
n=$(grep -c '^getppid()' "$work/udb-g")
[ "$n" = 100 ] || bad "getppid loop: $n getppid lines, want 100"
if ! [ "$sleeps" -ge 0 ] 2>/dev/null || [ "$sleeps" -gt 10 ]; then
	bad "getppid loop: the tracee slept '$sleeps' times in 100 calls (stopped at each?)"
else
	echo "ok getppid loop: $sleeps sleeps in 100 calls"
fi
# Shown as strace shows it, without a stop.
bad_lines=$(grep -E '^getppid\(' "$work/udb-g" | grep -cvE '^getppid\(\) {31}= [0-9]+$')
[ "$bad_lines" = 0 ] || bad "getppid lines not as strace shows them: $(head -n 3 "$work/udb-g")"
exit $fail
