#!/bin/bash
# Scenario 3 — adoption and restart. While a client loops requests through the NAT and DR VIPs, the
# director is killed with SIGKILL and started again (its pid file is stale): the new process adopts
# the kernel's table as it is. Asserted on a trace of every ipvsadm call (guest/ipvsadm-trace): no
# real removed, added or re-weighted, no service removed or re-created; on the kernel's table
# (identical before and after); and on the client (zero errors). r3 is down throughout, so the
# adopted table holds a quiesced real (NAT, weight 0) and a deleted one (DR, quiescent=no).
. "$VM_DIR/guest/lib.sh"

NAT=10.8.0.100:80 DR=10.8.0.101:80
R1=10.9.0.11 R2=10.9.0.12 R3=10.9.0.13
CFG=$RUNDIR/scenario3.cf
LOG=$RESULTS/ldirectord.log
cat > "$CFG" <<CF
# scenario 3
logfile="$LOG"
checktimeout=3
checkinterval=1
autoreload=no
quiescent=yes

virtual=$NAT
	real=$R1:80 masq 1
	real=$R2:80 masq 1
	real=$R3:80 masq 1
	scheduler=rr
	protocol=tcp
	checktype=negotiate
	service=http
	request="index.html"
	receive="r[0-9]"

virtual=$DR
	real=$R1:80 gate 1
	real=$R2:80 gate 2
	real=$R3:80 gate 1
	scheduler=wrr
	protocol=tcp
	checktype=connect
	quiescent=no
CF
trace_lines() { wc -l < "$TRACE" 2>/dev/null || echo 0; }

in_ns dir1 ipvsadm -C
start_reals r1 r2
stop_real r3
t0=$(now)
start_director "$CFG"
check "start: ldirectord start exits 0" [ $? = 0 ] || finish
measure start_cli_s "$(elapsed "$t0" "$(now)")"
WATCH_SINCE=$t0 kwatch start 300 "TCP $NAT $R1:80 1" "TCP $NAT $R2:80 1" "TCP $NAT $R3:80 0" \
    "TCP $DR $R1:80 1" "TCP $DR $R2:80 2" "TCP $DR $R3:80 absent"
check "start: NAT r1, r2 at weight 1 and r3 (down) at 0; DR r1 1, r2 2, r3 absent" [ $? = 0 ]
measure director_start_to_full_table_s "$KW_LAST"
sleep 3   # let the start settle: the dead r3 has been checked more than once
snap before-kill
before=$(table)
old_pid=$(director_pid "$CFG")

rm -f "$RUNDIR"/loop-*
client loop $NAT 600 "$RUNDIR/loop-nat" &
loop_nat=$!
client loop $DR 600 "$RUNDIR/loop-dr" &
loop_dr=$!
sleep 4
mark=$(trace_lines)
t_kill=$(now)
kill -9 "$old_pid"
await 10 bash -c "! kill -0 $old_pid 2>/dev/null"
check "kill -9: the director (pid $old_pid) is gone, its pid file left behind" \
    test -f "$RUNDIR/ldirectord.$(basename "$CFG").pid" -o -f "$RUNDIR/ldirectord.$(basename "$CFG" .cf).pid"
sleep 2
t0=$(now)
ldirectord "$CFG" start >> "$RESULTS/cli.log" 2>&1
check "restart: ldirectord start over the stale pid file exits 0" [ $? = 0 ]
measure restart_cli_s "$(elapsed "$t0" "$(now)")"
new_pid=$(director_pid "$CFG")
check "restart: a new daemon runs (pid ${new_pid:-none}, was $old_pid)" \
    bash -c "[ -n '$new_pid' ] && [ '$new_pid' != '$old_pid' ] && kill -0 '$new_pid'"
# The new daemon has read the table once it ran ipvsadm -L -n --thresholds; then let its checks run
# for a while (r3 keeps failing) with the traffic still flowing.
await 120 bash -c "tail -n +$((mark + 1)) '$TRACE' | grep -q -- '-L -n --thresholds'"
check "restart: the new daemon read the kernel's table" [ $? = 0 ]
measure kill_to_table_read_s "$(elapsed "$t_kill" "$(now)")"
sleep 12
touch "$RUNDIR/loop-nat.stop" "$RUNDIR/loop-dr.stop"
wait $loop_nat $loop_dr
snap after-restart
after=$(table)

tail -n +$((mark + 1)) "$TRACE" > "$RESULTS/ipvsadm-trace-after-kill.log"
# Every command that changes the table, run directly or inside a -R batch.
changes=$(grep -E -- '(ipvsadm|<) +-[aedADEC]( |$)' "$RESULTS/ipvsadm-trace-after-kill.log")
printf '%s\n' "$changes" > "$RESULTS/changes-after-kill.txt"
reals=$(grep -E -- '(ipvsadm|<) +-[aed]( |$)' <<< "$changes")
check "adoption: no real was removed, added or re-weighted [$(head -n 3 <<< "$reals" | tr '\n' ';')]" [ -z "$reals" ]
services=$(grep -E -- '(ipvsadm|<) +-[ADEC]( |$)' <<< "$changes")
check "adoption: no virtual service was removed, re-created or edited [$(head -n 3 <<< "$services" | tr '\n' ';')]" \
    [ -z "$services" ]
check "adoption: the kernel's table is the same before the kill and after the restart" [ "$before" = "$after" ]
check "no ipvsadm call failed" bash -c "! grep -q ' exit [1-9]' '$TRACE'"
for l in nat dr; do
    res=$(cat "$RUNDIR/loop-$l" 2>/dev/null); say "loop $l: $res"
    printf '%s\n' "$res" > "$RESULTS/client-loop-$l.txt"
    check "client ($l): zero errors over the kill and restart [$(head -n 1 <<< "$res")]" \
        [ "$(field errors "$res")" = 0 ]
    measure "client_${l}_requests" "$(field requests "$res")"
    measure "client_${l}_errors" "$(field errors "$res")"
done

# Clean up as an operator would (SIGTERM: cleanstop), so the next scenario starts from nothing.
kill -TERM "$new_pid" 2>/dev/null
await 60 bash -c "! kill -0 $new_pid 2>/dev/null"
finish
