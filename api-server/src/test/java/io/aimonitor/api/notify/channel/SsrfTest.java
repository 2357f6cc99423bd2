package io.aimonitor.api.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.api.support.TestReceiver;
import io.aimonitor.api.support.TestReceiver.Answer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User-supplied URLs never reach loopback, private, link-local, CGNAT or metadata addresses, in any
 * spelling, directly or through a redirect; the test receiver itself (127.0.0.2) is reached only
 * because it is on the allow-list.
 */
class SsrfTest {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static TestReceiver receiver;
    private static SafeHttp http;

    @BeforeAll
    static void start() throws Exception {
        receiver = new TestReceiver("127.0.0.2", Answer.of(200, "ok"));
        http = new SafeHttp(new AddressPolicy(List.of("127.0.0.2")), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "[::1]",
                "169.254.169.254",
                "10.0.0.1",
                "172.16.0.1",
                "192.168.1.1",
                "100.64.0.1",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "2130706433",
                "0x7f000001",
                "0177.0.0.1",
                "127.1",
                "localhost",
                "0.0.0.0",
                "[::]",
                "[fd00::1]",
                "[fe80::1]",
                "[64:ff9b::a9fe:a9fe]",
                "[2002:a9fe:a9fe::1]",
                "224.0.0.1"
            })
    void refusesNonPublicAddresses(String host) {
        String url = "http://" + host + ":" + receiver.port() + "/hook";
        assertThatThrownBy(() -> http.post(url, "application/json", BODY, Map.of()))
                .isInstanceOf(AddressPolicy.Refused.class);
        assertThatThrownBy(() -> http.check(url)).isInstanceOf(AddressPolicy.Refused.class);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void reachesAnAllowListedAddressAndPublicAddressesPass() throws Exception {
        SafeHttp.Result r = http.post(receiver.url("/hook"), "application/json", BODY, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(receiver.received()).hasSize(1);
        receiver.clear();

        AddressPolicy strict = new AddressPolicy(List.of());
        assertThat(strict.mayReach(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(strict.mayReach(InetAddress.getByName("93.184.216.34"))).isTrue();
        assertThat(strict.mayReach(InetAddress.getByName("2606:2800:220:1::1"))).isTrue();
        assertThat(
                        new AddressPolicy(List.of("10.20.0.0/16"))
                                .mayReach(InetAddress.getByName("10.20.3.4")))
                .isTrue();
        assertThat(
                        new AddressPolicy(List.of("10.20.0.0/16"))
                                .mayReach(InetAddress.getByName("10.21.3.4")))
                .isFalse();
    }

    @Test
    void checksEveryRedirect() throws Exception {
        receiver.script(
                new Answer(
                        302, "", Map.of("Location", "http://127.0.0.1:" + receiver.port() + "/x")));
        assertThatThrownBy(
                        () -> http.post(receiver.url("/hook"), "application/json", BODY, Map.of()))
                .isInstanceOf(AddressPolicy.Refused.class);
        assertThat(receiver.received()).hasSize(1);
        receiver.clear();

        receiver.script(
                new Answer(
                        302, "", Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
        assertThatThrownBy(
                        () -> http.post(receiver.url("/hook"), "application/json", BODY, Map.of()))
                .isInstanceOf(AddressPolicy.Refused.class);
        receiver.clear();

        // an allowed redirect is followed, keeping the method and body (307)
        receiver.script(new Answer(307, "", Map.of("Location", "/moved")));
        SafeHttp.Result r = http.post(receiver.url("/hook"), "application/json", BODY, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(receiver.received())
                .extracting(TestReceiver.Received::pathAndQuery)
                .containsExactly("/hook", "/moved");
        assertThat(receiver.received().get(1).body()).isEqualTo("{}");
        receiver.clear();
    }

    @Test
    void credentialsDoNotFollowARedirectElsewhere() throws Exception {
        try (TestReceiver other = new TestReceiver("127.0.0.2", Answer.of(200, "ok"))) {
            receiver.script(new Answer(307, "", Map.of("Location", other.url("/elsewhere"))));
            http.post(
                    receiver.url("/hook"),
                    "application/json",
                    BODY,
                    Map.of("Authorization", "Bearer secret-token"));
            assertThat(receiver.received().get(0).header("Authorization"))
                    .isEqualTo("Bearer secret-token");
            assertThat(other.received()).hasSize(1);
            assertThat(other.received().get(0).header("Authorization")).isNull();
        } finally {
            receiver.clear();
        }
    }
}
