package org.ldirector.director.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The ldirectord log lines (info level, as {@code ld_log} writes them) logged during one test. */
public final class LogLines implements BeforeEachCallback, AfterEachCallback {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender collector = new AbstractAppender("email-alerts-test", null, null, true,
            Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            if (event.getLevel() == Level.INFO) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        }
    };
    private Logger logger;
    private Level previousLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        logger = (Logger) LogManager.getLogger("ldirectord");
        previousLevel = logger.getLevel();
        collector.start();
        logger.addAppender(collector);
        logger.setLevel(Level.INFO);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeAppender(collector);
        logger.setLevel(previousLevel);
        collector.stop();
    }

    public List<String> all() {
        return List.copyOf(lines);
    }

    /** The lines that start with {@code prefix}. */
    public List<String> startingWith(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
