#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 debug
# Timeout: 300
# Description: gdb through "udb gdbserver -" sees the events of a
# program: threads (each thread's hit on thread_work names its thread and
# argument, "info threads" lists it current, with the main thread), "follow-fork-mode child" (gdb
# follows the child, which hits child_work(7) and exits 05 while the
# detached parent runs on and writes the child's status to a file), "catch syscall
# getppid" (the call, stopped before it ran: rax still -ENOSYS; its return
# with the result; then the exit), an exec (gdb follows
# the new image: the breakpoint set on add_scaled before the exec hits in
# it with its arguments, and the new image's exit code is reported), and a
# signal (SIGUSR1
# stops the program for gdb, then is delivered once: the program exits 0,
# which it does only if its handler ran exactly once).
set -u
. "$(dirname "$0")/../common/udb-test.sh"
. "$(dirname "$0")/../common/gdb-test.sh"

failed=0
out=$work/threads.out
gdb_pipe "$out" threads 'break thread_work' continue 'info threads' 'p id' continue 'p id' \
	delete continue || bad "threads: gdb exited $?"
expect "$out" '^Thread [23] hit Breakpoint 1, thread_work \(id=[12]\) at ' "a thread's hit"
n=$(grep -cE '^Thread [0-9]+ hit Breakpoint 1, thread_work' "$out")
[ "$n" = 2 ] || bad "threads: $n hits, want 2"
# At the first hit the second thread may not be created yet: 2 or 3.
n=$(grep -cE '^[* ] +[0-9]+ +Thread [0-9]+\.[0-9]+ ' "$out")
[ "$n" = 2 ] || [ "$n" = 3 ] || bad "threads: info threads lists $n threads, want 2 or 3"
expect "$out" '^\* [23] +Thread [0-9]+\.[0-9]+ +thread_work \(id=[12]\) at ' "threads: the current thread at its hit"
expect "$out" '^\$1 = [12]$' "the first thread's argument"
expect "$out" '^\$2 = [12]$' "the second thread's argument"
grep -q '^\$1 = 1$' "$out" && grep -q '^\$2 = 1$' "$out" && bad "both hits in thread 1"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "threads: the exit"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/fork.out
gdb_pipe "$out" "fork $work/parent" 'set follow-fork-mode child' 'break child_work' continue 'p n' bt continue ||
	bad "fork: gdb exited $?"
expect "$out" '^\[Attaching after Thread [0-9.]+ fork to child Thread [0-9.]+\]$' "fork: follow"
expect "$out" '^\[Detaching after fork from parent process [0-9]+\]$' "fork: parent detached"
expect "$out" '^(Thread 2\.1 hit )?Breakpoint 1, child_work \(n=7\) at ' "fork: the child's hit"
expect "$out" '^\$1 = 7$' "fork: the child's argument"
# The detached parent runs on and reaps the child.
wait_line "$work/parent" '^child status 1280$' || bad "fork: the parent did not reap the child's exit 5"
expect "$out" '^\[Inferior 2 \(process [0-9]+\) exited with code 05\]$' "fork: the child's exit"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/syscall.out
gdb_pipe "$out" syscall 'catch syscall getppid' continue 'print $rax' continue 'print $rax' \
	continue || bad "syscall: gdb exited $?"
expect "$out" "^Catchpoint 1 \(call to syscall getppid\), " "the call"
# Stopped before the call ran, as under ptrace: rax still holds -ENOSYS.
expect "$out" '^\$1 = -38$' "syscall: rax before the call"
expect "$out" "^Catchpoint 1 \(returned from syscall getppid\), " "the return"
expect "$out" '^\$2 = [1-9][0-9]*$' "syscall: rax, getppid's result"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "syscall: the exit"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/exec.out
gdb_pipe "$out" exec 'break add_scaled' continue continue 'info args' delete continue ||
	bad "exec: gdb exited $?"
expect "$out" '^process [0-9]+ is executing new program: ' "exec: the new program"
expect "$out" '^Breakpoint 1, add_scaled \(a=2, b=3, scale=10\) at ' "exec: the hit in the new image"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited with code 03\]$' "exec: the new image's exit"
[ $fail = 0 ] || cat "$out"

failed=$((failed | fail))
fail=0
out=$work/signal.out
gdb_pipe "$out" signal continue continue || bad "signal: gdb exited $?"
expect "$out" '^Program received signal SIGUSR1, User defined signal 1\.$' "the signal"
expect "$out" '^\[Inferior 1 \(process [0-9]+\) exited normally\]$' "signal: delivered once"
[ $fail = 0 ] || cat "$out"
exit $((failed | fail))
