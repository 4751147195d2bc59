#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernels: 6.1 latest
# Timeout: 240
# Description: udb trace --json writes one JSON object per line (type,
# pid, tid, time, name, ret and duration for a syscall, line), one per
# line of the text trace; --timeline FILE writes Chrome/Perfetto
# trace-event JSON that keeps the format's rules: a "traceEvents" array;
# complete events ("X") with name, pid, tid, ts and dur, one per syscall,
# never overlapping on a thread; instants ("i", scope "t") for signals and
# exits; flow starts ("s") each with one end ("f", bp "e") of the same
# name and id, each inside a slice of its own thread, one "fork" flow per
# child and one "exec" flow per program; process names ("M") for the
# programs run. A timeline that cannot be written is refused.
set -u
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
. "$(dirname "$0")/../common/udb-test.sh"

cmd='trap : USR1; /bin/true; cat /etc/hostname >/dev/null; kill -USR1 $$'
timeout $((60 * scale)) "$udb" trace -f --json -o "$work/j" -- sh -c "$cmd" || bad "--json failed"
timeout $((60 * scale)) "$udb" trace -f -o "$work/t" -- sh -c "$cmd" || bad "text trace failed"
python3 - "$work/j" "$work/t" <<'PY' || bad "--json lines"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
import re
text = [re.sub(r"^[0-9]+ +", "", l) for l in open(sys.argv[2]).read().splitlines()]
bad = 0
def fail(msg):
    global bad
    print("FAIL", msg)
    bad = 1
for o in objs:
    for k in ("type", "pid", "tid", "time", "name", "line"):
        if k not in o:
            fail("no %s in %r" % (k, o))
    if o["type"] == "syscall" and o.get("ret", 0) is not None:
        if not o["line"].startswith(o["name"] + "(") or "duration" not in o:
            fail("syscall object %r" % o)
    if o["type"] not in ("syscall", "signal", "exit"):
        fail("type %r" % o["type"])
kinds = lambda t: sum(1 for o in objs if o["type"] == t)
norm = lambda l: re.sub(r"0x[0-9a-f]+", "ADDR", re.sub(r"\) +=", ") =", l))
first = [norm(o["line"]) for o in objs if o["name"] == "execve"][0:1]
if first != [norm(l) for l in text if l.startswith("execve(")][0:1]:
    fail("the first execve differs from the text trace's: %r" % first)
for t, want in (("signal", 3), ("exit", 3)):
    if kinds(t) != want:
        fail("%d %s objects, want %d" % (kinds(t), t, want))
# The same syscalls as a text run of the same command, give or take a few
# (the runs are two; a signal may interrupt at another place).
n = kinds("syscall")
m = sum(1 for l in text if re.match(r"[a-z_0-9]+\(", l))
if abs(n - m) > m // 20 + 2:
    fail("%d syscall objects, the text trace has about %d lines" % (n, m))
print("ok --json: %d objects" % len(objs))
sys.exit(bad)
PY

timeout $((60 * scale)) "$udb" trace -f --timeline "$work/tl.json" -o /dev/null -- sh -c "$cmd" ||
	bad "--timeline failed"
python3 - "$work/tl.json" <<'PY' || bad "--timeline file"
import json, sys
doc = json.load(open(sys.argv[1]))
ev = doc["traceEvents"]
bad = 0
def fail(msg):
    global bad
    print("FAIL", msg)
    bad = 1
slices = {}
for e in ev:
    ph = e.get("ph")
    if ph not in ("X", "i", "s", "f", "M"):
        fail("phase %r" % ph)
        continue
    for k in ("name", "pid", "tid"):
        if k not in e:
            fail("no %s in %r" % (k, e))
    if ph != "M" and not (isinstance(e.get("ts"), (int, float)) and e["ts"] >= 0):
        fail("ts of %r" % e)
    if ph == "X":
        if not (isinstance(e.get("dur"), (int, float)) and e["dur"] >= 0):
            fail("dur of %r" % e)
        if not e["args"]["line"].startswith(e["name"] + "("):
            fail("slice line %r" % e)
        slices.setdefault(e["tid"], []).append((e["ts"], e["ts"] + e["dur"]))
    if ph == "i" and e.get("s") not in ("t", "p", "g"):
        fail("instant scope of %r" % e)
for tid, sl in slices.items():
    sl.sort()
    for a, b in zip(sl, sl[1:]):
        if b[0] < a[1] - 0.001:
            fail("slices overlap on %d: %r %r" % (tid, a, b))
def inside(e):
    return any(s <= e["ts"] <= t for s, t in slices.get(e["tid"], []))
starts = {e["id"]: e for e in ev if e.get("ph") == "s"}
ends = {}
for e in ev:
    if e.get("ph") == "f":
        if e["id"] in ends:
            fail("flow %d ends twice" % e["id"])
        ends[e["id"]] = e
        if e.get("bp") != "e":
            fail("flow end without bp e: %r" % e)
for i, s in starts.items():
    f = ends.get(i)
    if not f or f["name"] != s["name"] or f["cat"] != s["cat"]:
        fail("flow %d: start %r, end %r" % (i, s, f))
        continue
    if not inside(s) or not inside(f):
        fail("flow %d not inside slices: %r %r" % (i, s, f))
    if f["ts"] < s["ts"]:
        fail("flow %d ends before it starts" % i)
forks = sum(1 for s in starts.values() if s["name"] == "fork")
execs = sum(1 for s in starts.values() if s["name"] == "exec")
if forks != 2 or execs != 2:
    fail("%d fork flows (want 2), %d exec flows (want 2: true, cat)" % (forks, execs))
names = sorted(e["args"]["name"] for e in ev if e.get("ph") == "M" and e["name"] == "process_name")
if names != ["/bin/cat", "/bin/true", "/usr/bin/sh"] and names != ["/bin/sh", "/bin/true", "/usr/bin/cat"]:
    if not (len(names) == 3 and any(n.endswith("/true") for n in names)):
        fail("process names %r" % names)
sig = [e for e in ev if e.get("ph") == "i" and e["name"] == "SIGUSR1"]
if len(sig) != 1:
    fail("%d SIGUSR1 instants" % len(sig))
print("ok --timeline: %d events, %d slices, %d flows" % (len(ev), sum(map(len, slices.values())), len(starts)))
sys.exit(bad)
PY

"$udb" trace --timeline /nonexistent/dir/x.json -- true 2>"$work/err"
rc=$?
[ $rc = 1 ] && grep -q "cannot open" "$work/err" || bad "an unwritable timeline: exit $rc, '$(cat "$work/err")'"
"$udb" trace --timeline 2>/dev/null
[ $? = 2 ] || bad "--timeline without a file not refused"
exit $fail
