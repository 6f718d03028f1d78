package org.ldirector.director.web;

import java.time.Instant;
import java.util.Optional;

import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.failover.ClusterStatus;
import org.ldirector.failover.MemberStatus;
import org.ldirector.failover.ReplicationStatus;

/** {@code /status.json}: the snapshot as JSON (written by hand: a handful of value types, no mapper needed). */
final class StatusJson {

    private StatusJson() {
    }

    static String render(StatusSnapshot s) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"taken\":").append(str(s.taken().toString()));
        b.append(",\"ipvs_error\":").append(s.ipvsError().map(StatusJson::str).orElse("null"));
        b.append(",\"cluster\":").append(s.cluster().map(StatusJson::cluster).orElse("null"));
        b.append(",\"virtuals\":[");
        boolean firstV = true;
        for (StatusSnapshot.Virtual v : s.virtuals()) {
            b.append(firstV ? "" : ",");
            firstV = false;
            b.append("{\"id\":").append(str(v.id())).append(",\"proto\":").append(str(v.proto()))
                    .append(",\"scheduler\":").append(str(v.scheduler()))
                    .append(",\"fallback_active\":").append(v.fallbackActive())
                    .append(",\"counters\":").append(counters(v.counters())).append(",\"reals\":[");
            boolean firstR = true;
            for (StatusSnapshot.Real r : v.reals()) {
                b.append(firstR ? "" : ",");
                firstR = false;
                b.append("{\"real\":").append(str(r.endpoint())).append(",\"health\":").append(str(r.health()))
                        .append(",\"admin\":").append(r.admin().isEmpty() ? "null" : str(r.admin()))
                        .append(",\"weight\":").append(r.configuredWeight())
                        .append(",\"kernel_weight\":").append(r.kernelWeight().map(String::valueOf).orElse("null"))
                        .append(",\"failures\":").append(r.failures())
                        .append(",\"last_result\":").append(str(r.lastResult()))
                        .append(",\"last_check\":").append(instant(r.lastCheck()))
                        .append(",\"since\":").append(str(r.since().toString()))
                        .append(",\"transitions\":").append(r.transitions())
                        .append(",\"history\":[");
                boolean firstT = true;
                for (StatusSnapshot.Transition t : r.history()) {
                    b.append(firstT ? "" : ",");
                    firstT = false;
                    b.append("{\"at\":").append(str(t.at().toString())).append(",\"from\":").append(str(t.from()))
                            .append(",\"to\":").append(str(t.to())).append(",\"reason\":").append(str(t.reason())).append('}');
                }
                b.append("],\"counters\":").append(counters(r.counters())).append('}');
            }
            b.append("]}");
        }
        return b.append("]}\n").toString();
    }

    private static String instant(Optional<Instant> i) {
        return i.map(x -> str(x.toString())).orElse("null");
    }

    private static String counters(IpvsCounters c) {
        return "{\"active_connections\":" + c.activeConnections() + ",\"inactive_connections\":" + c.inactiveConnections()
                + ",\"connections\":" + c.connections() + ",\"packets_in\":" + c.packetsIn() + ",\"packets_out\":"
                + c.packetsOut() + ",\"bytes_in\":" + c.bytesIn() + ",\"bytes_out\":" + c.bytesOut()
                + ",\"connections_per_second\":" + c.connectionsPerSecond() + ",\"bytes_in_per_second\":"
                + c.bytesInPerSecond() + ",\"bytes_out_per_second\":" + c.bytesOutPerSecond() + "}";
    }

    private static String cluster(ClusterStatus c) {
        StringBuilder b = new StringBuilder("{\"node\":").append(str(c.localNode()))
                .append(",\"role\":").append(str(c.role().name().toLowerCase(java.util.Locale.ROOT)))
                .append(",\"active_node\":").append(c.activeNode().map(StatusJson::str).orElse("null"))
                .append(",\"members\":[");
        for (int i = 0; i < c.members().size(); i++) {
            MemberStatus m = c.members().get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(m.name())).append(",\"local\":").append(m.local())
                    .append(",\"in_cluster\":").append(m.inCluster())
                    .append(",\"role\":").append(m.role() == null ? "null" : str(m.role().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"last_heartbeat_ms\":").append(m.lastHeartbeat().map(d -> Long.toString(d.toMillis())).orElse("null"))
                    .append(",\"ping_ok\":").append(m.pingOk()).append(",\"eligible\":").append(m.eligible()).append('}');
        }
        b.append("],\"virtual_ips_held\":[");
        for (int i = 0; i < c.heldAddresses().size(); i++) {
            b.append(i == 0 ? "" : ",").append(str(c.heldAddresses().get(i)));
        }
        ReplicationStatus r = c.replication();
        return b.append("],\"sync\":{\"daemon\":").append(str(r.syncDaemon().name().toLowerCase(java.util.Locale.ROOT)))
                .append(",\"epoch\":").append(r.epoch()).append(",\"version\":").append(r.version())
                .append(",\"entries\":").append(r.entries())
                .append(",\"last_update_ms\":").append(r.lastUpdate().map(d -> Long.toString(d.toMillis())).orElse("null"))
                .append("}}").toString();
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
