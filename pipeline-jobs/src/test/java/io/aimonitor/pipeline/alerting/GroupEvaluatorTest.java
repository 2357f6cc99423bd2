package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.rules.AlertRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group rules and patterns: points go through the series evaluator, whose group signals feed the
 * group evaluator, both in test harnesses.
 */
class GroupEvaluatorTest {
    private static final long T0 = SeriesEvaluatorTest.T0;
    private static final long S = 1000;

    private KeyedBroadcastOperatorTestHarness<Long, MetricPoint, RuleUpdate, AlertEvent> series;
    private KeyedBroadcastOperatorTestHarness<String, GroupSignal, RuleUpdate, AlertEvent> groups;
    private int signalsSeen;

    @BeforeEach
    void start() throws Exception {
        series = SeriesEvaluatorTest.harness(null);
        groups =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new GroupEvaluator(SeriesEvaluatorTest.OPTIONS),
                                List.of(RuleBook.RULES)),
                        s -> s.groupKey,
                        Types.STRING,
                        1,
                        1,
                        0);
        groups.setup();
        groups.open();
        series.setProcessingTime(1_000_000);
        groups.setProcessingTime(1_000_000);
    }

    @AfterEach
    void stop() throws Exception {
        series.close();
        groups.close();
    }

    private void rule(AlertRule rule) throws Exception {
        series.processBroadcastElement(Rules.update(rule), 0);
        groups.processBroadcastElement(Rules.update(rule), 0);
    }

    private void send(String metric, Map<String, String> labels, long t, double value)
            throws Exception {
        MetricPoint p = TestPoints.gauge(metric, labels, t, value);
        series.processElement(new StreamRecord<>(p, t));
        List<StreamRecord<GroupSignal>> signals =
                new ArrayList<>(series.getSideOutput(SeriesEvaluator.GROUP_SIGNALS));
        for (StreamRecord<GroupSignal> s : signals.subList(signalsSeen, signals.size())) {
            groups.processElement(s);
        }
        signalsSeen = signals.size();
    }

    private List<AlertEvent> events() {
        return groups.extractOutputValues();
    }

    @Test
    void aGroupFiresOnItsSeriesCombinedValue() throws Exception {
        rule(
                Rules.rule(
                        "svc-cpu",
                        "{\"name\":\"Service CPU\",\"selector\":{\"metric\":\"cpu\",\"group_by\":[\"service\"],"
                                + "\"aggregation\":{\"function\":\"avg\",\"window\":\"1m\"}},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.8}}"));

        send("cpu", Map.of("host", "b", "service", "shop"), T0, 0.5);
        send("cpu", Map.of("host", "a", "service", "shop"), T0, 0.95); // shop avg 0.725
        send("cpu", Map.of("host", "c", "service", "blog"), T0, 0.99);
        assertThat(events()).hasSize(1);
        assertThat(events().get(0).labels()).isEqualTo(Map.of("service", "blog"));

        send("cpu", Map.of("host", "b", "service", "shop"), T0 + 10 * S, 0.9); // b: 0.7; shop 0.783
        send("cpu", Map.of("host", "b", "service", "shop"), T0 + 20 * S, 1.0); // b: 0.8; shop 0.84
        assertThat(events()).hasSize(2);
        AlertEvent shop = events().get(1);
        assertThat(shop.labels()).isEqualTo(Map.of("service", "shop"));
        assertThat(shop.state()).isEqualTo(AlertState.FIRING);
        assertThat(shop.value()).isCloseTo(0.8375, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(series.extractOutputValues()).isEmpty();
    }

    @Test
    void aSequenceFiresWhenTheSecondStepFollowsTheFirstInTime() throws Exception {
        rule(
                Rules.rule(
                        "deploy-then-latency",
                        "{\"name\":\"Latency after deploy\",\"selector\":{\"metric\":\"deployments\",\"group_by\":[\"service\"]},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0},"
                                + "\"pattern\":{\"type\":\"sequence\",\"within\":\"5m\",\"then\":{"
                                + "\"selector\":{\"metric\":\"latency.p99\"},\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":3}}}}"));

        send("latency.p99", Map.of("service", "shop", "host", "a"), T0, 5); // no deploy before
        assertThat(events()).isEmpty();

        send("deployments", Map.of("service", "shop"), T0 + 60 * S, 1);
        send("latency.p99", Map.of("service", "blog", "host", "a"), T0 + 90 * S, 5); // other group
        assertThat(events()).isEmpty();
        send("latency.p99", Map.of("service", "shop", "host", "a"), T0 + 120 * S, 5);
        assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);
        assertThat(events().get(0).labels()).containsEntry("service", "shop");

        send("latency.p99", Map.of("service", "shop", "host", "a"), T0 + 130 * S, 1);
        assertThat(events()).extracting(AlertEvent::state).endsWith(AlertState.RESOLVED);
        send("latency.p99", Map.of("service", "shop", "host", "a"), T0 + 400 * S, 5); // 5m40s after
        assertThat(events()).hasSize(2);
    }

    @Test
    void anUngroupedPatternAlertResolvesWhenItsRuleIsDeleted() throws Exception {
        rule(
                Rules.rule(
                        "two-hosts",
                        "{\"name\":\"Two hosts hot\",\"selector\":{\"metric\":\"cpu\"},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.9},"
                                + "\"pattern\":{\"type\":\"distinct_entities\",\"n\":2,\"label\":\"host\",\"within\":\"2m\"}}"));
        send("cpu", Map.of("host", "a"), T0, 0.95);
        send("cpu", Map.of("host", "b"), T0 + 10 * S, 0.95);
        assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);

        series.processBroadcastElement(Rules.delete("two-hosts"), 0);
        groups.processBroadcastElement(Rules.delete("two-hosts"), 0);
        assertThat(events())
                .extracting(AlertEvent::state)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events().get(1).reason()).isEqualTo("rule deleted");
    }

    @Test
    void distinctEntitiesFireWhenEnoughBreachWithinTheWindow() throws Exception {
        rule(
                Rules.rule(
                        "many-hosts",
                        "{\"name\":\"Many hosts hot\",\"selector\":{\"metric\":\"cpu\",\"group_by\":[\"cluster\"]},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.9},"
                                + "\"pattern\":{\"type\":\"distinct_entities\",\"n\":3,\"label\":\"host\",\"within\":\"2m\"}}"));

        send("cpu", Map.of("cluster", "eu", "host", "a"), T0, 0.95);
        send("cpu", Map.of("cluster", "eu", "host", "b"), T0 + 10 * S, 0.95);
        send("cpu", Map.of("cluster", "us", "host", "c"), T0 + 20 * S, 0.95);
        send("cpu", Map.of("cluster", "eu", "host", "a"), T0 + 30 * S, 0.95);
        assertThat(events()).isEmpty();

        send("cpu", Map.of("cluster", "eu", "host", "d"), T0 + 40 * S, 0.95);
        assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);
        assertThat(events().get(0).value()).isEqualTo(3);
        assertThat(events().get(0).labels()).isEqualTo(Map.of("cluster", "eu"));

        send("cpu", Map.of("cluster", "eu", "host", "b"), T0 + 50 * S, 0.2);
        assertThat(events()).extracting(AlertEvent::state).endsWith(AlertState.RESOLVED);
    }

    @Test
    void deletingAGroupRuleResolvesItsGroups() throws Exception {
        AlertRule rule =
                Rules.rule(
                        "g",
                        "{\"name\":\"g\",\"selector\":{\"metric\":\"cpu\",\"group_by\":[\"service\"]},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.8}}");
        rule(rule);
        send("cpu", Map.of("host", "a", "service", "shop"), T0, 0.95);

        groups.processBroadcastElement(Rules.delete("g"), 0);

        assertThat(events())
                .extracting(AlertEvent::state)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events().get(1).reason()).isEqualTo("rule deleted");
    }
}
