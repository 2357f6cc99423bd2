package io.aimonitor.pipeline.metrics;

import static io.aimonitor.pipeline.metrics.Points.counter;
import static io.aimonitor.pipeline.metrics.Points.histogram;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.metrics.MetricPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaFunctionTest {
    private static final Duration IDLE = Duration.ofMinutes(10);
    private final long now = System.currentTimeMillis();
    private final long start = now + 1_000; // started after the job began watching
    private KeyedOneInputStreamOperatorTestHarness<Long, MetricPoint, MetricPoint> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, MetricPoint, MetricPoint>
            newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CumulativeToDeltaFunction(IDLE)),
                new SeriesKey(),
                Types.LONG);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(MetricPoint p) throws Exception {
        harness.processElement(new StreamRecord<>(p, p.timestampMs));
    }

    private List<MetricPoint> out() {
        return harness.extractOutputValues();
    }

    @Test
    void countsACounterThatStartedWhileWatchingFromZero() throws Exception {
        send(counter("requests", start, start + 10_000, 5));
        send(counter("requests", start, start + 20_000, 12));

        assertThat(out()).extracting(p -> p.delta).containsExactly(5.0, 7.0);
        assertThat(out()).extracting(p -> p.rate).containsExactly(0.5, 0.7);
        assertThat(out().get(1).value).isEqualTo(12);
    }

    @Test
    void doesNotCountTheHistoryOfACounterThatStartedBeforeWatching() throws Exception {
        long longAgo = now - 86_400_000L;
        send(counter("requests", longAgo, now + 10_000, 1_000_000));
        send(counter("requests", longAgo, now + 20_000, 1_000_010));

        assertThat(out()).extracting(p -> p.delta).containsExactly(0.0, 10.0);
    }

    @Test
    void treatsADecreaseAsAResetAndCountsTheNewValue() throws Exception {
        send(counter("requests", start, start + 10_000, 100));
        send(
                counter(
                        "requests",
                        start,
                        start + 20_000,
                        3)); // process restarted, no start time change

        assertThat(out()).extracting(p -> p.delta).containsExactly(100.0, 3.0);
    }

    @Test
    void treatsANewStartTimeAsAReset() throws Exception {
        send(counter("requests", start, start + 10_000, 100));
        send(counter("requests", start + 15_000, start + 20_000, 150));

        assertThat(out()).extracting(p -> p.delta).containsExactly(100.0, 150.0);
        assertThat(out().get(1).rate).isEqualTo(30.0); // 150 over the 5 s since the restart
    }

    @Test
    void dropsARepeatedOrOlderReading() throws Exception {
        send(counter("requests", start, start + 20_000, 10));
        send(counter("requests", start, start + 20_000, 10));
        send(counter("requests", start, start + 10_000, 4));
        send(counter("requests", start, start + 30_000, 15));

        assertThat(out()).extracting(p -> p.delta).containsExactly(10.0, 5.0);
    }

    @Test
    void turnsCumulativeHistogramBucketsIntoDeltas() throws Exception {
        double[] bounds = {1, 5};
        send(histogram(start, start + 10_000, bounds, 1, 2, 0));
        send(histogram(start, start + 20_000, bounds, 3, 2, 1));

        MetricPoint second = out().get(1);
        assertThat(out().get(0).bucketCounts).containsExactly(1, 2, 0);
        assertThat(second.bucketCounts).containsExactly(2, 0, 1);
        assertThat(second.count).isEqualTo(3);
        assertThat(second.sum).isEqualTo(4.5);
    }

    @Test
    void histogramResetCountsTheNewReading() throws Exception {
        double[] bounds = {1, 5};
        send(histogram(start, start + 10_000, bounds, 5, 5, 5));
        send(histogram(start, start + 20_000, bounds, 1, 0, 0));

        assertThat(out().get(1).bucketCounts).containsExactly(1, 0, 0);
        assertThat(out().get(1).count).isEqualTo(1);
    }

    @Test
    void anIdleSeriesGoesDormantThenItsStateAndTimersAreCleared() throws Exception {
        send(counter("requests", start, start + 10_000, 1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(start + 10_000 + IDLE.toMillis() + 120_000);
        assertThat(harness.numKeyedStateEntries()).as("dormant").isEqualTo(1);
        harness.processWatermark(
                start
                        + 10_000
                        + CumulativeToDeltaFunction.DORMANT_TIMEOUTS * IDLE.toMillis()
                        + 120_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSeriesBackFromALongSilenceIsNotCountedFromZeroAgain() throws Exception {
        send(counter("requests", start, start + 10_000, 1000));
        long back = start + 10_000 + IDLE.toMillis() + 120_000;
        harness.processWatermark(back); // its state is cleared
        send(counter("requests", start, back + 10_000, 1010));

        assertThat(out()).extracting(p -> p.delta).containsExactly(1000.0, 10.0);
    }

    @Test
    void aStartTimeThatJittersBackAndForthIsNotARestart() throws Exception {
        send(counter("requests", start, start + 10_000, 100));
        send(counter("requests", start - 1, start + 20_000, 110));
        send(counter("requests", start, start + 30_000, 120));

        assertThat(out()).extracting(p -> p.delta).containsExactly(100.0, 10.0, 10.0);
    }

    @Test
    void aSparseSeriesFirstSeenHoursAfterItsProcessStartedCountsFromZero() throws Exception {
        long laterThanIdle = start + 3 * 3_600_000L; // an error counter's first error
        send(counter("errors", start, laterThanIdle, 5));
        send(counter("errors", start, laterThanIdle + 10_000, 7));

        assertThat(out()).extracting(p -> p.delta).containsExactly(5.0, 2.0);
    }

    @Test
    void anActiveSeriesHoldsOneCleanupTimer() throws Exception {
        for (int i = 1; i <= 90; i++) { // 15 minutes of points every 10 s
            send(counter("requests", start, start + i * 10_000L, i));
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(start + IDLE.toMillis() + 120_000); // the first timer fires
        assertThat(harness.numKeyedStateEntries()).as("still active").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("moved on").isEqualTo(1);
        harness.processWatermark(
                start
                        + 900_000
                        + CumulativeToDeltaFunction.DORMANT_TIMEOUTS * IDLE.toMillis()
                        + 120_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void keepsReadingsAcrossSnapshotAndRestore() throws Exception {
        send(counter("requests", start, start + 10_000, 5));
        OperatorSubtaskState snapshot = harness.snapshot(1, start + 10_000);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(counter("requests", start, start + 20_000, 9));

        assertThat(out()).extracting(p -> p.delta).containsExactly(4.0);
    }
}
