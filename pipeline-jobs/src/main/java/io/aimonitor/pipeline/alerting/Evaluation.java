package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.Condition;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * What both evaluators hold at run time: the rule book built from the broadcast state, the
 * cardinality guard, the condition evaluator with its anomaly models, and the silence checks.
 */
final class Evaluation {
    /** A rules-topic message applied: the rule before and after, and why instances reset. */
    record RuleChange(AlertRule before, AlertRule after, String resetReason) {
        boolean resets() {
            return before != null && resetReason != null;
        }
    }

    /** What a silence check found: an event to emit, whether to drop the instance, when next. */
    record Silence(AlertEvent event, boolean forget, long nextCheck) {}

    final AlertingOptions options;
    final CardinalityGuard guard;
    final RcfScorer scorer;
    final ConditionEvaluator conditions;
    final ConditionEvaluator.Outcome outcome = new ConditionEvaluator.Outcome();

    /** Silence is counted from here at the earliest: a restart is not a silence. */
    private long startedAt = Long.MIN_VALUE;

    private RuleBook book;

    Evaluation(AlertingOptions options, int parallelism, int subtask, String evaluator) {
        this.options = options;
        this.guard = new CardinalityGuard(parallelism, subtask, evaluator);
        this.scorer = new RcfScorer(options.maxLiveModels(), options.modelSaveEvery());
        this.conditions = new ConditionEvaluator(scorer);
    }

    /** Notes the processing time of the first element or timer after (re)start. */
    void running(long now) {
        if (startedAt == Long.MIN_VALUE) {
            startedAt = now;
        }
    }

    RuleBook book(ReadOnlyBroadcastState<String, String> rules) throws Exception {
        if (book == null) {
            book = RuleBook.of(rules.immutableEntries());
        }
        return book;
    }

    /** Applies a rules-topic message to the broadcast state, the same way on every subtask. */
    RuleChange apply(BroadcastState<String, String> rules, RuleUpdate update) throws Exception {
        AlertRule before = RuleBook.parse(update.id, rules.get(update.id));
        if (update.json == null) {
            rules.remove(update.id);
        } else {
            rules.put(update.id, update.json);
        }
        AlertRule after = RuleBook.parse(update.id, update.json);
        book = RuleBook.of(rules.immutableEntries());
        String reason = null;
        if (before != null && before.enabled()) {
            if (after == null) {
                reason = update.json == null ? "rule deleted" : "rule unreadable";
            } else if (!after.enabled()) {
                reason = "rule disabled";
            } else if (after.conditionChangedFrom(before)) {
                reason = "rule changed";
            }
        }
        return new RuleChange(before, after, reason);
    }

    /**
     * Checks an instance that may have gone silent, at processing time {@code now}: absence
     * conditions and NO_DATA (for instances that report), and dropping what stayed silent for
     * {@link AlertingOptions#forgetAfter} - counted after the rule's own NO_DATA delay, or after an
     * absence condition has fired (an absence longer than the forget time still fires, and is shown
     * for the forget time before the instance is resolved as stopped reporting).
     */
    Silence silence(AlertRule rule, boolean reports, RuleInstance i, long now) {
        long since = Math.max(i.lastArrival, startedAt);
        long silent = now - since;
        long t = i.lastDataAt + silent;
        long absentAfter = reports ? absentAfter(rule.condition()) : Long.MAX_VALUE;
        long forgetAfter = forgetAfter(rule, reports, absentAfter);
        if (silent >= forgetAfter) {
            return new Silence(
                    InstanceEvaluator.end(
                            rule, i, t, "no data for " + silent / 1000 + " s: stopped reporting"),
                    true,
                    Long.MAX_VALUE);
        }
        long next = since + forgetAfter;
        AlertEvent event = null;
        boolean absent = false;
        if (reports) {
            if (absentAfter != Long.MAX_VALUE) {
                if (silent >= absentAfter) {
                    absent = conditions.onSilence(rule.condition(), silent);
                    if (absent) {
                        event = InstanceEvaluator.evaluate(rule, i, t, true, Double.NaN);
                    }
                    next = now + options.checkEvery().toMillis();
                } else {
                    next = Math.min(next, since + absentAfter);
                }
            }
            // an absence that keeps the alert firing is the finding; NO_DATA would only flip it
            if (!absent && rule.noData() != null) {
                event = InstanceEvaluator.silent(rule, i, t, silent);
                if (i.state != AlertState.NO_DATA) {
                    next = Math.min(next, since + rule.noData().after().toMillis());
                }
            }
        }
        return new Silence(event, false, next);
    }

    private long forgetAfter(AlertRule rule, boolean reports, long absentAfter) {
        long forget = options.forgetAfter().toMillis();
        if (!reports) {
            return forget;
        }
        if (absentAfter != Long.MAX_VALUE) {
            // the absence fires (after its for) and is shown for the forget time before it goes
            forget = Math.max(forget, absentAfter + rule.forDuration().toMillis() + forget);
        }
        if (rule.noData() != null) {
            forget =
                    Math.max(
                            forget,
                            rule.noData().after().toMillis() + options.forgetAfter().toMillis());
        }
        return forget;
    }

    /** When an instance should first be checked for silence after a value at {@code now}. */
    long firstCheck(AlertRule rule, boolean reports, long now) {
        long after = options.forgetAfter().toMillis();
        if (reports) {
            after = Math.min(after, absentAfter(rule.condition()));
            if (rule.noData() != null) {
                after = Math.min(after, rule.noData().after().toMillis());
            }
        }
        return now + after;
    }

    static long absentAfter(Condition c) {
        if (c instanceof Condition.Absent a) {
            return a.after().toMillis();
        }
        long min = Long.MAX_VALUE;
        if (c instanceof Condition.All all) {
            for (Condition x : all.conditions()) {
                min = Math.min(min, absentAfter(x));
            }
        }
        if (c instanceof Condition.Any any) {
            for (Condition x : any.conditions()) {
                min = Math.min(min, absentAfter(x));
            }
        }
        return min;
    }
}
