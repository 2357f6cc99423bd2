package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * MySQL / MariaDB from {@code SHOW GLOBAL STATUS}: connections, queries (counter and per second
 * from its deltas), slow queries, InnoDB buffer pool pages and reads, and replication lag when the
 * server is a replica.
 */
final class MySqlTarget extends JdbcTarget {
    private final Rates rates = new Rates();

    MySqlTarget(String url, String user, String password) {
        super(url, properties(user, password));
    }

    private static Properties properties(String user, String password) {
        Properties p = credentials(user, password);
        p.setProperty("connectTimeout", "5000");
        p.setProperty("socketTimeout", "10000");
        return p;
    }

    @Override
    List<Sample> read(Statement st, long now) throws SQLException {
        List<Sample> out = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS")) {
            while (rs.next()) {
                status.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getString(2));
            }
        }
        StatusValues v = new StatusValues(status, out);
        v.gauge("threads_connected", "mysql.threads", "{thread}", "kind", "connected");
        v.gauge("threads_running", "mysql.threads", "{thread}", "kind", "running");
        v.gauge("max_used_connections", "mysql.connection.max_used", "{connection}");
        v.counter("questions", "mysql.queries", "{query}");
        v.counter("slow_queries", "mysql.slow_queries", "{query}");
        v.counter("connections", "mysql.connection.count", "{connection}");
        v.gauge(
                "innodb_buffer_pool_pages_total",
                "mysql.buffer_pool.pages",
                "{page}",
                "kind",
                "total");
        v.gauge(
                "innodb_buffer_pool_pages_free",
                "mysql.buffer_pool.pages",
                "{page}",
                "kind",
                "free");
        v.gauge(
                "innodb_buffer_pool_pages_data",
                "mysql.buffer_pool.pages",
                "{page}",
                "kind",
                "data");
        v.gauge(
                "innodb_buffer_pool_pages_dirty",
                "mysql.buffer_pool.pages",
                "{page}",
                "kind",
                "dirty");
        v.counter(
                "innodb_buffer_pool_read_requests", "mysql.buffer_pool.read_requests", "{request}");
        v.counter("innodb_buffer_pool_reads", "mysql.buffer_pool.disk_reads", "{read}");
        if (status.containsKey("questions")) {
            Double qps =
                    rates.perSecond("questions", Double.parseDouble(status.get("questions")), now);
            if (qps != null) {
                out.add(Sample.gauge("mysql.queries.rate", "{query}/s", qps));
            }
        }
        try (ResultSet rs = st.executeQuery("SHOW VARIABLES LIKE 'max_connections'")) {
            if (rs.next()) {
                out.add(Sample.gauge("mysql.connection.limit", "{connection}", rs.getLong(2)));
            }
        }
        replicaLag(st, out);
        return out;
    }

    private static void replicaLag(Statement st, List<Sample> out) {
        try (ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            while (rs.next()) {
                long lag = rs.getLong("Seconds_Behind_Master");
                if (!rs.wasNull()) {
                    out.add(Sample.gauge("mysql.replica.lag", "s", lag));
                }
            }
        } catch (SQLException noPrivilege) {
            // needs REPLICATION CLIENT; without it there is no lag to report
        }
    }
}
