package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** A database read over one kept JDBC connection, reopened after any failure. */
abstract class JdbcTarget implements Target {
    private final String url;
    private final Properties properties;
    private Connection connection;

    JdbcTarget(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    abstract List<Sample> read(Statement statement, long nanos) throws SQLException;

    @Override
    public final List<Sample> read() throws SQLException {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, properties);
            }
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout(10);
                return read(st, System.nanoTime());
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    @Override
    public final void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }
}
