package io.aimonitor.schemas.alerts;

/**
 * The expected band a baseline rule learned for one alert instance, and its anomaly score, for one
 * minute: charted beside the value. A Flink POJO.
 */
public class AlertBand {
    public String ruleId;
    public String fingerprint;
    public String metric;

    /** The series, or 0 for a group. */
    public long seriesId;

    /** Start of the minute. */
    public long minute;

    public double value;
    public double lower = Double.NaN;
    public double upper = Double.NaN;
    public double anomalyScore = Double.NaN;

    public AlertBand() {}
}
