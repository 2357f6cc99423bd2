package io.aimonitor.schemas.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Parses only the metrics a reader wants out of a serialized ExportMetricsServiceRequest: every
 * other metric is skipped by its length after reading its name, never parsed. For a consumer that
 * needs a few metrics of a large stream (the alerting job), this is most of the decoding cost
 * saved.
 */
public final class OtlpSelect {
    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private OtlpSelect() {}

    /** The request with only the wanted metrics (and their resources and scopes); may be empty. */
    public static ExportMetricsServiceRequest select(byte[] bytes, Predicate<String> wanted)
            throws InvalidProtocolBufferException {
        try {
            ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
            forEachField(
                    bytes,
                    0,
                    bytes.length,
                    (field, off, len) -> {
                        if (field == 1) {
                            ResourceMetrics rm = resourceMetrics(bytes, off, len, wanted);
                            if (rm != null) {
                                out.addResourceMetrics(rm);
                            }
                        }
                    });
            return out.build();
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    private static ResourceMetrics resourceMetrics(
            byte[] bytes, int offset, int length, Predicate<String> wanted) throws IOException {
        ResourceMetrics.Builder rm = ResourceMetrics.newBuilder();
        int[] resource = {-1, 0};
        forEachField(
                bytes,
                offset,
                length,
                (field, off, len) -> {
                    if (field == 1) {
                        resource[0] = off;
                        resource[1] = len;
                    } else if (field == 2) {
                        ScopeMetrics sm = scopeMetrics(bytes, off, len, wanted);
                        if (sm != null) {
                            rm.addScopeMetrics(sm);
                        }
                    } else if (field == 3) {
                        rm.setSchemaUrl(string(bytes, off, len));
                    }
                });
        if (rm.getScopeMetricsCount() == 0) {
            return null;
        }
        if (resource[0] >= 0) {
            rm.setResource(Resource.parser().parseFrom(bytes, resource[0], resource[1]));
        }
        return rm.build();
    }

    private static ScopeMetrics scopeMetrics(
            byte[] bytes, int offset, int length, Predicate<String> wanted) throws IOException {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder();
        int[] scope = {-1, 0};
        forEachField(
                bytes,
                offset,
                length,
                (field, off, len) -> {
                    if (field == 1) {
                        scope[0] = off;
                        scope[1] = len;
                    } else if (field == 2) {
                        String name = metricName(bytes, off, len);
                        if (name != null && wanted.test(name)) {
                            sm.addMetrics(Metric.parser().parseFrom(bytes, off, len));
                        }
                    } else if (field == 3) {
                        sm.setSchemaUrl(string(bytes, off, len));
                    }
                });
        if (sm.getMetricsCount() == 0) {
            return null;
        }
        if (scope[0] >= 0) {
            sm.setScope(InstrumentationScope.parser().parseFrom(bytes, scope[0], scope[1]));
        }
        return sm.build();
    }

    private static String metricName(byte[] bytes, int offset, int length) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1
                    && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
                return in.readStringRequireUtf8();
            }
            if (!in.skipField(tag)) {
                break;
            }
        }
        return null;
    }

    private static String string(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    private interface FieldVisitor {
        void visit(int field, int offset, int length) throws IOException;
    }

    /** Calls {@code visitor} with each length-delimited field's number and byte range. */
    private static void forEachField(byte[] bytes, int offset, int length, FieldVisitor visitor)
            throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
                int len = in.readRawVarint32();
                int start = offset + in.getTotalBytesRead();
                if (len < 0 || start + len > offset + length) {
                    throw new InvalidProtocolBufferException(
                            "truncated message: a field runs past its end");
                }
                visitor.visit(WireFormat.getTagFieldNumber(tag), start, len);
                in.skipRawBytes(len);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
    }
}
