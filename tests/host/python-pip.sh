#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: bindings/python installs with Debian's pip straight from the
# tree, offline (pip install --no-index --no-build-isolation --target DIR
# bindings/python, the command docs/python.md gives), and the installed
# package imports from DIR, loads the library named by $UTRACER_LIBRARY,
# and carries the version of the VERSION file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
"$py" -m pip --version >/dev/null 2>&1 || { echo "python3-pip is not installed"; exit 77; }
"$py" -c 'import setuptools.build_meta' 2>/dev/null || { echo "python3-setuptools is not installed"; exit 77; }
lib=$top/build/lib/libutracer.so.0
[ -f "$lib" ] || { echo "$lib is not built (make lib)"; exit 77; }
version=$(cat "$top/VERSION")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PYTHONDONTWRITEBYTECODE=1
# As on a fresh machine: no pip configuration or extra package source of
# this one, and no network.
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TARGET PIP_PREFIX
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
(cd "$top" && "$py" -m pip install --no-index --no-build-isolation --target "$tmp/site" \
	bindings/python) >"$tmp/log" 2>&1 || { cat "$tmp/log"; echo "pip install failed"; exit 1; }
[ -f "$tmp/site/utracer/__init__.py" ] && [ -f "$tmp/site/utracer/py.typed" ] ||
	{ cat "$tmp/log"; find "$tmp/site"; echo "the package is not in $tmp/site"; exit 1; }
out=$(cd / && UTRACER_LIBRARY=$lib PYTHONPATH=$tmp/site "$py" -c '
import importlib.metadata as m, utracer
print(utracer.__file__, m.version("utracer"), utracer.library_version())') || exit 1
echo "$out"
[ "$out" = "$tmp/site/utracer/__init__.py $version $version" ] ||
	{ echo "want $tmp/site/utracer/__init__.py $version $version"; exit 1; }
