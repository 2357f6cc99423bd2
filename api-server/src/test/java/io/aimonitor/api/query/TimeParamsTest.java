package io.aimonitor.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.api.http.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeParamsTest {
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

    @Test
    void readsEverySpelling() {
        assertThat(TimeParams.instantMillis("from", "now", NOW)).isEqualTo(NOW);
        assertThat(TimeParams.instantMillis("from", "now-15m", NOW)).isEqualTo(NOW - 900_000);
        assertThat(TimeParams.instantMillis("from", "1764158400.5", NOW))
                .isEqualTo(1_764_158_400_500L);
        assertThat(TimeParams.instantMillis("from", "2026-11-26T11:00:00Z", NOW))
                .isEqualTo(NOW - 3_600_000);
        assertThat(TimeParams.durationMillis("step", "2w")).isEqualTo(14 * 86_400_000L);
        assertThat(TimeParams.durationMillis("step", "1.5")).isEqualTo(1500);
    }

    @Test
    void outOfRangeValuesAreA400NamingTheParameter() {
        for (String bad :
                new String[] {
                    "now-99999999999999999999s",
                    "now-999999999999999d",
                    "now-9999999999999w",
                    "-1e300",
                    "1e300",
                    "-9999999999",
                    "99999999999",
                    "NaN",
                    "Infinity",
                    "+99999-01-01T00:00:00Z"
                }) {
            assertThatThrownBy(() -> TimeParams.instantMillis("from", bad, NOW))
                    .as(bad)
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("from");
        }
        assertThatThrownBy(() -> TimeParams.durationMillis("min_duration", "999999999999999d"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("min_duration must be at most 100 years");
    }
}
