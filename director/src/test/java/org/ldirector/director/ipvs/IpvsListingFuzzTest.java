package org.ldirector.director.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever ipvsadm prints ({@code -L -n}, {@code --thresholds}, {@code -S -n}, {@code --stats}/{@code --rate}) is
 * read or refused with an {@link IpvsException}: never another exception. An input holds the listings one after the
 * other, separated by form feeds. Without {@code JAZZER_FUZZ=1} this replays {@code IpvsListingFuzzTestInputs/}.
 */
class IpvsListingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void list(byte[] input) {
        String[] parts = parts(input, 2);
        try {
            assertThat(IpvsListing.parseList(parts[0]).table()).isNotNull();
            assertThat(IpvsListing.parseList(parts[0], parts[1]).table()).isNotNull();
        } catch (IpvsException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void save(byte[] input) {
        try {
            assertThat(IpvsListing.parseSave(new String(input, StandardCharsets.UTF_8))).isNotNull();
        } catch (IpvsException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void statistics(byte[] input) {
        String[] p = parts(input, 4);
        try {
            assertThat(StatisticsParser.combine(IpvsListing.parseList(p[0], p[1]),
                    StatisticsParser.parse(p[2], "ipvsadm -L -n --stats --exact"),
                    StatisticsParser.parse(p[3], "ipvsadm -L -n --rate --exact"))).isNotNull();
        } catch (IpvsException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** {@code n} texts split at form feeds; missing ones are empty. */
    private static String[] parts(byte[] input, int n) {
        String[] split = new String(input, StandardCharsets.UTF_8).split("\f", n);
        String[] out = Arrays.copyOf(split, n);
        Arrays.setAll(out, i -> out[i] == null ? "" : out[i]);
        return out;
    }
}
