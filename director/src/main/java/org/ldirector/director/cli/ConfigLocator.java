package org.ldirector.director.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ldirectord's config lookup ({@code ld_init}): {@code /etc/ha.d/X} if it exists, else
 * {@code /etc/ha.d/conf/X}, else {@code X} as given. The result is made absolute at once, so a
 * relative name keeps working on reload (ldirectord chdirs to / and then cannot find it again).
 */
public final class ConfigLocator {

    private final Path haDir;

    public ConfigLocator(Path haDir) {
        this.haDir = haDir;
    }

    /** {@code /etc/ha.d}, or the {@code ldirector.hadir} system property (tests). */
    public static ConfigLocator system() {
        return new ConfigLocator(Path.of(System.getProperty("ldirector.hadir", "/etc/ha.d")));
    }

    public Optional<Path> locate(String config) {
        for (Path candidate : new Path[] {haDir.resolve(config), haDir.resolve("conf").resolve(config), Path.of(config)}) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }
}
