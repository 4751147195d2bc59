#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.12 debug
# Timeout: 1200
# Description: the Java bindings (bindings/java: org.utracer over its JNI
# library) against the module, through JUnit 4 with Debian's OpenJDK 17:
# every service of Client, Tracee and TracedThread checked against
# /proc/PID, every error path as a UtracerException with the library's
# errno and message (ESRCH, EPERM for uid 65534 against root's process,
# EIO for a bad address, EBUSY, EEXIST, ENOENT, EINVAL), a write
# watchpoint's Hwbp event, list and removal (EINVAL for a bad length or
# alignment), null, closed
# client and negative sizes as Java exceptions and no JVM crash, a stream
# of 40000 syscall events with nothing lost, close() while another thread
# waits, the JNI layer's native memory steady over 3000 rounds of calls,
# and bindings/java/syscall-count printing the calls column of
# `strace -f -c` and the same lines as the Python example.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
java=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
b=$top/build/bindings/java
junit=/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
[ -e /proc/utrace/control ] || { echo "the utracer module is not loaded"; exit 77; }
[ -x "$java" ] || { echo "openjdk-17 is not installed"; exit 77; }
[ -f /usr/share/java/junit4.jar ] || { echo "junit4 is not installed"; exit 77; }
[ -f "$b/.tests-stamp" ] || { echo "the Java bindings are not built (make bindings)"; exit 1; }
# A crash of the JVM writes hs_err_pid*.log into the working directory.
cd /tmp || exit 1
"$java" -Xms64m -Xmx64m -XX:TieredStopAtLevel=1 -Dutracer.top="$top" \
	-Dutracer.jni="$b/libutracer-jni.so" -cp "$b/utracer.jar:$b/test-classes:$junit" \
	org.junit.runner.JUnitCore org.utracer.ClientTest org.utracer.EventsTest \
	org.utracer.TraceeTest org.utracer.PermissionTest org.utracer.ExampleTest \
	org.utracer.NativeLeakTest
rc=$?
if ls /tmp/hs_err_pid*.log >/dev/null 2>&1; then
	echo "FAIL: the JVM crashed"; head -40 /tmp/hs_err_pid*.log; exit 1
fi
exit $rc
