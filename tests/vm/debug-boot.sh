#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: the debug kernel boots the way vm/run sets it up: 4-level
# paging (no LA57, whose boot-time window gives KASAN a false wild access)
# and interrupt routing without ACPI's AML (which times out under
# emulation). Skipped on the stock kernels, which boot unchanged.
set -u
case "$(uname -r)" in
*-utracer-debug) ;;
*) echo "not the debug kernel"; exit 77 ;;
esac
if grep -qw la57 /proc/cpuinfo; then
	echo "the debug kernel runs with 5-level paging (LA57)"
	exit 1
fi
log=$(dmesg)
# After a long suite the ring buffer may have dropped the boot: say so
# rather than pass on a log that cannot show the timeouts.
if ! grep -q 'Linux version' <<<"$log"; then
	echo "the boot's messages are gone from the kernel log: ACPI not checked"
	exit 77
fi
if grep -q 'AE_AML_LOOP_TIMEOUT' <<<"$log"; then
	echo "ACPI's AML loop timed out during boot:"
	grep 'AE_AML_LOOP_TIMEOUT' <<<"$log"
	exit 1
fi
exit 0
