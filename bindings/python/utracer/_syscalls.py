# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Syscall names from libseccomp's tables, as udb takes them.

seccomp_syscall_resolve_num_arch() takes the AUDIT_ARCH_* value the events
carry (libseccomp's arch tokens are those values) and returns a string the
caller frees.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import c_int, c_uint32, c_void_p

from . import _native

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_I386 = 0x40000003


def _load_seccomp():
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None, None
    fn = lib.seccomp_syscall_resolve_num_arch
    fn.restype = c_void_p
    fn.argtypes = [c_uint32, c_int]
    by_name = lib.seccomp_syscall_resolve_name_arch
    by_name.restype = c_int
    by_name.argtypes = [c_uint32, ctypes.c_char_p]
    return fn, by_name


_resolve, _resolve_name = _load_seccomp()
_cache: dict[tuple[int, int], str] = {}


def syscall_name(nr: int, arch: int = AUDIT_ARCH_X86_64) -> str:
    """The name of syscall nr in arch's table; "syscall_NR" when unknown."""
    key = (arch, nr)
    name = _cache.get(key)
    if name is None:
        name = f"syscall_{nr}"
        if _resolve is not None:
            p = _resolve(arch, nr)
            if p:
                name = ctypes.string_at(p).decode()
                _native.libc.free(p)
        _cache[key] = name
    return name


def syscall_number(name: str, arch: int = AUDIT_ARCH_X86_64) -> int:
    """The number of syscall name in arch's table; ValueError when unknown."""
    nr = -1
    if _resolve_name is not None:
        nr = _resolve_name(arch, name.encode())
    if nr < 0:
        raise ValueError(f"unknown syscall {name!r} for arch {arch:#x}")
    return nr
