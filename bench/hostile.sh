#!/bin/sh
# The hostile-backend bench of issue 12 (see docs/benchmarks.md, "Hostile backends").
#
#   bench/hostile.sh [ROUNDS]     (default 20)
#
# Runs monitors' HostileBackendsTest ROUNDS times in one JVM: every check against backends that accept and hang,
# trickle headers (slowloris), send an endless body, answer TLS with garbage or plain text — all at once, with
# healthy reals checked alongside on the event loop and on a thread. Prints, per case, how far past its 2 s timeout
# each check ended (p50/p95/max, ms; the bound is 100 ms) and how long the healthy checks took.
# Environment: MVN_ARGS (e.g. -o). Results: bench/target/hostile/<timestamp>/results.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=${1:-20}
out=$here/target/hostile/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
load_before=$(cat /proc/loadavg)
(cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl monitors test -Dtest=HostileBackendsTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dhostile.rounds="$rounds") > "$out/maven.log" 2>&1 || status=$?
load_after=$(cat /proc/loadavg)
{
    echo "Hostile backends: $rounds rounds, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "/proc/loadavg before: $load_before, after: $load_after"
    echo
    echo "| case | overrun over the 2 s timeout (healthy: duration) |"
    echo "|---|---|"
    grep '^HOSTILE ' "$out/maven.log" | sed 's/^HOSTILE \(n=[^ ]* p50=[^ ]* p95=[^ ]* max=[^ ]* ms\)  \(.*\)$/| \2 | \1 |/'
    echo
    echo "Test result: $( [ "${status:-0}" = 0 ] && echo passed || echo "FAILED (see maven.log)")"
} > "$out/results.md"
cat "$out/results.md"
exit "${status:-0}"
