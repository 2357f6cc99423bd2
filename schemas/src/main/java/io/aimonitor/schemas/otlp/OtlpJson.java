package io.aimonitor.schemas.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * OTLP's JSON mapping: protobuf's JSON mapping except that trace and span ids are hex strings, not
 * base64. Unknown fields are ignored, as the OTLP specification requires of receivers.
 */
public final class OtlpJson {
    private static final Set<String> HEX_ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {}

    /** Parses OTLP JSON into {@code builder}; the exception message says what is wrong. */
    public static void merge(byte[] json, Message.Builder builder)
            throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidProtocolBufferException(
                    "malformed JSON at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr()
                            + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidProtocolBufferException("unreadable JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProtocolBufferException("request body must be a JSON object");
        }
        try {
            hexIdsToBase64(tree);
            PARSER.merge(tree.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidProtocolBufferException("invalid OTLP JSON: " + e.getMessage());
        }
    }

    public static String print(Message message) throws InvalidProtocolBufferException {
        return PRINTER.print(message);
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (HEX_ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
                    field.setValue(object.textNode(hexToBase64(field.getKey(), value.asText())));
                } else {
                    hexIdsToBase64(value);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                hexIdsToBase64(element);
            }
        }
    }

    private static String hexToBase64(String field, String hex) {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be a hex string: " + e.getMessage());
        }
    }
}
