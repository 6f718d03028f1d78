package org.ldirector.director.engine;

import org.ldirector.director.config.Service;
import org.ldirector.monitor.Monitor;

/**
 * Where the engine gets its monitors. {@link StandardMonitors} is the real one; engine unit tests
 * may script results through their own implementation.
 */
public interface MonitorFactory {

    /** The negotiate check for {@code service}; null for {@link Service#NONE} (always up). */
    Monitor negotiate(Service service);

    /** A TCP connect check. */
    Monitor connect();

    /** An ICMP echo check with {@code count} attempts. */
    Monitor ping(int count);

    /** {@code checktype=external}: run {@code command} without a shell. */
    Monitor external(String command);

    /** {@code checktype=external-perl}: run {@code command} with the system perl. */
    Monitor externalPerl(String command);
}
