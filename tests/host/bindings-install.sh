#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: `make install-bindings` (part of `make install`) installs the
# Python package into Debian's dist-packages layout (with its metadata at
# VERSION), the jar into the Java directory as utracer-VERSION.jar with the
# link utracer.jar, and the JNI library into LIBDIR/jni without the build
# tree's rpath, all under DESTDIR; each works from there (the package
# imports and reports the library's version, the jar loads the installed
# JNI library from java.library.path); PREFIX=/usr/local puts the package
# where Debian's python3 looks for local ones; `make uninstall-bindings`
# removes every file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(cat "$top/VERSION")
java_home=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
rc=0
fail() { echo "FAIL: $*"; rc=1; }
[ -x "$java_home/bin/java" ] || { echo "openjdk-17 is not installed"; exit 77; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
libdir=/usr/lib/$multiarch
dest=$tmp/root
make -s -C "$top" install-bindings DESTDIR="$dest" PREFIX=/usr LIBDIR="$libdir" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; echo "make install-bindings failed"; exit 1; }

py=$dest/usr/lib/python3/dist-packages
for f in "$top"/bindings/python/utracer/*.py "$top"/bindings/python/utracer/py.typed; do
	[ -f "$py/utracer/${f##*/}" ] || fail "the Python package lacks ${f##*/}"
done
jar=$dest/usr/share/java/utracer-$version.jar
jni=$dest$libdir/jni/libutracer-jni.so
[ -f "$jar" ] || fail "no /usr/share/java/utracer-$version.jar"
[ "$(readlink "$dest/usr/share/java/utracer.jar")" = "utracer-$version.jar" ] ||
	fail "utracer.jar does not point at utracer-$version.jar"
[ -f "$jni" ] || fail "no $libdir/jni/libutracer-jni.so"
readelf -d "$jni" | grep -E 'RPATH|RUNPATH' && fail "the installed JNI library has an rpath"
readelf -d "$jni" | grep -q 'NEEDED.*\[libutracer.so.0\]' || fail "the JNI library is not linked to libutracer.so.0"
for f in "$py"/utracer/* "$jar" "$jni"; do
	[ "$(stat -c %a "$f")" = 644 ] || fail "$f has mode $(stat -c %a "$f"), not 644"
done

# The package from dist-packages, its metadata, the library it loads.
out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin PYTHONPATH="$py" PYTHONDONTWRITEBYTECODE=1 \
	UTRACER_LIBRARY="$top/build/lib/libutracer.so.0" /usr/bin/python3 -c '
import importlib.metadata, utracer
print(utracer.__file__)
print(importlib.metadata.version("utracer"))
print(utracer.library_version())' 2>&1)
[ "$out" = "$py/utracer/__init__.py
$version
$version" ] || fail "the installed Python package: $out"

# The jar finds the installed JNI library through java.library.path (no
# utracer.jni, no UTRACER_JNI); the library's libutracer.so.0 is the tree's.
cat >"$tmp/Probe.java" <<'JAVA'
public class Probe {
    public static void main(String[] args) {
        System.out.println(org.utracer.Client.libraryVersion());
    }
}
JAVA
out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$top/build/lib" \
	"$java_home/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -Djava.library.path="$dest$libdir/jni" \
	-cp "$dest/usr/share/java/utracer.jar" Probe.java 2>&1)
echo "$out" | grep -qx "$version" || fail "the installed jar: $out"

# PREFIX=/usr/local: Debian's python3 looks in /usr/local/lib/python3.X/dist-packages.
make -s -C "$top" install-bindings DESTDIR="$tmp/local" PREFIX=/usr/local >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "make install-bindings PREFIX=/usr/local failed"; }
site=$(/usr/bin/python3 -c 'import sys; print("/usr/local/lib/python%d.%d/dist-packages" % sys.version_info[:2])')
/usr/bin/python3 -c 'import sys; sys.exit(sys.argv[1] not in sys.path)' "$site" ||
	fail "$site is not in python3's path"
[ -f "$tmp/local$site/utracer/__init__.py" ] || fail "PREFIX=/usr/local: the package is not in $site"
[ -f "$tmp/local/usr/local/share/java/utracer-$version.jar" ] || fail "PREFIX=/usr/local: no jar in /usr/local/share/java"
[ -f "$tmp/local/usr/local/lib/jni/libutracer-jni.so" ] || fail "PREFIX=/usr/local: no /usr/local/lib/jni/libutracer-jni.so"

make -s -C "$top" uninstall-bindings DESTDIR="$dest" PREFIX=/usr LIBDIR="$libdir" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "make uninstall-bindings failed"; }
left=$(find "$dest" ! -type d)
[ -z "$left" ] || fail "left after uninstall-bindings: $left"
exit $rc
