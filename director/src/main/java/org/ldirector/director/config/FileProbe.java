package org.ldirector.director.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file-system tests ldirectord makes while it reads its configuration: {@code logfile} and {@code monitorfile}
 * are opened for append and closed again (creating them), {@code maintenancedir} is tested with {@code -d}.
 */
public interface FileProbe {

    /**
     * Opens {@code path} for append (creating it) and closes it, as Perl's {@code open(F, ">>$path")}.
     *
     * @return empty on success, else the {@code strerror} text ldirectord prints ({@code No such file or directory}, …)
     */
    Optional<String> appendError(String path);

    /** Perl's {@code -d path}. */
    boolean isDirectory(String path);

    /** The real file system. */
    static FileProbe system() {
        return new FileProbe() {
            @Override
            public Optional<String> appendError(String path) {
                // Perl's two-argument open drops leading and trailing white space from the name.
                String name = path.strip();
                if (name.isEmpty()) {
                    return Optional.of("No such file or directory");
                }
                try {
                    Files.newOutputStream(Path.of(name), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE).close();
                    return Optional.empty();
                } catch (NoSuchFileException e) {
                    return Optional.of("No such file or directory");
                } catch (AccessDeniedException e) {
                    return Optional.of("Permission denied");
                } catch (FileSystemException e) {
                    return Optional.of(e.getReason() != null ? e.getReason() : "Input/output error");
                } catch (IOException | InvalidPathException e) {
                    return Optional.of(e.getMessage() != null ? e.getMessage() : "Input/output error");
                }
            }

            @Override
            public boolean isDirectory(String path) {
                try {
                    return !path.isEmpty() && Files.isDirectory(Path.of(path));
                } catch (InvalidPathException e) {
                    return false;
                }
            }
        };
    }
}
