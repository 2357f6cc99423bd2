package io.aimonitor.schemas.rules;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/** Checks what JSON mapping cannot: required fields, ranges, regexes, templates. */
final class RuleValidator {
    private static final Duration MAX_WINDOW = Duration.ofDays(30);
    private static final int MAX_LABELS = 64;

    private RuleValidator() {}

    static void validate(AlertRule r) {
        text("name", r.name(), 200);
        if (r.selector() == null) {
            throw new RuleException("selector", "is required");
        }
        selector("selector", r.selector());
        if (r.condition() == null) {
            throw new RuleException("condition", "is required");
        }
        condition("condition", r.condition(), 0);
        range("for", r.forDuration(), Duration.ZERO, Duration.ofDays(7));
        range("keep_firing_for", r.keepFiringFor(), Duration.ZERO, Duration.ofDays(7));
        if (r.recovery() != null) {
            required("recovery.op", r.recovery().op());
            finite("recovery.value", r.recovery().value());
        }
        if (r.noData() != null) {
            required("no_data.after", r.noData().after());
            range("no_data.after", r.noData().after(), Duration.ofSeconds(1), MAX_WINDOW);
        }
        if (r.pattern() != null) {
            pattern("pattern", r.pattern());
        }
        if (r.flapping() != null) {
            required("flapping.max_transitions", r.flapping().maxTransitions());
            if (r.flapping().maxTransitions() < 2 || r.flapping().maxTransitions() > 100) {
                throw new RuleException("flapping.max_transitions", "must be from 2 to 100");
            }
            required("flapping.window", r.flapping().window());
            range(
                    "flapping.window",
                    r.flapping().window(),
                    Duration.ofMinutes(1),
                    Duration.ofDays(1));
        }
        labels("labels", r.labels(), false);
        labels("annotations", r.annotations(), true);
        if (r.maxSeries() != null && (r.maxSeries() < 1 || r.maxSeries() > 1_000_000)) {
            throw new RuleException("max_series", "must be from 1 to 1000000");
        }
    }

    private static void selector(String at, Selector s) {
        text(at + ".metric", s.metric(), 256);
        List<LabelMatcher> matchers = s.matchers();
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            String p = at + ".matchers[" + i + "]";
            if (m == null) {
                throw new RuleException(p, "must be an object");
            }
            text(p + ".label", m.label(), 256);
            required(p + ".op", m.op());
            required(p + ".value", m.value());
            if (m.op() == MatchOp.RE || m.op() == MatchOp.NRE) {
                try {
                    java.util.regex.Pattern.compile(m.value());
                } catch (PatternSyntaxException e) {
                    throw new RuleException(
                            p + ".value",
                            "is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < s.groupBy().size(); i++) {
            String label = s.groupBy().get(i);
            text(at + ".group_by[" + i + "]", label, 256);
            if (!groups.add(label)) {
                throw new RuleException(at + ".group_by[" + i + "]", "repeats '" + label + "'");
            }
        }
        if (s.aggregation() != null) {
            required(at + ".aggregation.function", s.aggregation().function());
            required(at + ".aggregation.window", s.aggregation().window());
            range(
                    at + ".aggregation.window",
                    s.aggregation().window(),
                    Duration.ofSeconds(1),
                    Duration.ofDays(1));
        }
    }

    private static void condition(String at, Condition c, int depth) {
        if (depth > 3) {
            throw new RuleException(at, "conditions may nest at most 3 deep");
        }
        if (c instanceof Condition.Threshold t) {
            required(at + ".op", t.op());
            finite(at + ".value", t.value());
        } else if (c instanceof Condition.Absent a) {
            required(at + ".after", a.after());
            range(at + ".after", a.after(), Duration.ofSeconds(1), MAX_WINDOW);
        } else if (c instanceof Condition.RateOfChange r) {
            required(at + ".mode", r.mode());
            required(at + ".window", r.window());
            range(at + ".window", r.window(), Duration.ofSeconds(1), Duration.ofDays(1));
            required(at + ".op", r.op());
            finite(at + ".value", r.value());
        } else if (c instanceof Condition.Baseline b) {
            required(at + ".window", b.window());
            range(at + ".window", b.window(), Duration.ofMinutes(1), MAX_WINDOW);
            finite(at + ".k", b.k());
            if (b.k() <= 0) {
                throw new RuleException(at + ".k", "must be greater than 0");
            }
            if (b.minSamples() != null && b.minSamples() < 2) {
                throw new RuleException(at + ".min_samples", "must be at least 2");
            }
        } else if (c instanceof Condition.Anomaly a) {
            finite(at + ".threshold", a.threshold());
            if (a.threshold() <= 0 || a.threshold() > 1) {
                throw new RuleException(at + ".threshold", "must be in (0, 1]");
            }
        } else if (c instanceof Condition.All all) {
            children(at, all.conditions(), depth);
        } else if (c instanceof Condition.Any any) {
            children(at, any.conditions(), depth);
        }
    }

    private static void children(String at, List<Condition> conditions, int depth) {
        if (conditions == null || conditions.size() < 2) {
            throw new RuleException(at + ".conditions", "needs at least 2 conditions");
        }
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i) == null) {
                throw new RuleException(at + ".conditions[" + i + "]", "must be an object");
            }
            condition(at + ".conditions[" + i + "]", conditions.get(i), depth + 1);
        }
    }

    private static void pattern(String at, EventPattern p) {
        if (p instanceof EventPattern.NOfM nm) {
            required(at + ".n", nm.n());
            required(at + ".m", nm.m());
            // the evaluator keeps the last m outcomes as the bits of one long
            if (nm.n() < 1 || nm.m() > 64 || nm.n() > nm.m()) {
                throw new RuleException(at, "needs 1 <= n <= m <= 64");
            }
        } else if (p instanceof EventPattern.Sequence s) {
            required(at + ".then", s.then());
            required(at + ".then.selector", s.then().selector());
            selector(at + ".then.selector", s.then().selector());
            required(at + ".then.condition", s.then().condition());
            condition(at + ".then.condition", s.then().condition(), 0);
            required(at + ".within", s.within());
            range(at + ".within", s.within(), Duration.ofSeconds(1), Duration.ofDays(1));
        } else if (p instanceof EventPattern.DistinctEntities d) {
            required(at + ".n", d.n());
            if (d.n() < 2) {
                throw new RuleException(at + ".n", "must be at least 2");
            }
            text(at + ".label", d.label(), 256);
            required(at + ".within", d.within());
            range(at + ".within", d.within(), Duration.ofSeconds(1), Duration.ofDays(1));
        }
    }

    private static void labels(String at, Map<String, String> map, boolean templates) {
        if (map == null) {
            return;
        }
        if (map.size() > MAX_LABELS) {
            throw new RuleException(at, "has more than " + MAX_LABELS + " entries");
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().isBlank() || e.getKey().length() > 256) {
                throw new RuleException(at, "keys must have 1 to 256 characters");
            }
            String value = e.getValue();
            if (value == null || value.length() > 4096) {
                throw new RuleException(
                        at + "." + e.getKey(), "must be text of at most 4096 characters");
            }
            String problem = templates ? Templates.check(value) : null;
            if (problem != null) {
                throw new RuleException(at + "." + e.getKey(), problem);
            }
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new RuleException(field, "is required");
        }
        if (value.length() > max) {
            throw new RuleException(field, "is longer than " + max + " characters");
        }
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new RuleException(field, "is required");
        }
    }

    private static void finite(String field, Double value) {
        required(field, value);
        if (!Double.isFinite(value)) {
            throw new RuleException(field, "must be a finite number");
        }
    }

    private static void range(String field, Duration d, Duration min, Duration max) {
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            throw new RuleException(
                    field,
                    "must be from "
                            + io.aimonitor.schemas.text.Durations.format(min)
                            + " to "
                            + io.aimonitor.schemas.text.Durations.format(max));
        }
    }
}
