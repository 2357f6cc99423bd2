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

    @Test
    void hashesTheUtf8BytesOfEveryCharacter() {
        String[] labels = {
            "city", "Zürich", "emoji", "\uD83D\uDE80", "cjk", "東京", "lone", "\uD800x"
        };
        assertThat(SeriesFingerprint.of("m", labels)).isEqualTo(reference("m", labels));
    }

    /** FNV-1a over String.getBytes(UTF_8), the definition the fast path must match. */
    private static long reference(String metric, String[] labels) {
        long h = 0xcbf29ce484222325L;
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(metric);
        parts.addAll(java.util.List.of(labels));
        for (String part : parts) {
            for (byte b : part.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return h;
    }
}
