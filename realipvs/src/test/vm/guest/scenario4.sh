#!/bin/bash
# Scenario 4: the generic-netlink IPVS backend on the real kernel (docs/real-ipvs.md).
# In a network namespace of its own ("nl", with a veth pair for routes and the sync daemon):
#  1. NetlinkProof: every command form through ipvsadm -R and through netlink, the table read back
#     through both backends after every batch; failing batches; the sync daemon switch.
#  2. The director itself with --ipvs netlink, /usr/sbin/ipvsadm replaced by a trap in its mount
#     namespace: it builds and removes its table, and no ipvsadm process runs.
#  3. NetlinkBenchmark: 10,000 destination changes and the table read back, ipvsadm -R vs netlink.
. "$VM_DIR/guest/lib.sh"
NS=nl
CP="$LDIR/lib/*:$VM_DIR/../../../target/test-classes"
# The proof starts fast with the client JIT only; the measurement runs with the launcher's own flags
# (serial GC, both JITs), as the daemon runs.
JAVA_GUEST_OPTS="-XX:+UseSerialGC -Xmx384m -XX:TieredStopAtLevel=1 -XX:-UsePerfData --enable-native-access=ALL-UNNAMED"
JAVA_BENCH_OPTS="-XX:+UseSerialGC -Xmx384m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED"

ip netns del $NS 2>/dev/null
ip netns add $NS
ip -n $NS link set lo up
ip -n $NS link add nl0 type veth peer name nl1
ip -n $NS addr add 10.77.0.1/16 dev nl0
ip -n $NS addr add 2001:db8:77::1/64 dev nl0 nodad
ip -n $NS link set nl0 up
ip -n $NS link set nl1 up
nsrun() { ip netns exec $NS "$@"; }

say "1. NetlinkProof"
t0=$(now)
nsrun "$JAVA_HOME/bin/java" $JAVA_GUEST_OPTS -cp "$CP" org.ldirector.realipvs.guest.NetlinkProof "$RESULTS" nl0 \
    > "$RESULTS/proof.log" 2>&1
rc=$?
measure proof_s "$(elapsed "$t0" "$(now)")"
[ $rc = 0 ] || fail "NetlinkProof exited $rc (see proof.log, details.log)"
grep -q '^PASS: netlink probe' "$RESULTS/assertions.log" || fail "NetlinkProof made no assertions (see proof.log)"

say "2. the director with --ipvs netlink, ipvsadm trapped"
TRAP=/run/ipvsadm-trap
TRAPLOG=$RESULTS/ipvsadm-trap.log
: > "$TRAPLOG"
printf '#!/bin/sh\necho "$$ $*" >> %s\nexit 99\n' "$TRAPLOG" > $TRAP
chmod 755 $TRAP
CFG=$RESULTS/netlink.cf
cat > "$CFG" <<CF
checktimeout=3
checkinterval=1
logfile="$RESULTS/ldirectord.log"
virtual=10.77.0.200:80
	real=10.77.0.11:80 masq 1
	real=10.77.0.12:80 masq 2
	checktype=on
	scheduler=wrr
	protocol=tcp
CF
NLRUN=/run/ldirector-nl
mkdir -p $NLRUN
trapped() {
    unshare -m bash -c 'mount --bind "$0" /usr/sbin/ipvsadm && exec ip netns exec "$1" "${@:2}"' \
        $TRAP $NS "$LD" --ipvs netlink --rundir $NLRUN "$@"
}
table() { nsrun ipvsadm -Ln; }
has_table() { table | grep -q 'TCP  10.77.0.200:80 wrr' && table | grep -q '10.77.0.11:80 *Masq *1 ' \
    && table | grep -q '10.77.0.12:80 *Masq *2 '; }
no_table() { ! table | grep -q '10.77.0.200:80'; }
t0=$(now)
trapped "$CFG" start >> "$RESULTS/cli.log" 2>&1
check "ldirectord --ipvs netlink start exits 0" [ $? = 0 ]
check "the director built its service and both reals in the kernel (ipvsadm -Ln)" await 120 has_table
measure director_start_to_table_s "$(elapsed "$t0" "$(now)")"
table > "$RESULTS/ipvs/01-director-netlink.txt"
trapped "$CFG" stop >> "$RESULTS/cli.log" 2>&1
check "ldirectord --ipvs netlink stop exits 0" [ $? = 0 ]
check "the director removed its service on stop" await 60 no_table
check "no ipvsadm process ran for the netlink director (trap log empty)" [ ! -s "$TRAPLOG" ]

say "3. NetlinkBenchmark"
t0=$(now)
nsrun "$JAVA_HOME/bin/java" $JAVA_BENCH_OPTS -cp "$CP" org.ldirector.realipvs.guest.NetlinkBenchmark "$RESULTS" \
    > "$RESULTS/benchmark.log" 2>&1
rc=$?
measure benchmark_s "$(elapsed "$t0" "$(now)")"
[ $rc = 0 ] || fail "NetlinkBenchmark exited $rc (see benchmark.log)"

ip netns del $NS
failures=$(grep -c '^FAIL' "$RESULTS/assertions.log")
finish
