package org.ldirector.director.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import org.ldirector.director.engine.CheckObserver;
import org.ldirector.director.engine.KernelRules;
import org.ldirector.director.engine.LatenessRecorder;
import org.ldirector.director.engine.RealKey;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.failover.ClusterStatus;
import org.ldirector.failover.Role;
import org.ldirector.director.ipvs.IpvsCounters;

/**
 * {@code /metrics}: the director's state in the Prometheus text format, written by the official
 * Java client. Per-real series carry node_exporter's IPVS labels ({@code local_address},
 * {@code local_port}, {@code local_mark}, {@code proto}, {@code remote_address},
 * {@code remote_port}) so they join with {@code node_ipvs_backend_*}. Values come from one
 * {@link StatusSnapshot} per scrape; no configuration text (so no secret) is ever a label.
 */
public final class Metrics implements LatenessRecorder, CheckObserver {

    private static final String[] VIRTUAL = {"local_address", "local_port", "local_mark", "proto"};
    private static final String[] REAL = {"local_address", "local_port", "local_mark", "proto", "remote_address", "remote_port"};
    private static final String[] STATES = {"up", "down", "unknown", "drain", "maintenance"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram lateness;
    private final Gauge reloadSuccess;
    private final Gauge reloadTimestamp;
    private final Counter checks;
    private final Counter checkFailures;
    private final Histogram checkDuration;
    private StatusSnapshot current;

    public Metrics() {
        realGauge("ldirector_real_up", "1 if the real is healthy and serving, 0 if down, drained or in maintenance",
                r -> r.serving() ? 1 : 0);
        realGauge("ldirector_real_weight", "the real's weight in the configuration", r -> r.configuredWeight());
        realGauge("ldirector_real_kernel_weight", "the real's weight in the kernel's IPVS table (absent when not in it)", null);
        realGauge("ldirector_real_failures", "consecutive failed checks of the real", r -> r.failures());
        realGauge("ldirector_real_last_change_timestamp_seconds", "when the real's health last changed",
                r -> r.since().toEpochMilli() / 1000.0);
        realGauge("ldirector_real_active_connections", "the kernel's active connections to the real",
                r -> r.counters().activeConnections());
        realGauge("ldirector_real_inactive_connections", "the kernel's inactive connections to the real",
                r -> r.counters().inactiveConnections());
        CounterWithCallback.builder().name("ldirector_real_transitions").help("health changes of the real since the daemon started")
                .labelNames(REAL).callback(cb -> eachReal((v, r) -> cb.call(r.transitions(), labels(v, r)))).register(registry);
        GaugeWithCallback.builder().name("ldirector_real_state").help("1 for the real's current health state")
                .labelNames(append(REAL, "state")).callback(cb -> eachReal((v, r) -> {
                    for (String s : STATES) {
                        cb.call(state(r).equals(s) ? 1 : 0, append(labels(v, r), s));
                    }
                })).register(registry);
        virtualCounter("ldirector_virtual_connections", "connections the kernel scheduled for the virtual", IpvsCounters::connections);
        virtualCounter("ldirector_virtual_packets_in", "packets in to the virtual", IpvsCounters::packetsIn);
        virtualCounter("ldirector_virtual_packets_out", "packets out of the virtual", IpvsCounters::packetsOut);
        virtualCounter("ldirector_virtual_bytes_in", "bytes in to the virtual", IpvsCounters::bytesIn);
        virtualCounter("ldirector_virtual_bytes_out", "bytes out of the virtual", IpvsCounters::bytesOut);
        GaugeWithCallback.builder().name("ldirector_virtual_fallback_active").help("1 while the fallback server is in the table")
                .labelNames(VIRTUAL).callback(cb -> {
                    for (StatusSnapshot.Virtual v : current.virtuals()) {
                        cb.call(v.fallbackActive() ? 1 : 0, labels(v));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("ldirector_ipvs_read_ok").help("1 if the last read of the kernel's table worked")
                .callback(cb -> cb.call(current.ipvsError().isEmpty() ? 1 : 0)).register(registry);
        lateness = Histogram.builder().name("ldirector_check_lateness_seconds")
                .help("how late each scheduled check started (its count gives checks per second)")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5).register(registry);
        reloadSuccess = Gauge.builder().name("ldirector_config_last_reload_successful")
                .help("1 if the last configuration reload worked").register(registry);
        reloadTimestamp = Gauge.builder().name("ldirector_config_last_reload_success_timestamp_seconds")
                .help("when the configuration was last loaded successfully").register(registry);
        checks = Counter.builder().name("ldirector_checks").help("check results applied (rate() gives checks per second)")
                .register(registry);
        checkFailures = Counter.builder().name("ldirector_check_failures").help("failed checks of the real")
                .labelNames(REAL).register(registry);
        checkDuration = Histogram.builder().name("ldirector_check_duration_seconds").help("how long each check of the real took")
                .labelNames(REAL).classicUpperBounds(0.005, 0.025, 0.1, 0.5, 2.5, 10).register(registry);
        clusterGauge("ldirector_cluster_active", "1 on the director holding the virtual IPs, 0 on a standby",
                c -> c.role() == Role.ACTIVE ? 1 : 0);
        clusterGauge("ldirector_cluster_members_seen", "directors of ha.cf currently in the cluster",
                c -> c.members().stream().filter(m -> m.inCluster()).count());
        clusterGauge("ldirector_cluster_replication_entries", "entries of the replicated connection table",
                c -> c.replication().entries());
        clusterGauge("ldirector_cluster_replication_lag_seconds",
                "age of the last connection-table change sent (active) or applied (standby); absent before the first",
                c -> c.replication().lastUpdate().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        reloadSuccess.set(1);
        reloadTimestamp.set(System.currentTimeMillis() / 1000.0);
    }

    @Override
    public void record(long nanos) {
        lateness.observe(Math.max(0, nanos) / 1e9);
    }

    @Override
    public void checked(RealKey real, boolean up, long durationNanos) {
        String[] labels = labels(real);
        checks.inc();
        if (!up) {
            checkFailures.labelValues(labels).inc();
        } else {
            checkFailures.labelValues(labels); // present at 0, so rate() and increase() see the first failure
        }
        checkDuration.labelValues(labels).observe(Math.max(0, durationNanos) / 1e9);
    }

    /** After a reload (or a failed one). */
    public void reloaded(boolean ok) {
        reloadSuccess.set(ok ? 1 : 0);
        if (ok) {
            reloadTimestamp.set(System.currentTimeMillis() / 1000.0);
        }
    }

    /** The text format of everything, for {@code snapshot}. */
    public synchronized byte[] render(StatusSnapshot snapshot) throws IOException {
        current = snapshot;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toByteArray();
    }

    public String contentType() {
        return writer.getContentType();
    }

    private interface RealVisitor {
        void visit(StatusSnapshot.Virtual v, StatusSnapshot.Real r);
    }

    private void eachReal(RealVisitor visitor) {
        for (StatusSnapshot.Virtual v : current.virtuals()) {
            for (StatusSnapshot.Real r : v.reals()) {
                visitor.visit(v, r);
            }
        }
    }

    private void realGauge(String name, String help, ToDoubleFunction<StatusSnapshot.Real> value) {
        Consumer<GaugeWithCallback.Callback> cb = value != null
                ? c -> eachReal((v, r) -> c.call(value.applyAsDouble(r), labels(v, r)))
                : c -> eachReal((v, r) -> r.kernelWeight().ifPresent(w -> c.call(w, labels(v, r))));
        GaugeWithCallback.builder().name(name).help(help).labelNames(REAL).callback(cb).register(registry);
    }

    private void virtualCounter(String name, String help, ToDoubleFunction<IpvsCounters> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames(VIRTUAL).callback(cb -> {
            for (StatusSnapshot.Virtual v : current.virtuals()) {
                cb.call(value.applyAsDouble(v.counters()), labels(v));
            }
        }).register(registry);
    }

    /** The one state a real is in: the operator's mark first, then health. */
    static String state(StatusSnapshot.Real r) {
        return r.admin().isEmpty() ? r.health() : r.admin();
    }

    private void clusterGauge(String name, String help, ToDoubleFunction<ClusterStatus> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> current.cluster().ifPresent(c -> {
            double d = value.applyAsDouble(c);
            if (!Double.isNaN(d)) {
                cb.call(d);
            }
        })).register(registry);
    }

    /** node_exporter's labels of a real, from the engine's key (the same values as {@link #labels(StatusSnapshot.Virtual, StatusSnapshot.Real)}). */
    static String[] labels(RealKey k) {
        Endpoint remote = KernelRules.realName(k.virtual(), k.real());
        return switch (k.virtual()) {
            case ServiceKey.Address a -> new String[] {a.endpoint().host(), Integer.toString(a.endpoint().port()), "",
                    a.protocol().listName(), remote.host(), Integer.toString(remote.port())};
            case ServiceKey.Fwmark f -> new String[] {"", "0", f.display(), "FWM", remote.host(), Integer.toString(remote.port())};
        };
    }

    private static String[] labels(StatusSnapshot.Virtual v) {
        return new String[] {v.localAddress(), Integer.toString(v.localPort()), v.localMark(), v.proto()};
    }

    private static String[] labels(StatusSnapshot.Virtual v, StatusSnapshot.Real r) {
        return new String[] {v.localAddress(), Integer.toString(v.localPort()), v.localMark(), v.proto(), r.address(),
                Integer.toString(r.port())};
    }

    private static String[] append(String[] a, String s) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = s;
        return out;
    }
}
