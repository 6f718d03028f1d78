package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CTimeTest {

    @Test
    void formatsLikePerlScalarLocaltime() {
        assertThat(CTime.format(Instant.parse("2026-11-22T00:59:40Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo("Sun Nov 22 01:59:40 2026");
    }

    @Test
    void padsOneDigitDayWithASpace() {
        assertThat(CTime.format(Instant.parse("2026-09-04T05:08:09Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo("Fri Sep  4 07:08:09 2026");
        assertThat(CTime.format(Instant.parse("2026-03-05T07:08:09Z"), ZoneId.of("UTC")))
                .isEqualTo("Thu Mar  5 07:08:09 2026");
    }

    @Test
    void usesTheGivenLocalTimeZone() {
        Instant instant = Instant.parse("2026-01-01T03:04:05Z");
        assertThat(CTime.format(instant, ZoneId.of("UTC"))).isEqualTo("Thu Jan  1 03:04:05 2026");
        assertThat(CTime.format(instant, ZoneId.of("America/New_York"))).isEqualTo("Wed Dec 31 22:04:05 2025");
    }

    @Test
    void isEnglishWhateverTheDefaultLocale() {
        Locale original = Locale.getDefault();
        Locale originalFormat = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.GERMANY);
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-EG"));
            assertThat(CTime.format(Instant.parse("2026-05-03T10:11:12Z"), ZoneId.of("UTC")))
                    .isEqualTo("Sun May  3 10:11:12 2026");
        } finally {
            Locale.setDefault(original);
            Locale.setDefault(Locale.Category.FORMAT, originalFormat);
        }
    }
}
