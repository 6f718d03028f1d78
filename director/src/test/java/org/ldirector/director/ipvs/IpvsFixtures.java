package org.ldirector.director.ipvs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Short ways to write services, reals and commands in tests. */
final class IpvsFixtures {

    private IpvsFixtures() {
    }

    static ServiceKey tcp(String endpoint) {
        return new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse(endpoint));
    }

    static ServiceKey udp(String endpoint) {
        return new ServiceKey.Address(ServiceKey.Protocol.UDP, Endpoint.parse(endpoint));
    }

    static ServiceKey fwmark(int mark) {
        return new ServiceKey.Fwmark(mark, false);
    }

    static ServiceKey fwmark6(int mark) {
        return new ServiceKey.Fwmark(mark, true);
    }

    static IpvsService service(ServiceKey key, String scheduler) {
        return IpvsService.of(key, scheduler);
    }

    static IpvsService persistent(ServiceKey key, String scheduler, int timeout, String netmask) {
        return new IpvsService(key, scheduler, OptionalInt.of(timeout), Optional.ofNullable(netmask),
                Optional.empty(), false);
    }

    static IpvsDestination real(String endpoint, Forwarding forwarding, int weight) {
        return new IpvsDestination(Endpoint.parse(endpoint), forwarding, weight, 0, 0);
    }

    static IpvsDestination real(String endpoint, Forwarding forwarding, int weight, int upper, int lower) {
        return new IpvsDestination(Endpoint.parse(endpoint), forwarding, weight, upper, lower);
    }

    static IpvsCommand addService(IpvsService s) {
        return new IpvsCommand.AddService(s);
    }

    static IpvsCommand addReal(ServiceKey key, IpvsDestination d) {
        return new IpvsCommand.AddDestination(key, d);
    }

    static IpvsTable tableOf(List<IpvsCommand> commands) throws IpvsException {
        IpvsTable t = IpvsTable.EMPTY;
        for (IpvsCommand c : commands) {
            t = t.apply(c);
        }
        return t;
    }

    /** testing/fake-ipvsadm/ipvsadm, found from the working directory upwards. */
    static Path fakeIpvsadm() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("testing/fake-ipvsadm/ipvsadm");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testing/fake-ipvsadm/ipvsadm not found above " + dir);
    }
}
