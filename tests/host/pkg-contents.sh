#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the packages of `make deb` hold what each should and nothing
# of another's: utracer-dkms the module's sources, dkms.conf and
# utracer.7, depending on dkms, with DKMS's maintainer scripts; libutracer0
# the shared library alone; libutracer-dev the header, the archive, the
# .so link, the pkg-config file and every section 3 page; udb its binary and
# page; python3-utracer the Python package with its metadata (pure
# Python, Architecture all, depending on libutracer0 and python3),
# libutracer-java the versioned jar with its unversioned link (Architecture
# all, depending on libutracer-jni), libutracer-jni the JNI library in the
# JVM's multiarch jni directory, without an rpath. No file is in two
# packages, each has its copyright and changelog, and lintian's report
# holds no error or warning. Skips until `make deb`, and when a file of
# the tree is newer than the packages.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
debs=${UTRACER_DEBS:-$top/build/deb}
version=$(cat "$top/VERSION")
ls "$debs"/utracer-dkms_*.deb >/dev/null 2>&1 || { echo "the packages are not built: run 'make deb'"; exit 77; }
# Packages older than a source file show the tree as it was, not as it is
# (in a git tree, what git ignores is not a source).
if [ -z "${UTRACER_DEBS:-}" ]; then
	oldest=$(ls -t "$debs"/*.deb | tail -n 1)
	newer=$(cd "$top" && find . \( -path ./build -o -path ./.git \) -prune -o \
		-type f -newer "$oldest" -print | sed 's|^\./||' |
		if git rev-parse --git-dir >/dev/null 2>&1; then
			git check-ignore --stdin --non-matching --verbose |
				awk -F '\t' '$1 == "::" { print $2 }'
		else
			cat
		fi | head -n 1)
	[ -z "$newer" ] || { echo "the packages are older than $newer: run 'make deb'"; exit 77; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

pkgs=(utracer-dkms libutracer0 libutracer-dev udb python3-utracer libutracer-java libutracer-jni)
for p in "${pkgs[@]}"; do
	deb=$(ls "$debs/${p}_${version}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || { bad "no $p package at $version"; continue; }
	dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' | sort >"$tmp/$p"
	for f in /usr/share/doc/$p/copyright /usr/share/doc/$p/changelog.gz; do
		grep -qx "$f" "$tmp/$p" || bad "$p lacks $f"
	done
done
# has PACKAGE FILE...: each FILE is in PACKAGE; only PACKAGE FILE-REGEX: all
# of PACKAGE's files (but its docs) match.
has() { local p=$1 f; shift; for f; do grep -qx "$f" "$tmp/$p" || bad "$p lacks $f"; done; }
only() { grep -v "^/usr/share/doc/$1/" "$tmp/$1" | grep -Ev "$2" | sed "s|^|FAIL: $1 holds |" | grep . && fail=1; }

src=/usr/src/utracer-$version
has utracer-dkms "$src/dkms.conf" "$src/VERSION" "$src/module/Kbuild" "$src/module/main.c" \
	"$src/include/uapi/linux/utracer.h" /usr/share/man/man7/utracer.7.gz
only utracer-dkms "^($src/|/usr/share/man/man7/utracer\.7\.gz$)"
for c in "$top"/module/*.[ch] "$top"/module/*/*.[ch]; do has utracer-dkms "$src/${c#"$top"/}"; done
dpkg-deb -f "$debs/utracer-dkms_${version}_all.deb" Depends | grep -q 'dkms' || bad "utracer-dkms does not depend on dkms"
dpkg-deb -e "$debs/utracer-dkms_${version}_all.deb" "$tmp/ctl"
grep -q 'common.postinst' "$tmp/ctl/postinst" 2>/dev/null || bad "utracer-dkms has no DKMS postinst"

has libutracer0 "/usr/lib/$multiarch/libutracer.so.$version" "/usr/lib/$multiarch/libutracer.so.0"
only libutracer0 "^/usr/lib/$multiarch/libutracer\.so\.[0-9.]+$"

has libutracer-dev /usr/include/utracer.h "/usr/lib/$multiarch/libutracer.a" "/usr/lib/$multiarch/libutracer.so" \
	"/usr/lib/$multiarch/pkgconfig/libutracer.pc" /usr/share/man/man7/libutracer.7.gz
for m in "$top"/man/utracer_*.3; do has libutracer-dev "/usr/share/man/man3/${m##*/}.gz"; done
only libutracer-dev "^(/usr/include/utracer\.h|/usr/lib/$multiarch/(libutracer\.(a|so)|pkgconfig/libutracer\.pc)|/usr/share/man/man[37]/.*)$"

has udb /usr/bin/udb /usr/share/man/man1/udb.1.gz
only udb "^(/usr/bin/udb|/usr/share/man/man1/udb\.1\.gz)$"

py=/usr/lib/python3/dist-packages
has python3-utracer "$py/utracer/__init__.py" "$py/utracer/_native.py" "$py/utracer/py.typed" \
	"$py/utracer-$version.dist-info/METADATA" /usr/share/doc/python3-utracer/examples/syscall_count.py
for f in "$top"/bindings/python/utracer/*.py; do has python3-utracer "$py/utracer/${f##*/}"; done
only python3-utracer "^($py/utracer/[a-z_]+\.(py|typed)|$py/utracer-$version\.dist-info/METADATA|/usr/share/doc/.*)$"
grep -qx "Version: $version" <(dpkg-deb --fsys-tarfile "$debs/python3-utracer_${version}_all.deb" |
	tar -xOf - ".$py/utracer-$version.dist-info/METADATA") || bad "python3-utracer's METADATA is not at $version"
dpkg-deb -f "$debs/python3-utracer_${version}_all.deb" Depends | grep -q 'libutracer0 (>= '"$version"')' ||
	bad "python3-utracer does not depend on libutracer0 (>= $version)"
dpkg-deb -f "$debs/python3-utracer_${version}_all.deb" Depends | grep -q 'python3' ||
	bad "python3-utracer does not depend on python3"
dpkg-deb -e "$debs/python3-utracer_${version}_all.deb" "$tmp/pyctl"
grep -q 'py3compile -p python3-utracer' "$tmp/pyctl/postinst" 2>/dev/null || bad "python3-utracer's postinst does not byte-compile it"

has libutracer-java "/usr/share/java/utracer-$version.jar" /usr/share/java/utracer.jar
only libutracer-java "^(/usr/share/java/utracer(-$version)?\.jar|/usr/share/doc/.*)$"
dpkg-deb -c "$debs/libutracer-java_${version}_all.deb" | grep -q "\./usr/share/java/utracer\.jar -> utracer-$version\.jar\$" ||
	bad "utracer.jar is not a link to utracer-$version.jar"
dpkg-deb -f "$debs/libutracer-java_${version}_all.deb" Depends | grep -q 'libutracer-jni (>= '"$version"')' ||
	bad "libutracer-java does not depend on libutracer-jni"
dpkg-deb --fsys-tarfile "$debs/libutracer-java_${version}_all.deb" | tar -xOf - "./usr/share/java/utracer-$version.jar" >"$tmp/u.jar"
unzip -l "$tmp/u.jar" 2>/dev/null | grep -q 'org/utracer/Client.class' ||
	/usr/lib/jvm/default-java/bin/jar tf "$tmp/u.jar" 2>/dev/null | grep -q 'org/utracer/Client.class' ||
	bad "the jar has no org/utracer/Client.class"

jni=$(ls "$debs/libutracer-jni_${version}_"*.deb 2>/dev/null | head -n 1)
has libutracer-jni "/usr/lib/$multiarch/jni/libutracer-jni.so"
only libutracer-jni "^(/usr/lib/$multiarch/jni/libutracer-jni\.so|/usr/share/doc/.*)$"
if [ -n "$jni" ]; then
	dpkg-deb -x "$jni" "$tmp/jni"
	readelf -d "$tmp/jni/usr/lib/$multiarch/jni/libutracer-jni.so" | grep -E 'RPATH|RUNPATH' &&
		bad "libutracer-jni.so has an rpath"
	readelf -d "$tmp/jni/usr/lib/$multiarch/jni/libutracer-jni.so" | grep -q 'NEEDED.*\[libutracer.so.0\]' ||
		bad "libutracer-jni.so is not linked to libutracer.so.0"
	dpkg-deb -f "$jni" Depends | grep -q 'libutracer0' || bad "libutracer-jni does not depend on libutracer0"
fi

dup=$(for p in "${pkgs[@]}"; do cat "$tmp/$p"; done | sort | uniq -d)
[ -z "$dup" ] || bad "in two packages: $dup"
[ -f "$debs/lintian.txt" ] || bad "no lintian report in $debs"
grep -E '^[EW]: ' "$debs/lintian.txt" && bad "lintian reports errors or warnings"
exit $fail
