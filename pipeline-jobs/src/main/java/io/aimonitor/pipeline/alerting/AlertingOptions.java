package io.aimonitor.pipeline.alerting;

import java.io.Serializable;
import java.time.Duration;

/**
 * Tuning of the alert evaluators.
 *
 * @param forgetAfter an instance whose series (or group) has been silent this long is resolved (if
 *     active) and its state dropped
 * @param checkEvery how often a silent instance with an absence condition is re-evaluated
 * @param maxLiveModels anomaly models kept in memory per subtask (the rest are in state)
 * @param modelSaveEvery an anomaly model is written to state after this many updates
 */
public record AlertingOptions(
        Duration forgetAfter, Duration checkEvery, int maxLiveModels, int modelSaveEvery)
        implements Serializable {
    public static final AlertingOptions DEFAULT =
            new AlertingOptions(Duration.ofHours(1), Duration.ofSeconds(15), 1000, 50);
}
