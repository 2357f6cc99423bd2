package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends cumulative points (which need the series' previous reading) to {@link
 * Descriptors#CUMULATIVE}; everything else can be stored as it is, without a shuffle.
 */
public class RouteByTemporality extends ProcessFunction<MetricPoint, MetricPoint> {
    @Override
    public void processElement(MetricPoint point, Context ctx, Collector<MetricPoint> out) {
        if (point.needsDelta()) {
            ctx.output(Descriptors.CUMULATIVE, point);
        } else {
            out.collect(point);
        }
    }
}
