package io.aimonitor.api.rules;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.query.Aggregation;
import io.aimonitor.api.query.MetricQueryService;
import io.aimonitor.api.query.QueryRange;
import io.aimonitor.api.query.QueryResult;
import io.aimonitor.schemas.alerts.AlertLifecycle;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.Condition;
import io.aimonitor.schemas.rules.Selector;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays a rule over stored data: the selector's aggregation evaluated every window over the last
 * hours, per series (or group), through the same alert lifecycle the alerting job uses. Answers
 * when the rule would have fired. Anomaly conditions need the streaming model and are refused.
 */
public final class RuleDryRun {
    public record Firing(long from, Long to, double peak) {}

    public record SeriesResult(Map<String, String> labels, List<Firing> firing) {}

    public record Result(
            long from, long to, long stepMs, int seriesEvaluated, List<SeriesResult> fired) {}

    private static final long MIN_STEP_MS = 10_000;

    private final MetricQueryService queries;

    public RuleDryRun(MetricQueryService queries) {
        this.queries = queries;
    }

    public Result run(AlertRule rule, Duration lookback, long now) {
        requireEvaluable(rule.condition());
        Selector s = rule.selector();
        long step =
                s.aggregation() == null
                        ? 60_000
                        : Math.max(MIN_STEP_MS, s.aggregation().window().toMillis() / 1000 * 1000);
        Aggregation agg =
                s.aggregation() == null
                        ? Aggregation.LAST
                        : Aggregation.valueOf(s.aggregation().function().name());
        long from = Math.floorDiv(now - lookback.toMillis(), step) * step;
        QueryRange q =
                new QueryRange(
                        s.metric(),
                        s.matchers(),
                        from,
                        now,
                        step,
                        agg,
                        s.groupBy(),
                        s.groupBy().isEmpty());
        QueryResult data = queries.queryRange(q);
        List<SeriesResult> fired = new ArrayList<>();
        for (QueryResult.Series series : data.series()) {
            List<Firing> firing = replay(rule, series.points(), from, now, step);
            if (!firing.isEmpty()) {
                fired.add(new SeriesResult(series.labels(), firing));
            }
        }
        return new Result(from, now, step, data.series().size(), fired);
    }

    private static List<Firing> replay(
            AlertRule rule, List<Object[]> points, long from, long to, long step) {
        AlertLifecycle.Instance instance = new AlertLifecycle.Instance();
        List<Firing> firings = new ArrayList<>();
        double[] values = new double[(int) ((to - from) / step) + 1];
        boolean[] present = new boolean[values.length];
        for (Object[] p : points) {
            int i = (int) (((Long) p[0] - from) / step);
            if (i >= 0 && i < values.length && p[1] != null) {
                values[i] = (Double) p[1];
                present[i] = true;
            }
        }
        Firing open = null;
        long lastSeen = Long.MIN_VALUE;
        for (int i = 0; i < values.length; i++) {
            long t = from + i * step;
            if (present[i]) {
                lastSeen = t;
            }
            boolean breach = breaches(rule.condition(), values, present, i, t, lastSeen, step);
            boolean recovered =
                    rule.recovery() == null
                            ? !breach
                            : present[i]
                                    && rule.recovery()
                                            .op()
                                            .test(values[i], rule.recovery().value());
            AlertState state =
                    AlertLifecycle.evaluate(
                            instance,
                            t,
                            breach,
                            recovered,
                            rule.forDuration().toMillis(),
                            rule.keepFiringFor().toMillis());
            if (state == AlertState.FIRING && open == null) {
                open = new Firing(t, null, present[i] ? values[i] : Double.NaN);
            } else if (state == AlertState.FIRING && present[i]) {
                open =
                        new Firing(
                                open.from(),
                                null,
                                Double.isNaN(open.peak())
                                        ? values[i]
                                        : Math.max(open.peak(), values[i]));
            } else if (state != AlertState.FIRING && open != null) {
                firings.add(new Firing(open.from(), t, open.peak()));
                open = null;
            }
        }
        if (open != null) {
            firings.add(open);
        }
        return firings;
    }

    static boolean breaches(
            Condition c, double[] v, boolean[] present, int i, long t, long lastSeen, long step) {
        if (c instanceof Condition.Threshold th) {
            return present[i] && th.op().test(v[i], th.value());
        }
        if (c instanceof Condition.Absent a) {
            return lastSeen != Long.MIN_VALUE
                    ? t - lastSeen >= a.after().toMillis()
                    : i * step >= a.after().toMillis();
        }
        if (c instanceof Condition.RateOfChange r) {
            int back = (int) Math.max(1, r.window().toMillis() / step);
            if (!present[i] || i < back || !present[i - back]) {
                return false;
            }
            double change =
                    r.mode() == Condition.RateOfChange.Mode.PER_SECOND
                            ? (v[i] - v[i - back]) / (back * step / 1000.0)
                            : v[i - back] == 0
                                    ? Double.NaN
                                    : 100.0 * (v[i] - v[i - back]) / Math.abs(v[i - back]);
            return !Double.isNaN(change) && r.op().test(change, r.value());
        }
        if (c instanceof Condition.Baseline b) {
            return present[i] && outsideBaseline(b, v, present, i, t, step);
        }
        if (c instanceof Condition.All all) {
            return all.conditions().stream()
                    .allMatch(x -> breaches(x, v, present, i, t, lastSeen, step));
        }
        if (c instanceof Condition.Any any) {
            return any.conditions().stream()
                    .anyMatch(x -> breaches(x, v, present, i, t, lastSeen, step));
        }
        return false;
    }

    /** Outside mean ± k·σ of the preceding window (same hour of the week with seasonality). */
    private static boolean outsideBaseline(
            Condition.Baseline b, double[] v, boolean[] present, int i, long t, long step) {
        int span = (int) (b.window().toMillis() / step);
        boolean seasonal = b.seasonalityOrDefault() == Condition.Baseline.Seasonality.HOUR_OF_WEEK;
        int hour = hourOfWeek(t);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int j = Math.max(0, i - span); j < i; j++) {
            if (present[j] && (!seasonal || hourOfWeek(t - (long) (i - j) * step) == hour)) {
                sum += v[j];
                sumSq += v[j] * v[j];
                n++;
            }
        }
        if (n < b.minSamplesOrDefault()) {
            return false;
        }
        double mean = sum / n;
        double sigma = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        double upper = mean + b.k() * sigma;
        double lower = mean - b.k() * sigma;
        return switch (b.directionOrDefault()) {
            case ABOVE -> v[i] > upper;
            case BELOW -> v[i] < lower;
            case BOTH -> v[i] > upper || v[i] < lower;
        };
    }

    private static int hourOfWeek(long t) {
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        return (z.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + z.getHour();
    }

    private static void requireEvaluable(Condition c) {
        if (c instanceof Condition.Anomaly) {
            throw ApiException.badParameter(
                    "rule.condition",
                    "dry runs cannot evaluate anomaly conditions: their model learns from the live stream");
        }
        if (c instanceof Condition.All all) {
            all.conditions().forEach(RuleDryRun::requireEvaluable);
        }
        if (c instanceof Condition.Any any) {
            any.conditions().forEach(RuleDryRun::requireEvaluable);
        }
    }
}
