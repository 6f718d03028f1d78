#!/bin/bash
# Runs inside the guest, chrooted into the host's root (read-only), with the results share on
# /run/results: builds the topology once, then runs each scenario of $SCENARIOS ("name:seconds ...")
# as guest/<name>.sh under its own time limit, with RESULTS=/run/results/<name>. Records the
# kernel's final IPVS tables and each scenario's exit status for the host.
set -u
. /run/results/job.env
export SCENARIO VM_DIR LDIR JAVA_HOME JAVA_SPEC JSA KVER
export PATH=$JAVA_HOME/bin:$PATH
cd /run
hostname ldtest-guest
ip link set lo up
echo "guest: $(uname -r), $(nproc) CPUs; scenarios: $SCENARIOS"

mkdir -p /run/results/setup
setup_ok=yes
(
    export RESULTS=/run/results/setup
    . "$VM_DIR/guest/lib.sh"
    t0=$(now)
    topology_lvs || exit 1
    measure topology_s "$(elapsed "$t0" "$(now)")"
    t0=$(now)
    start_reals r1 r2 r3 sorry || exit 1
    measure reals_up_s "$(elapsed "$t0" "$(now)")"
) > /run/results/setup/setup.log 2>&1 || setup_ok=no
echo "guest: topology set up: $setup_ok"

for entry in $SCENARIOS; do
    name=${entry%%:*}
    limit=${entry#*:}
    [ "$limit" = "$entry" ] && limit=300
    out=/run/results/$name
    mkdir -p "$out"
    if [ "$setup_ok" != yes ]; then
        echo "FAIL: the test topology could not be set up (see setup/setup.log)" > "$out/assertions.log"
        echo 99 > "$out/exit-status"
        continue
    fi
    echo "guest: $name (limit ${limit}s)"
    start=$(date +%s)
    RESULTS=$out SCENARIO=$name timeout -k 5 "$limit" bash "$VM_DIR/guest/$name.sh" > "$out/scenario.log" 2>&1
    rc=$?
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "FAIL: the scenario did not finish within ${limit}s" >> "$out/assertions.log"
    fi
    echo "scenario_seconds=$(( $(date +%s) - start ))" >> "$out/measurements.properties"
    # Whatever the scenario left running in the director namespace (it may have been cut short).
    pkill -9 -f "ldirector.home=$LDIR" 2>/dev/null
    echo "$rc" > "$out/exit-status"
    sync
    echo "guest: $name exit status $rc"
done

# The kernel's own tables at the end, per namespace (IPVS is per network namespace).
for ns in "" $(ip netns list 2>/dev/null | awk '{print $1}'); do
    echo "=== netns ${ns:-<init>}: ipvsadm -Ln"
    ${ns:+ip netns exec "$ns"} ipvsadm -Ln 2>&1
    echo "=== netns ${ns:-<init>}: ipvsadm -Lnc"
    ${ns:+ip netns exec "$ns"} ipvsadm -Lnc 2>&1
done > /run/results/ipvsadm-final.txt 2>&1
dmesg > /run/results/dmesg.txt 2>&1
echo done > /run/results/guest-finished
sync
