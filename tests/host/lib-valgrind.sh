#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the library's host tests (build/tests/host/lib-*) run clean
# under valgrind: no invalid access, no use of uninitialised memory, no
# leak of any kind, each test still passing. In the VM, tests/vm/lib-valgrind.sh
# does the same for the tests that talk to the module.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
exec "$top/tests/common/ulib-valgrind" "$top/build/tests/host"
