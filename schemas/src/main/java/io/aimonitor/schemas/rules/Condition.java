package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.List;

/** When a series (or group) breaches. {@code type} selects the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Condition.Threshold.class, name = "threshold"),
    @JsonSubTypes.Type(value = Condition.Absent.class, name = "absent"),
    @JsonSubTypes.Type(value = Condition.RateOfChange.class, name = "rate_of_change"),
    @JsonSubTypes.Type(value = Condition.Baseline.class, name = "baseline"),
    @JsonSubTypes.Type(value = Condition.Anomaly.class, name = "anomaly"),
    @JsonSubTypes.Type(value = Condition.All.class, name = "all"),
    @JsonSubTypes.Type(value = Condition.Any.class, name = "any")
})
public sealed interface Condition {

    /** The aggregated value compared with a fixed threshold. */
    record Threshold(CompareOp op, Double value) implements Condition {}

    /** No point for {@code after}: the series went silent. */
    record Absent(Duration after) implements Condition {}

    /**
     * How fast the value changes over {@code window}: per second (slope) or in percent of the value
     * at the start of the window.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RateOfChange(Mode mode, Duration window, CompareOp op, Double value)
            implements Condition {
        public enum Mode {
            @com.fasterxml.jackson.annotation.JsonProperty("per_second")
            PER_SECOND,
            @com.fasterxml.jackson.annotation.JsonProperty("percent")
            PERCENT
        }
    }

    /**
     * Outside mean ± k·σ of the series' own recent history (a learned, dynamic threshold), once at
     * least {@code minSamples} have been seen; with hour-of-week seasonality the history is kept
     * per hour of the week.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Baseline(
            Duration window,
            Double k,
            Integer minSamples,
            Seasonality seasonality,
            Direction direction)
            implements Condition {
        public enum Seasonality {
            @com.fasterxml.jackson.annotation.JsonProperty("none")
            NONE,
            @com.fasterxml.jackson.annotation.JsonProperty("hour_of_week")
            HOUR_OF_WEEK
        }

        public enum Direction {
            @com.fasterxml.jackson.annotation.JsonProperty("above")
            ABOVE,
            @com.fasterxml.jackson.annotation.JsonProperty("below")
            BELOW,
            @com.fasterxml.jackson.annotation.JsonProperty("both")
            BOTH
        }

        public int minSamplesOrDefault() {
            return minSamples == null ? 30 : minSamples;
        }

        public Seasonality seasonalityOrDefault() {
            return seasonality == null ? Seasonality.NONE : seasonality;
        }

        public Direction directionOrDefault() {
            return direction == null ? Direction.BOTH : direction;
        }
    }

    /** The streaming anomaly model's score for the point is at least {@code threshold} (0..1). */
    record Anomaly(Double threshold) implements Condition {}

    /** Every condition breaches. */
    record All(List<Condition> conditions) implements Condition {}

    /** At least one condition breaches. */
    record Any(List<Condition> conditions) implements Condition {}
}
