package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ldirector.director.ipvs.IpvsFixtures.addReal;
import static org.ldirector.director.ipvs.IpvsFixtures.addService;
import static org.ldirector.director.ipvs.IpvsFixtures.fwmark;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.service;
import static org.ldirector.director.ipvs.IpvsFixtures.tableOf;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** {@link IpvsTable#apply} behaves as ipvsadm 1.31 on the kernel does. */
class IpvsTableTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");

    private static IpvsTable withVip() throws IpvsException {
        return tableOf(List.of(addService(service(VIP, "wlc"))));
    }

    @Test
    void gateRealGetsTheVirtualsPort() throws IpvsException {
        IpvsTable t = withVip().apply(addReal(VIP, real("10.0.0.2:0", Forwarding.GATE, 1)));
        assertThat(t.service(VIP).orElseThrow().destinations()).containsOnlyKeys(Endpoint.parse("10.0.0.2:80"));
    }

    @Test
    void ipipRealGetsTheVirtualsPortToo() throws IpvsException {
        IpvsTable t = withVip().apply(addReal(VIP, real("10.0.0.2:8080", Forwarding.IPIP, 1)));
        assertThat(t.destination(VIP, Endpoint.parse("10.0.0.2:80"))).isPresent();
    }

    @Test
    void masqRealKeepsItsPortEvenZero() throws IpvsException {
        IpvsTable t = withVip()
                .apply(addReal(VIP, real("10.0.0.2:8080", Forwarding.MASQ, 1)))
                .apply(addReal(VIP, real("10.0.0.3:0", Forwarding.MASQ, 1)));
        assertThat(t.service(VIP).orElseThrow().destinations())
                .containsOnlyKeys(Endpoint.parse("10.0.0.2:8080"), Endpoint.parse("10.0.0.3:0"));
    }

    @Test
    void fwmarkRealKeepsItsPort() throws IpvsException {
        IpvsTable t = tableOf(List.of(addService(service(fwmark(7), "wlc")),
                addReal(fwmark(7), real("10.0.0.2:443", Forwarding.GATE, 1))));
        assertThat(t.destination(fwmark(7), Endpoint.parse("10.0.0.2:443"))).isPresent();
    }

    @Test
    void deletingAPortlessGateRealByItsConfiguredNameFindsNothing() throws IpvsException {
        // ipvsadm applies the port rule to -a/-e only, which is why ldirectord needs its "mapped" lookup
        IpvsTable t = withVip().apply(addReal(VIP, real("10.0.0.2:0", Forwarding.GATE, 1)));
        assertThatThrownBy(() -> t.apply(new IpvsCommand.DeleteDestination(VIP, Endpoint.parse("10.0.0.2:0"))))
                .isInstanceOf(IpvsException.class)
                .hasMessage("-d -t 10.0.0.1:80 -r 10.0.0.2:0: No such destination");
    }

    @Test
    void quiescingClearsTheThresholdsBecauseTheCommandDoesNotRepeatThem() throws IpvsException {
        IpvsTable t = withVip().apply(addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 5, 100, 10)))
                .apply(new IpvsCommand.EditDestination(VIP, real("10.0.0.2:80", Forwarding.GATE, 0, 0, 0)));
        assertThat(t.destination(VIP, Endpoint.parse("10.0.0.2:80")).orElseThrow())
                .isEqualTo(real("10.0.0.2:80", Forwarding.GATE, 0, 0, 0));
    }

    @Test
    void editServiceResetsWhatItDoesNotName() throws IpvsException {
        IpvsService persistentSh = new IpvsService(VIP, "sh", OptionalInt.of(600), Optional.of("255.255.0.0"),
                Optional.of("sh-port"), false);
        IpvsTable t = tableOf(List.of(addService(persistentSh), addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1))))
                .apply(new IpvsCommand.EditService(service(VIP, "rr")));
        assertThat(t.service(VIP).orElseThrow().service()).isEqualTo(service(VIP, "rr"));
        assertThat(t.service(VIP).orElseThrow().destinations()).hasSize(1);
    }

    @Test
    void netmaskAndFlagsAreStoredAsIpvsadmShowsThem() throws IpvsException {
        IpvsService asked = new IpvsService(VIP, "sh", OptionalInt.of(60), Optional.of("255.255.255.255"),
                Optional.of("sh-port,sh-fallback"), false);
        IpvsService stored = withoutService().apply(addService(asked)).service(VIP).orElseThrow().service();
        assertThat(stored.netmask()).isEmpty();                       // /32 is the default, not shown
        assertThat(stored.schedFlags()).contains("sh-fallback,sh-port");
    }

    @Test
    void ipv4NetmaskIsReadLikeInetAton() throws IpvsException {
        IpvsService asked = new IpvsService(VIP, "wlc", OptionalInt.of(60), Optional.of("24"), Optional.empty(), false);
        // inet_aton("24") is 0.0.0.24: ipvsadm takes only dotted masks for IPv4, prefix lengths for IPv6
        assertThat(withoutService().apply(addService(asked)).service(VIP).orElseThrow().service().netmask())
                .contains("0.0.0.24");
    }

    @Test
    void ipv6ServiceNetmaskIsAPrefixLength() throws IpvsException {
        ServiceKey v6 = tcp("[2001:db8::1]:80");
        IpvsService asked = new IpvsService(v6, "wlc", OptionalInt.of(60), Optional.of("64"), Optional.empty(), false);
        assertThat(withoutService().apply(addService(asked)).service(v6).orElseThrow().service().netmask())
                .contains("64");
    }

    @Test
    void kernelErrorsUseIpvsadmsWords() throws IpvsException {
        IpvsTable t = withVip();
        assertThatThrownBy(() -> t.apply(addService(service(VIP, "wlc"))))
                .hasMessage("-A -t 10.0.0.1:80 -s wlc: Service already exists")
                .isNotInstanceOf(IpvsUsageException.class);
        assertThatThrownBy(() -> t.apply(new IpvsCommand.DeleteService(tcp("10.0.0.9:80"))))
                .hasMessage("-D -t 10.0.0.9:80: No such service");
        assertThatThrownBy(() -> t.apply(addReal(tcp("10.0.0.9:80"), real("10.0.0.2:80", Forwarding.GATE, 1))))
                .hasMessageEndingWith(": Service not defined");
        assertThatThrownBy(() -> t.apply(new IpvsCommand.EditDestination(VIP, real("10.0.0.2:80", Forwarding.GATE, 1))))
                .hasMessageEndingWith(": No such destination");
        assertThatThrownBy(() -> t.apply(addService(service(tcp("10.0.0.2:80"), "nosuch"))))
                .hasMessageEndingWith(": Scheduler or persistence engine not found");
    }

    @Test
    void addingARealTwiceFailsEvenWhenOnlyThePortRuleMakesThemEqual() throws IpvsException {
        IpvsTable t = withVip().apply(addReal(VIP, real("10.0.0.2:0", Forwarding.GATE, 1)));
        assertThatThrownBy(() -> t.apply(addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1))))
                .hasMessageEndingWith(": Destination already exists");
    }

    @Test
    void lowerThresholdAboveUpperIsOutOfRange() throws IpvsException {
        // ldirectord's "l:10" without "u:" gives -x 0 -y 10, which the kernel refuses (ip_vs_add_dest: -ERANGE)
        IpvsTable t = withVip();
        assertThatThrownBy(() -> t.apply(addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1, 0, 10))))
                .hasMessage("-a -t 10.0.0.1:80 -x 0 -y 10 -r 10.0.0.2:80 -g -w 1: Numerical result out of range");
    }

    @Test
    void ipvsadmsOwnRefusalsAreUsageErrors() throws IpvsException {
        assertThatThrownBy(() -> withoutService().apply(addService(service(tcp("10.0.0.1:0"), "wlc"))))
                .isInstanceOf(IpvsUsageException.class)
                .hasMessageEndingWith("Zero port specified for non-persistent service");
        IpvsService tcpOps = new IpvsService(VIP, "rr", OptionalInt.empty(), Optional.empty(), Optional.empty(), true);
        assertThatThrownBy(() -> withoutService().apply(addService(tcpOps)))
                .isInstanceOf(IpvsUsageException.class)
                .hasMessageEndingWith("One-Packet Scheduling is only for UDP virtual services");
        assertThatThrownBy(() -> withVip().apply(addReal(VIP, real("[2001:db8::2]:80", Forwarding.GATE, 1))))
                .isInstanceOf(IpvsUsageException.class)
                .hasMessageEndingWith("Different address family is allowed only for tunneling servers");
        IpvsService badFlag = new IpvsService(VIP, "wlc", OptionalInt.empty(), Optional.empty(), Optional.of("sh-port"), false);
        assertThatThrownBy(() -> withoutService().apply(addService(badFlag)))
                .isInstanceOf(IpvsUsageException.class)
                .hasMessageEndingWith("incompatible scheduler flag `sh-port'");
    }

    @Test
    void persistentZeroPortServiceIsAllowed() throws IpvsException {
        ServiceKey allPorts = tcp("10.0.0.1:0");
        IpvsService s = new IpvsService(allPorts, "wlc", OptionalInt.of(300), Optional.empty(), Optional.empty(), false);
        assertThat(withoutService().apply(addService(s)).service(allPorts)).isPresent();
    }

    @Test
    void aLineBreakInAnArgumentIsRefused() {
        IpvsService sneaky = IpvsService.of(VIP, "wlc\n-C");
        assertThatThrownBy(() -> withoutService().apply(addService(sneaky))).isInstanceOf(IpvsUsageException.class);
    }

    @Test
    void bareDashPMeansThreeHundredSixtySeconds() throws IpvsException {
        IpvsCommand c = IpvsadmLine.parse("-A -t 10.0.0.1:80 -s wlc -p -M 255.255.255.0");
        assertThat(((IpvsCommand.AddService) c).service().persistence()).hasValue(360);
        assertThat(((IpvsCommand.AddService) c).service().netmask()).contains("255.255.255.0");
    }

    @Test
    void ipvsadmLineAcceptsLongOptionsAndTheWordIpvsadm() throws IpvsException {
        assertThat(IpvsadmLine.parse("ipvsadm --add-server --tcp-service=10.0.0.1:80 --real-server 10.0.0.2:8080"
                + " --masquerading --weight=3 --u-threshold 9 --l-threshold 2").ipvsadmArgs())
                .isEqualTo("-a -t 10.0.0.1:80 -x 9 -y 2 -r 10.0.0.2:8080 -m -w 3");
        assertThat(IpvsadmLine.parse("-a -t 10.0.0.1:80 -r 10.0.0.2").ipvsadmArgs())   // defaults: -g -w 1, vport
                .isEqualTo("-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -g -w 1");
    }

    @Test
    void ipvsadmLineRejectsWhatIpvsadmRejects() {
        assertThatThrownBy(() -> IpvsadmLine.parse("-A -t 10.0.0.1:80 -s wlc -w 3"))
                .hasMessageEndingWith("Illegal 'weight' option with the 'add-service' command");
        assertThatThrownBy(() -> IpvsadmLine.parse("-a -t 10.0.0.1:80"))
                .hasMessageEndingWith("You need to supply the 'real-server' option for the 'add-server' command");
        assertThatThrownBy(() -> IpvsadmLine.parse("-a -t 10.0.0.1:80 -r 10.0.0.2 -w 2147483648"))
                .hasMessageEndingWith("illegal weight specified");
        assertThatThrownBy(() -> IpvsadmLine.parse("-d -t 10.0.0.1:80 -r 10.0.0.2 -g"))
                .hasMessageEndingWith("Illegal 'forwarding-method' option with the 'delete-server' command");
        assertThatThrownBy(() -> IpvsadmLine.parse("-A -f 0 -s wlc")).hasMessageEndingWith("invalid fwmark value `0' specified");
        assertThatThrownBy(() -> IpvsadmLine.parse("-A -t 10.0.0.1:80 -6")).hasMessageEndingWith("-6 used before -f");
    }

    private static IpvsTable withoutService() {
        return IpvsTable.EMPTY;
    }
}
