#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the release lives in VERSION and every artefact agrees with
# it: udb --version, utracer_library_version() (through udb), the shared
# library's file name, the pkg-config file, the module's MODULE_VERSION
# (each built utracer.ko), the dkms.conf and VERSION that install-dkms
# ships, the installed man pages' headers, debian/changelog and the Python
# package's pyproject.toml; the
# symbols file of libutracer0 lists exactly lib/libutracer.map's symbols.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
version=$(cat "$top/VERSION")
echo "$version" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' || bad "VERSION holds '$version', not N.N.N"

[ "$("$top/build/udb/udb" --version)" = "udb $version (libutracer $version)" ] ||
	bad "udb --version: $("$top/build/udb/udb" --version)"
[ -f "$top/build/lib/libutracer.so.$version" ] || bad "no build/lib/libutracer.so.$version"
grep -qx "Version: $version" "$top/build/lib/libutracer.pc" || bad "libutracer.pc: $(grep Version "$top/build/lib/libutracer.pc")"
for ko in "$top"/build/*/module/utracer.ko; do
	[ -f "$ko" ] || continue
	[ "$(modinfo -F version "$ko")" = "$version" ] || bad "$ko: version '$(modinfo -F version "$ko")'"
done

make -s -C "$top" install-dkms install-udb DESTDIR="$tmp/root" PREFIX=/usr >/dev/null 2>&1 || bad "make install-dkms install-udb failed"
conf=$tmp/root/usr/src/utracer-$version/dkms.conf
grep -qx "PACKAGE_VERSION=\"$version\"" "$conf" || bad "dkms.conf: $(grep PACKAGE_VERSION "$conf")"
[ "$(cat "$tmp/root/usr/src/utracer-$version/VERSION")" = "$version" ] || bad "the DKMS tree lacks VERSION"
grep -q "^BUILD_EXCLUSIVE_ARCH=" "$conf" && grep -q "^BUILD_EXCLUSIVE_KERNEL=" "$conf" || bad "dkms.conf has no arch or kernel gate"
# The kernel gate: from 6.1 on.
(set +u; . "$conf"
	for k in 6.1.0-57-amd64 6.12.95+deb12-amd64 6.9.1 7.3.4+deb13-amd64 10.0.1; do
		[[ $k =~ $BUILD_EXCLUSIVE_KERNEL ]] || { echo "FAIL: the gate refuses $k"; exit 1; }
	done
	for k in 5.10.0-30-amd64 6.0.12 4.19.0; do
		[[ $k =~ $BUILD_EXCLUSIVE_KERNEL ]] && { echo "FAIL: the gate lets $k through"; exit 1; }
	done
	exit 0) || fail=1
for p in man1/udb.1 man7/utracer.7; do
	grep -q "^\.TH .* \"utracer $version\" " "$tmp/root/usr/share/man/$p" || bad "$p: $(grep '^\.TH' "$tmp/root/usr/share/man/$p")"
done

if command -v dpkg-parsechangelog >/dev/null; then
	v=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
	[ "${v%-*}" = "$version" ] || bad "debian/changelog is at $v, VERSION at $version"
fi
# The Python package states its version in pyproject.toml (a wheel is
# built from that directory alone): held to VERSION here.
py=$top/bindings/python/pyproject.toml
if [ -f "$py" ]; then
	grep -qx "version = \"$version\"" "$py" || bad "bindings/python/pyproject.toml: $(grep '^version' "$py")"
fi
sed -n 's/^\t\t\(utracer_[a-z_0-9]*\);$/\1/p' "$top/lib/libutracer.map" | sort >"$tmp/map"
sed -n 's/^ \(utracer_[a-z_0-9]*\)@LIBUTRACER_0.1 .*/\1/p' "$top/debian/libutracer0.symbols" | sort >"$tmp/symbols"
cmp -s "$tmp/map" "$tmp/symbols" || { bad "debian/libutracer0.symbols and lib/libutracer.map differ:"; diff "$tmp/map" "$tmp/symbols"; }
exit $fail
