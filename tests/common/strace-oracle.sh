# SPDX-License-Identifier: GPL-2.0
# strace as the oracle of udb trace (sourced after udb-test.sh, not run):
#
#   norm FILE           FILE's lines without what differs from run to run:
#                       pids (a signal's sender, SCM_CREDENTIALS'), addresses,
#                       inode numbers, si_utime/si_stime, recvmmsg's time left;
#                       -k's frame lines (" > ...") are kept whole, their
#                       file offsets being the same from run to run, but
#                       for the address of an unexpected_backtracing_error
#   same NAME -- FLAGS... -- COMMAND...
#                       runs COMMAND under strace FLAGS and under udb trace
#                       FLAGS (both with -o); their normalized lines must be
#                       the same, line for line, or the test fails; lines
#                       matching the extended regex $varies, when set, are
#                       left out of both (values that change from run to run)

norm() {
	sed -E -e 's/^[0-9]+ +//' -e 's/^\[pid +[0-9]+\] //' -e '/^ > [^u]/!s/0x[0-9a-f]+/ADDR/g' \
		-e 's/(pipe|socket|UNIX|UNIX-STREAM|TCP):\[[0-9]+/\1:[INO/g' \
		-e 's/si_pid=[0-9]+/si_pid=PID/' -e 's/(kill|wait4)\([0-9]+/\1(PID/' \
		-e 's/si_utime=.*\}/TIMES}/' -e 's/\) += /) = /' \
		-e 's/cmsg_data=\{pid=[0-9]+/cmsg_data={pid=PID/g' \
		-e 's/ \(left \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\)$/ (left TIME)/' "$1"
}
drop_varies() {
	if [ -n "${varies:-}" ]; then grep -Ev "$varies"; else cat; fi
}
same() {
	local name=$1 flags=() cmd
	shift 2
	while [ "$1" != -- ]; do flags+=("$1"); shift; done
	shift
	timeout $((60 * scale)) strace "${flags[@]}" -o "$work/s" -- "$@" >/dev/null 2>&1
	timeout $((60 * scale)) "$udb" trace "${flags[@]}" -o "$work/u" -- "$@" >/dev/null 2>&1
	norm "$work/s" | drop_varies >"$work/s.n"
	norm "$work/u" | drop_varies >"$work/u.n"
	[ -s "$work/s.n" ] || bad "$name: strace printed nothing"
	if diff -u "$work/s.n" "$work/u.n" >"$work/d"; then
		echo "ok $name: $(wc -l <"$work/s.n") lines as strace's"
	else
		bad "$name: udb's lines differ from strace's (- strace, + udb):"
		head -n 20 "$work/d"
	fi
}
