package io.aimonitor.pipeline.alerting;

import java.io.Serializable;

/**
 * The alerting part of the pipeline: where rules come from and alert events go.
 *
 * @param rulesTopic the compacted rules topic (key = rule id, tombstone = deleted)
 * @param alertsTopic alert events, keyed by fingerprint
 * @param bandsTopic learned baseline bands, once a minute per instance
 * @param groupId the alerting job's consumer group on the metrics topic
 */
public record AlertingConfig(
        String rulesTopic,
        String alertsTopic,
        String bandsTopic,
        String groupId,
        AlertingOptions options)
        implements Serializable {
    public static final AlertingConfig DEFAULT =
            new AlertingConfig(
                    "rules",
                    "alerts",
                    "alert_bands",
                    "aimonitor-alerting",
                    AlertingOptions.DEFAULT);

    public AlertingConfig withTopics(String rules, String alerts, String bands) {
        return new AlertingConfig(rules, alerts, bands, groupId, options);
    }
}
