# SPDX-License-Identifier: GPL-2.0
# A raw remote-protocol client for tests/vm/udb-gdbserver-protocol.sh
# and tests/vm/udb-gdbserver-nonstop.sh (not a test of its own).
# Usage: python3 gdb-protocol.py PORT, or python3 gdb-protocol.py --nonstop
# SERVER-COMMAND... (the server on the client's stdin and stdout).
# With PORT it sends well-formed, unknown and malformed packets to a server that
# started "gdb-target calls" and checks each answer: the empty reply for
# what the server does not know, an error reply ("Enn") for what is
# malformed, '-' for a bad checksum, and that the server still answers
# afterwards; the host I/O packets (vFile) on files of its own; then 'k'.
# With --nonstop the server started "gdb-target nonstop" and the client
# checks non-stop mode (nonstop() below). Exits 0 when every answer was
# right, 1 otherwise.
import os
import select
import socket
import subprocess
import sys
import tempfile
import time


class Pipe:
    """A server on our pipes, as a socket."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def sendall(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def recv(self, n):
        return os.read(self.proc.stdout.fileno(), n)

    def fileno(self):
        return self.proc.stdout.fileno()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(60)


if sys.argv[1] == "--nonstop":
    sock = Pipe(sys.argv[2:])
else:
    sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
buf = b""
failures = 0
notifs = []


def send_raw(data):
    sock.sendall(data)


def packet(body):
    if isinstance(body, str):
        body = body.encode()
    return b"$" + body + b"#" + ("%02x" % (sum(body) & 0xff)).encode()


def read_reply(timeout=None):
    """The next packet's body; acks are skipped; notifications (%...) go
    to notifs. With a timeout (seconds): None when it passes or a
    notification came first."""
    global buf
    while True:
        start = min([i for i in (buf.find(b"$"), buf.find(b"%")) if i >= 0], default=-1)
        if start >= 0:
            end = buf.find(b"#", start)
            if end >= 0 and len(buf) >= end + 3:
                body = buf[start + 1:end]
                kind = buf[start:start + 1]
                buf = buf[end + 3:]
                if kind == b"%":
                    notifs.append(body)
                    if timeout is not None:
                        return None
                    continue
                sock.sendall(b"+")
                return body
        if timeout is not None and not select.select([sock], [], [], timeout)[0]:
            return None
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        buf += chunk


def ask(body):
    send_raw(packet(body))
    return read_reply()


def check(what, got, ok):
    global failures
    if not ok:
        failures += 1
        print("FAIL %s: %r" % (what, got[:200]))


def wait_notif(timeout):
    """The next %Stop notification's reply, or None after timeout seconds."""
    end = time.time() + timeout
    while not notifs:
        left = end - time.time()
        if left <= 0:
            return None
        r = read_reply(left)
        if r is not None:
            check("a packet nobody asked for", r, False)
    n = notifs.pop(0)
    return n[len(b"Stop:"):] if n.startswith(b"Stop:") else n


def thread_of(reply):
    """The thread of a T stop reply (b"pPID.TID"), or None."""
    for field in reply.split(b";"):
        if field[3:].startswith(b"thread:"):
            return field[10:]
        if field.startswith(b"thread:"):
            return field[7:]
    return None


def drain(first):
    """first and the replies vStopped gives until OK: the stop replies."""
    replies = []
    r = first
    while r != b"OK" and len(replies) < 100:
        replies.append(r)
        r = ask("vStopped")
    return replies


def nonstop():
    """Non-stop mode, on "gdb-target nonstop" just started (one thread)."""
    r = ask("qSupported:multiprocess+;swbreak+;vContSupported+")
    check("qSupported offers QNonStop", r, b"QNonStop+" in r)
    r = ask("vCont?")
    check("vCont? lists t", r, b";t" in r and b";c" in r and b";s" in r)
    r = ask("QNonStop:2")
    check("QNonStop:2", r, r == b"E01")
    r = ask("QNonStop:1")
    check("QNonStop:1", r, r == b"OK")
    r = ask("?")
    check("? at the start", r, r.startswith(b"T05") and thread_of(r))
    main = thread_of(r)
    r = ask("vStopped")
    check("vStopped after the one thread", r, r == b"OK")
    # A step: OK at once, then the stop as a notification.
    r = ask("vCont;s:%s" % main.decode())
    check("vCont;s in non-stop", r, r == b"OK")
    r = wait_notif(60)
    check("the step's stop (thread %r)" % main, r,
          r is not None and r.startswith(b"T05") and thread_of(r) == main)
    r = ask("vStopped")
    check("vStopped after the step", r, r == b"OK")
    # Everything runs: OK, no stop reply.
    r = ask("vCont;c")
    check("vCont;c in non-stop", r, r == b"OK")
    r = wait_notif(1)
    check("no stop while the threads run", r, r is None)
    r = ask("vCont;t")
    check("vCont;t", r, r == b"OK")
    first = wait_notif(60)
    check("a stop after vCont;t", first, first is not None)
    stops = drain(first or b"OK")
    r = ask("qfThreadInfo")
    threads = r[1:].split(b",") if r.startswith(b"m") else []
    check("threads after vCont;t", r, len(threads) >= 2)
    check("one stop with signal 0 per thread", stops,
          sorted(thread_of(x) for x in stops) == sorted(threads) and
          all(x.startswith(b"T00") for x in stops))
    # '?': each stopped thread's stop, the first as the reply.
    r = ask("?")
    again = drain(r)
    check("? lists every stopped thread", again,
          sorted(thread_of(x) for x in again) == sorted(threads))
    # Stopped threads are not stopped again.
    r = ask("vCont;t")
    check("vCont;t of stopped threads", r, r == b"OK")
    r = wait_notif(1)
    check("no stop for threads already stopped", r, r is None)
    # One thread resumed, then stopped alone.
    one = threads[-1].decode()
    r = ask("vCont;c:%s" % one)
    check("vCont;c of one thread", r, r == b"OK")
    r = ask("vCont;t:%s" % one)
    check("vCont;t of one thread", r, r == b"OK")
    r = wait_notif(60)
    check("its stop", r, r is not None and r.startswith(b"T00") and thread_of(r) == one.encode())
    r = ask("vStopped")
    check("vStopped after one stop", r, r == b"OK")
    for bad in ["vCont;t:zz", "vCont;x", "vCont;Czz"]:
        r = ask(bad)
        check("malformed %s" % bad, r, r == b"E01")
    r = ask("QNonStop:0")
    check("QNonStop:0", r, r == b"OK")
    r = ask("?")
    check("? in all-stop again", r, r.startswith(b"T"))
    send_raw(packet("k"))
    sock.close()
    sys.exit(1 if failures else 0)


if sys.argv[1] == "--nonstop":
    nonstop()
r = ask("qSupported:multiprocess+;swbreak+")
check("qSupported", r, b"PacketSize=" in r and b"hwbreak+" in r and b"qXfer:features:read+" in r and
      b"qXfer:siginfo:read+" in r and b"qXfer:libraries-svr4:read+" in r)
r = ask("?")
check("? after start", r, r.startswith(b"T05"))
# At the first instruction the dynamic linker has not set DT_DEBUG yet.
r = ask("qXfer:libraries-svr4:read::0,1000")
check("libraries-svr4 before the dynamic linker ran", r,
      r == b'l<library-list-svr4 version="1.0"></library-list-svr4>')
r = ask("qXfer:libraries-svr4:read::8,4")
check("libraries-svr4 part", r, r == b"m-lis")
r = ask("qXfer:libraries-svr4:read:start=0x0;prev=0x0;:0,1000")
check("libraries-svr4 with an annex (not offered)", r, r == b"E01")
r = ask("qXfer:siginfo:read::0,80")
check("siginfo at a stop that no signal caused", r, r == b"E01")
r = ask("qFooBarUnknown")
check("unknown q packet", r, r == b"")
r = ask("jUnknownLetter")
check("unknown letter", r, r == b"")
for bad in ["mzz,4", "m1234", "m1234,", "Mzz", "M1000,2:zz", "X1000,5:ab", "Z0,zz,1",
            "Z0,1000", "z0", "pzz", "P1=zz", "P9999=00", "vCont;x", "vCont;c:zz",
            "Hgzz", "Tzz", "Gzz", "QCatchSyscalls:7",
            "qXfer:features:read:nosuch.xml:0,100", "qXfer:features:read:target.xml:zz",
            "qXfer:auxv:read::", "qXfer:libraries-svr4:read::zz", "vKill;0"]:
    r = ask(bad)
    check("malformed %s" % bad, r, r.startswith(b"E"))
# Registers: 560 bytes of amd64 registers, as hex.
r = ask("g")
check("g length", r, len(r) == 2 * 560)
r = ask("p10")
check("p rip", r, len(r) == 16)
# Memory at the pc, through m; then the same after a breakpoint there: the
# breakpoint's byte never shows.
pc = int.from_bytes(bytes.fromhex(r.decode()), "little")
before = ask("m%x,8" % pc)
check("m at pc", before, len(before) == 16)
r = ask("Z0,%x,1" % pc)
check("Z0 at pc", r, r == b"OK")
after = ask("m%x,8" % pc)
check("m with a breakpoint", after, after == before)
r = ask("z0,%x,1" % pc)
check("z0", r, r == b"OK")
r = ask("z0,%x,1" % pc)
check("z0 twice", r, r.startswith(b"E"))
# Hardware breakpoints and watchpoints: Z1, Z2, Z4; Z3 (read-only) is not
# supported on x86 (the empty reply, as gdbserver's); four debug registers.
r = ask("Z3,%x,8" % pc)
check("Z3", r, r == b"")
r = ask("Z5,%x,1" % pc)
check("Z5", r, r == b"")
r = ask("Z1,%x,1" % pc)
check("Z1 at pc", r, r == b"OK")
r = ask("z1,%x,1" % pc)
check("z1", r, r == b"OK")
r = ask("z1,%x,1" % pc)
check("z1 twice", r, r.startswith(b"E"))
r = ask("Z2,%x,0" % pc)
check("Z2 of no byte", r, r.startswith(b"E"))
base = pc & ~7
r = ask("Z2,%x,20" % base)
check("Z2 of 32 bytes: four debug registers", r, r == b"OK")
r = ask("Z4,%x,1" % base)
check("a fifth debug register", r, r.startswith(b"E"))
r = ask("z2,%x,20" % base)
check("z2 of 32 bytes", r, r == b"OK")
r = ask("Z4,%x,1" % base)
check("Z4 once the registers are free", r, r == b"OK")
r = ask("z4,%x,1" % base)
check("z4", r, r == b"OK")
# A bad checksum is refused with '-'.
send_raw(b"$g#00")
while len(buf) < 1:
    buf += sock.recv(1)
check("bad checksum", buf[:1], buf[:1] == b"-")
buf = buf[1:]
r = ask("qC")
check("the server answers after a bad checksum", r, r.startswith(b"QC"))
r = ask("qXfer:features:read:target.xml:0,40000")
check("target.xml", r, r.startswith(b"l<?xml") and b"org.gnu.gdb.i386.linux" in r
      and b"orig_rax" in r and b"fs_base" in r and b"org.gnu.gdb.i386.sse" in r)
# Host I/O (vFile): replies "F<hex>[,<errno>][;<binary>]", gdb's FILEIO_E*
# numbers (2 ENOENT, 0x16 EINVAL), gdb's open flags (0x601: WRONLY, CREAT,
# TRUNC) and modes (0x180: 0600).
def hexname(path):
    return path.encode().hex()


def unescape(data):
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == 0x7d:
            i += 1
            out.append(data[i] ^ 0x20)
        else:
            out.append(data[i])
        i += 1
    return bytes(out)


def escape(data):
    out = bytearray()
    for b in data:
        if b in b"#$}*":
            out += bytes([0x7d, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)


def with_data(r):
    """A vFile reply with an attachment: (result, data)."""
    head, sep, data = r.partition(b";")
    if not sep or not head.startswith(b"F"):
        return None, b""
    return int(head[1:], 16), unescape(data)


tmp = tempfile.mkdtemp()
known = os.path.join(tmp, "known")
content = bytes(range(256)) * 4 + b"#$}*"
with open(known, "wb") as f:
    f.write(content)
os.chmod(known, 0o640)
r = ask("vFile:setfs:0")
check("setfs 0", r, r == b"F0")
r = ask("vFile:open:%s,0,0" % hexname(tmp + "/missing"))
check("open of a missing file", r, r == b"F-1,2")
for bad in ["vFile:open:zz,0,0", "vFile:open:%s" % hexname(known),
            "vFile:open:%s,0" % hexname(known), "vFile:open:%s,1000,0" % hexname(known),
            "vFile:open:%s,0,1000" % hexname(known), "vFile:open:,0,0",
            "vFile:open:%s,0,0,0" % hexname(known), "vFile:pread:zz,10,0",
            "vFile:pread:%x,10,0" % 1000, "vFile:close:3e8", "vFile:close:",
            "vFile:fstat:3e8", "vFile:pwrite:3e8,0,ab", "vFile:unlink:2f7",
            "vFile:readlink:zz", "vFile:setfs:zz", "vFile:setfs:-1"]:
    r = ask(bad)
    check("malformed or bad fd: %s" % bad, r, r == b"F-1,16")
r = ask("vFile:frobnicate:0")
check("unknown vFile operation", r, r == b"")
r = ask("vFile:open:%s,0,0" % hexname(known))
check("open", r, r.startswith(b"F") and not r.startswith(b"F-"))
fd = int(r[1:], 16) if r.startswith(b"F") and not r.startswith(b"F-") else 0
res, st = with_data(ask("vFile:fstat:%x" % fd))
check("fstat: 64 bytes", st, res == 64 and len(st) == 64)
if len(st) == 64:
    host = os.stat(known)
    check("fstat size (big-endian, at 28)", st, int.from_bytes(st[28:36], "big") == len(content))
    check("fstat mode: regular, 0640", st, int.from_bytes(st[8:12], "big") == 0o100640)
    check("fstat inode, nlink, uid", st, int.from_bytes(st[4:8], "big") == host.st_ino & 0xffffffff
          and int.from_bytes(st[12:16], "big") == 1 and
          int.from_bytes(st[16:20], "big") == host.st_uid)
    check("fstat mtime", st, int.from_bytes(st[56:60], "big") == int(host.st_mtime))
res, data = with_data(ask("vFile:pread:%x,%x,0" % (fd, len(content) + 100)))
check("pread of the whole file (escaped bytes)", data, res == len(content) and data == content)
res, data = with_data(ask("vFile:pread:%x,10,%x" % (fd, 1020)))
check("pread at an offset", data, res == 8 and data == content[1020:])
r = ask("vFile:pread:%x,10,%x" % (fd, len(content)))
check("pread at the end of the file", r, r == b"F0;")
r = ask("vFile:close:%x" % fd)
check("close", r, r == b"F0")
r = ask("vFile:close:%x" % fd)
check("close twice", r, r == b"F-1,16")
r = ask("vFile:pread:%x,10,0" % fd)
check("pread of a closed fd", r, r == b"F-1,16")
# A reply is never longer than the PacketSize announced (0x4000): a pread
# of 64 KiB of bytes that all need escaping gets what fits, counted right.
big = os.path.join(tmp, "big")
with open(big, "wb") as f:
    f.write(b"}" * 65536)
r = ask("vFile:open:%s,0,0" % hexname(big))
fd = int(r[1:], 16) if r.startswith(b"F") and not r.startswith(b"F-") else 0
r = ask("vFile:pread:%x,10000,0" % fd)
res, data = with_data(r)
check("pread reply within PacketSize", len(r), len(r) <= 0x4000 and res == len(data) and
      res > 0x1000 and data == b"}" * res)
r = ask("vFile:pread:%x,ffffffffffffffff,0" % fd)
check("pread of a huge count", len(r), len(r) <= 0x4000 and r.startswith(b"F"))
ask("vFile:close:%x" % fd)
# pwrite: binary data, escaped; the file gets gdb's mode 0600.
new = os.path.join(tmp, "new")
r = ask("vFile:open:%s,601,180" % hexname(new))
check("open O_CREAT", r, r.startswith(b"F") and not r.startswith(b"F-"))
fd = int(r[1:], 16) if r.startswith(b"F") and not r.startswith(b"F-") else 0
r = ask(b"vFile:pwrite:%x,0," % fd + escape(content))
check("pwrite", r, r == b"F%x" % len(content))
r = ask(b"vFile:pwrite:%x,%x," % (fd, len(content)) + escape(b"tail"))
check("pwrite at an offset", r, r == b"F4")
r = ask(b"vFile:pwrite:%x,0,ab}" % fd)
check("pwrite ending in an escape", r, r == b"F-1,16")
r = ask("vFile:close:%x" % fd)
check("close after pwrite", r, r == b"F0")
with open(new, "rb") as f:
    got = f.read()
check("the file written", got[:40], got == content + b"tail")
check("the file's mode", oct(os.stat(new).st_mode), os.stat(new).st_mode & 0o777 == 0o600)
r = ask("vFile:open:%s,a01,180" % hexname(new))
check("open O_CREAT|O_EXCL of an existing file", r, r == b"F-1,11")
# readlink: a link of ours, and the server's own /proc/self/exe.
os.symlink("some/target#$}*", os.path.join(tmp, "link"))
res, data = with_data(ask("vFile:readlink:%s" % hexname(tmp + "/link")))
check("readlink", data, res == 15 and data == b"some/target#$}*")
res, data = with_data(ask("vFile:readlink:%s" % hexname("/proc/self/exe")))
check("readlink /proc/self/exe", data, res == len(data) and data.endswith(b"/udb"))
r = ask("vFile:readlink:%s" % hexname(known))
check("readlink of a file", r, r == b"F-1,16")
# unlink
r = ask("vFile:unlink:%s" % hexname(new))
check("unlink", r, r == b"F0" and not os.path.exists(new))
r = ask("vFile:unlink:%s" % hexname(new))
check("unlink of a missing file", r, r == b"F-1,2")
r = ask("vFile:unlink:%s" % hexname(tmp))
check("unlink of a directory", r, r == b"F-1,15")
# setfs: the program's filesystem (the same mount namespace here), then
# one of a process that does not exist.
r = ask("qC")
child = int(r.split(b".")[-1], 16) if r.startswith(b"QC") else 0
r = ask("vFile:setfs:%x" % child)
check("setfs of the program", r, r == b"F0")
r = ask("vFile:open:%s,0,0" % hexname(known))
check("open in the program's filesystem", r, r.startswith(b"F") and not r.startswith(b"F-"))
if r.startswith(b"F") and not r.startswith(b"F-"):
    ask("vFile:close:%s" % r[1:].decode())
r = ask("vFile:setfs:7ffffff0")
check("setfs of no process", r, r == b"F0")
r = ask("vFile:open:%s,0,0" % hexname(known))
check("open in no process's filesystem", r, r.startswith(b"F-1,"))
r = ask("vFile:setfs:0")
for name in ("known", "big", "link"):
    os.unlink(os.path.join(tmp, name))
os.rmdir(tmp)
send_raw(packet("k"))
sock.close()
sys.exit(1 if failures else 0)
