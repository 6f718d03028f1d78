package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ldirector.director.ipvs.IpvsFixtures.addReal;
import static org.ldirector.director.ipvs.IpvsFixtures.addService;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.service;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class InMemoryIpvsTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");

    @Test
    void showsWhatTheKernelWouldAfterThePortRule() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.apply(List.of(addService(service(VIP, "wlc")), addReal(VIP, real("10.0.0.2:0", Forwarding.GATE, 3))));
        assertThat(ipvs.read().destination(VIP, Endpoint.parse("10.0.0.2:80")).orElseThrow())
                .isEqualTo(real("10.0.0.2:80", Forwarding.GATE, 3));
    }

    @Test
    void recordsAppliedCommandsAndBatches() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        ipvs.apply(List.of(addReal(VIP, real("10.0.0.2:80", Forwarding.MASQ, 1))));
        assertThat(ipvs.appliedArgs()).containsExactly("-A -t 10.0.0.1:80 -s wlc",
                "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -m -w 1");
        assertThat(ipvs.batches()).hasSize(2);
        ipvs.read();
        assertThat(ipvs.reads()).isEqualTo(1);
        ipvs.clearHistory();
        assertThat(ipvs.applied()).isEmpty();
        assertThat(ipvs.read().services()).hasSize(1);
    }

    @Test
    void failsTheNextBatchesAsAWholeThenRecovers() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.failNextBatches(2);
        List<IpvsCommand> batch = List.of(addService(service(VIP, "wlc")));
        assertThatThrownBy(() -> ipvs.apply(batch)).hasMessageContaining("Memory allocation problem");
        assertThatThrownBy(() -> ipvs.apply(batch)).isInstanceOf(IpvsException.class);
        assertThat(ipvs.read()).isEqualTo(IpvsTable.EMPTY);
        ipvs.apply(batch);
        assertThat(ipvs.read().services()).containsOnlyKeys(VIP);
        assertThat(ipvs.batches()).hasSize(3);
        assertThat(ipvs.applied()).hasSize(1);
    }

    @Test
    void aKernelErrorSkipsOnlyItsCommandLikeIpvsadmR() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        List<IpvsCommand> batch = List.of(
                addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1)),
                new IpvsCommand.DeleteDestination(VIP, Endpoint.parse("10.0.0.9:80")),   // No such destination
                addReal(VIP, real("10.0.0.3:80", Forwarding.GATE, 1)));
        assertThatThrownBy(() -> ipvs.apply(batch)).hasMessageContaining("No such destination");
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations())
                .containsOnlyKeys(Endpoint.parse("10.0.0.2:80"), Endpoint.parse("10.0.0.3:80"));
    }

    @Test
    void aUsageErrorEndsTheBatchLikeIpvsadmR() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        List<IpvsCommand> batch = List.of(
                addService(service(VIP, "wlc")),
                addService(service(tcp("10.0.0.2:0"), "wlc")),      // Zero port specified for non-persistent service
                addService(service(tcp("10.0.0.3:80"), "wlc")));
        assertThatThrownBy(() -> ipvs.apply(batch)).hasMessageContaining("Zero port specified");
        assertThat(ipvs.read().services()).containsOnlyKeys(VIP);
    }

    @Test
    void injectedCommandFailuresActAsKernelErrors() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.failCommands(c -> c instanceof IpvsCommand.AddDestination a
                && a.destination().endpoint().equals(Endpoint.parse("10.0.0.2:80")), "Permission denied (you must be root)");
        assertThatThrownBy(() -> ipvs.apply(List.of(addService(service(VIP, "wlc")),
                addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1)),
                addReal(VIP, real("10.0.0.3:80", Forwarding.GATE, 1)))))
                .hasMessageContaining("-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -g -w 1: Permission denied");
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations()).containsOnlyKeys(Endpoint.parse("10.0.0.3:80"));
        ipvs.stopFailing();
        ipvs.apply(List.of(addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1))));
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations()).hasSize(2);
    }

    @Test
    void setReplacesTheTableAsAnAdministratorWould() throws IpvsException {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        IpvsTable byHand = IpvsTable.EMPTY.apply(addService(service(VIP, "rr")));
        ipvs.set(byHand);
        assertThat(ipvs.read()).isEqualTo(byHand);
        assertThat(ipvs.applied()).isEmpty();
    }

    @Test
    void concurrentBatchesAreAllApplied() throws Exception {
        InMemoryIpvs ipvs = new InMemoryIpvs();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ipvs.apply(List.of(addReal(VIP, real("10.0.1." + n + ":8080", Forwarding.MASQ, 1))));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations()).hasSize(100);
        assertThat(ipvs.applied()).hasSize(101);
    }
}
