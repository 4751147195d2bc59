#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: scripts/kernel-build-debug, with apt-cache answering from a
# fixed archive and kernel trees whose make and scripts/config only record
# their calls: by default it builds the newest linux-source series (7.3 of
# the build root over the host's 6.12) in the build root and marks the tree
# with it; a build stopped part-way leaves kernels/debug where it was, and
# the next run resumes it without configuring again, even when a newer 7.3
# has come out in between; the finished build moves kernels/debug and
# kernels/debug-7.3; --series 6.12 takes the host's newest
# linux-source-6.12, links debug-6.12 and leaves debug on the newer series;
# a finished series is answered without apt; an option that does not stick
# fails the build, and a changed recipe configures again.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

for tool in bc flex bison make gcc xz; do
	command -v "$tool" >/dev/null || { echo "no $tool: run 'make deps'"; exit 77; }
done
for h in /usr/include/openssl/ssl.h /usr/include/libelf.h; do
	[ -e "$h" ] || { echo "no $h: run 'make deps'"; exit 77; }
done

# A copy of the script beside a build-root stand-in that runs commands on
# the host, with apt-cache answering from the root's archive.
mkdir -p "$tmp/scripts" "$tmp/bin" "$tmp/cache/kernels" "$tmp/cache/debs" "$tmp/root"
cp "$top/scripts/kernel-build-debug" "$tmp/scripts/"
cat >"$tmp/scripts/buildroot" <<'EOF'
#!/bin/bash
echo "buildroot $1" >>"$BUILDROOT_LOG"
case "$1" in
create) echo "$FAKE_ROOT" ;;
install) ;;
run)
	while [ "$1" != -- ]; do shift; done
	shift
	APT_SIDE=root exec "$@" ;;
esac
EOF
chmod +x "$tmp/scripts/buildroot"
export BUILDROOT_LOG=$tmp/buildroot.log FAKE_ROOT=$tmp/root

# apt-cache madison and show from $ARCHIVE_host or $ARCHIVE_root, lines of
# "package|version|suite|depends"; it fails when $APT_FAIL is set.
cat >"$tmp/bin/apt-cache" <<'EOF'
#!/bin/bash
[ -z "${APT_FAIL:-}" ] || { echo "apt-cache was asked: $*" >&2; exit 1; }
archive=$ARCHIVE_host
[ "${APT_SIDE:-host}" = root ] && archive=$ARCHIVE_root
cmd=$1; shift
for p in "$@"; do
	name=${p%%=*}; ver=
	[ "$p" != "$name" ] && ver=${p#*=}
	while IFS='|' read -r n v s d; do
		[ "$n" = "$name" ] || continue
		[ -z "$ver" ] || [ "$ver" = "$v" ] || continue
		case "$cmd" in
		madison) echo "$n | $v | http://deb.example/debian $s/main amd64 Packages" ;;
		show) printf 'Package: %s\nVersion: %s\n' "$n" "$v"
		      [ -z "$d" ] || echo "Depends: $d"
		      echo ;;
		esac
	done <"$archive"
done
EOF
printf '#!/bin/sh\necho "apt-get $*" >&2\nexit 1\n' >"$tmp/bin/apt-get"
chmod +x "$tmp/bin/apt-cache" "$tmp/bin/apt-get"
cat >"$tmp/host.archive" <<'EOF'
linux-source|6.12.5-1~bpo12+1|bookworm-backports|linux-source-6.12 (= 6.12.5-1~bpo12+1)
linux-source|6.1.100-1|bookworm|linux-source-6.1 (= 6.1.100-1)
linux-source-6.12|6.12.5-1~bpo12+1|bookworm-backports|
linux-source-6.12|6.12.9-1~deb12u1|bookworm-security|
linux-source-6.1|6.1.100-1|bookworm|
EOF
cat >"$tmp/root.archive" <<'EOF'
linux-source|7.2.12-1~bpo13+1|trixie-backports|linux-source-7.2 (= 7.2.12-1~bpo13+1)
linux-source|7.3.4-1~bpo13+1|trixie-backports|linux-source-7.3 (= 7.3.4-1~bpo13+1)
linux-source|6.12.117-1|trixie|linux-source-6.12 (= 6.12.117-1)
linux-source-7.2|7.2.12-1~bpo13+1|trixie-backports|
linux-source-7.3|7.3.4-1~bpo13+1|trixie-backports|
linux-source-6.12|6.12.117-1|trixie|
EOF
export ARCHIVE_host=$tmp/host.archive ARCHIVE_root=$tmp/root.archive
export PATH=$tmp/bin:$PATH UTRACER_CACHE=$tmp/cache
k=$tmp/cache/kernels

# tree PKG VERSION RELEASE: an unpacked tree of PKG=VERSION (apt-get
# download always fails here: nothing is unpacked again) whose make and
# scripts/config write to ../calls. scripts/config sets and clears options
# in .config, but drops KASAN when ../drop-KASAN exists; bzImage fails
# while ../fail-build exists.
tree() {
	local w=$k/debug-$2
	mkdir -p "$w/src/scripts"
	cat >"$w/src/Makefile" <<EOF
C := \$(CURDIR)/../calls
x86_64_defconfig:
	echo defconfig >>\$(C)
	echo CONFIG_MODULE_SIG_FORCE=y >.config
kvm_guest.config olddefconfig mod2yesconfig modules modules_prepare:
	echo \$@ >>\$(C)
bzImage:
	echo bzImage >>\$(C)
	test ! -e ../fail-build
	mkdir -p arch/x86/boot include/config
	echo image >arch/x86/boot/bzImage
	echo $3 >include/config/kernel.release
EOF
	cat >"$w/src/scripts/config" <<'EOF'
#!/bin/bash
while [ $# -gt 0 ]; do
	case "$1" in
	-e) [ "$2" = KASAN ] && [ -e ../drop-KASAN ] || echo "CONFIG_$2=y" >>.config; shift 2 ;;
	-d) sed -i "/^CONFIG_$2=/d" .config; shift 2 ;;
	--set-str|--set-val) echo "CONFIG_$2=$3" >>.config; shift 3 ;;
	*) shift ;;
	esac
done
EOF
	chmod +x "$w/src/scripts/config"
	touch "$w/src/.unpacked"
}
calls() { cat "$k/debug-$1/calls" 2>/dev/null | grep -cx "$2"; }
build() { "$tmp/scripts/kernel-build-debug" -j2 "$@"; }

# The 6.12 debug kernel of before: complete, named by kernels/debug.
tree linux-source-6.12 6.12.9-1~deb12u1 6.12.9-utracer-debug
touch "$k/debug-6.12.9-1~deb12u1/.complete"
ln -s debug-6.12.9-1~deb12u1 "$k/debug"

# Bad arguments.
for a in "--series 7" "--series" "--series 7.3.4" "--what"; do
	# shellcheck disable=SC2086
	build $a >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] || fail "kernel-build-debug $a: exit $rc, not 2"
	grep -q 'usage\|--series wants X.Y' "$tmp/err" || fail "kernel-build-debug $a said: $(cat "$tmp/err")"
done

# The newest series is the root's 7.3; a first attempt fails in the
# middle of the build.
tree linux-source-7.3 7.3.4-1~bpo13+1 7.3.4-utracer-debug
w73=$k/debug-7.3.4-1~bpo13+1
touch "$w73/fail-build"
if build >/dev/null 2>"$tmp/err"; then
	fail "a build that failed was reported complete"
fi
grep -q 'build failed' "$tmp/err" || fail "a failed build said: $(cat "$tmp/err")"
grep -q 'buildroot run' "$BUILDROOT_LOG" || fail "the 7.3 build did not run in the build root"
[ "$(readlink "$k/debug")" = "debug-6.12.9-1~deb12u1" ] ||
	fail "a stopped build moved kernels/debug to $(readlink "$k/debug")"
[ ! -e "$k/debug-7.3" ] || fail "a stopped build made kernels/debug-7.3"
[ "$(calls 7.3.4-1~bpo13+1 defconfig)" = 1 ] || fail "the tree was not configured once"
[ -s "$w73/src/.utracer-config" ] || fail "no recipe checksum after configuring"

# The next run resumes, even with a newer 7.3 in the archive since: no
# configuring again, the build goes on.
rm "$w73/fail-build"
cat >>"$ARCHIVE_root" <<'ARCHIVE'
linux-source|7.3.5-1~bpo13+1|trixie-backports|linux-source-7.3 (= 7.3.5-1~bpo13+1)
linux-source-7.3|7.3.5-1~bpo13+1|trixie-backports|
ARCHIVE
out=$(build 2>"$tmp/err") || fail "the resumed build failed: $(cat "$tmp/err")"
[ "$out" = "$w73" ] || fail "the resumed build printed '$out', not $w73"
[ "$(calls 7.3.4-1~bpo13+1 defconfig)" = 1 ] || fail "the resumed build configured the tree again"
[ "$(calls 7.3.4-1~bpo13+1 bzImage)" = 2 ] || fail "the resumed build did not build"
[ "$(grep -c 'attempt started' "$w73/build.log")" = 2 ] || fail "build.log does not keep both attempts"
grep -q 'resuming the build' "$w73/build.log" || fail "build.log does not say the build resumed"
[ "$(cat "$w73/buildroot" 2>/dev/null)" = "$FAKE_ROOT" ] || fail "the 7.3 tree does not name its build root"
[ "$(cat "$w73/release")" = 7.3.4-utracer-debug ] || fail "release: $(cat "$w73/release")"
[ "$(cat "$w73/series")" = debug-7.3 ] || fail "series: $(cat "$w73/series")"
[ -e "$w73/.complete" ] && [ -f "$w73/vmlinuz" ] && [ "$(readlink "$w73/kdir")" = src ] ||
	fail "the finished tree lacks .complete, vmlinuz or kdir"
[ -e "$w73/root/lib/modules/7.3.4-utracer-debug/modules.dep" ] || fail "no modules.dep"
[ "$(readlink "$k/debug")" = "debug-7.3.4-1~bpo13+1" ] ||
	fail "the finished 7.3 build left kernels/debug at $(readlink "$k/debug")"
[ "$(readlink "$k/debug-7.3")" = "debug-7.3.4-1~bpo13+1" ] || fail "no kernels/debug-7.3"
grep -q '^CONFIG_MODULE_SIG_FORCE=y' "$w73/src/.config" && fail "MODULE_SIG_FORCE was not cleared"

# --series 6.12: the host's newest linux-source-6.12 (security's), already
# built before the series links existed: linked, not rebuilt, and
# kernels/debug stays on 7.3.
: >"$BUILDROOT_LOG"
out=$(build --series 6.12 2>"$tmp/err") || fail "--series 6.12 failed: $(cat "$tmp/err")"
[ "$out" = "$k/debug-6.12.9-1~deb12u1" ] || fail "--series 6.12 printed '$out'"
[ "$(readlink "$k/debug-6.12")" = "debug-6.12.9-1~deb12u1" ] || fail "no kernels/debug-6.12"
[ "$(readlink "$k/debug")" = "debug-7.3.4-1~bpo13+1" ] ||
	fail "--series 6.12 moved kernels/debug to $(readlink "$k/debug")"
[ "$(calls 6.12.9-1~deb12u1 bzImage)" = 0 ] || fail "--series 6.12 rebuilt a finished tree"
grep -q 'buildroot run' "$BUILDROOT_LOG" && fail "--series 6.12 ran in the build root"

# A finished series needs no apt.
out=$(APT_FAIL=1 build --series 7.3 2>"$tmp/err") || fail "a finished series asked apt: $(cat "$tmp/err")"
[ "$out" = "$w73" ] || fail "--series 7.3 printed '$out'"
out=$(APT_FAIL=1 build --series 6.12 2>"$tmp/err") || fail "a finished series asked apt: $(cat "$tmp/err")"

# 6.1 on the host: an option that does not stick fails before the build.
tree linux-source-6.1 6.1.100-1 6.1.100-utracer-debug
w61=$k/debug-6.1.100-1
touch "$w61/drop-KASAN"
build --series 6.1 >/dev/null 2>"$tmp/err" && fail "a configuration without KASAN was built"
grep -q 'CONFIG_KASAN did not stick' "$w61/build.log" || fail "no 'did not stick' in the log: $(tail -n 5 "$w61/build.log")"
[ "$(calls 6.1.100-1 bzImage)" = 0 ] || fail "the build went on after a failed configuration"
[ ! -e "$w61/src/.utracer-config" ] || fail "a failed configuration was recorded as done"
# A run after it configures again, and a changed recipe too.
rm "$w61/drop-KASAN"
touch "$w61/fail-build"
build --series 6.1 >/dev/null 2>&1 && fail "the 6.1 build did not stop at fail-build"
[ "$(calls 6.1.100-1 defconfig)" = 2 ] || fail "a failed configuration was not made again"
echo 0123 >"$w61/src/.utracer-config"
rm "$w61/fail-build"
build --series 6.1 >/dev/null 2>"$tmp/err" || fail "the 6.1 build failed: $(cat "$tmp/err")"
[ "$(calls 6.1.100-1 defconfig)" = 3 ] || fail "a changed recipe did not configure again"
[ ! -e "$w61/buildroot" ] || fail "a host build names a build root"
[ "$(readlink "$k/debug")" = "debug-7.3.4-1~bpo13+1" ] ||
	fail "the 6.1 build moved kernels/debug to $(readlink "$k/debug")"
exit 0
