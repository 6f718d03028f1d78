#!/bin/sh
# Runs every test of ldirector: installs the Debian packages the tests start as real peers
# (when run as root and something is missing), then `mvn -B verify` over all modules, fuzzing briefly.
set -eu
cd "$(dirname "$0")"

# Real peers and tools the tests use: MariaDB and PostgreSQL (SQL checks), perl (external-perl),
# python3 (the stand-in ipvsadm), iproute2/util-linux/procps (network namespaces, unshare, setpriv,
# process checks), bsdutils (logger, for syslog), iputils-arping/iputils-ping/ndisc6 (VIP takeover:
# gratuitous ARP, ping nodes, duplicate-address probes), ipvsadm/logrotate/systemd/man-db (the
# packaging tests: .deb dependencies, rotation under load, systemd-analyze/systemd-notify, man -l, lintian).
PACKAGES="chromium chromium-driver prometheus apache2-utils mariadb-server postgresql perl python3 iproute2 util-linux procps bsdutils iputils-arping iputils-ping ndisc6
 ipvsadm logrotate systemd man-db lintian"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "run-tests: installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # Only the packages; do not start the distribution's own database service.
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        apt-get install -y -qq --no-install-recommends $missing
        rm -f /usr/sbin/policy-rc.d
    else
        echo "run-tests: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
        exit 1
    fi
fi

# -Pfuzz-brief: after each module's plain tests (which replay every fuzz corpus), every Jazzer target fuzzes
# for a few seconds (docs/benchmarks.md, "Fuzzing"); -Dfuzz.brief.seconds=N changes how long.
exec mvn -B verify -Pfuzz-brief "$@"
