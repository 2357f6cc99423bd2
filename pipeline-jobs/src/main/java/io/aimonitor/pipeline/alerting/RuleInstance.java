package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertLifecycle;
import io.aimonitor.schemas.alerts.AlertState;

/**
 * One alert instance: a rule applied to one series or one group. Its lifecycle state (inherited),
 * what was last reported, the evaluation history that N-of-M and flapping need, and the condition's
 * learned state. A Flink POJO.
 */
public class RuleInstance extends AlertLifecycle.Instance {
    public String fingerprint;
    public long ruleVersion;

    /** The series' (or group's) labels, flattened and sorted: key0, value0, ... */
    public String[] labels;

    /** The state last reported in an alert event (differs from {@code state} while flapping). */
    public AlertState reported = AlertState.INACTIVE;

    public long noDataSince;

    /** Breach (1) or not (0) of the most recent evaluations, newest in bit 0. */
    public long breachBits;

    /** When the lifecycle last changed between firing and resolved, newest last. */
    public long[] transitions = new long[0];

    public double lastValue = Double.NaN;

    /** Event time of the last evaluation. */
    public long lastAt;

    /** Event time of the last value (evaluations on silence come later). */
    public long lastDataAt;

    /** Processing time when the stream last had a value. */
    public long lastArrival;

    /** Start of the minute the last baseline band was reported for. */
    public long lastBandMinute;

    public ConditionState condition = new ConditionState();

    public RuleInstance() {}

    static RuleInstance create(String fingerprint, long ruleVersion, String[] labels) {
        RuleInstance i = new RuleInstance();
        i.fingerprint = fingerprint;
        i.ruleVersion = ruleVersion;
        i.labels = labels;
        return i;
    }

    boolean reportedActive() {
        return reported.active();
    }
}
