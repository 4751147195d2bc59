# SPDX-License-Identifier: GPL-2.0
"""Inspection and control of a tracee, each checked against /proc/PID."""
import errno
import os
import signal
import struct
import time

import pytest
import utracer
from conftest import prog


def _attach_stopped(client, running, argv=None):
    r = running(argv or [prog("lib-spin")])
    t = client.attach(r.pid)
    t.stop()
    return r, t


def test_maps(client, running):
    r, t = _attach_stopped(client, running)
    maps = t.maps()
    with open(f"/proc/{r.pid}/maps") as f:
        # The gate area (vsyscall=xonly|emulate) is no mapping of the mm.
        lines = [x for x in f.read().splitlines() if not x.endswith(" [vsyscall]")]
    assert len(maps) == len(lines)
    for m, line in zip(maps, lines):
        f = line.split(maxsplit=5)
        start, end = (int(x, 16) for x in f[0].split("-"))
        assert (m.start, m.end, m.perms, m.offset) == (start, end, f[1], int(f[2], 16))
        assert m.inode == int(f[4])
        assert m.path == (f[5] if len(f) > 5 else "")


def test_env_exe_cmdline(client, running):
    r, t = _attach_stopped(client, running, [prog("lib-spin"), "2"])
    with open(f"/proc/{r.pid}/environ", "rb") as f:
        raw = [s.decode() for s in f.read().split(b"\0") if s]
    assert t.env() == dict(s.partition("=")[::2] for s in raw)
    assert t.exe() == os.readlink(f"/proc/{r.pid}/exe")
    assert t.cmdline() == [prog("lib-spin"), "2"]


def test_auxv_status_fds(client, running):
    r, t = _attach_stopped(client, running)
    with open(f"/proc/{r.pid}/auxv", "rb") as f:
        raw = f.read()
    pairs = dict(struct.iter_unpack("<QQ", raw))
    pairs.pop(0, None)  # AT_NULL
    assert t.auxv() == pairs
    st = t.status()
    assert st.pid == r.pid and st.tid == r.pid and st.ppid == os.getpid()
    assert st.threads == 1 and st.uid == (0, 0, 0, 0)
    with open(f"/proc/{r.pid}/status") as f:
        assert f"State:\t{st.state} " in f.read()
    fds = t.fds()
    assert [f.fd for f in fds] == sorted(int(x) for x in os.listdir(f"/proc/{r.pid}/fd"))
    for f in fds:
        assert f.path == os.readlink(f"/proc/{r.pid}/fd/{f.fd}")
    assert fds[1].writable  # stdout, a pipe to us


def test_regs(client, running):
    r, t = _attach_stopped(client, running)
    regs = t.regs()
    assert regs["r12"] == 0x1111111111111111 and regs["r15"] == 0x4444444444444444
    assert "rsp" in regs and len(regs) == 27
    stack = [m for m in t.maps() if m.path == "[stack]"][0]
    assert stack.start <= regs["rsp"] < stack.end
    assert regs.replace(rax=5)["rax"] == 5
    with pytest.raises(KeyError):
        regs.replace(nosuch=1)
    t.resume()
    with pytest.raises(OSError) as e:
        t.regs()
    assert e.value.errno == errno.EBUSY


def test_set_regs(client, running):
    # poke regs: prints "ready PID LOOP END", spins in [LOOP, END) until
    # rbx is not zero, then exits with rbx & 0xff.
    r = running([prog("poke"), "regs"])
    loop, end = int(r.first_line[2], 16), int(r.first_line[3], 16)
    t = client.attach(r.pid, events={"exit"})
    for _ in range(200):  # until the stop lands in the loop, not in printf
        t.stop()
        if loop <= t.regs()["rip"] < end:
            break
        t.resume()
        time.sleep(0.01)
    else:
        pytest.fail("never stopped inside the loop")
    t.set_regs(rbx=42)
    assert t.regs()["rbx"] == 42
    with pytest.raises(KeyError):
        t.set_regs(nosuch=1)
    t.resume()
    ex = [e for e in client.events(timeout=60) if e.type == "exit"]
    assert os.WEXITSTATUS(ex[0].status) == 42
    assert r.proc.wait() == 42


def test_memory(client, running):
    r, t = _attach_stopped(client, running)
    addr, length = int(r.first_line[0], 16), int(r.first_line[1])
    data = t.read_memory(addr, length)
    assert len(data) == length
    assert data == bytes((i * 7 + 3) & 0xFF for i in range(length))
    assert t.write_memory(addr + 10, b"utracer") == 7
    with open(f"/proc/{r.pid}/mem", "rb") as f:
        f.seek(addr)
        assert f.read(20) == t.read_memory(addr, 20)
    assert t.read_memory(addr + 10, 7) == b"utracer"
    assert t.read_memory(addr, 0) == b""
    with pytest.raises(ValueError):
        t.read_memory(addr, -1)


def test_stop_resume_detach(client, running):
    r = running([prog("lib-spin")])
    t = client.attach(r.pid)
    assert t.is_attached()
    t.stop()
    assert [th.state for th in t.threads()] == ["stopped"]
    before = _utime(r.pid)
    assert _utime(r.pid, after=0.3) == before  # it does not run
    t.resume()
    assert [th.state for th in t.threads()] == ["running"]
    t.stop(wait=False)
    stops = [e for e in client.events(timeout=5) if e.type == "stop"]
    assert stops and stops[0].reason == "quiesce" and stops[0].pid == r.pid
    t.detach()
    assert not t.is_attached()
    assert client.threads() == []
    # Detached with its stop released: it runs again.
    before = _utime(r.pid)
    assert _utime(r.pid, after=0.5) > before


def test_step(client, running):
    # lib-spin loops forever in "pause; jmp 1b"; each step ends in a STOP
    # of reason "step" with the thread still in the loop (qemu's pause may
    # end a step where it began, under ptrace as here: lib-step compares).
    r = running([prog("lib-spin")])
    t = client.attach(r.pid)
    if not client.has_feature(utracer.FEATURE_STEP):
        pytest.skip("the module has no STEP")
    t.stop()
    ips = [t.regs()["rip"]]
    for _ in range(5):
        t.step()
        ev = client.next_event(timeout=10)
        assert ev is not None and ev.type == "stop" and ev.reason == "step"
        ips.append(t.regs()["rip"])
    assert max(ips) - min(ips) <= 2  # pause is 2 bytes long, jmp follows
    t.resume()
    with pytest.raises(OSError) as e:
        t.step()
    assert e.value.errno == errno.EBUSY


def _utime(pid, after=0.0):
    time.sleep(after)
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[11])


def test_attach_stop_flag_and_thread(client, running):
    r = running([prog("lib-spin")])
    t = client.attach(r.pid, stop=True)
    evs = [e for e in client.events(timeout=5) if e.type == "stop"]
    assert evs and evs[0].tid == r.pid
    t.detach()
    t = client.attach(r.pid, thread=True)
    assert client.threads()[0].process is False
    t.detach()


def test_breakpoints(client, running):
    # bp-target prints its functions' addresses and makes 5 calls of
    # bp_square() once it reads a line.
    r = running([prog("bp-target"), "5"], stdin=True)
    square = int(r.first_line[0], 16)
    t = client.attach(r.pid)
    bp = t.set_breakpoint(square)
    assert bp.id > 0 and bp.addr == square
    assert [b.id for b in t.breakpoints()] == [bp.id]
    r.proc.stdin.write("go\n")
    r.proc.stdin.flush()
    hits = 0
    for e in client.events(timeout=30):
        if e.type == "breakpoint":
            assert e.breakpoint == bp.id and e.addr == square and e.stopped
            assert t.regs()["rip"] == square
            hits += 1
            t.resume()
            if hits == 5:
                break
    assert hits == 5
    assert client.breakpoints()[0].hits == 5
    bp.remove()
    assert client.breakpoints() == []
    with pytest.raises(FileNotFoundError):
        client.remove_breakpoint(bp.id)
    exe = t.exe()
    bp2 = client.set_breakpoint(exe, 0)
    assert bp2.offset == 0
    client.remove_breakpoint(bp2)
    with pytest.raises(FileNotFoundError):
        client.set_breakpoint("/nonexistent/file", 0)


def test_hwbp(client, running):
    # hwbp-target prints "&watched hwbp_func &spare[0]", then runs one
    # action per line: "w" adds 1 to watched, answering "ok <watched>".
    if not client.has_feature(utracer.FEATURE_HWBP):
        pytest.skip("the module has no hardware breakpoints")
    r = running([prog("hwbp-target")], stdin=True)
    watched = int(r.first_line[0], 16)
    t = client.attach(r.pid)

    def action(c):
        r.proc.stdin.write(c + "\n")
        r.proc.stdin.flush()

    w = t.set_hwbp(watched, 8, "write")
    assert (w.id > 0 and w.type == "write" and w.length == 8 and
            w.addr == watched and w.pid == r.pid and w.hits == 0)
    assert [h.id for h in t.hwbps()] == [w.id]
    action("w")
    e = next((e for e in client.events(timeout=10) if e.type == "hwbp"), None)
    assert e is not None
    assert (e.hwbp == w.id and e.hwbp_type == "write" and e.addr == watched and
            e.length == 8 and e.stopped and e.tid == r.pid and e.pid == r.pid)
    # Stopped after the write: the new value is in memory, the thread at ip.
    assert struct.unpack("<q", t.read_memory(watched, 8))[0] == 1
    assert t.regs()["rip"] == e.ip
    t.resume()
    assert r.proc.stdout.readline() == "ok 1\n"
    assert client.hwbps()[0].hits == 1
    # Bad arguments: a length of 3, a misaligned address, a type that
    # does not exist (x86 has no read-only watchpoint).
    with pytest.raises(OSError) as err:
        t.set_hwbp(watched, 3, "write")
    assert err.value.errno == errno.EINVAL
    with pytest.raises(OSError) as err:
        t.set_hwbp(watched + 4, 8, "write")
    assert err.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        t.set_hwbp(watched, 8, "read")
    assert [h.id for h in client.hwbps()] == [w.id]
    w.remove()
    assert client.hwbps() == [] and t.hwbps() == []
    with pytest.raises(FileNotFoundError):
        client.remove_hwbp(w.id)
    # Removed, it stops no write.
    action("w")
    assert r.proc.stdout.readline() == "ok 2\n"
    assert [e for e in client.events(timeout=0.5) if e.type == "hwbp"] == []


def test_signal_hold(client, running):
    # sig-hold prints "ready PID", then "raise SIG" answers "raised SIG"
    # and "count" answers "usr1 N usr2 M" (its handlers' counts).
    if not client.has_feature(utracer.FEATURE_SIGNAL_HOLD):
        pytest.skip("the module holds no signal")
    r = running([prog("sig-hold")], stdin=True)
    t = client.attach(r.pid)
    t.set_events(["signal"], ["signal"])
    t.hold_signals([signal.SIGUSR1])

    def say(line):
        r.proc.stdin.write(line + "\n")
        r.proc.stdin.flush()

    def held():
        e = next((e for e in client.events(timeout=10) if e.type == "signal"), None)
        assert e is not None
        assert e.before and e.stopped and e.signo == signal.SIGUSR1 and e.tid == r.pid
        return e

    # Held, then discarded: its handler never runs.
    say("raise 10")
    held()
    t.signal_verdict(0)
    t.resume()
    assert r.proc.stdout.readline() == "raised 10\n"
    say("count")
    assert r.proc.stdout.readline() == "usr1 0 usr2 0\n"
    # Held, then delivered by resume() alone: once.
    say("raise 10")
    held()
    t.resume()
    assert r.proc.stdout.readline() == "raised 10\n"
    say("count")
    assert r.proc.stdout.readline() == "usr1 1 usr2 0\n"
    # Not stopped for a held signal; bad numbers.
    with pytest.raises(FileNotFoundError):
        t.signal_verdict(0)
    with pytest.raises(OSError) as err:
        t.signal_verdict(65)
    assert err.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        t.hold_signals([0])


def test_error_bad_pid(client):
    with pytest.raises(ProcessLookupError) as e:
        client.attach(999999)
    assert e.value.errno == errno.ESRCH and isinstance(e.value, utracer.UtracerError)
    t = utracer.Tracee(client, 999999)
    with pytest.raises(ProcessLookupError):
        t.maps()
    with pytest.raises(ProcessLookupError):
        t.resume()


def test_error_bad_address(client, running):
    r, t = _attach_stopped(client, running)
    with pytest.raises(OSError) as e:
        t.read_memory(0, 16)
    assert e.value.errno == errno.EIO
    with pytest.raises(OSError) as e:
        t.write_memory(0, b"x")
    assert e.value.errno == errno.EIO


def test_error_not_attached(client, running):
    r = running([prog("lib-spin")])
    t = utracer.Tracee(client, r.pid)
    with pytest.raises(ProcessLookupError):
        t.regs()
    with pytest.raises(ProcessLookupError):
        t.detach()


PERM_SCRIPT = """
import os, sys
sys.path.insert(0, sys.argv[2])
import utracer
with utracer.Client() as c:
    try:
        c.attach(int(sys.argv[1]))
    except PermissionError as e:
        print("PermissionError", e.errno)
    except OSError as e:
        print("other", type(e).__name__, e.errno)
    else:
        print("attached")
"""


def test_error_permission(running):
    # As uid 65534, attach to a process of root's: refused as ptrace would.
    # The package and the library run from a copy that uid 65534 can read
    # wherever the tree is (a clone in a 0700 home is out of its reach).
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path
    from conftest import HERE
    copy = Path(tempfile.mkdtemp(prefix="utracer-py-", dir="/tmp"))
    try:
        copy.chmod(0o755)
        shutil.copytree(HERE.parent / "utracer", copy / "utracer",
                        ignore=shutil.ignore_patterns("__pycache__"))
        lib = os.environ.get("UTRACER_LIBRARY")
        env = {"PATH": "/usr/bin:/bin"}
        if lib:
            env["UTRACER_LIBRARY"] = shutil.copy(lib, copy / "libutracer.so.0")
        r = running([prog("lib-spin")])
        out = subprocess.run(["/usr/bin/python3", "-c", PERM_SCRIPT, str(r.pid),
                              str(copy)], user=65534, group=65534,
                             extra_groups=[], capture_output=True, text=True,
                             timeout=60, env=env)
    finally:
        shutil.rmtree(copy)
    assert out.stdout.split() == ["PermissionError", str(errno.EPERM)], out.stderr


def test_killed_tracee_ends_events(client, running):
    r = running([prog("lib-spin")])
    t = client.attach(r.pid, events={"exit"})
    os.kill(r.pid, signal.SIGKILL)
    evs = list(client.events(timeout=30))
    assert evs[0].type == "exit" and os.WTERMSIG(evs[0].status) == signal.SIGKILL
    assert client.threads() == []
