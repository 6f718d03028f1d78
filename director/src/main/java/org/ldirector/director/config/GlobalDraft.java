package org.ldirector.director.config;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** The global directives while the file is being read: ldirectord's globals after {@code set_defaults()} (L1276). */
final class GlobalDraft {

    int checkInterval = 10;
    Integer checkTimeout;
    Integer negotiateTimeout;
    int checkCount = 1;
    int failureCount = 1;
    /** {@code rise} (our extension): consecutive successes before a down real comes back. */
    int rise = 1;
    String fallbackRaw;
    ServerLines.ResolvedFallback fallbackTcp;
    ServerLines.ResolvedFallback fallbackUdp;
    String fallback6Raw;
    ServerLines.ResolvedFallback fallback6Tcp;
    ServerLines.ResolvedFallback fallback6Udp;
    String fallbackCommand;
    boolean autoreload;
    String callback;
    String logfile = GlobalSettings.DEFAULT_LOGFILE;
    /** {@code execute=} values: a Perl hash in ldirectord, so a repeated value counts once. */
    final Set<String> execute = new LinkedHashSet<>();
    boolean fork;
    boolean supervised;
    boolean quiescent;
    boolean readdQuiescent;
    boolean cleanstop = true;
    String maintenanceDir;
    /** {@code failover = /etc/ha.d/ha.cf} (our extension). */
    String failover;
    /** The web interface (our extension, {@link WebSettings}). */
    java.net.InetAddress webAddress;
    int webPort;
    String webPasswd;
    String webCert;
    int webCertLine;
    String webKey;
    int webKeyLine;
    String emailAlert = "";
    int emailAlertFreq;
    Set<EmailAlert.DaemonStatus> emailAlertStatus = EnumSet.allOf(EmailAlert.DaemonStatus.class);
    String emailAlertFrom;
    String smtp;
    /** notify, monalert, monupalert, notifyfifo (our extension, {@link HookSettings}). */
    final HookDirectives.Draft hooks = new HookDirectives.Draft();
}
