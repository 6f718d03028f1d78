package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any ldirectord.cf gives a configuration or a {@link ConfigException} at a line of that file: never another
 * exception, never a hang. Without {@code JAZZER_FUZZ=1} this replays the seed corpus in
 * {@code ConfigParserFuzzTestInputs/} (the shipped samples and etc/); with it, it fuzzes (see bench/fuzz.sh).
 * Names resolve only from {@link TestEnv}'s fixed table or as IP literals: no DNS.
 */
class ConfigParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyFileIsAConfigOrALineError(byte[] content) {
        int lines = ConfigParser.lines(ConfigParser.decode(content)).size();
        try {
            DirectorConfig config = new TestEnv().parser().read(TestEnv.FILE, content);
            assertThat(config).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.error().file()).isEqualTo(TestEnv.FILE.toString());
            assertThat(e.line()).as("line of %s", e.getMessage()).isBetween(0, lines);
        }
    }
}
