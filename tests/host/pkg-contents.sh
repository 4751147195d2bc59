#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the packages of `make deb` hold what each should and nothing
# of another's: utracer-dkms the module's sources, dkms.conf and
# utracer.7, depending on dkms, with DKMS's maintainer scripts; libutracer0
# the shared library alone; libutracer-dev the header, the archive, the
# .so link, the pkg-config file and every section 3 page; udb its binary and
# page. No file is in two packages, each has its copyright and changelog,
# and lintian's report holds no error or warning. Skips until `make deb`.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
debs=$top/build/deb
version=$(cat "$top/VERSION")
ls "$debs"/utracer-dkms_*.deb >/dev/null 2>&1 || { echo "the packages are not built: run 'make deb'"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

for p in utracer-dkms libutracer0 libutracer-dev udb; do
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

dup=$(cat "$tmp"/utracer-dkms "$tmp"/libutracer0 "$tmp"/libutracer-dev "$tmp"/udb | sort | uniq -d)
[ -z "$dup" ] || bad "in two packages: $dup"
[ -f "$debs/lintian.txt" ] || bad "no lintian report in $debs"
grep -E '^[EW]: ' "$debs/lintian.txt" && bad "lintian reports errors or warnings"
exit $fail
