#!/bin/sh
# The failover benchmark of issue #4 (see docs/benchmarks.md, "Failover").
#
#   bench/failover.sh [--runs N] [--scenarios kill,stop,stall,heal] [--daemon-opts "JVM flags"]
#
# Needs root: it builds network namespaces (a bridge, two directors, a client; nothing leaves the
# machine), runs our daemon in each director namespace (--dry-run: in-memory IPVS, real VIPs and
# gratuitous ARP) and deletes everything when it ends. Needs iproute2, iputils-arping, iputils-ping.
#
# Scenarios (default all, --runs 20 each; p50/p95 printed and written to results.md):
#   kill   kill -9 of the active → VIP on the standby, client's neighbour entry moved (GARP)
#   stop   SIGSTOP of the active → the same; then SIGCONT
#   stall  SIGSTOP of the active for 500 ms (< deadtime), SIGCONT → no takeover (counts false ones)
#   heal   (no ping node) pull the active's cable → two actives; plug it back → one active
#
# Options:
#   --daemon-opts "..."  JVM flags of the director daemons (default: the launcher's
#                        "-XX:+UseSerialGC -Xmx192m")
#
# Environment:
#   BENCH_BUILD=tree  (default) build bench and what it needs from this working tree
#   BENCH_BUILD=none  reuse the last build
#   MVN_ARGS          extra Maven arguments (e.g. -o)
#   JAVA_HOME         a JDK >= 21 to run with (else the newest in /usr/lib/jvm)
#
# Results: bench/target/failover-bench/<timestamp>/ (results.md, runs.csv, the daemons' logs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

[ "$(id -u)" = 0 ] || { echo "bench/failover.sh: needs root (ip netns)" >&2; exit 1; }

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
[ -n "$JAVA" ] || { echo "bench/failover.sh: no Java >= 21 (set JAVA_HOME)" >&2; exit 1; }

case "${BENCH_BUILD:-tree}" in
    tree) (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl bench -am package -DskipTests) ;;
    none) ;;
    *) echo "bench/failover.sh: BENCH_BUILD must be tree or none" >&2; exit 2 ;;
esac
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git -C "$root" status --porcelain -- director failover pom.xml 2>/dev/null)" ] || commit="$commit+uncommitted"

target=$here/target
jar=$(ls "$target"/ldirector-bench-*.jar | head -n 1)
# The daemons run with this JVM and class path (the jars copied at build time: target/lib).
exec "$JAVA" -XX:+UseSerialGC -Xmx128m -Dbench.commit="$commit" -cp "$jar:$target/lib/*" \
    org.ldirector.bench.failover.FailoverBench --out "$here/target/failover-bench" "$@"
