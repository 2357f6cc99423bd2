package io.aimonitor.schemas.alerts;

/**
 * The state machine of one alert instance: inactive -> pending -> firing -> resolved. A breach
 * starts pending; it fires once the breach has held for {@code for}; a firing alert resolves when
 * it has recovered (the recovery condition, or simply no breach) and no breach was seen for {@code
 * keep_firing_for}. Pure: the caller keeps the {@link Instance} (in Flink keyed state, or in memory
 * for a dry run) and supplies the time.
 */
public final class AlertLifecycle {
    private AlertLifecycle() {}

    /** The remembered part of an instance; a POJO, so Flink serializes it without Kryo. */
    public static class Instance {
        public AlertState state = AlertState.INACTIVE;
        public long pendingSince;
        public long firingSince;
        public long lastBreachAt;

        public Instance() {}
    }

    /**
     * @param breach whether the condition holds at {@code t}
     * @param recovered whether a firing alert may resolve at {@code t} (the recovery condition if
     *     the rule has one, else {@code !breach})
     * @return the state after this evaluation
     */
    public static AlertState evaluate(
            Instance i,
            long t,
            boolean breach,
            boolean recovered,
            long forMillis,
            long keepFiringForMillis) {
        if (breach) {
            i.lastBreachAt = t;
        }
        switch (i.state) {
            case INACTIVE, RESOLVED, NO_DATA -> {
                if (breach) {
                    i.pendingSince = t;
                    i.state = AlertState.PENDING;
                    fireIfDue(i, t, forMillis);
                } else if (i.state == AlertState.NO_DATA) {
                    i.state = AlertState.INACTIVE;
                }
            }
            case PENDING -> {
                if (breach) {
                    fireIfDue(i, t, forMillis);
                } else {
                    i.state = AlertState.INACTIVE;
                }
            }
            case FIRING, FLAPPING -> {
                if (recovered && !breach && t - i.lastBreachAt >= keepFiringForMillis) {
                    i.state = AlertState.RESOLVED;
                }
            }
        }
        return i.state;
    }

    private static void fireIfDue(Instance i, long t, long forMillis) {
        if (t - i.pendingSince >= forMillis) {
            i.state = AlertState.FIRING;
            i.firingSince = t;
        }
    }
}
