# SPDX-License-Identifier: GPL-2.0
"""Spawn, attach and the event stream: every kind a client can ask for,
the iterator's end, a long stream with nothing lost."""
import errno
import os
import signal

import pytest
import utracer
from conftest import prog


def test_spawn_syscalls_and_exit(client):
    # lib-syscalls 3 2 0 4: three getppid(), two getpid(), exit status 4.
    t = client.spawn([prog("lib-syscalls"), "3", "2", "0", "4"],
                     events={"syscall_entry", "syscall_exit", "exit"})
    assert isinstance(t, utracer.Tracee) and t.pid > 0
    evs = list(client.events(timeout=60))
    entries = [e for e in evs if e.type == "syscall_entry" and e.name == "getppid"]
    exits = [e for e in evs if e.type == "syscall_exit" and e.name == "getppid"]
    assert len(entries) == 3 and len(exits) == 3
    assert all(e.ret == os.getpid() for e in exits)  # we are its parent
    assert all(e.nr == 110 and len(e.args) == 6 for e in entries)
    assert all(e.pid == t.pid and e.tid == t.pid for e in entries)
    assert len([e for e in evs if e.type == "syscall_exit" and e.name == "getpid"]) == 2
    ex = [e for e in evs if e.type == "exit"]
    assert len(ex) == 1 and os.WIFEXITED(ex[0].status) and os.WEXITSTATUS(ex[0].status) == 4
    assert evs[-1].type == "detach" and evs[-1].reason == "exit"
    assert os.WEXITSTATUS(t.wait()) == 4
    assert client.threads() == []


def test_write_args(client, tmp_path):
    # echo's write(1, "hello\n", 6): the entry's arguments.
    out = tmp_path / "out"
    t = client.spawn(["/bin/sh", "-c", f"echo hello >{out}"],
                     events={"syscall_entry"})
    writes = [e for e in client.events(timeout=60)
              if e.type == "syscall_entry" and e.name == "write"]
    t.wait()
    assert len(writes) == 1
    assert writes[0].args[0] == 1 and writes[0].args[2] == 6
    assert out.read_text() == "hello\n"


def test_spawn_stopped_then_resume(client):
    t = client.spawn([prog("lib-syscalls"), "0", "0", "0", "9"],
                     events={"exit"}, stopped=True)
    [th] = t.threads()
    assert th.state == "stopped"
    regs = t.regs()
    assert any(m.start <= regs["rip"] < m.end and "x" in m.perms for m in t.maps())
    t.resume()
    evs = list(client.events(timeout=60))
    assert [e.type for e in evs] == ["exit", "detach"]
    assert os.WEXITSTATUS(t.wait()) == 9


def test_spawn_env_and_cwd(client, tmp_path):
    t = client.spawn([prog("lib-spin")], env={"UTRACER_PY": "yes"},
                     cwd=str(tmp_path), stopped=True)
    try:
        assert t.env() == {"UTRACER_PY": "yes"}
        assert os.readlink(f"/proc/{t.pid}/cwd") == str(tmp_path)
    finally:
        os.kill(t.pid, signal.SIGKILL)
        t.wait()


def test_spawn_missing_program(client):
    with pytest.raises(FileNotFoundError) as e:
        client.spawn(["/nonexistent/program"])
    assert e.value.errno == errno.ENOENT
    with pytest.raises(PermissionError):
        client.spawn(["/etc/passwd"])
    assert client.threads() == []


def test_exec_and_clone_follow(client):
    # follow fork: a child process that sets a marker and exits 7.
    t = client.spawn([prog("follow"), "fork"],
                     events={"clone", "exec", "exit"}, follow=True)
    evs = list(client.events(timeout=60))
    clones = [e for e in evs if e.type == "clone"]
    assert len(clones) == 1 and clones[0].clone_kind == "fork" and clones[0].followed
    child = clones[0].child_pid
    exits = {e.pid: e.status for e in evs if e.type == "exit"}
    assert os.WEXITSTATUS(exits[child]) == 7 and os.WEXITSTATUS(exits[t.pid]) == 0
    assert t.wait() == 0

    t = client.spawn(["/bin/sh", "-c", "exec /bin/true"], events={"exec"})
    evs = [e for e in client.events(timeout=60) if e.type == "exec"]
    t.wait()
    assert [e.path for e in evs] == ["/bin/true"]


def test_signal_event(client):
    # A handled SIGUSR1 is delivered as itself (a fatal one would be
    # delivered as the SIGKILL the kernel turns it into).
    t = client.spawn(["/bin/sh", "-c", "trap : USR1; kill -USR1 $$; exit 5"],
                     events={"signal", "exit"})
    evs = list(client.events(timeout=60))
    sig = [e for e in evs if e.type == "signal"]
    assert [e.signo for e in sig] == [signal.SIGUSR1]
    assert sig[0].pid == t.pid
    assert os.WEXITSTATUS(t.wait()) == 5


def test_long_stream_nothing_lost(client):
    # 20000 getppid() calls: every entry and exit arrives, in order, with
    # consecutive sequence numbers, and no LOST event.
    n = 20000
    t = client.spawn([prog("lib-syscalls"), str(n), "0"],
                     events={"syscall_entry", "syscall_exit"})
    entries = exits = 0
    last_seq = None
    kinds = set()
    for e in client.events(timeout=120):
        kinds.add(e.type)
        if last_seq is not None:
            assert e.seq == last_seq + 1
        last_seq = e.seq
        if e.name == "getppid":
            if e.type == "syscall_entry":
                entries += 1
            else:
                exits += 1
    t.wait()
    assert "lost" not in kinds
    assert entries == n and exits == n


def test_events_timeout_and_next_event(client, running):
    r = running([prog("lib-spin")])
    t = client.attach(r.pid, events={"syscall_entry"})
    assert client.next_event(timeout=0.2) is None
    assert list(client.events(timeout=0.3)) == []
    t.stop()
    t.detach()
    # The tracee is gone from this client: the iterator ends at once.
    assert [e.type for e in client.events()] in ([], ["detach"])
    assert client.fileno() >= 0


def test_set_events_and_follow(client):
    # Held at its exec with no events; then syscall entries and following
    # are turned on: the child of "follow fork" is traced and exits 7.
    t = client.spawn([prog("follow"), "fork"], stopped=True)
    t.set_events({"syscall_entry", "clone", "exit"})
    t.set_follow(True)
    t.resume()
    evs = list(client.events(timeout=60))
    assert any(e.type == "syscall_entry" for e in evs)
    [clone] = [e for e in evs if e.type == "clone"]
    assert clone.followed
    assert any(e.type == "exit" and e.pid == clone.child_pid
               and os.WEXITSTATUS(e.status) == 7 for e in evs)
    assert t.wait() == 0
    # And turned off: nothing but the end of the process.
    t = client.spawn([prog("lib-syscalls"), "5", "5"], stopped=True,
                     events={"syscall_entry"})
    t.set_events(())
    t.resume()
    assert [e.type for e in client.events(timeout=60)] == ["detach"]
    t.wait()
    with pytest.raises(ValueError):
        t.set_events({"nonsense"})


def test_native_memory_steady(client, running):
    # ctypes frees every block the library allocates: 1000 rounds of each
    # list call on a tracee with a 64 KiB argument and environment string
    # leave the resident memory within 24 MiB (a leaked environment or
    # command-line block per round would be 64 MiB each).
    import subprocess
    big = "x" * 65536
    proc = subprocess.Popen([prog("lib-spin"), "1", big], stdout=subprocess.PIPE,
                            env={"BIG": big})
    try:
        proc.stdout.readline()
        t = client.attach(proc.pid)
        t.stop()

        def rounds(n):
            for _ in range(n):
                t.maps(), t.env(), t.cmdline(), t.exe(), t.auxv(), t.fds()
                t.status(), t.regs(), client.threads(), client.breakpoints()
                with pytest.raises(OSError):
                    t.read_memory(0, 64)

        def rss():
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        rounds(100)
        before = rss()
        rounds(1000)
        grown = rss() - before
        print(f"resident memory grew by {grown} KiB")
        assert grown < 24 * 1024
    finally:
        proc.kill()
        proc.wait()


def test_captures(client, tmp_path):
    # dd's openat path (entry), read buffer (exit, by the return value)
    # and write buffer (entry, by the count argument), in the events (dd:
    # cat may copy with copy_file_range() when its output is a file).
    f = tmp_path / "file"
    f.write_text("captured in the module\n")
    t = client.spawn(["/bin/dd", f"if={f}", "bs=4096", "status=none"],
                     events={"syscall_entry", "syscall_exit"}, stopped=True)
    t.set_captures([
        utracer.CaptureSpec("openat", 1, kind="string", max=4096),
        utracer.CaptureSpec("openat", 1, kind="string", max=5),
        utracer.CaptureSpec("read", 1, at="exit", length="ret", max=4096),
        utracer.CaptureSpec("write", 1, length=2, max=4096),
    ])
    t.resume()
    evs = list(client.events(timeout=60))
    t.wait()
    opens = [e for e in evs if e.type == "syscall_entry" and e.name == "openat"
             and e.captures and e.captures[0].data == str(f).encode() + b"\0"]
    assert len(opens) == 1
    whole, cut = opens[0].captures
    assert (whole.index, whole.arg, whole.addr) == (0, 1, opens[0].args[1])
    assert not whole.truncated and not whole.fault
    assert cut.data == str(f).encode()[:5] and cut.truncated and cut.index == 1
    reads = [e for e in evs if e.type == "syscall_exit" and e.name == "read"]
    # The loader's reads of libraries too: each of its returned length.
    assert f.read_bytes() in [r.captures[0].data for r in reads if r.ret > 0]
    assert all(len(r.captures[0].data) == min(r.ret, 4096) for r in reads if r.ret > 0)
    assert all(r.captures[0].data == b"" for r in reads if r.ret == 0)
    writes = [e for e in evs if e.type == "syscall_entry" and e.name == "write"]
    assert [w.captures[0].data for w in writes] == [f.read_bytes()]
    others = [e for e in evs if e.type == "syscall_entry" and e.name not in ("openat", "write")]
    assert others and all(e.captures == () for e in others)


def test_capture_errors(client, running):
    t = client.attach(running([prog("lib-spin")]).pid)
    with pytest.raises(ValueError):
        t.set_captures([utracer.CaptureSpec("no_such_syscall", 0)])
    with pytest.raises(ValueError):
        t.set_captures([utracer.CaptureSpec("read", 1, at="later")])
    with pytest.raises(ValueError):
        t.set_captures([utracer.CaptureSpec("read", 1, length="all")])
    with pytest.raises(utracer.UtracerError) as e:
        t.set_captures([utracer.CaptureSpec("read", 7)])
    assert e.value.errno == errno.EINVAL
    with pytest.raises(utracer.UtracerError) as e:
        t.set_captures([utracer.CaptureSpec("read", 1, length="ret")])  # at entry
    assert e.value.errno == errno.EINVAL
    with pytest.raises(utracer.UtracerError) as e:
        t.set_captures([utracer.CaptureSpec("read", 1)] * 9)
    assert e.value.errno == errno.E2BIG
    t.set_captures([utracer.CaptureSpec("read", 1, at="exit", length="ret")])
    t.set_captures([])
