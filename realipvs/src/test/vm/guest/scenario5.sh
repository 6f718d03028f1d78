#!/bin/bash
# Scenario 5: the measurement of the netlink IPVS backend (docs/benchmarks.md, IPVS backends).
# NetlinkBenchmark, one JVM with the launcher's own flags (serial GC, both JITs), in a network
# namespace of its own: 100 services x 100 reals created, then 10,000 weight edits, through
# ipvsadm -R and through netlink, and the table read back each way; the tables must agree.
. "$VM_DIR/guest/lib.sh"
NS=nl
CP="$LDIR/lib/*:$VM_DIR/../../../target/test-classes"
JAVA_BENCH_OPTS="-XX:+UseSerialGC -Xmx384m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -XX:ErrorFile=$RESULTS/hs_err_%p.log"

netlink_netns $NS
nsrun() { ip netns exec $NS "$@"; }

say "NetlinkBenchmark (load average: $(cut -d" " -f1-3 /proc/loadavg))"
t0=$(now)
nsrun "$JAVA_HOME/bin/java" $JAVA_BENCH_OPTS -cp "$CP" org.ldirector.realipvs.guest.NetlinkBenchmark "$RESULTS" \
    > "$RESULTS/benchmark.log" 2>&1
rc=$?
measure benchmark_s "$(elapsed "$t0" "$(now)")"
[ $rc = 0 ] || fail "NetlinkBenchmark exited $rc (see benchmark.log)"

ip netns del $NS
failures=$(grep -c '^FAIL' "$RESULTS/assertions.log")
finish
