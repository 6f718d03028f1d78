package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.ldirector.director.config.ConfigParser;
import org.ldirector.director.config.DirectorConfig;

/** Runs the import command as the CLI does and reads what it wrote with our own parser. */
final class Imports {

    record Run(int exit, String out, String err, Path dir) {

        DirectorConfig config() throws Exception {
            return ConfigParser.system().read(dir.resolve("ldirectord.cf"));
        }
    }

    private Imports() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Imports.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), dir);
    }

    /** {@code import SOURCE --to DIR}, expected to write a configuration that our parser accepts. */
    static Run imported(Path source, Path dir, String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = source.toString();
        args[1] = "--to";
        args[2] = dir.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        Run r = run(dir, args);
        assertThat(r.exit()).as("exit of import %s\n%s%s", source, r.out(), r.err()).isIn(0, 3);
        r.config();
        return r;
    }
}
