package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * A DingTalk group robot: a markdown message; with a signing secret the URL carries {@code
 * timestamp} and {@code sign}. Error 130101 (sending too fast) is retried.
 */
final class DingTalkSender extends HttpChannelSender {
    private final Clock clock;

    DingTalkSender(SafeHttp http, String publicUrl, Clock clock) {
        super(http, publicUrl);
        this.clock = clock;
    }

    @Override
    Post post(Channel channel, Notice notice, NoticeText text) {
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown")
                .put("title", text.title())
                .put("text", MarkdownText.of(text, 18_000));
        String url = channel.text("url");
        String secret = channel.text("secret");
        if (!secret.isEmpty()) {
            long ts = clock.millis();
            url +=
                    (url.contains("?") ? "&" : "?")
                            + "timestamp="
                            + ts
                            + "&sign="
                            + RobotSigning.dingTalk(ts, secret);
        }
        return new Post(url, body, Map.of());
    }

    @Override
    void checkAnswer(String body) throws DeliveryException {
        checkCode(body, "errcode", Set.of(130101));
    }
}
