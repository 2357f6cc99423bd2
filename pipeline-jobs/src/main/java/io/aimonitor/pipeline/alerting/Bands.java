package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.rules.AlertRule;

/** The learned band of an instance, at most once a minute (the rollup resolution). */
final class Bands {
    private static final long MINUTE = 60_000;

    private Bands() {}

    static AlertBand of(
            AlertRule rule,
            RuleInstance instance,
            String metric,
            long seriesId,
            long t,
            double value,
            ConditionEvaluator.Outcome outcome) {
        if (Double.isNaN(outcome.lower) && Double.isNaN(outcome.score)) {
            return null;
        }
        long minute = Math.floorDiv(t, MINUTE) * MINUTE;
        if (minute == instance.lastBandMinute) {
            return null;
        }
        instance.lastBandMinute = minute;
        AlertBand band = new AlertBand();
        band.ruleId = rule.id();
        band.fingerprint = instance.fingerprint;
        band.metric = metric;
        band.seriesId = seriesId;
        band.minute = minute;
        band.value = value;
        band.lower = outcome.lower;
        band.upper = outcome.upper;
        band.anomalyScore = outcome.score;
        return band;
    }
}
