package org.ldirector.director.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The top-level (column-0) directives of ldirectord.cf ({@code set_defaults}), with ldirectord's defaults.
 * Values that virtuals inherit are also resolved into each {@link VirtualService}.
 *
 * @param checkInterval    seconds between check rounds (default 10)
 * @param checkTimeout     global {@code checktimeout}, if set
 * @param negotiateTimeout global {@code negotiatetimeout}, if set
 * @param checkCount       default 1
 * @param failureCount     default 1
 * @param rise             default 1 (our extension)
 * @param fallback         raw global {@code fallback=} text, if set (already resolved into the virtuals)
 * @param fallback6        raw global {@code fallback6=} text, if set
 * @param fallbackCommand  global {@code fallbackcommand}
 * @param autoreload       default no
 * @param callback         {@code callback="..."}
 * @param logfile          {@code logfile="..."}: a path starting with {@code /}, or a syslog facility name
 * @param execute          {@code execute=} configs, in order
 * @param fork             default no
 * @param supervised       default no
 * @param quiescent        default no
 * @param readdQuiescent   default no
 * @param cleanstop        default yes
 * @param maintenanceDir   {@code maintenancedir}
 * @param emailAlert       global e-mail settings
 * @param failover         {@code failover = /etc/ha.d/ha.cf}: cluster mode with Heartbeat's files (our extension)
 * @param web              {@code web}, {@code webpasswd}, {@code webcert}, {@code webkey}: the web interface (our extension)
 * @param hooks            {@code notify}, {@code monalert}, {@code monupalert}, {@code notifyfifo}: event hooks (our extension)
 */
public record GlobalSettings(int checkInterval, OptionalInt checkTimeout, OptionalInt negotiateTimeout, int checkCount,
                             int failureCount, int rise, Optional<String> fallback, Optional<String> fallback6,
                             Optional<String> fallbackCommand, boolean autoreload, Optional<String> callback,
                             String logfile, List<String> execute, boolean fork, boolean supervised, boolean quiescent,
                             boolean readdQuiescent, boolean cleanstop, Optional<Path> maintenanceDir,
                             EmailAlert emailAlert, Optional<Path> failover, WebSettings web, HookSettings hooks) {

    public static final String DEFAULT_LOGFILE = "/var/log/ldirectord.log";

    public GlobalSettings {
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(negotiateTimeout, "negotiateTimeout");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(fallback6, "fallback6");
        Objects.requireNonNull(fallbackCommand, "fallbackCommand");
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(logfile, "logfile");
        execute = List.copyOf(execute);
        Objects.requireNonNull(maintenanceDir, "maintenanceDir");
        Objects.requireNonNull(emailAlert, "emailAlert");
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(hooks, "hooks");
    }

    /** Without event hooks (for callers that predate them). */
    public GlobalSettings(int checkInterval, OptionalInt checkTimeout, OptionalInt negotiateTimeout, int checkCount,
                          int failureCount, int rise, Optional<String> fallback, Optional<String> fallback6,
                          Optional<String> fallbackCommand, boolean autoreload, Optional<String> callback,
                          String logfile, List<String> execute, boolean fork, boolean supervised, boolean quiescent,
                          boolean readdQuiescent, boolean cleanstop, Optional<Path> maintenanceDir,
                          EmailAlert emailAlert, Optional<Path> failover, WebSettings web) {
        this(checkInterval, checkTimeout, negotiateTimeout, checkCount, failureCount, rise, fallback, fallback6,
                fallbackCommand, autoreload, callback, logfile, execute, fork, supervised, quiescent, readdQuiescent,
                cleanstop, maintenanceDir, emailAlert, failover, web, HookSettings.NONE);
    }

    /** Without the web interface (for callers that predate it). */
    public GlobalSettings(int checkInterval, OptionalInt checkTimeout, OptionalInt negotiateTimeout, int checkCount,
                          int failureCount, int rise, Optional<String> fallback, Optional<String> fallback6,
                          Optional<String> fallbackCommand, boolean autoreload, Optional<String> callback,
                          String logfile, List<String> execute, boolean fork, boolean supervised, boolean quiescent,
                          boolean readdQuiescent, boolean cleanstop, Optional<Path> maintenanceDir,
                          EmailAlert emailAlert, Optional<Path> failover) {
        this(checkInterval, checkTimeout, negotiateTimeout, checkCount, failureCount, rise, fallback, fallback6,
                fallbackCommand, autoreload, callback, logfile, execute, fork, supervised, quiescent, readdQuiescent,
                cleanstop, maintenanceDir, emailAlert, failover, WebSettings.NONE);
    }

    /** ldirectord's {@code set_defaults()}. */
    public static GlobalSettings defaults() {
        return new GlobalSettings(10, OptionalInt.empty(), OptionalInt.empty(), 1, 1, 1, Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), DEFAULT_LOGFILE, List.of(), false, false, false, false, true,
                Optional.empty(), EmailAlert.NONE, Optional.empty());
    }
}
