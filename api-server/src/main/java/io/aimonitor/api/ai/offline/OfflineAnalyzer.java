package io.aimonitor.api.ai.offline;

import io.aimonitor.api.ai.analysis.Analysis;
import io.aimonitor.api.ai.evidence.EvidencePack;
import io.aimonitor.api.ai.evidence.FactEvidence;
import io.aimonitor.api.ai.evidence.SeriesEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Deterministic statistics over an evidence pack, with the same output as a language model: each
 * series' level shift and when it happened, its correlation with the series that alerted, and which
 * entity deviated first. Of the shifts that look like part of the incident (at least 3 standard
 * deviations, correlated with the alerting series, at most half an hour before it) the entity that
 * moved first is the probable root cause; the others that shifted are the top contributors; a
 * change (deploy, rule) on that entity just before is cited. Needs no key, and is a language
 * model's first pass.
 */
public final class OfflineAnalyzer {
    /** A shift this many standard deviations or more counts as a deviation. */
    static final double DEVIATION = 3.0;

    /** A deviation this correlated with the alerting series may be part of the incident. */
    static final double RELATED = 0.4;

    /** ... and so may one this long before the alert at most. */
    static final long LOOKBACK_MS = 30 * 60_000L;

    /** One series' statistics. */
    record Finding(SeriesEvidence series, ChangePoint change, double correlation, long atMs) {
        boolean deviates() {
            return Math.abs(change.shift()) >= DEVIATION;
        }
    }

    public Analysis analyze(EvidencePack pack) {
        double[] alertingValues = pack.alerting().values();
        List<Finding> findings = new ArrayList<>();
        for (SeriesEvidence s : pack.allSeries()) {
            ChangePoint cp = ChangePoint.of(s.values());
            long at =
                    s.timesMs().length == 0
                            ? pack.firedAtMs()
                            : s.timesMs()[Math.min(cp.index(), s.timesMs().length - 1)];
            findings.add(
                    new Finding(
                            s,
                            cp,
                            Correlation.pearson(
                                    s.timesMs(),
                                    s.values(),
                                    pack.alerting().timesMs(),
                                    alertingValues),
                            at));
        }
        Finding alerting = findings.get(0);
        List<Finding> deviating =
                findings.stream()
                        .filter(Finding::deviates)
                        .sorted(
                                Comparator.comparingLong(Finding::atMs)
                                        .thenComparing(f -> -Math.abs(f.change().shift())))
                        .toList();
        // the first to move among the moves that look like part of this incident
        List<Finding> candidates =
                deviating.stream()
                        .filter(f -> Math.abs(f.correlation()) >= RELATED)
                        .filter(f -> f.atMs() >= pack.firedAtMs() - LOOKBACK_MS)
                        .toList();
        Finding origin =
                !candidates.isEmpty()
                        ? candidates.get(0)
                        : deviating.isEmpty() ? alerting : deviating.get(0);
        String entity = origin.series().entity();
        List<FactEvidence> changes =
                pack.facts().stream()
                        .filter(f -> f.kind().equals("change") && f.entity().equals(entity))
                        .filter(
                                f ->
                                        f.atMs() <= origin.atMs()
                                                && origin.atMs() - f.atMs() <= 30 * 60_000L)
                        .toList();
        List<FactEvidence> related =
                pack.facts().stream()
                        .filter(f -> !f.kind().equals("change") && f.entity().equals(entity))
                        .limit(3)
                        .toList();

        Set<String> evidence = new LinkedHashSet<>();
        evidence.add(origin.series().id());
        evidence.add(pack.alerting().id());
        deviating.stream().limit(5).forEach(f -> evidence.add(f.series().id()));
        changes.forEach(f -> evidence.add(f.id()));
        related.forEach(f -> evidence.add(f.id()));

        return new Analysis(
                summary(pack, alerting, origin, deviating),
                new Analysis.RootCause(entity, reason(origin, alerting, deviating, changes)),
                List.copyOf(evidence),
                actions(origin, changes, related),
                severity(pack, deviating),
                confidence(origin, alerting, deviating, changes));
    }

    private static String summary(
            EvidencePack pack, Finding alerting, Finding origin, List<Finding> deviating) {
        String alertPart =
                String.format(
                        Locale.ROOT,
                        "%s fired on %s: %s moved from %s to %s.",
                        pack.ruleName(),
                        alerting.series().entity(),
                        alerting.series().metric(),
                        number(alerting.change().before()),
                        number(alerting.change().after()));
        if (origin == alerting) {
            return alertPart + " No other series in the evidence deviated before it.";
        }
        return alertPart
                + String.format(
                        Locale.ROOT,
                        " %s changed first: %s moved from %s to %s at %s, %s before the alerting series; %d series deviated in all.",
                        origin.series().entity(),
                        origin.series().metric(),
                        number(origin.change().before()),
                        number(origin.change().after()),
                        Instant.ofEpochMilli(origin.atMs()),
                        lead(alerting.atMs() - origin.atMs()),
                        deviating.size());
    }

    private static String reason(
            Finding origin, Finding alerting, List<Finding> deviating, List<FactEvidence> changes) {
        StringBuilder r = new StringBuilder();
        r.append(
                String.format(
                        Locale.ROOT,
                        "%s shifted by %.1f standard deviations",
                        origin.series().metric(),
                        origin.change().shift()));
        if (origin != alerting) {
            r.append(
                    String.format(
                            Locale.ROOT,
                            ", %s before %s (correlation %.2f with it)",
                            lead(alerting.atMs() - origin.atMs()),
                            alerting.series().metric(),
                            origin.correlation()));
        }
        if (deviating.size() > 1) {
            r.append(", the earliest of ").append(deviating.size()).append(" deviating series");
        }
        if (!changes.isEmpty()) {
            r.append("; preceded by: ").append(changes.get(0).text());
        }
        return r.toString();
    }

    private static List<String> actions(
            Finding origin, List<FactEvidence> changes, List<FactEvidence> related) {
        List<String> actions = new ArrayList<>();
        actions.add(
                String.format(
                        Locale.ROOT,
                        "Check %s first: its %s changed at %s.",
                        origin.series().entity(),
                        origin.series().metric(),
                        Instant.ofEpochMilli(origin.atMs())));
        if (!changes.isEmpty()) {
            actions.add("Consider rolling back: " + changes.get(0).text());
        }
        for (FactEvidence f : related) {
            actions.add("Look at " + f.kind().replace('_', ' ') + " " + f.id() + ": " + f.text());
        }
        return actions.subList(0, Math.min(actions.size(), 4));
    }

    private static String severity(EvidencePack pack, List<Finding> deviating) {
        Set<String> entities = new LinkedHashSet<>();
        deviating.forEach(f -> entities.add(f.series().entity()));
        if (entities.size() >= 3 || "critical".equals(pack.severity())) {
            return "critical";
        }
        return "info".equals(pack.severity()) && entities.size() <= 1 ? "info" : "warning";
    }

    private static double confidence(
            Finding origin, Finding alerting, List<Finding> deviating, List<FactEvidence> changes) {
        if (deviating.isEmpty()) {
            return 0.2;
        }
        double c = 0.4;
        if (deviating.size() == 1
                || deviating.stream()
                        .filter(f -> f != origin)
                        .allMatch(f -> f.atMs() > origin.atMs())) {
            c += 0.2; // it clearly came first
        }
        c += 0.2 * Math.min(1, Math.abs(origin.correlation()));
        if (!changes.isEmpty()) {
            c += 0.1;
        }
        return Math.min(0.95, Math.round(c * 100) / 100.0);
    }

    private static String lead(long ms) {
        Duration d = Duration.ofMillis(Math.max(0, ms));
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String number(double v) {
        return Math.abs(v) >= 100
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
