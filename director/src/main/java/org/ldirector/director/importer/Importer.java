package org.ldirector.director.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ldirector.director.config.ConfigException;
import org.ldirector.director.config.ConfigParser;

/**
 * {@code ldirectord import}: reads a Piranha lvs.cf or a keepalived.conf, writes ldirectord.cf (and, for a pair,
 * ha.cf, haresources and authkeys; and the wrapper scripts of external checks) into a directory, and reports what
 * was not carried over.
 */
public final class Importer {

    /** What was written and what the report says. */
    public record Result(SourceFormat format, Report report, List<Path> written) {

        /** 0 when everything was carried over, 3 when something was left out or approximated. */
        public int exitCode() {
            return report.complete() ? 0 : 3;
        }
    }

    /** A file the import would overwrite, or the written ldirectord.cf that our own parser refuses. */
    public static final class OutputException extends Exception {
        OutputException(String message) {
            super(message);
        }
    }

    private Importer() {
    }

    /**
     * @param format    the source's format; detected from its keywords when empty
     * @param nodeNames the two directors' {@code uname -n}, primary first; placeholders when empty
     */
    public static Result run(Path source, Path dir, Optional<SourceFormat> format, List<String> nodeNames)
            throws SourceException, OutputException, IOException {
        Path outDir = dir.toAbsolutePath().normalize();
        List<String> lines = SourceText.lines(source);
        SourceFormat f = format.or(() -> SourceFormat.detect(lines)).orElseThrow(() -> new SourceException(
                new Origin(source, 0), "neither a Piranha lvs.cf nor a keepalived.conf (no keyword of either);"
                + " give --from lvs.cf|keepalived"));
        Report report = new Report();
        Translation t = switch (f) {
            case LVS_CF -> new LvsCfTranslator(report, outDir, nodeNames).translate(LvsCfReader.read(source, lines));
            case KEEPALIVED -> new KeepalivedTranslator(report, outDir, nodeNames)
                    .translate(KeepalivedReader.read(source, report));
        };
        return new Result(f, report, write(source, outDir, t));
    }

    private static List<Path> write(Path source, Path dir, Translation t) throws OutputException, IOException {
        List<String> names = new ArrayList<>(List.of("ldirectord.cf"));
        t.scripts().forEach(s -> names.add(s.name()));
        if (t.heartbeat().isPresent()) {
            names.addAll(List.of("ha.cf", "haresources", "authkeys"));
        }
        for (String n : names) {
            if (Files.exists(dir.resolve(n))) {
                throw new OutputException(dir.resolve(n) + " exists: not overwritten (move it away or choose"
                        + " another --to directory)");
            }
        }
        Files.createDirectories(dir);
        String cf = t.cf().render();
        try {
            ConfigParser.system().read(dir.resolve("ldirectord.cf"), cf.getBytes(StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new OutputException("the ldirectord.cf written from " + source + " does not pass configtest ("
                    + e.getMessage() + " at line " + e.line() + "): please report this\n" + cf);
        }
        List<Path> written = new ArrayList<>();
        written.add(create(dir.resolve("ldirectord.cf"), cf, "rw-r--r--"));
        for (ScriptFile s : t.scripts()) {
            written.add(create(dir.resolve(s.name()), s.content(), "rwxr-xr-x"));
        }
        if (t.heartbeat().isPresent()) {
            HeartbeatPlan hb = t.heartbeat().get();
            written.add(create(dir.resolve("ha.cf"), hb.haCf(source.toString()), "rw-r--r--"));
            written.add(create(dir.resolve("haresources"), hb.haResources(source.toString()), "rw-r--r--"));
            written.add(create(dir.resolve("authkeys"), authkeys(), "rw-------"));
        }
        return written;
    }

    /** A fresh random secret: the same authkeys must be copied to every director (it is never printed). */
    private static String authkeys() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return "# Written by ldirectord import: copy this file (mode 600) to every director\n"
                + "auth 1\n1 sha1 " + HexFormat.of().formatHex(secret) + "\n";
    }

    private static Path create(Path file, String content, String mode) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the import was writing", e);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        Files.writeString(file, content);
        return file;
    }
}
