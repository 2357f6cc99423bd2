package io.aimonitor.api.ai.similar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-process model puts the same fault, worded differently, closer than a different one. */
class IncidentEmbeddingsTest {
    @Test
    void theSameFaultInOtherWordsIsClosest() {
        IncidentEmbeddings embeddings = new IncidentEmbeddings();
        float[] pool =
                embeddings.embed(
                        "checkout latency high: the database connection pool was exhausted");
        float[] samePool =
                embeddings.embed("checkout slow because PostgreSQL ran out of pooled connections");
        float[] disk = embeddings.embed("disk full on host web-1, writes failing");

        assertThat(pool).hasSize(384);
        double near = IncidentEmbeddings.cosine(pool, samePool);
        double far = IncidentEmbeddings.cosine(pool, disk);
        assertThat(near).isGreaterThan(far + 0.1);
        assertThat(IncidentEmbeddings.decode(IncidentEmbeddings.encode(pool)))
                .containsExactly(pool);
    }
}
