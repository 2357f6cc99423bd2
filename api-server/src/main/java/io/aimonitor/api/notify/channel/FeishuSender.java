package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * A Feishu / Lark custom bot: a text message; with a signing secret the body carries {@code
 * timestamp} (seconds) and {@code sign}. 9499 and 11232 (rate limits) retry.
 */
final class FeishuSender extends HttpChannelSender {
    private final Clock clock;

    FeishuSender(SafeHttp http, String publicUrl, Clock clock) {
        super(http, publicUrl);
        this.clock = clock;
    }

    @Override
    Post post(Channel channel, Notice notice, NoticeText text) {
        ObjectNode body = JSON.createObjectNode();
        String secret = channel.text("secret");
        if (!secret.isEmpty()) {
            long ts = clock.millis() / 1000;
            body.put("timestamp", Long.toString(ts));
            body.put("sign", RobotSigning.feishu(ts, secret));
        }
        body.put("msg_type", "text");
        body.putObject("content").put("text", text.plain());
        return new Post(channel.text("url"), body, Map.of());
    }

    @Override
    void checkAnswer(String body) throws DeliveryException {
        checkCode(
                body, body.contains("\"StatusCode\"") ? "StatusCode" : "code", Set.of(9499, 11232));
    }
}
