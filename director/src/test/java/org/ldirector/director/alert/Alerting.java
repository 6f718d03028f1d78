package org.ldirector.director.alert;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.VirtualService;

/** Configurations read by the real parser, and the table events the engine reports for them. */
final class Alerting {

    static final String HOSTNAME = "lb1.example.com";
    static final String USER = "root";

    private Alerting() {
    }

    static DirectorConfig config(String text) {
        try {
            return ConfigParser.system().read(Path.of("/etc/ha.d/ldirectord.cf"), text.getBytes(StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static VirtualService firstVirtual(String text) {
        return config(text).virtuals().getFirst();
    }

    static String vip(VirtualService v) {
        return v.key().display();
    }

    static TableEvent deleted(VirtualService v, String real) {
        return new TableEvent(TableEvent.Kind.DELETED_REAL, "Deleted real server: " + real + " (" + vip(v) + ")", real, v);
    }

    static TableEvent added(VirtualService v, String real, int weight) {
        return new TableEvent(TableEvent.Kind.ADDED_REAL,
                "Added real server: " + real + " (" + vip(v) + ") (Weight set to " + weight + ")", real, v);
    }

    static TableEvent quiescent(VirtualService v, String real) {
        return new TableEvent(TableEvent.Kind.QUIESCENT_REAL,
                "Quiescent real server: " + real + " (" + vip(v) + ") (Weight set to 0)", real, v);
    }

    static TableEvent readdQuiescent(VirtualService v, String real) {
        return new TableEvent(TableEvent.Kind.READD_QUIESCENT_REAL,
                "Readd Quiescent real server: " + real + " (" + vip(v) + ") (Weight set to 0)", real, v);
    }

    static TableEvent addedFallback(VirtualService v, String fallback) {
        return new TableEvent(TableEvent.Kind.ADDED_FALLBACK,
                "Added fallback server: " + fallback + " (" + vip(v) + ") (Weight set to 1)", fallback, v);
    }

    static TableEvent deletedFallback(VirtualService v, String fallback) {
        return new TableEvent(TableEvent.Kind.DELETED_FALLBACK,
                "Deleted fallback server: " + fallback + " (" + vip(v) + ")", fallback, v);
    }

    static TableEvent purgedVirtual(VirtualService v) {
        return new TableEvent(TableEvent.Kind.VIRTUAL, "Purged virtual server (start): " + vip(v), "", v);
    }
}
