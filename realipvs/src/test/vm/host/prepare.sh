#!/bin/bash
# Prepares everything a real-IPVS guest needs, idempotently:
#   1. the host tools (Debian packages; installed when run as root, otherwise a clear error),
#   2. Debian's kernel with its IPVS modules (apt-get download + dpkg-deb -x into a cache, never
#      installed on the host),
#   3. a busybox-static initramfs holding the module closure the guest loads,
#   4. a class-data-sharing archive of the director, built on the host (JVM start-up under TCG).
# Prints the paths as shell assignments on stdout (KERNEL=…, INITRD=…, JSA=…) for boot.sh.
#
# Environment: LDIRECTOR_VM_CACHE (default /var/cache/ldirector-vm if writable, else
# realipvs/target/vm-cache), LDIRECTOR_VM_KERNEL_PKG (e.g. linux-image-6.1.0-56-amd64; default: the
# package Debian's linux-image-amd64 depends on), LDIRECTOR_VM_INSTALL=no (never apt-get install).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vm=$(dirname "$here")                           # realipvs/src/test/vm
module=$(cd "$vm/../../.." && pwd)              # realipvs
repo=$(dirname "$module")
work=$module/target/vm
mkdir -p "$work"

log() { echo "prepare: $*" >&2; }
die() { echo "prepare: ERROR: $*" >&2; exit 2; }

# --- 1. host tools --------------------------------------------------------------------------------
# command → Debian package. busybox must be the static one: it runs as the guest's /init.
declare -A tools=(
    [qemu-system-x86_64]=qemu-system-x86
    [ipvsadm]=ipvsadm
    [python3]=python3
    [ip]=iproute2
    [arping]=iputils-arping
    [apt-get]=apt
    [dpkg-deb]=dpkg
    [gzip]=gzip
)
missing=()
for cmd in "${!tools[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${tools[$cmd]}")
done
if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed"; then
    missing+=(busybox-static)
fi
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && [ "${LDIRECTOR_VM_INSTALL:-yes}" != no ]; then
        log "installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
            || die "apt-get install ${missing[*]} failed"
    else
        die "missing Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
    fi
fi
# busybox-static conflicts with busybox, so once it is installed /bin/busybox is the static one.
BUSYBOX=/bin/busybox

JAVA_HOME=${LDIRECTOR_VM_JAVA_HOME:-}
if [ -z "$JAVA_HOME" ]; then
    for j in /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* /usr/lib/jvm/*; do
        [ -x "$j/bin/java" ] || continue
        v=$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
        if [ -n "$v" ] && [ "${v#1.}" -ge 21 ] 2>/dev/null; then JAVA_HOME=$j; break; fi
    done
fi
[ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] || die "no JDK >= 21 under /usr/lib/jvm (set LDIRECTOR_VM_JAVA_HOME)"
JAVA_SPEC=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')

DIST=$repo/packaging/target/ldirector
[ -x "$DIST/bin/ldirectord" ] && ls "$DIST"/lib/ldirector-director-*.jar >/dev/null 2>&1 \
    || die "$DIST is missing or incomplete: build the project first (mvn -B install -DskipTests, or run the real-ipvs profile from the root)"
# The guest runs a private copy of the distribution: a build running meanwhile in the work tree
# (packaging empties and refills lib/) must not pull the jars from under a guest's JVM.
LDIR=$work/ldirector
dist_stamp=$( (cd "$DIST" && find . -type f -printf '%p %s %T@\n' | sort) | md5sum | cut -c1-12)
if [ "$(cat "$LDIR.stamp" 2>/dev/null)" != "$dist_stamp" ]; then
    rm -rf "$LDIR.tmp" "$LDIR"
    cp -a "$DIST" "$LDIR.tmp" && mv "$LDIR.tmp" "$LDIR" && echo "$dist_stamp" > "$LDIR.stamp" \
        || die "cannot copy $DIST to $LDIR"
fi

# --- 2. the kernel --------------------------------------------------------------------------------
cache=${LDIRECTOR_VM_CACHE:-}
if [ -z "$cache" ]; then
    if mkdir -p /var/cache/ldirector-vm 2>/dev/null && [ -w /var/cache/ldirector-vm ]; then
        cache=/var/cache/ldirector-vm
    else
        cache=$module/target/vm-cache
    fi
fi
mkdir -p "$cache"

resolve_kernel_pkg() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
pkg=${LDIRECTOR_VM_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
    pkg=$(resolve_kernel_pkg)
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >&2 || true
        pkg=$(resolve_kernel_pkg)
    fi
    if [ -z "$pkg" ]; then
        # Offline: fall back to the newest kernel already unpacked in the cache.
        pkg=$(ls -d "$cache"/linux-image-*/ 2>/dev/null | sort -V | tail -n 1 | xargs -r basename)
    fi
    [ -n "$pkg" ] || die "cannot tell which kernel package linux-image-amd64 depends on (run apt-get update) and none is cached in $cache"
fi
kdir=$cache/$pkg
kver=${pkg#linux-image-}
if [ ! -f "$kdir/.complete" ]; then
    log "fetching $pkg into $kdir"
    rm -rf "$kdir" && mkdir -p "$kdir/deb"
    (cd "$kdir/deb" && apt-get download "$pkg" >&2 2>"$kdir/apt-download.log") \
        || die "apt-get download $pkg failed: $(tail -n 3 "$kdir/apt-download.log")"
    dpkg-deb -x "$kdir"/deb/*.deb "$kdir/root" || die "dpkg-deb -x failed"
    rm -rf "$kdir/deb"
    [ -f "$kdir/root/boot/vmlinuz-$kver" ] || die "$pkg has no /boot/vmlinuz-$kver"
    # The package's postinst would run depmod; busybox's depmod writes the modules.dep modprobe reads.
    "$BUSYBOX" depmod -b "$kdir/root" "$kver" || die "busybox depmod failed"
    touch "$kdir/.complete"
fi
KERNEL=$kdir/root/boot/vmlinuz-$kver
moddir=$kdir/root/lib/modules/$kver
[ -d "$moddir/kernel/net/netfilter/ipvs" ] || die "$pkg has no IPVS modules in $moddir"

# --- 3. the initramfs -----------------------------------------------------------------------------
# Modules the guest loads, in this order (modprobe pulls each one's dependencies from modules.dep).
# libcrc32c (needed by nf_conntrack) wants a crc32c implementation, which it requests at run time.
modules=(virtio_pci 9pnet_virtio 9p veth bridge crc32c_generic ip_vs ip_vs_rr ip_vs_wrr ip_vs_wlc ip_vs_lc ip_vs_sh)
INITRD=$work/initramfs-$kver.cpio.gz
stamp=$(cat "$vm/guest/init" "$0" | md5sum | cut -c1-12)
if [ ! -f "$INITRD" ] || [ "$(cat "$INITRD.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "building $INITRD"
    ird=$work/initramfs
    rm -rf "$ird" && mkdir -p "$ird"/{bin,sbin,dev,proc,sys,newroot,lib/modules/"$kver"}
    cp "$BUSYBOX" "$ird/bin/busybox"
    for applet in sh mount umount mkdir modprobe insmod cat echo sleep sync chroot ls ln dmesg poweroff; do
        ln -s busybox "$ird/bin/$applet"
    done
    # Copy the closure of the modules above, keeping modules.dep's relative paths.
    want=()
    for m in "${modules[@]}"; do
        line=$(grep -E "(^|/)${m}\.ko(\.xz)?:" "$moddir/modules.dep") || die "module $m not in $pkg"
        for f in ${line/:/}; do want+=("$f"); done
    done
    printf '%s\n' "${want[@]}" | sort -u | while read -r f; do
        mkdir -p "$ird/lib/modules/$kver/$(dirname "$f")"
        cp "$moddir/$f" "$ird/lib/modules/$kver/$f"
    done
    "$BUSYBOX" depmod -b "$ird" "$kver"
    printf '%s\n' "${modules[@]}" > "$ird/modules.load"
    cp "$vm/guest/init" "$ird/init" && chmod 755 "$ird/init"
    (cd "$ird" && find . -mindepth 1 | "$BUSYBOX" cpio -o -H newc 2>/dev/null | gzip -1) > "$INITRD.tmp"
    mv "$INITRD.tmp" "$INITRD" && echo "$stamp" > "$INITRD.stamp"
fi

# --- 4. a CDS archive of the director -------------------------------------------------------------
# JVM start-up dominates under TCG; an archive of the classes a short dry run loads, made here on
# the host (it stays valid as long as the jars do: the guest sees the same files over 9p).
JSA=$work/ldirector.jsa
jars_stamp=$( (ls -l --time-style=+%s "$LDIR"/lib/*.jar; echo "$JAVA_HOME"; cat "$here/train-cds.sh") | md5sum | cut -c1-12)
if [ ! -f "$JSA" ] || [ "$(cat "$JSA.stamp" 2>/dev/null)" != "$jars_stamp" ]; then
    log "building the director's CDS archive $JSA"
    rm -f "$JSA"
    "$here/train-cds.sh" "$JAVA_HOME" "$LDIR" "$JSA" >"$work/train-cds.log" 2>&1 \
        || { log "CDS training failed (see $work/train-cds.log); guests run without the archive"; rm -f "$JSA"; }
    [ -f "$JSA" ] && echo "$jars_stamp" > "$JSA.stamp"
fi

cat <<OUT
KERNEL=$KERNEL
INITRD=$INITRD
KVER=$kver
JAVA_HOME=$JAVA_HOME
JAVA_SPEC=$JAVA_SPEC
LDIR=$LDIR
JSA=$( [ -f "$JSA" ] && echo "$JSA" )
OUT
