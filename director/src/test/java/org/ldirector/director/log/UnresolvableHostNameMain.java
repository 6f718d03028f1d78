package org.ldirector.director.log;

import org.apache.logging.log4j.LogManager;

/** Run by {@link UnresolvableHostNameTest} in a child JVM: logs before and after {@link LogSetup#configure}. */
public final class UnresolvableHostNameMain {

    private UnresolvableHostNameMain() {
    }

    public static void main(String[] args) {
        LogManager.getLogger(LogSetup.LOGGER_NAME).info("before setup");
        LogSetup.configure(new LogDestination.Debug(), LogSetup.DEFAULT_CFGNAME);
        LogManager.getLogger(LogSetup.LOGGER_NAME).info("after setup");
    }
}
