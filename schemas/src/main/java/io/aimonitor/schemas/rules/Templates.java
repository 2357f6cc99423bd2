package io.aimonitor.schemas.rules;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Annotation templates: {@code {{labels.host}}}, {@code {{value}}}, {@code {{rule.name}}}, {@code
 * {{severity}}}. Unknown placeholders are refused when the rule is saved, not at alert time.
 */
public final class Templates {
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private Templates() {}

    /** Null when {@code template} is valid, else what is wrong. */
    public static String check(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        int end = 0;
        while (m.find()) {
            if (template.substring(end, m.start()).contains("{{")) {
                return "unclosed '{{'";
            }
            String name = m.group(1);
            if (!known(name)) {
                return "unknown placeholder '{{"
                        + name
                        + "}}' (use labels.<name>, value, rule.name, rule.id, severity)";
            }
            end = m.end();
        }
        return template.substring(end).contains("{{") ? "unclosed '{{'" : null;
    }

    public static String render(
            String template, AlertRule rule, Map<String, String> labels, double value) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("labels.")) {
                replacement = labels.getOrDefault(name.substring(7), "");
            } else {
                replacement =
                        switch (name) {
                            case "value" -> formatValue(value);
                            case "rule.name" -> rule.name();
                            case "rule.id" -> rule.id() == null ? "" : rule.id();
                            case "severity" ->
                                    rule.severity() == null ? "" : rule.severity().text();
                            default -> m.group();
                        };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean known(String name) {
        return (name.startsWith("labels.") && name.length() > 7)
                || name.equals("value")
                || name.equals("rule.name")
                || name.equals("rule.id")
                || name.equals("severity");
    }

    static String formatValue(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
