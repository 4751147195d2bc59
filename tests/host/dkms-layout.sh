#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the sources `make install-dkms` ships are enough for DKMS:
# dkms.conf's own MAKE[0] line, run the way dkms runs it (its build tree is
# a copy of /usr/src/utracer-<version>), builds utracer.ko for Debian's 6.12,
# at the release in VERSION and without -Werror.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top" install-dkms DESTDIR="$tmp/root" >/dev/null || exit 1
src=$(echo "$tmp"/root/usr/src/utracer-*)
[ -f "$src/dkms.conf" ] || { echo "no dkms.conf in $src"; exit 1; }

kernel_source_dir=$("$top/scripts/kernel-fetch" 6.12)/kdir || exit 1
dkms_tree="$tmp/dkms"
# dkms sources the file with these variables set; MAKE[0] expands them.
# shellcheck source=/dev/null
. "$src/dkms.conf"
mkdir -p "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION"
cp -r "$src" "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build"
# As DKMS runs it: not under our make (whose -s would silence kbuild's commands).
if ! (cd "$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build" && export KBUILD_VERBOSE=1 &&
      unset MAKEFLAGS MFLAGS MAKELEVEL && eval "${MAKE[0]}") >"$tmp/log" 2>&1; then
	echo "the DKMS build failed:"
	tail -n 20 "$tmp/log"
	exit 1
fi
ko="$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build/${BUILT_MODULE_LOCATION[0]}${BUILT_MODULE_NAME[0]}.ko"
[ -f "$ko" ] || { echo "$ko was not built"; exit 1; }
modinfo -F license "$ko" | grep -qx GPL || { echo "$ko: no GPL license tag"; exit 1; }
[ "$(modinfo -F version "$ko")" = "$(cat "$top/VERSION")" ] || { echo "$ko: version $(modinfo -F version "$ko")"; exit 1; }
# A compiler newer than ours may warn where ours does not: no -Werror here.
grep -q 'utracer.*main\.o' "$tmp/log" || { echo "the build log shows no compiler command"; exit 1; }
if grep -E -- '-Werror( |$)' "$tmp/log" | grep -q utracer; then
	echo "the DKMS build compiles with -Werror"
	exit 1
fi
