#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Timeout: 360
# Description: udb trace's output flags print what strace prints with the
# same flags, line for line (addresses, pids and inode numbers aside):
# -x and -xx (strings in hex), -a COLUMN, -z, -Z and -e status=, -e signal=,
# -y (descriptors' paths, pipes, sockets; a closed one as it was), -yy
# (devices, UNIX sockets), -P PATH (only the syscalls that name PATH, by
# path or descriptor, with -f), -e raw= (arguments and return in hex) and
# -e abbrev= (structures of the others unabbreviated), each with a set and
# a negated one; -qq drops the exit lines; bad sets and
# unsupported -e qualifiers are refused with exit 2.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

same "-x" -- -x -e trace=write -- printf 'a\001b\nplain\n'
same "-xx" -- -xx -e trace=write -- printf 'ab\n'
same "-a 20" -- -a 20 -e trace=close,openat -- cat /etc/hostname
same "-z" -- -z -e trace=openat,close -- cat /nonexistent /etc/hostname
same "-Z" -- -Z -e trace=openat,close -- cat /nonexistent /etc/hostname
same "-e status=failed,unfinished" -- -e status=failed,unfinished -- cat /nonexistent
same "-e status=!successful" -- -e 'status=!successful' -- cat /nonexistent
sig='trap : USR1 USR2; kill -USR1 $$; kill -USR2 $$'
same "-e signal=none" -- -e signal=none -e trace=kill -- sh -c "$sig"
same "-e signal=!SIGUSR1" -- -e 'signal=!SIGUSR1' -e trace=kill -- sh -c "$sig"
same "-e signal=USR1" -- -e signal=USR1 -e trace=kill -- sh -c "$sig"
same "-y" -- -y -e trace=openat,read,close,fstat,newfstatat,lseek,mmap -- cat /etc/hostname
# SIGCHLD lands where the first child's exit happens to fall: not compared.
same "-y pipe" -- -y -e signal=none -e trace=pipe2,dup2,close,write -- sh -c 'echo hi | cat'
same "-yy /dev/null" -- -yy -e trace=write -- sh -c 'echo hi >/dev/null'
if command -v python3 >/dev/null; then
	same "-yy UNIX" -- -yy -e trace=socket,connect,bind,close -- python3 -c '
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
try:
    s.connect("/nonexistent")
except OSError:
    pass
s.close()'
	# TCP over loopback, when the guest has it up. The guest's strace has
	# no inet_diag to ask (it prints TCP:[INODE]): udb's addresses are
	# checked against what the program bound.
	if python3 -c 'import socket; socket.socket().bind(("127.0.0.1", 0))' 2>/dev/null; then
		timeout $((60 * scale)) "$udb" trace -yy -e trace=listen,connect,close -o "$work/tcp" -- python3 -c '
import socket
t = socket.socket()
t.bind(("127.0.0.1", 0))
t.listen()
u = socket.socket()
u.connect(t.getsockname())
print(t.getsockname()[1])
u.close()
t.close()' >"$work/port" || bad "python3's TCP loopback under udb failed"
		port=$(cat "$work/port")
		expect "$work/tcp" "^listen\\(3<TCP:\\[127\\.0\\.0\\.1:$port\\]>, 128\\) += 0$" "-yy TCP listen"
		expect "$work/tcp" "^close\\(4<TCP:\\[127\\.0\\.0\\.1:[0-9]+->127\\.0\\.0\\.1:$port\\]>\\) += 0$" \
			"-yy TCP connected"
		echo "ok -yy TCP: $(grep -c TCP "$work/tcp") lines with addresses"
	else
		echo "no loopback in the guest: -yy TCP not checked"
	fi
fi
same "-e raw=" -- -e trace=openat,read,close -e raw=openat,read,close -- cat /nonexistent /etc/hostname
same "-e raw=!close" -- -e trace=openat,close -e 'raw=!close' -- cat /etc/hostname
same "-e abbrev=none" -- -e abbrev=none -e trace=uname -- uname -a
same "-e abbrev=!uname" -- -e 'abbrev=!uname' -e trace=uname,write -- uname -a
same "-f -P /etc/hostname" -- -f -P /etc/hostname -- sh -c 'cat /etc/hostname; ls / >/dev/null'
same "-P via a symlink" -- -P /etc/hostname -- cat /proc/self/root/etc/hostname

timeout $((60 * scale)) "$udb" trace -qq -o "$work/q" -- true
grep -q '^+++' "$work/q" && bad "-qq: an exit line was printed"
grep -q '^exit_group(0) ' "$work/q" || bad "-qq: no exit_group line"
timeout $((60 * scale)) "$udb" trace -q -o "$work/q" -- true || bad "-q refused"
grep -q '^+++ exited with 0 +++$' "$work/q" || bad "-q: no exit line"

for bad_expr in -esignal=NOSUCH -estatus=bogus -eread=x -ekvm=vcpu -eraw=nosuch -eabbrev=%bogus \
	-a12x -a5000; do
	"$udb" trace "$bad_expr" -- true 2>"$work/err"
	rc=$?
	[ $rc = 2 ] && [ -s "$work/err" ] || bad "udb trace $bad_expr: exit $rc, '$(cat "$work/err")'"
done
"$udb" trace -P '' -- true 2>"$work/err"
rc=$?
[ $rc = 2 ] || bad "udb trace -P '': exit $rc"
exit $fail
