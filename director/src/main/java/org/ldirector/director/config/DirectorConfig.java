package org.ldirector.director.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ldirector.director.ipvs.ServiceKey;

/**
 * A parsed and resolved ldirectord.cf.
 *
 * @param file     the file it was read from
 * @param digest   hex MD5 of the file's bytes (for autoreload, as ldirectord's check_cfgfile)
 * @param globals  the global directives
 * @param virtuals the virtual services, in file order
 * @param warnings warnings already formatted the way ldirectord prints them
 *                 ({@code Warning [<pid>] reading file F at line N: msg} without the pid filled in — see {@link ConfigMessage})
 */
public record DirectorConfig(Path file, String digest, GlobalSettings globals, List<VirtualService> virtuals,
                             List<ConfigMessage> warnings) {

    public DirectorConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(globals, "globals");
        virtuals = List.copyOf(virtuals);
        warnings = List.copyOf(warnings);
    }

    public Optional<VirtualService> virtual(ServiceKey key) {
        return virtuals.stream().filter(v -> v.key().equals(key)).findFirst();
    }
}
