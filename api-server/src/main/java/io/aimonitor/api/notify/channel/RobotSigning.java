package io.aimonitor.api.notify.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The request signatures of the DingTalk and Feishu robots. */
final class RobotSigning {
    private RobotSigning() {}

    /** DingTalk: base64(HmacSHA256(key = secret, timestampMillis + "\n" + secret)), URL-encoded. */
    static String dingTalk(long timestampMillis, String secret) {
        return URLEncoder.encode(
                hmac(secret, timestampMillis + "\n" + secret), StandardCharsets.UTF_8);
    }

    /** Feishu: base64(HmacSHA256(key = timestampSeconds + "\n" + secret, empty message)). */
    static String feishu(long timestampSeconds, String secret) {
        return hmac(timestampSeconds + "\n" + secret, "");
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
