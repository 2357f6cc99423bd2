package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A generic webhook: AIMonitor's JSON ({@code format: aimonitor}) or Alertmanager's version 4
 * payload ({@code format: alertmanager}), so existing Alertmanager receivers work unchanged.
 */
final class WebhookSender extends HttpChannelSender {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    WebhookSender(SafeHttp http, String publicUrl) {
        super(http, publicUrl);
    }

    @Override
    Post post(Channel channel, Notice notice, NoticeText text) {
        String token = channel.text("bearer_token");
        Map<String, String> headers =
                token.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + token);
        ObjectNode body =
                channel.text("format", "aimonitor").equals("alertmanager")
                        ? alertmanager(notice)
                        : aimonitor(notice, text);
        return new Post(channel.text("url"), body, headers);
    }

    private ObjectNode aimonitor(Notice notice, NoticeText text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "1");
        body.put("kind", notice.kind());
        body.put("receiver", notice.receiver());
        body.put("status", notice.status());
        body.put("group_key", notice.groupKey());
        body.set("group_labels", JSON.valueToTree(notice.groupLabels()));
        body.set("common_labels", JSON.valueToTree(notice.commonLabels()));
        body.put("title", text.title());
        body.put("external_url", publicUrl());
        ArrayNode alerts = body.putArray("alerts");
        for (NoticeText.Line line : text.lines()) {
            AlertEvent a = line.alert();
            ObjectNode o = alerts.addObject();
            o.put("status", status(a));
            o.put("state", a.state().text());
            o.put("fingerprint", a.fingerprint());
            o.put("rule_id", a.ruleId());
            o.put("rule_version", a.ruleVersion());
            o.put("name", a.ruleName());
            o.put("severity", a.severity());
            o.put("value", a.value());
            o.set("labels", JSON.valueToTree(Notice.labelsOf(a)));
            o.set("annotations", JSON.valueToTree(a.annotations()));
            o.put("starts_at", Instant.ofEpochMilli(a.startsAt()).toString());
            if (a.endsAt() != null) {
                o.put("ends_at", Instant.ofEpochMilli(a.endsAt()).toString());
            }
            o.put("url", line.url());
            o.put("text", line.text());
            if (!line.aiSummary().isEmpty()) {
                o.put("ai_summary", line.aiSummary());
            }
        }
        return body;
    }

    private ObjectNode alertmanager(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "4");
        body.put(
                "groupKey",
                "{}:{"
                        + notice.groupLabels().entrySet().stream()
                                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                                .collect(Collectors.joining(","))
                        + "}");
        body.put("truncatedAlerts", 0);
        body.put("status", notice.status());
        body.put("receiver", notice.receiver());
        body.set("groupLabels", JSON.valueToTree(notice.groupLabels()));
        body.set("commonLabels", JSON.valueToTree(notice.commonLabels()));
        body.set("commonAnnotations", JSON.valueToTree(notice.commonAnnotations()));
        body.put("externalURL", publicUrl());
        ArrayNode alerts = body.putArray("alerts");
        for (AlertEvent a : notice.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("status", status(a));
            o.set("labels", JSON.valueToTree(Notice.labelsOf(a)));
            o.set("annotations", JSON.valueToTree(a.annotations()));
            o.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
            o.put(
                    "endsAt",
                    a.endsAt() == null ? ZERO_TIME : Instant.ofEpochMilli(a.endsAt()).toString());
            o.put("generatorURL", publicUrl() + "/alerts/" + a.fingerprint());
            o.put("fingerprint", a.fingerprint());
        }
        return body;
    }

    private static String status(AlertEvent a) {
        return a.state() == AlertState.RESOLVED ? "resolved" : "firing";
    }
}
