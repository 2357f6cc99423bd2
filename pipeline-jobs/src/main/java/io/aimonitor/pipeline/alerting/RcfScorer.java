package io.aimonitor.pipeline.alerting;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anomaly scores from a Random Cut Forest per value stream (software.amazon.randomcutforest): the
 * maintained streaming relative of an isolation forest. Each model sees the stream's changes (first
 * differences, which take out level and slow seasonality) shingled - the last {@value #SHINGLE}
 * changes as one point - so a value is judged in its local context.
 *
 * <p>Live models stay in a bounded in-memory cache; every {@code saveEvery} updates a model is
 * written to its {@link ModelStore} (Flink keyed state), where a restore or a cache miss finds it.
 * A model can thus come back up to {@code saveEvery} updates old - it learns them again. While the
 * cache evicts (an eviction within the last cache-size updates), models are saved on every update:
 * with more streams than live models each one is evicted before its next value, and must not lose
 * what it learned.
 *
 * <p>The forest's raw score s (about 1 for ordinary values, growing with how isolated a value is)
 * is reported as {@code 1 - 1/s}, 0 below s = 1: a score in [0, 1) that reads like a probability
 * and puts the usual "s above 2" alarm at 0.5.
 */
final class RcfScorer implements AnomalyScorer {
    static final int SHINGLE = 4;
    static final int TREES = 30;
    static final int SAMPLES = 128;
    static final int WARM_UP = 64;

    /** Where models persist between cache evictions and restores. */
    interface ModelStore {
        byte[] load(String model) throws Exception;

        void save(String model, byte[] bytes) throws Exception;

        ModelStore NONE =
                new ModelStore() {
                    @Override
                    public byte[] load(String model) {
                        return null;
                    }

                    @Override
                    public void save(String model, byte[] bytes) {}
                };
    }

    private static final class Live {
        final RandomCutForest forest;
        double previous;
        int unsaved;

        Live(RandomCutForest forest, double previous) {
            this.forest = forest;
            this.previous = previous;
        }
    }

    private final int saveEvery;
    private final int maxLiveModels;
    private final Map<String, Live> cache;
    private ModelStore store = ModelStore.NONE;
    private long updates;
    private long lastEvictionAt = Long.MIN_VALUE / 2;

    RcfScorer(int maxLiveModels, int saveEvery) {
        this.saveEvery = saveEvery;
        this.maxLiveModels = maxLiveModels;
        this.cache =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
                        boolean evict = size() > maxLiveModels;
                        if (evict) {
                            lastEvictionAt = updates;
                        }
                        return evict;
                    }
                };
    }

    void useStore(ModelStore store) {
        this.store = store;
    }

    private boolean evicting() {
        return updates - lastEvictionAt <= maxLiveModels;
    }

    @Override
    public double scoreAndLearn(String model, long t, double value) {
        updates++;
        Live live = cache.get(model);
        if (live == null) {
            live = restoreOrCreate(model);
            cache.put(model, live);
        }
        if (Double.isNaN(live.previous)) {
            live.previous = value;
            if (evicting()) {
                save(model, live);
            }
            return Double.NaN;
        }
        double[] point = {value - live.previous};
        live.previous = value;
        double raw = live.forest.getAnomalyScore(point);
        live.forest.update(point);
        if (++live.unsaved >= saveEvery || evicting()) {
            save(model, live);
        }
        if (live.forest.getTotalUpdates() <= WARM_UP) {
            return Double.NaN;
        }
        return raw <= 1 ? 0 : 1 - 1 / raw;
    }

    @Override
    public void forget(String instanceKey, String owner) {
        cache.keySet()
                .removeIf(
                        model ->
                                AnomalyScorer.isModelOf(model, instanceKey)
                                        && (owner == null || model.endsWith("@" + owner)));
    }

    private Live restoreOrCreate(String model) {
        try {
            byte[] bytes = store.load(model);
            return bytes == null ? new Live(create(model), Double.NaN) : fromBytes(bytes);
        } catch (Exception e) {
            throw new IllegalStateException("could not load anomaly model " + model, e);
        }
    }

    private void save(String model, Live live) {
        try {
            store.save(model, toBytes(live));
            live.unsaved = 0;
        } catch (Exception e) {
            throw new IllegalStateException("could not save anomaly model " + model, e);
        }
    }

    static RandomCutForest create(String model) {
        return RandomCutForest.builder()
                .dimensions(SHINGLE)
                .shingleSize(SHINGLE)
                .internalShinglingEnabled(true)
                .numberOfTrees(TREES)
                .sampleSize(SAMPLES)
                .outputAfter(WARM_UP)
                .randomSeed(model.hashCode())
                .build();
    }

    private static byte[] toBytes(Live live) {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeDouble(live.previous);
            out.writeObject(mapper.toState(live.forest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Live fromBytes(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            double previous = in.readDouble();
            RandomCutForestState state = (RandomCutForestState) in.readObject();
            return new Live(new RandomCutForestMapper().toModel(state), previous);
        }
    }
}
