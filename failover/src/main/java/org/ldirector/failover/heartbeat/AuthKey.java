package org.ldirector.failover.heartbeat;

/**
 * The authkeys key in force ({@code auth N} and its {@code N sha1|md5 secret} line). The secret keys the cluster's
 * encryption; {@link #toString()} never shows it.
 */
public record AuthKey(int id, String method, String secret) {

    @Override
    public String toString() {
        return "AuthKey[id=" + id + ", method=" + method + ", secret=********]";
    }
}
