package io.aimonitor.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StagedBatchSerializerTest {

    @Test
    void roundTripsACommittable() throws Exception {
        StagedBatchSerializer serializer = new StagedBatchSerializer();
        StagedBatch batch = new StagedBatch("samples", Long.MAX_VALUE - 3, 7);

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(batch)))
                .isEqualTo(batch);
        assertThat(batch.dedupToken()).isEqualTo("samples-9223372036854775804");
    }
}
