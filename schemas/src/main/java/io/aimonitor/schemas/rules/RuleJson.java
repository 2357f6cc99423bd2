package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.aimonitor.schemas.text.DurationJson;

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
            throw new RuleException(path(e), reason(e));
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

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof InvalidTypeIdException && sb.length() > 0) {
            sb.append(".type");
        } else if (e instanceof InvalidTypeIdException) {
            sb.append("type");
        }
        return sb.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null
                    ? "type is required"
                    : "unknown type '" + t.getTypeId() + "'";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" (");
        return detail > 0 && message.startsWith("Cannot") ? message.substring(0, detail) : message;
    }
}
