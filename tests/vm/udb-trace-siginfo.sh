#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: udb trace's signal lines carry every siginfo field strace
# shows, line for line with strace's: tests/progs/siginfo raises one
# signal of each siginfo layout (SIGSEGV at NULL, at 0x1000 and on a
# read-only page, SIGFPE, SIGBUS, SIGILL, SIGTRAP of int3, sigqueue with
# an int and with a pointer, a POSIX timer, a message queue's
# notification, SIGIO with F_SETSIG, raise, and SIGSYS of a seccomp
# filter), then two fatal ones on their own (a sigqueue'd SIGTERM whose
# value must survive the kernel's turning it into SIGKILL, a NULL read).
# Both tracers run it with address randomization off (setarch -R), so
# addresses are the same; only si_pid differs. Also a 32-bit program that
# writes at 0x1000, when ia32 programs can be built and run.
set -u
command -v strace >/dev/null || { echo "strace is not installed"; exit 77; }
command -v setarch >/dev/null || { echo "setarch is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"
prog=$top/build/tests/progs/siginfo

# The signal lines ("--- ... ---") of a trace, without the pid column or si_pid's value.
signals() {
	sed -nE -e 's/^[0-9]+ +//' -e 's/si_pid=[0-9]+/si_pid=PID/' -e '/^--- /p' "$1"
}
# compare NAME WANT_LINES COMMAND...: the signal lines of both tracers.
compare() {
	local name=$1 want=$2
	shift 2
	rm -f "$work/s" "$work/u"
	# In subshells, so that the shell's "Segmentation fault" notes go with their output.
	(timeout $((60 * scale)) setarch -R strace -o "$work/s" -- "$@" >"$work/s.out" 2>&1)
	(timeout $((60 * scale)) setarch -R "$udb" trace -o "$work/u" -- "$@" >"$work/u.out" 2>&1)
	signals "$work/s" >"$work/s.n"
	signals "$work/u" >"$work/u.n"
	if [ "$(wc -l <"$work/s.n")" != "$want" ]; then
		bad "$name: strace shows $(wc -l <"$work/s.n") signals, the test wants $want:"
		cat "$work/s.n" "$work/s.out"
	elif diff -u "$work/s.n" "$work/u.n" >"$work/d"; then
		echo "ok $name: $want signal lines as strace's"
	else
		bad "$name: udb's signal lines differ from strace's (- strace, + udb):"
		cat "$work/d"
	fi
}

cases="null unmapped readonly fpe bus ill trap queue queue-ptr timer mesgq poll tkill sys"
compare "every layout" 14 "$prog" $cases
# What each line shows, not only that both agree.
for re in 'SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL\}' \
	'SEGV_MAPERR, si_addr=0x1000\}' 'SEGV_ACCERR, si_addr=0x[0-9a-f]+\}' \
	'SIGFPE \{si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=0x[0-9a-f]+\}' \
	'BUS_ADRERR, si_addr=0x' 'ILL_ILLOPN, si_addr=0x' 'SIGTRAP, si_code=SI_KERNEL, si_addr=NULL\}' \
	'SI_QUEUE, si_pid=PID, si_uid=0, si_int=42, si_ptr=0x2a\}' \
	'si_int=49374, si_ptr=0x5eed0000c0de\}' \
	'SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, si_ptr=0x7\}' \
	'SI_MESGQ, si_pid=PID, si_uid=0, si_int=5, si_ptr=0x5\}' \
	'SIGIO, si_code=POLL_IN, si_band=65, si_fd=3\}' \
	'SYS_SECCOMP, si_call_addr=0x[0-9a-f]+, si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_X86_64\}'; do
	grep -qE -- "$re" "$work/u.n" || { bad "no udb line matching '$re'"; cat "$work/u.n"; }
done
# The handler saw what the line says: the read-only page's address.
addr=$(sed -nE 's/^ok readonly [0-9a-f]{32}([0-9a-f]{16}).*/\1/p' "$work/u.out")
if [ -n "$addr" ]; then
	le=$(echo "$addr" | sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\8\7\6\5\4\3\2\1/' | sed 's/^0*//')
	grep -q "SEGV_ACCERR, si_addr=0x$le}" "$work/u.n" ||
		bad "the handler got si_addr 0x$le, udb shows: $(grep ACCERR "$work/u.n")"
else
	bad "the program under udb did not run its readonly case: $(cat "$work/u.out")"
fi

compare "a fatal sigqueue'd SIGTERM" 1 "$prog" fatal-queue
grep -qE '^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_QUEUE, si_pid=PID, si_uid=0, si_int=99, si_ptr=0x63\} ---$' "$work/u.n" ||
	bad "fatal SIGTERM: $(cat "$work/u.n")"
tail -n 1 "$work/u" | grep -q '+++ killed by SIGTERM +++' || bad "fatal SIGTERM: $(tail -n 1 "$work/u")"
compare "a fatal NULL read" 1 "$prog" fatal-null

cat >"$work/p32.s" <<'S'
	.globl _start
_start:
	movl $0x1000, %eax
	movl $1, (%eax)
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
S
if cc -x assembler -m32 -nostdlib -static -o "$work/p32" "$work/p32.s" 2>/dev/null; then
	compare "ia32" 1 "$work/p32"
	grep -qx -- '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000} ---' "$work/u.n" ||
		bad "ia32: $(cat "$work/u.n")"
else
	echo "no 32-bit program could be built: its case is skipped"
fi
exit $fail
