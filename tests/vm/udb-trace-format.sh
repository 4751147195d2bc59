#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 360
# Description: udb trace's output flags print what strace prints with the
# same flags, line for line (addresses, pids and inode numbers aside):
# -x and -xx (strings in hex), -a COLUMN, -z, -Z and -e status=, -e signal=,
# -y (descriptors' paths, pipes, sockets; a closed one as it was), -yy
# (devices, UNIX sockets), -P PATH (only the syscalls that name PATH, by
# path or descriptor, with -f), -e raw= (arguments and return in hex) and
# -e abbrev= (structures of the others unabbreviated), -e verbose=
# (structures of the others as addresses), each with a set and a negated
# one; -k (each syscall's stack, frame for frame: libc, a program without
# symbols, ld.so before libc is mapped, a library that python's ctypes
# loads later, each thread of a -f process, every call of cat but its
# exit_group); -qq drops the exit lines; bad sets and unsupported -e
# qualifiers are refused with exit 2. -k on a 32-bit program unwinds it
# (strace shows no frames there), and on a program killed while traced
# ends with its status, without hanging. Structures strace decodes
# (timeval and timezone, sockaddrs filled in and their lengths, CPU masks,
# statfs, pollfds, epoll_create1's flags, stack_t, statx, getdents64's
# entry count) are strace's too.
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
same "-e verbose=none" -- -e verbose=none -e trace=execve,openat,newfstatat,read,close,prlimit64 \
	-- cat /etc/hostname
same "-e verbose=!newfstatat" -- -e 'verbose=!newfstatat' -e trace=execve,newfstatat,prlimit64 \
	-- cat /etc/hostname
same "-e verbose=none sh" -- -e v=none -e signal=none \
	-e trace=execve,rt_sigaction,rt_sigprocmask,pipe2 -- sh -c 'echo hi | cat'
same "-k" -- -k -e trace=write -- /bin/echo hi
same "-k sh" -- -k -e trace=openat,mmap,mprotect,write -- sh -c 'echo hi'
same "-k every call" -- -k -e 'trace=!exit_group,getrandom,set_tid_address' -- cat /etc/hostname
if command -v python3 >/dev/null; then
	# A thread's exit line lands anywhere in strace's output: -qq drops them.
	same "-k -f threads" -- -k -f -qq -e trace=write -- python3 -c '
import os, threading
t = threading.Thread(target=lambda: os.write(1, b"thread\n"))
t.start()
t.join()
os.write(1, b"main\n")'
	# libffi and _ctypes are mapped after the start: the maps are read again.
	same "-k ctypes" -- -k -e trace=write -- python3 -c '
import ctypes
ctypes.CDLL(None).write(1, b"hi\n", 3)'
	grep -q '^ > .*libffi' "$work/u" || bad "-k ctypes: no frame in libffi"
fi

# -k on a 32-bit program: unwound (strace prints no frames for one).
cat >"$work/p32.s" <<'S'
	.globl _start
_start:
	call f
	mov $1, %eax
	mov $0, %ebx
	int $0x80
	.type f, @function
f:
	mov $4, %eax
	mov $1, %ebx
	mov $msg, %ecx
	mov $3, %edx
	int $0x80
	ret
	.data
msg:	.ascii "hi\n"
S
if cc -x assembler -m32 -nostdlib -static -o "$work/p32" "$work/p32.s" 2>/dev/null; then
	timeout $((60 * scale)) "$udb" trace -k -o "$work/k32" -- "$work/p32" >/dev/null
	rc=$?
	[ $rc = 0 ] || bad "-k on a 32-bit program: exit $rc"
	grep -A1 '^write(1, "hi\\n", 3) ' "$work/k32" | grep -Eq "^ > $work/p32\(f\+0x[0-9a-f]+\) \[0x[0-9a-f]+\]$" ||
		{ bad "-k on a 32-bit program: no frame in f after the write:"; cat "$work/k32"; }
	echo "ok -k ia32: $(grep -c '^ > ' "$work/k32") frames"
else
	echo "cannot build a 32-bit program: -k on ia32 not checked"
fi

# -k on a program killed while udb unwinds it: udb ends with its status.
timeout $((120 * scale)) "$udb" trace -k -o "$work/kk" -- sh -c 'while :; do echo x; done' >/dev/null &
tpid=$!
pids+=("$tpid")
wait_line "$work/kk" '^ > ' || bad "-k kill: no frame printed"
upid= spid=
read -r upid _ <"/proc/$tpid/task/$tpid/children"
[ -n "$upid" ] && read -r spid _ <"/proc/$upid/task/$upid/children"
[ -n "$spid" ] && kill -KILL "$spid" || bad "-k kill: no program to kill under udb"
wait "$tpid"
rc=$?
[ $rc = 137 ] || bad "-k on a killed program: exit $rc (124: udb hung)"
tail -n 1 "$work/kk" | grep -q '^+++ killed by SIGKILL +++$' ||
	bad "-k kill: the last line is '$(tail -n 1 "$work/kk")', not the killed line"
echo "ok -k kill: exit $rc after $(grep -c '^write' "$work/kk") writes"

# Structures udb decodes as strace does, with values that do not change
# between the two runs: a timezone, a timeval (a settimeofday that fails),
# an unbound socket's name, a failed getpeername's length, a CPU mask, a
# pipe's statfs, pollfds in and out, epoll_create1's flag, sigaltstack's
# stack_t, statx, getdents64's entry count.
if command -v python3 >/dev/null; then
	same "structures" -- -e signal=none -e trace=gettimeofday,settimeofday,getsockname,getpeername,sched_getaffinity,fstatfs,poll,epoll_create1 \
		-- python3 -c '
import ctypes, os, select, socket
libc = ctypes.CDLL(None, use_errno=True)
tz = (ctypes.c_int * 2)()
libc.syscall(96, None, ctypes.byref(tz))
tv = (ctypes.c_long * 2)(1, 2000000)
libc.syscall(164, ctypes.byref(tv), None)
s = socket.socket()
s.getsockname()
try:
    s.getpeername()
except OSError:
    pass
os.sched_getaffinity(0)
r, w = os.pipe()
os.fstatvfs(r)
os.write(w, b"x")
p = select.poll()
p.register(r, select.POLLIN)
p.register(w, select.POLLOUT)
p.poll(0)
select.epoll()'
	same "sigaltstack" -- -e signal=none -e trace=sigaltstack -- python3 -X faulthandler -c pass
fi
same "statx" -- -e trace=statx -- stat /etc/hostname
same "getdents64" -- -e trace=getdents64 -- ls /etc

same "-f -P /etc/hostname" -- -f -P /etc/hostname -- sh -c 'cat /etc/hostname; ls / >/dev/null'
same "-P via a symlink" -- -P /etc/hostname -- cat /proc/self/root/etc/hostname

timeout $((60 * scale)) "$udb" trace -qq -o "$work/q" -- true
grep -q '^+++' "$work/q" && bad "-qq: an exit line was printed"
grep -q '^exit_group(0) ' "$work/q" || bad "-qq: no exit_group line"
timeout $((60 * scale)) "$udb" trace -q -o "$work/q" -- true || bad "-q refused"
grep -q '^+++ exited with 0 +++$' "$work/q" || bad "-q: no exit line"

for bad_expr in -esignal=NOSUCH -estatus=bogus -eread=x -ekvm=vcpu -eraw=nosuch -eabbrev=%bogus \
	-everbose=nosuch '-ev=!%bogus' '-everbose=/(' \
	-a12x -a5000; do
	"$udb" trace "$bad_expr" -- true 2>"$work/err"
	rc=$?
	[ $rc = 2 ] && [ -s "$work/err" ] || bad "udb trace $bad_expr: exit $rc, '$(cat "$work/err")'"
done
"$udb" trace -P '' -- true 2>"$work/err"
rc=$?
[ $rc = 2 ] || bad "udb trace -P '': exit $rc"
exit $fail
