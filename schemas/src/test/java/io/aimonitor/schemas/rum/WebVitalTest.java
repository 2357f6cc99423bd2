package io.aimonitor.schemas.rum;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.rum.WebVital.Rating;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Google's thresholds, exactly at and just past each boundary. */
class WebVitalTest {
    @ParameterizedTest
    @CsvSource({
        "LCP, 2500, GOOD",
        "LCP, 2500.1, NEEDS_IMPROVEMENT",
        "LCP, 4000, NEEDS_IMPROVEMENT",
        "LCP, 4000.1, POOR",
        "INP, 200, GOOD",
        "INP, 201, NEEDS_IMPROVEMENT",
        "INP, 500, NEEDS_IMPROVEMENT",
        "INP, 501, POOR",
        "FID, 100, GOOD",
        "FID, 101, NEEDS_IMPROVEMENT",
        "FID, 300, NEEDS_IMPROVEMENT",
        "FID, 301, POOR",
        "CLS, 0.1, GOOD",
        "CLS, 0.11, NEEDS_IMPROVEMENT",
        "CLS, 0.25, NEEDS_IMPROVEMENT",
        "CLS, 0.26, POOR",
        "TTFB, 800, GOOD",
        "TTFB, 801, NEEDS_IMPROVEMENT",
        "TTFB, 1800, NEEDS_IMPROVEMENT",
        "TTFB, 1801, POOR",
        "FCP, 1800, GOOD",
        "FCP, 1801, NEEDS_IMPROVEMENT",
        "FCP, 3000, NEEDS_IMPROVEMENT",
        "FCP, 3001, POOR",
        "LCP, 0, GOOD"
    })
    void ratesAtTheBoundaries(String metric, double value, Rating expected) {
        assertThat(WebVital.named(metric).orElseThrow().rate(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"lcp, LCP", "Inp, INP", "cls, CLS"})
    void namesAreCaseInsensitive(String name, WebVital expected) {
        assertThat(WebVital.named(name)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"FOO", "''"})
    void unknownNamesAreEmpty(String name) {
        assertThat(WebVital.named(name)).isEmpty();
    }
}
