package io.aimonitor.schemas.rum;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Web Vitals measurements on the {@code rum} topic: one JSON array per accepted request. */
public final class VitalSamples {
    public static final String DEFAULT_TOPIC = "rum";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<VitalSample>> LIST = new TypeReference<>() {};

    private VitalSamples() {}

    public static byte[] encode(List<VitalSample> samples) {
        try {
            return JSON.writeValueAsBytes(samples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<VitalSample> decode(byte[] json) throws IOException {
        return JSON.readValue(json, LIST);
    }
}
