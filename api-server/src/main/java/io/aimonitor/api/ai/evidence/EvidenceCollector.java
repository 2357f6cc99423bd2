package io.aimonitor.api.ai.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.ai.offline.ChangePoint;
import io.aimonitor.api.alerts.AlertEventsStore;
import io.aimonitor.api.apm.ApmStore;
import io.aimonitor.api.metadata.AuditLog;
import io.aimonitor.api.query.Aggregation;
import io.aimonitor.api.query.MetricQueryService;
import io.aimonitor.api.query.QueryRange;
import io.aimonitor.api.query.QueryResult;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import io.aimonitor.store.TelemetryStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Gathers what the system already knows about a firing alert: its series over the last 90 minutes
 * with the learned band, the most deviating other metrics of the same service or host, other alerts
 * of that entity firing meanwhile, the service's RED change, slow spans and error groups when it is
 * traced, deploys (a new {@code service.version} in its spans) and the rule changes of the last two
 * hours. Every label and text passes {@link Redaction} first.
 */
public final class EvidenceCollector {
    static final long LOOKBACK_MS = 90 * 60_000L;
    static final long STEP_MS = 60_000;
    static final int RELATED_METRICS = 6;
    private static final List<String> ENTITY_LABELS = List.of("service.name", "host.name");

    private final TelemetryStore store;
    private final MetricQueryService metrics;
    private final AlertEventsStore alerts;
    private final ApmStore apm;
    private final AuditLog audit;

    public EvidenceCollector(
            TelemetryStore store,
            MetricQueryService metrics,
            AlertEventsStore alerts,
            ApmStore apm,
            AuditLog audit) {
        this.store = store;
        this.metrics = metrics;
        this.alerts = alerts;
        this.apm = apm;
        this.audit = audit;
    }

    /** The entity label of an alert: its service, else its host, else the rule. */
    public static String entity(Map<String, String> labels, String fallback) {
        for (String l : ENTITY_LABELS) {
            String v = labels.get(l);
            if (v != null && !v.isEmpty()) {
                return (l.equals("service.name") ? "service:" : "host:") + v;
            }
        }
        return fallback;
    }

    public EvidencePack collect(AlertEvent alert, AlertRule rule, String incidentKey, long nowMs) {
        long fired = alert.startsAt();
        long from = fired - LOOKBACK_MS;
        long to = Math.min(nowMs, fired + 10 * 60_000L);
        String entity = entity(alert.labels(), "rule:" + alert.ruleName());
        int[] ids = {1, 1};

        List<LabelMatcher> matchers = new ArrayList<>(rule.selector().matchers());
        for (String l : rule.selector().groupBy()) {
            if (alert.labels().containsKey(l)) {
                matchers.add(new LabelMatcher(l, MatchOp.EQ, alert.labels().get(l)));
            }
        }
        SeriesEvidence alerting =
                series(
                        "S" + ids[0]++,
                        entity,
                        rule.selector().metric(),
                        matchers,
                        alert.labels(),
                        from,
                        to);
        // the learned band and anomaly score of baseline and anomaly rules: [time, lower, upper,
        // score]
        List<double[]> band = new ArrayList<>();
        for (AlertEventsStore.BandPoint b : alerts.bands(alert.fingerprint(), from, to)) {
            band.add(
                    new double[] {
                        b.ts(), orNaN(b.lower()), orNaN(b.upper()), orNaN(b.anomalyScore())
                    });
        }
        if (!band.isEmpty()) {
            alerting =
                    new SeriesEvidence(
                            alerting.id(),
                            alerting.entity(),
                            alerting.metric(),
                            alerting.labels(),
                            alerting.timesMs(),
                            alerting.values(),
                            band);
        }

        List<SeriesEvidence> related = new ArrayList<>();
        String label = entityLabel(alert.labels());
        if (label != null) {
            List<SeriesEvidence> candidates = new ArrayList<>();
            for (String metric : metricsOf(label, alert.labels().get(label), from, to)) {
                if (metric.equals(rule.selector().metric())) {
                    continue;
                }
                List<LabelMatcher> m =
                        List.of(new LabelMatcher(label, MatchOp.EQ, alert.labels().get(label)));
                SeriesEvidence s =
                        series(
                                "",
                                entity,
                                metric,
                                m,
                                Map.of(label, alert.labels().get(label)),
                                from,
                                to);
                if (s.values().length >= 2 * ChangePoint.MIN_SEGMENT) {
                    candidates.add(s);
                }
            }
            candidates.sort(
                    Comparator.comparingDouble(s -> -Math.abs(ChangePoint.of(s.values()).shift())));
            for (SeriesEvidence s :
                    candidates.subList(0, Math.min(RELATED_METRICS, candidates.size()))) {
                related.add(
                        new SeriesEvidence(
                                "S" + ids[0]++,
                                s.entity(),
                                s.metric(),
                                s.labels(),
                                s.timesMs(),
                                s.values(),
                                s.band()));
            }
        }

        List<FactEvidence> facts = new ArrayList<>();
        if (label != null) {
            for (AlertEvent other :
                    alerts.latest(
                            new AlertEventsStore.Filter(
                                    List.of(AlertState.FIRING),
                                    List.of(),
                                    null,
                                    List.of(
                                            new LabelMatcher(
                                                    label, MatchOp.EQ, alert.labels().get(label))),
                                    from,
                                    to,
                                    10))) {
                if (!other.fingerprint().equals(alert.fingerprint())) {
                    facts.add(
                            fact(
                                    ids,
                                    "alert",
                                    entity,
                                    other.startsAt(),
                                    other.ruleName() + " firing (value " + other.value() + ")",
                                    other.labels()));
                }
            }
        }
        String service = alert.labels().get("service.name");
        if (service != null) {
            apmFacts(ids, facts, entity, service, fired, from, to);
        }
        for (AuditLog.Entry e : audit.between(fired - 2 * 3600_000L, fired, "rule.", 20)) {
            facts.add(
                    fact(
                            ids,
                            "change",
                            "rules",
                            e.at(),
                            e.action() + " " + e.targetId() + " by " + e.actor(),
                            Map.of()));
        }
        return new EvidencePack(
                incidentKey,
                Redaction.text(alert.ruleName()),
                Redaction.text(rule.condition() == null ? "" : rule.condition().toString()),
                alert.severity(),
                fired,
                alerting,
                related,
                facts);
    }

    private void apmFacts(
            int[] ids,
            List<FactEvidence> facts,
            String entity,
            String service,
            long fired,
            long from,
            long to) {
        long split = fired - 10 * 60_000L;
        JsonNode before = find(apm.services(from, split), service);
        JsonNode after = find(apm.services(split, to), service);
        if (before != null && after != null) {
            // per minute: the two spans of time differ in length
            double minutesBefore = (split - from) / 60_000.0;
            double minutesAfter = Math.max(1, (to - split) / 60_000.0);
            facts.add(
                    fact(
                            ids,
                            "red_change",
                            entity,
                            fired - 10 * 60_000L,
                            String.format(
                                    java.util.Locale.ROOT,
                                    "calls/min %.1f -> %.1f, errors/min %.1f -> %.1f, p95 %.1f ms -> %.1f ms",
                                    before.path("calls").asLong() / minutesBefore,
                                    after.path("calls").asLong() / minutesAfter,
                                    before.path("errors").asLong() / minutesBefore,
                                    after.path("errors").asLong() / minutesAfter,
                                    ApmStore.sketch(before).quantile(0.95) / 1e6,
                                    ApmStore.sketch(after).quantile(0.95) / 1e6),
                            Map.of()));
        }
        deploys(ids, facts, entity, service, fired);
        for (JsonNode s : apm.slowSpans(service, from, to, 3)) {
            facts.add(
                    fact(
                            ids,
                            "slow_trace",
                            entity,
                            Long.parseLong(s.path("start_ms").asText()),
                            s.path("operation").asText()
                                    + " took "
                                    + s.path("duration_ns").asLong() / 1_000_000
                                    + " ms against a typical "
                                    + s.path("baseline_ns").asLong() / 1_000_000
                                    + " ms (trace "
                                    + s.path("trace_id").asText()
                                    + ")",
                            Map.of()));
        }
        for (JsonNode g : apm.errorGroups(service, from, to, 3)) {
            facts.add(
                    fact(
                            ids,
                            "error_group",
                            entity,
                            Long.parseLong(g.path("last_window_ms").asText()),
                            g.path("occurrences").asLong()
                                    + " x "
                                    + g.path("type").asText()
                                    + ": "
                                    + g.path("message").asText()
                                    + " in "
                                    + g.path("operation").asText(),
                            Map.of()));
        }
    }

    /**
     * Deploys seen in the traces: a {@code service.version} of the service whose first span falls
     * in the two hours before the alert (and that was not running the hour before).
     */
    private void deploys(
            int[] ids, List<FactEvidence> facts, String entity, String service, long fired) {
        for (JsonNode v :
                store.query(
                        "SELECT resource['service.version'] AS version,"
                                + " toString(toUnixTimestamp64Milli(min(start))) AS first_ms FROM "
                                + store.database()
                                + ".spans WHERE service = {s:String}"
                                + " AND start >= fromUnixTimestamp64Milli({from:Int64})"
                                + " AND start <= fromUnixTimestamp64Milli({to:Int64})"
                                + " AND version != '' GROUP BY version"
                                + " HAVING min(start) >= fromUnixTimestamp64Milli({since:Int64}) LIMIT 5",
                        Map.of(
                                "s", service,
                                "from", Long.toString(fired - 3 * 3600_000L),
                                "to", Long.toString(fired),
                                "since", Long.toString(fired - 2 * 3600_000L)))) {
            facts.add(
                    fact(
                            ids,
                            "change",
                            entity,
                            Long.parseLong(v.path("first_ms").asText()),
                            "deploy: "
                                    + service
                                    + " version "
                                    + v.path("version").asText()
                                    + " started serving",
                            Map.of()));
        }
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static JsonNode find(List<JsonNode> rows, String service) {
        return rows.stream()
                .filter(r -> r.path("service").asText().equals(service))
                .findFirst()
                .orElse(null);
    }

    private static FactEvidence fact(
            int[] ids,
            String kind,
            String entity,
            long atMs,
            String text,
            Map<String, String> fields) {
        return new FactEvidence(
                "F" + ids[1]++, kind, entity, atMs, Redaction.text(text), Redaction.labels(fields));
    }

    private static String entityLabel(Map<String, String> labels) {
        return ENTITY_LABELS.stream()
                .filter(l -> labels.get(l) != null && !labels.get(l).isEmpty())
                .findFirst()
                .orElse(null);
    }

    private List<String> metricsOf(String label, String value, long from, long to) {
        List<String> out = new ArrayList<>();
        for (JsonNode r :
                store.query(
                        "SELECT DISTINCT metric FROM "
                                + store.database()
                                + ".series WHERE labels[{l:String}] = {v:String}"
                                + " AND last_seen >= fromUnixTimestamp64Milli({from:Int64}) LIMIT 50",
                        Map.of("l", label, "v", value, "from", Long.toString(from)))) {
            out.add(r.path("metric").asText());
        }
        return out;
    }

    private SeriesEvidence series(
            String id,
            String entity,
            String metric,
            List<LabelMatcher> matchers,
            Map<String, String> labels,
            long from,
            long to) {
        QueryResult result =
                metrics.queryRange(
                        new QueryRange(
                                metric,
                                matchers,
                                from,
                                to,
                                STEP_MS,
                                Aggregation.AVG,
                                List.of(),
                                false));
        List<Object[]> points =
                result.series().isEmpty() ? List.of() : result.series().get(0).points();
        long[] times = new long[points.size()];
        double[] values = new double[points.size()];
        int n = 0;
        for (Object[] p : points) {
            if (p[1] instanceof Number v && !Double.isNaN(v.doubleValue())) {
                times[n] = ((Number) p[0]).longValue();
                values[n++] = v.doubleValue();
            }
        }
        return new SeriesEvidence(
                id,
                entity,
                metric,
                Redaction.labels(labels),
                Arrays.copyOf(times, n),
                Arrays.copyOf(values, n),
                List.of());
    }
}
