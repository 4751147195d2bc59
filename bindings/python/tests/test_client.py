# SPDX-License-Identifier: GPL-2.0
"""Client services: open/close, module information, errors of the client
itself."""
import errno

import pytest
import utracer


def test_library_version():
    v = utracer.library_version().split(".")
    assert len(v) == 3 and all(p.isdigit() for p in v)


def test_module_info(client):
    info = client.module_info()
    assert info["api_major"] >= 1
    assert info["syscall_max"] > 300
    for kind in ("syscall_entry", "syscall_exit", "exec", "clone", "exit",
                 "signal"):
        assert info["events"] & (1 << utracer.KINDS[kind])
    assert client.has_feature(26) in (True, False)


def test_one_client_per_process(client):
    with pytest.raises(FileExistsError) as e:
        utracer.Client()
    assert e.value.errno == errno.EEXIST
    assert isinstance(e.value, utracer.UtracerError)


def test_closed_client_refuses_calls():
    c = utracer.Client()
    c.close()
    c.close()  # a second close does nothing
    assert c.closed
    with pytest.raises(ValueError):
        c.threads()
    with pytest.raises(ValueError):
        c.attach(1)
    # The process may register again once closed.
    with utracer.Client() as again:
        assert again.threads() == []


def test_bad_proc_root():
    with pytest.raises(OSError) as e:
        utracer.Client(proc_root="/nonexistent")
    assert e.value.errno == errno.ENOSYS
    assert "utracer" in str(e.value)


def test_unknown_event_name(client):
    with pytest.raises(ValueError):
        client.spawn(["/bin/true"], events={"syscall"})
    with pytest.raises(ValueError):
        client.attach(1, events="nonsense")
    assert client.threads() == []


def test_bad_argv(client):
    with pytest.raises(ValueError):
        client.spawn([])
    with pytest.raises(ValueError):
        client.spawn("/bin/true")
    with pytest.raises(TypeError):
        client.attach("1")


def test_strerror():
    assert "loaded" in utracer.strerror(errno.ENOSYS)
    assert utracer.strerror(-errno.ESRCH) == utracer.strerror(errno.ESRCH)


def test_syscall_names():
    assert utracer.syscall_name(1) == "write"
    assert utracer.syscall_name(60) == "exit"
    assert utracer.syscall_name(4, utracer.AUDIT_ARCH_I386) == "write"
    assert utracer.syscall_name(100000) == "syscall_100000"


def test_set_wakeup(client):
    with pytest.raises(ValueError):
        client.set_wakeup(4096, 1001)
    with pytest.raises(ValueError):
        client.set_wakeup(-1)
    if not client.has_feature(utracer.FEATURE_RING_WAKEUP):
        with pytest.raises(OSError) as e:
            client.set_wakeup(4096)
        assert e.value.errno == errno.EOPNOTSUPP
        return
    client.set_wakeup(65536, 5)
    client.set_wakeup(0)
