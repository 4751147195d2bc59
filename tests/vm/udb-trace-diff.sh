#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 600
# Description: the differential test of udb trace against strace: 30 real
# programs no one here wrote (coreutils, sed, grep, tar, gzip, sort, find,
# python3 -c, perl -e, sh pipelines...) each run under strace -f and under
# udb trace -f; both traces are normalized (addresses, pids, times, the
# return column's padding, a call strace split in two joined; each
# process's lines kept in order but the
# processes' lines no longer interleaved; the times clock_gettime and
# gettimeofday return, and sysinfo's uptime, loads, free
# memory and process count, and a file system's free blocks and inodes
# in statfs, which differ between two runs by nature,
# replaced by T, so that their format is compared, not their moment) and
# the share of strace's lines
# that udb printed identically (the longest common subsequence) is
# reported per program and in total. The test fails when the total share
# is under THRESHOLD percent, or a program's output or exit status differs
# between the two tracers. Each run starts from the same copy of the
# programs' files, so that a directory's size is the same under both.
# UDB_DIFF_SHOW=N prints N lines of
# each program's differences.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is needed to normalize"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
THRESHOLD=${UDB_DIFF_THRESHOLD:-98}

d=$work/data
p=$work/pristine
mkdir -p "$p/tree/a/b"
seq 1 2000 >"$p/nums"
printf 'banana\napple\ncherry\napple\n' >"$p/fruit"
for i in 1 2 3; do echo "file $i" >"$p/tree/a/f$i"; done
echo deep >"$p/tree/a/b/deep"
# The programs' files as they were before any run.
fresh() { rm -rf "$d" && cp -a "$p" "$d"; }
# The traces go one level down: the programs see $work (its size too).
o=$work/out
mkdir -p "$o"

# One program per line: NAME<TAB>COMMAND (run by bash -c, in $d).
cat >"$work/corpus" <<'LIST'
true	/bin/true
false	/bin/false
echo	/bin/echo hello world
cat	cat fruit
ls	ls -l tree/a
sort	sort fruit
sortn	sort -n -r nums
uniq	sort fruit | uniq -c
wc	wc -l nums fruit
head	head -n 3 nums
tail	tail -n 2 fruit
cut	cut -c1-3 fruit
tr	tr a-z A-Z <fruit
sed	sed -e s/apple/pear/ fruit
grep	grep -n an fruit
grepr	grep -r deep tree
find	find tree -type f -name 'f*'
tar	tar -cf tree.tar tree && tar -tf tree.tar
gzip	gzip -c nums >nums.gz && gzip -dc nums.gz | tail -n 1
md5sum	md5sum nums fruit
stat	stat -c %s nums
date	date -u -d @0
env	env -i A=1 /usr/bin/env
mkdir	mkdir -p x/y && rmdir x/y x
cp	cp fruit fruit2 && rm fruit2
ln	ln -sf fruit link && readlink link && rm link
dd	dd if=nums of=/dev/null bs=512 count=4 status=none
xargs	printf '1\n2\n3\n' | xargs -n 1 echo
python3	python3 -c 'print(sum(range(10)))'
perl	perl -e 'print 6*7, "\n"'
shpipe	sh -c 'echo a b c | tr " " "\n" | sort -r | head -n 2'
LIST

norm() {
	python3 - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1], errors='replace').read().splitlines()
pids, order, out, held = {}, [], {}, {}
def pid_name(p):
    if p not in pids:
        pids[p] = 'P%d' % (len(pids) + 1)
    return pids[p]
first = None
for l in lines:
    m = re.match(r'^(?:\[pid +(\d+)\]|(\d+)) +(.*)$', l)
    if m:
        p, body = m.group(1) or m.group(2), m.group(3)
    else:
        p, body = first or '0', l
    if first is None:
        first = p
    name = pid_name(p)
    # strace splits a call another process's line interrupted: join it.
    if body.endswith(' <unfinished ...>'):
        held[name] = body[:-len(' <unfinished ...>')]
        continue
    r = re.match(r'^<\.\.\. [a-z_0-9]+ resumed>(.*)$', body)
    if r and name in held:
        body = held.pop(name) + r.group(1)
    out.setdefault(name, []).append(body)
res = []
for name in sorted(out, key=lambda n: int(n[1:])):
    for body in out[name]:
        # A pid where a pid is shown: si_pid, the first argument of the
        # calls that take one, the return of the calls that give one.
        def pid_sub(m):
            return m.group(1) + pids.get(m.group(2), 'PID') + m.group(3)
        body = re.sub(r'(si_pid=)(\d+)()', pid_sub, body)
        body = re.sub(r'^((?:kill|tkill|tgkill|wait4|waitid|setpgid|getpgid|prlimit64)\((?:P_PID, )?)(\d+)(\b)', pid_sub, body)
        body = re.sub(r'^((?:clone|clone3|fork|vfork|wait4|getpid|getppid|gettid|set_tid_address|waitid)\(.* = )(\d+)($)', pid_sub, body)
        body = re.sub(r'0x[0-9a-f]+', 'ADDR', body)
        # The moment a clock was read, and what sysinfo saw at that moment.
        if re.match(r'(clock_gettime|gettimeofday)\(', body):
            body = re.sub(r'\b(tv_sec|tv_nsec|tv_usec)=\d+', r'\1=T', body)
        if body.startswith('sysinfo('):
            body = re.sub(r'\b(uptime|freeram|sharedram|bufferram|freeswap|procs|freehigh)=\d+',
                          r'\1=T', body)
            body = re.sub(r'loads=\[\d+, \d+, \d+\]', 'loads=[T]', body)
        # What a file system holds free at that moment.
        if re.match(r'f?statfs\(', body):
            body = re.sub(r'\b(f_bfree|f_bavail|f_ffree)=\d+', r'\1=T', body)
        body = re.sub(r'si_([us]time)=\d+( /\* [0-9.]+ s \*/)?', r'si_\1=T', body)
        # getrandom's bytes are random by design.
        body = re.sub(r'^getrandom\("[^"]*"', 'getrandom("RANDOM"', body)
        body = re.sub(r'\) +=', ') =', body)
        res.append(name + ' ' + body)
print('\n'.join(res))
PY
}

total=0; same=0
printf '%-10s %6s %6s %6s\n' program strace same share
while IFS=$'\t' read -r name cmd; do
	fresh
	( cd "$d" && strace -f -q -o "$o/$name.s" -- bash -c "$cmd" >"$o/$name.sout" 2>&1 )
	src=$?
	fresh
	( cd "$d" && timeout --foreground $((120 * scale)) "$udb" trace -f -o "$o/$name.u" -- bash -c "$cmd" \
		>"$o/$name.uout" 2>&1 )
	urc=$?
	[ $src = $urc ] || bad "$name: exit $urc under udb, $src under strace"
	cmp -s "$o/$name.sout" "$o/$name.uout" ||
		bad "$name: the program's output differs under udb: $(diff "$o/$name.sout" "$o/$name.uout" | head -n 5)"
	norm "$o/$name.s" >"$o/$name.sn"
	norm "$o/$name.u" >"$o/$name.un"
	n=$(wc -l <"$o/$name.sn")
	c=$(diff --unchanged-line-format='%L' --old-line-format= --new-line-format= \
		"$o/$name.sn" "$o/$name.un" | wc -l)
	total=$((total + n)); same=$((same + c))
	printf '%-10s %6d %6d %5d%%\n' "$name" "$n" "$c" $((n ? 100 * c / n : 0))
	[ -n "${UDB_DIFF_SHOW:-}" ] &&
		diff "$o/$name.sn" "$o/$name.un" | grep '^[<>]' | head -n "$UDB_DIFF_SHOW"
done <"$work/corpus"
share=$((total ? 1000 * same / total : 0))
echo "total: $same of $total normalized strace lines identical under udb: $((share / 10)).$((share % 10))% (threshold $THRESHOLD%)"
[ $((share / 10)) -ge "$THRESHOLD" ] || bad "identical share $((share / 10)).$((share % 10))% is under $THRESHOLD%"
exit $fail
