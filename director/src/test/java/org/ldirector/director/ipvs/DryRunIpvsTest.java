package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ldirector.director.ipvs.IpvsFixtures.addReal;
import static org.ldirector.director.ipvs.IpvsFixtures.addService;
import static org.ldirector.director.ipvs.IpvsFixtures.real;
import static org.ldirector.director.ipvs.IpvsFixtures.service;
import static org.ldirector.director.ipvs.IpvsFixtures.tcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DryRunIpvsTest {

    private static final ServiceKey VIP = tcp("10.0.0.1:80");

    /** Collects what reaches the "ldirectord" logger. */
    private static final class Collector extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Collector() {
            super("dry-run-test", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    }

    private final Collector collector = new Collector();
    private Logger logger;
    private Level previousLevel;

    @BeforeEach
    void attach() {
        logger = (Logger) LogManager.getLogger("ldirectord");
        previousLevel = logger.getLevel();
        collector.start();
        logger.addAppender(collector);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.removeAppender(collector);
        logger.setLevel(previousLevel);
        collector.stop();
    }

    @Test
    void logsEachCommandItWouldRunAndStartsEmpty() throws IpvsException {
        DryRunIpvs ipvs = new DryRunIpvs();
        assertThat(ipvs.read()).isEqualTo(IpvsTable.EMPTY);
        ipvs.apply(List.of(addService(service(VIP, "wlc")), addReal(VIP, real("10.0.0.2:80", Forwarding.GATE, 2))));
        assertThat(collector.lines).containsExactly(
                "INFO would run: ipvsadm -A -t 10.0.0.1:80 -s wlc",
                "INFO would run: ipvsadm -a -t 10.0.0.1:80 -x 0 -y 0 -r 10.0.0.2:80 -g -w 2");
        assertThat(ipvs.read().destination(VIP, Endpoint.parse("10.0.0.2:80"))).isPresent();
        assertThat(ipvs.describe()).isEqualTo("dry-run");
        assertThat(ipvs.probe().available()).isTrue();
    }

    @Test
    void failsAsTheKernelWouldAfterLogging() {
        DryRunIpvs ipvs = new DryRunIpvs();
        assertThatThrownBy(() -> ipvs.apply(List.of(new IpvsCommand.DeleteService(VIP))))
                .hasMessageContaining("No such service");
        assertThat(collector.lines).containsExactly("INFO would run: ipvsadm -D -t 10.0.0.1:80");
    }

    @Test
    void theSyncDaemonSwitchIsLoggedOnly() {
        DryRunIpvs ipvs = new DryRunIpvs();
        ipvs.syncDaemon(SyncDaemonRole.MASTER, "eth1", java.util.OptionalInt.of(52));
        ipvs.syncDaemon(SyncDaemonRole.BACKUP, "eth1", java.util.OptionalInt.empty());
        ipvs.syncDaemon(SyncDaemonRole.STOPPED, "eth1", java.util.OptionalInt.empty());
        assertThat(collector.lines).containsExactly(
                "INFO would run: ipvsadm --start-daemon master --mcast-interface eth1 --syncid 52",
                "INFO would run: ipvsadm --start-daemon backup --mcast-interface eth1",
                "INFO would run: ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup");
    }
}
