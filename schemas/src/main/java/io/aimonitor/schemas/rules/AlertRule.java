package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Map;

/**
 * An alert rule, as stored, published on the {@code rules} topic and evaluated by the alerting job.
 * {@code id}, {@code version}, {@code updatedBy} and {@code updatedAt} are set by the server.
 *
 * @param forDuration how long the condition must hold before pending becomes firing
 * @param keepFiringFor how long a firing alert stays firing after the condition stops holding
 * @param recovery optional hysteresis: once firing, resolve only when this holds
 * @param flapping when an alert counts as flapping (one notification instead of a storm)
 * @param maxSeries cap on series tracked for this rule; beyond it a meta alert fires
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRule(
        String id,
        Long version,
        String name,
        String description,
        Boolean enabled,
        Severity severity,
        Selector selector,
        Condition condition,
        @JsonProperty("for") Duration forDuration,
        Duration keepFiringFor,
        Recovery recovery,
        NoData noData,
        EventPattern pattern,
        Flapping flapping,
        Map<String, String> labels,
        Map<String, String> annotations,
        Integer maxSeries,
        String updatedBy,
        Long updatedAt) {

    public static final int DEFAULT_MAX_SERIES = 10_000;

    /** Optional fields filled with their defaults. */
    public AlertRule withDefaults() {
        return new AlertRule(
                id,
                version,
                name,
                description == null ? "" : description,
                enabled == null ? Boolean.TRUE : enabled,
                severity == null ? Severity.WARNING : severity,
                selector,
                condition,
                forDuration == null ? Duration.ZERO : forDuration,
                keepFiringFor == null ? Duration.ZERO : keepFiringFor,
                recovery,
                noData,
                pattern,
                flapping == null ? Flapping.DEFAULT : flapping,
                labels == null ? Map.of() : labels,
                annotations == null ? Map.of() : annotations,
                maxSeries == null ? DEFAULT_MAX_SERIES : maxSeries,
                updatedBy,
                updatedAt);
    }

    /** The same rule as stored by the server: identity, version and authorship set. */
    public AlertRule stored(String ruleId, long ruleVersion, String author, long atMillis) {
        return new AlertRule(
                ruleId,
                ruleVersion,
                name,
                description,
                enabled,
                severity,
                selector,
                condition,
                forDuration,
                keepFiringFor,
                recovery,
                noData,
                pattern,
                flapping,
                labels,
                annotations,
                maxSeries,
                author,
                atMillis);
    }

    /**
     * Whether evaluation state must be reset when this rule replaces {@code previous}: only a
     * change to what is evaluated does; names, labels, annotations and severity keep state.
     */
    public boolean conditionChangedFrom(AlertRule previous) {
        return previous == null
                || !java.util.Objects.equals(selector, previous.selector)
                || !java.util.Objects.equals(condition, previous.condition)
                || !java.util.Objects.equals(forDuration, previous.forDuration)
                || !java.util.Objects.equals(keepFiringFor, previous.keepFiringFor)
                || !java.util.Objects.equals(recovery, previous.recovery)
                || !java.util.Objects.equals(noData, previous.noData)
                || !java.util.Objects.equals(pattern, previous.pattern);
    }
}
