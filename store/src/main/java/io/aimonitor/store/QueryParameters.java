package io.aimonitor.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ClickHouse reads a {@code {name:Type}} parameter's value in its escaped text format, so a value
 * is bound verbatim only once its backslashes and control characters are escaped (a lone backslash
 * otherwise fails the query or matches something else).
 */
public final class QueryParameters {
    private QueryParameters() {}

    public static Map<String, String> escaped(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> out.put(name, escape(value)));
        return out;
    }

    static String escape(String value) {
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement =
                    switch (c) {
                        case '\\' -> "\\\\";
                        case '\t' -> "\\t";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\0' -> "\\0";
                        default -> null;
                    };
            if (replacement != null && b == null) {
                b = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? value : b.toString();
    }
}
