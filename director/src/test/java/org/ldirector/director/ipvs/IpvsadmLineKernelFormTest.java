package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** {@link IpvsadmLine#kernelForm} gives exactly what {@code parse(command.ipvsadmArgs())} gives, errors included. */
class IpvsadmLineKernelFormTest {

    private static final ServiceKey V4 = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("10.0.0.1:80"));
    private static final ServiceKey V6 = new ServiceKey.Address(ServiceKey.Protocol.UDP, Endpoint.parse("[2001:db8::1]:53"));
    private static final ServiceKey PORTLESS = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("10.0.0.1:0"));
    private static final ServiceKey MARK6 = new ServiceKey.Fwmark(-2, true);

    private static IpvsService svc(ServiceKey k, String sched, OptionalInt p, String mask, String flags, boolean ops) {
        return new IpvsService(k, sched, p, Optional.ofNullable(mask), Optional.ofNullable(flags), ops);
    }

    private static IpvsDestination real(String ep, Forwarding f, int w, int x, int y) {
        return new IpvsDestination(Endpoint.parse(ep), f, w, x, y);
    }

    private static final List<IpvsCommand> COMMANDS = List.of(
            new IpvsCommand.AddService(IpvsService.of(V4, "wlc")),
            new IpvsCommand.AddService(svc(V4, "sh", OptionalInt.of(300), "255.255.255.0", "sh-port,sh-fallback", false)),
            new IpvsCommand.AddService(svc(V4, "wrr", OptionalInt.of(60), "255.255.255.255", null, false)),
            new IpvsCommand.AddService(svc(V4, "rr", OptionalInt.empty(), "255.255.0.0", null, false)),
            new IpvsCommand.EditService(svc(V6, "rr", OptionalInt.of(10), "64", "flag-1", true)),
            new IpvsCommand.EditService(svc(V6, "averyveryverylongschedulername", OptionalInt.empty(), null, null, false)),
            new IpvsCommand.AddService(svc(MARK6, "lc", OptionalInt.of(5), "128", null, false)),
            new IpvsCommand.AddService(svc(PORTLESS, "rr", OptionalInt.of(1), null, null, false)),
            new IpvsCommand.DeleteService(MARK6),
            new IpvsCommand.AddDestination(V4, real("10.0.0.2:8080", Forwarding.GATE, 1, 0, 0)),
            new IpvsCommand.AddDestination(V4, real("10.0.0.2:8080", Forwarding.MASQ, 0, 0, 0)),
            new IpvsCommand.AddDestination(V4, real("10.0.0.2:0", Forwarding.IPIP, 0, 10, 2)),
            new IpvsCommand.EditDestination(V4, real("10.0.0.2:80", null, 65535, 0, 0)),
            new IpvsCommand.EditDestination(V4, real("10.0.0.2:80", null, 70000, 0, 0)),
            new IpvsCommand.EditDestination(V4, real("10.0.0.2:80", null, Integer.MAX_VALUE, 0, 0)),
            new IpvsCommand.EditDestination(MARK6, real("[2001:db8::2]:0", Forwarding.GATE, 3, 100, 10)),
            new IpvsCommand.AddDestination(V6, real("10.0.0.9:53", Forwarding.IPIP, 1, 0, 0)),
            new IpvsCommand.DeleteDestination(V4, Endpoint.parse("10.0.0.2:0")),
            // refused by ipvsadm: kernelForm must fail with parse's message
            new IpvsCommand.AddService(IpvsService.of(PORTLESS, "rr")),
            new IpvsCommand.AddService(svc(V4, "rr", OptionalInt.empty(), null, null, true)),
            new IpvsCommand.AddService(svc(V4, "rr", OptionalInt.of(86400 * 31 + 1), null, null, false)),
            new IpvsCommand.AddService(svc(V4, "rr", OptionalInt.of(5), "300.0.0.0", null, false)),
            new IpvsCommand.AddService(svc(V6, "rr", OptionalInt.of(5), "129", null, false)),
            new IpvsCommand.AddService(svc(V4, "rr", OptionalInt.empty(), null, "sh-port", false)),
            new IpvsCommand.AddService(svc(V4, "two words", OptionalInt.empty(), null, null, false)),
            new IpvsCommand.AddService(svc(V4, "wlc\n-D", OptionalInt.empty(), null, null, false)),
            new IpvsCommand.AddDestination(V4, real("10.0.0.2:80", Forwarding.GATE, 1, -1, 0)),
            new IpvsCommand.AddDestination(V4, real("[2001:db8::2]:80", Forwarding.MASQ, 1, 0, 0)));

    @Test
    void sameResultAndSameErrorsAsTheTextRoundTrip() {
        for (IpvsCommand c : COMMANDS) {
            Object viaText;
            try {
                viaText = IpvsadmLine.parse(c.ipvsadmArgs());
            } catch (IpvsException e) {
                viaText = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Object direct;
            try {
                direct = IpvsadmLine.kernelForm(c);
            } catch (IpvsException e) {
                direct = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (c.ipvsadmArgs().contains("\n")) {
                assertThat(direct.toString()).as(c.ipvsadmArgs()).contains("must be one line");
            } else {
                assertThat(direct).as(c.ipvsadmArgs()).isEqualTo(viaText);
            }
        }
        assertThat(catchThrowable(() -> IpvsadmLine.kernelForm(COMMANDS.get(18))))
                .hasMessageContaining("Zero port specified for non-persistent service");
    }
}
