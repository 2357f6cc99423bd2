package io.aimonitor.api.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.metadata.ChannelRepository;
import io.aimonitor.api.metadata.ChannelRepository.StoredChannel;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.notify.channel.AddressPolicy;
import io.aimonitor.api.notify.channel.Channel;
import io.aimonitor.api.notify.channel.ChannelSenders;
import io.aimonitor.api.notify.channel.ChannelType;
import io.aimonitor.api.notify.channel.DeliveryException;
import io.aimonitor.api.notify.channel.SafeHttp;
import io.aimonitor.api.notify.channel.SecretBox;
import io.aimonitor.api.notify.policy.NotificationPolicy;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Notification channels: validated settings, secrets sealed at rest and masked ({@code "********"})
 * in every view - sending the mask back on update keeps the stored secret - and a test send. A
 * channel the policy uses cannot be deleted or renamed.
 */
public final class ChannelService {
    public static final String MASK = "********";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A channel as the API shows it: secrets masked. */
    public record ChannelView(
            String id,
            String name,
            String type,
            ObjectNode config,
            String createdBy,
            long createdAt,
            long updatedAt) {}

    private final ChannelRepository repository;
    private final SecretBox secrets;
    private final SafeHttp http;
    private final AddressPolicy addresses;
    private final ChannelSenders senders;
    private final Supplier<NotificationPolicy> policy;
    private final Clock clock;

    public ChannelService(
            ChannelRepository repository,
            SecretBox secrets,
            SafeHttp http,
            AddressPolicy addresses,
            ChannelSenders senders,
            Supplier<NotificationPolicy> policy,
            Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.http = http;
        this.addresses = addresses;
        this.senders = senders;
        this.policy = policy;
        this.clock = clock;
    }

    public List<ChannelView> list() {
        return repository.all().stream().map(this::view).toList();
    }

    public ChannelView get(String id) {
        return view(stored(id));
    }

    public ChannelView create(String name, String typeText, JsonNode config, String by) {
        checkName(name);
        ChannelType type = ChannelType.parse(typeText == null ? "" : typeText);
        if (type == null) {
            throw invalid(
                    "type",
                    "type must be one of email, webhook, slack, dingtalk, wecom, feishu, got '"
                            + typeText
                            + "'");
        }
        if (repository.byName(name).isPresent()) {
            throw conflict("a channel named '" + name + "' exists");
        }
        ObjectNode sealed = settle(type, config, JSON.createObjectNode());
        long now = clock.millis();
        StoredChannel c =
                new StoredChannel(Ids.newId(), name, type.text(), write(sealed), by, now, now);
        repository.insert(c);
        return view(c);
    }

    /** {@code name} or {@code config} may be null to keep them. */
    public ChannelView update(String id, String name, String typeText, JsonNode config) {
        StoredChannel old = stored(id);
        ChannelType type = ChannelType.parse(old.type());
        if (typeText != null && !typeText.equals(old.type())) {
            throw invalid("type", "a channel's type cannot change; create another channel");
        }
        String newName = name == null ? old.name() : name;
        checkName(newName);
        if (!newName.equals(old.name())) {
            if (repository.byName(newName).isPresent()) {
                throw conflict("a channel named '" + newName + "' exists");
            }
            requireUnused(old.name(), "renamed");
        }
        ObjectNode sealed =
                config == null ? read(old.config()) : settle(type, config, read(old.config()));
        StoredChannel updated =
                new StoredChannel(
                        id,
                        newName,
                        old.type(),
                        write(sealed),
                        old.createdBy(),
                        old.createdAt(),
                        clock.millis());
        repository.update(updated);
        return view(updated);
    }

    public ChannelView delete(String id) {
        StoredChannel c = stored(id);
        requireUnused(c.name(), "deleted");
        repository.delete(id);
        return view(c);
    }

    /** The channel with its secrets opened, to send through; null when it no longer exists. */
    public Channel open(String id) {
        return repository.byId(id).map(this::opened).orElse(null);
    }

    /** The id of the channel named {@code name}, or null. */
    public String idOf(String name) {
        return repository.byName(name).map(StoredChannel::id).orElse(null);
    }

    /** Sends a sample firing alert through the channel now; 502 with the reason if it fails. */
    public void test(String id, String by) {
        Channel channel = opened(stored(id));
        long now = clock.millis();
        AlertEvent sample =
                new AlertEvent(
                        "0000000000000000",
                        "test",
                        1,
                        "AIMonitorTestNotification",
                        AlertState.FIRING,
                        AlertState.PENDING,
                        "info",
                        1,
                        Map.of("channel", channel.name()),
                        Map.of(
                                "summary",
                                "a test notification sent by " + by + " - this channel works"),
                        now,
                        null,
                        now,
                        null);
        Notice notice =
                new Notice(
                        "test",
                        "test",
                        "{}:{channel=\"" + channel.name() + "\"}",
                        Map.of("channel", channel.name()),
                        List.of(sample));
        try {
            senders.of(channel.type()).send(channel, notice);
        } catch (DeliveryException e) {
            throw new ApiException(
                    502,
                    "delivery_failed",
                    "the test notification was not delivered: " + e.getMessage(),
                    Map.of("retryable", e.retryable()));
        }
    }

    private Channel opened(StoredChannel c) {
        ChannelType type = ChannelType.parse(c.type());
        ObjectNode settings = read(c.config());
        for (String field : type.secrets()) {
            if (settings.hasNonNull(field)) {
                settings.put(field, secrets.open(settings.get(field).asText()));
            }
        }
        return new Channel(c.id(), c.name(), type, settings);
    }

    private ChannelView view(StoredChannel c) {
        ChannelType type = ChannelType.parse(c.type());
        ObjectNode settings = read(c.config());
        for (String field : type.secrets()) {
            if (settings.hasNonNull(field)) {
                settings.put(field, MASK);
            }
        }
        if (!type.secrets().contains("url") && settings.hasNonNull("url")) {
            settings.put("url", UrlCredentials.masked(settings.get("url").asText()));
        }
        return new ChannelView(
                c.id(), c.name(), c.type(), settings, c.createdBy(), c.createdAt(), c.updatedAt());
    }

    /** Validates new settings; a masked secret keeps the stored one; secrets come back sealed. */
    private ObjectNode settle(ChannelType type, JsonNode config, ObjectNode stored) {
        if (config == null || !config.isObject()) {
            throw invalid("config", "config must be a JSON object");
        }
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            String at = "config." + field;
            if (!type.accepts(field)) {
                throw invalid(
                        at, "unknown setting '" + field + "' for a " + type.text() + " channel");
            }
            JsonNode value = e.getValue();
            if (field.equals("url")
                    && stored.hasNonNull("url")
                    && !type.secrets().contains("url")
                    && value.asText().equals(UrlCredentials.masked(stored.get("url").asText()))) {
                out.set(field, stored.get(field)); // the masked URL as shown: unchanged
                continue;
            }
            if (type.secrets().contains(field) && MASK.equals(value.asText())) {
                if (stored.hasNonNull(field)) {
                    out.set(field, stored.get(field));
                }
                continue;
            }
            out.set(field, checked(at, field, value));
        }
        keepSecretsWithTheirDestination(type, out, stored);
        for (String field : type.required()) {
            if (!out.hasNonNull(field)
                    || out.get(field).asText().isEmpty() && !out.get(field).isArray()) {
                throw invalid(
                        "config." + field,
                        field + " is required for a " + type.text() + " channel");
            }
        }
        for (String field : type.secrets()) {
            JsonNode v = out.get(field);
            if (v != null && !SecretBox.sealed(v.asText())) {
                out.put(field, secrets.seal(v.asText()));
            }
        }
        return out;
    }

    /**
     * A stored secret goes only where it went before: when the URL's host or the SMTP host changes,
     * a secret sent back masked must be entered again - else whoever may edit a channel could point
     * it at their own server and be sent the password.
     */
    private static void keepSecretsWithTheirDestination(
            ChannelType type, ObjectNode out, ObjectNode stored) {
        for (String destination : List.of("url", "smtp_host")) {
            if (type.secrets().contains(destination)
                    || !stored.hasNonNull(destination)
                    || server(stored.get(destination)).equals(server(out.get(destination)))) {
                continue;
            }
            for (String secret : type.secrets()) {
                if (out.hasNonNull(secret) && out.get(secret).equals(stored.get(secret))) {
                    throw invalid(
                            "config." + secret,
                            secret + " must be entered again when " + destination + " changes");
                }
            }
        }
    }

    /** Where a destination setting sends: the host (and port) of a URL, or the SMTP host. */
    private static String server(JsonNode value) {
        if (value == null) {
            return "";
        }
        try {
            java.net.URI u = new java.net.URI(value.asText());
            return u.getHost() == null ? value.asText() : u.getHost() + ":" + u.getPort();
        } catch (java.net.URISyntaxException e) {
            return value.asText();
        }
    }

    private JsonNode checked(String at, String field, JsonNode value) {
        switch (field) {
            case "to" -> {
                if (!value.isArray() || value.isEmpty()) {
                    throw invalid(at, "to must be a list of email addresses");
                }
                for (JsonNode a : value) {
                    try {
                        new InternetAddress(a.asText(), true);
                    } catch (AddressException ex) {
                        throw invalid(at, "not an email address: '" + a.asText() + "'");
                    }
                }
                return value;
            }
            case "smtp_port" -> {
                if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 65535) {
                    throw invalid(at, "smtp_port must be 1..65535");
                }
                return value;
            }
            default -> {
                // every other setting is text
            }
        }
        if (!value.isTextual()) {
            throw invalid(at, field + " must be a string");
        }
        String text = value.asText();
        if (text.length() > 8192) {
            throw invalid(at, field + " is longer than 8192 characters");
        }
        switch (field) {
            case "security" -> oneOf(at, text, Set.of("none", "starttls", "tls"));
            case "format" -> oneOf(at, text, Set.of("aimonitor", "alertmanager"));
            case "from" -> {
                try {
                    new InternetAddress(text, true);
                } catch (AddressException ex) {
                    throw invalid(at, "not an email address: '" + text + "'");
                }
            }
            case "url" -> {
                if (!text.startsWith("https://") && !text.startsWith("http://")) {
                    throw invalid(at, "url must be an http(s) URL");
                }
                if (text.contains(MASK)) {
                    throw invalid(
                            at, "url still holds masked parts (" + MASK + "): enter it in full");
                }
                try {
                    http.check(text);
                } catch (IOException ex) {
                    throw invalid(at, reason(ex));
                }
            }
            case "smtp_host" -> {
                try {
                    addresses.resolve(text);
                } catch (IOException ex) {
                    throw invalid(at, reason(ex));
                }
            }
            default -> {
                // free text: templates, user names, secrets
            }
        }
        return value;
    }

    private static String reason(IOException e) {
        return e instanceof AddressPolicy.Refused
                ? e.getMessage()
                : "cannot resolve the host: " + e.getMessage();
    }

    private static void oneOf(String at, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(at, "must be one of " + new TreeSet<>(allowed) + ", got '" + value + "'");
        }
    }

    private void requireUnused(String name, String verb) {
        NotificationPolicy p = policy.get();
        for (NotificationPolicy.Receiver r : p.receivers()) {
            if (r.channels() != null && r.channels().contains(name)) {
                throw conflict(
                        "channel '"
                                + name
                                + "' is used by receiver '"
                                + r.name()
                                + "' of the notification policy; change the policy before it is "
                                + verb);
            }
        }
    }

    private StoredChannel stored(String id) {
        return repository.byId(id).orElseThrow(() -> ApiException.notFound("no channel " + id));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw invalid("name", "name must be 1 to 128 characters");
        }
    }

    /** A channel refused: {@code details.field} names the setting (config.url, name, ...). */
    private static ApiException invalid(String field, String message) {
        return new ApiException(
                400, "invalid_channel", field + ": " + message, Map.of("field", field));
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, Map.of());
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored channel", e);
        }
    }

    private static String write(ObjectNode node) {
        return node.toString();
    }
}
