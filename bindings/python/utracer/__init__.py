# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""utracer: process tracing through the utracer kernel module, from Python.

A thin, typed layer over libutracer (ctypes): every call goes through the
library's public API, so the bindings follow the library as it changes.

    import utracer
    with utracer.Client() as client:
        tracee = client.spawn(["ls", "/"], events={"syscall_exit"})
        for ev in client.events():
            print(ev.pid, ev.name, ev.ret)

See docs/python.md for the whole surface.
"""
from __future__ import annotations

import ctypes
import errno as _errno
import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from ctypes import POINTER, byref, c_char_p, c_size_t, c_uint64
from dataclasses import dataclass, field
from typing import Optional, Union

from . import _native as _n
from ._syscalls import AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, syscall_name, syscall_number

__all__ = [
    "Client", "Tracee", "Event", "MemoryMap", "FileDescriptor",
    "TaskStatus", "Thread", "Breakpoint", "HardwareBreakpoint", "Registers",
    "UtracerError", "EVENTS", "HWBP_TYPES", "FEATURE_HWBP", "FEATURE_SIGNAL_HOLD",
    "FEATURE_RING_WAKEUP",
    "library_version", "strerror", "syscall_name", "syscall_number",
    "Capture", "CaptureSpec",
]

# --- errors ----------------------------------------------------------------------


class UtracerError(OSError):
    """A libutracer call failed. .errno is the library's errno value and
    str() its message (utracer_strerror()). Each instance is also the
    builtin OSError subclass of its errno (PermissionError for EPERM and
    EACCES, ProcessLookupError for ESRCH, ...)."""


_error_classes: dict[type, type] = {}


def strerror(err: int) -> str:
    """The library's description of errno value err."""
    return _n.lib.utracer_strerror(abs(err)).decode()


def _error(err: int, what: str) -> UtracerError:
    err = abs(err)
    builtin = type(OSError(err, ""))  # OSError picks ESRCH -> ProcessLookupError...
    cls = _error_classes.get(builtin)
    if cls is None:
        if builtin is OSError:
            cls = UtracerError
        else:
            cls = type(builtin.__name__, (UtracerError, builtin),
                       {"__module__": __name__})
        _error_classes[builtin] = cls
    return cls(err, f"{what}: {strerror(err)}")


def _check(ret: int, what: str) -> int:
    if ret < 0:
        raise _error(ret, what)
    return ret


def _checkp(ptr: Optional[int], what: str) -> int:
    if not ptr:
        raise _error(ctypes.get_errno() or _errno.EIO, what)
    return ptr


def library_version() -> str:
    """libutracer's version, "MAJOR.MINOR.PATCH"."""
    return _n.lib.utracer_library_version().decode()


# --- events ---------------------------------------------------------------------
def _kind_name(kind: int) -> str:
    name = _n.lib.utracer_event_name(kind)
    return name.decode().replace("-", "_") if name else f"unknown_{kind}"


#: The event kind names, from the library: "syscall_entry", ... "breakpoint",
#: "hwbp".
KINDS: dict[str, int] = {_kind_name(k): k for k in range(1, _n.EVENT_KIND_MAX)}
#: The names a client may ask for in events= and stop_events=.
EVENTS = frozenset(("syscall_entry", "syscall_exit", "exec", "clone", "exit",
                    "signal"))


def _mask(names: Iterable[str], what: str) -> int:
    if isinstance(names, str):
        names = (names,)
    mask = 0
    for name in names:
        if name not in EVENTS:
            raise ValueError(f"{what}: unknown event {name!r}; "
                             f"choose among {sorted(EVENTS)}")
        mask |= _n.event_bit(KINDS[name])
    return mask


@dataclass(frozen=True)
class Capture:
    """Memory a syscall's argument pointed to, copied by the module into
    the syscall's event (Tracee.set_captures())."""
    addr: int          # where it was in the tracee
    data: bytes        # what was taken (empty when nothing could be read)
    index: int         # its CaptureSpec's rank among those of its syscall and event
    arg: int           # the argument the address came from
    truncated: bool    # there was more than max
    fault: bool        # not (all) readable where the event happened
    retried: bool      # an entry capture taken again at the exit (look there)
    entry: bool        # in an exit event: an entry capture, taken again

    @staticmethod
    def _from(c: _n.Captured) -> "Capture":
        return Capture(addr=c.addr, data=ctypes.string_at(c.data, c.len) if c.len else b"",
                       index=c.index, arg=c.arg,
                       truncated=bool(c.flags & _n.CAPTURED_TRUNCATED),
                       fault=bool(c.flags & _n.CAPTURED_FAULT),
                       retried=bool(c.flags & _n.CAPTURED_RETRIED),
                       entry=bool(c.flags & _n.CAPTURED_ENTRY))


@dataclass(frozen=True)
class CaptureSpec:
    """What a syscall event is to carry of the memory an argument points
    to: a NUL-terminated string (kind "string", at most max bytes with its
    NUL) or memory (kind "memory") of max bytes (length "max"), of the
    count in another argument (length: that argument's index) times elem,
    or of the return value times elem (length "ret", at "exit" only)."""
    syscall: Union[str, int]       # a name, or the number in arch's table
    arg: int                       # the argument with the address, 0 to 5
    at: str = "entry"              # "entry" or "exit"
    kind: str = "memory"           # "memory" or "string"
    length: Union[str, int] = "max"
    elem: int = 1
    max: int = 4096                # 1 to 65536
    arch: int = AUDIT_ARCH_X86_64

    def _def(self) -> _n.CaptureDef:
        nr = (syscall_number(self.syscall, self.arch) if isinstance(self.syscall, str)
              else self.syscall)
        if self.at not in ("entry", "exit"):
            raise ValueError(f"at: 'entry' or 'exit', not {self.at!r}")
        if self.kind not in ("memory", "string"):
            raise ValueError(f"kind: 'memory' or 'string', not {self.kind!r}")
        d = _n.CaptureDef(nr=nr, arch=self.arch, arg=self.arg, max=self.max,
                          when=_n.SYSCALL_F_ENTRY if self.at == "entry" else _n.SYSCALL_F_EXIT,
                          kind=_n.CAPTURE_STRING if self.kind == "string" else _n.CAPTURE_MEMORY)
        if self.length == "ret":
            d.len_from = _n.CAPTURE_LEN_FROM_RET
            d.elem = self.elem
        elif isinstance(self.length, int) and not isinstance(self.length, bool):
            d.len_from = _n.CAPTURE_LEN_FROM_ARG
            d.len_arg = self.length
            d.elem = self.elem
        elif self.length != "max":
            raise ValueError(f"length: 'max', 'ret' or an argument index, not {self.length!r}")
        return d


@dataclass(frozen=True)
class Event:
    """One event. .type is a name of KINDS; the other fields are those of
    its kind and None for the rest."""
    type: str
    pid: int
    tid: int
    seq: int
    time_ns: int
    stopped: bool = False          # the thread stays stopped until resume()
    before: bool = False           # signal: held before delivery (hold_signals());
                                   # syscall_entry: the call has not run
    nr: Optional[int] = None       # syscall_entry, syscall_exit
    name: Optional[str] = None     # syscall name, e.g. "write"
    arch: Optional[int] = None     # AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386
    args: Optional[tuple[int, ...]] = None   # syscall_entry: six ints
    ip: Optional[int] = None       # syscall_entry, hwbp: instruction pointer
    ret: Optional[int] = None      # syscall_exit: return value, -errno
    status: Optional[int] = None   # exit: the wait(2) status
    group: Optional[bool] = None   # exit: the whole process exits
    path: Optional[str] = None     # exec: the path given to execve
    old_tid: Optional[int] = None  # exec
    child_pid: Optional[int] = None  # clone
    child_tid: Optional[int] = None  # clone
    clone_kind: Optional[str] = None  # clone: "thread", "fork", "vfork"
    followed: Optional[bool] = None  # clone: the child is traced too
    clone_flags: Optional[int] = None  # clone
    signo: Optional[int] = None    # signal
    code: Optional[int] = None     # signal: si_code
    sender_pid: Optional[int] = None  # signal
    reason: Optional[str] = None   # stop, detach: why
    count: Optional[int] = None    # lost: events dropped
    breakpoint: Optional[int] = None  # breakpoint: its id
    addr: Optional[int] = None     # breakpoint, hwbp: its address
    hwbp: Optional[int] = None     # hwbp: the hardware breakpoint's id
    hwbp_type: Optional[str] = None  # hwbp: "exec", "write", "access"
    length: Optional[int] = None   # hwbp: bytes watched
    captures: Optional[tuple[Capture, ...]] = None  # syscall events: Tracee.set_captures()

    @staticmethod
    def _from_info(info: _n.EventInfo) -> "Event":
        kind = info.type
        common = dict(type=_kind_name(kind), pid=info.pid, tid=info.tid,
                      seq=info.seq, time_ns=info.time_ns,
                      stopped=bool(info.flags & _n.EVENT_F_STOPPED),
                      before=bool(info.flags & _n.EVENT_F_BEFORE))
        if kind == _n.EVENT_SYSCALL_ENTRY:
            s = info.syscall_entry
            return Event(**common, nr=s.nr, arch=s.arch,
                         name=syscall_name(s.nr, s.arch), args=tuple(s.args),
                         ip=s.ip,
                         captures=tuple(Capture._from(s.captures[i])
                                        for i in range(s.ncaptures)))
        if kind == _n.EVENT_SYSCALL_EXIT:
            s = info.syscall_exit
            return Event(**common, nr=s.nr, arch=s.arch,
                         name=syscall_name(s.nr, s.arch), ret=s.ret,
                         captures=tuple(Capture._from(s.captures[i])
                                        for i in range(s.ncaptures)))
        if kind == _n.EVENT_EXIT:
            return Event(**common, status=info.exit.status,
                         group=bool(info.exit.group))
        if kind == _n.EVENT_EXEC:
            return Event(**common, old_tid=info.exec.old_tid,
                         path=os.fsdecode(info.exec.path))
        if kind == _n.EVENT_CLONE:
            c = info.clone
            return Event(**common, child_pid=c.child_pid,
                         child_tid=c.child_tid,
                         clone_kind=_CLONE_KINDS.get(c.kind, str(c.kind)),
                         followed=bool(c.follow & 1),
                         clone_flags=c.clone_flags)
        if kind == _n.EVENT_SIGNAL:
            s = info.signal
            return Event(**common, signo=s.signo, code=s.code,
                         sender_pid=s.sender_pid)
        if kind == _n.EVENT_STOP:
            return Event(**common,
                         reason=_STOP_REASONS.get(info.stop.reason,
                                                  str(info.stop.reason)))
        if kind == _n.EVENT_DETACH:
            return Event(**common,
                         reason=_DETACH_REASONS.get(info.detach.reason,
                                                    str(info.detach.reason)))
        if kind == _n.EVENT_LOST:
            return Event(**common, count=info.lost.count)
        if kind == _n.EVENT_BREAKPOINT:
            return Event(**common, breakpoint=info.breakpoint.id,
                         addr=info.breakpoint.addr)
        if kind == _n.EVENT_HWBP:
            h = info.hwbp
            return Event(**common, hwbp=h.id,
                         hwbp_type=_HWBP_NAMES.get(h.type, str(h.type)),
                         addr=h.addr, ip=h.ip, length=h.len)
        return Event(**common)


_CLONE_KINDS = {1: "thread", 2: "fork", 3: "vfork"}
_STOP_REASONS = {1: "quiesce", 2: "event", 3: "breakpoint", 4: "new", 5: "step"}
_DETACH_REASONS = {1: "request", 2: "exit", 3: "cred"}
#: The hardware breakpoint types (enum utracer_hwbp_type), by name. x86 has
#: no read-only watchpoint: "access" is a read or a write.
HWBP_TYPES: dict[str, int] = {"exec": _n.HWBP_TYPE_EXEC,
                              "write": _n.HWBP_TYPE_WRITE,
                              "access": _n.HWBP_TYPE_ACCESS}
_HWBP_NAMES = {v: k for k, v in HWBP_TYPES.items()}
#: enum utracer_feature value of the hardware breakpoints (Client.has_feature).
FEATURE_HWBP = _n.FEATURE_HWBP
#: enum utracer_feature value of the signals held before delivery
#: (Tracee.hold_signals()).
FEATURE_SIGNAL_HOLD = _n.FEATURE_SIGNAL_HOLD
#: enum utracer_feature value of single-step (Tracee.step()).
FEATURE_STEP = _n.FEATURE_STEP
#: enum utracer_feature value of batched wake-ups (Client.set_wakeup()).
FEATURE_RING_WAKEUP = _n.FEATURE_RING_WAKEUP

# --- value objects -----------------------------------------------------------------


@dataclass(frozen=True)
class MemoryMap:
    """One mapping, as a line of /proc/PID/maps."""
    start: int
    end: int
    perms: str          # "r-xp", "rw-s", ...
    offset: int
    dev: tuple[int, int]
    inode: int
    path: str           # a file, "[heap]", "[stack]", ... or ""


@dataclass(frozen=True)
class FileDescriptor:
    fd: int
    path: str
    flags: int          # O_* as fdinfo shows them
    readable: bool
    writable: bool
    pos: int
    inode: int
    dev: tuple[int, int]


@dataclass(frozen=True)
class TaskStatus:
    """What /proc/PID/status shows of a thread."""
    state: str
    pid: int
    tid: int
    ppid: int
    threads: int
    uid: tuple[int, int, int, int]
    gid: tuple[int, int, int, int]
    sig_pending: int
    sig_shared: int
    sig_blocked: int
    sig_ignored: int
    sig_caught: int


@dataclass(frozen=True)
class Thread:
    pid: int
    tid: int
    state: str          # "running", "stopping", "stopped", "exited"
    process: bool       # part of a whole-process attachment


_STATES = {_n.STATE_RUNNING: "running", _n.STATE_STOPPING: "stopping",
           _n.STATE_STOPPED: "stopped", _n.STATE_EXITED: "exited"}


@dataclass(frozen=True)
class Breakpoint:
    id: int
    offset: int         # in its file
    inode: int
    dev: tuple[int, int]
    addr: int           # the address it was set at, else 0
    hits: int
    client: "Client" = field(repr=False, compare=False)

    def remove(self) -> None:
        """Remove it from every process."""
        self.client.remove_breakpoint(self.id)


@dataclass(frozen=True)
class HardwareBreakpoint:
    """A hardware breakpoint or watchpoint (a debug register in each thread
    of its process)."""
    id: int
    type: str           # "exec", "write", "access"
    pid: int            # the process (or thread) it was set in
    length: int         # bytes watched
    addr: int
    hits: int
    client: "Client" = field(repr=False, compare=False)

    def remove(self) -> None:
        """Remove it from every thread; one stopped at it stays stopped."""
        self.client.remove_hwbp(self.id)


# The NT_PRSTATUS layouts: x86-64 struct user_regs_struct, and the ia32 one.
_REGS64 = ("r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9",
           "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs",
           "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs")
_REGS32 = ("ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "ds", "es", "fs",
           "gs", "orig_eax", "eip", "cs", "eflags", "esp", "ss")


class Registers(Mapping[str, int]):
    """A thread's general registers (NT_PRSTATUS) by name: regs["rip"].
    Immutable; Tracee.set_regs() writes changed values back."""

    def __init__(self, names: tuple[str, ...], values: Iterable[int]):
        self._names = names
        self._values = dict(zip(names, values))

    def __getitem__(self, name: str) -> int:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return "Registers(" + ", ".join(
            f"{k}={v:#x}" for k, v in self._values.items()) + ")"

    def replace(self, **changes: int) -> "Registers":
        """A copy with some registers changed."""
        for name in changes:
            if name not in self._values:
                raise KeyError(name)
        return Registers(self._names, (changes.get(n, self._values[n])
                                       for n in self._names))


# --- the tracee ------------------------------------------------------------------------


class Tracee:
    """A process (or one thread) traced by a Client."""

    def __init__(self, client: "Client", pid: int, thread: bool = False,
                 spawned: bool = False):
        self.client = client
        self.pid = pid
        self._flags = _n.THREAD if thread else 0
        self.spawned = spawned

    def __repr__(self) -> str:
        return f"<utracer.Tracee pid={self.pid}>"

    # Control.
    def stop(self, wait: bool = True) -> None:
        """Stop every thread (the one thread of a thread attachment). With
        wait, returns once they are stopped (no STOP events then come);
        without, STOP events report each stop."""
        flags = self._flags
        if wait and self.client.has_feature(_n.FEATURE_QUIESCE_WAIT):
            flags |= _n.QUIESCE_WAIT
            _check(self.client._call("utracer_quiesce", self.pid, flags),
                   f"stop {self.pid}")
            return
        _check(self.client._call("utracer_quiesce", self.pid, flags),
               f"stop {self.pid}")
        if wait:
            self.client._wait_stopped(self.pid)

    def resume(self, tid: Optional[int] = None) -> None:
        """Release the stop this client holds (of one thread with tid)."""
        if tid is None:
            _check(self.client._call("utracer_run", self.pid, self._flags),
                   f"resume {self.pid}")
        else:
            _check(self.client._call("utracer_run", tid, _n.THREAD),
                   f"resume {tid}")

    def step(self, tid: Optional[int] = None) -> None:
        """Run one stopped thread (tid, or the attachment's one thread) for
        one instruction; a STOP event of reason "step" reports its end."""
        if tid is None:
            _check(self.client._call("utracer_step", self.pid, self._flags),
                   f"step {self.pid}")
        else:
            _check(self.client._call("utracer_step", tid, _n.THREAD),
                   f"step {tid}")

    def detach(self) -> None:
        """Stop tracing it; a stop this client held is released."""
        _check(self.client._call("utracer_detach", self.pid, self._flags),
               f"detach {self.pid}")

    def set_events(self, events: Iterable[str],
                   stop_events: Iterable[str] = ()) -> None:
        """Change the events it reports and those that stop it."""
        _check(self.client._call("utracer_set_events", self.pid,
                                 _mask(events, "events"),
                                 _mask(stop_events, "stop_events")),
               f"set events of {self.pid}")

    def hold_signals(self, signals: Iterable[int]) -> None:
        """Hold these signal numbers before their delivery (replacing the
        set; empty: none). While "signal" is among its events and stop
        events, such a signal is reported by a "signal" event with before
        and stopped set, before any handler runs; resume() delivers it
        unless signal_verdict() said otherwise. Signals the thread blocks,
        and those the kernel makes fatal when sent (SIGTERM at its default
        action), are not held. EOPNOTSUPP without FEATURE_SIGNAL_HOLD."""
        mask = 0
        for sig in signals:
            if not 1 <= int(sig) <= 64:
                raise ValueError(f"signal {sig}: not between 1 and 64")
            mask |= 1 << (int(sig) - 1)
        _check(self.client._call("utracer_set_signal_holds", self.pid,
                                 c_uint64(mask)),
               f"hold signals of {self.pid}")

    def signal_verdict(self, signo: int, tid: Optional[int] = None) -> None:
        """What becomes of the held signal the thread (tid, default the
        tracee's pid) is stopped for once it resumes: 0 discards it, its
        own number delivers it, another number delivers that one instead.
        ENOENT (FileNotFoundError) when it is not stopped for one."""
        target = self.pid if tid is None else tid
        _check(self.client._call("utracer_signal_verdict", target, signo),
               f"signal verdict {signo} for {target}")

    def set_follow(self, follow: bool) -> None:
        """Follow the processes it creates from now on, or stop doing so."""
        _check(self.client._call("utracer_set_follow", self.pid,
                                 _n.ATTACH_F_FOLLOW_FORK if follow else 0),
               f"set follow of {self.pid}")

    def set_captures(self, specs: Iterable[CaptureSpec]) -> None:
        """Have its syscall events carry what the specs say (and those of
        the threads and followed processes it makes later); an empty list
        removes them. ValueError for a spec the module cannot take."""
        defs = [s._def() for s in specs]
        arr = (_n.CaptureDef * max(len(defs), 1))(*defs)
        _check(self.client._call("utracer_set_captures", self.pid, arr, len(defs)),
               f"set captures of {self.pid}")

    def is_attached(self) -> bool:
        return bool(_check(self.client._call("utracer_is_attached", self.pid),
                           f"is {self.pid} attached"))

    def threads(self) -> list[Thread]:
        """Its traced threads and their states."""
        return [t for t in self.client.threads() if t.pid == self.pid]

    def wait(self) -> int:
        """Reap a spawned tracee (waitpid(2)); its wait status."""
        if not self.spawned:
            raise ChildProcessError(_errno.ECHILD,
                                    f"{self.pid} was not spawned by this client")
        return os.waitpid(self.pid, 0)[1]

    # Inspection.
    def maps(self) -> list[MemoryMap]:
        def convert(m: _n.Map) -> MemoryMap:
            perms = ("r" if m.prot & 1 else "-") + ("w" if m.prot & 2 else "-") \
                + ("x" if m.prot & 4 else "-") \
                + ("s" if m.flags & _n.MAP_F_SHARED else "p")
            return MemoryMap(m.start, m.end, perms, m.offset,
                             (m.dev_major, m.dev_minor), m.inode,
                             os.fsdecode(m.path or b""))
        return self.client._array("utracer_map_list", _n.Map, convert,
                                  self.pid, what=f"maps of {self.pid}")

    def env(self) -> dict[str, str]:
        """The environment, as the kernel holds it (strings without "=" are
        keys with an empty value)."""
        out = {}
        for s in self.client._strv("utracer_environ_list", self.pid,
                                   f"environment of {self.pid}"):
            key, _, value = s.partition("=")
            out[key] = value
        return out

    def cmdline(self) -> list[str]:
        return self.client._strv("utracer_cmdline_list", self.pid,
                                 f"command line of {self.pid}")

    def exe(self) -> str:
        p = self.client._call_ptr("utracer_exe_path", self.pid)
        _checkp(p, f"executable of {self.pid}")
        try:
            return os.fsdecode(ctypes.string_at(p))
        finally:
            _n.libc.free(p)

    def auxv(self) -> dict[int, int]:
        """The auxiliary vector: AT_* type -> value."""
        return dict(self.client._array(
            "utracer_auxv_list", _n.Auxv, lambda a: (a.type, a.value),
            self.pid, what=f"auxiliary vector of {self.pid}"))

    def status(self, tid: Optional[int] = None) -> TaskStatus:
        st = _n.TaskStatus(sz=ctypes.sizeof(_n.TaskStatus))
        pid = self.pid if tid is None else tid
        _check(self.client._call("utracer_task_status", pid, byref(st)),
               f"status of {pid}")
        return TaskStatus(st.state.decode(), st.pid, st.tid, st.ppid,
                          st.threads, tuple(st.uid), tuple(st.gid),
                          st.sig_pending, st.sig_shared, st.sig_blocked,
                          st.sig_ignored, st.sig_caught)

    def fds(self) -> list[FileDescriptor]:
        def convert(f: _n.Fd) -> FileDescriptor:
            return FileDescriptor(f.fd, os.fsdecode(f.path or b""), f.flags,
                                  bool(f.mode & _n.FD_F_READ),
                                  bool(f.mode & _n.FD_F_WRITE), f.pos,
                                  f.inode, (f.dev_major, f.dev_minor))
        return self.client._array("utracer_fd_list", _n.Fd, convert,
                                  self.pid, what=f"fds of {self.pid}")

    # Registers: the thread must be stopped (EBUSY otherwise).
    def regs(self, tid: Optional[int] = None) -> Registers:
        """The general registers of thread tid (default: the thread with the
        tracee's pid)."""
        tid = self.pid if tid is None else tid
        buf = (ctypes.c_uint8 * 512)()
        n = _check(self.client._call("utracer_regset_read", tid,
                                     _n.NT_PRSTATUS, buf, ctypes.sizeof(buf)),
                   f"registers of {tid}")
        return _decode_regs(bytes(buf[:n]))

    def set_regs(self, regs: Optional[Mapping[str, int]] = None,
                 tid: Optional[int] = None, **changes: int) -> None:
        """Write registers of thread tid: those of regs (a Registers or any
        mapping of names), then the keyword changes, over the current ones:
        t.set_regs(rip=0x401000)."""
        tid = self.pid if tid is None else tid
        current = self.regs(tid)
        values = dict(current)
        for name, value in list((regs or {}).items()) + list(changes.items()):
            if name not in values:
                raise KeyError(f"no register {name!r}")
            values[name] = value
        raw = _encode_regs(current, values)
        _check(self.client._call("utracer_regset_write", tid, _n.NT_PRSTATUS,
                                 raw, len(raw)),
               f"set registers of {tid}")

    # Memory.
    def read_memory(self, addr: int, n: int) -> bytes:
        """Up to n bytes at addr; short when the readable range ends first.
        OSError (EIO) when nothing at addr can be read."""
        if n < 0:
            raise ValueError("a negative length")
        buf = ctypes.create_string_buffer(n)
        got = _check(self.client._call("utracer_mem_read", self.pid,
                                       c_uint64(addr), buf, n),
                     f"read memory of {self.pid} at {addr:#x}")
        return buf.raw[:got]

    def write_memory(self, addr: int, data: Union[bytes, bytearray,
                                                  memoryview]) -> int:
        """Write data at addr; the count written (short when the writable
        range ends first)."""
        data = bytes(data)
        return _check(self.client._call("utracer_mem_write", self.pid,
                                        c_uint64(addr), data, len(data)),
                      f"write memory of {self.pid} at {addr:#x}")

    # Breakpoints.
    def set_breakpoint(self, addr: int) -> Breakpoint:
        """A breakpoint at addr of this tracee (armed in every traced
        process that maps the same file)."""
        off = c_uint64()
        bid = _check(self.client._call("utracer_breakpoint_set_addr", self.pid,
                                       c_uint64(addr), byref(off)),
                     f"breakpoint at {addr:#x} in {self.pid}")
        return self.client._breakpoint(bid)

    def breakpoints(self) -> list[Breakpoint]:
        """The client's breakpoints (they belong to the client, not to one
        tracee)."""
        return self.client.breakpoints()

    # Hardware breakpoints and watchpoints.
    def set_hwbp(self, addr: int, length: int = 1,
                 type: str = "exec") -> HardwareBreakpoint:
        """A hardware breakpoint ("exec", length 1) or watchpoint ("write",
        "access": a read or a write) on the length (1, 2, 4, 8) bytes at
        addr, aligned to length, in every thread of this tracee. A thread
        that hits it stops with an "hwbp" event. EINVAL for a bad length or
        address, ENOSPC when a thread's four debug registers are taken."""
        if type not in HWBP_TYPES:
            raise ValueError(f"hardware breakpoint type {type!r}; "
                             f"choose among {sorted(HWBP_TYPES)}")
        hid = _check(self.client._call("utracer_hwbp_set", self.pid,
                                       c_uint64(addr), length,
                                       HWBP_TYPES[type]),
                     f"hardware {type} breakpoint at {addr:#x} "
                     f"({length} bytes) in {self.pid}")
        return self.client._hwbp(hid)

    def hwbps(self) -> list[HardwareBreakpoint]:
        """This tracee's hardware breakpoints and watchpoints."""
        return [h for h in self.client.hwbps() if h.pid == self.pid]


def _decode_regs(raw: bytes) -> Registers:
    if len(raw) == 8 * len(_REGS64):
        names, size = _REGS64, 8
    elif len(raw) == 4 * len(_REGS32):
        names, size = _REGS32, 4
    else:
        raise OSError(_errno.EBADMSG,
                      f"a register set of {len(raw)} bytes is not x86's")
    return Registers(names, (int.from_bytes(raw[i:i + size], "little")
                             for i in range(0, len(raw), size)))


def _encode_regs(current: Registers, values: Mapping[str, int]) -> bytes:
    size = 8 if len(current) == len(_REGS64) else 4
    return b"".join((values[n] & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
                    for n in current)


# --- the client --------------------------------------------------------------------------


class Client:
    """A registration with the module: utracer_open() ... utracer_close().

    Use it as a context manager. Several threads may use one Client at once
    (as libutracer allows), except that close() waits for the calls in
    progress and later calls raise ValueError. A process is one client.
    """

    def __init__(self, proc_root: Optional[str] = None, queue_limit: int = 0):
        opts = _n.OpenOpts(sz=ctypes.sizeof(_n.OpenOpts),
                           proc_root=os.fsencode(proc_root) if proc_root else None,
                           queue_limit=queue_limit)
        self._lock = threading.Condition()
        self._busy = 0
        self._u: Optional[int] = None
        self._spawned: set[int] = set()
        self._features: dict[int, bool] = {}
        u = _n.lib.utracer_open(byref(opts))
        if not u:
            raise _error(ctypes.get_errno() or _errno.ENOSYS, "utracer_open")
        self._u = u

    # Calls hold a count so that close() does not free the client under them.
    def _enter(self) -> int:
        with self._lock:
            if self._u is None:
                raise ValueError("the utracer client is closed")
            self._busy += 1
            return self._u

    def _leave(self) -> None:
        with self._lock:
            self._busy -= 1
            if not self._busy:
                self._lock.notify_all()

    def _call(self, name: str, *args) -> int:
        u = self._enter()
        try:
            return getattr(_n.lib, name)(u, *args)
        finally:
            self._leave()

    def _call_ptr(self, name: str, *args) -> Optional[int]:
        u = self._enter()
        try:
            ctypes.set_errno(0)
            return getattr(_n.lib, name)(u, *args)
        finally:
            self._leave()

    def _array(self, fn: str, ctype, convert, *args, what: str) -> list:
        """Call a list function of the library and convert each element
        (strings included) while the block is alive; then free it."""
        count = c_size_t()
        p = _checkp(self._call_ptr(fn, *args, byref(count)), what)
        try:
            arr = ctypes.cast(p, POINTER(ctype))
            return [convert(arr[i]) for i in range(count.value)]
        finally:
            _n.libc.free(p)

    def _strv(self, fn: str, pid: int, what: str) -> list[str]:
        count = c_size_t()
        p = _checkp(self._call_ptr(fn, pid, byref(count)), what)
        try:
            vec = ctypes.cast(p, POINTER(c_char_p))
            return [os.fsdecode(vec[i]) for i in range(count.value)]
        finally:
            _n.libc.free(p)

    def close(self) -> None:
        """Unregister: the module resumes and detaches every tracee. Spawned
        tracees that have exited are reaped."""
        with self._lock:
            if self._u is None:
                return
            u, self._u = self._u, None
            while self._busy:
                self._lock.wait()
        _n.lib.utracer_close(u)
        for pid in list(self._spawned):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    self._spawned.discard(pid)
            except ChildProcessError:
                self._spawned.discard(pid)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_u", None) is not None:
            self.close()

    @property
    def closed(self) -> bool:
        return self._u is None

    # Module.
    def module_info(self) -> dict[str, int]:
        info = _n.ModuleInfo(sz=ctypes.sizeof(_n.ModuleInfo))
        _check(self._call("utracer_module_info", byref(info)), "module info")
        return {"api_major": info.api_major, "api_minor": info.api_minor,
                "features": info.features, "events": info.events,
                "syscall_max": info.syscall_max}

    def has_feature(self, feature: int) -> bool:
        """Whether the module offers enum utracer_feature value feature."""
        if feature not in self._features:
            self._features[feature] = bool(_check(
                self._call("utracer_has_feature", feature),
                f"feature {feature}"))
        return self._features[feature]

    # Attach and spawn.
    @staticmethod
    def _attach_opts(events, stop_events, follow, lossy, flags=0):
        f = flags
        if follow:
            f |= _n.ATTACH_F_FOLLOW_FORK
        if lossy:
            f |= _n.ATTACH_F_LOSSY
        return _n.AttachOpts(sz=ctypes.sizeof(_n.AttachOpts), flags=f,
                             events=_mask(events, "events"),
                             stop_events=_mask(stop_events, "stop_events"))

    def attach(self, pid: int, events: Iterable[str] = (), *,
               stop_events: Iterable[str] = (), stop: bool = False,
               follow: bool = False, lossy: bool = False,
               thread: bool = False) -> Tracee:
        """Trace process pid (only thread pid with thread=True), reporting
        events (names of EVENTS). stop: stop every thread at once (STOP
        events report each); follow: trace its children too; lossy: drop
        and count (a "lost" event) rather than make the tracee wait when
        the queue is full."""
        if not isinstance(pid, int) or isinstance(pid, bool):
            raise TypeError("pid must be an int")
        flags = (_n.THREAD if thread else 0) | (_n.ATTACH_F_QUIESCE if stop else 0)
        opts = self._attach_opts(events, stop_events, follow, lossy, flags)
        _check(self._call("utracer_attach", pid, byref(opts)), f"attach {pid}")
        return Tracee(self, pid, thread=thread)

    def spawn(self, argv: list[str], events: Iterable[str] = (), *,
              stop_events: Iterable[str] = (), follow: bool = False,
              lossy: bool = False, env: Optional[Mapping[str, str]] = None,
              cwd: Optional[str] = None, stopped: bool = False) -> Tracee:
        """Start argv (argv[0] looked up in $PATH when it has no "/") as a
        traced child. It is held before its first instruction and resumed
        at once unless stopped=True (then resume() starts it). Reap it with
        Tracee.wait()."""
        if isinstance(argv, (str, bytes)) or not argv:
            raise ValueError("argv must be a non-empty list of strings")
        bargv = [os.fsencode(a) for a in argv]
        cargv = (c_char_p * (len(bargv) + 1))(*bargv, None)
        attach = self._attach_opts(events, stop_events, follow, lossy)
        opts = _n.SpawnOpts(sz=ctypes.sizeof(_n.SpawnOpts),
                            flags=0 if b"/" in bargv[0] else _n.SPAWN_F_SEARCH_PATH,
                            cwd=os.fsencode(cwd) if cwd else None,
                            attach=ctypes.pointer(attach))
        if env is not None:
            benv = [os.fsencode(f"{k}={v}") for k, v in env.items()]
            opts.envp = (c_char_p * (len(benv) + 1))(*benv, None)
        pid = _check(self._call("utracer_spawn", bargv[0], cargv, byref(opts)),
                     f"spawn {argv[0]}")
        self._spawned.add(pid)
        tracee = Tracee(self, pid, spawned=True)
        if not stopped:
            tracee.resume()
        return tracee

    def threads(self) -> list[Thread]:
        """Every thread this client traces."""
        return self._array(
            "utracer_task_list", _n.Task,
            lambda t: Thread(t.pid, t.tid, _STATES.get(t.state, str(t.state)),
                             bool(t.flags & 1)),
            what="task list")

    # Breakpoints.
    def set_breakpoint(self, path: str, offset: int) -> Breakpoint:
        """A breakpoint at byte offset of file path, armed in every traced
        process that maps it."""
        bid = _check(self._call("utracer_breakpoint_set", os.fsencode(path),
                                c_uint64(offset)),
                     f"breakpoint at {path}+{offset:#x}")
        return self._breakpoint(bid)

    def remove_breakpoint(self, bid: Union[int, Breakpoint]) -> None:
        if isinstance(bid, Breakpoint):
            bid = bid.id
        _check(self._call("utracer_breakpoint_remove", bid),
               f"remove breakpoint {bid}")

    def breakpoints(self) -> list[Breakpoint]:
        return self._array(
            "utracer_breakpoint_list", _n.Breakpoint,
            lambda b: Breakpoint(b.id, b.offset, b.inode,
                                 (b.dev_major, b.dev_minor), b.addr, b.hits,
                                 self),
            what="breakpoint list")

    def _breakpoint(self, bid: int) -> Breakpoint:
        for b in self.breakpoints():
            if b.id == bid:
                return b
        raise _error(_errno.ENOENT, f"breakpoint {bid}")

    # Hardware breakpoints and watchpoints (Tracee.set_hwbp sets them).
    def remove_hwbp(self, hid: Union[int, HardwareBreakpoint]) -> None:
        if isinstance(hid, HardwareBreakpoint):
            hid = hid.id
        _check(self._call("utracer_hwbp_remove", hid),
               f"remove hardware breakpoint {hid}")

    def hwbps(self) -> list[HardwareBreakpoint]:
        """The client's hardware breakpoints, in the order they were set."""
        return self._array(
            "utracer_hwbp_list", _n.Hwbp,
            lambda h: HardwareBreakpoint(h.id, _HWBP_NAMES.get(h.type, str(h.type)),
                                         h.pid, h.len, h.addr, h.hits, self),
            what="hardware breakpoint list")

    def _hwbp(self, hid: int) -> HardwareBreakpoint:
        for h in self.hwbps():
            if h.id == hid:
                return h
        raise _error(_errno.ENOENT, f"hardware breakpoint {hid}")

    # Events.
    def _next(self, timeout_ms: int) -> Optional[Event]:
        info = _n.EventInfo()
        while True:
            ret = self._call("utracer_event_wait", byref(info), timeout_ms)
            if ret == -_errno.EINTR:
                # A Python signal handler runs here (KeyboardInterrupt...).
                continue
            if ret == -_errno.EAGAIN:
                return None
            _check(ret, "wait for an event")
            return Event._from_info(info)

    def next_event(self, timeout: Optional[float] = None) -> Optional[Event]:
        """The next event, waiting up to timeout seconds (None: forever);
        None when none came."""
        return self._next(-1 if timeout is None else max(0, int(timeout * 1000)))

    def events(self, timeout: Optional[float] = None) -> Iterator[Event]:
        """Every event, in order, until no tracee is left and every event
        is read. With a timeout (seconds), the iteration also ends when no
        event comes for that long."""
        slice_ms = 200
        quiet_since = time.monotonic()
        while True:
            ev = self._next(0)
            if ev is None:
                if not self._call_count_tasks():
                    # Gone: whatever it queued before leaving is read now.
                    ev = self._next(0)
                    if ev is None:
                        return
                else:
                    wait = slice_ms
                    if timeout is not None:
                        left = timeout - (time.monotonic() - quiet_since)
                        if left <= 0:
                            return
                        wait = min(wait, int(left * 1000) + 1)
                    ev = self._next(wait)
                    if ev is None:
                        continue
            quiet_since = time.monotonic()
            yield ev

    def _call_count_tasks(self) -> int:
        count = c_size_t()
        p = _checkp(self._call_ptr("utracer_task_list", byref(count)),
                    "task list")
        _n.libc.free(p)
        return count.value

    def _wait_stopped(self, pid: int) -> None:
        """Without QUIESCE_WAIT: poll the task list until every thread of
        pid is stopped (the STOP events stay queued)."""
        while True:
            states = [t.state for t in self.threads()
                      if t.pid == pid or t.tid == pid]
            if not states:
                raise _error(_errno.ESRCH, f"stop {pid}")
            if all(s in ("stopped", "exited") for s in states):
                return
            time.sleep(0.01)

    def fileno(self) -> int:
        """A descriptor that polls readable when events may be ready; then
        read with next_event(0) until it returns None."""
        return _check(self._call("utracer_event_fd"), "event fd")

    def set_wakeup(self, nbytes: int, ms: int = 0) -> None:
        """Be woken for syscall events in batches: once nbytes of events
        wait, or ms milliseconds (1 to 1000; 0: the module's default) after
        the first; stops and other events still wake at once. nbytes 0:
        woken for each event (the default). OSError EOPNOTSUPP without the
        module's support, ValueError for ms out of range."""
        if not 0 <= ms <= 1000 or not 0 <= nbytes < 1 << 32:
            raise ValueError("set_wakeup: nbytes 0 to 2**32-1, ms 0 to 1000")
        _check(self._call("utracer_set_wakeup", nbytes, ms), "set_wakeup")
