package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class PerlRegexTest {

    @Test
    void matchIsUnanchored() {
        assertThat(PerlRegex.find("OK", "<html>status OK</html>")).isTrue();
    }

    @Test
    void dotDoesNotMatchNewlineButMatchesCarriageReturn() {
        assertThat(PerlRegex.find("a.b", "a\nb")).isFalse();
        assertThat(PerlRegex.find("a.b", "a\rb")).isTrue();
    }

    @Test
    void dollarMatchesBeforeFinalNewlineOnly() {
        assertThat(PerlRegex.find("ok$", "all ok\n")).isTrue();
        assertThat(PerlRegex.find("ok$", "ok\nmore")).isFalse();
    }

    @Test
    void inlineFlagsWork() {
        assertThat(PerlRegex.find("(?i)running", "RUNNING")).isTrue();
        assertThat(PerlRegex.find("(?s)a.b", "a\nb")).isTrue();
    }

    @Test
    void posixBracketClassesAreTranslated() {
        assertThat(PerlRegex.find("^[[:digit:]]+ items$", "42 items")).isTrue();
        assertThat(PerlRegex.find("^[[:alpha:][:space:]]+$", "all good here")).isTrue();
        assertThat(PerlRegex.find("^[[:^digit:]]+$", "abc")).isTrue();
        assertThat(PerlRegex.find("^[[:^digit:]]+$", "a1c")).isFalse();
    }

    @Test
    void bracketAndAmpersandInsideClassAreLiteralLikePerl() {
        assertThat(PerlRegex.find("[]x]", "]")).isTrue();
        assertThat(PerlRegex.find("[[]", "[")).isTrue();
        assertThat(PerlRegex.find("^[a&&b]+$", "a&b")).isTrue();
    }

    @Test
    void quotedSectionIsLeftAlone() {
        assertThat(PerlRegex.find("\\Q[[:x:]]\\E", "[[:x:]]")).isTrue();
    }

    @Test
    void constructJavaLacksIsRejected() {
        assertThatThrownBy(() -> PerlRegex.compile("foo\\Kbar")).isInstanceOf(PatternSyntaxException.class);
    }
}
