package io.aimonitor.pipeline.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class QuietSourceWatermarksTest {
    private static final long BOUND = 500;
    private static final long QUIET = 1000;

    private final ManualClock activity = new ManualClock();
    private final Recorder out = new Recorder();
    private final QuietSourceWatermarks<String> watermarks =
            new QuietSourceWatermarks<>(BOUND, QUIET, activity);

    @Test
    void boundedOutOfOrdernessWhileSpansFlow() {
        watermarks.onEvent("a", 10_000, out);
        watermarks.onEvent("b", 9_000, out);
        watermarks.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(10_000 - BOUND - 1);
    }

    @Test
    void aQuietSourceMovesOnFromItsLastSpanAsTheClockAdvances() {
        watermarks.onEvent("a", 10_000, out);
        activity.advanceTime(Duration.ofMillis(QUIET + 4000));
        watermarks.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(10_000 + 4000 - BOUND);
    }

    @Test
    void aBackPressuredSourceIsNotQuietSoItsBacklogStaysOnTime() {
        watermarks.onEvent("a", 10_000, out);
        // the activity clock stands still while the source waits for its output: minutes of wall
        // time pass, no event time does
        watermarks.onPeriodicEmit(out);
        watermarks.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(10_000 - BOUND - 1);
        watermarks.onEvent("backlog", 10_200, out);
        watermarks.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(10_200 - BOUND - 1);
    }

    @Test
    void neverGoesBack() {
        watermarks.onEvent("a", 10_000, out);
        activity.advanceTime(Duration.ofMillis(QUIET + 4000));
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("late", 10_100, out);
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(10_000 + 4000 - BOUND);
    }

    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
