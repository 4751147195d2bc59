#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the Python bindings' ctypes structs (bindings/python/
# utracer/_native.py) have the size and every field offset that the C
# compiler gives the same structs of include/utracer.h, and the package
# imports with Debian's python3 from the build tree.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
[ -x "$py" ] || { echo "Debian's python3 is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PYTHONDONTWRITEBYTECODE=1 UTRACER_LIBRARY=$top/build/lib/libutracer.so.0

# The Python side writes a C program that prints each size and offset,
# and the lines it expects that program to print.
"$py" - "$top/bindings/python" "$tmp" <<'PY' || exit 1
import ctypes, sys
sys.path.insert(0, sys.argv[1])
from utracer import _native as n
structs = {
    "OpenOpts": "utracer_open_opts", "AttachOpts": "utracer_attach_opts",
    "SpawnOpts": "utracer_spawn_opts", "ModuleInfo": "utracer_module_info",
    "Task": "utracer_task", "Regset": "utracer_regset", "Map": "utracer_map",
    "Auxv": "utracer_auxv", "TaskStatus": "utracer_task_status",
    "Fd": "utracer_fd", "Breakpoint": "utracer_breakpoint", "Hwbp": "utracer_hwbp",
    "EventInfo": "utracer_event_info", "Captured": "utracer_captured",
    "CaptureDef": "utracer_capture_def",
}
c = ["#include <stdio.h>", "#include <utracer.h>", "int main(void) {"]
want = []
def cname(f):
    return "_" + f if f.startswith("_") else f
for py, cs in structs.items():
    cls = getattr(n, py)
    c.append(f'printf("{cs} %zu\\n", sizeof(struct {cs}));')
    want.append(f"{cs} {ctypes.sizeof(cls)}")
    for f, t in cls._fields_:
        if f == "u":  # the anonymous union: each member's fields
            for uf, ut in t._fields_:
                off = getattr(cls, "u").offset + getattr(t, uf).offset
                c.append(f'printf("{cs}.{cname(uf)} %zu\\n", offsetof(struct {cs}, {cname(uf)}));')
                want.append(f"{cs}.{cname(uf)} {off}")
                if issubclass(ut, ctypes.Structure):
                    for sf, _ in ut._fields_:
                        o2 = off + getattr(ut, sf).offset
                        c.append(f'printf("{cs}.{cname(uf)}.{cname(sf)} %zu\\n", offsetof(struct {cs}, {cname(uf)}.{cname(sf)}));')
                        want.append(f"{cs}.{cname(uf)}.{cname(sf)} {o2}")
            continue
        c.append(f'printf("{cs}.{cname(f)} %zu\\n", offsetof(struct {cs}, {cname(f)}));')
        want.append(f"{cs}.{cname(f)} {getattr(cls, f).offset}")
c.append("return 0; }")
open(sys.argv[2] + "/layout.c", "w").write("\n".join(c) + "\n")
open(sys.argv[2] + "/want", "w").write("\n".join(want) + "\n")
PY
cc -std=c11 -D_GNU_SOURCE -Wall -Werror -I"$top/include" -o "$tmp/layout" "$tmp/layout.c" || exit 1
"$tmp/layout" >"$tmp/got" || exit 1
n=$(wc -l <"$tmp/want")
[ "$n" -gt 100 ] || { echo "only $n layout lines: the check lost its fields"; exit 1; }
diff -u "$tmp/got" "$tmp/want" || { echo "ctypes and C disagree (- C, + ctypes)"; exit 1; }
echo "$n sizes and offsets agree"
