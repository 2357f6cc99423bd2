package io.aimonitor.api.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Column reads that behave the same on SQLite and PostgreSQL. */
final class Rows {
    private Rows() {}

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
