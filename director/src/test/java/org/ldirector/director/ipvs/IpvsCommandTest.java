package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.ipvs.IpvsFixtures.fwmark;
import static org.ldirector.director.ipvs.IpvsFixtures.fwmark6;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;
import static org.ldirector.director.ipvs.IpvsFixtures.udp;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** The exact ipvsadm argument forms of ldirectord (ldirectord's {@code ipvs_*} command builders). */
class IpvsCommandTest {

    private static final ServiceKey VIP = tcp("10.255.1.1:8080");

    @Test
    void addVirtualIsProtoVipScheduler() {
        assertThat(new IpvsCommand.AddService(IpvsService.of(VIP, "wlc")).ipvsadmArgs())
                .isEqualTo("-A -t 10.255.1.1:8080 -s wlc");
    }

    @Test
    void editVirtualWithPersistenceAndNetmaskAsObservedFromLdirectord() {
        IpvsService s = new IpvsService(VIP, "rr", OptionalInt.of(300), Optional.of("255.255.255.0"),
                Optional.empty(), false);
        assertThat(new IpvsCommand.EditService(s).ipvsadmArgs())
                .isEqualTo("-E -t 10.255.1.1:8080 -s rr -p 300 -M 255.255.255.0");
    }

    @Test
    void onePacketSchedulingComesBeforeTheScheduler() {
        IpvsService s = new IpvsService(udp("10.0.0.1:53"), "rr", OptionalInt.empty(), Optional.empty(),
                Optional.empty(), true);
        assertThat(new IpvsCommand.AddService(s).ipvsadmArgs()).isEqualTo("-A -u 10.0.0.1:53 -o -s rr");
    }

    @Test
    void netmaskIsOnlyGivenWithPersistence() {
        IpvsService s = new IpvsService(VIP, "wlc", OptionalInt.empty(), Optional.of("255.255.255.0"),
                Optional.empty(), false);
        assertThat(new IpvsCommand.AddService(s).ipvsadmArgs()).isEqualTo("-A -t 10.255.1.1:8080 -s wlc");
    }

    @Test
    void schedulerFlagsComeLast() {
        IpvsService s = new IpvsService(VIP, "sh", OptionalInt.of(60), Optional.empty(),
                Optional.of("sh-port,sh-fallback"), false);
        assertThat(new IpvsCommand.AddService(s).ipvsadmArgs())
                .isEqualTo("-A -t 10.255.1.1:8080 -s sh -p 60 -b sh-port,sh-fallback");
    }

    @Test
    void fwmarkVirtual() {
        assertThat(new IpvsCommand.AddService(IpvsService.of(fwmark(7), "wrr")).ipvsadmArgs())
                .isEqualTo("-A -f 7 -s wrr");
    }

    @Test
    void ipv6FwmarkVirtualTakesDashSixAfterTheMark() {
        assertThat(new IpvsCommand.AddService(IpvsService.of(fwmark6(7), "wrr")).ipvsadmArgs())
                .isEqualTo("-A -f 7 -6 -s wrr");
    }

    @Test
    void fwmarkAboveTwoToTheThirtyOneIsPrintedUnsigned() {
        assertThat(new IpvsCommand.DeleteService(new ServiceKey.Fwmark((int) 4000000000L, false)).ipvsadmArgs())
                .isEqualTo("-D -f 4000000000");
    }

    @Test
    void ipv6VirtualIsBracketed() {
        assertThat(new IpvsCommand.AddService(IpvsService.of(tcp("[2001:db8:0:0::5]:119"), "wlc")).ipvsadmArgs())
                .isEqualTo("-A -t [2001:db8::5]:119 -s wlc");
    }

    @Test
    void addRealCarriesBothThresholdsBeforeTheReal() {
        assertThat(new IpvsCommand.AddDestination(VIP, real("127.0.0.13:8080", Forwarding.MASQ, 1)).ipvsadmArgs())
                .isEqualTo("-a -t 10.255.1.1:8080 -x 0 -y 0 -r 127.0.0.13:8080 -m -w 1");
        assertThat(new IpvsCommand.AddDestination(VIP, real("127.0.0.13:8080", Forwarding.GATE, 5, 100, 10))
                .ipvsadmArgs()).isEqualTo("-a -t 10.255.1.1:8080 -x 100 -y 10 -r 127.0.0.13:8080 -g -w 5");
    }

    @Test
    void restoreRealIsAnEditWithTheSameArguments() {
        assertThat(new IpvsCommand.EditDestination(VIP, real("127.0.0.12:8080", Forwarding.IPIP, 3, 50, 5))
                .ipvsadmArgs()).isEqualTo("-e -t 10.255.1.1:8080 -x 50 -y 5 -r 127.0.0.12:8080 -i -w 3");
    }

    @Test
    void quiesceIsAnEditToWeightZeroWithoutThresholds() {
        assertThat(new IpvsCommand.EditDestination(VIP, real("127.0.0.12:8080", Forwarding.GATE, 0, 0, 0))
                .ipvsadmArgs()).isEqualTo("-e -t 10.255.1.1:8080 -r 127.0.0.12:8080 -g -w 0");
    }

    @Test
    void realConfiguredWithWeightZeroKeepsItsThresholds() {
        // Without -x/-y the kernel would reset them and the table would never match the config.
        assertThat(new IpvsCommand.AddDestination(VIP, real("127.0.0.12:8080", Forwarding.GATE, 0, 100, 10))
                .ipvsadmArgs()).isEqualTo("-a -t 10.255.1.1:8080 -x 100 -y 10 -r 127.0.0.12:8080 -g -w 0");
    }

    @Test
    void readdQuiescentIsAnAddWithWeightZeroWithoutThresholds() {
        assertThat(new IpvsCommand.AddDestination(VIP, real("127.0.0.12:8080", Forwarding.GATE, 0)).ipvsadmArgs())
                .isEqualTo("-a -t 10.255.1.1:8080 -r 127.0.0.12:8080 -g -w 0");
    }

    @Test
    void deleteAndPurgeRealAreTheSameCommand() {
        assertThat(new IpvsCommand.DeleteDestination(VIP, Endpoint.parse("127.0.0.10:8080")).ipvsadmArgs())
                .isEqualTo("-d -t 10.255.1.1:8080 -r 127.0.0.10:8080");
    }

    @Test
    void purgeVirtual() {
        assertThat(new IpvsCommand.DeleteService(VIP).ipvsadmArgs()).isEqualTo("-D -t 10.255.1.1:8080");
        assertThat(new IpvsCommand.DeleteService(fwmark6(7)).ipvsadmArgs()).isEqualTo("-D -f 7 -6");
    }

    @Test
    void fwmarkRealKeepsItsOwnPort() {
        assertThat(new IpvsCommand.AddDestination(fwmark(7), real("10.0.0.2:443", Forwarding.GATE, 2)).ipvsadmArgs())
                .isEqualTo("-a -f 7 -x 0 -y 0 -r 10.0.0.2:443 -g -w 2");
    }

    @Test
    void everyFormIsReadBackByTheIpvsadmLineReaderUnchanged() throws IpvsException {
        for (String line : new String[] {
                "-A -t 10.255.1.1:8080 -s wlc", "-E -t 10.255.1.1:8080 -s rr -p 300 -M 255.255.255.0",
                "-A -u 10.0.0.1:53 -o -s rr", "-A -f 7 -6 -s wrr", "-A -t [2001:db8::5]:119 -s wlc",
                "-a -t 10.255.1.1:8080 -x 100 -y 10 -r 127.0.0.13:8080 -m -w 1",
                "-e -t 10.255.1.1:8080 -r 10.255.1.1:8080 -g -w 0", "-d -t 10.255.1.1:8080 -r 127.0.0.10:8080",
                "-D -f 7 -6"}) {
            assertThat(IpvsadmLine.parse(line).ipvsadmArgs()).as(line).isEqualTo(line);
        }
    }
}
