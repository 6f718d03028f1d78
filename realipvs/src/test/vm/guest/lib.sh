# Helpers for the guest scenario scripts: assertions, measurements, kernel snapshots, the test
# topology and the processes in it. Sourced by guest/<scenario>.sh (bash, in the guest, with
# RESULTS = this scenario's results directory on the writable share).
set -u
G=$VM_DIR/guest
PY=/usr/bin/python3
LD=$LDIR/bin/ldirectord
RUNDIR=/run/ldirector
TRACE=$RESULTS/ipvsadm-trace.log
export IPVSADM_TRACE=$TRACE
mkdir -p "$RUNDIR" "$RESULTS/ipvs"
: > "$RESULTS/assertions.log"

# JVM start-up is slow under TCG: client JIT only, the CDS archive built on the host, no perf file.
export JAVA_OPTS="-XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto${JSA:+ -XX:SharedArchiveFile=$JSA -Xlog:cds=off -Xlog:cds+dynamic=off}"
# The launcher checks the Java version by starting a JVM at every call (0.2 s on the host, 5-10 s
# under TCG). The guest's JAVA_HOME is a shim that answers that one probe with the real JDK's
# version (measured on the host) and execs the real java for everything else.
SHIM=/run/jdk-shim
if [ ! -x "$SHIM/bin/java" ]; then
    mkdir -p "$SHIM/bin"
    cat > "$SHIM/bin/java" <<SH
#!/bin/sh
if [ "\$#" = 2 ] && [ "\$1" = -XshowSettings:properties ] && [ "\$2" = -version ]; then
    echo "    java.specification.version = $JAVA_SPEC"
    exit 0
fi
exec "$JAVA_HOME/bin/java" "\$@"
SH
    chmod 755 "$SHIM/bin/java"
fi
export JAVA_HOME=$SHIM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
say() { echo "[$(date +%T.%3N)] $*"; }

failures=0
pass() { echo "PASS: $*" >> "$RESULTS/assertions.log"; say "PASS: $*"; }
fail() { echo "FAIL: $*" >> "$RESULTS/assertions.log"; say "FAIL: $*"; failures=$((failures + 1)); }
# check "what is asserted" command... — passes when the command succeeds.
check() {
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; return 1; fi
}
measure() { echo "$1=$2" >> "$RESULTS/measurements.properties"; say "measured $1=$2"; }
finish() {
    say "scenario done: $failures failed assertion(s)"
    exit $((failures > 100 ? 100 : failures))
}

# Waits up to $1 seconds (polling) for the command to succeed.
await() {
    local limit=$1; shift
    local end=$(( $(date +%s) + ${limit%.*} ))
    until "$@"; do
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.1
    done
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# The kernel's IPVS table of the director namespace, saved as a numbered snapshot in ipvs/.
snap_n=0
snap() {
    local label=$1 ns=${2:-dir1}
    snap_n=$((snap_n + 1))
    local f
    f=$(printf '%s/ipvs/%02d-%s.txt' "$RESULTS" "$snap_n" "$label")
    in_ns "$ns" sh -c 'echo "## ipvsadm -Ln"; ipvsadm -Ln; echo "## ipvsadm -Ln --thresholds";
        ipvsadm -Ln --thresholds; echo "## ipvsadm -Lnc"; ipvsadm -Lnc' > "$f" 2>&1
    sed -i "1i # $label ($(date +%T.%3N)), netns $ns" "$f"
}

# The table without counters: "service" and "-> real fwd weight" lines, for comparisons.
table() {
    in_ns "${1:-dir1}" ipvsadm -Ln | awk 'NR > 3 { if ($1 == "->") print "  ->", $2, $3, $4; else print }'
}

# Field $1 of a client result line ("names=r1:2,r2:2 errors=0 ..."), e.g. field names "$out".
field() { printf '%s\n' "$2" | head -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# --- topology -------------------------------------------------------------------------------------
# Two bridges in the guest's initial namespace:
#   br-front 10.8.0.0/24: client 10.8.0.2; director dir1 10.8.0.1 with the VIPs 10.8.0.100 (NAT and
#                         UDP services) and 10.8.0.101 (DR service)
#   br-back  10.9.0.0/24: dir1 10.9.0.1 (the reals' default gateway: LVS-NAT replies must pass the
#                         director), reals r1..r3 10.9.0.11-13, the fallback server "sorry" 10.9.0.20
# DR: the reals carry 10.8.0.101 on lo (arp_ignore=1, arp_announce=2) and reply through dir1, which
# routes those replies (accept_local=1: their source is one of its own addresses).
# A second director for the failover scenario: add_director dir2 3 (10.8.0.3, 10.9.0.3).
# Built with ip -batch: every exec costs 0.1-0.3 s under TCG.
topology_lvs() {
    local nss="client dir1 r1 r2 r3 sorry" b
    b=$(mktemp)
    {
        for ns in $nss; do echo "netns add $ns"; done
        echo "link add br-front type bridge"; echo "link set br-front up"
        echo "link add br-back type bridge"; echo "link set br-back up"
        echo "link add v-client type veth peer name eth0 netns client"
        echo "link set v-client master br-front up"
        echo "link add v-dir1-f type veth peer name front netns dir1"
        echo "link set v-dir1-f master br-front up"
        echo "link add v-dir1-b type veth peer name back netns dir1"
        echo "link set v-dir1-b master br-back up"
        for r in r1 r2 r3 sorry; do
            echo "link add v-$r type veth peer name eth0 netns $r"
            echo "link set v-$r master br-back up"
        done
    } > "$b"
    ip -batch "$b" || return 1
    printf '%s\n' "link set lo up" "addr add 10.8.0.2/24 dev eth0" "link set eth0 up" \
        "route add default via 10.8.0.1" | ip -n client -batch - || return 1
    printf '%s\n' "link set lo up" "addr add 10.8.0.1/24 dev front" "addr add 10.8.0.100/32 dev front" \
        "addr add 10.8.0.101/32 dev front" "addr add 10.9.0.1/24 dev back" "link set front up" \
        "link set back up" | ip -n dir1 -batch - || return 1
    director_sysctls dir1 || return 1
    local i
    for i in 1 2 3; do
        printf '%s\n' "link set lo up" "addr add 10.9.0.1$i/24 dev eth0" "addr add 10.8.0.101/32 dev lo" \
            "link set eth0 up" "route add default via 10.9.0.1" | ip -n "r$i" -batch - || return 1
        in_ns "r$i" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
            net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 || return 1
    done
    printf '%s\n' "link set lo up" "addr add 10.9.0.20/24 dev eth0" "link set eth0 up" \
        "route add default via 10.9.0.1" | ip -n sorry -batch - || return 1
    rm -f "$b"
}
director_sysctls() {
    in_ns "$1" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
        net.ipv4.conf.back.rp_filter=0 net.ipv4.conf.all.accept_local=1 net.ipv4.conf.back.accept_local=1
}
# Scenario 2 (director failover): a second director namespace on both bridges.
add_director() {
    local ns=$1 n=$2
    ip netns add "$ns"
    ip link add "v-$ns-f" type veth peer name front netns "$ns"
    ip link set "v-$ns-f" master br-front up
    ip link add "v-$ns-b" type veth peer name back netns "$ns"
    ip link set "v-$ns-b" master br-back up
    printf '%s\n' "link set lo up" "addr add 10.8.0.$n/24 dev front" "addr add 10.9.0.$n/24 dev back" \
        "link set front up" "link set back up" | ip -n "$ns" -batch -
    director_sysctls "$ns"
}

# --- processes ------------------------------------------------------------------------------------
# Real server $1 (in its namespace): HTTP on :80 answering its name (/hold streams), UDP on :5353.
start_real() {
    local name=$1
    REAL_PIDFILE=$RUNDIR/real-$name.pid in_ns "$name" "$PY" "$G/realserver.py" "$name" \
        >> "$RESULTS/realserver-$name.log" 2>&1 &
    await 30 test -s "$RUNDIR/real-$name.pid"
}
stop_real() {
    local pid
    pid=$(cat "$RUNDIR/real-$1.pid" 2>/dev/null) || return 0
    kill -9 "$pid" 2>/dev/null
    rm -f "$RUNDIR/real-$1.pid"
    # Gone once nothing listens on its port any more.
    await 10 bash -c "! kill -0 $pid 2>/dev/null"
}
real_up() { in_ns "$1" "$PY" -c 'import socket; socket.create_connection(("127.0.0.1", 80), 1).close()' 2>/dev/null; }
start_reals() {
    local r
    for r in "$@"; do [ -f "$RUNDIR/real-$r.pid" ] || start_real "$r"; done
    for r in "$@"; do await 60 real_up "$r" || { fail "real server $r did not come up"; return 1; }; done
}

client() { in_ns client "$PY" "$G/client.py" "$@"; }

# The director, as an operator runs it: in the director's namespace, through the tracing ipvsadm
# wrapper, started detached with `ldirectord CFG start` (pid file in $RUNDIR, log in the config's
# logfile=), reloaded and stopped through the CLI.
DIRNS=${DIRNS:-dir1}
ldirectord() { in_ns "$DIRNS" "$LD" --ipvsadm "$G/ipvsadm-trace" --rundir "$RUNDIR" "$@"; }
# `ldirectord CFG start`. When it fails and no daemon came up after all, runs the daemon side (what
# the detached child runs) in the foreground for up to 60 s with its stderr kept: the detached
# child's stdio is /dev/null, so this is the only way to see why it died.
start_director() {
    local cfg=$1 rc pid
    ldirectord "$cfg" start >> "$RESULTS/cli.log" 2>&1 && return 0
    rc=$?
    sleep 2
    pid=$(director_pid "$cfg")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        say "ldirectord start exited $rc, but the daemon (pid $pid) is running"
        return $rc
    fi
    say "ldirectord start failed ($rc); running the daemon side in the foreground for diagnosis"
    LDIRECTOR_DETACHED=1 timeout 60 ip netns exec "$DIRNS" "$LD" --ipvsadm "$G/ipvsadm-trace" \
        --rundir "$RUNDIR" "$cfg" start > "$RESULTS/daemon-foreground-diagnosis.log" 2>&1
    echo "exit $?" >> "$RESULTS/daemon-foreground-diagnosis.log"
    return $rc
}
# The pid of the daemon running config $1, from its pid file (ldirectord.<cfgname>.pid).
director_pid() { cat "$RUNDIR/ldirectord.$(basename "$1").pid" 2>/dev/null || cat "$RUNDIR/ldirectord.$(basename "$1" .cf).pid" 2>/dev/null; }

# kwatch LABEL LIMIT CONDITION... — waits (in the director namespace) until the kernel's table meets
# every condition (see kernel-watch.sh), timing from $WATCH_SINCE (default: now). Logs the result to
# RESULTS/watch-LABEL.txt; sets KW_LAST to the seconds at which the last condition held.
KW_LAST=
kwatch() {
    local label=$1 limit=$2
    shift 2
    local since=${WATCH_SINCE:-$(now)} out rc
    out=$(in_ns "${KW_NS:-$DIRNS}" bash "$G/kernel-watch.sh" "$since" "$limit" "$@")
    rc=$?
    printf '%s\n' "$out" > "$RESULTS/watch-$label.txt"
    KW_LAST=$(awk '$1 == "met" { t = $2 } END { print t }' <<< "$out")
    [ $rc = 0 ] || say "kwatch $label: $(grep unmet <<< "$out" | tr '\n' ';')"
    return $rc
}
# The time at which the condition starting with $2 was met in watch LABEL $1.
kw_time() { awk -v c="$2" '$1 == "met" && index($0, c) { print $2; exit }' "$RESULTS/watch-$1.txt"; }

# Seconds from $1 (epoch) to the first ipvsadm call in the trace after it whose command line or -R
# batch line matches the extended regex $2 (empty when there is none).
trace_first_after() {
    awk -v since="$1" -v re="$2" '
        $3 == "ipvsadm" { ts = $1 }
        ts > since && $0 ~ re { printf "%.2f\n", ts - since; exit }' "$TRACE" 2>/dev/null
}

# netlink_netns NAME — a fresh namespace of its own for the netlink scenarios (4 and 5): a veth pair
# (nl0/nl1, both inside) with 10.77.0.1/16 and 2001:db8:77::1/64, for the reals' routes and the
# sync daemon's multicast, and no part of the LVS topology above.
netlink_netns() {
    local ns=$1
    ip netns del "$ns" 2>/dev/null
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add nl0 type veth peer name nl1
    ip -n "$ns" addr add 10.77.0.1/16 dev nl0
    ip -n "$ns" addr add 2001:db8:77::1/64 dev nl0 nodad
    ip -n "$ns" link set nl0 up
    ip -n "$ns" link set nl1 up
}
