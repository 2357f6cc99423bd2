package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.schemas.text.DurationJson;
import io.aimonitor.schemas.text.JsonProblems;

/**
 * The JSON form of rules. Strict: an unknown field, an unknown condition type, an unknown operator
 * or a malformed duration is an error naming the field, e.g. {@code condition.op}.
 */
public final class RuleJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .registerModule(DurationJson.module())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RuleJson() {}

    /** Parses and validates a rule as a client sent it; server-owned fields are ignored. */
    public static AlertRule parse(String json) {
        AlertRule rule;
        try {
            rule = MAPPER.readValue(json, AlertRule.class);
        } catch (JsonMappingException e) {
            throw new RuleException(JsonProblems.path(e), JsonProblems.reason(e));
        } catch (JsonProcessingException e) {
            throw new RuleException("", "not valid JSON: " + e.getOriginalMessage());
        }
        if (rule == null) {
            throw new RuleException("", "a rule must be a JSON object");
        }
        RuleValidator.validate(rule);
        return rule.withDefaults();
    }

    /** Reads a rule written by {@link #write} (from the store or the rules topic). */
    public static AlertRule read(String json) {
        try {
            return MAPPER.readValue(json, AlertRule.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "unreadable stored rule: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(AlertRule rule) {
        try {
            return MAPPER.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
