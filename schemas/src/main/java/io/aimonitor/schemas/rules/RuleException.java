package io.aimonitor.schemas.rules;

/** A rule that cannot be accepted; {@link #field()} is the JSON path of the offending field. */
public class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public RuleException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
