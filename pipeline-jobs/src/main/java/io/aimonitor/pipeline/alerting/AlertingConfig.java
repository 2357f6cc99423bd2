package io.aimonitor.pipeline.alerting;

import java.io.Serializable;

/**
 * The alerting part of the pipeline: where rules come from and alert events go.
 *
 * @param rulesTopic the compacted rules topic (key = rule id, tombstone = deleted)
 * @param alertsTopic alert events, keyed by fingerprint
 */
public record AlertingConfig(String rulesTopic, String alertsTopic, AlertingOptions options)
        implements Serializable {
    public static final AlertingConfig DEFAULT =
            new AlertingConfig("rules", "alerts", AlertingOptions.DEFAULT);
}
