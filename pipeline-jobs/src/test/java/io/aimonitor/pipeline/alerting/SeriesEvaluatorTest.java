package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.rules.AlertRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-series evaluator in a test harness: rules as broadcast, points, processing time. */
class SeriesEvaluatorTest {
    static final long T0 = 1_767_571_200_000L;
    static final long S = 1000;
    static final AlertingOptions OPTIONS =
            new AlertingOptions(Duration.ofMinutes(30), Duration.ofSeconds(15), 100, 10);

    private KeyedBroadcastOperatorTestHarness<Long, MetricPoint, RuleUpdate, AlertEvent> harness;
    private long processingTime = 1_000_000;

    static KeyedBroadcastOperatorTestHarness<Long, MetricPoint, RuleUpdate, AlertEvent> harness(
            OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<Long, MetricPoint, RuleUpdate, AlertEvent> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new SeriesEvaluator(OPTIONS), List.of(RuleBook.RULES)),
                        p -> p.seriesId,
                        Types.LONG,
                        1,
                        1,
                        0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    @BeforeEach
    void start() throws Exception {
        harness = harness(null);
        harness.setProcessingTime(processingTime);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private void rule(AlertRule rule) throws Exception {
        harness.processBroadcastElement(Rules.update(rule), 0);
    }

    private void send(String metric, String host, long t, double value) throws Exception {
        MetricPoint p = TestPoints.gauge(metric, host, t, value);
        harness.processElement(new StreamRecord<>(p, t));
    }

    private void advance(Duration d) throws Exception {
        processingTime += d.toMillis();
        harness.setProcessingTime(processingTime);
    }

    private List<AlertEvent> events() {
        return harness.extractOutputValues();
    }

    private List<AlertState> states() {
        return events().stream().map(AlertEvent::state).toList();
    }

    static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    @Test
    void aBreachFiresAfterForAndResolvesWithTheSeriesLabels() throws Exception {
        rule(Rules.rule("cpu-high", Rules.threshold("cpu", 0.9, "\"for\":\"20s\"")));

        send("cpu", "web-1", T0, 0.95);
        send("cpu", "web-2", T0, 0.5);
        send("cpu", "web-1", T0 + 10 * S, 0.96);
        send("cpu", "web-1", T0 + 20 * S, 0.97);
        send("cpu", "web-1", T0 + 30 * S, 0.4);

        assertThat(states())
                .containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
        AlertEvent firing = events().get(1);
        assertThat(firing.ruleId()).isEqualTo("cpu-high");
        assertThat(firing.labels()).containsEntry("host", "web-1");
        assertThat(firing.eventTime()).isEqualTo(T0 + 20 * S);
        assertThat(events()).extracting(AlertEvent::fingerprint).containsOnly(firing.fingerprint());
    }

    @Test
    void onlySeriesTheSelectorMatchesAreEvaluated() throws Exception {
        rule(
                Rules.rule(
                        "web-only",
                        "{\"name\":\"n\",\"selector\":{\"metric\":\"cpu\",\"matchers\":[{\"label\":\"host\",\"op\":\"=~\",\"value\":\"web-.*\"}]},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.9}}"));

        send("cpu", "db-1", T0, 0.99);
        send("mem", "web-1", T0, 0.99);
        send("cpu", "web-1", T0, 0.99);

        assertThat(events()).hasSize(1);
        assertThat(events().get(0).labels()).containsEntry("host", "web-1");
    }

    @Test
    void aWindowedAggregationAndARateOfChangeUseTheSeriesHistory() throws Exception {
        rule(
                Rules.rule(
                        "avg",
                        "{\"name\":\"avg\",\"selector\":{\"metric\":\"cpu\",\"aggregation\":{\"function\":\"avg\",\"window\":\"30s\"}},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.8}}"));
        rule(
                Rules.rule(
                        "growth",
                        "{\"name\":\"growth\",\"selector\":{\"metric\":\"disk\"},"
                                + "\"condition\":{\"type\":\"rate_of_change\",\"mode\":\"percent\",\"window\":\"1m\",\"op\":\">\",\"value\":50}}"));

        send("cpu", "web-1", T0, 0.2);
        send("cpu", "web-1", T0 + 10 * S, 1.0); // avg 0.6
        send("cpu", "web-1", T0 + 20 * S, 1.0); // avg 0.733
        send("cpu", "web-1", T0 + 30 * S, 1.0); // window (0 s, 30 s]: 1, 1, 1
        assertThat(events()).extracting(AlertEvent::ruleId).containsExactly("avg");
        assertThat(events().get(0).value()).isEqualTo(1.0);
        assertThat(events().get(0).eventTime()).isEqualTo(T0 + 30 * S);

        send("disk", "web-1", T0, 100);
        send("disk", "web-1", T0 + 30 * S, 120);
        send("disk", "web-1", T0 + 60 * S, 140); // +40% over 1m
        send("disk", "web-1", T0 + 90 * S, 190); // +58% against 120 at 30 s
        assertThat(events()).extracting(AlertEvent::ruleId).endsWith("growth");
        assertThat(events().get(events().size() - 1).eventTime()).isEqualTo(T0 + 90 * S);
    }

    @Test
    void editingOnlyLabelsKeepsStateButChangingTheConditionResets() throws Exception {
        AlertRule v1 = Rules.rule("r", 1, Rules.threshold("cpu", 0.9, ""));
        rule(v1);
        send("cpu", "web-1", T0, 0.95);
        assertThat(states()).containsExactly(AlertState.FIRING);

        rule(Rules.rule("r", 2, Rules.threshold("cpu", 0.9, "\"labels\":{\"team\":\"sre\"}")));
        send("cpu", "web-1", T0 + 10 * S, 0.96);
        assertThat(states()).containsExactly(AlertState.FIRING);

        rule(Rules.rule("r", 3, Rules.threshold("cpu", 0.97, "")));
        assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events().get(1).reason()).isEqualTo("rule changed");
        assertThat(events().get(1).ruleVersion()).isEqualTo(2);

        send("cpu", "web-1", T0 + 20 * S, 0.96);
        assertThat(states()).hasSize(2);
        send("cpu", "web-1", T0 + 30 * S, 0.98);
        assertThat(states()).endsWith(AlertState.FIRING);
        assertThat(events().get(2).ruleVersion()).isEqualTo(3);
    }

    @Test
    void deletingARuleResolvesItsAlertsAndDropsTheirState() throws Exception {
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "")));
        send("cpu", "web-1", T0, 0.95);
        send("cpu", "web-2", T0, 0.5);

        harness.processBroadcastElement(Rules.delete("r"), 0);

        assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events().get(1).reason()).isEqualTo("rule deleted");
        send("cpu", "web-1", T0 + 10 * S, 0.99);
        assertThat(events()).hasSize(2);
    }

    @Test
    void aSilentSeriesBreachesAnAbsenceCondition() throws Exception {
        rule(
                Rules.rule(
                        "gone",
                        "{\"name\":\"gone\",\"selector\":{\"metric\":\"heartbeat\"},"
                                + "\"condition\":{\"type\":\"absent\",\"after\":\"2m\"},\"for\":\"30s\"}"));
        send("heartbeat", "web-1", T0, 1);
        advance(Duration.ofMinutes(1));
        assertThat(events()).isEmpty();

        advance(Duration.ofMinutes(1));
        assertThat(states()).containsExactly(AlertState.PENDING);
        advance(Duration.ofSeconds(30));
        assertThat(states()).containsExactly(AlertState.PENDING, AlertState.FIRING);

        send("heartbeat", "web-1", T0 + 200 * S, 1);
        assertThat(states()).endsWith(AlertState.RESOLVED);
    }

    @Test
    void anAbsenceLongerThanTheForgetTimeStillFiresWithoutFlippingToNoData() throws Exception {
        // OPTIONS forget silent instances after 30m; the rule waits 2h (and 5m of for), and
        // no_data is set too
        rule(
                Rules.rule(
                        "gone",
                        "{\"name\":\"gone\",\"selector\":{\"metric\":\"heartbeat\"},"
                                + "\"condition\":{\"type\":\"absent\",\"after\":\"2h\"},\"for\":\"5m\","
                                + "\"no_data\":{\"after\":\"5m\"}}"));
        send("heartbeat", "web-1", T0, 1);
        advance(Duration.ofMinutes(5));
        assertThat(states()).containsExactly(AlertState.NO_DATA);
        advance(Duration.ofMinutes(115));
        assertThat(states()).containsExactly(AlertState.NO_DATA, AlertState.PENDING);
        advance(Duration.ofMinutes(5));
        assertThat(states())
                .containsExactly(AlertState.NO_DATA, AlertState.PENDING, AlertState.FIRING);

        advance(Duration.ofMinutes(20));
        assertThat(states())
                .as("still absent, not flipping to NO_DATA")
                .containsExactly(AlertState.NO_DATA, AlertState.PENDING, AlertState.FIRING);
        advance(Duration.ofMinutes(15)); // the forget time after it fired
        assertThat(states()).endsWith(AlertState.RESOLVED);
        assertThat(events().get(events().size() - 1).reason()).contains("stopped reporting");
    }

    @Test
    void aRuleAddedLaterWithAShortNoDataIsCheckedOnTime() throws Exception {
        rule(Rules.rule("plain", Rules.threshold("cpu", 0.9, "\"for\":\"1m\"")));
        send("cpu", "web-1", T0, 0.5); // its only check: the 30m forget time
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "\"no_data\":{\"after\":\"2m\"}")));
        send("cpu", "web-1", T0 + 10 * S, 0.5);

        advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(states()).containsExactly(AlertState.NO_DATA);
    }

    @Test
    void silenceIsNoDataAndALongSilenceDropsEverything() throws Exception {
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "\"no_data\":{\"after\":\"5m\"}")));
        send("cpu", "web-1", T0, 0.95);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        advance(Duration.ofMinutes(5));
        assertThat(states()).containsExactly(AlertState.FIRING, AlertState.NO_DATA);

        advance(Duration.ofMinutes(30));
        assertThat(states())
                .containsExactly(AlertState.FIRING, AlertState.NO_DATA, AlertState.RESOLVED);
        assertThat(events().get(2).reason()).contains("stopped reporting");
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void anOutageOfTheJobIsNotTheSilenceOfItsSeries() throws Exception {
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "\"no_data\":{\"after\":\"5m\"}")));
        send("cpu", "web-1", T0, 0.95);
        assertThat(states()).containsExactly(AlertState.FIRING);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // back three hours later: the overdue check fires at once, before any data arrives
        harness = harness(snapshot);
        processingTime += Duration.ofHours(3).toMillis();
        harness.setProcessingTime(processingTime);
        assertThat(events()).as("no NO_DATA, no 'stopped reporting'").isEmpty();

        send("cpu", "web-1", T0 + 3 * 3_600_000L, 0.95);
        assertThat(events()).as("still the same firing alert").isEmpty();
        advance(Duration.ofMinutes(5));
        assertThat(states()).containsExactly(AlertState.NO_DATA);
    }

    @Test
    void aRuleOverItsSeriesCapRaisesAMetaAlertInsteadOfGrowing() throws Exception {
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "\"max_series\":2")));
        send("cpu", "web-1", T0, 0.5);
        send("cpu", "web-2", T0, 0.5);
        send("cpu", "web-3", T0, 0.99);
        send("cpu", "web-4", T0, 0.99);

        assertThat(events()).hasSize(1);
        AlertEvent meta = events().get(0);
        assertThat(meta.labels()).containsEntry("alertname", CardinalityGuard.META_ALERT);
        assertThat(meta.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aPendingAlertKeepsItsRemainingForTimeAcrossSnapshotAndRestore() throws Exception {
        rule(Rules.rule("r", Rules.threshold("cpu", 0.9, "\"for\":\"1m\"")));
        send("cpu", "web-1", T0, 0.95);
        send("cpu", "web-1", T0 + 30 * S, 0.95);
        assertThat(states()).containsExactly(AlertState.PENDING);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(snapshot);
        harness.setProcessingTime(processingTime);
        send("cpu", "web-1", T0 + 60 * S, 0.95);

        assertThat(states()).containsExactly(AlertState.FIRING);
        assertThat(events().get(0).startsAt()).isEqualTo(T0 + 60 * S);
    }

    @Test
    void groupRulesHandTheirSeriesToTheGroup() throws Exception {
        rule(
                Rules.rule(
                        "by-service",
                        "{\"name\":\"n\",\"selector\":{\"metric\":\"cpu\",\"group_by\":[\"service\"],\"aggregation\":{\"function\":\"avg\",\"window\":\"1m\"}},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.9}}"));
        MetricPoint p =
                TestPoints.gauge("cpu", Map.of("host", "web-1", "service", "shop"), T0, 0.95);
        harness.processElement(new StreamRecord<>(p, T0));

        assertThat(events()).isEmpty();
        List<GroupSignal> signals =
                harness.getSideOutput(SeriesEvaluator.GROUP_SIGNALS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).groupLabels).containsExactly("service", "shop");
        assertThat(signals.get(0).partial.points).isEqualTo(1);
    }

    @Test
    void baselineRulesReportTheirBandOnceAMinute() throws Exception {
        rule(
                Rules.rule(
                        "b",
                        "{\"name\":\"n\",\"selector\":{\"metric\":\"lat\"},"
                                + "\"condition\":{\"type\":\"baseline\",\"window\":\"1h\",\"k\":3,\"min_samples\":5}}"));
        for (int i = 0; i < 24; i++) {
            send("lat", "web-1", T0 + i * 10 * S, 100 + (i % 3));
        }

        List<AlertBand> bands =
                harness.getSideOutput(SeriesEvaluator.BANDS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(bands)
                .extracting(b -> b.minute)
                .containsExactly(T0, T0 + 60 * S, T0 + 120 * S, T0 + 180 * S);
        assertThat(bands.get(0).lower).isNotNaN(); // reported once warmed up (5 values)
        assertThat(bands.get(3).lower).isBetween(95.0, 101.0);
        assertThat(bands.get(3).upper).isBetween(101.0, 106.0);
        assertThat(events()).isEmpty();
    }
}
