package org.ldirector.director.config;

import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every part of one parse shares: the injected look-ups, the file name for messages, the warnings so far. */
final class ParseContext {

    final String file;
    final HostResolver resolver;
    final ServicePorts services;
    final String hostname;
    final FileProbe files;
    private final List<ConfigMessage> warnings = new ArrayList<>();

    ParseContext(String file, HostResolver resolver, ServicePorts services, String hostname, FileProbe files) {
        this.file = file;
        this.resolver = resolver;
        this.services = services;
        this.hostname = hostname;
        this.files = files;
    }

    /** ldirectord's {@code config_error}: the exception to throw, carrying the warnings printed before it. */
    ConfigException error(int line, String message) {
        return new ConfigException(file, line, message, warnings);
    }

    /**
     * A value that names a file ({@code logfile}, {@code monitorfile}, {@code maintenancedir}, {@code execute}, …):
     * one that cannot be a path (a NUL byte) is an error at its line, not a failure later when it is used.
     */
    String path(int line, String value, String directive) throws ConfigException {
        try {
            Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw error(line, "invalid " + directive + " path: " + e.getReason());
        }
        return value;
    }

    /** ldirectord's {@code config_warn}. */
    void warn(int line, String message) {
        warnings.add(new ConfigMessage(ConfigMessage.Severity.WARNING, file, line, message));
    }

    List<ConfigMessage> warnings() {
        return List.copyOf(warnings);
    }

    private static final Pattern BRACKETED = PerlText.re("\\[(.*)\\]");
    private static final Pattern NUMBER = PerlText.re("^[0-9]+$");

    /**
     * {@code ld_gethostbyname}: strips {@code [...]} (unanchored, as the Perl does), then getaddrinfo with the family.
     *
     * @return the address, or null when the name does not resolve
     */
    InetAddress hostByName(String name, HostResolver.Family family) {
        Matcher m = BRACKETED.matcher(name);
        String host = m.find() ? m.group(1) : name;
        return resolver.resolve(host, family).orElse(null);
    }

    /**
     * {@code ld_getservbyname}: a number is taken as is if it is below 65536; a name goes through getservbyname.
     *
     * @param protocol {@code tcp}, {@code udp}, {@code fwm} (no name resolves) or {@code ""} for any
     * @return the port, or null
     */
    Integer servByName(String name, String protocol) {
        if (NUMBER.matcher(name).find()) {
            long n = PerlText.number(name);
            return n < 65536 ? (int) n : null;
        }
        OptionalInt port = services.port(name, protocol);
        return port.isPresent() && port.getAsInt() >= 0 && port.getAsInt() < 65536 ? port.getAsInt() : null;
    }
}
