#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Timeout: 2400
# Description: the Debian packages of `make deb` install and work as a user
# would have them. In a chroot over an overlay of the guest's read-only
# root (tmpfs upper layer), dpkg installs Debian's headers for the running
# kernel and utracer-dkms, libutracer0, libutracer-dev, udb,
# python3-utracer, libutracer-java and libutracer-jni; DKMS builds
# utracer.ko for that kernel and `modprobe utracer` loads it; `udb trace`
# traces a program; the examples build through pkg-config against the
# installed library and trace a program; the Python example and the Java
# example, as the packages ship them, count a program's syscalls through
# the installed package, jar, JNI library and libutracer. Purging the
# packages removes the module from the kernel's tree, DKMS's tree, the
# Python bytecode and every packaged file.
# The module vm/guest-init loaded is unloaded first and loaded again at the
# end, for the tests that follow.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
debs=$top/build/deb
rel=$(uname -r)
cache=${UTRACER_CACHE:-}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (run in the VM)"
ls "$debs"/utracer-dkms_*_all.deb >/dev/null 2>&1 || skip "the packages are not built: run 'make deb'"
command -v dkms >/dev/null || skip "dkms is not installed on the host: run 'make deps'"
headers=()
for p in "linux-headers-${rel}_" "linux-headers-${rel%-amd64}-common_" "linux-kbuild-"; do
	f=$(ls "$cache/debs/$p"*.deb 2>/dev/null | sort -V | tail -n 1)
	# linux-kbuild-6.1_ or linux-kbuild-6.12.95+deb12_: the one of this kernel.
	if [ "$p" = linux-kbuild- ]; then
		v=$(dpkg-deb -f "${headers[0]}" Version)
		f=$(ls "$cache/debs/"linux-kbuild-*"_${v//:/%3a}_"*.deb 2>/dev/null | head -n 1)
	fi
	[ -n "$f" ] || skip "no ${p%_} package for $rel in $cache/debs (vm/run passes the cache)"
	headers+=("$f")
done
names=(utracer-dkms libutracer0 libutracer-dev udb python3-utracer libutracer-java libutracer-jni)
ours=()
for p in "${names[@]}"; do
	f=$(ls "$debs/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || fail "no $p package in $debs: run 'make deb'"
	ours+=("$f")
done

# overlayfs is a module of Debian's kernel: the guest's /lib/modules is the
# host's, the kernel's own modules are in the cache.
if ! grep -qw overlay /proc/filesystems; then
	modprobe -d "$cache/kernels/$rel/root" overlay ||
		fail "cannot load overlayfs from $cache/kernels/$rel/root"
fi
root=/tmp/pkg-root
mkdir -p /tmp/pkg-layer
mount -t tmpfs -o mode=755 tmpfs /tmp/pkg-layer || fail "tmpfs"
mkdir -p /tmp/pkg-layer/upper /tmp/pkg-layer/work "$root"
# Debian's headers for this kernel: extracted on the host by
# scripts/pkg-headers (tests/check and `make check-pkg` run it) into one
# tar, unpacked here into the upper layer; without it, dpkg unpacks the
# packages in the guest (737 s of emulation on 6.12).
hdrs=$top/build/pkg-headers/$rel.tar
lower=/
if [ -f "$hdrs" ]; then
	tar -C /tmp/pkg-layer/upper -xf "$hdrs" || fail "cannot unpack $hdrs"
	lower=
fi
# Without xino and index, overlayfs takes the 9p root as a lower layer.
mount -t overlay overlay -o lowerdir=/,upperdir=/tmp/pkg-layer/upper,workdir=/tmp/pkg-layer/work,xino=off,index=off "$root" ||
	fail "cannot mount an overlay over /"
offline=()
cleanup() {
	for m in tmp run dev/pts dev sys proc; do umount -l "$root/$m" 2>/dev/null; done
	umount -l "$root" 2>/dev/null
	umount -l /tmp/pkg-layer 2>/dev/null
	for c in "${offline[@]}"; do echo 1 >"$c"; done
	grep -q '^utracer ' /proc/modules || insmod "$UTRACER_MODULE" ||
		echo "FAIL: cannot load $UTRACER_MODULE again"
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mkdir -p "$root/tmp/debs"
cp "${ours[@]}" "$root/tmp/debs/"
[ -n "$lower" ] && cp "${headers[@]}" "$root/tmp/debs/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
log=$root/tmp/log
# Where the time goes: "time: STEP S" after each step, and each line of
# the DKMS build prefixed with the seconds since that step began.
t_step=${EPOCHREALTIME/./}
step() {
	local now=${EPOCHREALTIME/./}
	printf 'time: %-28s %5d.%01d s\n' "$1" $(((now - t_step) / 1000000)) $(((now - t_step) / 100000 % 10))
	t_step=$now
}
stamped() {
	local t0=${EPOCHREALTIME/./} l now
	while IFS= read -r l; do
		now=${EPOCHREALTIME/./}
		printf '%5d.%01d %s\n' $(((now - t0) / 1000000)) $(((now - t0) / 100000 % 10)) "$l"
	done
}

if grep -q '^utracer ' /proc/modules; then
	rmmod utracer || fail "cannot unload the module vm/guest-init loaded"
fi

# Debian's headers for this kernel, unpacked only. They depend on the
# image's package (the guest booted that image, not installed from a
# package) and on the compiler's meta-package (the compiler is the
# host's); their postinst runs the kernel's hooks (6.12's through
# linux-base's linux-run-hooks, from bookworm-backports, which the host
# lacks), with nothing to build before utracer-dkms comes. Their files
# are all DKMS uses. One dpkg call unpacks them and our packages: each call
# reads dpkg's whole database (996 packages, 150000 files on the host),
# slow over 9p under emulation. man-db's trigger (mandb over every manual
# page of the root) is switched off as its man-db/auto-update setting
# does, by the flag file the trigger checks.
rm -f "$root/var/lib/man-db/auto-update"
start=$(date +%s)
unpack=("${ours[@]}")
[ -n "$lower" ] && unpack=("${headers[@]}" "${ours[@]}")
in_root dpkg --unpack --force-depends --force-unsafe-io \
	$(for f in "${unpack[@]}"; do echo "/tmp/debs/${f##*/}"; done) >"$log" 2>&1 ||
	{ tail -n 20 "$log"; fail "dpkg --unpack of the headers and the packages failed"; }
in_root test -e "/lib/modules/$rel/build/Makefile" || fail "no /lib/modules/$rel/build after the headers"
step "unpacked ($([ -n "$lower" ] && echo "headers by dpkg" || echo "headers from $hdrs"))"
# utracer-dkms's postinst: dkms add, build, install; each line stamped.
in_root dpkg --configure "${names[@]}" 2>&1 | stamped >"$log"
[ "${PIPESTATUS[0]}" = 0 ] || { tail -n 40 "$log"; fail "dpkg --configure of the packages failed"; }
step "configured (DKMS build)"
sed 's/^/  /' "$log"
echo "installed in $(($(date +%s) - start)) s (DKMS build included)"
version=$(in_root dpkg-query -W -f='${Version}' utracer-dkms)
ko=$(ls "$root/lib/modules/$rel/updates/dkms/utracer.ko"* 2>/dev/null | head -n 1)
[ -n "$ko" ] || { tail -n 40 "$log"; fail "DKMS did not install utracer.ko for $rel"; }
in_root dkms status utracer | grep -q "utracer/$version, $rel, x86_64: installed" ||
	fail "dkms status: $(in_root dkms status utracer)"
[ "$(in_root modinfo -F version utracer)" = "$version" ] ||
	fail "modinfo says version '$(in_root modinfo -F version utracer)', the package $version"

# tests/check boots this guest on multi-threaded TCG, for DKMS's compile;
# its vCPUs then run at once, and the kernel's patching of its own text (a
# static branch switched with int3 and IPIs) can race the code qemu has
# translated on the other vCPU: seen as an "Oops: int3" and as a CPU stuck
# for good at syscall_trace_enter()'s sys_enter branch while tracing
# switched that tracepoint on. The compile is done: one CPU from here on
# (back online at the end, for what follows in this guest).
for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
	[ -w "$c" ] && [ "$(cat "$c")" = 1 ] && echo 0 >"$c" && offline+=("$c")
done
[ "$(nproc)" = 1 ] || fail "$(nproc) CPUs online after taking all but the first offline"
in_root modprobe utracer || fail "modprobe utracer failed"
step "checked and loaded"
grep -q '^utracer ' /proc/modules || fail "utracer is not loaded after modprobe"
[ -e /proc/utrace/control ] || fail "no /proc/utrace after modprobe"

in_root udb --version | grep -qx "udb $version (libutracer $version)" ||
	fail "udb --version: $(in_root udb --version)"
cp "$top/build/tests/progs/lib-syscalls" "$root/tmp/"
in_root udb trace -o /tmp/trace -- /tmp/lib-syscalls 3 0 0 4 >"$log" 2>&1
st=$?
[ $st = 4 ] || { cat "$log"; fail "udb trace exited $st, not the program's 4"; }
[ "$(grep -c '^getppid()' "$root/tmp/trace")" = 3 ] || { cat "$root/tmp/trace"; fail "udb trace did not show 3 getppid calls"; }

cp -r "$top/examples" "$root/tmp/examples"
in_root make -C /tmp/examples >"$log" 2>&1 || { cat "$log"; fail "the examples do not build through pkg-config"; }
in_root readelf -d /tmp/examples/mini-trace | grep -q 'NEEDED.*\[libutracer.so.0\]' ||
	fail "mini-trace is not linked to the installed libutracer.so.0"
in_root /tmp/examples/mini-trace /tmp/lib-syscalls 3 0 0 4 >"$log" 2>&1 || { cat "$log"; fail "mini-trace exited $?"; }
[ "$(grep -cE 'syscall 110 = [1-9][0-9]*$' "$log")" = 3 ] || { cat "$log"; fail "mini-trace did not show 3 getppid calls"; }

step "udb and the examples"

# The Python example as python3-utracer ships it, with the package from
# dist-packages and libutracer.so.0 from the system's library directory.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
in_root python3 -c 'import utracer; print(utracer.__file__); print(utracer.library_version());
print("".join(l for l in open("/proc/self/maps") if "libutracer" in l))' >"$log" 2>&1 ||
	{ cat "$log"; fail "python3 cannot import the installed utracer"; }
sed -n 1p "$log" | grep -qx '/usr/lib/python3/dist-packages/utracer/__init__.py' ||
	{ cat "$log"; fail "utracer was not imported from python3-utracer"; }
sed -n 2p "$log" | grep -qx "$version" || { cat "$log"; fail "the Python package's library is not at $version"; }
grep -q " /usr/lib/$multiarch/libutracer\.so\.$version\$" "$log" ||
	{ cat "$log"; fail "the Python package did not load libutracer0's library"; }
in_root python3 /usr/share/doc/python3-utracer/examples/syscall_count.py /tmp/lib-syscalls 3 0 0 4 >"$root/tmp/py.out" 2>"$log"
st=$?
[ $st = 4 ] || { cat "$log" "$root/tmp/py.out"; fail "syscall_count.py exited $st, not the program's 4"; }
grep -qx 'getppid 3' "$root/tmp/py.out" || { cat "$root/tmp/py.out"; fail "syscall_count.py did not count 3 getppid calls"; }
step "Python example"

# The Java example as libutracer-java ships it (its source, run by the
# JDK's source launcher), with the installed jar; the JNI library comes
# from the JVM's library path (/usr/lib/<triplet>/jni), as nothing else
# names it.
java=/usr/lib/jvm/default-java/bin/java
in_root test -x "$java" || java=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
in_root "$java" -Xshare:auto -XX:TieredStopAtLevel=1 -cp /usr/share/java/utracer.jar \
	/usr/share/doc/libutracer-java/examples/SyscallCount.java /tmp/lib-syscalls 3 0 0 4 >"$root/tmp/java.out" 2>"$log"
st=$?
[ $st = 4 ] || { cat "$log" "$root/tmp/java.out"; fail "SyscallCount exited $st, not the program's 4"; }
cmp -s "$root/tmp/py.out" "$root/tmp/java.out" ||
	{ diff "$root/tmp/py.out" "$root/tmp/java.out"; fail "the Java and Python examples differ"; }
step "Java example"
# Purge: the module leaves the kernel first, as a user would unload it.
# What each package installed, from dpkg's own lists (directories aside:
# the system shares them); cheaper under emulation than dpkg-deb -c.
files=
for p in "${names[@]}"; do
	l=$(ls "$root/var/lib/dpkg/info/$p.list" "$root/var/lib/dpkg/info/$p:"*.list 2>/dev/null | head -n 1)
	[ -n "$l" ] || fail "dpkg has no file list for $p"
	while IFS= read -r f; do
		[ -d "$root$f" ] && [ ! -L "$root$f" ] && continue
		files="$files $f"
	done <"$l"
done
[ -n "$files" ] || fail "dpkg's file lists name no file"
in_root modprobe -r utracer || fail "modprobe -r utracer failed"
in_root dpkg --purge "${names[@]}" >"$log" 2>&1 ||
	{ cat "$log"; fail "dpkg --purge failed"; }
left=
for f in $files; do
	[ -e "$root$f" ] || [ -L "$root$f" ] && left="$left $f"
done
[ -z "$left" ] || fail "left after purge:$left"
[ ! -e "$root/var/lib/dkms/utracer" ] || fail "left after purge: /var/lib/dkms/utracer"
ls "$root/lib/modules/$rel/updates/dkms/" 2>/dev/null | grep -q utracer && fail "utracer.ko left in /lib/modules/$rel"
[ -z "$(ls -d "$root"/usr/src/utracer-* 2>/dev/null)" ] || fail "left after purge: $(ls -d "$root"/usr/src/utracer-*)"
for d in /usr/lib/python3/dist-packages/utracer /usr/share/doc/python3-utracer /usr/share/doc/libutracer-java \
	"/usr/lib/$multiarch/jni/libutracer-jni.so"; do
	[ ! -e "$root$d" ] || fail "left after purge: $d ($(find "$root$d" | head -n 5 | tr '\n' ' '))"
done
in_root dpkg -l | grep -E '^[a-z]{2} +(utracer-dkms|libutracer|udb|python3-utracer) ' && fail "dpkg still knows the packages"
step "purged and checked"
echo "installed, used and purged in $(($(date +%s) - start)) s"
exit 0
