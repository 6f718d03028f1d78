#!/bin/bash
# Scenario 1 — checks drive the kernel. Our director (real ipvsadm, real kernel) with a TCP NAT
# service (quiescent=yes, a fallback), a TCP DR service (wrr, quiescent=no) and a UDP NAT service:
# the client's traffic through the VIPs follows the scheduler over the healthy reals; a real's death
# quiesces it (NAT) or deletes it (DR) and it comes back when it recovers; with every real down the
# fallback takes the traffic; a reload adds and removes services without touching the others'
# connections; stop (cleanstop) removes our services and nothing else.
. "$VM_DIR/guest/lib.sh"

NAT=10.8.0.100:80 DR=10.8.0.101:80 UDP=10.8.0.100:53 NEW=10.8.0.100:8080
R1=10.9.0.11 R2=10.9.0.12 R3=10.9.0.13 SORRY=10.9.0.20
CFG=$RUNDIR/scenario1.cf
LOG=$RESULTS/ldirectord.log

config() {  # $1 = v1 | v2 (v2: the UDP service removed, a TCP service on :8080 added)
    cat <<CF
# scenario 1 ($1)
logfile="$LOG"
checktimeout=3
checkinterval=1
failurecount=1
autoreload=no
quiescent=yes
cleanstop=yes

virtual=$NAT
	real=$R1:80 masq 1
	real=$R2:80 masq 1
	real=$R3:80 masq 1
	fallback=$SORRY:80 masq
	scheduler=rr
	protocol=tcp
	checktype=negotiate
	service=http
	request="index.html"
	receive="r[0-9]"
	quiescent=yes

virtual=$DR
	real=$R1:80 gate 1
	real=$R2:80 gate 2
	real=$R3:80 gate 1
	scheduler=wrr
	protocol=tcp
	checktype=connect
	quiescent=no
CF
    if [ "$1" = v1 ]; then cat <<CF

virtual=$UDP
	real=$R1:5353 masq
	real=$R2:5353 masq
	real=$R3:5353 masq
	scheduler=rr
	protocol=udp
	checktype=ping
CF
    else cat <<CF

virtual=$NEW
	real=$R1:80 masq
	real=$R2:80 masq
	real=$R3:80 masq
	scheduler=rr
	protocol=tcp
	checktype=connect
CF
    fi
}
all_healthy=("TCP $NAT $R1:80 1" "TCP $NAT $R2:80 1" "TCP $NAT $R3:80 1" "TCP $NAT $SORRY:80 absent"
             "TCP $DR $R1:80 1" "TCP $DR $R2:80 2" "TCP $DR $R3:80 1")
unrelated() { table | awk '/^TCP  10.8.0.200:9999/ { on = 1; print; next } /^[A-Z]/ { on = 0 } on'; }
trace_since() { tail -n +"$(( $1 + 1 ))" "$TRACE" 2>/dev/null; }
session_ok() {
    [ "$(field errors "$1") $(field completed "$1")" = "0 true" ] &&
        awk -v g="$(field max_gap_s "$1")" -v n="$(field lines "$1")" 'BEGIN { exit !(g < 3 && n > 10) }'
}
only_unrelated_left() { [ "$(table | grep -c '^[A-Z]')" = 1 ] && [ "$(unrelated)" = "$unrelated_before" ]; }
trace_lines() { wc -l < "$TRACE" 2>/dev/null || echo 0; }

# --- start -----------------------------------------------------------------------------------------
in_ns dir1 ipvsadm -C
# A service that is not ours: the director must leave it alone, at start and at stop.
in_ns dir1 ipvsadm -A -t 10.8.0.200:9999 -s wlc
in_ns dir1 ipvsadm -a -t 10.8.0.200:9999 -r $R1:9999 -m -w 3
unrelated_before=$(unrelated)
start_reals r1 r2 r3 sorry
config v1 > "$CFG"

t0=$(now)
start_director "$CFG"
check "start: ldirectord start exits 0" [ $? = 0 ] || finish
measure start_cli_s "$(elapsed "$t0" "$(now)")"
DIRECTOR_PID=$(director_pid "$CFG")
check "start: the daemon is running (pid file: ${DIRECTOR_PID:-none})" kill -0 "${DIRECTOR_PID:-0}"
WATCH_SINCE=$t0 kwatch start 300 "${all_healthy[@]}" "UDP $UDP $R1:5353 1" "UDP $UDP $R2:5353 1" "UDP $UDP $R3:5353 1"
check "start: the kernel has the three services with every real at its configured weight" [ $? = 0 ]
measure director_start_to_full_table_s "$KW_LAST"
snap started
check "start: the unrelated IPVS service is untouched" [ "$(unrelated)" = "$unrelated_before" ]
check "start: every ipvsadm call succeeded" bash -c "! grep -q ' exit [1-9]' '$TRACE'"

# --- traffic per the scheduler ---------------------------------------------------------------------
out=$(client get $NAT 6); say "NAT: $out"
check "NAT rr: 6 requests → 2 to each real, no error [$(field names "$out") errors=$(field errors "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r2:2,r3:2 0" ]
out=$(client get $DR 8); say "DR: $out"
check "DR wrr 1:2:1: 8 requests → r1 2, r2 4, r3 2, no error [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r2:4,r3:2 0" ]
out=$(client udp $UDP 6); say "UDP: $out"
check "UDP rr: 6 datagrams → 2 answers from each real [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r2:2,r3:2 0" ]

# --- one real dies ---------------------------------------------------------------------------------
t0=$(now)
stop_real r2
WATCH_SINCE=$t0 kwatch r2-dies 60 "TCP $NAT $R2:80 0" "TCP $DR $R2:80 absent"
check "r2 dies: quiescent=yes → weight 0 in the kernel (NAT); quiescent=no → deleted (DR)" [ $? = 0 ]
measure r2_death_to_nat_weight0_s "$(kw_time r2-dies "TCP $NAT")"
measure r2_death_to_dr_deleted_s "$(kw_time r2-dies "TCP $DR")"
measure r2_death_to_first_ipvsadm_change_s "$(trace_first_after "$t0" "-[de] .*10\\.9\\.0\\.12:80")"
snap r2-dead
out=$(client get $NAT 6); say "NAT: $out"
check "NAT with r2 quiesced: new connections avoid it [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:3,r3:3 0" ]
out=$(client get $DR 4); say "DR: $out"
check "DR without r2: requests go to r1 and r3 [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r3:2 0" ]

start_reals r2
t0=$(now)   # from the moment r2 answers again
WATCH_SINCE=$t0 kwatch r2-returns 60 "TCP $NAT $R2:80 1" "TCP $DR $R2:80 2"
check "r2 returns: back with its weight (NAT 1, DR 2)" [ $? = 0 ]
measure r2_back_to_kernel_s "$KW_LAST"
out=$(client get $NAT 6)
check "NAT after r2's return: 2 to each real [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r2:2,r3:2 0" ]

# --- every real down: the fallback ----------------------------------------------------------------
t0=$(now)
stop_real r1; stop_real r2; stop_real r3
WATCH_SINCE=$t0 kwatch all-down 60 "TCP $NAT $R1:80 0" "TCP $NAT $R2:80 0" "TCP $NAT $R3:80 0" \
    "TCP $NAT $SORRY:80 present" "TCP $DR $R1:80 absent" "TCP $DR $R2:80 absent" "TCP $DR $R3:80 absent"
check "all reals down: NAT reals at weight 0 and the fallback server added; DR reals deleted" [ $? = 0 ]
measure all_down_to_fallback_s "$(kw_time all-down "TCP $NAT $SORRY")"
snap all-down
out=$(client get $NAT 4); say "NAT: $out"
check "all reals down: the fallback server gets the traffic [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "sorry:4 0" ]
start_reals r1 r2 r3
t0=$(now)
WATCH_SINCE=$t0 kwatch all-back 60 "${all_healthy[@]}"
check "reals back: fallback removed, every real at its weight again" [ $? = 0 ]
measure all_back_to_kernel_s "$KW_LAST"
out=$(client get $NAT 6)
check "NAT after recovery: 2 to each real [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:2,r2:2,r3:2 0" ]

# --- reload: add and remove services; the others' connections live on -----------------------------
rm -f "$RUNDIR"/hold-*
client hold $NAT 300 "$RUNDIR/hold-nat" &
hold_nat=$!
client hold $DR 300 "$RUNDIR/hold-dr" &
hold_dr=$!
held() { in_ns dir1 ipvsadm -Lnc | awk -v v="$1" '$3 == "ESTABLISHED" && $5 == v { f = 1 } END { exit !f }'; }
await 30 held $NAT && await 30 held $DR
check "reload: a long-lived session is open through each of the NAT and DR services" [ $? = 0 ]
snap before-reload
kept_before=$(table | awk '/^TCP  10.8.0.10[01]:80 /{ on = 1; print; next } /^[A-Z]/ { on = 0 } on')
mark=$(trace_lines)
config v2 > "$CFG"
t0=$(now)
ldirectord "$CFG" reload >> "$RESULTS/cli.log" 2>&1
check "reload: ldirectord reload exits 0" [ $? = 0 ]
measure reload_cli_s "$(elapsed "$t0" "$(now)")"
WATCH_SINCE=$t0 kwatch reload 120 "TCP $NEW service present" "TCP $NEW $R1:80 1" "TCP $NEW $R2:80 1" \
    "TCP $NEW $R3:80 1" "UDP $UDP service absent"
check "reload: the :8080 service is added with its reals and the UDP service is removed" [ $? = 0 ]
measure reload_to_kernel_s "$KW_LAST"
sleep 2
snap after-reload
kept_after=$(table | awk '/^TCP  10.8.0.10[01]:80 /{ on = 1; print; next } /^[A-Z]/ { on = 0 } on')
check "reload: the NAT and DR services are unchanged in the kernel" [ "$kept_before" = "$kept_after" ]
touching=$(trace_since "$mark" | grep -E -- "-[aedDE] +-t +(10\.8\.0\.100:80|10\.8\.0\.101:80)( |$)")
printf '%s\n' "$touching" > "$RESULTS/reload-commands-on-kept-services.txt"
check "reload: no ipvsadm command touched the NAT or DR service [$(echo "$touching" | head -n 3 | tr '\n' ';')]" \
    [ -z "$touching" ]
touch "$RUNDIR/hold-nat.stop" "$RUNDIR/hold-dr.stop"
wait $hold_nat $hold_dr
for h in nat dr; do
    res=$(cat "$RUNDIR/hold-$h" 2>/dev/null); say "hold $h: $res"
    printf '%s\n' "$res" > "$RESULTS/hold-$h.txt"
    check "reload: the $h session survived (no error, completed, largest gap < 3 s) [$(head -n 1 <<< "$res")]" \
        session_ok "$res"
    measure "reload_hold_${h}_max_gap_s" "$(field max_gap_s "$res")"
done
out=$(client get $NEW 3)
check "the added :8080 service serves: one request to each real [$(field names "$out")]" \
    [ "$(field names "$out") $(field errors "$out")" = "r1:1,r2:1,r3:1 0" ]

# --- stop with cleanstop ---------------------------------------------------------------------------
t0=$(now)
ldirectord "$CFG" stop >> "$RESULTS/cli.log" 2>&1
check "stop: ldirectord stop exits 0" [ $? = 0 ]
measure stop_cli_s "$(elapsed "$t0" "$(now)")"
await 30 bash -c "! kill -0 $DIRECTOR_PID 2>/dev/null"
check "stop: the daemon has exited" [ $? = 0 ]
snap stopped
check "stop: only the unrelated service is left in the kernel, as it was [$(table | tr '\n' ';')]" \
    only_unrelated_left
check "stop: the pid file is gone" bash -c "! ls '$RUNDIR'/ldirectord.*.pid >/dev/null 2>&1"
check "no ipvsadm call failed during the scenario" bash -c "! grep -q ' exit [1-9]' '$TRACE'"
finish
