#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: a signal that kills a traced program is shown as the
# signal that was sent, with its sender, as strace shows it: `kill -TERM`
# of a traced `sleep 100` gives "--- SIGTERM {si_signo=SIGTERM,
# si_code=SI_USER, si_pid=N, si_uid=0} ---" (N the killer's pid) then
# "+++ killed by SIGTERM +++", not the SIGKILL the kernel turns a fatal
# signal into; the same for SIGUSR1 and SIGHUP, with and without -f; and
# udb exits 128 + the signal. A SIGCHLD line carries si_pid, si_uid,
# si_status, si_utime and si_stime.
set -u
. "$(dirname "$0")/../common/udb-test.sh"

for run in TERM: TERM:-f USR1: HUP:-f; do
	sig=${run%:*}
	f=${run#*:}
	{
		rm -f "$work/t"
		"$udb" trace $f -o "$work/t" -- sleep 100 &
		upid=$!
		sp=
		for _ in $(seq $((50 * scale))); do
			sp=$(pgrep -P $upid -x sleep) && break
			sleep 0.1
		done
		[ -n "$sp" ] || { bad "no traced sleep found"; continue; }
		wait_asleep "$sp" || bad "sleep never slept"
		kill -s "$sig" "$sp"
		wait $upid
		rc=$?
		num=$(kill -l "$sig")
		[ $rc = $((128 + num)) ] || bad "trace $f of sleep killed by SIG$sig exits $rc, want $((128 + num))"
		want="--- SIG$sig {si_signo=SIG$sig, si_code=SI_USER, si_pid=[0-9]+, si_uid=0} ---"
		sed -Ei 's/^[0-9]+ +//' "$work/t"
		tail -n 2 "$work/t" | head -n 1 | grep -qE "^$(sed 's/[{}]/\\&/g' <<<"$want")\$" ||
			{ bad "trace $f, SIG$sig: no '$want' line:"; tail -n 3 "$work/t"; }
		grep -q SIGKILL "$work/t" && bad "trace $f, SIG$sig: a SIGKILL line: $(grep SIGKILL "$work/t")"
		tail -n 1 "$work/t" | grep -qx "+++ killed by SIG$sig +++" ||
			bad "trace $f, SIG$sig: the last line is $(tail -n 1 "$work/t")"
	}
done
[ $fail = 0 ] && echo "ok SIGTERM, SIGUSR1, SIGHUP: the signal sent, then killed by it"

# si_pid is the sender's: a shell that kills its own sleep.
timeout $((60 * scale)) "$udb" trace -f -o "$work/k" -- sh -c 'sleep 5 & p=$!; echo $$ >'"$work/shpid"'; sleep 0.5; kill -TERM $p; wait $p; exit 0'
sh=$(cat "$work/shpid")
grep -qE "^[0-9]+ +--- SIGTERM \\{si_signo=SIGTERM, si_code=SI_USER, si_pid=$sh, si_uid=0\\} ---\$" "$work/k" ||
	{ bad "the sleep the shell $sh killed: no SIGTERM line with si_pid=$sh:"; grep -e '---' -e '+++' "$work/k"; }
grep -qE "^$sh +--- SIGCHLD \\{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=[0-9]+, si_uid=0, si_status=SIGTERM, si_utime=[0-9]+( /\\* [0-9.]+ s \\*/)?, si_stime=[0-9]+( /\\* [0-9.]+ s \\*/)?\\} ---\$" "$work/k" ||
	{ bad "no SIGCHLD line with si_status=SIGTERM:"; grep -e '---' "$work/k"; }
[ $fail = 0 ] && echo "ok si_pid of the killer; SIGCHLD with si_status"
exit $fail
