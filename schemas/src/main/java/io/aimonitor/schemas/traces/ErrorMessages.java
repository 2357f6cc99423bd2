package io.aimonitor.schemas.traces;

import java.util.regex.Pattern;

/** Error messages with ids, numbers and quoted values replaced, so one fault is one group. */
public final class ErrorMessages {
    private static final Pattern VARIABLE =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                            + "|0x[0-9a-fA-F]+|\\b[0-9a-fA-F]{16,}\\b|'[^']*'|\"[^\"]*\"|[0-9]+(\\.[0-9]+)?");
    private static final int MAX_LENGTH = 300;

    private ErrorMessages() {}

    public static String normalise(String message) {
        String m = VARIABLE.matcher(message).replaceAll("?");
        return m.length() > MAX_LENGTH ? m.substring(0, MAX_LENGTH) : m;
    }

    /** The group a failed span belongs to: exception type (or "error"), message, operation. */
    public static String groupType(SpanRecord span) {
        return span.exceptionType().isEmpty() ? "error" : span.exceptionType();
    }

    public static String groupMessage(SpanRecord span) {
        return normalise(
                span.exceptionMessage().isEmpty() ? span.statusMessage() : span.exceptionMessage());
    }
}
