package io.aimonitor.pipeline.alerting;

/**
 * What one series tells the group it belongs to, for one rule: its window summary (aggregating
 * group rules), or whether it breached (pattern rules). A Flink POJO.
 */
public class GroupSignal {
    /** Rule id and group label values: the key of the group evaluation. */
    public String groupKey;

    public String ruleId;
    public String metric;

    /** The group's labels, flattened and sorted. */
    public String[] groupLabels;

    public long seriesId;

    /** Event time. */
    public long at;

    public boolean secondStep;

    /** The value of the distinct-entities label, for that pattern. */
    public String entity;

    public boolean breach;
    public double value;
    public Partial partial;

    public GroupSignal() {}
}
