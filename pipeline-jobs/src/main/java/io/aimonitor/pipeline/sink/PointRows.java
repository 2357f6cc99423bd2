package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.util.List;

/**
 * Metric points: scalars to samples, histograms to histograms; plus the series index and metadata.
 */
public final class PointRows implements RowEncoder<MetricPoint> {
    @Override
    public TargetTable table(MetricPoint p) {
        return p.type.isHistogram() ? TargetTable.HISTOGRAMS : TargetTable.SAMPLES;
    }

    @Override
    public void encode(MetricPoint p, RowBinaryBuffer row) {
        row.string(p.metric).uint64(p.seriesId).dateTime64Millis(p.timestampMs);
        if (p.type.isHistogram()) {
            row.uint64(p.count)
                    .float64(p.sum)
                    .float64(p.min)
                    .float64(p.max)
                    .float64Array(p.bounds)
                    .uint64Array(p.bucketCounts);
        } else {
            row.float64(p.value).float64(p.delta);
        }
    }

    @Override
    public List<Tracker<MetricPoint>> trackers() {
        // labels and metadata first: a sample must never be visible without its series
        return List.of(new SeriesTracker(), new MetadataTracker());
    }
}
