#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest debug
# Timeout: 240
# Description: gdb's $_siginfo through udb gdbserver (qXfer:siginfo:read).
# At a breakpoint, a stop that no signal caused, gdb cannot read it (the
# server answers E01, as gdbserver does). When the program writes to its
# read-only page, gdb stops with SIGSEGV and $_siginfo holds si_signo 11,
# si_code SEGV_ACCERR (2) and si_addr equal to the page's address, which
# the program keeps in fault_addr; its handler then makes the page
# writable and the program exits 0. A 32-bit program that writes at
# 0x1000, with a handler that exits 7, gets the i386 layout: si_signo 11,
# si_code SEGV_MAPERR (1), si_addr 0x1000, 128 bytes (skipped without a
# compiler for ia32).
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

out=$work/fault.out
gdb_pipe "$out" fault 'break before_fault' continue 'print $_siginfo.si_signo' continue \
	'print $_siginfo.si_signo' 'print $_siginfo.si_code' \
	'print $_siginfo._sifields._sigfault.si_addr' 'print (void *) fault_addr' \
	'print $_siginfo._sifields._sigfault.si_addr == (void *) fault_addr' continue ||
	bad "fault: gdb exited $?"
expect "$out" '^Breakpoint 1, (0x[0-9a-f]+ in )?before_fault \(\)' "the breakpoint"
expect "$out" '^Unable to read siginfo$' "no siginfo at a breakpoint"
expect "$out" '^Program received signal SIGSEGV, Segmentation fault\.$' "the fault"
expect "$out" '^\$1 = 11$' "si_signo"
expect "$out" '^\$2 = 2$' "si_code SEGV_ACCERR"
addr=$(sed -nE 's/^\$3 = \(void \*\) (0x[0-9a-f]+)$/\1/p' "$out")
page=$(sed -nE 's/^\$4 = \(void \*\) (0x[0-9a-f]+)$/\1/p' "$out")
[ -n "$addr" ] && [ "$addr" = "$page" ] || bad "si_addr '$addr', the page at '$page'"
expect "$out" '^\$5 = 1$' "si_addr == fault_addr"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "the handler ran once"
[ $fail = 0 ] || cat "$out"

failed=$fail
fail=0
cat >"$work/p32.s" <<'S'
	.globl _start
_start:
	movl $67, %eax		# sigaction(SIGSEGV, &act, NULL)
	movl $11, %ebx
	movl $act, %ecx
	xorl %edx, %edx
	int $0x80
	movl $0x1000, %eax
	movl $1, (%eax)
	movl $1, %eax
	movl $1, %ebx
	int $0x80
handler:
	movl $1, %eax		# exit(7)
	movl $7, %ebx
	int $0x80
	.data
act:	.long handler, 0, 0, 0	# handler, mask, flags, restorer
S
if ! cc -x assembler -m32 -nostdlib -static -o "$work/p32" "$work/p32.s" 2>/dev/null; then
	echo "cannot build a 32-bit program: its case is skipped"
	exit $failed
fi
out=$work/ia32.out
timeout $((120 * scale)) gdb -batch -nx "$work/p32" -ex 'set remotetimeout 60' \
	-ex "target remote | $udb gdbserver - $work/p32" -ex continue \
	-ex 'print $_siginfo.si_signo' -ex 'print $_siginfo.si_code' \
	-ex 'print $_siginfo._sifields._sigfault.si_addr' -ex 'print sizeof($_siginfo)' \
	-ex continue >"$out" 2>&1 || bad "ia32: gdb exited $?"
expect "$out" '^Program received signal SIGSEGV, Segmentation fault\.$' "ia32: the fault"
expect "$out" '^\$1 = 11$' "ia32: si_signo"
expect "$out" '^\$2 = 1$' "ia32: si_code SEGV_MAPERR"
expect "$out" '^\$3 = \(void \*\) 0x1000$' "ia32: si_addr"
expect "$out" '^\$4 = 128$' "ia32: the size"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 07\]$' "ia32: the handler's exit"
[ $fail = 0 ] || cat "$out"
exit $((failed | fail))
