package io.aimonitor.schemas.rum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VitalSamplesTest {
    @Test
    void roundTrips() throws Exception {
        VitalSample s =
                new VitalSample(
                        1L, "shop", "/cart", "LCP", 2100, "good", "Chrome", "s1", "navigate");
        assertThat(VitalSamples.decode(VitalSamples.encode(List.of(s)))).containsExactly(s);
    }

    @Test
    void aSampleMissingAFieldIsUndecodableNotHalfStored() {
        for (String json :
                List.of(
                        "[{\"timestampMs\": 1, \"metric\": \"LCP\", \"value\": 1}]",
                        "[null]",
                        "null")) {
            assertThatThrownBy(() -> VitalSamples.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json)
                    .isInstanceOf(IOException.class);
        }
    }
}
