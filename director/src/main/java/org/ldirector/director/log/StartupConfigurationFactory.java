package org.ldirector.director.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;

/**
 * Reads log4j2.xml (the configuration until {@link LogSetup#configure} runs) with the {@code hostName} property
 * already set. log4j fills that property in when a configuration starts by resolving the local host name, and
 * when the name does not resolve (common on directors, whose names often are in no DNS) it prints
 * {@code Could not determine local host name} with a stack trace on stderr at every start. Nothing of ours uses
 * {@code ${hostName}}; it gets {@code uname -n}, which is what Heartbeat calls the node. Named by
 * {@code log4j2.configurationFactory} in log4j2.component.properties.
 */
public final class StartupConfigurationFactory extends ConfigurationFactory {

    static final String HOST_NAME = "hostName";

    @Override
    protected String[] getSupportedTypes() {
        return new String[] {".xml"};
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
        Configuration c = new XmlConfiguration(context, source);
        c.getProperties().put(HOST_NAME, unameN());
        return c;
    }

    /** The kernel's host name ({@code uname -n}), without any name resolution; "localhost" if unreadable. */
    static String unameN() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return n.isEmpty() ? "localhost" : n;
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
