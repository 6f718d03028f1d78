package org.ldirector.director.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Host-name resolution as ldirectord's {@code ld_gethostbyname} does it: {@code getaddrinfo(name, family)}, first
 * result. Names are resolved once, when the configuration is read ({@code read_config}). Tests inject their own resolver so that
 * no test touches DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** The address family asked for: {@code AF_INET} for {@code virtual=}/{@code real=}, {@code AF_INET6} for the 6 forms. */
    enum Family { IPV4, IPV6 }

    /** The first address of {@code family} that {@code name} (an IP literal or a host name) resolves to, if any. */
    Optional<InetAddress> resolve(String name, Family family);

    /**
     * The JVM's resolver. Like getaddrinfo with a fixed family: an IPv4 literal never yields an IPv6 address and the
     * reverse, and the empty name resolves to nothing (Java would answer localhost).
     */
    static HostResolver system() {
        return (name, family) -> {
            if (name.isEmpty()) {
                return Optional.empty();
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(name)) {
                    if ((a instanceof Inet6Address) == (family == Family.IPV6)) {
                        return Optional.of(a);
                    }
                }
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
            return Optional.empty();
        };
    }
}
