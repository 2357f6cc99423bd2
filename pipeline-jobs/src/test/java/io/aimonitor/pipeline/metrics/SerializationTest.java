package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class SerializationTest {

    @Test
    void pointsAndSeriesStateAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MetricPoint.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SeriesState.class);
    }
}
