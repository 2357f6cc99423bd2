package io.aimonitor.api.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one notification says, whatever the channel: the alerts of a group (or an escalation, or a
 * test) with their latest events. Stored with the notification, so a retry sends the same thing.
 *
 * @param kind group, escalation or test
 * @param groupKey the route and group labels, stable for one group (Alertmanager's groupKey)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Notice(
        String kind,
        String receiver,
        String groupKey,
        Map<String, String> groupLabels,
        List<AlertEvent> alerts) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Notice withAlerts(List<AlertEvent> replaced) {
        return new Notice(kind, receiver, groupKey, groupLabels, replaced);
    }

    /** firing while any alert is still active, else resolved. */
    @JsonIgnore
    public String status() {
        return firing().isEmpty() ? "resolved" : "firing";
    }

    @JsonIgnore
    public List<AlertEvent> firing() {
        return alerts.stream().filter(a -> a.state() != AlertState.RESOLVED).toList();
    }

    @JsonIgnore
    public List<AlertEvent> resolved() {
        return alerts.stream().filter(a -> a.state() == AlertState.RESOLVED).toList();
    }

    /** The labels every alert shares (with equal values). */
    @JsonIgnore
    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(Notice::labelsOf).toList());
    }

    @JsonIgnore
    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(AlertEvent::annotations).toList());
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>(maps.get(0));
        maps.forEach(m -> out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey()))));
        return out;
    }

    /**
     * The labels notifications route, group, silence and inhibit on: the alert's own plus {@code
     * alertname} (the rule's name), {@code severity} and {@code rule_id}, unless it has them.
     */
    public static Map<String, String> labelsOf(AlertEvent e) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e.ruleName() != null) {
            out.put("alertname", e.ruleName());
        }
        if (e.severity() != null) {
            out.put("severity", e.severity());
        }
        if (e.ruleId() != null) {
            out.put("rule_id", e.ruleId());
        }
        if (e.labels() != null) {
            out.putAll(e.labels());
        }
        return out;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Notice fromJson(String json) {
        try {
            return JSON.readValue(json, Notice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a notice: " + e.getOriginalMessage(), e);
        }
    }
}
