package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * A complex-event pattern over breaches of the rule's condition: the rule fires when the pattern
 * completes rather than on each breach.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EventPattern.NOfM.class, name = "n_of_m"),
    @JsonSubTypes.Type(value = EventPattern.Sequence.class, name = "sequence"),
    @JsonSubTypes.Type(value = EventPattern.DistinctEntities.class, name = "distinct_entities")
})
public sealed interface EventPattern {

    /** At least n of the last m evaluations breached. */
    record NOfM(Integer n, Integer m) implements EventPattern {}

    /**
     * This rule's breach, then a breach of {@code then} on the same group within {@code within}.
     */
    record Sequence(Step then, Duration within) implements EventPattern {
        public record Step(Selector selector, Condition condition) {}
    }

    /** At least n distinct values of {@code label} breach within {@code within} in one group. */
    record DistinctEntities(Integer n, String label, Duration within) implements EventPattern {}
}
