package io.aimonitor.pipeline.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.testing.Otlp;
import io.aimonitor.pipeline.testing.TestBrokers;
import io.aimonitor.schemas.traces.DurationSketch;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A known workload through the traces job: 30 ordinary checkouts across three services and a
 * database, then one where payments fails and inventory is slow, sent children first. RED, the
 * service graph, the trace summary, slow spans, error groups and the RED gauges on the metrics
 * topic come out exactly right; a late span corrects its window.
 */
class TraceAnalyticsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long WINDOW_MS = 2000;
    private static final TraceAnalyticsOptions OPTIONS =
            new TraceAnalyticsOptions(
                    Duration.ofMillis(WINDOW_MS),
                    Duration.ofMillis(500),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(1),
                    3,
                    2,
                    "otlp_metrics");
    private static final long MS = 1_000_000L;
    private static final int ORDINARY = 30;
    private static final String KNOWN = "00000000000000000000000000000abc";

    @Test
    void deriveRedGraphSummarySlowSpansAndErrorGroupsExactly() throws Exception {
        try (EmbeddedKafkaBroker kafka = TestBrokers.start();
                TelemetryStore store = TestStores.migratedStore("trace_analytics");
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(
                                List.of(
                                        new NewTopic("otlp_spans", 2, (short) 1),
                                        new NewTopic("otlp_metrics", 1, (short) 1),
                                        new NewTopic("rum", 1, (short) 1)))
                        .all()
                        .get();
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(300);
            TracesJob.build(
                    env,
                    MetricsJobConfig.defaults(
                            kafka.bootstrapServers(), TestStores.chdb(store.database())),
                    TracesJob.Topics.DEFAULT,
                    OPTIONS);
            JobClient job = env.executeAsync("trace-analytics-it");
            try {
                // a little ahead of the wall clock: the job's start must not make them late
                long base = (System.currentTimeMillis() + 5000) * MS;
                long knownStart = base + 1000 * MS;
                for (int i = 0; i < ORDINARY; i++) {
                    checkout(
                            producer,
                            traceId(i + 1),
                            base + i * 20 * MS,
                            290 + i % 21,
                            10 + i % 5,
                            false);
                }
                // the known trace: payments fails, inventory is slow; children arrive first
                checkout(producer, KNOWN, knownStart, 300, 200, true);

                Queries q = new Queries(store);
                await(job, () -> q.summary(KNOWN).path("span_count").asInt() == 6);
                // windows of different keys fire and commit on their own subtasks' time
                await(job, () -> q.totalCalls() == 9 * (ORDINARY + 1));

                for (String service : List.of("shop-frontend", "payments", "inventory")) {
                    assertThat(q.calls("service", service)).as(service).isEqualTo(ORDINARY + 1);
                }
                assertThat(q.errors("service", "payments")).isEqualTo(1);
                assertThat(q.errors("service", "shop-frontend")).isZero();
                assertThat(
                                q.rows(
                                        "SELECT operation, sum(calls) AS calls, sum(errors) AS errors"
                                                + " FROM %s.apm_red FINAL WHERE scope = 'operation' GROUP BY operation ORDER BY operation"))
                        .extracting(
                                r ->
                                        r.path("operation").asText()
                                                + "="
                                                + r.path("calls").asLong()
                                                + "/"
                                                + r.path("errors").asLong())
                        .containsExactly("GET /checkout=31/0", "GET /stock=31/0", "POST /pay=31/1");

                DurationSketch inventory = q.sketch("inventory");
                assertThat(inventory.count()).isEqualTo(ORDINARY + 1);
                assertThat(inventory.quantile(1.0)).isCloseTo(200.0 * MS, within(2.0 * MS));
                assertThat(inventory.quantile(0.5)).isCloseTo(12.0 * MS, within(0.12 * MS));

                JsonNode window =
                        q.row(
                                "SELECT slow_trace_id, error_trace_id FROM %s.apm_red FINAL"
                                        + " WHERE scope = 'service' AND service = 'payments' AND error_trace_id != ''");
                assertThat(window.path("error_trace_id").asText()).isEqualTo(KNOWN);
                assertThat(
                                q.row(
                                                "SELECT slow_trace_id FROM %s.apm_red FINAL WHERE scope = 'service'"
                                                        + " AND service = 'inventory' ORDER BY slow_duration_ns DESC LIMIT 1")
                                        .path("slow_trace_id")
                                        .asText())
                        .isEqualTo(KNOWN);

                assertThat(
                                q.rows(
                                        "SELECT service, peer, sum(calls) AS calls, sum(errors) AS errors"
                                                + " FROM %s.apm_red FINAL WHERE scope = 'edge' GROUP BY service, peer ORDER BY service, peer"))
                        .extracting(
                                r ->
                                        r.path("service").asText()
                                                + "->"
                                                + r.path("peer").asText()
                                                + "="
                                                + r.path("calls").asLong()
                                                + "/"
                                                + r.path("errors").asLong())
                        .containsExactly(
                                "inventory->postgresql=31/0",
                                "shop-frontend->inventory=31/0",
                                "shop-frontend->payments=31/1");

                JsonNode summary = q.summary(KNOWN);
                assertThat(summary.path("root_service").asText()).isEqualTo("shop-frontend");
                assertThat(summary.path("root_operation").asText()).isEqualTo("GET /checkout");
                assertThat(summary.path("duration_ns").asLong()).isEqualTo(300 * MS);
                assertThat(summary.path("error_count").asInt()).isEqualTo(1);
                assertThat(summary.path("services").toString())
                        .isEqualTo("[\"inventory\",\"payments\",\"shop-frontend\"]");
                assertThat(
                                q.rows("SELECT count() AS n FROM %s.trace_summaries FINAL")
                                        .get(0)
                                        .path("n")
                                        .asInt())
                        .isEqualTo(ORDINARY + 1);

                await(job, () -> q.rows("SELECT * FROM %s.slow_spans").size() >= 2);
                assertThat(
                                q.rows(
                                        "SELECT trace_id, service, operation, baseline_ns FROM %s.slow_spans ORDER BY service"))
                        .extracting(
                                r ->
                                        r.path("trace_id").asText()
                                                + " "
                                                + r.path("service").asText()
                                                + " "
                                                + r.path("operation").asText())
                        .containsExactly(
                                KNOWN + " inventory GET /stock",
                                KNOWN + " shop-frontend GET /stock");

                await(job, () -> !q.rows("SELECT * FROM %s.apm_error_groups").isEmpty());
                JsonNode group =
                        q.row(
                                "SELECT service, operation, exception_type, message, sum(count) AS n,"
                                        + " any(example_trace_id) AS example FROM %s.apm_error_groups FINAL"
                                        + " GROUP BY service, operation, exception_type, message");
                assertThat(group.path("service").asText()).isEqualTo("payments");
                assertThat(group.path("operation").asText()).isEqualTo("POST /pay");
                assertThat(group.path("exception_type").asText())
                        .isEqualTo("CardDeclinedException");
                assertThat(group.path("message").asText()).isEqualTo("card ? declined for order ?");
                assertThat(group.path("n").asLong()).isEqualTo(1);
                assertThat(group.path("example").asText()).isEqualTo(KNOWN);

                // RED reaches the metrics topic as gauges: rate x window adds up to the calls
                Map<String, Double> callsFromGauges = redGaugeCalls(kafka, ORDINARY + 1);
                assertThat(callsFromGauges.get("payments")).isCloseTo(ORDINARY + 1, within(1e-9));
                assertThat(callsFromGauges.get("inventory")).isCloseTo(ORDINARY + 1, within(1e-9));

                // a late entry span, its window long closed: the window is emitted again, corrected
                send(
                        producer,
                        "shop-frontend",
                        Otlp.spans(
                                "shop-frontend",
                                Otlp.span(
                                        traceId(999),
                                        "00000000000000aa",
                                        "",
                                        "GET /checkout",
                                        Span.SpanKind.SPAN_KIND_SERVER,
                                        knownStart,
                                        knownStart + 100 * MS)));
                await(job, () -> q.calls("service", "shop-frontend") == ORDINARY + 2);
                assertThat(
                                q.rows(
                                                "SELECT max(version) AS v FROM %s.apm_red WHERE scope = 'service'"
                                                        + " AND service = 'shop-frontend'")
                                        .get(0)
                                        .path("v")
                                        .asInt())
                        .isGreaterThan(1);
            } finally {
                job.cancel().get();
            }
        }
    }

    /**
     * One checkout: shop-frontend GET /checkout calls payments POST /pay and inventory GET /stock,
     * which queries PostgreSQL. Sent per service, inventory first.
     */
    private static void checkout(
            KafkaProducer<byte[], byte[]> producer,
            String trace,
            long start,
            long rootMs,
            long stockMs,
            boolean paymentFails)
            throws Exception {
        Span.Builder dbQuery =
                Otlp.span(
                                trace,
                                "0000000000000005",
                                "0000000000000004",
                                "SELECT stock",
                                Span.SpanKind.SPAN_KIND_CLIENT,
                                start + 22 * MS,
                                start + 27 * MS)
                        .addAttributes(Otlp.attr("db.system", "postgresql"));
        Span.Builder stock =
                Otlp.span(
                        trace,
                        "0000000000000004",
                        "0000000000000003",
                        "GET /stock",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        start + 21 * MS,
                        start + (21 + stockMs) * MS);
        send(producer, "inventory", Otlp.spans("inventory", dbQuery, stock));
        Span.Builder pay =
                Otlp.span(
                        trace,
                        "0000000000000007",
                        "0000000000000006",
                        "POST /pay",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        start + 2 * MS,
                        start + 15 * MS);
        if (paymentFails) {
            pay.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                    .addEvents(
                            Span.Event.newBuilder()
                                    .setName("exception")
                                    .setTimeUnixNano(start + 14 * MS)
                                    .addAttributes(
                                            Otlp.attr("exception.type", "CardDeclinedException"))
                                    .addAttributes(
                                            Otlp.attr(
                                                    "exception.message",
                                                    "card 4242 declined for order 'A-17'")));
        }
        send(producer, "payments", Otlp.spans("payments", pay));
        send(
                producer,
                "shop-frontend",
                Otlp.spans(
                        "shop-frontend",
                        Otlp.span(
                                trace,
                                "0000000000000001",
                                "",
                                "GET /checkout",
                                Span.SpanKind.SPAN_KIND_SERVER,
                                start,
                                start + rootMs * MS),
                        Otlp.span(
                                trace,
                                "0000000000000006",
                                "0000000000000001",
                                "POST /pay",
                                Span.SpanKind.SPAN_KIND_CLIENT,
                                start + 1 * MS,
                                start + 16 * MS),
                        Otlp.span(
                                trace,
                                "0000000000000003",
                                "0000000000000001",
                                "GET /stock",
                                Span.SpanKind.SPAN_KIND_CLIENT,
                                start + 20 * MS,
                                start + (25 + stockMs) * MS)));
    }

    private static String traceId(int i) {
        return String.format("%032x", i);
    }

    /** Keyed by service, so each operation's spans keep their order (the baseline learns first). */
    private static void send(
            KafkaProducer<byte[], byte[]> producer, String service, ExportTraceServiceRequest spans)
            throws Exception {
        producer.send(new ProducerRecord<>("otlp_spans", service.getBytes(), spans.toByteArray()))
                .get();
    }

    /** Calls per service implied by the service-scope request_rate gauges (rate x window). */
    private static Map<String, Double> redGaugeCalls(EmbeddedKafkaBroker kafka, int expected)
            throws Exception {
        Map<String, Double> calls = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers",
                                kafka.bootstrapServers(),
                                "group.id",
                                "it",
                                "auto.offset.reset",
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of("otlp_metrics"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && calls.getOrDefault("payments", 0.0) < expected - 1e-9) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    for (Metric m :
                            ExportMetricsServiceRequest.parseFrom(r.value())
                                    .getResourceMetrics(0)
                                    .getScopeMetrics(0)
                                    .getMetricsList()) {
                        if (m.getName().equals("apm.service.request_rate")) {
                            NumberDataPoint p = m.getGauge().getDataPoints(0);
                            String service = p.getAttributes(0).getValue().getStringValue();
                            calls.merge(service, p.getAsDouble() * WINDOW_MS / 1000.0, Double::sum);
                        }
                    }
                }
            }
        }
        return calls;
    }

    private static void await(JobClient job, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
            }
            assertThat(System.currentTimeMillis()).as("waited for the job").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Reads of the derived tables. */
    private record Queries(TelemetryStore store) {
        List<JsonNode> rows(String sql) {
            return store.query(String.format(sql, store.database()));
        }

        JsonNode row(String sql) {
            List<JsonNode> rows = rows(sql);
            assertThat(rows).hasSize(1);
            return rows.get(0);
        }

        /** Every window's calls: 3 services, 3 operations and 3 edges when all are in. */
        long totalCalls() {
            return rows("SELECT sum(calls) AS n FROM %s.apm_red FINAL").get(0).path("n").asLong();
        }

        long calls(String scope, String service) {
            return sum("calls", scope, service);
        }

        long errors(String scope, String service) {
            return sum("errors", scope, service);
        }

        private long sum(String column, String scope, String service) {
            return rows("SELECT sum("
                            + column
                            + ") AS n FROM %s.apm_red FINAL WHERE scope = '"
                            + scope
                            + "' AND service = '"
                            + service
                            + "'")
                    .get(0)
                    .path("n")
                    .asLong();
        }

        JsonNode summary(String traceId) {
            List<JsonNode> rows =
                    rows(
                            "SELECT * FROM %s.trace_summaries FINAL WHERE trace_id = '"
                                    + traceId
                                    + "'");
            return rows.isEmpty()
                    ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : rows.get(0);
        }

        DurationSketch sketch(String service) {
            JsonNode merged =
                    rows("SELECT sumMap(sketch) AS s FROM %s.apm_red FINAL WHERE scope = 'service'"
                                    + " AND service = '"
                                    + service
                                    + "'")
                            .get(0)
                            .path("s");
            Map<Integer, Long> buckets = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                buckets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            }
            return DurationSketch.fromBuckets(buckets);
        }
    }
}
