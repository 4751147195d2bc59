#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Timeout: 240
# Description: udb trace's time flags as strace prints them: -T ends every
# returning syscall line with " <S.UUUUUU>", a 0.3-s nanosleep's at least
# 0.29; -t prefixes HH:MM:SS, -tt HH:MM:SS.UUUUUU, -ttt seconds since the
# epoch within the run; -r the time since the previous line began (the
# first 0.000000, the line after the nanosleep at least 0.29); -t with -r
# as "HH:MM:SS (+     S.UUUUUU) "; with -f and -o the pid comes first.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

run() { timeout $((60 * scale)) "$udb" trace "$@" >/dev/null 2>&1 || bad "udb trace $* failed"; }

run -T -o "$work/T" -- sleep 0.3
grep -E '^[a-z_0-9]+\(' "$work/T" | grep -vE '= \?$' | grep -vE ' <[0-9]+\.[0-9]{6}>$' >"$work/bad"
[ -s "$work/bad" ] && { bad "-T: lines without <S.UUUUUU>:"; head -n 5 "$work/bad"; }
grep -E '^(clock_)?nanosleep\(' "$work/T" | grep -oE '<[0-9.]+>$' | tr -d '<>' |
	awk '{ exit !($1 >= 0.29 && $1 < 30) }' || bad "-T: nanosleep's time: $(grep nanosleep "$work/T")"

run -t -e trace=close -o "$work/t" -- true
grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2} close\(' "$work/t" || bad "-t: $(head -n 1 "$work/t")"
run -tt -e trace=close -o "$work/tt" -- true
grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} close\(' "$work/tt" || bad "-tt: $(head -n 1 "$work/tt")"
[ "$(grep -c '^[0-9]' "$work/tt")" = "$(wc -l <"$work/tt")" ] || bad "-tt: a line without its time"
# The hour -tt shows is this hour (or the one before, at the turn).
h=$(head -n 1 "$work/tt" | cut -c1-2)
[ "$h" = "$(date +%H)" ] || [ "$h" = "$(date -d '-1 hour' +%H)" ] || bad "-tt: hour $h, now $(date +%H)"
before=$(date +%s)
run -ttt -e trace=close -o "$work/ttt" -- true
after=$(date +%s)
grep -vqE '^[0-9]+\.[0-9]{6} ' "$work/ttt" && bad "-ttt: a line without its time"
awk -v lo="$before" -v hi="$((after + 1))" '{ if ($1 < lo || $1 > hi) out = 1 } END { exit out }' \
	"$work/ttt" || { bad "-ttt: times outside $before..$after:"; head -n 3 "$work/ttt"; }

run -r -o "$work/r" -- sleep 0.3
head -n 1 "$work/r" | grep -qE '^ +0\.000000 execve\(' || bad "-r: first line $(head -n 1 "$work/r")"
grep -vqE '^ +[0-9]+\.[0-9]{6} ' "$work/r" && bad "-r: a line without its delta"
awk '/nanosleep\(/ { getline; split($0, f, " "); print f[1]; exit }' "$work/r" |
	awk '{ exit !($1 >= 0.29) }' || bad "-r: the line after nanosleep: $(grep -A1 nanosleep "$work/r" | tail -n 1)"

run -t -r -e trace=close -o "$work/tr" -- true
grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2} \(\+ +[0-9]+\.[0-9]{6}\) close\(' "$work/tr" ||
	bad "-t -r: $(head -n 1 "$work/tr")"

run -f -tt -o "$work/f" -- sh -c '/bin/true'
grep -qE '^[0-9]+ +[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} execve\("/bin/true"' "$work/f" ||
	{ bad "-f -tt -o: no 'PID TIME execve' line:"; head -n 3 "$work/f"; }
exit $fail
