package io.aimonitor.schemas.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A state change of one alert instance, as the alerting job emits it to the {@code alerts} topic
 * and the {@code alert_events} table.
 *
 * @param fingerprint stable hash of rule id and the series' (or group's) labels, 16 hex digits
 * @param endsAt when the alert resolved (null while active)
 * @param eventTime when this change happened
 * @param reason why, for changes not caused by the data (rule deleted, manual resolve...)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(
        String fingerprint,
        String ruleId,
        long ruleVersion,
        String ruleName,
        AlertState state,
        AlertState previousState,
        String severity,
        double value,
        Map<String, String> labels,
        Map<String, String> annotations,
        long startsAt,
        Long endsAt,
        long eventTime,
        String reason) {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertEvent fromJson(String json) {
        try {
            return JSON.readValue(json, AlertEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert event: " + e.getOriginalMessage(), e);
        }
    }
}
