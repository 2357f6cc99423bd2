package io.aimonitor.api.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A configured channel with its settings in clear (secrets opened): only for sending. */
public record Channel(String id, String name, ChannelType type, ObjectNode settings) {
    public String text(String field) {
        JsonNode v = settings.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    public String text(String field, String fallback) {
        String v = text(field);
        return v.isEmpty() ? fallback : v;
    }

    public int integer(String field, int fallback) {
        JsonNode v = settings.get(field);
        return v == null || v.isNull() ? fallback : v.asInt();
    }

    public List<String> list(String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = settings.get(field);
        if (v != null) {
            v.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
