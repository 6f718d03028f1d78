package org.ldirector.director.ipvs;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one IPVS virtual service (what {@code ipvsadm -A/-E} sets).
 *
 * @param key         protocol + address:port or fwmark
 * @param scheduler   {@code wrr}, {@code rr}, {@code wlc}, ... (passed to {@code -s} unchecked, as ldirectord does)
 * @param persistence {@code -p} timeout in seconds, if persistent
 * @param netmask     {@code -M} persistence netmask (dotted quad or IPv6 prefix length), only meaningful with persistence
 * @param schedFlags  {@code -b} scheduler flags, e.g. {@code sh-port,sh-fallback}
 * @param onePacket   {@code -o} one-packet scheduling (UDP only)
 */
public record IpvsService(ServiceKey key, String scheduler, OptionalInt persistence, Optional<String> netmask,
                          Optional<String> schedFlags, boolean onePacket) {

    public IpvsService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(netmask, "netmask");
        Objects.requireNonNull(schedFlags, "schedFlags");
    }

    public static IpvsService of(ServiceKey key, String scheduler) {
        return new IpvsService(key, scheduler, OptionalInt.empty(), Optional.empty(), Optional.empty(), false);
    }
}
