package org.ldirector.director.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ldirectord import SOURCE --to DIR [--from lvs.cf|keepalived] [--node-names NAME1,NAME2]}. Exit 0: all carried
 * over; 3: written, but the report lists what was left out or approximated; 2: the source cannot be read or has a
 * syntax error (file:line); 1: an output file exists or cannot be written; 255: usage.
 */
public final class ImportCommand {

    static final String USAGE = "Usage: ldirectord import SOURCE --to DIR [--from lvs.cf|keepalived]"
            + " [--node-names NAME1,NAME2]\n";

    private ImportCommand() {
    }

    /** {@code args} are the words after {@code import}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path source = null;
        Path to = null;
        Optional<SourceFormat> format = Optional.empty();
        List<String> nodes = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--to" -> {
                    if (!hasValue) {
                        return usage(err, "--to needs a directory");
                    }
                    to = Path.of(args[++i]);
                }
                case "--from" -> {
                    if (!hasValue || (format = SourceFormat.fromOption(args[++i])).isEmpty()) {
                        return usage(err, "--from must be lvs.cf or keepalived");
                    }
                }
                case "--node-names" -> {
                    if (!hasValue) {
                        return usage(err, "--node-names needs two names: NAME1,NAME2");
                    }
                    nodes = List.of(args[++i].split(",", -1));
                    if (nodes.size() != 2 || nodes.stream().anyMatch(n -> !n.matches("[A-Za-z0-9._-]+"))) {
                        return usage(err, "--node-names needs two names: NAME1,NAME2");
                    }
                }
                default -> {
                    if (a.startsWith("-") || source != null) {
                        return usage(err, "unexpected argument: " + a);
                    }
                    source = Path.of(a);
                }
            }
        }
        if (source == null || to == null) {
            return usage(err, source == null ? "no SOURCE file given" : "no --to DIR given");
        }
        Importer.Result result;
        try {
            result = Importer.run(source, to, format, nodes);
        } catch (SourceException e) {
            err.println("ldirectord import: " + e.getMessage());
            return 2;
        } catch (Importer.OutputException | IOException e) {
            err.println("ldirectord import: " + e.getMessage());
            return 1;
        }
        out.println("Read " + source + " as " + result.format().option() + "; wrote:");
        result.written().forEach(p -> out.println("  " + p));
        List<Report.Entry> entries = result.report().entries();
        if (entries.isEmpty()) {
            out.println("Everything was carried over.");
        } else {
            out.println("Not carried over as it was (" + entries.size() + "):");
            entries.forEach(e -> out.println("  " + e));
        }
        return result.exitCode();
    }

    private static int usage(PrintStream err, String message) {
        err.println("ldirectord import: " + message);
        err.print(USAGE);
        return 255;
    }
}
