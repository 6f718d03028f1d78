package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** How lines are read, independent of what the directives mean. */
class LexicalRulesTest {

    private final TestEnv env = new TestEnv();

    private VirtualService only(String config) throws ConfigException {
        DirectorConfig c = env.parse(config);
        assertThat(c.virtuals()).hasSize(1);
        return c.virtuals().get(0);
    }

    @Test
    void numericGlobalsTakeTheFirstDigitsSoATrailingCommentIsHarmless() throws Exception {
        DirectorConfig c = env.parse("checkinterval=5 # seconds\nfailurecount=3\r\n");

        assertThat(c.globals().checkInterval()).isEqualTo(5);
        assertThat(c.globals().failureCount()).isEqualTo(3);
    }

    @Test
    void globalValuesKeepTrailingCommentsAndCarriageReturns() throws Exception {
        DirectorConfig c = env.parse("fallbackcommand=/usr/local/bin/fb # notify\r\nemailalertfrom=lb@x # c\n");

        assertThat(c.globals().fallbackCommand()).contains("/usr/local/bin/fb # notify\r");
        assertThat(c.globals().emailAlert().from()).contains("lb@x # c");
    }

    @Test
    void blankAndCommentLinesAreSkippedAnywhere() throws Exception {
        DirectorConfig c = env.parse("\n   \n# c\n   # indented comment\n\r\ncheckinterval=2\n");

        assertThat(c.globals().checkInterval()).isEqualTo(2);
    }

    @Test
    void aTabCountsAsFourSpacesAndMixedIndentationWorks() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n \tscheduler=rr\n"
                + "    request=\"/a\"\n      receive=\"b\"\n");

        assertThat(v.reals()).hasSize(1);
        assertThat(v.ipvs().scheduler()).isEqualTo("rr");
        assertThat(v.check().value("request")).isEqualTo("/a");
        assertThat(v.check().value("receive")).isEqualTo("b");
    }

    @Test
    void threeSpacesEndTheSectionAndTheLineIsReadAsAGlobal() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n   \ncheckinterval=3\n");

        assertThat(c.virtuals()).hasSize(1);
        assertThat(c.globals().checkInterval()).isEqualTo(3);
    }

    @Test
    void exactlyFourSpacesEndTheSection() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n    \nquiescent=yes\n");

        assertThat(c.globals().quiescent()).isTrue();
    }

    @Test
    void commentLinesInAnyColumnDoNotEndTheSection() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n# column 0\n\t# indented\n"
                + "\tscheduler=rr\n");

        assertThat(v.ipvs().scheduler()).isEqualTo("rr");
    }

    @Test
    void sectionLinesLoseEverythingFromTheFirstHash() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate # first\n"
                + "\tquiescent=yes# comment\n\tservicename=Web # shop\n");

        assertThat(v.quiescent()).isTrue();
        assertThat(v.serviceName()).contains("Web ");
    }

    @Test
    void aVirtualLineRightAfterASectionStartsTheNextSection() throws Exception {
        DirectorConfig c = env.parse("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n"
                + "virtual=192.0.2.2:80\n\treal=192.0.2.12:80 gate\n");

        assertThat(c.virtuals()).extracting(v -> v.key().id()).containsExactly("tcp:192.0.2.1:80", "tcp:192.0.2.2:80");
    }

    @Test
    void theVirtualLineIgnoresTrailingText() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80 # web\n\treal=192.0.2.11:80 gate\n");

        assertThat(v.key().id()).isEqualTo("tcp:192.0.2.1:80");
        assertThat(v.lineNumber()).isEqualTo(1);
    }

    @Test
    void theLastOfARepeatedDirectiveWins() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\trequest=\"a\"\n\treceive=\"x\"\n\tscheduler=rr\n"
                + "\trequest=\"b\"\n\treceive=\"y\"\n\tscheduler=wlc\n");
        DirectorConfig c = env.parse("checkinterval=3\ncheckinterval=4\n");

        assertThat(v.check().value("request")).isEqualTo("/b");
        assertThat(v.check().value("receive")).isEqualTo("y");
        assertThat(v.ipvs().scheduler()).isEqualTo("wlc");
        assertThat(c.globals().checkInterval()).isEqualTo(4);
    }

    @Test
    void directiveNamesAreCaseSensitiveExceptTheHttpMethodValue() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\thttpmethod=head\n");

        assertThat(v.check().value("httpmethod")).isEqualTo("HEAD");
        assertThat(env.error("virtual=192.0.2.1:80\n\tScheduler=rr\n").getMessage())
                .isEqualTo("Unknown command \"\tScheduler=rr\n\"");
    }

    @Test
    void spacesAroundTheEqualsSignAreAllowed() throws Exception {
        DirectorConfig c = env.parse("checkinterval = 7\nvirtual = 192.0.2.1:80\n\tscheduler = rr\n");

        assertThat(c.globals().checkInterval()).isEqualTo(7);
        assertThat(c.virtuals().get(0).ipvs().scheduler()).isEqualTo("rr");
    }

    @Test
    void aCrlfFileParsesExceptForExactYesNoValues() throws Exception {
        DirectorConfig c = env.parse("checkinterval=5\r\nvirtual=192.0.2.1:80\r\n\treal=192.0.2.11:80 gate\r\n"
                + "\tscheduler=rr\r\n\tservicename=Web\r\n");

        VirtualService v = c.virtuals().get(0);
        assertThat(v.reals()).hasSize(1);
        assertThat(v.ipvs().scheduler()).isEqualTo("rr");
        assertThat(v.serviceName()).contains("Web\r");
    }

    @Test
    void aFileWithoutAFinalNewlineIsRead() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate");

        assertThat(v.reals()).hasSize(1);
    }

    @Test
    void theDigestIsTheMd5OfTheFileBytes() throws Exception {
        DirectorConfig c = env.parser().read(TestEnv.FILE, "checkinterval=5\n".getBytes(StandardCharsets.UTF_8));

        // md5("checkinterval=5\n")
        assertThat(c.digest()).isEqualTo(ConfigParser.md5("checkinterval=5\n".getBytes(StandardCharsets.UTF_8)))
                .hasSize(32).matches("[0-9a-f]+");
        assertThat(env.parse("").digest()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void anEmptyFileIsAValidConfigurationWithDefaults() throws Exception {
        DirectorConfig c = env.parse("");

        assertThat(c.virtuals()).isEmpty();
        assertThat(c.globals()).isEqualTo(GlobalSettings.defaults());
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void nonUtf8BytesAreReadByteForByte() throws Exception {
        byte[] latin1 = "virtual=192.0.2.1:80\n\tservicename=Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        DirectorConfig c = env.parser().read(TestEnv.FILE, latin1);

        assertThat(c.virtuals().get(0).serviceName()).contains("Caf\u00e9");
    }

    @Test
    void perlTruthMakesDoubleZeroAValidCount() throws Exception {
        VirtualService v = only("virtual=192.0.2.1:80\n\tchecktimeout=00\n\tfailurecount=00\n");

        assertThat(v.check().checkTimeout()).isZero();
        assertThat(v.check().failureCount()).isZero();
    }
}
