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

    /** The samples, or an IOException when any lacks a field: none reaches storage half-filled. */
    public static List<VitalSample> decode(byte[] json) throws IOException {
        List<VitalSample> samples = JSON.readValue(json, LIST);
        if (samples == null) {
            throw new IOException("not a list of Web Vitals samples");
        }
        for (VitalSample s : samples) {
            if (s == null
                    || s.app() == null
                    || s.page() == null
                    || s.metric() == null
                    || s.rating() == null
                    || s.browser() == null
                    || s.session() == null
                    || s.navigationType() == null) {
                throw new IOException("a Web Vitals sample lacks a field: " + s);
            }
        }
        return samples;
    }
}
