package io.aimonitor.api.ai.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.aimonitor.api.ai.analysis.Analysis;

/** An analysis as the JSON a model would answer with. */
final class Json {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    static String of(Analysis a) throws Exception {
        return JSON.writeValueAsString(a);
    }
}
