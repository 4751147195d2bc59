#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 240
# Description: every execve line of udb trace -f shows the arguments the
# call was given, which its old address space held and the call frees:
# 100 execs of /bin/true by a shell, with two busy loops competing for
# the CPU, each give execve("/bin/true", ["/bin/true", "a", "b", "c"],
# 0x... /* N vars */) = 0 with N the shell's environment; a failed execve
# shows its arguments too, and a script's execve shows its own argv, not
# its interpreter's; so do an execve and a script's execve made while udb
# itself is stopped (the call is held before it runs until udb has read
# it).
set -u
. "$(dirname "$0")/../common/udb-test.sh"

n=100
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	pids+=($!)
done
# What the shell passes its children: the three, and its PWD.
nvars=$(env -i A=1 B=2 PATH=/usr/bin:/bin sh -c env | wc -l)
env -i A=1 B=2 PATH=/usr/bin:/bin "$udb" trace -f -e trace=execve -o "$work/t" -- \
	sh -c "i=0; while [ \$i -lt $n ]; do /bin/true a b c; i=\$((i + 1)); done" ||
	bad "udb trace exited $?"
for p in "${pids[@]}"; do kill -9 "$p"; wait "$p"; done 2>/dev/null
want="execve(\"/bin/true\", [\"/bin/true\", \"a\", \"b\", \"c\"], ADDR /* $nvars vars */) = 0"
sed -E 's/^(\[pid +[0-9]+\] |[0-9]+ +)//; s/0x[0-9a-f]+/ADDR/g; s/ +=/ =/' "$work/t" | grep '^execve("/bin/true"' >"$work/lines"
good=$(grep -cxF -- "$want" "$work/lines")
if [ "$good" != $n ]; then
	bad "$good of $n execve lines show the arguments; the others:"
	grep -vxF -- "$want" "$work/lines" | head -n 5
else
	echo "ok $n execve lines under load, each with its arguments and $nvars vars"
fi

# The worst case, made certain: udb is stopped while the shell execs, so
# it reads nothing before the old address space is gone.
# late_exec OUT COMMAND...: udb trace -o OUT of a shell that execs
# COMMAND once udb is stopped, then lets udb go on.
mkfifo "$work/go"
late_exec() {
	local out=$1 upid
	shift
	"$udb" trace -e trace=execve -o "$out" -- sh -c "read x <$work/go; exec $*" &
	upid=$!
	sleep "$scale"
	kill -STOP $upid
	echo go >"$work/go"
	sleep "$scale"
	kill -CONT $upid
	wait $upid || bad "udb trace exited $?"
}
late_exec "$work/late" /bin/true late args here
expect "$work/late" '^execve\("/bin/true", \["/bin/true", "late", "args", "here"\], 0x[0-9a-f]+ /\* [0-9]+ vars? \*/\) += 0$' \
	"the execve udb read late"

# The same for a script, whose new image starts with its interpreter:
# only the call's own memory has the script's argv.
printf '#!/bin/sh\nexit 0\n' >"$work/script"
chmod +x "$work/script"
late_exec "$work/late-script" "$work/script" late script
expect "$work/late-script" "^execve\\(\"$work/script\", \\[\"$work/script\", \"late\", \"script\"\\], 0x[0-9a-f]+ /\\* [0-9]+ vars? \\*/\\) += 0\$" \
	"the script's execve udb read late"

# A failed execve (the shell searching $PATH) and a script.
env -i PATH=/usr/bin:/bin "$udb" trace -f -e trace=execve -o "$work/s" -- \
	sh -c "/nonexistent/true1234 x 2>/dev/null; $work/script one two" || :

expect "$work/s" '^(\[pid +[0-9]+\] |[0-9]+ +)?execve\("/nonexistent/true1234", \["/nonexistent/true1234", "x"\], 0x[0-9a-f]+ /\* [0-9]+ vars? \*/\) += -1 ENOENT' \
	"a failed execve"
expect "$work/s" "^(\\[pid +[0-9]+\\] |[0-9]+ +)?execve\\(\"$work/script\", \\[\"$work/script\", \"one\", \"two\"\\], 0x[0-9a-f]+ /\\* [0-9]+ vars? \\*/\\) += 0" \
	"a script's execve"
exit $fail
