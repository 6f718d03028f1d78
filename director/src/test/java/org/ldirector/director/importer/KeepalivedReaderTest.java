package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's lexical rules as the reader applies them. */
class KeepalivedReaderTest {

    @TempDir
    Path dir;

    private Node read(String text, Report report) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        return KeepalivedReader.read(file, report);
    }

    @Test
    void bracesOnTheirOwnLineOnOneLineQuotesAndCommentsAnywhere() throws Exception {
        Node root = read("""
                virtual_server 10.0.0.1 80   ! a comment
                {
                    real_server 10.0.0.2 80 { weight 3 }   # another
                    MISC_CHECK {
                        misc_path "/bin/check arg # not a comment"
                    }
                }
                """, new Report());
        Node vs = root.children().get(0);
        assertThat(vs.text()).isEqualTo("virtual_server 10.0.0.1 80");
        assertThat(vs.block()).isTrue();
        assertThat(vs.child("real_server").orElseThrow().child("weight").orElseThrow().value()).isEqualTo("3");
        assertThat(vs.child("MISC_CHECK").orElseThrow().child("misc_path").orElseThrow().args())
                .containsExactly("/bin/check arg # not a comment");
        assertThat(vs.child("real_server").orElseThrow().origin().line()).isEqualTo(3);
    }

    @Test
    void aConditionalLineIsReportedAndSkipped() throws Exception {
        Report report = new Report();
        Node root = read("@high global_defs {\n}\nglobal_defs {\n}\n", report);
        assertThat(root.children()).hasSize(1);
        assertThat(report.entries()).singleElement().hasToString(dir.resolve("keepalived.conf")
                + ":1: @high global_defs {: left out: a line conditional on keepalived's -i config id (with its block, if it opens one)");
    }

    @Test
    void anUnmatchedCloseBraceIsASyntaxErrorAtItsLine() {
        SourceException e = catchThrowableOfType(SourceException.class, () -> read("global_defs {\n}\n}\n", new Report()));
        assertThat(e).hasMessage(dir.resolve("keepalived.conf") + ":3: '}' without an open block");
    }

    @Test
    void anIncludeLoopStopsWithAnError() throws Exception {
        Files.writeString(dir.resolve("loop.conf"), "include loop.conf\n");
        SourceException e = catchThrowableOfType(SourceException.class, () -> read("include loop.conf\n", new Report()));
        assertThat(e.getMessage()).contains("loop.conf:1: include nested more than 8 deep");
    }
}
