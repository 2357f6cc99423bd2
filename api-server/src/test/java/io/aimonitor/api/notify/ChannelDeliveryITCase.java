package io.aimonitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.support.NotifyFixture;
import io.aimonitor.api.support.TestDatabases;
import io.aimonitor.api.support.TestReceiver;
import io.aimonitor.api.support.TestReceiver.Answer;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every channel type against a real receiver - HTTP servers on loopback, a GreenMail SMTP server -
 * with the exact payloads, the robots' signatures, and retries: 5xx then success, no retry on 400,
 * Retry-After on 429, network errors until the attempts run out.
 */
class ChannelDeliveryITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://aimonitor.example.com/alerts/0123456789abcdef";
    private static final String LINE =
            "[FIRING] critical HighCPU: CPU high on web-1 (value 97.5, since 2027-01-15T08:00:00Z) "
                    + URL
                    + "\nAI summary: A runaway cron job";

    private static TestDatabases.Opened db;
    private static NotifyFixture f;
    private static TestReceiver receiver;
    private static GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(freePort(), NotifyFixture.RECEIVER_HOST, "smtp"));
        smtp.setUser("ops@example.com", "alerts", "s3cret-smtp");
        smtp.start();
        db = TestDatabases.sqlite();
        f =
                new NotifyFixture(
                        db.db(),
                        new AimonitorConfig.Email(
                                "", 587, "starttls", "", "", "aimonitor@example.com"));
        receiver = new TestReceiver(NotifyFixture.RECEIVER_HOST, Answer.of(200, "ok"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        smtp.stop();
        db.close();
    }

    @BeforeEach
    void reset() {
        receiver.clear();
    }

    @Test
    void webhookSendsAimonitorJson() throws Exception {
        NotifyStore.Notification n =
                send(
                        channel(
                                "webhook",
                                "{\"url\": \""
                                        + receiver.url("/hook")
                                        + "\", \"bearer_token\": \"tok-1\"}"));
        assertThat(n.status()).isEqualTo("delivered");
        TestReceiver.Received r = receiver.received().get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(r.body()))
                .isEqualTo(
                        JSON.readTree(
                                """
                                {"version": "1", "kind": "group", "receiver": "ops", "status": "firing",
                                 "group_key": "0:{\\"alertname\\":\\"HighCPU\\"}",
                                 "group_labels": {"alertname": "HighCPU"},
                                 "common_labels": {"alertname": "HighCPU", "severity": "critical", "rule_id": "r-cpu", "host": "web-1"},
                                 "title": "[FIRING:1] HighCPU",
                                 "external_url": "https://aimonitor.example.com",
                                 "alerts": [{"status": "firing", "state": "firing", "fingerprint": "0123456789abcdef",
                                             "rule_id": "r-cpu", "rule_version": 3, "name": "HighCPU", "severity": "critical",
                                             "value": 97.5,
                                             "labels": {"alertname": "HighCPU", "severity": "critical", "rule_id": "r-cpu", "host": "web-1"},
                                             "annotations": {"summary": "CPU high on web-1", "ai_summary": "A runaway cron job"},
                                             "starts_at": "2027-01-15T08:00:00Z",
                                             "url": "%s", "text": %s, "ai_summary": "A runaway cron job"}]}
                                """
                                        .formatted(URL, JSON.writeValueAsString(LINE))));
    }

    @Test
    void webhookSpeaksAlertmanagerVersion4() throws Exception {
        send(
                channel(
                        "webhook",
                        "{\"url\": \""
                                + receiver.url("/am")
                                + "\", \"format\": \"alertmanager\"}"));
        assertThat(JSON.readTree(receiver.received().get(0).body()))
                .isEqualTo(
                        JSON.readTree(
                                """
                                {"version": "4", "groupKey": "{}:{alertname=\\"HighCPU\\"}", "truncatedAlerts": 0,
                                 "status": "firing", "receiver": "ops",
                                 "groupLabels": {"alertname": "HighCPU"},
                                 "commonLabels": {"alertname": "HighCPU", "severity": "critical", "rule_id": "r-cpu", "host": "web-1"},
                                 "commonAnnotations": {"summary": "CPU high on web-1", "ai_summary": "A runaway cron job"},
                                 "externalURL": "https://aimonitor.example.com",
                                 "alerts": [{"status": "firing",
                                             "labels": {"alertname": "HighCPU", "severity": "critical", "rule_id": "r-cpu", "host": "web-1"},
                                             "annotations": {"summary": "CPU high on web-1", "ai_summary": "A runaway cron job"},
                                             "startsAt": "2027-01-15T08:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                                             "generatorURL": "%s", "fingerprint": "0123456789abcdef"}]}
                                """
                                        .formatted(URL)));
    }

    @Test
    void channelTemplatesShapeTheText() throws Exception {
        receiver.script(Answer.of(200, "{\"code\":0}"));
        send(
                channel(
                        "feishu",
                        "{\"url\": \""
                                + receiver.url("/tpl")
                                + "\", \"title_template\": \"{{count}} alert(s) for {{receiver}}: {{alertname}}\","
                                + " \"text_template\": \"{{labels.host}} {{name}}={{value}} ({{annotations.summary}}) {{nope}}|\"}"));
        assertThat(
                        JSON.readTree(receiver.received().get(0).body())
                                .path("content")
                                .path("text")
                                .asText())
                .isEqualTo(
                        "1 alert(s) for ops: HighCPU\n\nweb-1 HighCPU=97.5 (CPU high on web-1) |\nAI summary: A runaway cron job\n");
    }

    @Test
    void slackGetsBlockKit() throws Exception {
        send(channel("slack", "{\"url\": \"" + receiver.url("/services/T0/B0/xyz") + "\"}"));
        assertThat(JSON.readTree(receiver.received().get(0).body()))
                .isEqualTo(
                        JSON.readTree(
                                """
                                {"text": "[FIRING:1] HighCPU",
                                 "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "[FIRING:1] HighCPU"}},
                                            {"type": "section", "text": {"type": "mrkdwn", "text": %s}}]}
                                """
                                        .formatted(
                                                JSON.writeValueAsString(
                                                        "*<" + URL + "|HighCPU>*\n" + LINE))));
    }

    @Test
    void dingTalkSignsTheRequest() throws Exception {
        receiver.script(Answer.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        String secret = "SEC0123456789abcdef";
        send(
                channel(
                        "dingtalk",
                        "{\"url\": \""
                                + receiver.url("/robot/send?access_token=abc")
                                + "\", \"secret\": \""
                                + secret
                                + "\"}"));
        TestReceiver.Received r = receiver.received().get(0);
        long ts = f.clock.millis();
        String sign =
                URLEncoder.encode(hmacBase64(secret, ts + "\n" + secret), StandardCharsets.UTF_8);
        assertThat(r.pathAndQuery())
                .isEqualTo("/robot/send?access_token=abc&timestamp=" + ts + "&sign=" + sign);
        String md =
                "### [FIRING:1] HighCPU\n\n- "
                        + LINE.replace("\n", "\n  ")
                        + " [open]("
                        + URL
                        + ")\n";
        assertThat(JSON.readTree(r.body()))
                .isEqualTo(
                        JSON.createObjectNode()
                                .put("msgtype", "markdown")
                                .set(
                                        "markdown",
                                        JSON.createObjectNode()
                                                .put("title", "[FIRING:1] HighCPU")
                                                .put("text", md)));

        // a robot error inside a 200 answer is a failure, not worth retrying
        receiver.script(Answer.of(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        NotifyStore.Notification failed =
                send(
                        channel(
                                "dingtalk",
                                "{\"url\": \""
                                        + receiver.url("/robot/send?access_token=abc")
                                        + "\", \"secret\": \"wrong\"}"));
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.lastError()).contains("310000");
    }

    @Test
    void weComAndFeishu() throws Exception {
        receiver.script(Answer.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        send(
                channel(
                        "wecom",
                        "{\"url\": \"" + receiver.url("/cgi-bin/webhook/send?key=k1") + "\"}"));
        String md =
                "### [FIRING:1] HighCPU\n\n- "
                        + LINE.replace("\n", "\n  ")
                        + " [open]("
                        + URL
                        + ")\n";
        assertThat(
                        JSON.readTree(receiver.received().get(0).body())
                                .path("markdown")
                                .path("content")
                                .asText())
                .isEqualTo(md);
        assertThat(JSON.readTree(receiver.received().get(0).body()).path("msgtype").asText())
                .isEqualTo("markdown");

        receiver.clear();
        receiver.script(Answer.of(200, "{\"code\":0,\"msg\":\"success\"}"));
        send(
                channel(
                        "feishu",
                        "{\"url\": \""
                                + receiver.url("/open-apis/bot/v2/hook/h1")
                                + "\", \"secret\": \"fs-secret\"}"));
        JsonNode body = JSON.readTree(receiver.received().get(0).body());
        long ts = f.clock.millis() / 1000;
        assertThat(body.path("timestamp").asText()).isEqualTo(Long.toString(ts));
        assertThat(body.path("sign").asText()).isEqualTo(hmacBase64(ts + "\nfs-secret", ""));
        assertThat(body.path("msg_type").asText()).isEqualTo("text");
        assertThat(body.path("content").path("text").asText())
                .isEqualTo("[FIRING:1] HighCPU\n\n" + LINE + "\n");
    }

    @Test
    void emailArrivesWithTextAndHtmlParts() throws Exception {
        send(
                channel(
                        "email",
                        "{\"to\": [\"ops@example.com\"], \"smtp_host\": \"127.0.0.2\", \"smtp_port\": "
                                + smtp.getSmtp().getPort()
                                + ", \"security\": \"none\", \"username\": \"alerts\", \"password\": \"s3cret-smtp\","
                                + " \"from\": \"AIMonitor <aimonitor@example.com>\"}"));
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[FIRING:1] HighCPU");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        // SMTP carries CRLF line ends
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo("[FIRING:1] HighCPU\n\n" + LINE + "\n");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<h2>[FIRING:1] HighCPU</h2>")
                .contains("<a href=\"" + URL + "\">open</a>");

        // the SMTP password is sealed at rest
        String stored =
                db.db()
                        .jdbi()
                        .withHandle(
                                h ->
                                        h.createQuery(
                                                        "SELECT config FROM notification_channels WHERE type = 'email'")
                                                .mapTo(String.class)
                                                .list()
                                                .get(0));
        assertThat(stored).doesNotContain("s3cret-smtp").contains("enc:v1:");

        // a wrong password is an authentication failure: not retried
        NotifyStore.Notification failed =
                send(
                        channel(
                                "email",
                                "{\"to\": [\"ops@example.com\"], \"smtp_host\": \"127.0.0.2\", \"smtp_port\": "
                                        + smtp.getSmtp().getPort()
                                        + ", \"security\": \"none\", \"username\": \"alerts\", \"password\": \"wrong\"}"));
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.lastError()).contains("AuthenticationFailed");
    }

    @Test
    void retriesServerErrorsThenDelivers() throws Exception {
        receiver.script(Answer.of(503, "busy"));
        NotifyStore.Notification n =
                send(channel("webhook", "{\"url\": \"" + receiver.url("/flaky") + "\"}"));
        assertThat(n.status()).isEqualTo("pending");
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.lastError()).isEqualTo("HTTP 503 busy");
        assertThat(n.nextAttemptAt()).isEqualTo(f.clock.millis() + 1000);
        f.worker.deliverDue(Runnable::run);
        assertThat(receiver.received()).as("not before the backoff").hasSize(1);
        f.advance(Duration.ofSeconds(1));
        f.worker.deliverDue(Runnable::run);
        n = f.store.notification(n.id()).orElseThrow();
        assertThat(n.status()).isEqualTo("delivered");
        assertThat(n.attempts()).isEqualTo(2);
        assertThat(receiver.received()).hasSize(2);
        assertThat(metrics())
                .contains(
                        "aimonitor_notification_attempts_total{channel_type=\"webhook\",outcome=\"retried\"}");
    }

    @Test
    void doesNotRetryClientErrors() throws Exception {
        receiver.script(Answer.of(400, "invalid_payload"));
        NotifyStore.Notification n =
                send(channel("webhook", "{\"url\": \"" + receiver.url("/bad") + "\"}"));
        assertThat(n.status()).isEqualTo("failed");
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.lastError()).isEqualTo("HTTP 400 invalid_payload");
        f.advance(Duration.ofHours(1));
        f.worker.deliverDue(Runnable::run);
        assertThat(receiver.received()).hasSize(1);
        assertThat(metrics())
                .contains(
                        "aimonitor_notification_attempts_total{channel_type=\"webhook\",outcome=\"failed\"}");
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        receiver.script(new Answer(429, "slow down", Map.of("Retry-After", "7")));
        NotifyStore.Notification n =
                send(channel("webhook", "{\"url\": \"" + receiver.url("/limited") + "\"}"));
        assertThat(n.status()).isEqualTo("pending");
        assertThat(n.nextAttemptAt()).isEqualTo(f.clock.millis() + 7000);
        f.advance(Duration.ofSeconds(6));
        f.worker.deliverDue(Runnable::run);
        assertThat(receiver.received()).hasSize(1);
        f.advance(Duration.ofSeconds(1));
        f.worker.deliverDue(Runnable::run);
        assertThat(f.store.notification(n.id()).orElseThrow().status()).isEqualTo("delivered");
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void retriesNetworkErrorsUntilTheAttemptsRunOut() throws Exception {
        int closed = freePort();
        NotifyStore.Notification n =
                send(channel("webhook", "{\"url\": \"http://127.0.0.2:" + closed + "/gone\"}"));
        assertThat(n.status()).isEqualTo("pending");
        assertThat(n.lastError()).contains("ConnectException");
        for (int attempt = 2; attempt <= 4; attempt++) {
            f.advance(Duration.ofMinutes(10));
            f.worker.deliverDue(Runnable::run);
        }
        n = f.store.notification(n.id()).orElseThrow();
        assertThat(n.status()).isEqualTo("failed");
        assertThat(n.attempts()).isEqualTo(4);
        assertThat(n.lastError()).contains("gave up after 4 attempts");
    }

    // ---- helpers

    private static int channels;

    private static String channel(String type, String config) throws Exception {
        return f.channels.create("ch-" + ++channels, type, JSON.readTree(config), "test").id();
    }

    /** Queues the standard notice for one channel and runs one delivery round. */
    private static NotifyStore.Notification send(String channelId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("host", "web-1");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "CPU high on web-1");
        annotations.put("ai_summary", "A runaway cron job");
        AlertEvent alert =
                new AlertEvent(
                        "0123456789abcdef",
                        "r-cpu",
                        3,
                        "HighCPU",
                        AlertState.FIRING,
                        AlertState.PENDING,
                        "critical",
                        97.5,
                        labels,
                        annotations,
                        1_800_000_000_000L,
                        null,
                        1_800_000_000_000L,
                        null);
        Notice notice =
                new Notice(
                        "group",
                        "ops",
                        "0:{\"alertname\":\"HighCPU\"}",
                        Map.of("alertname", "HighCPU"),
                        List.of(alert));
        String id = Ids.newId();
        long now = f.clock.millis();
        f.store.inTransaction(
                h -> {
                    f.store.insertNotification(
                            h,
                            new NotifyStore.Notification(
                                    id,
                                    "group",
                                    null,
                                    "ops",
                                    channelId,
                                    "pending",
                                    "firing",
                                    alert.fingerprint(),
                                    notice.toJson(),
                                    0,
                                    "",
                                    now,
                                    now,
                                    null));
                    return null;
                });
        f.worker.deliverDue(Runnable::run);
        return f.store.notification(id).orElseThrow();
    }

    private static String hmacBase64(String key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder()
                .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String metrics() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, f.registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
