package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * PostgreSQL from its statistics views: connections by state, commits and rollbacks (counters and
 * per-second rates), cache hit ratio, deadlocks and size per database, and replication lag (per
 * standby on a primary, since the last replayed transaction on a standby).
 */
final class PostgresTarget extends JdbcTarget {
    private final Rates rates = new Rates();

    PostgresTarget(String url, String user, String password) {
        super(url, properties(user, password));
    }

    private static Properties properties(String user, String password) {
        Properties p = credentials(user, password);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
        p.setProperty("ApplicationName", "aimonitor-agent");
        return p;
    }

    @Override
    List<Sample> read(Statement st, long now) throws SQLException {
        List<Sample> out = new ArrayList<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT COALESCE(state, 'background') AS state, count(*) FROM pg_stat_activity GROUP BY 1")) {
            while (rs.next()) {
                out.add(
                        Sample.gauge(
                                "postgresql.connection.count",
                                "{connection}",
                                rs.getLong(2),
                                "state",
                                rs.getString(1)));
            }
        }
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT datname, xact_commit, xact_rollback, blks_hit, blks_read, deadlocks, pg_database_size(datname)"
                                + " FROM pg_stat_database WHERE datname IS NOT NULL AND NOT datname LIKE 'template%'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                double commits = rs.getLong(2);
                double rollbacks = rs.getLong(3);
                long hit = rs.getLong(4);
                long read = rs.getLong(5);
                out.add(
                        Sample.counter(
                                "postgresql.commits",
                                "{commit}",
                                commits,
                                "postgresql.database.name",
                                db));
                out.add(
                        Sample.counter(
                                "postgresql.rollbacks",
                                "{rollback}",
                                rollbacks,
                                "postgresql.database.name",
                                db));
                out.add(
                        Sample.counter(
                                "postgresql.deadlocks",
                                "{deadlock}",
                                rs.getLong(6),
                                "postgresql.database.name",
                                db));
                out.add(
                        Sample.gauge(
                                "postgresql.db_size",
                                "By",
                                rs.getLong(7),
                                "postgresql.database.name",
                                db));
                if (hit + read > 0) {
                    out.add(
                            Sample.gauge(
                                    "postgresql.cache.hit_ratio",
                                    "1",
                                    (double) hit / (hit + read),
                                    "postgresql.database.name",
                                    db));
                }
                rate(out, "postgresql.commits.rate", "{commit}/s", db, commits, now);
                rate(out, "postgresql.rollbacks.rate", "{rollback}/s", db, rollbacks, now);
            }
        }
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT application_name, COALESCE(EXTRACT(EPOCH FROM replay_lag), 0) FROM pg_stat_replication")) {
            while (rs.next()) {
                out.add(
                        Sample.gauge(
                                "postgresql.replication.lag",
                                "s",
                                rs.getDouble(2),
                                "replica",
                                rs.getString(1)));
            }
        }
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) WHERE pg_is_in_recovery()")) {
            if (rs.next()) {
                out.add(
                        Sample.gauge(
                                "postgresql.replication.lag",
                                "s",
                                rs.getDouble(1),
                                "replica",
                                "self"));
            }
        }
        return out;
    }

    private void rate(
            List<Sample> out, String name, String unit, String db, double value, long now) {
        Double r = rates.perSecond(name + "/" + db, value, now);
        if (r != null) {
            out.add(Sample.gauge(name, unit, r, "postgresql.database.name", db));
        }
    }
}
