package io.aimonitor.api.ingest;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.aimonitor.schemas.otlp.OtlpJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The two OTLP/HTTP encodings; a response uses the encoding of its request. */
enum OtlpFormat {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    final String contentType;

    OtlpFormat(String contentType) {
        this.contentType = contentType;
    }

    static OtlpFormat of(String contentTypeHeader) {
        String mediaType =
                contentTypeHeader == null
                        ? ""
                        : contentTypeHeader.split(";")[0].strip().toLowerCase(Locale.ROOT);
        switch (mediaType) {
            case "application/x-protobuf":
            case "application/protobuf":
                return PROTOBUF;
            case "application/json":
                return JSON;
            default:
                throw OtlpHttpException.unsupported(
                        "Content-Type must be application/x-protobuf or application/json, got '"
                                + (contentTypeHeader == null ? "" : contentTypeHeader)
                                + "'");
        }
    }

    /** Parses a request; protobuf straight through the parser (no builders), JSON via a builder. */
    @SuppressWarnings("unchecked")
    <T extends Message> T parse(byte[] body, T defaultInstance) {
        try {
            if (this == PROTOBUF) {
                return (T) defaultInstance.getParserForType().parseFrom(body);
            }
            Message.Builder builder = defaultInstance.newBuilderForType();
            OtlpJson.merge(body, builder);
            return (T) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw OtlpHttpException.badRequest(
                    (this == PROTOBUF
                                    ? "body is not a valid OTLP protobuf message: "
                                    : "body is not valid OTLP JSON: ")
                            + e.getMessage());
        }
    }

    byte[] encode(Message message) {
        if (this == PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return OtlpJson.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A google.rpc.Status (code = 1, message = 2), the body OTLP prescribes for errors. */
    byte[] status(int code, String message) {
        if (this == JSON) {
            StringBuilder sb =
                    new StringBuilder("{\"code\":").append(code).append(",\"message\":\"");
            for (char c : message.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
