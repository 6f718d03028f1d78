#!/bin/bash
# Watches the kernel's IPVS table (of the namespace it runs in) until every condition holds:
#   kernel-watch.sh SINCE LIMIT_SECONDS CONDITION...
# A condition is "PROT VIP REAL EXPECTED" on the lines of ipvsadm -Ln, e.g.
#   "TCP 10.8.0.100:80 10.9.0.12:80 0"        the real is there with weight 0
#   "TCP 10.8.0.101:80 10.9.0.12:80 absent"   the real is not in that service
#   "TCP 10.8.0.100:80 10.9.0.20:80 present"  there with any weight
#   "UDP 10.8.0.100:53 service absent"        the service is gone ("service present": it is there)
# Prints "met <seconds since SINCE> <condition>" when each first holds (one ipvsadm -Ln per round,
# i.e. the resolution is one ipvsadm call, ~0.1-0.3 s under TCG), "unmet <condition>" for those
# that never did. Exit 0 when all held.
since=$1 limit=$2
shift 2
conds=("$@")
declare -A met
end=$(awk -v s="$(date +%s.%N)" -v l="$limit" 'BEGIN { printf "%.3f", s + l }')
holds() {
    local c=$1 p v r want got
    read -r p v r want <<< "$c"
    if [ "$r" = service ]; then
        grep -q "^$p $v service$" <<< "$state" && got=present || got=absent
    else
        got=$(awk -v k="$p $v $r" 'substr($0, 1, length(k) + 1) == k " " { print $4; exit }' <<< "$state")
        got=${got:-absent}
        [ "$want" = present ] && [ "$got" != absent ] && got=present
    fi
    [ "$got" = "$want" ]
}
while :; do
    state=$(ipvsadm -Ln 2>/dev/null | awk 'NR > 3 && $1 != "->" { svc = $1 " " $2; print svc " service" }
                                           $1 == "->" { print svc " " $2 " " $4 }')
    t=$(date +%s.%N)
    all=yes
    for c in "${conds[@]}"; do
        [ -n "${met[$c]:-}" ] && continue
        if holds "$c"; then
            met[$c]=1
            echo "met $(awk -v a="$since" -v b="$t" 'BEGIN { printf "%.2f", b - a }') $c"
        else
            all=no
        fi
    done
    [ $all = yes ] && exit 0
    if awk -v t="$t" -v e="$end" 'BEGIN { exit !(t > e) }'; then
        for c in "${conds[@]}"; do [ -n "${met[$c]:-}" ] || echo "unmet $c (now: $(grep "^${c% *} " <<< "$state" | head -n 1))"; done
        exit 1
    fi
    sleep 0.05
done
