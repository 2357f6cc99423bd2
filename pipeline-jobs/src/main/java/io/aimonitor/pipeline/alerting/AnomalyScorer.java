package io.aimonitor.pipeline.alerting;

/** Scores a value against a streaming model of its stream's past, then learns it. */
public interface AnomalyScorer {
    /**
     * @param model which stream's model ({@link #model})
     * @return a score in [0, 1), higher is more anomalous; NaN while the model is warming up
     */
    double scoreAndLearn(String model, long t, double value);

    /**
     * Drops live models of an instance key (a rule id, or a rule's second step) for one owner (a
     * series or group), or for every owner when {@code owner} is null. Stored copies are the
     * caller's to drop.
     */
    void forget(String instanceKey, String owner);

    /** The model of one condition leaf of one instance. */
    static String model(String instanceKey, int leaf, String owner) {
        return instanceKey + "#" + leaf + "@" + owner;
    }

    /** Whether a model is one of this instance key's ("r1" owns "r1#0@x", not "r1#then#0@x"). */
    static boolean isModelOf(String model, String instanceKey) {
        int at = instanceKey.length() + 1;
        return model.startsWith(instanceKey + "#")
                && model.length() > at
                && Character.isDigit(model.charAt(at));
    }

    AnomalyScorer NONE =
            new AnomalyScorer() {
                @Override
                public double scoreAndLearn(String model, long t, double value) {
                    return Double.NaN;
                }

                @Override
                public void forget(String instanceKey, String owner) {}
            };
}
