package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.NoticeText;
import java.io.IOException;
import java.util.Map;

/**
 * Channels that POST JSON: 2xx is delivered; 429, 5xx and network errors are worth retrying; any
 * other answer is not. Errors never quote the URL, which may carry a token.
 */
abstract class HttpChannelSender implements ChannelSender {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One POST: where, what, with which headers. */
    record Post(String url, JsonNode body, Map<String, String> headers) {}

    private final SafeHttp http;
    private final String publicUrl;

    HttpChannelSender(SafeHttp http, String publicUrl) {
        this.http = http;
        this.publicUrl = publicUrl;
    }

    abstract Post post(Channel channel, Notice notice, NoticeText text) throws DeliveryException;

    /** Checks a 2xx answer's body; robots answer 200 with an error code inside. */
    void checkAnswer(String body) throws DeliveryException {}

    String publicUrl() {
        return publicUrl;
    }

    @Override
    public final void send(Channel channel, Notice notice) throws DeliveryException {
        NoticeText text =
                NoticeText.render(
                        notice,
                        channel.text("title_template"),
                        channel.text("text_template"),
                        publicUrl);
        Post post = post(channel, notice, text);
        SafeHttp.Result result;
        try {
            result =
                    http.post(
                            post.url(),
                            "application/json; charset=utf-8",
                            JSON.writeValueAsBytes(post.body()),
                            post.headers());
        } catch (AddressPolicy.Refused | java.net.MalformedURLException e) {
            throw DeliveryException.permanent(e.getMessage());
        } catch (IOException e) {
            throw DeliveryException.transientFailure(
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int status = result.status();
        String answer = "HTTP " + status + " " + snippet(result.body());
        if (status == 429 || status >= 500) {
            throw new DeliveryException(answer, true, result.retryAfterSeconds());
        }
        if (status < 200 || status >= 300) {
            throw DeliveryException.permanent(answer);
        }
        checkAnswer(result.body());
    }

    static String snippet(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    /** Robots (DingTalk, WeCom, Feishu) answer 200 with a code; 0 is success. */
    static void checkCode(String body, String field, java.util.Set<Integer> retryable)
            throws DeliveryException {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw DeliveryException.permanent("unexpected answer: " + snippet(body));
        }
        JsonNode code = answer == null ? null : answer.get(field);
        if (code == null || !code.canConvertToInt()) {
            throw DeliveryException.permanent("unexpected answer: " + snippet(body));
        }
        if (code.asInt() != 0) {
            throw new DeliveryException(
                    "error " + code.asInt() + ": " + snippet(body),
                    retryable.contains(code.asInt()),
                    null);
        }
    }
}
