package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import java.util.Map;
import java.util.Set;

/** A WeCom (企业微信) group robot: markdown of at most 4096 bytes; 45009 (rate limit) retries. */
final class WeComSender extends HttpChannelSender {
    WeComSender(SafeHttp http, String publicUrl) {
        super(http, publicUrl);
    }

    @Override
    Post post(Channel channel, Notice notice, NoticeText text) {
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("content", MarkdownText.of(text, 4096));
        return new Post(channel.text("url"), body, Map.of());
    }

    @Override
    void checkAnswer(String body) throws DeliveryException {
        checkCode(body, "errcode", Set.of(45009));
    }
}
