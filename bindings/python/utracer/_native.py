# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""ctypes declarations of libutracer's public API (include/utracer.h).

Only the library's exported functions are called; no /proc/utrace file is
touched here. The structs mirror the header field by field; the host test
tests/host/python-layout.sh checks their sizes and offsets against a C
compiler's.

Where the library is found, first match wins:
  1. $UTRACER_LIBRARY, the path of a libutracer.so.0;
  2. the build tree this package sits in (build/lib/libutracer.so.0);
  3. the system's dynamic loader ("libutracer.so.0").
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, Union, c_char, c_char_p, c_int,
                    c_int32, c_int64, c_size_t, c_ssize_t, c_uint, c_uint32,
                    c_uint64, c_uint8, c_void_p)
from pathlib import Path

pid_t = c_int

# --- constants of include/utracer.h -----------------------------------------
THREAD = 1 << 0
ATTACH_F_QUIESCE = 1 << 1
ATTACH_F_LOSSY = 1 << 2
ATTACH_F_FOLLOW_FORK = 1 << 3
ATTACH_F_STOP_NEW = 1 << 4
QUIESCE_WAIT = 1 << 8
SPAWN_F_SEARCH_PATH = 1 << 0
EVENT_F_STOPPED = 1 << 0
EVENT_F_BEFORE = 1 << 1
MAP_F_SHARED = 1 << 0
FD_F_READ = 1 << 0
FD_F_WRITE = 1 << 1
BREAKPOINT_F_ADDR = 1 << 0

EVENT_SYSCALL_ENTRY = 1
EVENT_SYSCALL_EXIT = 2
EVENT_EXEC = 3
EVENT_CLONE = 4
EVENT_EXIT = 5
EVENT_SIGNAL = 6
EVENT_STOP = 7
EVENT_DETACH = 8
EVENT_LOST = 9
EVENT_BREAKPOINT = 10
EVENT_HWBP = 11
EVENT_KIND_MAX = 12

SYSCALL_F_ENTRY = 1 << 0
SYSCALL_F_EXIT = 1 << 1
CAPTURE_STRING = 1
CAPTURE_MEMORY = 2
CAPTURE_LEN_FIXED = 0
CAPTURE_LEN_FROM_ARG = 1
CAPTURE_LEN_FROM_RET = 2
CAPTURED_TRUNCATED = 1 << 0
CAPTURED_FAULT = 1 << 1
CAPTURED_RETRIED = 1 << 2
CAPTURED_ENTRY = 1 << 3

FEATURE_HWBP = 21
FEATURE_QUIESCE_WAIT = 26
FEATURE_SIGNAL_HOLD = 28
FEATURE_STEP = 29
FEATURE_CAPTURE = 32
FEATURE_RING_WAKEUP = 33

HWBP_TYPE_EXEC = 1
HWBP_TYPE_WRITE = 2
HWBP_TYPE_ACCESS = 3

STATE_RUNNING = 1
STATE_STOPPING = 2
STATE_STOPPED = 3
STATE_EXITED = 4

PATH_MAX = 4096
NT_PRSTATUS = 1


def event_bit(kind: int) -> int:
    return 1 << kind


# --- structs -------------------------------------------------------------------
class OpenOpts(Structure):
    _fields_ = [("sz", c_size_t), ("proc_root", c_char_p),
                ("queue_limit", c_uint32), ("_pad0", c_uint32)]


class AttachOpts(Structure):
    _fields_ = [("sz", c_size_t), ("flags", c_uint32), ("_pad0", c_uint32),
                ("events", c_uint64), ("stop_events", c_uint64),
                ("syscall_entry", c_void_p), ("syscall_exit", c_void_p)]


class SpawnOpts(Structure):
    _fields_ = [("sz", c_size_t), ("flags", c_uint32), ("_pad0", c_uint32),
                ("envp", POINTER(c_char_p)), ("cwd", c_char_p),
                ("attach", POINTER(AttachOpts)), ("uid", c_uint32),
                ("gid", c_uint32), ("groups", POINTER(c_uint32)),
                ("ngroups", c_size_t)]


class ModuleInfo(Structure):
    _fields_ = [("sz", c_size_t), ("api_major", c_uint32),
                ("api_minor", c_uint32), ("features", c_uint64),
                ("events", c_uint64), ("syscall_max", c_uint32),
                ("_pad0", c_uint32)]


class Task(Structure):
    _fields_ = [("pid", pid_t), ("tid", pid_t), ("state", c_uint32),
                ("flags", c_uint32), ("_reserved", c_uint64 * 2)]


class Regset(Structure):
    _fields_ = [("note_type", c_uint32), ("count", c_uint32),
                ("size", c_uint32), ("align", c_uint32), ("bytes", c_uint64)]


class Map(Structure):
    _fields_ = [("start", c_uint64), ("end", c_uint64), ("offset", c_uint64),
                ("inode", c_uint64), ("dev_major", c_uint32),
                ("dev_minor", c_uint32), ("prot", c_uint32),
                ("flags", c_uint32), ("path", c_char_p),
                ("_reserved", c_uint64 * 2)]


class Auxv(Structure):
    _fields_ = [("type", c_uint64), ("value", c_uint64)]


class TaskStatus(Structure):
    _fields_ = [("sz", c_size_t), ("state", c_char), ("_pad0", c_char * 3),
                ("pid", pid_t), ("tid", pid_t), ("ppid", pid_t),
                ("threads", c_uint32), ("uid", c_uint32 * 4),
                ("gid", c_uint32 * 4), ("sig_pending", c_uint64),
                ("sig_shared", c_uint64), ("sig_blocked", c_uint64),
                ("sig_ignored", c_uint64), ("sig_caught", c_uint64)]


class Fd(Structure):
    _fields_ = [("fd", c_int), ("flags", c_uint32), ("mode", c_uint32),
                ("dev_major", c_uint32), ("dev_minor", c_uint32),
                ("_pad0", c_uint32), ("pos", c_uint64), ("inode", c_uint64),
                ("path", c_char_p), ("_reserved", c_uint64 * 2)]


class Breakpoint(Structure):
    _fields_ = [("id", c_uint32), ("flags", c_uint32), ("offset", c_uint64),
                ("inode", c_uint64), ("dev_major", c_uint32),
                ("dev_minor", c_uint32), ("addr", c_uint64),
                ("hits", c_uint64), ("_reserved", c_uint64 * 2)]


class Hwbp(Structure):
    _fields_ = [("id", c_uint32), ("type", c_uint32), ("pid", pid_t),
                ("len", c_uint32), ("addr", c_uint64), ("hits", c_uint64),
                ("_reserved", c_uint64 * 2)]


class Captured(Structure):
    _fields_ = [("addr", c_uint64), ("len", c_uint32), ("flags", c_uint32),
                ("index", c_uint32), ("arg", c_uint32),
                ("data", POINTER(c_uint8))]


class CaptureDef(Structure):
    _fields_ = [("nr", c_int32), ("arch", c_uint32), ("when", c_uint32),
                ("kind", c_uint32), ("arg", c_uint32), ("len_from", c_uint32),
                ("len_arg", c_uint32), ("elem", c_uint32), ("max", c_uint32)]


class _SyscallEntry(Structure):
    _fields_ = [("nr", c_int32), ("arch", c_uint32), ("args", c_uint64 * 6),
                ("ip", c_uint64), ("ncaptures", c_uint32), ("_pad0", c_uint32),
                ("captures", POINTER(Captured))]


class _SyscallExit(Structure):
    _fields_ = [("nr", c_int32), ("arch", c_uint32), ("ret", c_int64),
                ("ncaptures", c_uint32), ("_pad0", c_uint32),
                ("captures", POINTER(Captured))]


class _Exec(Structure):
    _fields_ = [("old_tid", pid_t), ("_pad0", c_uint32),
                ("path", c_char * PATH_MAX)]


class _Clone(Structure):
    _fields_ = [("child_pid", pid_t), ("child_tid", pid_t), ("kind", c_uint32),
                ("follow", c_uint32), ("clone_flags", c_uint64)]


class _Exit(Structure):
    _fields_ = [("status", c_int32), ("group", c_uint32)]


class _Signal(Structure):
    _fields_ = [("signo", c_int32), ("code", c_int32), ("error", c_int32),
                ("sender_pid", pid_t), ("flags", c_uint32), ("sender_uid", c_uint32),
                ("status", c_int32), ("utime", c_int64), ("stime", c_int64),
                ("addr", c_uint64), ("siginfo_arch", c_uint32), ("_pad0", c_uint32),
                ("siginfo", c_uint8 * 128)]


class _Reason(Structure):
    _fields_ = [("reason", c_uint32), ("event", c_uint32)]


class _Detach(Structure):
    _fields_ = [("reason", c_uint32), ("_pad0", c_uint32)]


class _Lost(Structure):
    _fields_ = [("count", c_uint64)]


class _Breakpoint(Structure):
    _fields_ = [("id", c_uint32), ("_pad0", c_uint32), ("addr", c_uint64)]


class _Hwbp(Structure):
    _fields_ = [("id", c_uint32), ("type", c_uint32), ("addr", c_uint64),
                ("ip", c_uint64), ("len", c_uint32), ("_pad0", c_uint32)]


class _EventUnion(Union):
    _fields_ = [("syscall_entry", _SyscallEntry),
                ("syscall_exit", _SyscallExit), ("exec", _Exec),
                ("clone", _Clone), ("exit", _Exit), ("signal", _Signal),
                ("stop", _Reason), ("detach", _Detach), ("lost", _Lost),
                ("breakpoint", _Breakpoint), ("hwbp", _Hwbp),
                ("_reserved", c_uint64 * 16)]


class EventInfo(Structure):
    _anonymous_ = ("u",)
    _fields_ = [("type", c_uint32), ("flags", c_uint32), ("pid", pid_t),
                ("tid", pid_t), ("seq", c_uint64), ("time_ns", c_uint64),
                ("u", _EventUnion)]


# --- loading -------------------------------------------------------------------
def _candidates() -> list[str]:
    found = []
    env = os.environ.get("UTRACER_LIBRARY")
    if env:
        return [env]
    # bindings/python/utracer/_native.py -> the tree's top is three levels up.
    top = Path(__file__).resolve().parents[3]
    built = top / "build" / "lib" / "libutracer.so.0"
    if built.exists():
        found.append(str(built))
    found.append("libutracer.so.0")
    return found


def _load() -> ctypes.CDLL:
    errors = []
    for name in _candidates():
        try:
            return ctypes.CDLL(name, use_errno=True)
        except OSError as e:
            errors.append(str(e))
    raise ImportError("libutracer.so.0 not found (set UTRACER_LIBRARY): " +
                      "; ".join(errors))


lib = _load()
libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
libc.free.argtypes = [c_void_p]
libc.free.restype = None

_U = c_void_p  # struct utracer *


def _decl(name: str, restype, *argtypes) -> None:
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)


_decl("utracer_library_version", c_char_p)
_decl("utracer_strerror", c_char_p, c_int)
_decl("utracer_open", _U, POINTER(OpenOpts))
_decl("utracer_close", None, _U)
_decl("utracer_module_info", c_int, _U, POINTER(ModuleInfo))
_decl("utracer_has_feature", c_int, _U, c_int)
_decl("utracer_event_name", c_char_p, c_uint)
_decl("utracer_attach", c_int, _U, pid_t, POINTER(AttachOpts))
_decl("utracer_detach", c_int, _U, pid_t, c_uint)
_decl("utracer_set_events", c_int, _U, pid_t, c_uint64, c_uint64)
_decl("utracer_set_follow", c_int, _U, pid_t, c_uint)
_decl("utracer_set_captures", c_int, _U, pid_t, POINTER(CaptureDef), c_size_t)
_decl("utracer_is_attached", c_int, _U, pid_t)
_decl("utracer_task_list", c_void_p, _U, POINTER(c_size_t))
_decl("utracer_quiesce", c_int, _U, pid_t, c_uint)
_decl("utracer_run", c_int, _U, pid_t, c_uint)
_decl("utracer_step", c_int, _U, pid_t, c_uint)
_decl("utracer_regset_list", c_int, _U, pid_t, POINTER(Regset), c_size_t)
_decl("utracer_regset_read", c_ssize_t, _U, pid_t, c_uint32, c_void_p, c_size_t)
_decl("utracer_regset_write", c_int, _U, pid_t, c_uint32, c_void_p, c_size_t)
_decl("utracer_mem_read", c_ssize_t, _U, pid_t, c_uint64, c_void_p, c_size_t)
_decl("utracer_mem_write", c_ssize_t, _U, pid_t, c_uint64, c_void_p, c_size_t)
_decl("utracer_environ_list", c_void_p, _U, pid_t, POINTER(c_size_t))
_decl("utracer_cmdline_list", c_void_p, _U, pid_t, POINTER(c_size_t))
_decl("utracer_map_list", c_void_p, _U, pid_t, POINTER(c_size_t))
_decl("utracer_exe_path", c_void_p, _U, pid_t)
_decl("utracer_auxv_list", c_void_p, _U, pid_t, POINTER(c_size_t))
_decl("utracer_task_status", c_int, _U, pid_t, POINTER(TaskStatus))
_decl("utracer_fd_list", c_void_p, _U, pid_t, POINTER(c_size_t))
_decl("utracer_breakpoint_set", c_int, _U, c_char_p, c_uint64)
_decl("utracer_breakpoint_set_addr", c_int, _U, pid_t, c_uint64,
      POINTER(c_uint64))
_decl("utracer_breakpoint_remove", c_int, _U, c_uint32)
_decl("utracer_breakpoint_list", c_void_p, _U, POINTER(c_size_t))
_decl("utracer_hwbp_set", c_int, _U, pid_t, c_uint64, c_uint32, c_uint)
_decl("utracer_hwbp_remove", c_int, _U, c_uint32)
_decl("utracer_hwbp_list", c_void_p, _U, POINTER(c_size_t))
_decl("utracer_set_signal_holds", c_int, _U, pid_t, c_uint64)
_decl("utracer_signal_verdict", c_int, _U, pid_t, c_int)
_decl("utracer_event_wait", c_int, _U, POINTER(EventInfo), c_int)
_decl("utracer_event_next", c_int, _U, POINTER(EventInfo))
_decl("utracer_event_fd", c_int, _U)
_decl("utracer_set_wakeup", c_int, _U, c_uint32, c_uint32)
_decl("utracer_spawn", pid_t, _U, c_char_p, POINTER(c_char_p),
      POINTER(SpawnOpts))
