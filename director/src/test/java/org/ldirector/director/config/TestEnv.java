package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ldirector.director.ipvs.Addresses;

/**
 * A parser wired to stand-ins: a resolver with a fixed table (no DNS), the built-in service table, a fixed host
 * name and a file system where every file can be opened and only the listed directories exist.
 */
final class TestEnv {

    static final String HOSTNAME = "lb1.example.com";
    static final Path FILE = Path.of("/etc/ha.d/ldirectord.cf");

    final Map<String, List<InetAddress>> names = new HashMap<>();
    final Set<String> directories = new HashSet<>();
    final Map<String, String> appendErrors = new HashMap<>();
    final List<String> appended = new ArrayList<>();

    TestEnv() {
        host("localhost", "127.0.0.1", "::1");
        host("web1.example.com", "10.0.0.1");
        host("web2.example.com", "10.0.0.2");
        host("sql01", "10.1.0.1");
        host("sql03", "10.1.0.3");
        host("vip.example.com", "192.0.2.80", "2001:db8::80");
        host("v6only.example.com", "2001:db8::6");
    }

    TestEnv host(String name, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(Addresses.parseLiteral(a));
        }
        names.put(name, list);
        return this;
    }

    HostResolver resolver() {
        return (name, family) -> {
            List<InetAddress> candidates = names.get(name);
            if (candidates == null) {
                candidates = literal(name);
            }
            return candidates.stream().filter(a -> (a instanceof Inet6Address) == (family == HostResolver.Family.IPV6))
                    .findFirst();
        };
    }

    /** IP literals, including the inet_aton single-number form ("5060" = 0.0.19.196) that getaddrinfo accepts. */
    private static List<InetAddress> literal(String name) {
        if (name.matches("\\d{1,10}") && Long.parseLong(name) <= 0xFFFF_FFFFL) {
            long v = Long.parseLong(name);
            try {
                return List.of(InetAddress.getByAddress(
                        new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return List.of(Addresses.parseLiteral(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    FileProbe files() {
        return new FileProbe() {
            @Override
            public Optional<String> appendError(String path) {
                appended.add(path);
                return Optional.ofNullable(appendErrors.get(path.strip()));
            }

            @Override
            public boolean isDirectory(String path) {
                return directories.contains(path);
            }
        };
    }

    ConfigParser parser() {
        return new ConfigParser(resolver(), ServicePorts.builtIn(), HOSTNAME, files());
    }

    DirectorConfig parse(String text) throws ConfigException {
        return parser().read(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses text that must fail, and returns the error. */
    ConfigException error(String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(text));
        assertThat(e).as("expected a config error for:%n%s", text).isNotNull();
        return e;
    }

    static byte[] sample(String name) {
        try (InputStream in = TestEnv.class.getResourceAsStream("/config/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DirectorConfig parseSample(String name) throws ConfigException {
        return parser().read(Path.of(name), sample(name));
    }
}
