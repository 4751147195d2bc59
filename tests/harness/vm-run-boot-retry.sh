#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: a guest kernel that fails while booting, before the guest's
# init runs, is booted once more: the command runs once, its status and
# output come through, and vm/run says on stderr what the first boot showed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
# No init in the initramfs and no root device: the first boot panics.
out=$(UTRACER_VM_BOOT1_APPEND=rdinit=/nonexistent "$top/vm/run" --no-module -- \
	sh -c 'echo ran; exit 7' 2>"$err")
st=$?
[ $st = 7 ] || { echo "exit $st after a failed first boot, expected the command's 7"; rc=1; }
[ "$out" = ran ] || { echo "the command printed '$out', expected it once: 'ran'"; rc=1; }
grep -q 'failed before its init ran; booting it once more' "$err" ||
	{ echo "no word of the second boot"; rc=1; }
grep -q 'boot 1: .*Kernel panic' "$err" || { echo "the first boot's panic is not shown"; rc=1; }
[ $rc = 0 ] || sed 's/^/  stderr: /' "$err"
# A command that fails in a guest that booted is not run twice.
out=$("$top/vm/run" --no-module -- sh -c 'echo ran; exit 3' 2>"$err")
st=$?
[ $st = 3 ] && [ "$out" = ran ] && ! grep -q 'once more' "$err" ||
	{ echo "a failing command: exit $st, output '$out', stderr: $(cat "$err")"; rc=1; }
exit $rc
