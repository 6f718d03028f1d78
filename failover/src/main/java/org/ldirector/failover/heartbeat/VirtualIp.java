package org.ldirector.failover.heartbeat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A virtual IP ({@code IPaddr}, {@code IPaddr2}, {@code IPv6addr} or a bare address in haresources):
 * {@code ip[/prefix[/dev[/broadcast]]]}. A missing prefix or device is found from the interface whose subnet holds
 * the address, as Heartbeat's IPaddr does ({@code ResourceActions.locate}).
 */
public record VirtualIp(InetAddress address, OptionalInt prefix, Optional<String> device,
        Optional<InetAddress> broadcast, String spec) implements Resource {

    /** An address with a known prefix and device. */
    public static VirtualIp of(InetAddress address, int prefix, String device) {
        return new VirtualIp(address, OptionalInt.of(prefix), Optional.of(device), Optional.empty(),
                address.getHostAddress() + "/" + prefix + "/" + device);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** Prefix and device are both known: the address can be added as it is. */
    public boolean isComplete() {
        return prefix.isPresent() && device.isPresent();
    }

    /** This address with the prefix and device filled in. */
    public VirtualIp located(int prefixLength, String dev) {
        return new VirtualIp(address, OptionalInt.of(prefix.orElse(prefixLength)), Optional.of(device.orElse(dev)),
                broadcast, spec);
    }

    /** {@code 10.0.0.100/24 on eth0}, for log lines. */
    public String describe() {
        return Addresses.text(address) + (prefix.isPresent() ? "/" + prefix.getAsInt() : "")
                + device.map(d -> " on " + d).orElse("");
    }
}
