package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook with Block Kit: a header, one section per alert linking back to it (at
 * most 40, then a count of the rest), and {@code text} as the fallback for notifications.
 */
final class SlackSender extends HttpChannelSender {
    private static final int MAX_ALERT_BLOCKS = 40;

    SlackSender(SafeHttp http, String publicUrl) {
        super(http, publicUrl);
    }

    @Override
    Post post(Channel channel, Notice notice, NoticeText text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text.title());
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(text.title(), 150));
        List<NoticeText.Line> lines = text.lines();
        for (NoticeText.Line line : lines.subList(0, Math.min(lines.size(), MAX_ALERT_BLOCKS))) {
            String name = escape(line.alert().ruleName());
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text")
                    .put("type", "mrkdwn")
                    .put(
                            "text",
                            cut(
                                    "*<" + line.url() + "|" + name + ">*\n" + escape(line.text()),
                                    3000));
        }
        if (lines.size() > MAX_ALERT_BLOCKS) {
            ObjectNode context = blocks.addObject().put("type", "context");
            context.putArray("elements")
                    .addObject()
                    .put("type", "mrkdwn")
                    .put("text", "and " + (lines.size() - MAX_ALERT_BLOCKS) + " more alerts");
        }
        return new Post(channel.text("url"), body, Map.of());
    }

    /** Slack's mrkdwn treats these three as control characters. */
    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
