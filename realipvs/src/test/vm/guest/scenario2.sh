#!/bin/bash
# Scenario 2 — director failover keeps connections. Two directors, dir1 and dir2, each a network
# namespace with its own IPVS table, run our daemon in cluster mode (failover = ha.cf, with
# haresources and authkeys as Heartbeat has them): the VIP 10.8.0.102 is an IPaddr2 resource (never
# configured by hand) and LVSSyncDaemonSwap switches the kernel's sync daemon on br-back. The service
# is LVS-DR, and the reals answer the client straight (a leg of the client on br-back), so no
# director is in the reply path.
#   (a) The standby's kernel (ipvsadm -Lnc) and our `connections` on the standby list the active's
#       connections.
#   (b) Long-lived sessions (a line each way every 50 ms) survive kill -9 of the active director; the
#       VIP moves to the standby, and the longest pause in each session around the failover is
#       measured.
#   (c) The standby is active (ha-status), and new connections work through it.
#   (d) The killed director, started again, stands by and gets the table synced back. Then the new
#       active director's machine is "powered off": its links go down, then its daemon is killed
#       with SIGKILL. The sessions survive this too, and this pause is measured as well.
. "$VM_DIR/guest/lib.sh"

VIP=10.8.0.102 SVC=10.8.0.102:80 SYNCID=52
S2=$RUNDIR/s2

node_of() { echo "node${1#dir}"; }
cfg_of() { echo "$S2/$1/scenario2.cf"; }
sock_of() { echo "$S2/$1/ldirectord.scenario2.cf.sock"; }
pid_of() { cat "$S2/$1"/ldirectord.scenario2*.pid 2>/dev/null | head -n 1; }
mac_of() { ip -n "$1" -o link show front | sed 's/.*link\/ether \([0-9a-f:]*\).*/\1/'; }
holds_vip() { ip -n "$1" -o -4 addr show dev front 2>/dev/null | grep -q " $VIP/"; }
# The daemon in the director's namespace, started as `ldirectord CFG start` starts it: the same
# command line, in a new session, stdio away from the terminal, with the detacher's LDIRECTOR_DETACHED
# (the client half of `start` is another JVM, 15-35 s under TCG; scenarios 1 and 3 run it).
dstart() {
    local ns=$1
    IPVSADM_TRACE=$RESULTS/ipvsadm-trace-$ns.log LDIRECTOR_DETACHED=1 setsid ip netns exec "$ns" "$LD" \
        --ipvsadm "$G/ipvsadm-trace" --node "$(node_of "$ns")" --rundir "$S2/$ns" "$(cfg_of "$ns")" start \
        < /dev/null >> "$RESULTS/daemon-$ns.out" 2>&1 &
    disown
}
logged() { grep -q "$2" "$RESULTS/ldirectord-$1.log" 2>/dev/null; }
has_pid() { [ -n "$(pid_of "$1")" ]; }
# ldirectord CFG COMMAND in the director's namespace, as an operator types it (a JVM each time).
dcli() {
    local ns=$1; shift
    IPVSADM_TRACE=$RESULTS/ipvsadm-trace-$ns.log in_ns "$ns" "$LD" --ipvsadm "$G/ipvsadm-trace" \
        --node "$(node_of "$ns")" --rundir "$S2/$ns" "$(cfg_of "$ns")" "$@"
}
# The same question on the control socket, without a JVM; hask NS COMMAND [REGEX... -t SECONDS].
hask() { local ns=$1; shift; "$PY" "$G/hactl.py" "$(sock_of "$ns")" "$@"; }
# Packets the director's kernel forwarded for the service (ipvsadm -Ln --stats: InPkts; Conns).
stat_of() { in_ns "$1" ipvsadm -Ln --stats -t "$SVC" 2>/dev/null | awk -v f="$2" '$1 == "TCP" { print $f }'; }
inpkts() { stat_of "$1" 4; }
conns() { stat_of "$1" 3; }
# "state source virtual destination" of the entries of this scenario's service in an ipvsadm -Lnc
# layout on stdin. (The tables also hold the TIME_WAIT entries that scenarios 1 and 3 left behind on
# other VIPs, which are replicated too, but expire while the CLI starts: they are left out.)
entries() { awk -v vip="$SVC" '$1 == "TCP" && $5 == vip { print $3, $4, $5, $6 }' | sort; }
# Seconds from SINCE to the first `ip -ts -o monitor` event in FILE after it that matches ERE.
mon_after() {
    awk -v since="$2" -v re="$3" '
        { ts = substr($1, 2, length($1) - 2); split(ts, a, /[-T:]/)
          e = mktime(a[1] " " a[2] " " a[3] " " a[4] " " a[5] " " int(a[6])) + (a[6] - int(a[6]))
          if (e >= since && $0 ~ re) { printf "%.3f\n", e - since; exit } }' "$1" 2>/dev/null
}
# The longest pause in a session's answers (OUT.times, epoch seconds) over an event at T: the
# largest gap between consecutive answers where the later one came after T and the earlier one
# before END.
gap_over() {
    awk -v t="$2" -v end="$3" 'NR > 1 && $1 >= t && prev < end { g = $1 - prev; if (g > m) m = g } { prev = $1 }
        END { printf "%.3f\n", m }' "$1.times" 2>/dev/null
}
# Whether session $1's last answer is at most 1 s old.
answering() { awk -v now="$(date +%s.%N)" 'END { exit !($1 != "" && now - $1 <= 1) }' "$RUNDIR/echo-$1.times"; }
echo_port() { cat "$RUNDIR/echo-$1.port" 2>/dev/null; }
# Whether every session's client port is listed with state $3 in ipvsadm -Lnc of namespace $1 /
# the listing in $2 (a file).
all_sessions_in() {
    local f=$1 s p
    for s in $SESSIONS; do
        p=$(echo_port "$s")
        [ -n "$p" ] && awk -v src="10.8.0.2:$p" -v vip="$SVC" '$1 == "TCP" && $3 == "ESTABLISHED" &&
            $4 == src && $5 == vip { f = 1 } END { exit !f }' "$f" || return 1
    done
}
kernel_lists_sessions() { in_ns "$1" ipvsadm -Lnc > "$RUNDIR/lnc-$1" 2>&1 && all_sessions_in "$RUNDIR/lnc-$1"; }
connections_list_sessions() { hask "$1" connections > "$RUNDIR/conn-$1" 2>&1 && all_sessions_in "$RUNDIR/conn-$1"; }
# start_sessions NAME... — long-lived echo sessions through the VIP; returns once each has an answer.
start_sessions() {
    local s
    for s in "$@"; do
        rm -f "$RUNDIR/echo-$s" "$RUNDIR/echo-$s".*
        client echo "$SVC" 600 "$RUNDIR/echo-$s" 0.05 &
        eval "pid_echo_$s=$!"
        SESSIONS="$SESSIONS $s"
        sleep 0.3   # one after the other: rr puts them on r1, r2, r3
    done
    for s in "$@"; do await 60 test -s "$RUNDIR/echo-$s.times" || return 1; done
}
SESSIONS=
# The sessions' files go to the results, even when the scenario is cut short by its time limit.
save_sessions() { local s; for s in $SESSIONS; do cp "$RUNDIR/echo-$s"* "$RESULTS/" 2>/dev/null; done; }
trap 'save_sessions; say "terminated"; exit 143' TERM

# --- the topology of this scenario ------------------------------------------------------------------
say "topology: dir2 (10.8.0.3, 10.9.0.3), the client's leg on br-back (10.9.0.2), $VIP on the reals' lo"
in_ns dir1 ipvsadm -C
in_ns dir1 ipvsadm --stop-daemon master 2>/dev/null; in_ns dir1 ipvsadm --stop-daemon backup 2>/dev/null
add_director dir2 3 || { fail "setup: add_director dir2 3"; finish; }
ip link add v-client-b type veth peer name back netns client && ip link set v-client-b master br-back up &&
    printf '%s\n' "addr add 10.9.0.2/24 dev back" "link set back up" | ip -n client -batch - &&
    in_ns client sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.back.rp_filter=0 \
        net.ipv4.conf.eth0.rp_filter=0 || { fail "setup: the client's leg on br-back"; finish; }
# DR replies (source: the VIP) go from the reals straight to the client, not through a director.
for i in 1 2 3; do
    printf '%s\n' "addr add $VIP/32 dev lo" "rule add from $VIP lookup 102 pref 102" \
        "route add default via 10.9.0.2 dev eth0 table 102" | ip -n "r$i" -batch - \
        || { fail "setup: DR reply route on r$i"; finish; }
done
check "setup: the VIP $VIP is configured on no director" bash -c '! ip -n dir1 -o addr | grep -q " 10.8.0.102/" && ! ip -n dir2 -o addr | grep -q " 10.8.0.102/"'
start_reals r1 r2 r3

# Heartbeat's files, the same on both directors (the node name is given with --node: both
# namespaces share the guest's hostname).
for ns in dir1 dir2; do
    d=$S2/$ns
    mkdir -p "$d/ha.d"
    cat > "$d/ha.d/ha.cf" <<CF
# scenario 2: the cluster talks over br-back (TCP, encrypted with the authkeys secret)
keepalive 500ms
deadtime 3
warntime 2
initdead 60
udpport 7694
ucast back 10.9.0.1
ucast back 10.9.0.3
auto_failback off
node node1 node2
CF
    echo "node1 IPaddr2::$VIP/24/front LVSSyncDaemonSwap::master::back::$SYNCID ldirectord::scenario2.cf" \
        > "$d/ha.d/haresources"
    (umask 077 && printf 'auth 3\n3 sha1 scenario-2-secret\n' > "$d/ha.d/authkeys")
    cat > "$(cfg_of "$ns")" <<CF
# scenario 2 ($ns)
logfile="$RESULTS/ldirectord-$ns.log"
failover = $d/ha.d/ha.cf
checktimeout=3
checkinterval=2
autoreload=no
quiescent=no

virtual=$SVC
	real=10.9.0.11:80 gate
	real=10.9.0.12:80 gate
	real=10.9.0.13:80 gate
	scheduler=rr
	protocol=tcp
	checktype=connect
CF
done
cp "$S2/dir1/ha.d/ha.cf" "$S2/dir1/ha.d/haresources" "$RESULTS/"

# Kernel event stamps: the VIP added/removed in each director, the client's neighbour entry for it.
for ns in dir1 dir2; do
    ip -n "$ns" -ts -o monitor address > "$RESULTS/monitor-address-$ns.txt" 2>&1 &
    eval "mon_$ns=$!"
done
ip -n client -ts -o monitor neigh > "$RESULTS/monitor-neigh-client.txt" 2>&1 &
mon_client=$!

# --- start: one active, one standby -------------------------------------------------------------------
# Both JVMs start together (one after the other takes twice as long on 2 vCPUs); dir1 a little
# earlier, so that dir2 usually finds dir1's cluster and joins it (otherwise both form one alone and
# MERGE3 merges them a few seconds later).
t0=$(now)
dstart dir1
sleep 4
dstart dir2
await 180 logged dir1 "Joining the director cluster" && await 180 logged dir2 "Joining the director cluster"
await 10 has_pid dir1; await 10 has_pid dir2
check "start: both daemons run and joined the cluster (pids $(pid_of dir1) $(pid_of dir2))" \
    bash -c "kill -0 $(pid_of dir1 || echo 0) && kill -0 $(pid_of dir2 || echo 0)" || finish
measure start_to_joined_s "$(elapsed "$t0" "$(now)")"
# Whoever the election made active (node1, the preferred node, when both are there in time).
active_re='^active director: node[12]$'
settled() {
    hask dir1 ha-status "$active_re" -t 0 > "$RUNDIR/st1" 2>/dev/null && hask dir2 ha-status "$active_re" -t 0 > "$RUNDIR/st2" 2>/dev/null &&
        [ "$(grep '^active director' "$RUNDIR/st1")" = "$(grep '^active director' "$RUNDIR/st2")" ] &&
        ! grep -q 'not eligible' "$RUNDIR/st1" "$RUNDIR/st2" && grep -q '^sync daemon: MASTER' "$RUNDIR/st1" "$RUNDIR/st2" &&
        grep -q '^sync daemon: BACKUP' "$RUNDIR/st1" "$RUNDIR/st2"
}
await 180 settled
check "start: the two directors agree on one active director, the other stands by confirmed [$(grep -h '^active director' "$RUNDIR/st1" "$RUNDIR/st2" | sort -u | tr '\n' ';')]" [ $? = 0 ] || { cat "$RUNDIR/st1" "$RUNDIR/st2"; finish; }
measure start_to_cluster_settled_s "$(elapsed "$t0" "$(now)")"
ACT=dir$(sed -n 's/^active director: node//p' "$RUNDIR/st1")
STB=dir1; [ "$ACT" = dir1 ] && STB=dir2
say "active: $ACT, standby: $STB"
cat "$RUNDIR/st1" "$RUNDIR/st2" > "$RESULTS/ha-status-start.txt"
check "start: only the active director ($ACT) holds the VIP" bash -c "ip -n $ACT -o addr | grep -q ' $VIP/' && ! ip -n $STB -o addr | grep -q ' $VIP/'"
in_ns "$ACT" ipvsadm -L --daemon > "$RUNDIR/d1" 2>&1; in_ns "$STB" ipvsadm -L --daemon > "$RUNDIR/d2" 2>&1
check "start: the kernel sync daemons run: master on $ACT, backup on $STB (mcast-interface back, syncid $SYNCID) [$(cat "$RUNDIR/d1" "$RUNDIR/d2" | tr '\n' ';')]" \
    bash -c "grep -q 'master sync daemon (mcast=back, syncid=$SYNCID,' '$RUNDIR/d1' && grep -q 'backup sync daemon (mcast=back, syncid=$SYNCID,' '$RUNDIR/d2'"
kwatch_both() { KW_NS=$1 kwatch "$2-$1" 120 "TCP $SVC 10.9.0.11:80 1" "TCP $SVC 10.9.0.12:80 1" "TCP $SVC 10.9.0.13:80 1"; }
kwatch_both dir1 start && kwatch_both dir2 start
check "start: both kernels have the DR service with its three reals (a warm standby)" [ $? = 0 ]
snap started-active "$ACT"; snap started-standby "$STB"

# --- (a) the standby sees the active's connections ---------------------------------------------------
t0=$(now)
start_sessions e1 e2 e3
check "(a) three long-lived sessions (a line each way every 50 ms) run through $SVC" [ $? = 0 ] || finish
ts_sessions=$(now)
await 20 kernel_lists_sessions "$ACT"
check "(a) the active director's kernel ($ACT) lists the three sessions as ESTABLISHED" [ $? = 0 ]
await 30 kernel_lists_sessions "$STB"
check "(a) the standby's kernel ($STB, ipvsadm -Lnc) lists the three sessions: the kernel sync daemon" [ $? = 0 ]
measure sessions_to_standby_kernel_s "$(elapsed "$ts_sessions" "$(now)")"
await 30 connections_list_sessions "$STB"
check "(a) our replication: connections on the standby ($STB) lists the three sessions" [ $? = 0 ]
measure sessions_to_standby_connections_s "$(elapsed "$ts_sessions" "$(now)")"
snap sessions-active "$ACT"; snap sessions-standby "$STB"
# Exactly the active kernel's entries (timers aside): first on the control socket (cheap, polled),
# then the operator's command once, as typed (a JVM: 10-50 s under TCG).
same_as_active() {
    hask "$STB" connections > "$RUNDIR/conn-$STB" 2>/dev/null && in_ns "$ACT" ipvsadm -Lnc > "$RUNDIR/lnc-$ACT" 2>&1 &&
        [ "$(entries < "$RUNDIR/conn-$STB")" = "$(entries < "$RUNDIR/lnc-$ACT")" ]
}
await 30 same_as_active
t0=$(now)
dcli "$STB" connections > "$RESULTS/connections-standby.txt" 2>&1
rc=$?
measure cli_connections_s "$(elapsed "$t0" "$(now)")"
in_ns "$ACT" ipvsadm -Lnc > "$RESULTS/ipvsadm-Lnc-active.txt" 2>&1
check "(a) ldirectord connections on the standby exits 0 and lists exactly the active kernel's entries for $SVC (state, source, virtual, destination) [$(entries < "$RESULTS/connections-standby.txt" | tr '\n' ';')]" \
    [ "$rc" = 0 -a "$(entries < "$RESULTS/connections-standby.txt")" = "$(entries < "$RESULTS/ipvsadm-Lnc-active.txt")" ]
head -n 1 "$RESULTS/connections-standby.txt" | grep -q '^IPVS connection entries'
check "(a) ... in ipvsadm -Lnc's layout" [ $? = 0 ]

# --- (b) kill -9 of the active director ---------------------------------------------------------------
old_pid=$(pid_of "$ACT")
mac_new=$(mac_of "$STB")
in_before=$(inpkts "$ACT")
say "kill -9 of the active director $ACT (pid $old_pid)"
t_kill=$(now)
kill -9 "$old_pid"
await 60 holds_vip "$STB"
check "(b) kill -9 of $ACT's daemon: the VIP moves to $STB" [ $? = 0 ]
mon_has() { [ -n "$(mon_after "$@")" ]; }
await 20 mon_has "$RESULTS/monitor-address-$STB.txt" "$t_kill" "] [0-9]+: front +inet $VIP/"
measure kill9_to_vip_on_standby_s "$(mon_after "$RESULTS/monitor-address-$STB.txt" "$t_kill" "] [0-9]+: front +inet $VIP/")"
await 20 mon_has "$RESULTS/monitor-neigh-client.txt" "$t_kill" "] $VIP dev eth0 lladdr $mac_new"
check "(b) the client's neighbour entry for the VIP moved to $STB's MAC $mac_new (gratuitous ARP)" [ $? = 0 ]
measure kill9_to_client_moved_s "$(mon_after "$RESULTS/monitor-neigh-client.txt" "$t_kill" "] $VIP dev eth0 lladdr $mac_new")"
holds_vip "$ACT" && dead_holds=yes || dead_holds=no
say "the killed director's namespace still holds the VIP: $dead_holds (a known limit: nobody removes it)"
measure kill9_dead_namespace_keeps_vip "$dead_holds"
# ipvsadm --stats shows the kernel's estimator copy, refreshed every 2 s.
sleep 2.5
a1=$(inpkts "$ACT"); s1=$(inpkts "$STB")
sleep 3
a2=$(inpkts "$ACT"); s2=$(inpkts "$STB")
say "InPkts: $ACT $in_before -> $a1 -> $a2; $STB $s1 -> $s2"
check "(b) after the move the sessions' packets pass $STB's IPVS (InPkts +$((s2 - s1)) in 3 s) and no longer $ACT's (+$((a2 - a1)))" \
    [ $((s2 - s1)) -ge 60 -a $((a2 - a1)) = 0 ]
for s in $SESSIONS; do
    await 30 answering "$s"
    check "(b) session $s is alive after the failover (its last answer is at most 1 s old)" [ $? = 0 ]
done
snap after-kill9-new-active "$STB"

# --- (c) the standby is the active director; new connections work through it --------------------------
# ha-status as the daemon answers it on the control socket (what `ldirectord CFG ha-status` prints).
st=$RESULTS/ha-status-after-kill9.txt
hask "$STB" ha-status > "$st" 2>/dev/null
check "(c) ha-status on $STB says it is ACTIVE, holding the VIP, sync daemon MASTER [$(head -n 2 "$st" | tr '\n' ';')]" \
    bash -c "grep -q '^node $(node_of "$STB"): ACTIVE$' '$st' && grep -q '^active director: $(node_of "$STB")$' '$st' &&
        grep -q '^virtual IPs held: $VIP/24 on front$' '$st' && grep -q '^sync daemon: MASTER' '$st'"
in_ns "$STB" ipvsadm -L --daemon > "$RUNDIR/d2" 2>&1
check "(c) $STB's kernel sync daemon is master now [$(tr '\n' ';' < "$RUNDIR/d2")]" grep -q "master sync daemon (mcast=back, syncid=$SYNCID," "$RUNDIR/d2"
c1=$(conns "$STB")
out=$(client get "$SVC" 6); say "new connections: $out"
sleep 2.5
c2=$(conns "$STB")
check "(c) 6 new connections through $STB: answered, 2 per real, no error [$(field names "$out") errors=$(field errors "$out"); Conns +$((c2 - c1))]" \
    [ "$(field names "$out") $(field errors "$out") $((c2 - c1))" = "r1:2,r2:2,r3:2 0 6" ]

# --- (d) the killed director returns as standby; the new active's machine is powered off ---------------
NEW=$STB OLD=$ACT
t0=$(now)
dstart "$OLD"
hask "$OLD" ha-status "^node $(node_of "$OLD"): STANDBY$" "^active director: $(node_of "$NEW")$" '^sync daemon: BACKUP' \
    "^member $(node_of "$OLD") .* ping ok *$" -t 120 > "$RESULTS/ha-status-restarted.txt" 2>/dev/null
check "(d) $OLD is back as a confirmed standby (auto_failback off), $(node_of "$NEW") stays active" [ $? = 0 ]
measure restart_to_standby_s "$(elapsed "$t0" "$(now)")"
check "(d) $OLD removed the VIP it was left with at start" bash -c "! ip -n $OLD -o addr | grep -q ' $VIP/'"
start_sessions e4
check "(d) a fourth session runs, through $NEW only" [ $? = 0 ]
ts_e4=$(now)
await 30 kernel_lists_sessions "$OLD"
check "(d) $OLD's kernel lists all four sessions (synced from $NEW)" [ $? = 0 ]
measure e4_to_standby_kernel_s "$(elapsed "$ts_e4" "$(now)")"
snap before-poweroff-standby "$OLD"
in_ns "$OLD" ipvsadm -Lnc > "$RESULTS/ipvsadm-Lnc-$OLD-before-poweroff.txt" 2>&1
mac_old=$(mac_of "$OLD")
new_pid=$(pid_of "$NEW")
say "powering off $NEW: its links go down (front, back), then its daemon (pid $new_pid) gets SIGKILL"
t_off=$(now)
printf '%s\n' "link set front down" "link set back down" | ip -n "$NEW" -batch -
kill -9 "$new_pid"
await 60 holds_vip "$OLD"
check "(d) power-off of $NEW: the VIP moves to $OLD" [ $? = 0 ]
await 20 mon_has "$RESULTS/monitor-address-$OLD.txt" "$t_off" "] [0-9]+: front +inet $VIP/"
measure poweroff_to_vip_on_standby_s "$(mon_after "$RESULTS/monitor-address-$OLD.txt" "$t_off" "] [0-9]+: front +inet $VIP/")"
await 20 mon_has "$RESULTS/monitor-neigh-client.txt" "$t_off" "] $VIP dev eth0 lladdr $mac_old"
check "(d) the client's neighbour entry moved back to $OLD's MAC $mac_old" [ $? = 0 ]
measure poweroff_to_client_moved_s "$(mon_after "$RESULTS/monitor-neigh-client.txt" "$t_off" "] $VIP dev eth0 lladdr $mac_old")"
hask "$OLD" ha-status "^node $(node_of "$OLD"): ACTIVE$" '^sync daemon: MASTER' -t 30 > "$RESULTS/ha-status-after-poweroff.txt" 2>/dev/null
check "(d) $OLD is ACTIVE again (ha-status), its sync daemon master" [ $? = 0 ]
for s in $SESSIONS; do
    await 30 answering "$s"
    check "(d) session $s is alive after the power-off (its last answer is at most 1 s old)" [ $? = 0 ]
done
out=$(client get "$SVC" 3); say "new connections: $out"
check "(d) new connections through $OLD: one per real, no error [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:1,r2:1,r3:1 0" ]
snap after-poweroff "$OLD"

# --- the sessions' outcome, and the pauses -------------------------------------------------------------
for s in $SESSIONS; do touch "$RUNDIR/echo-$s.stop"; done
for s in $SESSIONS; do eval "wait \$pid_echo_$s"; done
save_sessions
max_kill=0 max_off=0
for s in $SESSIONS; do
    res=$(cat "$RUNDIR/echo-$s" 2>/dev/null); say "session $s: $res"
    check "session $s survived everything: no error, every line answered, in order [$(head -n 1 <<< "$res")]" \
        [ "$(field errors "$res") $(field completed "$res") $(field out_of_order "$res")" = "0 true 0" ]
    if [ "$s" != e4 ]; then
        g=$(gap_over "$RUNDIR/echo-$s" "$t_kill" "$t_off"); measure "kill9_gap_${s}_s" "$g"
        max_kill=$(awk -v a="$max_kill" -v b="$g" 'BEGIN { print (b > a ? b : a) }')
    fi
    g=$(gap_over "$RUNDIR/echo-$s" "$t_off" "$(awk -v t="$t_off" 'BEGIN { printf "%.3f", t + 30 }')"); measure "poweroff_gap_${s}_s" "$g"
    max_off=$(awk -v a="$max_off" -v b="$g" 'BEGIN { print (b > a ? b : a) }')
    measure "session_${s}_lines" "$(field received "$res")"
done
measure kill9_traffic_gap_max_s "$max_kill"
measure poweroff_traffic_gap_max_s "$max_off"
check "(b) the longest pause over the kill -9 failover is below 5 s (${max_kill} s)" \
    awk -v g="$max_kill" 'BEGIN { exit !(g > 0 && g < 5) }'
check "(d) the longest pause over the power-off failover is below 15 s (${max_off} s)" \
    awk -v g="$max_off" 'BEGIN { exit !(g > 0 && g < 15) }'
# --stop-daemon of a sync daemon that does not run fails, and the daemon ignores that on purpose.
for ns in dir1 dir2; do
    bad=$(grep ' exit [1-9]' "$RESULTS/ipvsadm-trace-$ns.log" | grep -v 'No daemon is running')
    check "no ipvsadm call of $ns's daemon failed (other than stopping a sync daemon that was not running) [$(head -n 2 <<< "$bad" | tr '\n' ';')]" [ -z "$bad" ]
done

# --- clean up: the topology as the other scenarios know it ---------------------------------------------
last_pid=$(pid_of "$OLD")
if [ -n "$last_pid" ]; then
    kill -TERM "$last_pid"
    await 60 bash -c "! kill -0 $last_pid 2>/dev/null"
fi
kill "$mon_dir1" "$mon_dir2" "$mon_client" 2>/dev/null
for ns in dir1 dir2; do
    in_ns "$ns" ipvsadm --stop-daemon master 2>/dev/null; in_ns "$ns" ipvsadm --stop-daemon backup 2>/dev/null
done
in_ns dir1 ipvsadm -C
ip -n dir1 addr del "$VIP/24" dev front 2>/dev/null
ip -n dir1 link set front up; ip -n dir1 link set back up
ip netns pids dir2 2>/dev/null | xargs -r kill -9 2>/dev/null
ip netns del dir2
ip link del v-client-b 2>/dev/null
for i in 1 2 3; do
    printf '%s\n' "rule del from $VIP lookup 102 pref 102" "route flush table 102" "addr del $VIP/32 dev lo" |
        ip -n "r$i" -batch - 2>/dev/null
done
finish
