#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: scripts/kernel-fetch resolves each kernel from the suites that
# carry it, with apt-cache answering from a fixed archive: latest is the
# newest linux-image-amd64 by Debian's version order whatever the suite
# (7.3.4-1~bpo13+1 of trixie-backports over sid's 7.2.13-1 and trixie's
# 6.12.117-1), its headers go into the build root of that suite's release
# (sid's for a kernel of sid), and 6.12 stays with bookworm-backports even
# when the host's lists show trixie's newer 6.12.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

# A copy of the script beside a build-root stand-in that records its calls.
mkdir -p "$tmp/scripts" "$tmp/bin" "$tmp/cache/kernels" "$tmp/lists"
cp "$top/scripts/kernel-fetch" "$tmp/scripts/"
cat >"$tmp/scripts/buildroot" <<'EOF'
#!/bin/sh
echo "buildroot $*" >>"$BUILDROOT_LOG"
exit 1
EOF
chmod +x "$tmp/scripts/buildroot"
export BUILDROOT_LOG=$tmp/buildroot.log

# apt-get: update and download succeed without the network.
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/apt-get"
# apt-cache: madison and show from $ARCHIVE ("pkg|version|suite|depends").
cat >"$tmp/bin/apt-cache" <<'EOF'
#!/bin/bash
while [ "${1:-}" = -o ]; do shift 2; done
cmd=$1; shift
for p in "$@"; do
	name=${p%%=*}; ver=
	[ "$p" != "$name" ] && ver=${p#*=}
	while IFS='|' read -r n v s d; do
		[ "$n" = "$name" ] || continue
		[ -z "$ver" ] || [ "$ver" = "$v" ] || continue
		case "$cmd" in
		madison) echo "$n | $v | http://deb.debian.org/debian $s/main amd64 Packages" ;;
		show) printf 'Package: %s\nVersion: %s\nDepends: %s\n\n' "$n" "$v" "$d" ;;
		esac
	done <"$ARCHIVE"
done
EOF
chmod +x "$tmp/bin/apt-cache"
: >"$tmp/lists/deb.debian.org_dists_x_main_binary-amd64_Packages"

fetch() {
	PATH=$tmp/bin:$PATH UTRACER_CACHE=$tmp/cache APT_LISTS=$tmp/lists \
		"$tmp/scripts/kernel-fetch" "$1"
}

# A release already unpacked is answered without the build root.
unpacked() {
	mkdir -p "$tmp/cache/kernels/$1"
	echo "$1" >"$tmp/cache/kernels/$1/release"
	touch "$tmp/cache/kernels/$1/.complete"
}

img() { # version suite abi
	echo "linux-image-amd64|$1|$2|linux-base-amd64 (= $1), linux-image-$3-amd64 (= $1), linux-modules-amd64 (= $1)"
	echo "linux-headers-amd64|$1|$2|linux-base-amd64 (= $1), linux-headers-$3-amd64 (= $1)"
	echo "linux-image-$3-amd64|$1|$2|linux-binary-$3-amd64 (= $1), linux-modules-$3-amd64 (= $1)"
	echo "linux-headers-$3-amd64|$1|$2|gcc-14-for-host, linux-headers-$3-common (= $1), linux-kbuild-$3"
}

export ARCHIVE=$tmp/archive
{
	img 7.2.13-1 sid 7.2.13+deb14
	img 7.3.4-1~bpo13+1 trixie-backports 7.3.4+deb13
	img 6.12.117-1 trixie 6.12.117+deb13
} >"$ARCHIVE"
unpacked 7.3.4+deb13-amd64
out=$(fetch latest 2>"$tmp/err") || fail "kernel-fetch latest failed: $(cat "$tmp/err")"
[ "$out" = "$tmp/cache/kernels/7.3.4+deb13-amd64" ] ||
	fail "latest resolved to '$out', not trixie-backports' 7.3.4+deb13-amd64"

# sid's kernel is the newest: its headers go into sid's build root.
img 7.4.1-1 sid 7.4.1+deb14 >>"$ARCHIVE"
: >"$tmp/cache/apt/lists/deb.debian.org_dists_sid_main_binary-amd64_Packages"
: >"$BUILDROOT_LOG"
if out=$(fetch latest 2>"$tmp/err"); then
	fail "kernel-fetch latest answered '$out' though the build root could not be made"
fi
grep -qx 'buildroot create sid' "$BUILDROOT_LOG" ||
	fail "a kernel of sid did not ask for sid's build root: $(cat "$BUILDROOT_LOG") $(cat "$tmp/err")"

# The host's lists with trixie in them: 6.12 is bookworm-backports' still.
{
	img 6.12.117-1 trixie 6.12.117+deb13
	img 6.12.95-1~bpo12+1 bookworm-backports 6.12.95+deb12
	img 6.1.192-3 bookworm 6.1.0-57
} >"$ARCHIVE"
unpacked 6.12.95+deb12-amd64
out=$(fetch 6.12 2>"$tmp/err") || fail "kernel-fetch 6.12 failed: $(cat "$tmp/err")"
[ "$out" = "$tmp/cache/kernels/6.12.95+deb12-amd64" ] ||
	fail "6.12 resolved to '$out', not bookworm-backports' 6.12.95+deb12-amd64"
exit 0
