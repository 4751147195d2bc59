#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: a 32-bit (ia32) program under gdb through udb gdbserver:
# the server describes an i386 target (gdb says so), a breakpoint on a
# function shows the registers the program loaded (eax 3, ecx 4, eip at
# the function), stepi runs one instruction (eax becomes 7), stepi over
# its ret lands in the caller, and setting eax there changes the exit
# code gdb reports (40, shown in octal: 050). The program is assembled at
# run time; without a compiler that builds ia32 code the test is skipped.
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

cat >"$work/p32.s" <<'S'
	.globl _start
	.globl addfn
_start:
	mov $3, %eax
	mov $4, %ecx
	call addfn
	mov %eax, %ebx
	mov $1, %eax
	int $0x80
addfn:
	add %ecx, %eax
	ret
S
cc -x assembler -m32 -nostdlib -static -o "$work/p32" "$work/p32.s" 2>/dev/null ||
	{ echo "cannot build a 32-bit program: skipped"; exit 77; }
out=$work/gdb.out
timeout $((120 * scale)) gdb -batch -nx "$work/p32" -ex 'set remotetimeout 60' \
	-ex "target remote | $udb gdbserver - $work/p32" -ex 'show architecture' \
	-ex 'break addfn' -ex continue -ex 'info registers eax ecx eip' -ex stepi -ex 'p $eax' \
	-ex stepi -ex 'p $pc' -ex 'set var $eax = 40' -ex continue >"$out" 2>&1 || bad "gdb exited $?"
expect "$out" '^The target architecture is set to "auto" \(currently "i386"\)\.$' "the i386 description"
expect "$out" '^Breakpoint 1, 0x[0-9a-f]+ in addfn \(\)$' "the hit"
expect "$out" '^eax +0x3 +3$' "eax at the hit"
expect "$out" '^ecx +0x4 +4$' "ecx at the hit"
expect "$out" '^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <addfn>$' "eip at the hit"
expect "$out" '^\$1 = 7$' "stepi ran the add"
expect "$out" '^\$2 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <_start\+15>$' "stepi over ret"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 050\]$' "the exit code set through eax"
[ $fail = 0 ] || cat "$out"
exit $fail
