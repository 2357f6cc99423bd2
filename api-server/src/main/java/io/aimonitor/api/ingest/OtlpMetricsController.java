package io.aimonitor.api.ingest;

import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP {@code POST /v1/metrics}: protobuf or JSON, optionally gzip; the raw OTLP protobuf goes
 * to Kafka and the answer follows the OTLP specification (partial_success for rejected points,
 * google.rpc.Status bodies for errors, 503 + Retry-After when Kafka cannot take it).
 */
public final class OtlpMetricsController {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsController.class);

    private final KafkaPublisher publisher;
    private final String topic;
    private final AimonitorConfig.Server server;
    private final long maxRecordBytes;
    private final long retryAfterSeconds;
    private final IngestCounters counters;

    public OtlpMetricsController(
            KafkaPublisher publisher, AimonitorConfig config, IngestCounters counters) {
        this.publisher = publisher;
        this.topic = config.kafka().metricsTopic();
        this.server = config.server();
        this.maxRecordBytes = config.kafka().maxRecordBytes();
        this.retryAfterSeconds = Math.max(1, config.kafka().ingestTimeout().toSeconds());
        this.counters = counters;
    }

    public void export(Context ctx) {
        counters.requests.increment();
        OtlpFormat format = OtlpFormat.JSON;
        try {
            format = OtlpFormat.of(ctx.header("Content-Type"));
            byte[] body =
                    RequestBody.read(
                            ctx.bodyInputStream(),
                            ctx.header("Content-Encoding"),
                            ctx.req().getContentLengthLong(),
                            server.maxRequestBytes(),
                            server.maxDecompressedBytes());
            ExportMetricsServiceRequest request =
                    format.parse(body, ExportMetricsServiceRequest.getDefaultInstance());
            OtlpMetricsValidator.Result result = OtlpMetricsValidator.validate(request);
            boolean unchanged = format == OtlpFormat.PROTOBUF && result.accepted() == request;
            List<KafkaRecords.Record> records =
                    KafkaRecords.of(result.accepted(), unchanged ? body : null, maxRecordBytes);
            respondAfterPublishing(ctx, format, records, result.stats());
        } catch (OtlpHttpException e) {
            fail(ctx, format, e);
        }
    }

    private void respondAfterPublishing(
            Context ctx, OtlpFormat format, List<KafkaRecords.Record> records, DecodeStats stats) {
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (stats.rejected() > 0) {
            response.setPartialSuccess(
                    ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(stats.rejected())
                            .setErrorMessage(stats.errorMessage()));
        }
        if (records.isEmpty()) {
            counters.rejectedPoints.add(stats.rejected());
            ok(ctx, format, response.build());
            return;
        }
        ctx.future(
                () ->
                        publisher
                                .publish(topic, records)
                                .handle(
                                        (done, error) -> {
                                            if (error != null) {
                                                counters.kafkaFailures.increment();
                                                LOG.warn(
                                                        "Kafka did not take {} OTLP record(s): {}",
                                                        records.size(),
                                                        rootMessage(error));
                                                ctx.header(
                                                        "Retry-After",
                                                        Long.toString(retryAfterSeconds));
                                                fail(
                                                        ctx,
                                                        format,
                                                        new OtlpHttpException(
                                                                503,
                                                                OtlpHttpException.UNAVAILABLE,
                                                                "the ingest queue is unavailable, retry later: "
                                                                        + rootMessage(error)));
                                            } else {
                                                counters.acceptedPoints.add(stats.accepted());
                                                counters.rejectedPoints.add(stats.rejected());
                                                ok(ctx, format, response.build());
                                            }
                                            return null;
                                        }));
    }

    private static void ok(Context ctx, OtlpFormat format, ExportMetricsServiceResponse response) {
        ctx.status(200).contentType(format.contentType).result(format.encode(response));
    }

    private static void fail(Context ctx, OtlpFormat format, OtlpHttpException e) {
        ctx.status(e.httpStatus)
                .contentType(format.contentType)
                .result(format.status(e.grpcCode, e.getMessage()));
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
