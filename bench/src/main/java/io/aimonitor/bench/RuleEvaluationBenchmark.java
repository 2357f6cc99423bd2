package io.aimonitor.bench;

import io.aimonitor.pipeline.alerting.AlertingJob;
import io.aimonitor.pipeline.alerting.AlertingOptions;
import io.aimonitor.pipeline.alerting.RuleUpdate;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.aimonitor.schemas.rules.RuleJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Rule evaluation throughput: the alerting operators on a local Flink (no Kafka, no decoding), fed
 * generated points of {@code --series} series (100 metrics) every 10 s of event time, against
 * {@code --rules} rules (10 per metric: thresholds with label matchers, windowed averages, rates of
 * change, group averages, baselines, regex matchers). Prints points/s and alert events.
 *
 * <pre>
 * java -Xmx6g -cp bench/target/classes:... io.aimonitor.bench.RuleEvaluationBenchmark --rules 1000 --series 100000 --points 20000000
 * </pre>
 */
public final class RuleEvaluationBenchmark {
    static final int METRICS = 100;
    static final AtomicLong FIRST = new AtomicLong();
    static final AtomicLong LAST = new AtomicLong();
    static final AtomicLong EVENTS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = StandaloneServer.options(args);
        int rules = Integer.parseInt(o.getOrDefault("rules", "1000"));
        int series = Integer.parseInt(o.getOrDefault("series", "100000"));
        long points = Long.parseLong(o.getOrDefault("points", "20000000"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "2"));

        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, o.getOrDefault("state-backend", "hashmap"));
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        BroadcastStream<RuleUpdate> ruleStream =
                env.fromData(rules(rules)).setParallelism(1).broadcast(AlertingJob.RULES);
        DataStream<MetricPoint> generated =
                env.fromSequence(0, points - 1).map(new Generate(series)).name("generate points");
        AlertingJob.Evaluated evaluated =
                AlertingJob.evaluate(generated, ruleStream, AlertingOptions.DEFAULT);
        evaluated
                .events()
                .map(
                        e -> {
                            EVENTS.incrementAndGet();
                            return e.fingerprint();
                        })
                .sinkTo(new DiscardingSink<>());
        evaluated.bands().sinkTo(new DiscardingSink<>());

        AtomicLong maxHeap = new AtomicLong();
        Thread heap =
                new Thread(
                        () -> {
                            Runtime rt = Runtime.getRuntime();
                            while (!Thread.currentThread().isInterrupted()) {
                                maxHeap.accumulateAndGet(
                                        rt.totalMemory() - rt.freeMemory(), Math::max);
                                try {
                                    Thread.sleep(500);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        heap.setDaemon(true);
        heap.start();
        long started = System.nanoTime();
        env.execute("rule-evaluation-benchmark");
        heap.interrupt();
        double seconds = (LAST.get() - FIRST.get()) / 1e9;
        System.out.println();
        System.out.printf(
                "rules             %,d over %,d series (%d metrics), parallelism %d%n",
                rules, series, METRICS, parallelism);
        System.out.printf(
                "evaluated         %,d points in %.1f s: %,.0f points/s%n",
                points, seconds, points / seconds);
        System.out.printf("alert events      %,d%n", EVENTS.get());
        System.out.printf(
                "heap              %s at most (state of every instance on heap, garbage included)%n",
                StandaloneServer.mib(maxHeap.get()));
        System.out.printf(
                "whole run         %.1f s (with start-up and the rules' head start)%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** Ten rule shapes per metric. */
    static List<RuleUpdate> rules(int count) {
        List<RuleUpdate> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            String metric = "bench.m" + (j / 10) % METRICS;
            String selector =
                    switch (j % 10) {
                        case 0, 1, 2, 3 ->
                                "{\"metric\":\""
                                        + metric
                                        + "\",\"matchers\":[{\"label\":\"region\",\"op\":\"=\",\"value\":\"r"
                                        + (j % 4)
                                        + "\"}]}";
                        case 4, 5 ->
                                "{\"metric\":\""
                                        + metric
                                        + "\",\"aggregation\":{\"function\":\"avg\",\"window\":\"1m\"}}";
                        case 7 ->
                                "{\"metric\":\""
                                        + metric
                                        + "\",\"group_by\":[\"service\"],\"aggregation\":{\"function\":\"avg\",\"window\":\"1m\"}}";
                        case 9 ->
                                "{\"metric\":\""
                                        + metric
                                        + "\",\"matchers\":[{\"label\":\"host\",\"op\":\"=~\",\"value\":\"host-1.*\"}]}";
                        default -> "{\"metric\":\"" + metric + "\"}";
                    };
            String condition =
                    switch (j % 10) {
                        case 4, 5 -> "{\"type\":\"threshold\",\"op\":\">\",\"value\":90}";
                        case 6 ->
                                "{\"type\":\"rate_of_change\",\"mode\":\"percent\",\"window\":\"5m\",\"op\":\">\",\"value\":300}";
                        case 7 -> "{\"type\":\"threshold\",\"op\":\">\",\"value\":60}";
                        case 8 ->
                                "{\"type\":\"baseline\",\"window\":\"1h\",\"k\":4,\"min_samples\":20}";
                        default -> "{\"type\":\"threshold\",\"op\":\">\",\"value\":95}";
                    };
            String json =
                    "{\"name\":\"rule "
                            + j
                            + "\",\"selector\":"
                            + selector
                            + ",\"condition\":"
                            + condition
                            + ",\"for\":\"30s\"}";
            out.add(
                    new RuleUpdate(
                            "r" + j,
                            RuleJson.write(RuleJson.parse(json).stored("r" + j, 1, "bench", 0))));
        }
        return out;
    }

    /** Point i: series i mod n, reporting every 10 s of event time; starts after the rules. */
    static final class Generate extends RichMapFunction<Long, MetricPoint> {
        private final int series;
        private transient String[][] labels;
        private transient long[] ids;
        private transient long base;

        Generate(int series) {
            this.series = series;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            labels = new String[series][];
            ids = new long[series];
            int hosts = series / METRICS;
            for (int s = 0; s < series; s++) {
                int host = s % hosts;
                labels[s] =
                        new String[] {
                            "host",
                            "host-" + host,
                            "region",
                            "r" + host % 4,
                            "service",
                            "svc-" + host % 20
                        };
                ids[s] = SeriesFingerprint.of(metric(s), labels[s]);
            }
            base = System.currentTimeMillis();
            Thread.sleep(3_000); // the rules' head start
        }

        private String metric(int s) {
            return "bench.m" + s / (series / METRICS);
        }

        @Override
        public MetricPoint map(Long i) {
            long now = System.nanoTime();
            FIRST.compareAndSet(0, now);
            LAST.set(now);
            int s = (int) (i % series);
            long round = i / series;
            MetricPoint p = new MetricPoint();
            p.metric = metric(s);
            p.type = MetricType.GAUGE;
            p.unit = "1";
            p.labels = labels[s];
            p.seriesId = ids[s];
            p.timestampMs = base + round * 10_000;
            p.value = (s * 31 + round * 17) % 100;
            return p;
        }
    }
}
