#!/bin/sh
# The check-engine benchmark of issue #2 (see docs/benchmarks.md).
#
#   bench/run.sh [options] [N...]          default N: 1000 5000 10000
#
# Options (passed to org.ldirector.bench.EngineBench):
#   --warmup S            at least S seconds of warm-up (default 20); it goes on until every answering
#                         real has been up with no failed check for 10 s, at most --max-warmup S (180)
#   --measure S           seconds measured per N (default 60)
#   --hang-every K        1 real in K accepts and never answers (default 100 = 1 %)
#   --reals-per-virtual R reals per virtual= section of the generated ldirectord.cf (default 100)
#   --interval S          checkinterval (default 1)
#   --timeout S           negotiatetimeout = checktimeout (default 1)
#   --director-opts "..." JVM flags of the measured director JVM (default: the launcher's
#                         "-XX:+UseSerialGC -Xmx<80 + N/80>m")
#   --backend-opts "..."  JVM flags of the backend JVM (default "-XX:+UseSerialGC -Xmx512m")
#   --backend-threads T   selector threads of the backend JVM (default 2)
#   --http-monitor M      standard (default: the real StandardMonitors, plain http on the event
#                         loops), okhttp (StandardMonitors with the OkHttp HttpCheck for http, as
#                         before issue 13) or minimal (an experiment: the HTTP check on a bare Socket)
#   --jfr                 record the director with JFR (settings=profile) over the measured window
#   --pause S             seconds between two N (default 5)
#   --quiet-below P       before each N, wait until the machine (all cores) has been under P %
#                         busy for 10 s, at most --quiet-wait S seconds (default 900); 0 = don't wait
#
# Environment:
#   BENCH_BUILD=tree  (default) build bench and what it needs from this working tree
#   BENCH_BUILD=head  build from a clean export of git HEAD, with this bench/ on top (measures the
#                     committed engine while others edit the tree)
#   BENCH_BUILD=none  reuse the last build
#   MVN_ARGS          extra Maven arguments (e.g. -o)
#   JAVA_HOME         a JDK >= 21 to run with (else the newest in /usr/lib/jvm)
#
# Everything it starts stops by itself: the backend and director JVMs exit when the harness does.
# Only loopback addresses are used (reals on 127.0.x.y, virtuals on 127.254.x.y, which are never
# contacted). Results: bench/target/engine-bench/<timestamp>/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

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
[ -n "$JAVA" ] || { echo "bench/run.sh: no Java >= 21 (set JAVA_HOME)" >&2; exit 1; }

build=${BENCH_BUILD:-tree}
case "$build" in
    tree)
        (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl bench -am package -DskipTests)
        target=$here/target
        commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        [ -z "$(git -C "$root" status --porcelain -- director monitors failover pom.xml 2>/dev/null)" ] \
            || commit="$commit+uncommitted"
        ;;
    head)
        src=$here/target/head-src
        rm -rf "$src"
        mkdir -p "$src"
        git -C "$root" archive HEAD | tar -x -C "$src"
        rm -rf "$src/bench"
        mkdir -p "$src/bench"
        cp -R "$here/pom.xml" "$here/src" "$src/bench/"
        (cd "$src" && mvn -B -q ${MVN_ARGS:-} -pl bench -am package -DskipTests)
        target=$src/bench/target
        commit="$(git -C "$root" rev-parse --short HEAD)"
        echo "$commit" > "$src/COMMIT"
        ;;
    none)
        target=$here/target
        commit="prebuilt"
        if [ -d "$here/target/head-src/bench/target/lib" ]; then
            target=$here/target/head-src/bench/target
            commit="$(cat "$here/target/head-src/COMMIT" 2>/dev/null || echo prebuilt) (BENCH_BUILD=head)"
        fi
        ;;
    *) echo "bench/run.sh: BENCH_BUILD must be tree, head or none" >&2; exit 2 ;;
esac

jar=$(ls "$target"/ldirector-bench-*.jar | head -n 1)
# Each JVM opens one socket per real it serves or checks: use the whole open-files allowance.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

exec "$JAVA" -XX:+UseSerialGC -Xmx256m -Dbench.commit="$commit" -cp "$jar:$target/lib/*" \
    org.ldirector.bench.EngineBench --out "$here/target/engine-bench" "$@"
