#!/bin/bash
# Boots one real-IPVS guest and runs scenarios in it, bringing back what they left:
#   boot.sh TIMEOUT_SECONDS SCENARIO[:SECONDS]...
# The guest (guest/run.sh) builds the test topology once, then runs guest/SCENARIO.sh for each, each
# under its own limit (default 300 s). Results land in realipvs/target/vm-results/: console.log,
# setup/, ipvsadm-final.txt, and per scenario SCENARIO/{exit-status, assertions.log,
# measurements.properties, scenario.log, ipvsadm-trace.log, ipvs/*.txt, director logs}.
# Exit status: 0 when every scenario reported 0; 1 when one failed; 124 when the VM hit the hard
# timeout (qemu is killed); 125 when the guest died without reporting.
set -euo pipefail

limit=${1:?usage: boot.sh TIMEOUT_SECONDS SCENARIO[:SECONDS]...}
shift
[ $# -gt 0 ] || { echo "boot: ERROR: no scenario given" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
vm=$(dirname "$here")
module=$(cd "$vm/../../.." && pwd)
for s in "$@"; do
    [ -f "$vm/guest/${s%%:*}.sh" ] || { echo "boot: ERROR: no guest script $vm/guest/${s%%:*}.sh" >&2; exit 2; }
done

results=$module/target/vm-results
rm -rf "$results"   # nothing from an earlier run may pass for this one's
prepared=$("$here/prepare.sh") || { echo "boot: ERROR: the guest's prerequisites are not in place (see above)" >&2; exit 2; }
eval "$prepared"

mkdir -p "$results"
cat > "$results/job.env" <<JOB
GUEST_RUN=$vm/guest/run.sh
SCENARIOS="$*"
VM_DIR=$vm
LDIR=$LDIR
JAVA_HOME=$JAVA_HOME
JAVA_SPEC=$JAVA_SPEC
JSA=$JSA
KVER=$KVER
JOB

cpus=${LDIRECTOR_VM_CPUS:-2}
mem=${LDIRECTOR_VM_MEM:-2048}
echo "boot: qemu (TCG, $cpus vCPUs, ${mem} MiB), hard timeout ${limit}s, scenarios: $*; results in $results" >&2
start=$(date +%s)
set +e
# At the limit qemu gets SIGTERM, and SIGKILL 10 s later.
# LDIRECTOR_VM_TCG_THREAD=single: one host thread for all vCPUs. bench/netlink-vm.sh sets it: its
# JVM runs both JITs, and with multi-threaded TCG (qemu 7.2) the guest then crashed in 4 of 6 runs
# (SIGSEGV or SIGILL at the entry of JIT-compiled code, once a corrupted heap), most likely code the
# JIT rewrote on one vCPU while the other still ran its old translation. The other scenarios run
# the client JIT alone and were not seen to crash.
timeout -k 10 "$limit" qemu-system-x86_64 \
    -accel tcg,thread="${LDIRECTOR_VM_TCG_THREAD:-multi}" -cpu max -smp "$cpus" -m "$mem" \
    -nographic -no-reboot -nodefaults -serial stdio -monitor none \
    -kernel "$KERNEL" -initrd "$INITRD" \
    -append "console=ttyS0 panic=-1 quiet loglevel=4 rdinit=/init" \
    -fsdev local,id=r,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=r,mount_tag=hostroot \
    -fsdev local,id=w,path="$results",security_model=none \
    -device virtio-9p-pci,fsdev=w,mount_tag=results \
    < /dev/null > "$results/console.log" 2>&1
qemu=$?
set -e
took=$(( $(date +%s) - start ))
echo "vm_seconds=$took" > "$results/vm.properties"
if [ "$qemu" = 124 ] || [ "$qemu" = 137 ]; then
    echo "boot: ERROR: the VM hit the hard timeout of ${limit}s and was killed (see $results/console.log)" >&2
    exit 124
fi
if [ ! -f "$results/guest-finished" ]; then
    echo "boot: ERROR: the guest stopped before finishing (qemu exit $qemu); last console lines:" >&2
    tail -n 20 "$results/console.log" >&2
    exit 125
fi
status=0
for s in "$@"; do
    name=${s%%:*}
    rc=$(cat "$results/$name/exit-status" 2>/dev/null || echo missing)
    echo "boot: $name: exit status $rc" >&2
    [ "$rc" = 0 ] || status=1
done
echo "boot: VM ran ${took}s" >&2
exit $status
