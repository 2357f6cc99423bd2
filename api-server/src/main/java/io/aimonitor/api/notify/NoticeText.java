package io.aimonitor.api.notify;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A notice as text, through a channel's templates: a title ({@code {{status}} {{count}} {{firing}}
 * {{resolved}} {{alertname}} {{group}} {{receiver}}}) and one line per alert ({@code {{status}}
 * {{name}} {{severity}} {{state}} {{summary}} {{description}} {{value}} {{url}} {{starts_at}}
 * {{ends_at}} {{fingerprint}} {{labels}} {{labels.x}} {{annotations.x}} {{ai_summary}}}). Unknown
 * names render empty. The AI summary, when an alert has one and the template does not place it,
 * follows the alert's line.
 */
public final class NoticeText {
    public static final String DEFAULT_TITLE = "[{{status}}:{{count}}] {{alertname}} {{group}}";
    public static final String DEFAULT_TEXT =
            "[{{status}}] {{severity}} {{name}}: {{summary}} (value {{value}}, since {{starts_at}}) {{url}}";
    private static final Pattern VAR = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.]+)\\s*}}");

    /** One alert's rendered line with the parts channels lay out themselves. */
    public record Line(AlertEvent alert, String text, String url, String aiSummary) {}

    private final String title;
    private final List<Line> lines;

    private NoticeText(String title, List<Line> lines) {
        this.title = title;
        this.lines = lines;
    }

    public static NoticeText render(
            Notice notice, String titleTemplate, String textTemplate, String publicUrl) {
        String titleT = blankOr(titleTemplate, DEFAULT_TITLE);
        String textT = blankOr(textTemplate, DEFAULT_TEXT);
        Map<String, String> common = notice.commonLabels();
        Map<String, String> vars = new HashMap<>();
        vars.put("status", notice.status().toUpperCase(java.util.Locale.ROOT));
        vars.put("count", Integer.toString(notice.alerts().size()));
        vars.put("firing", Integer.toString(notice.firing().size()));
        vars.put("resolved", Integer.toString(notice.resolved().size()));
        vars.put("receiver", notice.receiver());
        vars.put("alertname", common.getOrDefault("alertname", "several alerts"));
        vars.put(
                "group",
                notice.groupLabels().entrySet().stream()
                        .filter(e -> !e.getKey().equals("alertname"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")));
        String title = fill(titleT, vars::get).strip().replaceAll("\\s+", " ");
        List<Line> lines = new ArrayList<>();
        for (AlertEvent a : notice.alerts()) {
            String url = publicUrl + "/alerts/" + a.fingerprint();
            String ai = a.annotations().getOrDefault("ai_summary", "");
            lines.add(new Line(a, fill(textT, name -> alertVar(a, name, url)), url, ai));
        }
        if (!textT.contains("ai_summary")) {
            lines.replaceAll(
                    l ->
                            l.aiSummary().isEmpty()
                                    ? l
                                    : new Line(
                                            l.alert(),
                                            l.text() + "\nAI summary: " + l.aiSummary(),
                                            l.url(),
                                            l.aiSummary()));
        }
        return new NoticeText(title, lines);
    }

    public String title() {
        return title;
    }

    public List<Line> lines() {
        return lines;
    }

    /** Title, blank line, one line per alert. */
    public String plain() {
        return title
                + "\n\n"
                + lines.stream().map(Line::text).collect(Collectors.joining("\n"))
                + "\n";
    }

    private static String alertVar(AlertEvent a, String name, String url) {
        Map<String, String> labels = Notice.labelsOf(a);
        if (name.startsWith("labels.")) {
            return labels.getOrDefault(name.substring(7), "");
        }
        if (name.startsWith("annotations.")) {
            return a.annotations().getOrDefault(name.substring(12), "");
        }
        return switch (name) {
            case "status" -> a.state() == AlertState.RESOLVED ? "RESOLVED" : "FIRING";
            case "name" -> a.ruleName();
            case "severity" -> a.severity();
            case "state" -> a.state().text();
            case "summary" -> a.annotations().getOrDefault("summary", a.ruleName());
            case "description" -> a.annotations().getOrDefault("description", "");
            case "value" -> number(a.value());
            case "url" -> url;
            case "starts_at" -> Instant.ofEpochMilli(a.startsAt()).toString();
            case "ends_at" -> a.endsAt() == null ? "" : Instant.ofEpochMilli(a.endsAt()).toString();
            case "fingerprint" -> a.fingerprint();
            case "labels" ->
                    a.labels().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "));
            case "ai_summary" -> a.annotations().getOrDefault("ai_summary", "");
            default -> "";
        };
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String fill(String template, Function<String, String> vars) {
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String blankOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
