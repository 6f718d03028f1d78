#!/bin/sh
# The soak of issue 12 (see docs/benchmarks.md, "Soak").
#
#   bench/soak.sh [--minutes 30] [--reals 500] [--daemon-opts "JVM flags"]
#
# Needs root: network namespaces as bench/failover.sh builds them (a bridge, two directors, a client; nothing
# leaves the machine). Two directors (our daemon, --dry-run, auto_failback off) check --reals HTTP reals in the
# client namespace that flip between 200 and 503 at random (8..90 s in a state); both directors reload every 30 s
# (an extra virtual added, then removed); every 2 minutes a failover, in turn the operator's `standby` on the active
# and a 3 s SIGSTOP of the active (longer than deadtime). Every 10 s: each daemon's fds, threads, RSS and heap after a
# full GC (jcmd). At the end: no growth, every flip logged exactly once by the active, the active's table right;
# exit 1 if any of these fails.
#
# Environment: BENCH_BUILD=tree (default) | none, MVN_ARGS, JAVA_HOME — as bench/failover.sh.
# Results: bench/target/soak/<timestamp>/ (results.md, samples.csv, flips.log, the daemons' logs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

[ "$(id -u)" = 0 ] || { echo "bench/soak.sh: needs root (ip netns)" >&2; exit 1; }
java_ok() {
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null
}
JAVA=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_ok "$JAVA_HOME/bin/java"; then
    JAVA=$JAVA_HOME/bin/java
else
    for j in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
        if java_ok "$j"; then JAVA=$j; break; fi
    done
fi
[ -n "$JAVA" ] || { echo "bench/soak.sh: no Java >= 21 (set JAVA_HOME)" >&2; exit 1; }

case "${BENCH_BUILD:-tree}" in
    tree) (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl bench -am package -DskipTests) ;;
    none) ;;
    *) echo "bench/soak.sh: BENCH_BUILD must be tree or none" >&2; exit 2 ;;
esac
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git -C "$root" status --porcelain -- director failover pom.xml 2>/dev/null)" ] || commit="$commit+uncommitted"

target=$here/target
jar=$(ls "$target"/ldirector-bench-*.jar | head -n 1)
# The daemons run with this JVM and class path (the jars copied at build time: target/lib).
exec "$JAVA" -XX:+UseSerialGC -Xmx128m -Dbench.commit="$commit" -cp "$jar:$target/lib/*" \
    org.ldirector.bench.failover.SoakBench --out "$here/target/soak" "$@"
