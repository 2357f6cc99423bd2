package io.aimonitor.schemas.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The expected band a baseline rule learned for one alert instance, and its anomaly score, for one
 * minute: charted beside the value. A Flink POJO.
 */
public class AlertBand {
    public String ruleId;
    public String fingerprint;
    public String metric;

    /** The series, or 0 for a group. */
    public long seriesId;

    /** Start of the minute. */
    public long minute;

    public double value;
    public double lower = Double.NaN;
    public double upper = Double.NaN;
    public double anomalyScore = Double.NaN;

    public AlertBand() {}

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** JSON as on the alert_bands topic (NaN, a band not learned yet, as "NaN"). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertBand fromJson(String json) {
        try {
            return JSON.readValue(json, AlertBand.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert band: " + e.getOriginalMessage(), e);
        }
    }
}
