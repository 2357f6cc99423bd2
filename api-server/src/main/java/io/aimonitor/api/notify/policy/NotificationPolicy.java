package io.aimonitor.api.notify.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.aimonitor.schemas.rules.LabelMatcher;
import java.time.Duration;
import java.util.List;

/**
 * Where alerts go, in Alertmanager's terms: a routing tree of label matchers to receivers (each a
 * set of channels) with grouping and timing per route, inhibition rules, and escalation policies.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPolicy(
        Route route,
        List<Receiver> receivers,
        List<InhibitRule> inhibitRules,
        List<EscalationPolicy> escalationPolicies) {

    /**
     * A node of the routing tree. Unset fields inherit from the parent; the root sets the defaults.
     *
     * @param continueMatching after this route matched, also try its later siblings
     * @param groupBy labels whose values form a group ({@code "..."}: every label, one alert each)
     * @param escalation the name of an escalation policy for alerts routed here
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Route(
            String receiver,
            List<LabelMatcher> matchers,
            @JsonProperty("continue") Boolean continueMatching,
            List<String> groupBy,
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            String escalation,
            List<Route> routes) {
        public List<LabelMatcher> matchers() {
            return matchers == null ? List.of() : matchers;
        }

        public List<Route> routes() {
            return routes == null ? List.of() : routes;
        }
    }

    /** A named destination: the channels a notification is sent to. */
    public record Receiver(String name, List<String> channels) {}

    /**
     * While an alert matching {@code sourceMatchers} fires, alerts matching {@code targetMatchers}
     * with the same values of the {@code equal} labels are not notified.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InhibitRule(
            List<LabelMatcher> sourceMatchers,
            List<LabelMatcher> targetMatchers,
            List<String> equal) {
        public List<String> equal() {
            return equal == null ? List.of() : equal;
        }
    }

    /**
     * Unacknowledged alerts reach each step's receivers once they have fired for its {@code after}.
     */
    public record EscalationPolicy(String name, List<Step> steps) {
        public record Step(Duration after, List<String> receivers) {}
    }

    public List<Receiver> receivers() {
        return receivers == null ? List.of() : receivers;
    }

    public List<InhibitRule> inhibitRules() {
        return inhibitRules == null ? List.of() : inhibitRules;
    }

    public List<EscalationPolicy> escalationPolicies() {
        return escalationPolicies == null ? List.of() : escalationPolicies;
    }

    /** Nothing is sent until a policy is configured. */
    public static final NotificationPolicy NONE =
            new NotificationPolicy(
                    new Route(
                            "none",
                            List.of(),
                            false,
                            List.of("alertname"),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(5),
                            Duration.ofHours(4),
                            null,
                            List.of()),
                    List.of(new Receiver("none", List.of())),
                    List.of(),
                    List.of());
}
