package org.ldirector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb passes lintian without errors or warnings (no overrides), and its copyright file names the licence of
 * every jar it ships. Needs no root; lintian comes from run-tests.sh's PACKAGES.
 */
class LintianIT {

    private static final Path BUILD = Path.of(System.getProperty("ldirector.build", "target")).toAbsolutePath();
    private static final Path COPYRIGHT = Path.of("src", "deb", "doc", "copyright").toAbsolutePath();
    private static final Shell SHELL = new Shell();

    private static Path deb;

    @BeforeAll
    static void findDeb() throws IOException {
        try (Stream<Path> files = Files.list(BUILD)) {
            deb = files.filter(p -> p.getFileName().toString().matches("ldirector_.*_all\\.deb")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no ldirector_*_all.deb in " + BUILD));
        }
    }

    @Test
    void lintianFindsNoErrorsOrWarnings() {
        assertThat(Shell.onPath("lintian")).as("lintian is installed (run-tests.sh PACKAGES)").isTrue();
        // Info, pedantic and experimental tags are shown for the record but do not fail the build.
        Shell.Result r = SHELL.run("lintian", "--fail-on", "error,warning", "--display-info", "--pedantic",
                "--display-experimental", deb.toString());
        List<String> problems = r.out().lines().filter(l -> l.startsWith("E: ") || l.startsWith("W: ")).toList();
        assertThat(problems).as(r.toString()).isEmpty();
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void theCopyrightFileIsInstalledAndCoversEveryShippedJar() throws IOException {
        String listing = SHELL.ok("dpkg-deb", "-c", deb.toString()).out();
        assertThat(listing).contains("./usr/share/doc/ldirector/copyright", "./usr/share/doc/ldirector/changelog.gz");
        List<Pattern> globs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Set<String> defined = new HashSet<>();
        boolean inFiles = false;
        for (String line : Files.readAllLines(COPYRIGHT)) {
            if (line.startsWith("Files: ")) {
                inFiles = true;
                for (String g : line.substring(7).trim().split("\\s+")) {
                    if (!g.equals("*")) {
                        globs.add(Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")));
                    }
                }
            } else if (line.startsWith("License: ")) {
                String name = line.substring(9).trim();
                if (inFiles) {
                    used.add(name);
                } else {
                    defined.add(name);
                }
            } else if (line.isEmpty()) {
                inFiles = false;
            }
        }
        List<String> jars = listing.lines().map(l -> l.replaceFirst("^.* \\./", ""))
                .filter(p -> p.startsWith("usr/share/ldirector/lib/") && p.endsWith(".jar"))
                .filter(p -> !p.matches("usr/share/ldirector/lib/ldirector-[a-z]+-.*\\.jar")).toList();
        assertThat(jars).isNotEmpty();
        assertThat(jars).as("jars without a Files: paragraph in " + COPYRIGHT)
                .allMatch(j -> globs.stream().anyMatch(g -> g.matcher(j).matches()));
        // A short licence name used by a Files: paragraph has its text in a stand-alone License: paragraph,
        // unless the Files: paragraph carries the text itself (the ones with an exception or a URL).
        Set<String> withoutText = new HashSet<>(used);
        withoutText.removeAll(defined);
        assertThat(withoutText).containsOnly("GPL-2 with Universal-FOSS-exception-1.0", "Oracle-FUTC");
    }
}
