#!/bin/sh
# The netlink-against-ipvsadm measurement of issue 13 (docs/benchmarks.md): boots the real-IPVS guest
# (see docs/real-ipvs.md) with only scenario 5: 100 services with 10,000 destinations created, then
# 10,000 weight edits, through `ipvsadm -R` and through the netlink backend, and the table read back
# through both, all timed in one run in the same guest. Prints the figures; the guest's own results
# are in realipvs/target/vm-results/scenario5/. Needs root, qemu-system-x86 (apt-get installs it).
#
#   bench/netlink-vm.sh [MVN_ARGS...]
set -eu
cd "$(dirname "$0")/.."
command -v qemu-system-x86_64 >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends qemu-system-x86 busybox-static ipvsadm; }
# Single-threaded TCG: with both JITs the guest's JVM crashed at random under multi-threaded TCG
# (see realipvs/src/test/vm/host/boot.sh).
LDIRECTOR_VM_TCG_THREAD=${LDIRECTOR_VM_TCG_THREAD:-single}; export LDIRECTOR_VM_TCG_THREAD
mvn -B verify -Preal-ipvs -pl realipvs -am -DskipTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dit.test=RealIpvsIT#scenario5NetlinkMeasurement -Drealipvs.scenarios="scenario5:700" -Drealipvs.vm.timeout=1000 "$@"
grep -h "scenario5 10,000" realipvs/target/failsafe-reports/*-output.txt 2>/dev/null || cat realipvs/target/vm-results/scenario5/measurements.properties
