package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys points by series. */
public class SeriesKey implements KeySelector<MetricPoint, Long> {
    @Override
    public Long getKey(MetricPoint point) {
        return point.seriesId;
    }
}
