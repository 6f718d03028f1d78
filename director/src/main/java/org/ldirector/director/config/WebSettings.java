package org.ldirector.director.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The web interface's directives (our extension, docs/compatibility.md): {@code web = [ADDRESS:]PORT},
 * {@code webpasswd = FILE}, {@code webcert = FILE}, {@code webkey = FILE}.
 *
 * @param address where to listen, present when {@code web=} is set (127.0.0.1 when the line gave no address)
 * @param port    the port, 0 when {@code web=} is not set
 * @param passwd  the htpasswd file with bcrypt entries; without it the actions are disabled
 * @param cert    PEM certificate chain; HTTPS when both cert and key are set
 * @param key     PEM private key (PKCS#8)
 */
public record WebSettings(Optional<InetAddress> address, int port, Optional<Path> passwd, Optional<Path> cert,
                          Optional<Path> key) {

    public static final WebSettings NONE = new WebSettings(Optional.empty(), 0, Optional.empty(), Optional.empty(),
            Optional.empty());

    public WebSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwd, "passwd");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("webcert and webkey go together");
        }
    }

    /** Whether {@code web=} turns the interface on. */
    public boolean enabled() {
        return address.isPresent();
    }

    public boolean https() {
        return cert.isPresent();
    }
}
