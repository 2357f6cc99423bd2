package io.aimonitor.store;

import java.util.List;
import java.util.regex.Pattern;

/** Small helpers for the few places SQL text is built from names rather than parameters. */
public final class Sql {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Sql() {}

    /** Accepts only plain identifiers, so a configured name can never change a statement. */
    public static String checkIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a valid ClickHouse identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return name;
    }

    /** A single-quoted ClickHouse string literal. */
    public static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /** {@code INSERT INTO db.table (c1, c2) [SETTINGS insert_deduplication_token = '...']}. */
    public static String insertStatement(
            String database, String table, List<String> columns, String dedupToken) {
        StringBuilder sb =
                new StringBuilder("INSERT INTO ")
                        .append(database)
                        .append('.')
                        .append(checkIdentifier(table))
                        .append(" (");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(checkIdentifier(columns.get(i)));
        }
        sb.append(')');
        if (dedupToken != null) {
            sb.append(" SETTINGS insert_deduplication_token = ").append(literal(dedupToken));
        }
        return sb.toString();
    }
}
