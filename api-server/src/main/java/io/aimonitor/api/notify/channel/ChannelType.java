package io.aimonitor.api.notify.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of channel, each with the settings it takes, which are required and which are secrets
 * (encrypted at rest, masked in responses). A robot's URL carries its access token, so it is a
 * secret too. Every type also takes {@code title_template} and {@code text_template}.
 */
public enum ChannelType {
    EMAIL(
            Set.of("to", "from", "smtp_host", "smtp_port", "security", "username", "password"),
            Set.of("to"),
            Set.of("password")),
    WEBHOOK(Set.of("url", "format", "bearer_token"), Set.of("url"), Set.of("bearer_token")),
    SLACK(Set.of("url"), Set.of("url"), Set.of("url")),
    DINGTALK(Set.of("url", "secret"), Set.of("url"), Set.of("url", "secret")),
    WECOM(Set.of("url"), Set.of("url"), Set.of("url")),
    FEISHU(Set.of("url", "secret"), Set.of("url"), Set.of("url", "secret"));

    public static final Set<String> TEMPLATE_FIELDS = Set.of("title_template", "text_template");

    private final Set<String> fields;
    private final Set<String> required;
    private final Set<String> secrets;

    ChannelType(Set<String> fields, Set<String> required, Set<String> secrets) {
        this.fields = fields;
        this.required = required;
        this.secrets = secrets;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean accepts(String field) {
        return fields.contains(field) || TEMPLATE_FIELDS.contains(field);
    }

    public Set<String> required() {
        return required;
    }

    public Set<String> secrets() {
        return secrets;
    }

    /** The type named {@code text}, or null. */
    public static ChannelType parse(String text) {
        return Arrays.stream(values()).filter(t -> t.text().equals(text)).findFirst().orElse(null);
    }
}
