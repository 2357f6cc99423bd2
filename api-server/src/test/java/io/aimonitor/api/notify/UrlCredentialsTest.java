package io.aimonitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
    @Test
    void userInfoAndQueryValuesAreMaskedTheRestShown() {
        assertThat(UrlCredentials.masked("https://hooks.example.com/services/x"))
                .isEqualTo("https://hooks.example.com/services/x");
        assertThat(
                        UrlCredentials.masked(
                                "https://bot:s3cret@chat.example.com:8443/v1/hook?key=abc&x=1"))
                .isEqualTo(
                        "https://********@chat.example.com:8443/v1/hook?key=********&x=********");
        assertThat(UrlCredentials.masked("https://example.com/webhookb2/abc?flag"))
                .isEqualTo("https://example.com/webhookb2/abc?flag");
    }
}
