package io.aimonitor.pipeline.alerting;

/**
 * A message of the compacted {@code rules} topic: a rule's current JSON, or null when it was
 * deleted (a tombstone). A Flink POJO.
 */
public class RuleUpdate {
    public String id;
    public String json;

    public RuleUpdate() {}

    public RuleUpdate(String id, String json) {
        this.id = id;
        this.json = json;
    }
}
