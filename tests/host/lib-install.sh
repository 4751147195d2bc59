#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: `make install-lib DESTDIR=... PREFIX=/usr` installs the
# header, the shared library with its soname links, the archive, the
# pkg-config file and the man pages; the examples build against that copy
# through pkg-config (PKG_CONFIG_PATH, PKG_CONFIG_SYSROOT_DIR) and run
# from it (here without the module, so they must say so); every man page
# renders without warnings; `make uninstall-lib` removes every file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
version=$(cat "$top/VERSION")
rc=0
fail() { echo "FAIL: $*"; rc=1; }

command -v pkg-config >/dev/null || { echo "pkg-config is not installed"; exit 77; }
make -s -C "$top" install-lib DESTDIR="$dest" PREFIX=/usr >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; echo "make install-lib failed"; exit 1; }
# Leave the build tree's pkg-config file as a plain build makes it.
make -s -C "$top" lib >/dev/null 2>&1

for f in usr/include/utracer.h usr/lib/libutracer.so.$version usr/lib/libutracer.a \
	usr/lib/pkgconfig/libutracer.pc usr/share/man/man7/libutracer.7 \
	usr/share/man/man3/utracer_open.3 usr/share/man/man3/utracer_close.3; do
	[ -f "$dest/$f" ] || fail "$f was not installed"
done
[ "$(readlink "$dest/usr/lib/libutracer.so.0")" = "libutracer.so.$version" ] ||
	fail "libutracer.so.0 does not point at libutracer.so.$version"
[ "$(readlink "$dest/usr/lib/libutracer.so")" = libutracer.so.0 ] ||
	fail "libutracer.so does not point at libutracer.so.0"
n3=$(ls "$top"/man/utracer_*.3 | wc -l)
[ "$(ls "$dest"/usr/share/man/man3 | wc -l)" = "$n3" ] || fail "not all $n3 man pages installed"

# The public header needs nothing but the C library's headers.
echo '#include <utracer.h>' | cc -std=c11 -Wall -Werror -I"$dest/usr/include" \
	-fsyntax-only -x c - || fail "utracer.h does not compile on its own"

export PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
flags=$(pkg-config --cflags --libs libutracer) || fail "pkg-config does not find libutracer"
case "$flags" in *"-I$dest/usr/include"*"-L$dest/usr/lib"*"-lutracer"*) ;;
	*) fail "pkg-config gives '$flags'" ;; esac
[ "$(pkg-config --modversion libutracer)" = "$version" ] || fail "wrong version in the .pc file"

cp -r "$top/examples" "$tmp/examples"
make -s -C "$tmp/examples" CFLAGS="-O2 -Wall -Wextra -Werror" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "the examples do not build against the installed copy"; }
for e in mini-trace mini-inspect; do
	[ -x "$tmp/examples/$e" ] || { fail "$e not built"; continue; }
	readelf -d "$tmp/examples/$e" | grep -q 'NEEDED.*\[libutracer.so.0\]' ||
		fail "$e is not linked to libutracer.so.0"
done
if [ -x "$tmp/examples/mini-inspect" ] && [ ! -e /proc/utrace/control ]; then
	out=$(LD_LIBRARY_PATH=$dest/usr/lib "$tmp/examples/mini-inspect" 1 2>&1)
	[ $? = 1 ] && echo "$out" | grep -q 'is utracer.ko loaded?' ||
		fail "mini-inspect without the module said: $out"
fi

(cd "$dest/usr/share/man" && for p in man3/*.3 man7/libutracer.7; do
	w=$(groff -man -ww -z "$p" 2>&1)
	[ -z "$w" ] || { echo "FAIL: $p: $w"; exit 1; }
done) || rc=1

make -s -C "$top" uninstall-lib DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1 ||
	fail "make uninstall-lib failed"
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] || fail "uninstall-lib left: $left"
exit $rc
