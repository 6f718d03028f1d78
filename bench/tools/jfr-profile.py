#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample and jdk.NativeMethodSample are
not merged: only Java execution samples are counted).

    bench/tools/jfr-profile.py director.jfr [--jfr /path/to/jfr] [--depth 40] [--top 25]

Prints: samples by top frame; by "component" (the first frame from a list of packages, walking
from the top of the stack); and for each of the heaviest top frames the most common caller chain.
"""
import argparse, collections, glob, os, re, shutil, subprocess, sys


def default_jfr():
    """The jfr of JAVA_HOME, else of the newest JDK in /usr/lib/jvm (an older jfr cannot read newer recordings)."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    found = sorted(glob.glob("/usr/lib/jvm/*/bin/jfr"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)] or [0])
    return found[-1] if found else (shutil.which("jfr") or "jfr")


p = argparse.ArgumentParser()
p.add_argument("recording")
p.add_argument("--jfr", default=default_jfr())
p.add_argument("--depth", type=int, default=64)
p.add_argument("--top", type=int, default=25)
a = p.parse_args()

out = subprocess.run([a.jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", str(a.depth), a.recording],
                     capture_output=True, text=True, check=True).stdout
stacks = []
cur = None
for line in out.splitlines():
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        cur = []
        stacks.append(cur)
    elif cur is not None and re.match(r"^[\w$.<>]+\(.*\)\s+line:", s):
        cur.append(re.sub(r"\s+line:.*$", "", s))
    elif cur is not None and s.startswith("...") :
        pass

total = len(stacks)
print(f"{total} execution samples")

def short(f):
    return re.sub(r"\(.*\)", "()", f)

top = collections.Counter(short(st[0]) for st in stacks if st)
print("\n== by top frame")
for f, c in top.most_common(a.top):
    print(f"{c:6d} {100*c/total:5.1f}%  {f}")

# Components: the first frame (from the top) in one of these, else the top frame's package.
# Checked first, anywhere in the stack: work done for the in-memory IPVS table (a test backend).
TABLE = ("org.ldirector.director.ipvs.InMemoryIpvs", "org.ldirector.director.ipvs.IpvsTable.apply")
COMPONENTS = [
    ("org.ldirector.director.ipvs.ServiceKey", "engine: ServiceKey/Endpoint keys (TreeMap lookups)"),
    ("org.ldirector.director.ipvs.Endpoint", "engine: ServiceKey/Endpoint keys (TreeMap lookups)"),
    ("org.ldirector.director.engine.RealKey", "engine: ServiceKey/Endpoint keys (TreeMap lookups)"),
    ("org.ldirector.director.ipvs.", "ipvs (other)"),
    ("org.ldirector.director.engine.TablePlanner", "engine: TablePlanner"),
    ("org.ldirector.director.engine.TableApplier", "engine: TableApplier"),
    ("org.ldirector.director.log.", "logging"),
    ("org.apache.logging.", "logging"),
    ("org.ldirector.director.engine.Director.deliver", "engine: deliver"),
    ("okhttp3.internal.connection.RealConnectionPool", "okhttp: connection pool scan"),
    ("okhttp3.internal.connection.RealConnection.isEligible", "okhttp: connection pool scan"),
    ("java.util.concurrent.ConcurrentLinkedQueue", "okhttp: connection pool scan (queue)"),
    ("okhttp3.", "okhttp (other)"),
    ("okio.", "okio"),
    ("org.ldirector.monitor.", "monitors (HttpCheck etc.)"),
    ("org.ldirector.director.engine.", "engine (other)"),
    ("org.ldirector.bench.", "bench harness"),
    ("org.HdrHistogram.", "bench harness"),
    ("sun.nio.ch.", "JDK NIO sockets"),
    ("java.net.", "JDK java.net"),
    ("java.lang.VirtualThread", "JDK virtual threads"),
    ("jdk.internal.vm.Continuation", "JDK virtual threads"),
    ("java.util.concurrent.ForkJoin", "JDK virtual threads"),
    ("java.util.concurrent.ScheduledThreadPoolExecutor", "JDK timers"),
]
comp = collections.Counter()
for st in stacks:
    name = None
    if any(f.startswith(TABLE) for f in st):
        name = "in-memory IPVS table (test backend)"
    for f in ([] if name else st):
        for prefix, label in COMPONENTS:
            if f.startswith(prefix):
                name = label
                break
        if name:
            break
    comp[name or ("other: " + ".".join(short(st[0]).split(".")[:3]) if st else "empty")] += 1
print("\n== by component (first matching frame from the top)")
for f, c in comp.most_common(a.top):
    print(f"{c:6d} {100*c/total:5.1f}%  {f}")

print("\n== callers of the heaviest top frames")
for f, c in top.most_common(8):
    chains = collections.Counter(" <- ".join(short(x) for x in st[1:6]) for st in stacks if st and short(st[0]) == f)
    print(f"\n{c} {f}")
    for ch, n in chains.most_common(3):
        print(f"   {n:5d}  <- {ch}")
