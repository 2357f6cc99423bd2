package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/** Event time of a point is its own timestamp, not the time it reached Kafka. */
public class PointTimestamps implements SerializableTimestampAssigner<MetricPoint> {
    @Override
    public long extractTimestamp(MetricPoint point, long recordTimestamp) {
        return point.timestampMs;
    }
}
