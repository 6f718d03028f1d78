package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ExecuteDirectives;

/**
 * Refuses a configuration whose {@code execute=} files lead back to a file already on the way (itself, directly or
 * through others). ldirectord starts them anyway: each {@code start} then finds the other running, but {@code stop}
 * of one waits for the {@code stop} of the next, which waits for the first to exit. The files are looked up as
 * {@link ExecuteInstances}' children will look them up ({@link ConfigLocator}); a file that is not found or cannot be
 * read ends its path here (its own start reports it).
 */
final class ExecuteCycles {

    private final ConfigLocator locator;

    ExecuteCycles(ConfigLocator locator) {
        this.locator = locator;
    }

    /** @throws ConfigException at the {@code execute=} line that closes a cycle, with the whole chain in its message */
    void check(Path config) throws ConfigException {
        walk(config, new ArrayList<>(), new ArrayList<>(), new HashSet<>());
    }

    /** {@code chain}: the real paths from the top file to {@code file}'s parent; {@code shown}: the same as located. */
    private void walk(Path file, List<Path> chain, List<Path> shown, Set<Path> done) throws ConfigException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        chain.add(canonical(file));
        shown.add(file);
        for (ExecuteDirectives.Line line : ExecuteDirectives.of(content)) {
            Optional<Path> found = locator.locate(line.value().strip());
            if (found.isEmpty()) {
                continue;
            }
            Path next = canonical(found.get());
            if (chain.contains(next)) {
                List<Path> cycle = new ArrayList<>(shown.subList(chain.indexOf(next), shown.size()));
                cycle.add(found.get());
                throw new ConfigException(file.toString(), line.number(), "execute=" + line.value().strip()
                        + " makes a cycle of configurations executing each other: "
                        + cycle.stream().map(Path::toString).collect(Collectors.joining(" -> ")));
            }
            if (done.add(next)) {
                walk(found.get(), chain, shown, done);
            }
        }
        chain.remove(chain.size() - 1);
        shown.remove(shown.size() - 1);
    }

    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
