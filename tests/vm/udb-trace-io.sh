#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Timeout: 600
# Description: udb trace's -e read=SET and -e write=SET (and --read=,
# --write=), -v and -u USERNAME print what strace prints with the same
# flags, line for line: the hex dumps of read, write, pread64, pwrite64,
# readv, writev, recvfrom, sendto, sendmsg and recvmsg on the descriptors
# of the set (all, none, negated, a later set replacing an earlier one,
# with -f), every
# field of struct stat and uname, and execve's environment under -v; under
# -u the program runs with the user's uid, gid and groups (id says the
# same as for strace -u and as the password database). Bad sets, an
# unknown user, -u without root or without a COMMAND exit 2 with
# strace's message. valgrind finds nothing in udb with the three.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

# -e write= and -e read= on the descriptors a program names itself.
same "-e write=1" -- -e trace=write -e write=1 -- printf 'hello world, this is a long line of text\001\377 x\n'
same "-e read=3 (libc's ELF header too)" -- -e trace=read -e read=3 -- cat /etc/hostname
# cat writes to 1 and its complaint to 2.
two="cat /etc/hostname /nonexistent"
same "-e read=all -e write=!1" -- -e trace=read,write -e read=all -e 'write=!1' -- $two
same "-e write=none" -- -e trace=write -e write=none -- $two
same "-e write=!all, -e r=!none" -- -e trace=write -e 'write=!all' -e 'r=!none' -- $two
same "a later -e write= replaces" -- -e trace=write -e write=1 -e w=2 -- $two
same "--write=2,1 --read=3 -s 4" -- -e trace=read,write --write=2,1 --read=3 -s 4 -- $two
# Each syscall strace dumps that udb decodes, on descriptors out of the way
# of python's own: a pipe (20, 21), a file (22), a datagram pair (23, 24).
io='
import os, socket
r, w = os.pipe()
os.dup2(r, 20); os.dup2(w, 21); os.close(r); os.close(w)
os.writev(21, [b"ab", b"", b"cdef\n"])
os.readv(20, [bytearray(3), bytearray(0), bytearray(10)])
os.writev(21, [b"x" * 40, b"yz"])
os.readv(20, [bytearray(16), bytearray(30)])
os.write(21, b"xyz")
os.read(20, 0)
os.read(20, 2)
os.read(20, 10)
try:
    os.write(99, b"bad fd")
except OSError:
    pass
f = os.open(os.environ["IOFILE"], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
os.dup2(f, 22)
os.pwrite(22, b"pw-data", 3)
os.pread(22, 100, 0)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
os.dup2(a.fileno(), 23); os.dup2(b.fileno(), 24)
a = socket.socket(fileno=23); b = socket.socket(fileno=24)
a.send(b"dgram\0\377")
b.recv(100)
os.close(21)
os.read(20, 10)
'
export IOFILE=$work/iofile
calls=read,write,readv,writev,pread64,pwrite64,sendto,recvfrom
same "every dumped syscall" -- -e trace=$calls -e read=20,22,24 -e write=21,22,23,99 -- python3 -c "$io"
# sendmsg and recvmsg, lines and dumps (tests/vm/udb-trace-msg.sh has the rest).
same "sendmsg, recvmsg" -- -e trace=sendmsg,recvmsg -e read=all -e write=all -- python3 -c '
import socket
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.sendmsg([b"m1", b"", b"m2"])
b.recvmsg(100)
'
same "-f, -e write=1" -- -f -e signal=none -e trace=write -e write=1 -- sh -c 'echo a; /bin/echo c'

# -v: struct stat's every field, uname's, execve's environment and long argv.
# cat's fstat of its output, /dev/null, shows a device.
same "-v fstat, newfstatat" -- -v -e trace=fstat,newfstatat -- cat /etc/hostname
same "-v uname" -- -v -e trace=uname -- uname -a
same "-v execve, 40 arguments" -- -v -e trace=execve -- env -i A=1 'B=two words' /bin/true $(seq 40)
same "-v -f execve" -- -v -f -e trace=execve -e signal=none -- sh -c '/bin/true; exec env -i C=3 /bin/true'

# -u: the ids of the password database, as id shows them under strace -u.
user_id() {
	local user=$1
	strace -u "$user" -o "$work/su" -- id >"$work/sid" 2>&1 || bad "strace -u $user id failed"
	timeout $((60 * scale)) "$udb" trace -u "$user" -o "$work/uu" -- id >"$work/uid" 2>&1
	rc=$?
	[ $rc = 0 ] || bad "udb trace -u $user id: exit $rc: $(cat "$work/uid")"
	id "$user" >"$work/want"
	if cmp -s "$work/uid" "$work/sid" && cmp -s "$work/uid" "$work/want"; then
		echo "ok -u $user: $(cat "$work/uid")"
	else
		bad "-u $user: udb's program saw '$(cat "$work/uid")', strace's '$(cat "$work/sid")', the database says '$(cat "$work/want")'"
	fi
}
user_id nobody
# A user with supplementary groups, when the database has one.
member=$(awk -F: '$4 != "" { split($4, m, ","); print m[1] }' /etc/group | while read -r u; do
	id "$u" >/dev/null 2>&1 && { echo "$u"; break; }; done)
if [ -n "$member" ]; then
	user_id "$member"
else
	echo "no user with supplementary groups in /etc/group: not checked"
fi
same "-u nobody" -- -u nobody -e trace=getuid,geteuid,getgid,getegid,execve -- id

# Refusals: exit 2 (strace exits 1) and strace's message after "udb: ".
refused() {
	local what=$1
	shift
	strace "$@" 2>"$work/serr" >/dev/null
	timeout $((60 * scale)) "$udb" trace "$@" 2>"$work/uerr" >/dev/null
	rc=$?
	sed -n 's/^strace: //p' "$work/serr" | head -n 1 >"$work/smsg"
	sed -n 's/^udb: //p' "$work/uerr" | head -n 1 >"$work/umsg"
	if [ $rc != 2 ]; then
		bad "$what: exit $rc, '$(cat "$work/uerr")'"
	elif [ -s "$work/smsg" ] && ! cmp -s "$work/smsg" "$work/umsg"; then
		bad "$what: udb said '$(cat "$work/umsg")', strace '$(cat "$work/smsg")'"
	else
		echo "ok $what refused: $(cat "$work/umsg")"
	fi
}
for set in x -1 '' '!' 'all,3' '1,x' 2147483648 0x3 '3 ' ,; do
	refused "-e read='$set'" -e "read=$set" -- true
done
refused "-e write=x" -e "write=x" -- true
refused "--read=x" --read=x -- true
refused "-u nosuchuser" -u nosuchuser-$$ -- true
refused "-u ''" -u '' -- true
if command -v setpriv >/dev/null; then
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	# strace names its option "-u/--username" but takes --user: udb says --user.
	nobody strace -u nobody -- true 2>"$work/serr"
	nobody "$udb" trace -u nobody -- true 2>"$work/uerr"
	rc=$?
	if [ $rc = 2 ] && [ "$(sed -n 's/^udb: //p' "$work/uerr")" = \
		"$(sed -n 's/^strace: //; s/--username/--user/p' "$work/serr")" ]; then
		echo "ok -u without root refused: $(cat "$work/uerr")"
	else
		bad "-u without root: exit $rc, '$(cat "$work/uerr")', strace: '$(cat "$work/serr")'"
	fi
else
	echo "no setpriv: -u without root not checked"
fi
sleep 30 &
pids+=($!)
"$udb" trace -u nobody -p $! 2>"$work/uerr"
rc=$?
[ $rc = 2 ] && grep -q 'COMMAND' "$work/uerr" || bad "-u with -p: exit $rc, '$(cat "$work/uerr")'"
# No leak or bad access in udb with the three, nor on a refused set.
if command -v valgrind >/dev/null; then
	vg trace -v -e read=3 -e write=1 -u nobody -o "$work/vgout" -- cat /etc/hostname
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$udb" trace -e read=3 -e 'write=1,x' -- true >/dev/null 2>"$work/vg.log"
	[ $? = 2 ] || { bad "a refused set under valgrind:"; head -n 20 "$work/vg.log"; }
fi
# Accepted as strace accepts them.
for set in '!3,4' '3,,4' '+3' ' 03' 2147483647; do
	timeout $((60 * scale)) "$udb" trace -e "read=$set" -o "$work/q" -- true 2>"$work/uerr" ||
		bad "-e read='$set' refused: $(cat "$work/uerr")"
done
exit $fail
