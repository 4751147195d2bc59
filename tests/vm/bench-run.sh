#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12
# Timeout: 240
# Description: make bench's pipeline works end to end at a tiny scale:
# bench/guest-run measures every row of B1-B8 (utracer.ko unloaded and
# reloaded for B2; B7 builds one source file) with no error and no event
# lost, and bench/report turns the samples into a CSV with one line per
# row, a table with a verdict for every target (B3 at the two small sizes
# measured here; "not measured" and "no" for the sizes left out), the TCG
# mode it was given on every row and target, and a PNG chart; it refuses a
# mode it does not know. The module is loaded again
# afterwards. On a slow kernel (tests/run's TEST_TIMEOUT_SCALE above 1: the
# debug kernel) 20 iterations instead of 100. Its timeout is twice the
# default: on the debug kernel it took 316 s on a quiet host, over 600 s
# on a loaded one.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
command -v gnuplot >/dev/null || { echo "gnuplot is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

iter=100
[ "${TEST_TIMEOUT_SCALE:-1}" -gt 1 ] 2>/dev/null && iter=20
"$top/bench/guest-run" "$iter" 1 65536 "4096 65536" 1 >"$work/raw.txt" 2>&1 ||
	bad "guest-run failed (its errors below the table)"
grep -q '^utracer ' /proc/modules || bad "utracer.ko is not loaded after guest-run"
grep -q '^error' "$work/raw.txt" && bad "guest-run reported errors"

rows="B1,untraced B1,libutracer B1,libutracer-per-event B1,libutracer-filter B1,udb-trace B1,strace B1,strace-seccomp B1,ftrace
B2,no-module B2,module-idle B2,other-traced B4,utracer B4,utracer-wait B4,ptrace
B5,untraced B5,libutracer B5,libutracer-ring B5,ftrace B6,utracer B6,ptrace B7,untraced B7,udb-trace B7,strace
B8,untraced B8,udb-trace B8,strace"
for s in 4KiB 64KiB; do
	for m in utracer process_vm_readv proc_mem peekdata; do
		rows="$rows B3,$m-$s"
	done
done
for r in $rows; do
	grep -qE "^sample 1 ${r%,*} ${r#*,} [a-z_]+ [0-9]+(\.[0-9]+)?$" "$work/raw.txt" ||
		bad "no sample for $r"
done
grep -qE '^sample 1 B5 libutracer lost 0$' "$work/raw.txt" || bad "B5 lost events"
grep -qE '^sample 1 B5 libutracer-ring lost 0$' "$work/raw.txt" || bad "B5 lost events (64 MiB queue)"

report() {
	python3 "$top/bench/report" --raw "$work/raw.txt" --out "$work" --kernel "$(uname -r)" \
		--iter "$iter" --reps 1 --date test --command test --load - --cpus 1 "$@"
}
report --tcg other >/dev/null 2>&1 && bad "bench/report took TCG mode 'other'"
# The suite's guests run on single-threaded TCG (vm/run's default).
report --tcg single || bad "bench/report failed"
# One CSV line per row and metric (B5's libutracer row has three, its
# 64 MiB queue's two).
n=$(wc -w <<<"$rows")
lines=$(($(wc -l <"$work/results.csv") - 1))
[ "$lines" = $((n + 3)) ] || bad "results.csv has $lines rows, expected $((n + 3))"
grep -q '^B5,libutracer,lost,events lost,1,0,0,0,0.0,single$' "$work/results.csv" ||
	bad "results.csv: B5 lost is not 0, or no TCG mode"
[ "$(grep -c ',single$' "$work/results.csv")" = "$lines" ] ||
	bad "results.csv: not every row says single"
grep -q '^Measured .* single-threaded TCG' "$work/table.md" || bad "table.md: no TCG mode in the header"
for r in $rows; do
	[ "${r%,*}" = B3 ] && continue
	grep -q "^| ${r%,*} | [^|]* | single | [^|]* | [0-9]" "$work/table.md" ||
		bad "table.md: no row of $r with its TCG mode"
done
for t in 'B1 libutracer / untraced' 'B1 overhead of strace /' 'B2 other process traced /' \
	'B3 utracer / PEEKDATA at 64KiB' 'B4 utracer round trip (quiesce wait + run) / ptrace' \
	'B5 events lost' 'B6 utracer breakpoint round trip / ptrace' \
	'B7 build under udb trace -f / untraced' 'B1 udb trace / untraced' \
	'B1 overhead of strace -f / overhead of udb trace' 'B8 udb trace / untraced (getppid loop)' \
	'B8 overhead of strace -f / overhead of udb trace (getppid loop)'; do
	grep -q "^| $t.* | single | .* | \(yes\|no\) |$" "$work/table.md" ||
		bad "table.md: no verdict for '$t'"
done
for b in B1 B5; do
	grep -q "^| $b reference: the kernel's syscall tracepoints (ftrace) / untraced | single | [0-9.]* \\[" \
		"$work/table.md" || bad "table.md: no ratio of $b's ftrace reference to the untraced loop"
	grep -q "^| $b libutracer / the kernel's syscall tracepoints (ftrace) | single | [0-9.]* \\[" \
		"$work/table.md" || bad "table.md: no ratio of $b's libutracer to the ftrace reference"
done
for t in untraced ftrace; do
	grep -q "^| B5 libutracer, a queue that holds the run / $t | single | [0-9.]* \\[" \
		"$work/table.md" || bad "table.md: no ratio of the 64 MiB queue's loop to the $t one"
done
grep -q '^| B7 build under strace -f / untraced | single | [0-9.]* \[[0-9.]* to [0-9.]*\] | - | - |$' \
	"$work/table.md" || bad "table.md: no ratio of strace's build to the untraced one"
# Not measured when udb trace's build was not slower than the untraced one.
grep -q '^| B7 overhead of strace -f / overhead of udb trace -f | single | \([0-9.]* \[[0-9.]* to [0-9.]*\]\|not measured\) | - | - |$' \
	"$work/table.md" || bad "table.md: no row for the ratio of B7's overheads"
grep -q '^| B3 utracer / process_vm_readv at 1MiB | single | not measured | >= 0.8 | no |$' "$work/table.md" ||
	bad "table.md: the 1 MiB target is not reported as not measured"
file "$work/chart.png" | grep -q 'PNG image' || bad "chart.png is not a PNG"
# On failure, the table, then guest-run's output less the samples: its
# errors, each with the output of the program that failed (last, as
# tests/run shows the end of a failed test's output).
[ $fail = 0 ] || { cat "$work/table.md"; grep -v '^sample ' "$work/raw.txt"; }
exit $fail
