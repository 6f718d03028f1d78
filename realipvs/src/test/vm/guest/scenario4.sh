#!/bin/bash
# Scenario 4: the generic-netlink IPVS backend on the real kernel (docs/real-ipvs.md).
# In a network namespace of its own ("nl", with a veth pair for routes and the sync daemon):
#  1. NetlinkProof: every command form through ipvsadm -R and through netlink, the table read back
#     through both backends after every batch; failing batches; the sync daemon switch.
#  2. The director itself with --ipvs netlink, /usr/sbin/ipvsadm replaced by a trap in its mount
#     namespace: it builds and removes its table, and no ipvsadm process runs.
# The measurement (10,000 destination changes) is scenario 5, in the same kind of namespace.
. "$VM_DIR/guest/lib.sh"
NS=nl
CP="$LDIR/lib/*:$VM_DIR/../../../target/test-classes"
# The proof starts fast with the client JIT only.
JAVA_GUEST_OPTS="-XX:+UseSerialGC -Xmx384m -XX:TieredStopAtLevel=1 -XX:-UsePerfData --enable-native-access=ALL-UNNAMED"

netlink_netns $NS
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
    # a loaded host makes TCG slow: give the detaching parent longer than its 60 s to see the pid file
    JAVA_OPTS="$JAVA_OPTS -Dldirector.startTimeout=240" unshare -m bash -c 'mount --bind "$0" /usr/sbin/ipvsadm && exec ip netns exec "$1" "${@:2}"' \
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

ip netns del $NS
failures=$(grep -c '^FAIL' "$RESULTS/assertions.log")
finish
