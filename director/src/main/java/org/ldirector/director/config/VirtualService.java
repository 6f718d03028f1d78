package org.ldirector.director.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * One {@code virtual=}/{@code virtual6=} section, fully resolved: every value that ldirectord takes
 * "per virtual, else global" is already the effective value here.
 *
 * @param ipvs            the IPVS service settings (key, scheduler, persistence, netmask, flags, ops)
 * @param lineNumber      line of the {@code virtual=} line
 * @param reals           the real servers (ranges expanded), in config order
 * @param fallback        the effective fallback server (per-virtual, else global with the virtual's port)
 * @param check           how reals are checked
 * @param quiescent       effective {@code quiescent}
 * @param cleanstop       effective {@code cleanstop}
 * @param fallbackCommand effective {@code fallbackcommand}
 * @param emailAlert      effective e-mail settings
 * @param monitorFile     {@code monitorfile}
 * @param serviceName     {@code servicename}
 * @param comment         {@code comment}
 * @param load            {@code load="..."} (its first word): stored by ldirectord and never used
 * @param hooks           effective {@code notify}, {@code monalert}, {@code monupalert} (and the global {@code notifyfifo})
 */
public record VirtualService(IpvsService ipvs, int lineNumber, List<RealServer> reals, Optional<FallbackServer> fallback,
                             CheckSettings check, boolean quiescent, boolean cleanstop, Optional<String> fallbackCommand,
                             EmailAlert emailAlert, Optional<Path> monitorFile, Optional<String> serviceName,
                             Optional<String> comment, Optional<String> load, HookSettings hooks) {

    public VirtualService {
        Objects.requireNonNull(ipvs, "ipvs");
        reals = List.copyOf(reals);
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(fallbackCommand, "fallbackCommand");
        Objects.requireNonNull(emailAlert, "emailAlert");
        Objects.requireNonNull(monitorFile, "monitorFile");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(hooks, "hooks");
    }

    /** Without event hooks (for callers that predate them). */
    public VirtualService(IpvsService ipvs, int lineNumber, List<RealServer> reals, Optional<FallbackServer> fallback,
                          CheckSettings check, boolean quiescent, boolean cleanstop, Optional<String> fallbackCommand,
                          EmailAlert emailAlert, Optional<Path> monitorFile, Optional<String> serviceName,
                          Optional<String> comment, Optional<String> load) {
        this(ipvs, lineNumber, reals, fallback, check, quiescent, cleanstop, fallbackCommand, emailAlert, monitorFile,
                serviceName, comment, load, HookSettings.NONE);
    }

    /** Without {@code load} (the usual case). */
    public VirtualService(IpvsService ipvs, int lineNumber, List<RealServer> reals, Optional<FallbackServer> fallback,
                          CheckSettings check, boolean quiescent, boolean cleanstop, Optional<String> fallbackCommand,
                          EmailAlert emailAlert, Optional<Path> monitorFile, Optional<String> serviceName,
                          Optional<String> comment) {
        this(ipvs, lineNumber, reals, fallback, check, quiescent, cleanstop, fallbackCommand, emailAlert, monitorFile,
                serviceName, comment, Optional.empty());
    }

    public ServiceKey key() {
        return ipvs.key();
    }
}
