package io.aimonitor.api.notify.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import io.aimonitor.schemas.text.DurationJson;
import io.aimonitor.schemas.text.Durations;
import io.aimonitor.schemas.text.JsonProblems;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JSON form of the notification policy. Strict: an unknown field, a receiver or channel that
 * does not exist, a bad duration or regular expression is a 400 naming the field.
 */
public final class PolicyJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .registerModule(DurationJson.module())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PolicyJson() {}

    /** Parses and validates a policy; {@code channels} are the names of existing channels. */
    public static NotificationPolicy parse(String json, Set<String> channels) {
        NotificationPolicy policy;
        try {
            policy = MAPPER.readValue(json, NotificationPolicy.class);
        } catch (JsonMappingException e) {
            throw invalid(JsonProblems.path(e), JsonProblems.reason(e));
        } catch (JsonProcessingException e) {
            throw invalid("", "not valid JSON: " + e.getOriginalMessage());
        }
        if (policy == null) {
            throw invalid("", "a policy must be a JSON object");
        }
        validate(policy, channels);
        return policy;
    }

    /** Reads a policy written by {@link #write} (from the store). */
    public static NotificationPolicy read(String json) {
        try {
            return MAPPER.readValue(json, NotificationPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "unreadable stored policy: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(NotificationPolicy policy) {
        try {
            return MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void validate(NotificationPolicy p, Set<String> channels) {
        Set<String> receivers = new HashSet<>();
        for (int i = 0; i < p.receivers().size(); i++) {
            NotificationPolicy.Receiver r = p.receivers().get(i);
            String at = "receivers[" + i + "]";
            text(at + ".name", r.name());
            if (!receivers.add(r.name())) {
                throw invalid(at + ".name", "repeats receiver '" + r.name() + "'");
            }
            List<String> list = r.channels() == null ? List.of() : r.channels();
            for (int c = 0; c < list.size(); c++) {
                if (!channels.contains(list.get(c))) {
                    throw invalid(
                            at + ".channels[" + c + "]", "no channel named '" + list.get(c) + "'");
                }
            }
        }
        Set<String> escalations = new HashSet<>();
        for (int i = 0; i < p.escalationPolicies().size(); i++) {
            NotificationPolicy.EscalationPolicy e = p.escalationPolicies().get(i);
            String at = "escalation_policies[" + i + "]";
            text(at + ".name", e.name());
            escalations.add(e.name());
            if (e.steps() == null || e.steps().isEmpty()) {
                throw invalid(at + ".steps", "needs at least one step");
            }
            Duration previous = Duration.ZERO;
            for (int s = 0; s < e.steps().size(); s++) {
                NotificationPolicy.EscalationPolicy.Step step = e.steps().get(s);
                String st = at + ".steps[" + s + "]";
                range(st + ".after", step.after(), Duration.ofMinutes(1), Duration.ofDays(7));
                if (step.after().compareTo(previous) <= 0) {
                    throw invalid(st + ".after", "must be later than the step before");
                }
                previous = step.after();
                receiverList(st + ".receivers", step.receivers(), receivers);
            }
        }
        NotificationPolicy.Route root = p.route();
        if (root == null) {
            throw invalid("route", "is required");
        }
        if (root.receiver() == null) {
            throw invalid("route.receiver", "is required on the root route");
        }
        if (!root.matchers().isEmpty()) {
            throw invalid(
                    "route.matchers",
                    "the root route matches every alert; put matchers on its routes");
        }
        route("route", root, receivers, escalations, 0);
        for (int i = 0; i < p.inhibitRules().size(); i++) {
            NotificationPolicy.InhibitRule r = p.inhibitRules().get(i);
            String at = "inhibit_rules[" + i + "]";
            if (r.sourceMatchers() == null || r.sourceMatchers().isEmpty()) {
                throw invalid(at + ".source_matchers", "needs at least one matcher");
            }
            if (r.targetMatchers() == null || r.targetMatchers().isEmpty()) {
                throw invalid(at + ".target_matchers", "needs at least one matcher");
            }
            matchers(at + ".source_matchers", r.sourceMatchers());
            matchers(at + ".target_matchers", r.targetMatchers());
        }
    }

    private static void route(
            String at,
            NotificationPolicy.Route r,
            Set<String> receivers,
            Set<String> escalations,
            int depth) {
        if (depth > 10) {
            throw invalid(at, "routes may nest at most 10 deep");
        }
        if (r.receiver() != null && !receivers.contains(r.receiver())) {
            throw invalid(at + ".receiver", "no receiver named '" + r.receiver() + "'");
        }
        if (r.escalation() != null && !escalations.contains(r.escalation())) {
            throw invalid(
                    at + ".escalation", "no escalation policy named '" + r.escalation() + "'");
        }
        matchers(at + ".matchers", r.matchers());
        range(at + ".group_wait", r.groupWait(), Duration.ZERO, Duration.ofHours(1));
        range(at + ".group_interval", r.groupInterval(), Duration.ofSeconds(1), Duration.ofDays(1));
        range(
                at + ".repeat_interval",
                r.repeatInterval(),
                Duration.ofMinutes(1),
                Duration.ofDays(30));
        for (int i = 0; i < r.routes().size(); i++) {
            route(at + ".routes[" + i + "]", r.routes().get(i), receivers, escalations, depth + 1);
        }
    }

    private static void receiverList(String at, List<String> names, Set<String> receivers) {
        if (names == null || names.isEmpty()) {
            throw invalid(at, "needs at least one receiver");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!receivers.contains(names.get(i))) {
                throw invalid(at + "[" + i + "]", "no receiver named '" + names.get(i) + "'");
            }
        }
    }

    private static void matchers(String at, List<LabelMatcher> matchers) {
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            String mt = at + "[" + i + "]";
            if (m == null
                    || m.label() == null
                    || m.label().isBlank()
                    || m.op() == null
                    || m.value() == null) {
                throw invalid(mt, "needs label, op and value");
            }
            if (m.op() == MatchOp.RE || m.op() == MatchOp.NRE) {
                try {
                    Pattern.compile(m.value());
                } catch (PatternSyntaxException e) {
                    throw invalid(
                            mt + ".value",
                            "is not a valid regular expression: " + e.getDescription());
                }
            }
        }
    }

    private static void text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
    }

    private static void range(String field, Duration d, Duration min, Duration max) {
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            throw invalid(
                    field,
                    "must be from " + Durations.format(min) + " to " + Durations.format(max));
        }
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(
                400,
                "invalid_policy",
                (field.isEmpty() ? "" : field + ": ") + message,
                Map.of("field", field));
    }
}
