#!/bin/sh
# Issue #13's side-by-side check bench: HAProxy's health checks and ours, on the same reals, one
# after the other, in one run (see docs/benchmarks.md, "Side by side with HAProxy").
#
#   bench/haproxy-side-by-side.sh [options] [N...]        default N: 1000 5000 10000
#
# Per N: one nginx (worker_processes 1, keepalive_timeout 0, return 200 "ok") listens on
# 0.0.0.0:PORT, so every real 127.0.x.y:PORT answers (Linux routes all of 127/8 to lo). Then
#   1. HAProxy (nbthread 1; option httpchk GET /index.html; http-check expect string ok;
#      check inter 1s fall 1 rise 1) checks the N reals;
#   2. our engine (bench's DirectorProcess: the daemon's Director with StandardMonitors, an
#      in-memory IPVS table, the launcher's JVM flags) checks them with checkinterval=1,
#      service=http, checktype=negotiate, request="index.html", receive="ok".
# For each: after the warm-up, over --measure seconds: checks/s counted by nginx (stub_status
# requests), CPU of the checker from /proc/PID/stat (µs per check), and lateness as nginx saw it
# (per real, the gap between two successive requests minus the 1 s interval, from its access log);
# for ours also the engine's own lateness histogram. Prints one table and writes it to
# bench/target/side-by-side/<timestamp>/results.md (raw figures in results.csv).
#
# Options:
#   --measure S       seconds measured per engine (default 20; the engine's own lateness is over S + 30 s)
#   --warmup S        HAProxy: seconds before measuring (default 10); ours: at least S, then until
#                     every real has been up for 10 s (DirectorProcess's rule), at most 90 s
#   --port P          the reals' port (default 8080; must be free on 127/8)
#   --engines LIST    haproxy,ldirector (default both)
#   --http-monitor M  standard (default: the real StandardMonitors) | okhttp (http on OkHttp's
#                     HttpCheck, as before issue 13) | minimal: passed to DirectorProcess
#   --tls             HTTPS instead of HTTP: nginx answers with TLS (a self-signed certificate made
#                     here with openssl), HAProxy checks with check-ssl verify none, ours with
#                     service=https (OkHttp, a fresh TLS connection per check, certificate not verified)
#   --director-opts F JVM options for our engine, split on blanks (e.g. "-Dldirector.nativeLoop=true")
#   --jfr             record our engine with JFR (settings=profile) over its measured window:
#                     n<N>/director.jfr (read it with `jfr print --events jdk.ExecutionSample` or `jfr view`)
# Environment: BENCH_BUILD=tree (default: build bench with mvn -o) | none (reuse the last build);
#              BENCH_JARS=DIR: run our engine from DIR (a copy of bench/target's jar and lib/, e.g.
#              an earlier build to compare against); JAVA_HOME as for bench/run.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

measure=20
warmup=10
port=8080
engines=haproxy,ldirector
monitor=""
jfr=""
tls=""
directoropts=""
ns=""
while [ $# -gt 0 ]; do
    case "$1" in
        --measure) measure=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --engines) engines=$2; shift 2 ;;
        --http-monitor) monitor=$2; shift 2 ;;
        --director-opts) directoropts=$2; shift 2 ;;
        --jfr) jfr=1; shift ;;
        --tls) tls=1; shift ;;
        -*) echo "haproxy-side-by-side.sh: unknown option $1" >&2; exit 2 ;;
        *) ns="$ns $1"; shift ;;
    esac
done
[ -n "$ns" ] || ns="1000 5000 10000"

missing=""
command -v haproxy >/dev/null 2>&1 || missing="$missing haproxy"
command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
if [ -n "$missing" ]; then
    echo "installing$missing"
    apt-get install -y $missing >/dev/null
fi
if ss -ltnH "( sport = :$port or sport = :$((port + 1)) or sport = :$((port + 2)) )" | grep -q .; then
    echo "haproxy-side-by-side.sh: port $port, $((port + 1)) or $((port + 2)) is in use on this machine; pick another with --port" >&2
    exit 1
fi

JAVA=""
for j in ${JAVA_HOME:+$JAVA_HOME/bin/java} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then JAVA=$j; break; fi
done
[ -n "$JAVA" ] || { echo "no Java >= 21 (set JAVA_HOME)" >&2; exit 1; }
if [ "${BENCH_BUILD:-tree}" = tree ]; then
    (cd "$root" && mvn -B -q -o -pl bench -am package -DskipTests)
fi
jars=${BENCH_JARS:-$here/target}
jar=$(ls "$jars"/ldirector-bench-*.jar | head -n 1)
commit="$(git -C "$root" rev-parse --short HEAD)"
[ -z "$(git -C "$root" status --porcelain -- director monitors pom.xml)" ] || commit="$commit+uncommitted"
[ -z "${BENCH_JARS:-}" ] || commit="jars from $BENCH_JARS ($(cat "$BENCH_JARS/COMMIT" 2>/dev/null || echo unknown))"

out=$here/target/side-by-side/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# Real i (0-based) is 127.0.(1 + i/250).(1 + i%250):PORT, as Layout with --ports-per-address 1.
reals() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "127.0.%d.%d\n", 1 + int(i / 250), 1 + i % 250 }'; }

busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
ticks() { awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat" 2>/dev/null || echo -1; }
served() { curl -s "http://127.0.0.1:$((port + 1))/status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+ *$/ { print $3 }'; }

start_nginx() { # $1 dir
    listen="listen 0.0.0.0:$port reuseport backlog=4096;"
    if [ -n "$tls" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=bench.invalid -days 2 \
            -keyout "$1/real.key" -out "$1/real.crt" > "$1/openssl.out" 2>&1
        listen="listen 0.0.0.0:$port ssl reuseport backlog=4096; ssl_certificate $1/real.crt; ssl_certificate_key $1/real.key;"
    fi
    cat > "$1/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $1/nginx.pid;
error_log $1/nginx-error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    log_format gap '\$server_addr \$msec';
    keepalive_timeout 0;
    client_body_temp_path $1/tmp;
    proxy_temp_path $1/tmp;
    fastcgi_temp_path $1/tmp;
    uwsgi_temp_path $1/tmp;
    scgi_temp_path $1/tmp;
    server {
        $listen
        access_log $1/access.log gap buffer=256k flush=1s;
        location / { default_type text/plain; return 200 "ok"; }
    }
    server {
        listen 127.0.0.1:$((port + 1));
        location /status { stub_status; }
    }
}
EOF
    mkdir -p "$1/tmp"
    nginx -c "$1/nginx.conf" -p "$1" > "$1/nginx.out" 2>&1 &
    nginx_pid=$!
    pids="$pids $nginx_pid"
    for _ in $(seq 50); do served >/dev/null 2>&1 && [ -n "$(served)" ] && return 0; sleep 0.1; done
    echo "nginx did not start; see $1" >&2
    exit 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# measure DIR ENGINE PID N: samples over $measure s; appends a line to $out/results.csv
measure_window() {
    d=$1; engine=$2; pid=$3; n=$4; extra=${5:-}
    : > "$d/access.log"  # nginx reopens nothing: truncating keeps its offset sane with O_APPEND
    c0=$(served); t0=$(ticks "$pid"); set -- $(busy); b0=$1; a0=$2; s0=$(date +%s.%N); l0=$(cut -d' ' -f1 /proc/loadavg)
    sleep "$measure"
    c1=$(served); t1=$(ticks "$pid"); set -- $(busy); b1=$1; a1=$2; s1=$(date +%s.%N); l1=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$t1" -lt 0 ]; then
        extra="exited before the window ended; $extra"
        t1=$t0
    fi
    sleep 1.2 # the access log's flush
    gaps=$(awk -v from="$s0" -v to="$s1" '$2 >= from + 1.5 && $2 <= to { if ($1 in last) print 1000 * ($2 - last[$1] - 1); last[$1] = $2 }' \
        "$d/access.log" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- -"; exit }
            p50 = v[int(NR * 0.50) + 1]; p99 = v[int(NR * 0.99) + 1 > NR ? NR : int(NR * 0.99) + 1]; printf "%.0f %.0f\n", p50, p99 }')
    awk -v e="$engine" -v n="$n" -v c="$((c1 - c0 - 1))" -v t="$((t1 - t0))" -v s0="$s0" -v s1="$s1" \
        -v b="$((b1 - b0))" -v a="$((a1 - a0))" -v gaps="$gaps" -v l0="$l0" -v l1="$l1" -v extra="$extra" 'BEGIN {
        secs = s1 - s0; split(gaps, g, " ")
        printf "%s,%d,%.0f,%.1f,%.1f,%s,%s,%.0f,%s,%s,%s\n", e, n, c / secs, 100 * t / 100 / secs,
            (c > 0 ? 1e6 * (t / 100) / c : 0), g[1], g[2], 200 * b / (a > 0 ? a : 1), l0, l1, extra }' >> "$out/results.csv"
    tail -n 1 "$out/results.csv"
}

run_haproxy() { # $1 dir $2 n
    d=$1; n=$2
    {
        cat <<EOF
global
    nbthread 1
    maxconn 1000
    log stdout format raw local0 emerg
defaults
    mode http
    timeout connect 1s
    timeout check 1s
    timeout client 1s
    timeout server 1s
frontend never_used
    bind 127.0.0.1:$((port + 2))
    default_backend reals
backend reals
    balance roundrobin
    option httpchk GET /index.html
    http-check expect string ok
EOF
        reals "$n" | awk -v p="$port" -v ssl="${tls:+ check-ssl verify none}" '{ printf "    server r%d %s:%d check inter 1s fall 1 rise 1%s\n", NR, $1, p, ssl }'
    } > "$d/haproxy.cfg"
    haproxy -f "$d/haproxy.cfg" -db > "$d/haproxy.out" 2>&1 &
    hp=$!
    pids="$pids $hp"
    sleep "$warmup"
    kill -0 "$hp" 2>/dev/null || { echo "haproxy died; see $d/haproxy.out" >&2; exit 1; }
    measure_window "$d" haproxy "$hp" "$n"
    stop "$hp"
}

run_ldirector() { # $1 dir $2 n
    d=$1; n=$2
    {
        echo "checkinterval=1"; echo "checktimeout=1"; echo "negotiatetimeout=1"
        echo "autoreload=no"; echo "quiescent=no"; echo "logfile=\"$d/ldirectord.log\""
        reals "$n" | awk -v p="$port" -v svc="${tls:+https}" '
            (NR - 1) % 100 == 0 { v = int((NR - 1) / 100); if (NR > 1) tail()
                                  printf "virtual=127.254.%d.%d:80\n", int(v / 250), 1 + v % 250 }
            { printf "\treal=%s:%d masq\n", $1, p }
            END { tail() }
            function tail() { printf "\tservice=%s\n\tchecktype=negotiate\n\trequest=\"index.html\"\n\treceive=\"ok\"\n\tscheduler=wrr\n\tprotocol=tcp\n\n", (svc == "" ? "http" : svc) }'
    } > "$d/ldirectord.cf"
    heap=$((80 + n / 80)) # the launcher's rule (packaging bin/ldirectord)
    # Its standard input must stay open (it halts when that closes): a sleep holds a fifo open.
    rm -f "$d/stdin"; mkfifo "$d/stdin"
    sleep 100000 > "$d/stdin" &
    sp=$!
    pids="$pids $sp"
    # shellcheck disable=SC2086 # --director-opts is a list of options
    "$JAVA" -XX:+UseSerialGC "-Xmx${heap}m" -Djava.net.preferIPv4Stack=false $directoropts -cp "$jar:$jars/lib/*" \
        org.ldirector.bench.DirectorProcess --n "$n" --hang-every 0 --first-port "$port" --ports-per-address 1 \
        --config "$d/ldirectord.cf" --log "$d/ldirectord.log" --warmup "$warmup" --max-warmup 90 \
        --measure "$((measure + 30))" ${monitor:+--http-monitor "$monitor"} ${jfr:+--jfr-file "$d/director.jfr"} < "$d/stdin" > "$d/director.out" 2> "$d/director.err" &
    jp=$!
    pids="$pids $jp"
    for _ in $(seq 1200); do
        grep -q '^MEASURE_START' "$d/director.out" 2>/dev/null && break
        kill -0 "$jp" 2>/dev/null || { echo "director died; see $d" >&2; exit 1; }
        sleep 0.1
    done
    measure_window "$d" ldirector "$jp" "$n" PLACEHOLDER
    for _ in $(seq 600); do grep -q '^RESULT' "$d/director.out" && break; sleep 0.1; done
    late=$(sed -n 's/^RESULT.* late_p99_ms=\([^ ]*\).*/\1/p' "$d/director.out")
    falsedown=$(sed -n 's/^RESULT.* false_down=\([^ ]*\).*/\1/p' "$d/director.out")
    wrong=$(sed -n 's/^RESULT.* table_wrong_down=\([^ ]*\).*/\1/p' "$d/director.out")
    sed -i "\$s/PLACEHOLDER\$/engine p99 ${late:-?} ms; false DOWNs ${falsedown:-?}; table wrong ${wrong:-?}/" "$out/results.csv"
    stop "$jp"
    stop "$sp"
}

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) cores, $(uname -r)"
    echo "haproxy: $(haproxy -v | head -n 1)"
    echo "nginx: $(nginx -v 2>&1)"
    echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
    echo "uptime at start: $(uptime)"
    [ -z "$tls" ] || echo "mode: HTTPS (--tls)"
    [ -z "$directoropts" ] || echo "our engine's extra JVM options: $directoropts"
} > "$out/env.txt"
cat "$out/env.txt"
echo "engine,n,checks_per_s,cpu_pct,cpu_us_per_check,gap_p50_ms,gap_p99_ms,machine_busy_pct,load1_start,load1_end,notes" > "$out/results.csv"
for n in $ns; do
    d=$out/n$n
    mkdir -p "$d"
    start_nginx "$d"
    case ",$engines," in *,haproxy,*) run_haproxy "$d" "$n" ;; esac
    case ",$engines," in *,ldirector,*) run_ldirector "$d" "$n" ;; esac
    stop "$nginx_pid"
done

awk -F, 'NR > 1 { key = $2; row[$1, key] = $0; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
    END {
        print "| N | engine | checks/s (asked) | CPU % of a core | µs CPU/check | ratio to HAProxy | lateness p50 / p99 (nginx gap) | machine busy (of 200 %) | load 1 min | notes |"
        print "|---:|---|---:|---:|---:|---:|---|---:|---|---|"
        for (i = 1; i <= k; i++) {
            n = order[i]; delete h; if (("haproxy", n) in row) split(row["haproxy", n], h, ",")
            for (e = 1; e <= 2; e++) {
                name = e == 1 ? "haproxy" : "ldirector"
                if (!((name, n) in row)) continue
                split(row[name, n], r, ",")
                ratio = (5 in h && h[5] > 0) ? sprintf("%.1f", r[5] / h[5]) : "-"
                printf "| %d | %s | %s (%d) | %s | %s | %s | %s / %s ms | %s | %s → %s | %s |\n", n, name, r[3], n, r[4], r[5], ratio, r[6], r[7], r[8], r[9], r[10], r[11]
            }
        }
    }' "$out/results.csv" > "$out/results.md"
echo
cat "$out/env.txt" "$out/results.md"
echo "results: $out"
