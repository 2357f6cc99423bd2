package io.aimonitor.api.notify.dispatch;

import io.aimonitor.api.notify.policy.NotificationPolicy.InhibitRule;
import io.aimonitor.schemas.rules.LabelMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibition: an alert matching a rule's target matchers is muted while another
 * alert matching its source matchers fires with the same values of the rule's {@code equal} labels.
 * An alert never inhibits itself.
 */
final class Inhibition {
    private final List<InhibitRule> rules;
    private final List<Map<String, String>> firing;

    Inhibition(List<InhibitRule> rules, List<Map<String, String>> firing) {
        this.rules = rules;
        this.firing = firing;
    }

    boolean inhibited(Map<String, String> target) {
        for (InhibitRule rule : rules) {
            if (!matches(rule.targetMatchers(), target)) {
                continue;
            }
            for (Map<String, String> source : firing) {
                if (!source.equals(target)
                        && matches(rule.sourceMatchers(), source)
                        && rule.equal().stream()
                                .allMatch(l -> Objects.equals(source.get(l), target.get(l)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(List<LabelMatcher> matchers, Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels.get(m.label())));
    }
}
