package org.ldirector.director.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One virtual section while it is being read: ldirectord's {@code %vsrv} hash. Null means "not given" where
 * ldirectord tests {@code defined} (or uses -1), so that the global value can be inherited afterwards.
 */
final class SectionDraft {

    /** A {@code real=} line, kept as text until the section ends ({@code read_config}). */
    record PendingReal(String text, int line) {
    }

    final int virtualLine;
    final HostResolver.Family family;

    // The virtual= line: either host + raw port, or a firewall mark.
    String host;
    String rawPort;
    long fwmark;

    String protocol;
    String service;
    CheckType checkType = CheckType.NEGOTIATE;
    int combinedConnects;
    String scheduler = "wrr";
    String checkCommand = "/bin/true";
    /** The check options' directives ({@link CheckSettings#DIRECTIVES}) by name, from their initial values. */
    final Map<String, String> options = new HashMap<>(CheckSettings.initialValues());
    boolean ops;
    Integer checkTimeout;
    Integer negotiateTimeout;
    Integer checkCount;
    Integer failureCount;
    /** {@code rise} (our extension). */
    Integer rise;
    Integer checkInterval;
    Integer checkPort;
    String load;
    Integer persistent;
    String schedFlags;
    String netmask;
    ServerLines.FallbackDraft fallback;
    int fallbackLine;
    String fallbackCommand;
    Boolean quiescent;
    String emailAlert;
    Integer emailAlertFreq;
    Set<EmailAlert.DaemonStatus> emailAlertStatus;
    String monitorFile;
    Boolean cleanstop;
    String smtp;
    String serviceName;
    String comment;
    /** notify, monalert, monupalert (our extension). */
    final HookDirectives.Draft hooks = new HookDirectives.Draft();
    final List<PendingReal> pendingReals = new ArrayList<>();

    // Filled in when the section ends.
    ServerLines.ResolvedFallback resolvedFallback;
    InetAddress address;
    int port;
    final List<RealServer> reals = new ArrayList<>();

    SectionDraft(int virtualLine, HostResolver.Family family) {
        this.virtualLine = virtualLine;
        this.family = family;
    }

    boolean isFwmark() {
        return host == null;
    }
}
