package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.ldirector.director.ipvs.IpvsFixtures.addReal;
import static org.ldirector.director.ipvs.IpvsFixtures.addService;
import static org.ldirector.director.ipvs.IpvsFixtures.fakeIpvsadm;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.service;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IpvsadmBackend} against the stand-in ipvsadm (testing/fake-ipvsadm). */
class IpvsadmBackendTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");

    @TempDir
    Path dir;
    private Path state;
    private Path trace;

    @BeforeEach
    void paths() {
        state = dir.resolve("ipvs.json");
        trace = dir.resolve("trace");
    }

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("FAKE_IPVSADM_STATE", state.toString(),
                "FAKE_IPVSADM_TRACE", trace.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private IpvsadmBackend backend(String... env) {
        return new IpvsadmBackend(fakeIpvsadm(), Duration.ofSeconds(10), env(env));
    }

    private List<String> trace() throws IOException {
        return Files.exists(trace) ? Files.readAllLines(trace) : List.of();
    }

    private static List<IpvsCommand> commands(List<String> lines) throws IpvsException {
        List<IpvsCommand> result = new ArrayList<>();
        for (String l : lines) {
            result.add(IpvsadmLine.parse(l));
        }
        return result;
    }

    @Test
    void aBatchGoesThroughOneRestoreAndReadsBackAsTheKernelStoredIt() throws Exception {
        IpvsadmBackend ipvs = backend();
        List<IpvsCommand> batch = List.of(addService(service(VIP, "wlc")),
                addReal(VIP, real("10.0.0.2:0", Forwarding.GATE, 5, 100, 10)),
                addReal(VIP, real("10.0.0.3:8080", Forwarding.MASQ, 1)));
        ipvs.apply(batch);
        assertThat(trace()).containsExactly("argv\t-R",
                "stdin\t-A -t 10.0.0.1:80 -s wlc",
                "stdin\t-a -t 10.0.0.1:80 -x 100 -y 10 -r 10.0.0.2:0 -g -w 5",
                "stdin\t-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.3:8080 -m -w 1",
                "exit\t0");
        IpvsTable read = ipvs.read();
        assertThat(read.destination(VIP, Endpoint.parse("10.0.0.2:80")).orElseThrow())
                .isEqualTo(real("10.0.0.2:80", Forwarding.GATE, 5, 100, 10));
        assertThat(read).isEqualTo(IpvsFixtures.tableOf(batch));
        assertThat(trace()).contains("argv\t-L -n", "argv\t-L -n --thresholds");
    }

    @Test
    void theWholeExampleTableReadsBackAndListsLikeTheStandIn() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(commands(IpvsListingTest.COMMANDS));
        IpvsTable read = ipvs.read();
        assertThat(read).isEqualTo(IpvsListingTest.table());
        // two independent renderings of ipvsadm.c's formats agree byte for byte
        for (List<String> args : List.of(List.of("-L", "-n"), List.of("-L", "-n", "--thresholds"), List.of("-S", "-n"))) {
            IpvsadmProcess.Result r = IpvsadmProcess.run(fakeIpvsadm(), args, null, Duration.ofSeconds(10), env());
            String ours = switch (args.size() + args.get(0)) {
                case "2-L" -> IpvsListing.list(read);
                case "3-L" -> IpvsListing.listThresholds(read);
                default -> IpvsListing.save(read);
            };
            assertThat(ours).as(String.join(" ", args)).isEqualTo(r.stdout());
        }
    }

    @Test
    void aKernelErrorInTheMiddleIsAFailureEvenThoughIpvsadmExitsZero() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        Throwable t = catchThrowable(() -> ipvs.apply(List.of(
                addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1)),
                addService(service(VIP, "wlc")),                         // Service already exists
                addReal(VIP, real("10.0.0.3:80", Forwarding.GATE, 1)))));
        assertThat(t).isInstanceOf(IpvsException.class)
                .hasMessage("ipvsadm -R reported errors (exit status 0) on a batch of 3 commands, which may be applied in part:"
                        + " Service already exists");
        assertThat(trace()).endsWith("exit\t0");
        // ipvsadm -R goes on after a kernel error: both reals are there
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations())
                .containsOnlyKeys(Endpoint.parse("10.0.0.2:80"), Endpoint.parse("10.0.0.3:80"));
    }

    @Test
    void aLineIpvsadmRefusesStopsTheBatchThereAndTheRereadShowsExactlyTheLinesBefore() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        List<IpvsCommand> batch = List.of(
                addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1)),
                addService(service(tcp("10.0.0.9:0"), "wlc")),           // Zero port specified for non-persistent service
                addReal(VIP, real("10.0.0.3:80", Forwarding.GATE, 1)));
        assertThatThrownBy(() -> ipvs.apply(batch))
                .isInstanceOf(IpvsException.class)
                .hasMessage("ipvsadm -R failed (exit status 2) on a batch of 3 commands, which may be applied in part:"
                        + " Zero port specified for non-persistent service");
        IpvsTable expected = IpvsFixtures.tableOf(List.of(addService(service(VIP, "wlc")), batch.get(0)));
        assertThat(ipvs.read()).isEqualTo(expected);
        // and the in-memory backend agrees
        InMemoryIpvs memory = new InMemoryIpvs(IpvsFixtures.tableOf(List.of(addService(service(VIP, "wlc")))));
        assertThatThrownBy(() -> memory.apply(batch)).hasMessageContaining("Zero port specified");
        assertThat(memory.read()).isEqualTo(expected);
    }

    @Test
    void aKernelErrorOnTheLastLineGivesStatus255() throws Exception {
        IpvsadmBackend ipvs = backend();
        assertThatThrownBy(() -> ipvs.apply(List.of(new IpvsCommand.DeleteService(VIP))))
                .hasMessage("ipvsadm -R failed (exit status 255) on a batch of 1 command, which may be applied in part:"
                        + " No such service");
    }

    @Test
    void anInjectedFailureOnOneLineLeavesTheOthersApplied() throws Exception {
        IpvsadmBackend ipvs = backend("FAKE_IPVSADM_FAIL_MATCHING", "-r 10\\.0\\.0\\.3:");
        List<IpvsCommand> batch = List.of(addService(service(VIP, "wlc")),
                addReal(VIP, real("10.0.0.2:80", Forwarding.MASQ, 1)),
                addReal(VIP, real("10.0.0.3:80", Forwarding.MASQ, 1)),
                addReal(VIP, real("10.0.0.4:80", Forwarding.MASQ, 1)));
        assertThatThrownBy(() -> ipvs.apply(batch)).hasMessageEndingWith(": Memory allocation problem");
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations())
                .containsOnlyKeys(Endpoint.parse("10.0.0.2:80"), Endpoint.parse("10.0.0.4:80"));
    }

    @Test
    void aPermissionStyleFailureCarriesIpvsadmsText() {
        IpvsadmBackend ipvs = backend("FAKE_IPVSADM_FAIL_MATCHING", ".", "FAKE_IPVSADM_FAIL_ERRNO", "EPERM");
        assertThatThrownBy(() -> ipvs.apply(List.of(addService(service(VIP, "wlc")))))
                .hasMessageEndingWith(": Permission denied (you must be root)");
    }

    @Test
    void aHungIpvsadmIsKilledAfterTheTimeout() {
        IpvsadmBackend ipvs = new IpvsadmBackend(fakeIpvsadm(), Duration.ofMillis(700), env("FAKE_IPVSADM_DELAY", "30"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> ipvs.apply(List.of(addService(service(VIP, "wlc")))))
                .isInstanceOf(IpvsException.class)
                .hasMessageStartingWith("ipvsadm -R did not finish within 700 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThatThrownBy(ipvs::read).hasMessageStartingWith("ipvsadm -L -n did not finish within 700 ms");
    }

    @Test
    void probeReportsTheVersionOrWhyIpvsIsUnavailable() {
        assertThat(backend().probe())
                .isEqualTo(IpvsAvailability.available("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)"));
        assertThat(backend("FAKE_IPVSADM_UNAVAILABLE", "1").probe()).isEqualTo(IpvsAvailability.unavailable(
                "Can't initialize ipvs: Protocol not available; "
                        + "Are you sure that IP Virtual Server is built in the kernel or as module?"));
        assertThat(backend("FAKE_IPVSADM_UNAVAILABLE", "EPERM").probe().detail())
                .startsWith("Can't initialize ipvs: Permission denied (you must be root)");
    }

    @Test
    void probeReportsAMissingOrUnrunnableIpvsadm() throws IOException {
        assertThat(new IpvsadmBackend(dir.resolve("nowhere/ipvsadm")).probe())
                .isEqualTo(IpvsAvailability.unavailable("ipvsadm not found at " + dir.resolve("nowhere/ipvsadm")
                        + " (install the ipvsadm package)"));
        Path notExecutable = Files.writeString(dir.resolve("ipvsadm"), "#!/bin/sh\n");
        assertThat(new IpvsadmBackend(notExecutable).probe().detail()).endsWith("is not executable");
        assertThatThrownBy(() -> new IpvsadmBackend(notExecutable).read()).hasMessageStartingWith("cannot run " + notExecutable);
    }

    @Test
    void readingWithoutIpvsFailsWithTheReason() {
        assertThatThrownBy(() -> backend("FAKE_IPVSADM_UNAVAILABLE", "1").read())
                .isInstanceOf(IpvsException.class)
                .hasMessage("ipvsadm -L -n failed (exit status 2): Can't initialize ipvs: Protocol not available; "
                        + "Are you sure that IP Virtual Server is built in the kernel or as module?");
    }

    @Test
    void anEmptyBatchRunsNothing() throws Exception {
        backend().apply(List.of());
        assertThat(trace()).isEmpty();
    }

    @Test
    void connectionsAreIpvsadmsRawText() throws Exception {
        Files.writeString(state, """
                {"services": [], "connections": [{"protocol": "TCP", "expires": 895, "state": "ESTABLISHED",
                  "source": "10.8.0.5:40000", "virtual": "10.8.0.1:80", "destination": "10.9.0.2:80"}]}
                """);
        assertThat(backend().connections()).isEqualTo("""
                IPVS connection entries
                pro expire state       source             virtual            destination
                TCP 14:55  ESTABLISHED 10.8.0.5:40000     10.8.0.1:80        10.9.0.2:80
                """);
    }

    @Test
    void connectionCountsComeWithTheTable() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(List.of(addService(service(VIP, "wlc")), addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1))));
        String json = Files.readString(state).replace("\"activeconns\": 0", "\"activeconns\": 7");
        Files.writeString(state, json);
        IpvsListing.Parsed parsed = ipvs.readWithConnections();
        assertThat(parsed.of(VIP, Endpoint.parse("10.0.0.2:80"))).isEqualTo(new IpvsListing.Connections(7, 0));
    }

    @Test
    void statisticsReadTheStatsAndRateListingsWithTheConnectionCounts() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(List.of(addService(service(VIP, "wlc")), addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 1)),
                addReal(VIP, real("10.0.0.3:80", Forwarding.GATE, 1))));
        String json = Files.readString(state)
                .replaceFirst("\"sched_name\": \"wlc\"", "\"sched_name\": \"wlc\", \"stats\": {\"conns\": 30,"
                        + " \"inpkts\": 123456789012, \"outpkts\": 5, \"inbytes\": 6, \"outbytes\": 7, \"cps\": 8,"
                        + " \"inpps\": 9, \"outpps\": 10, \"inbps\": 11, \"outbps\": 12}")
                .replaceFirst("\"activeconns\": 0", "\"activeconns\": 7, \"stats\": {\"conns\": 21, \"inbytes\": 4000000000,"
                        + " \"cps\": 3, \"outbps\": 99999999}")
                .replaceFirst("\"inactconns\": 0", "\"inactconns\": 2");
        Files.writeString(state, json);
        IpvsStatistics stats = ipvs.readStatistics();
        assertThat(stats.table()).isEqualTo(ipvs.read());
        assertThat(stats.destination(VIP, Endpoint.parse("10.0.0.2:80")))
                .isEqualTo(new IpvsCounters(7, 2, 21, 0, 0, 4_000_000_000L, 0, 3, 0, 0, 0, 99_999_999));
        assertThat(stats.destination(VIP, Endpoint.parse("10.0.0.3:80"))).isEqualTo(IpvsCounters.ZERO);
        assertThat(stats.service(VIP)).isEqualTo(new IpvsCounters(7, 2, 30, 123_456_789_012L, 5, 6, 7, 8, 9, 10, 11, 12));
        assertThat(trace()).contains("argv\t-L -n --stats --exact", "argv\t-L -n --rate --exact");
    }

    @Test
    void statisticsOfAnFwmarkAndAnIpv6ServiceParse() throws Exception {
        IpvsadmBackend ipvs = backend();
        ServiceKey fwm = IpvsadmLine.parse("-A -f 7 -6 -s rr") instanceof IpvsCommand.AddService a ? a.service().key() : null;
        ServiceKey v6 = tcp("[2001:db8::1]:443");
        ipvs.apply(commands(List.of("-A -f 7 -6 -s rr", "-a -f 7 -6 -r [2001:db8::2]:443 -g -w 1",
                "-A -t [2001:db8::1]:443 -s wlc", "-a -t [2001:db8::1]:443 -r [2001:db8:ffff:ffff:ffff:ffff:ffff:2]:443 -m -w 2")));
        Files.writeString(state, Files.readString(state).replace("\"activeconns\": 0", "\"activeconns\": 1, \"stats\": {\"conns\": 5}"));
        IpvsStatistics stats = ipvs.readStatistics();
        assertThat(stats.destination(fwm, Endpoint.parse("[2001:db8::2]:443")).connections()).isEqualTo(5);
        assertThat(stats.destination(v6, Endpoint.parse("[2001:db8:ffff:ffff:ffff:ffff:ffff:2]:443")).connections()).isEqualTo(5);
        assertThat(stats.service(v6).activeConnections()).isEqualTo(1);
    }

    @Test
    void theConnectionTableComesThroughTheInterface() throws Exception {
        Files.writeString(state, """
                {"services": [], "connections": [{"protocol": "TCP", "expires": 895, "state": "ESTABLISHED",
                  "source": "10.8.0.5:40000", "virtual": "10.8.0.1:80", "destination": "10.9.0.2:80"}]}
                """);
        IpvsBackend ipvs = backend();
        assertThat(ipvs.connectionTable()).isEqualTo(backend().connections());
        assertThat(new InMemoryIpvs().connectionTable()).startsWith("IPVS connection entries\n");
    }

    @Test
    void concurrentInvocationsOfTheStandInDoNotLoseChanges() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.apply(List.of(addService(service(VIP, "wlc"))));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            IpvsCommand add = addReal(VIP, real("10.0.1." + i + ":8080", Forwarding.MASQ, 1));
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    ipvs.apply(List.of(add));
                } catch (IpvsException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(ipvs.read().service(VIP).orElseThrow().destinations()).hasSize(6);
    }

    @Test
    void theInMemoryTableAndTheStandInAgreeBatchAfterBatch() throws Exception {
        IpvsadmBackend fake = backend();
        InMemoryIpvs memory = new InMemoryIpvs();
        ServiceKey v6 = tcp("[2001:db8::1]:443");
        List<List<String>> batches = List.of(
                List.of("-A -t 10.0.0.1:80 -s wrr -p 120", "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:0 -g -w 3",
                        "-a -t 10.0.0.1:80 -x 10 -y 2 -r 10.0.0.3:8080 -m -w 1", "-A -t [2001:db8::1]:443 -s sh -b sh-port",
                        "-a -t [2001:db8::1]:443 -x 0 -y 0 -r [2001:db8::2]:443 -i -w 1"),
                List.of("-e -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 0", "-a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -g -w 1",
                        "-E -t 10.0.0.1:80 -s rr"),
                List.of("-d -t 10.0.0.1:80 -r 10.0.0.3:0", "-a -t 10.0.0.1:80 -x 0 -y 5 -r 10.0.0.4:80 -g -w 1",
                        "-A -f 9 -6 -s wlc -p 60 -M 48", "-a -f 9 -6 -x 0 -y 0 -r [2001:db8::7]:8443 -g -w 1"),
                List.of("-D -t [2001:db8::1]:443", "-d -t 10.0.0.1:80 -r 10.0.0.3:8080"));
        for (List<String> b : batches) {
            List<IpvsCommand> batch = commands(b);
            Throwable fromFake = catchThrowable(() -> fake.apply(batch));
            Throwable fromMemory = catchThrowable(() -> memory.apply(batch));
            assertThat(fromMemory == null).as("failure of %s", b).isEqualTo(fromFake == null);
            assertThat(memory.read()).as("after %s", b).isEqualTo(fake.read());
        }
        assertThat(memory.read().services()).doesNotContainKey(v6).hasSize(2);
    }

    @Test
    void theSyncDaemonSwitchRunsIpvsadmAsLdirectordsLvsSyncDaemonSwapDid() throws Exception {
        IpvsadmBackend ipvs = backend();
        ipvs.syncDaemon(SyncDaemonRole.MASTER, "eth0", java.util.OptionalInt.of(7));
        ipvs.syncDaemon(SyncDaemonRole.MASTER, "eth0", java.util.OptionalInt.of(7));   // already running: fine
        ipvs.syncDaemon(SyncDaemonRole.BACKUP, "eth0", java.util.OptionalInt.empty());
        ipvs.syncDaemon(SyncDaemonRole.STOPPED, "eth0", java.util.OptionalInt.empty());
        assertThat(trace().stream().filter(l -> l.startsWith("argv")).toList()).containsExactly(
                "argv\t--stop-daemon backup", "argv\t--start-daemon master --mcast-interface eth0 --syncid 7",
                "argv\t--stop-daemon backup", "argv\t--start-daemon master --mcast-interface eth0 --syncid 7",
                "argv\t--stop-daemon master", "argv\t--start-daemon backup --mcast-interface eth0",
                "argv\t--stop-daemon master", "argv\t--stop-daemon backup");
    }
}
