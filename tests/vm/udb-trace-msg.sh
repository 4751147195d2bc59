#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1
# Timeout: 300
# Description: udb trace decodes sendmsg, recvmsg, sendmmsg and recvmmsg
# as strace does, line for line (pids, addresses and recvmmsg's time left
# aside), on tests/progs/msgcalls' calls: struct msghdr with msg_name,
# iovecs (an empty one, one past -s, a received message's length), control
# messages (SCM_RIGHTS, SCM_CREDENTIALS, an unknown type, a buffer cut
# short; IP_PKTINFO, IP_TTL and IP_TOS over UDP when the guest has a
# loopback), msg_flags, recvmsg's msg_namelen changed by the call ("110 =>
# 0", read while the kernel holds the call before it runs), mmsghdr arrays
# with msg_len, recvmmsg's timeout as given, errors; with -s 8, -x, -y,
# -e verbose=none, and the -e read=/-e write= dumps of the four. Python's
# socket.sendmsg/recvmsg too. valgrind finds nothing in udb meanwhile.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/strace-oracle.sh"

prog=$top/build/tests/progs/msgcalls
calls=sendmsg,recvmsg,sendmmsg,recvmmsg
"$prog" "$work" || bad "msgcalls failed untraced"
same "msgcalls" -- -e trace=$calls -- "$prog" "$work"
same "msgcalls -s 8 -x" -- -s 8 -x -e trace=$calls -- "$prog" "$work"
same "msgcalls -y" -- -y -e trace=$calls,socket,bind -- "$prog" "$work"
same "msgcalls -e verbose=none" -- -e verbose=none -e trace=$calls -- "$prog" "$work"
same "msgcalls -e verbose=!recvmsg" -- -e 'verbose=!recvmsg,recvmmsg' -e trace=$calls -- "$prog" "$work"
# Descriptors 3 and 4 are the pair; 99 (a failed sendmmsg) stays out of the set.
same "msgcalls dumps" -- -e trace=$calls -e write=3 -e read=4,5 -- "$prog" "$work"
grep -q '^ = 1 buffers in vector 1$' "$work/u" || bad "msgcalls dumps: no mmsghdr dump in udb's output"
# No leak or bad access in udb decoding and dumping them, the entry hold included.
if command -v valgrind >/dev/null; then
	vg trace -e trace=$calls -e read=4 -e write=3 -o "$work/vgout" -- "$prog" "$work"
fi
if command -v python3 >/dev/null; then
	same "python3 sendmsg, recvmsg" -- -e trace=sendmsg,recvmsg -e read=all -e write=all -- python3 -c '
import socket
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.sendmsg([b"m1", b"", b"m2"])
b.recvmsg(100, socket.CMSG_SPACE(8))
a.sendmsg([b"fds"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(8))])
b.recvmsg(100, socket.CMSG_SPACE(8))
'
	# SOL_IP's control messages, when the guest has its loopback up.
	if python3 -c 'import socket; socket.socket().bind(("127.0.0.1", 0))' 2>/dev/null; then
		same "IP_PKTINFO, IP_TTL, IP_TOS" -- -e trace=recvmsg -- python3 -c '
import socket
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 0))
for opt in (8, 12, 13):  # IP_PKTINFO, IP_RECVTTL, IP_RECVTOS
    r.setsockopt(socket.IPPROTO_IP, opt, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 47123))  # the same port under both tracers
s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x10)
s.sendto(b"ttl", r.getsockname())
r.recvmsg(10, 256)
'
	else
		echo "no loopback in the guest: SOL_IP messages not checked"
	fi
fi
exit $fail
