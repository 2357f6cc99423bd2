package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** State descriptors and output tags of the metrics job, in one place. */
public final class Descriptors {
    /** Cumulative sums and histograms: they need per-series state before they can be stored. */
    public static final OutputTag<MetricPoint> CUMULATIVE =
            new OutputTag<>("cumulative-points", TypeInformation.of(MetricPoint.class));

    public static final ValueStateDescriptor<SeriesState> SERIES_STATE =
            new ValueStateDescriptor<>(
                    "last-cumulative-reading", TypeInformation.of(SeriesState.class));

    /** When the job first started; counters that started later are counted from zero. */
    public static final ListStateDescriptor<Long> OBSERVING_SINCE =
            new ListStateDescriptor<>("observing-since", Types.LONG);

    private Descriptors() {}
}
