#!/bin/bash
# Builds a dynamic class-data-sharing archive of the director on the host:
#   train-cds.sh JAVA_HOME LDIRECTOR_DIR ARCHIVE
# A short foreground dry run (checks against a local HTTP server, then SIGTERM) loads the classes a
# guest's director loads at start, cluster mode included (failover = ha.cf: JGroups, the key
# derivation, the election, the sync daemon and ha-status/connections on the control socket). The
# dry run changes nothing on the host: ipvsadm and the sync daemon are stand-ins, the cluster has no
# virtual IP resource and talks over 127.0.0.1.
set -euo pipefail
JAVA_HOME=$1 LDIR=$2 JSA=$3
export JAVA_HOME
tmp=$(mktemp -d)
trap 'kill $srv 2>/dev/null || true; rm -rf "$tmp"' EXIT
port=$((20000 + RANDOM % 20000))
(cd "$tmp" && echo ok > index.html && exec python3 -m http.server -b 127.0.0.1 $port) >/dev/null 2>&1 &
srv=$!
cat > "$tmp/ha.cf" <<CF
keepalive 500ms
deadtime 3
initdead 1
udpport $((port + 1))
ucast lo 127.0.0.1
node train
CF
echo "train LVSSyncDaemonSwap::master::lo::1 ldirectord::train.cf" > "$tmp/haresources"
(umask 077 && printf 'auth 1\n1 sha1 training\n' > "$tmp/authkeys")
cat > "$tmp/train.cf" <<CF
failover = $tmp/ha.cf
checktimeout=2
checkinterval=1
quiescent=yes
virtual=10.77.0.1:80
	real=127.0.0.1:$port masq
	fallback=127.0.0.2:80 masq
	scheduler=wrr
	checktype=negotiate
	service=http
	request="index.html"
	receive="ok"
virtual=10.77.0.1:81
	real=127.0.0.1:$port gate
	checktype=connect
	scheduler=rr
virtual=10.77.0.1:53
	protocol=udp
	real=127.0.0.1:53 masq
	checktype=ping
	scheduler=rr
CF
export JAVA_OPTS="-XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=$JSA"
"$LDIR/bin/ldirectord" -d --dry-run --node train --rundir "$tmp" "$tmp/train.cf" start > "$tmp/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
    grep -q 'Added real server' "$tmp/run.log" 2>/dev/null && grep -q 'now ACTIVE' "$tmp/run.log" && break
    sleep 0.5
done
sleep 3
# What the guest asks the running daemon on its control socket.
for q in ha-status connections ha-status connections; do
    python3 "$(dirname "$0")/../guest/hactl.py" "$tmp/ldirectord.train.cf.sock" "$q" || true
    sleep 0.5
done
# The launcher execs java, so $pid is the JVM: SIGTERM runs the exit path that writes the archive.
kill -TERM $pid
wait $pid || true
cat "$tmp/run.log"
test -s "$JSA"
