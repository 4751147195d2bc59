#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: libutracer's shared library exports exactly the functions
# of lib/libutracer.map, each at version LIBUTRACER_0.1, each declared in
# include/utracer.h and documented by a man page man/NAME.3; its soname is
# libutracer.so.0 and it needs no undefined symbol beyond the C library.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
so=$top/build/lib/libutracer.so.$(cat "$top/VERSION")
[ -f "$so" ] || { echo "$so is not built"; exit 1; }
rc=0
fail() { echo "$*"; rc=1; }

exported=$(nm -D --defined-only "$so" | awk '$2 == "T" {print $3}' | sort)
mapped=$(grep -oE '^\s+utracer_[a-z_]+;' "$top/lib/libutracer.map" | tr -d ' \t;' | sort)
declared=$(grep -oE '^[a-z].*\butracer_[a-z_]+\(' "$top/include/utracer.h" |
	grep -v 'static inline' | grep -oE 'utracer_[a-z_]+\($' | tr -d '(' | sort)

[ -n "$mapped" ] || fail "no symbol in lib/libutracer.map"
for s in $exported; do
	case "$s" in *@@LIBUTRACER_0.1) ;; *) fail "$s: not at version LIBUTRACER_0.1" ;; esac
done
exported=$(echo "$exported" | sed 's/@.*//')
[ "$exported" = "$mapped" ] ||
	fail "exported and mapped differ:" "$(diff <(echo "$exported") <(echo "$mapped"))"
[ "$declared" = "$mapped" ] ||
	fail "declared and mapped differ:" "$(diff <(echo "$declared") <(echo "$mapped"))"
for s in $mapped; do
	[ -f "$top/man/$s.3" ] || fail "$s: no man page man/$s.3"
done
[ -f "$top/man/libutracer.7" ] || fail "no overview page man/libutracer.7"

soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libutracer.so.0 ] || fail "soname is '$soname'"
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
[ "$needed" = "libc.so.6 " ] || fail "needs '$needed', expected only libc.so.6"
exit $rc
