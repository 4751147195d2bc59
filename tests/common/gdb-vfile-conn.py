# SPDX-License-Identifier: GPL-2.0
# A raw remote-protocol client for tests/vm/udb-gdbserver-vfile.sh (not a
# test of its own). Usage: python3 gdb-vfile-conn.py PORT SERVER-PID PROG FILE.
# Against "udb gdbserver --multi": opens FILE with vFile:open (the server
# then holds it), starts PROG with vRun and checks that PROG did not
# inherit the file; disconnects and checks that the server closed it;
# connects again, where the old fd is unknown (F-1,16); then "monitor
# exit". Exits 0 when every answer was right, 1 otherwise.
import os
import socket
import sys
import time

port, server, prog, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
failures = 0


class Conn:
    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buf = b""

    def ask(self, body):
        body = body.encode()
        self.sock.sendall(b"$" + body + b"#" + ("%02x" % (sum(body) & 0xff)).encode())
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start) if start >= 0 else -1
            if end >= 0 and len(self.buf) >= end + 3:
                reply = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                self.sock.sendall(b"+")
                return reply
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buf += chunk


def check(what, got, ok):
    global failures
    if not ok:
        failures += 1
        print("FAIL %s: %r" % (what, got))


def holders(pid):
    """The fds of process pid that point at path."""
    found = []
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)) == path:
                found.append(int(fd))
        except OSError:
            pass
    return found


c = Conn()
c.ask("qSupported:multiprocess+")
r = c.ask("vFile:open:%s,0,0" % path.encode().hex())
check("open", r, r.startswith(b"F") and not r.startswith(b"F-"))
fd = int(r[1:], 16) if r.startswith(b"F") and not r.startswith(b"F-") else -1
check("the server holds the file", holders(server), holders(server) == [fd])
r = c.ask("vRun;%s;%s" % (prog.encode().hex(), b"calls".hex()))
child = int(r.split(b"thread:p")[1].split(b".")[0], 16) if b"thread:p" in r else 0
check("vRun", r, r.startswith(b"T") and child > 0)
if child:
    check("the program did not inherit the file", holders(child), holders(child) == [])
c.sock.close()
for _ in range(100):
    if not holders(server):
        break
    time.sleep(0.1)
check("the file closed with the connection", holders(server), holders(server) == [])
c = Conn()
c.ask("qSupported:multiprocess+")
r = c.ask("vFile:close:%x" % fd)
check("the old fd on the next connection", r, r == b"F-1,16")
c.ask("qRcmd,%s" % b"exit".hex())
c.sock.close()
sys.exit(1 if failures else 0)
