package org.ldirector.director.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The log4j configuration built by {@link LogSetup}: logger {@code ldirectord} (debug lines only under {@code -d})
 * and, for other libraries, the root logger at WARN, both into one {@link LdirectordAppender}.
 */
final class LdirectordConfiguration extends AbstractConfiguration {

    private final LdirectordAppender appender;
    private final Level ldirectordLevel;

    LdirectordConfiguration(LoggerContext context, LdirectordAppender appender, Level ldirectordLevel) {
        super(context, ConfigurationSource.NULL_SOURCE);
        this.appender = appender;
        this.ldirectordLevel = ldirectordLevel;
        setName("ldirector");
        // Set before log4j would resolve the host name (and print a stack trace when it does not resolve).
        getProperties().put(StartupConfigurationFactory.HOST_NAME, StartupConfigurationFactory.unameN());
        // The daemon logs while it stops (purging IPVS, "terminated on signal"); log4j's own shutdown hook
        // would stop the appender first. Writes are synchronous, so nothing is left to flush at exit.
        isShutdownHookEnabled = false;
    }

    @Override
    protected void doConfigure() {
        addAppender(appender);
        LoggerConfig root = getRootLogger();
        root.setLevel(Level.WARN);
        root.addAppender(appender, null, null);
        LoggerConfig ldirectord = LoggerConfig.newBuilder()
                .setLoggerName(LogSetup.LOGGER_NAME)
                .setLevel(ldirectordLevel)
                .setAdditivity(false)
                .setConfig(this)
                .build();
        ldirectord.addAppender(appender, null, null);
        addLogger(LogSetup.LOGGER_NAME, ldirectord);
    }
}
