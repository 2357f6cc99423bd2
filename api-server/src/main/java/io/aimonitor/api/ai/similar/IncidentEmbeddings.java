package io.aimonitor.api.ai.similar;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Incident summaries as vectors from a small sentence-embedding model (all-MiniLM-L6-v2, 384
 * dimensions) that runs in process from the model file in its jar - no service, no key - stored as
 * base64 float32 and compared by cosine similarity.
 */
public final class IncidentEmbeddings {
    private volatile EmbeddingModel model; // loaded on first use: about 90 MB

    public float[] embed(String text) {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                m = model;
            }
        }
        return m.embed(text).content().vector();
    }

    public static String encode(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * 4);
        for (float f : vector) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    public static float[] decode(String text) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
