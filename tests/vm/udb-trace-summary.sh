#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Timeout: 360
# Description: udb trace -c counts as strace -c: for deterministic
# programs (true, ls, cat, sort, gzip, sed, sh running two commands, with
# -f) every syscall's calls and errors columns equal strace -c's; the
# table has strace's heading, rule lines and total row, which adds up its
# rows; -c prints no syscall line, -C prints the lines and the table, whose
# calls match the lines; -S name, calls and errors order the rows; -S with
# an unknown key is refused with exit 2; -w is accepted; the table goes to
# -o FILE.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"

# "name calls errors" per row of a -c table, sorted by name.
rows() {
	awk '/^-/ { part++; next } part == 1 && NF >= 5 {
		err = NF == 6 ? $5 : 0; print $NF, $4, err }' "$1" | sort
}

progs=(
	"true"
	"ls -la /usr"
	"cat /etc/os-release"
	"sort /etc/passwd"
	"gzip -c /etc/services"
	"sed -n 1,3p /etc/passwd"
	"sh -c 'ls /; cat /etc/hostname'"
)
for p in "${progs[@]}"; do
	eval "strace -f -c -o \"\$work/s\" -- $p" >/dev/null 2>&1 || bad "strace -c $p failed"
	eval "timeout $((60 * scale)) \"\$udb\" trace -f -c -o \"\$work/u\" -- $p" >/dev/null 2>&1 ||
		bad "udb trace -c $p failed"
	rows "$work/s" >"$work/s.rows"
	rows "$work/u" >"$work/u.rows"
	[ -s "$work/s.rows" ] || bad "$p: strace -c gave no rows"
	if ! diff -u "$work/s.rows" "$work/u.rows" >"$work/d"; then
		bad "$p: udb trace -c's calls or errors differ from strace -c's (- strace, + udb):"
		grep '^[-+][a-z]' "$work/d" | head -n 20
	else
		echo "ok $p: $(wc -l <"$work/s.rows") syscalls, $(awk '{ n += $2 } END { print n }' "$work/s.rows") calls, as strace -c"
	fi
	# The frame: heading, two rules, the total row adding up the rows.
	head -n 1 "$work/u" | grep -qx '% time     seconds  usecs/call     calls    errors syscall' ||
		bad "$p: heading '$(head -n 1 "$work/u")'"
	[ "$(grep -c '^------ ----------- ----------- --------- --------- ----------------$' "$work/u")" = 2 ] ||
		bad "$p: not two rule lines"
	total=$(awk '$NF == "total" { print $1, $4 }' "$work/u")
	sum=$(awk '{ n += $2 } END { print n }' "$work/u.rows")
	[ "$total" = "100.00 $sum" ] || bad "$p: total row '$total', the rows add up to $sum calls"
done

# -c alone: the table and no syscall line; on stderr without -o.
timeout $((60 * scale)) "$udb" trace -c -- true 2>"$work/c" >/dev/null || bad "udb trace -c true failed"
grep -qE '^[a-z_0-9]+\(' "$work/c" && bad "-c printed syscall lines"
grep -qE '^100\.00 .* total$' "$work/c" || bad "-c on stderr: no total row"
grep -q '+++ exited' "$work/c" && bad "-c printed the exit line"

# -C: the lines, then the table; its close row counts the close lines.
timeout $((60 * scale)) "$udb" trace -C -o "$work/C" -- cat /etc/os-release >/dev/null || bad "udb trace -C failed"
lines=$(grep -cE '^close\(' "$work/C")
row=$(awk '$NF == "close" { print $4 }' "$work/C")
[ "$lines" -gt 0 ] && [ "$row" = "$lines" ] || bad "-C: $lines close lines, the table says '$row'"
grep -q '^+++ exited with 0 +++$' "$work/C" || bad "-C: no exit line"
[ "$(tail -n 1 "$work/C" | awk '{ print $NF }')" = total ] || bad "-C: the table is not last"

# -S: the order of the rows.
timeout $((60 * scale)) "$udb" trace -c -S name -o "$work/n" -- ls / >/dev/null
awk '/^-/ { part++; next } part == 1 { print $NF }' "$work/n" >"$work/n.names"
sort -c "$work/n.names" 2>/dev/null || bad "-S name: rows not in name order"
[ -s "$work/n.names" ] || bad "-S name: no rows"
for key in calls:4 errors:5; do
	timeout $((60 * scale)) "$udb" trace -c -w -S "${key%:*}" -o "$work/k" -- ls /nonexistent /usr \
		>/dev/null 2>&1
	awk -v col="${key#*:}" '/^-/ { part++; next } part == 1 {
		v = NF == 6 ? $col : (col == 5 ? 0 : $col); print v }' "$work/k" >"$work/k.col"
	sort -n -r -c "$work/k.col" 2>/dev/null || bad "-S ${key%:*}: rows not in decreasing order"
	[ "$(sort -n -r "$work/k.col" | head -n 1)" -gt 0 ] || bad "-S ${key%:*}: no row above 0"
done
"$udb" trace -c -S bogus -- true 2>"$work/err"
rc=$?
[ $rc = 2 ] && grep -q "invalid sortby: 'bogus'" "$work/err" ||
	bad "-S bogus: exit $rc, '$(cat "$work/err")'"
exit $fail
