package io.aimonitor.pipeline.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.testing.Otlp;
import io.aimonitor.pipeline.testing.TestBrokers;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The traces job stores every span of a trace, exactly as sent, in the spans table. */
class TracesJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final String TRACE_HEX = "5b8efff798038103d269b633813fc60c";
    // now (not a fixed date): spans older than the table's TTL are dropped as they are stored
    private static final long T0 = System.currentTimeMillis() / 1000 * 1_000_000_000L;

    @Test
    void storesSpansExactlyAsSent() throws Exception {
        try (EmbeddedKafkaBroker kafka = TestBrokers.start();
                TelemetryStore store = TestStores.migratedStore("traces_job")) {
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(
                                List.of(
                                        new NewTopic("otlp_spans", 2, (short) 1),
                                        new NewTopic("rum", 1, (short) 1)))
                        .all()
                        .get();
            }
            Configuration conf = new Configuration();
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(300);
            TracesJob.build(
                    env,
                    MetricsJobConfig.defaults(
                            kafka.bootstrapServers(), TestStores.chdb(store.database())),
                    TracesJob.Topics.DEFAULT,
                    TraceAnalyticsOptions.DEFAULT.withMetricsTopic(null));
            JobClient job = env.executeAsync("traces-it");
            try {
                send(
                        kafka,
                        Otlp.spans(
                                "frontend",
                                span(
                                                "0000000000000001",
                                                "",
                                                "GET /cart",
                                                Span.SpanKind.SPAN_KIND_SERVER,
                                                0,
                                                120_000_000,
                                                null)
                                        .addAttributes(Otlp.attr("http.route", "/cart"))));
                send(
                        kafka,
                        Otlp.spans(
                                "checkout",
                                span(
                                                "0000000000000002",
                                                "0000000000000001",
                                                "SELECT cart",
                                                Span.SpanKind.SPAN_KIND_CLIENT,
                                                10_000_000,
                                                90_000_000,
                                                "connection reset")
                                        .addEvents(
                                                Span.Event.newBuilder()
                                                        .setName("exception")
                                                        .setTimeUnixNano(T0 + 95_000_000)
                                                        .addAttributes(
                                                                Otlp.attr(
                                                                        "exception.type",
                                                                        "java.sql.SQLException"))
                                                        .addAttributes(
                                                                Otlp.attr(
                                                                        "exception.message",
                                                                        "connection reset")))));

                long deadline = System.currentTimeMillis() + 90_000;
                while (count(store) < 2 && System.currentTimeMillis() < deadline) {
                    if (job.getJobStatus().get().isGloballyTerminalState()) {
                        job.getJobExecutionResult().get(); // throws the job's failure
                    }
                    Thread.sleep(200);
                }
                List<JsonNode> rows =
                        store.query(
                                "SELECT trace_id, span_id, parent_span_id, service, operation, kind,"
                                        + " toString(toUnixTimestamp64Nano(start)) AS start_ns, duration_ns, status_code,"
                                        + " status_message, attributes, resource, exception_type, exception_message FROM "
                                        + store.database()
                                        + ".spans WHERE trace_id = '5b8efff798038103d269b633813fc60c' ORDER BY start");
                assertThat(rows).hasSize(2);
                JsonNode root = rows.get(0);
                assertThat(root.path("span_id").asText()).isEqualTo("0000000000000001");
                assertThat(root.path("parent_span_id").asText()).isEmpty();
                assertThat(root.path("service").asText()).isEqualTo("frontend");
                assertThat(root.path("operation").asText()).isEqualTo("GET /cart");
                assertThat(root.path("kind").asText()).isEqualTo("server");
                assertThat(root.path("start_ns").asText()).isEqualTo(Long.toString(T0));
                assertThat(root.path("duration_ns").asLong()).isEqualTo(120_000_000);
                assertThat(root.path("status_code").asText()).isEqualTo("unset");
                assertThat(root.path("attributes").path("http.route").asText()).isEqualTo("/cart");
                assertThat(root.path("resource").path("service.name").asText())
                        .isEqualTo("frontend");
                JsonNode db = rows.get(1);
                assertThat(db.path("parent_span_id").asText()).isEqualTo("0000000000000001");
                assertThat(db.path("kind").asText()).isEqualTo("client");
                assertThat(db.path("duration_ns").asLong()).isEqualTo(80_000_000);
                assertThat(db.path("status_code").asText()).isEqualTo("error");
                assertThat(db.path("status_message").asText()).isEqualTo("connection reset");
                assertThat(db.path("exception_type").asText()).isEqualTo("java.sql.SQLException");
                Thread.sleep(1000); // a duplicate would be committed by now
                assertThat(count(store)).isEqualTo(2);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static Span.Builder span(
            String id,
            String parent,
            String name,
            Span.SpanKind kind,
            long startOffset,
            long endOffset,
            String error) {
        Span.Builder b =
                Otlp.span(TRACE_HEX, id, parent, name, kind, T0 + startOffset, T0 + endOffset);
        if (error != null) {
            b.setStatus(
                    Status.newBuilder()
                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage(error));
        }
        return b;
    }

    private static void send(EmbeddedKafkaBroker kafka, ExportTraceServiceRequest r)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("otlp_spans", null, r.toByteArray())).get();
        }
    }

    private static long count(TelemetryStore store) {
        return store.query("SELECT count() AS n FROM " + store.database() + ".spans")
                .get(0)
                .path("n")
                .asLong();
    }
}
