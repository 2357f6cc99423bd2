package io.aimonitor.schemas.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesFingerprintTest {

    @Test
    void isStableAcrossVersions() {
        // golden value (FNV-1a 64 with 0xff separators): changing the construction would split
        // every stored series and alert fingerprint in two
        assertThat(SeriesFingerprint.hex(SeriesFingerprint.of("cpu", new String[] {"host", "a"})))
                .isEqualTo("a1b30f6bb5b0d3e5");
    }

    @Test
    void separatesPartsSoConcatenationsDiffer() {
        assertThat(SeriesFingerprint.of("ab", new String[] {"c", "d"}))
                .isNotEqualTo(SeriesFingerprint.of("a", new String[] {"bc", "d"}));
    }

    @Test
    void dependsOnEveryLabel() {
        assertThat(SeriesFingerprint.of("m", new String[] {"k", "v1"}))
                .isNotEqualTo(SeriesFingerprint.of("m", new String[] {"k", "v2"}));
    }
}
