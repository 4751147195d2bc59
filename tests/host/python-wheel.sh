#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: bindings/python is an installable project: Debian's
# setuptools builds a wheel from its pyproject.toml (as pip does, offline),
# the wheel holds the package with its py.typed marker, and the package
# imports from where the wheel is unpacked, loading the library named by
# $UTRACER_LIBRARY.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
"$py" -c 'import setuptools.build_meta' 2>/dev/null || { echo "python3-setuptools is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PYTHONDONTWRITEBYTECODE=1
cp -r "$top/bindings/python" "$tmp/src"
(cd "$tmp/src" && "$py" -c 'import sys, setuptools.build_meta as b; print(b.build_wheel(sys.argv[1]))' "$tmp/dist") \
	>"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
wheel=$(ls "$tmp"/dist/utracer-*.whl 2>/dev/null)
[ -n "$wheel" ] || { echo "no wheel built"; cat "$tmp/log"; exit 1; }
"$py" - "$wheel" "$tmp/site" <<'PY' || exit 1
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
for want in ("utracer/__init__.py", "utracer/_native.py", "utracer/_syscalls.py", "utracer/py.typed"):
    if want not in names:
        sys.exit(f"{want} missing from the wheel: {sorted(names)}")
z.extractall(sys.argv[2])
PY
out=$(cd / && UTRACER_LIBRARY=$top/build/lib/libutracer.so.0 PYTHONPATH=$tmp/site \
	"$py" -c 'import utracer; print(utracer.__file__, utracer.library_version())') || exit 1
case "$out" in
"$tmp/site/utracer/__init__.py "[0-9]*.[0-9]*.[0-9]*) echo "$out" ;;
*) echo "imported the wrong package or version: $out"; exit 1 ;;
esac
