package io.aimonitor.agent.probe;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.aimonitor.agent.collect.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * MongoDB from {@code serverStatus}: connections (current, available), operation counters by type,
 * and resident and virtual memory.
 */
final class MongoTarget implements Target {
    private final MongoClient client;

    MongoTarget(String url, String user, String password) {
        MongoClientSettings.Builder settings =
                MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString(url))
                        .applicationName("aimonitor-agent")
                        .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                        .applyToSocketSettings(
                                s ->
                                        s.connectTimeout(5, TimeUnit.SECONDS)
                                                .readTimeout(10, TimeUnit.SECONDS));
        if (!user.isEmpty()) {
            settings.credential(
                    com.mongodb.MongoCredential.createCredential(
                            user, "admin", password.toCharArray()));
        }
        client = MongoClients.create(settings.build());
    }

    @Override
    public List<Sample> read() {
        Document status = client.getDatabase("admin").runCommand(new Document("serverStatus", 1));
        List<Sample> out = new ArrayList<>();
        Document connections = status.get("connections", Document.class);
        if (connections != null) {
            out.add(
                    Sample.gauge(
                            "mongodb.connection.count",
                            "{connection}",
                            number(connections, "current"),
                            "state",
                            "current"));
            out.add(
                    Sample.gauge(
                            "mongodb.connection.count",
                            "{connection}",
                            number(connections, "available"),
                            "state",
                            "available"));
        }
        Document ops = status.get("opcounters", Document.class);
        if (ops != null) {
            for (String op : ops.keySet()) {
                out.add(
                        Sample.counter(
                                "mongodb.operation.count",
                                "{operation}",
                                number(ops, op),
                                "operation",
                                op));
            }
        }
        Document mem = status.get("mem", Document.class);
        if (mem != null) {
            out.add(
                    Sample.gauge(
                            "mongodb.memory.usage",
                            "By",
                            number(mem, "resident") * 1048576,
                            "type",
                            "resident"));
            out.add(
                    Sample.gauge(
                            "mongodb.memory.usage",
                            "By",
                            number(mem, "virtual") * 1048576,
                            "type",
                            "virtual"));
        }
        return out;
    }

    private static double number(Document d, String key) {
        Object v = d.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    @Override
    public void close() {
        client.close();
    }
}
