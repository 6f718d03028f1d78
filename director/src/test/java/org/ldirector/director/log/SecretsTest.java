package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @AfterEach
    void forget() {
        Secrets.clear();
    }

    @Test
    void leavesTextAloneWhenNothingIsRegistered() {
        String text = "Added real server: 10.0.0.2:80 (10.0.0.1:80) (Weight set to 1)";
        assertThat(Secrets.mask(text)).isSameAs(text);
    }

    @Test
    void masksEveryOccurrenceOfARegisteredValue() {
        Secrets.register("s3cr3t");
        assertThat(Secrets.mask("passwd=s3cr3t again s3cr3t")).isEqualTo("passwd=******** again ********");
    }

    @Test
    void masksTheLongerOfTwoOverlappingSecretsAsAWhole() {
        Secrets.registerAll(List.of("abc", "abcdef"));
        assertThat(Secrets.mask("xabcdefx abcx")).isEqualTo("x********x ********x");
        assertThat(Secrets.mask("abcabc")).isEqualTo("****************");
    }

    @Test
    void ignoresEmptyAndNullValues() {
        Secrets.register("");
        Secrets.register(null);
        assertThat(Secrets.mask("nothing to hide")).isEqualTo("nothing to hide");
    }
}
