#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb without the module says what to do on this system, after
# its one error line: with the module installed for the running kernel,
# load it (modprobe); with utracer-dkms installed but no headers for the
# running kernel, install linux-headers-<release>; with utracer-dkms and
# the headers but no module, the dkms command that builds it; with none of
# them, install utracer-dkms and the headers, or build from the source.
# The system's files are looked up under UDB_SYSROOT, a root made here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
udb=$top/build/udb/udb
[ -x "$udb" ] || { echo "udb is not built"; exit 1; }
[ -e /proc/utrace/control ] && { echo "the module is loaded here"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rel=$(uname -r)
version=$(cat "$top/VERSION")
fail=0

# hint WHAT PATTERN: udb maps 1 with $tmp/root as the system; status 1, the
# error line first, then indented lines that together match PATTERN.
hint() {
	UDB_SYSROOT=$tmp/root "$udb" maps 1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	text=$(tail -n +2 "$tmp/err" | tr '\n' ' ' | tr -s ' ')
	if [ $rc != 1 ] || ! head -n 1 "$tmp/err" | grep -q '^udb: cannot use utracer: .*not loaded'; then
		echo "FAIL $1: exit $rc:"; cat "$tmp/err"; fail=1
	elif tail -n +2 "$tmp/err" | grep -qv '^  '; then
		echo "FAIL $1: a line of the advice is not indented:"; cat "$tmp/err"; fail=1
	elif ! echo "$text" | grep -Eq -- "$2"; then
		echo "FAIL $1: no '$2' in:"; cat "$tmp/err"; fail=1
	fi
}

mkdir -p "$tmp/root"
hint "nothing installed" "sudo apt install utracer-dkms linux-headers-$rel'.*make KDIR=/lib/modules/$rel/build module"

mkdir -p "$tmp/root/usr/src/utracer-$version"
: >"$tmp/root/usr/src/utracer-$version/dkms.conf"
hint "utracer-dkms, no headers" "without this kernel's headers: 'sudo apt install linux-headers-$rel'"

mkdir -p "$tmp/root/lib/modules/$rel/build"
: >"$tmp/root/lib/modules/$rel/build/Makefile"
hint "utracer-dkms and headers, no module" "'sudo dkms install utracer/$version -k $rel'"

mkdir -p "$tmp/root/lib/modules/$rel/updates/dkms"
: >"$tmp/root/lib/modules/$rel/updates/dkms/utracer.ko.xz"
hint "module installed" "installed for $rel: load it with 'sudo modprobe utracer'"

# Another error than a missing module gets no advice.
"$udb" maps abc 2>"$tmp/err" >/dev/null
[ "$(wc -l <"$tmp/err")" = 1 ] || { echo "FAIL: a usage error got more than one line:"; cat "$tmp/err"; fail=1; }
exit $fail
