package io.aimonitor.schemas.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;

/** Turns OTLP attributes into label pairs. */
public final class OtlpAttributes {
    /** Longest label value accepted, in characters; longer values reject the data point. */
    public static final int MAX_VALUE_LENGTH = 4096;

    /** Most labels a series may carry after resource, scope and point attributes are merged. */
    public static final int MAX_LABELS = 128;

    private OtlpAttributes() {}

    /** Appends non-empty-key attributes as key, value pairs to {@code out}. */
    static void appendTo(List<KeyValue> attributes, LabelBuilder out) {
        for (KeyValue kv : attributes) {
            if (!kv.getKey().isEmpty()) {
                out.put(kv.getKey(), asString(kv.getValue()));
            }
        }
    }

    public static String asString(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return Boolean.toString(value.getBoolValue());
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return Double.toString(value.getDoubleValue());
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE:
                {
                    StringBuilder sb = new StringBuilder("[");
                    List<AnyValue> values = value.getArrayValue().getValuesList();
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        appendJson(sb, values.get(i));
                    }
                    return sb.append(']').toString();
                }
            case KVLIST_VALUE:
                {
                    StringBuilder sb = new StringBuilder("{");
                    List<KeyValue> values = value.getKvlistValue().getValuesList();
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        appendQuoted(sb, values.get(i).getKey());
                        sb.append(':');
                        appendJson(sb, values.get(i).getValue());
                    }
                    return sb.append('}').toString();
                }
            default:
                return "";
        }
    }

    private static void appendJson(StringBuilder sb, AnyValue value) {
        switch (value.getValueCase()) {
            case BOOL_VALUE:
            case INT_VALUE:
            case ARRAY_VALUE:
            case KVLIST_VALUE:
                sb.append(asString(value));
                break;
            case DOUBLE_VALUE:
                double d = value.getDoubleValue();
                if (Double.isFinite(d)) {
                    sb.append(d);
                } else {
                    appendQuoted(sb, Double.toString(d));
                }
                break;
            case VALUE_NOT_SET:
                sb.append("null");
                break;
            default:
                appendQuoted(sb, asString(value));
        }
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
