package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP {@code POST /v1/metrics} and {@code /v1/traces}: protobuf or JSON, optionally gzip; the
 * raw OTLP protobuf goes to Kafka and the answer follows the OTLP specification (partial_success
 * for rejected items, google.rpc.Status bodies for errors, 503 + Retry-After when Kafka cannot take
 * it).
 */
public final class OtlpIngestController<R extends Message> {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpIngestController.class);

    private final KafkaPublisher publisher;
    private final OtlpSignal<R> signal;
    private final AimonitorConfig.Server server;
    private final long maxRecordBytes;
    private final long retryAfterSeconds;
    private final IngestCounters counters;

    private OtlpIngestController(
            KafkaPublisher publisher,
            OtlpSignal<R> signal,
            AimonitorConfig config,
            IngestCounters counters) {
        this.publisher = publisher;
        this.signal = signal;
        this.server = config.server();
        this.maxRecordBytes = config.kafka().maxRecordBytes();
        this.retryAfterSeconds = Math.max(1, config.kafka().ingestTimeout().toSeconds());
        this.counters = counters;
    }

    public static OtlpIngestController<ExportMetricsServiceRequest> metrics(
            KafkaPublisher publisher, AimonitorConfig config, IngestCounters counters) {
        return new OtlpIngestController<>(
                publisher,
                new MetricsSignal(config.kafka().metricsTopic(), counters),
                config,
                counters);
    }

    public static OtlpIngestController<ExportTraceServiceRequest> traces(
            KafkaPublisher publisher, AimonitorConfig config, IngestCounters counters) {
        return new OtlpIngestController<>(
                publisher,
                new TracesSignal(
                        config.kafka().spansTopic(), config.kafka().maxRecordBytes(), counters),
                config,
                counters);
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
            R request = format.parse(body, signal.prototype());
            OtlpFormat answerFormat = format;
            ctx.future(
                    () ->
                            accept(request, answerFormat == OtlpFormat.PROTOBUF ? body : null)
                                    .handle(
                                            (response, error) -> {
                                                if (error == null) {
                                                    ok(ctx, answerFormat, response);
                                                } else if (error.getCause()
                                                        instanceof OtlpHttpException refused) {
                                                    fail(ctx, answerFormat, refused);
                                                } else {
                                                    ctx.header(
                                                            "Retry-After",
                                                            Long.toString(retryAfterSeconds));
                                                    fail(
                                                            ctx,
                                                            answerFormat,
                                                            new OtlpHttpException(
                                                                    503,
                                                                    OtlpHttpException.UNAVAILABLE,
                                                                    unavailable(error)));
                                                }
                                                return null;
                                            }));
        } catch (OtlpHttpException e) {
            fail(ctx, format, e);
        }
    }

    /**
     * Validates a parsed request and publishes what was accepted: the OTLP response (with partial
     * success when items were rejected), or a failure when Kafka did not take it ({@link
     * #unavailable} says why). {@code protobuf}: the request's bytes when it arrived as protobuf.
     */
    public CompletableFuture<Message> accept(R request, byte[] protobuf) {
        OtlpSignal.Validated<R> result = signal.validate(request);
        boolean unchanged = protobuf != null && result.accepted() == request;
        List<KafkaRecords.Record> records =
                signal.records(result.accepted(), unchanged ? protobuf : null, maxRecordBytes);
        DecodeStats stats = result.stats();
        Message response = signal.response(stats);
        if (records.isEmpty()) {
            signal.rejectedCounter().add(stats.rejected());
            return CompletableFuture.completedFuture(response);
        }
        return publisher
                .publish(signal.topic(), records)
                .handle(
                        (done, error) -> {
                            if (error != null) {
                                counters.kafkaFailures.increment();
                                LOG.warn(
                                        "Kafka did not take {} OTLP record(s): {}",
                                        records.size(),
                                        rootMessage(error));
                                throw new CompletionException(refusedForGood(error));
                            }
                            signal.acceptedCounter().add(stats.accepted());
                            signal.rejectedCounter().add(stats.rejected());
                            return response;
                        });
    }

    /**
     * Kafka's answer as the caller should see it: a record over the broker's size limit can never
     * be taken, so it is a 413 the client must not retry (a retry would only write the request's
     * other records again); anything else is the queue being unavailable, worth a retry.
     */
    private Throwable refusedForGood(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return new OtlpHttpException(
                        413,
                        OtlpHttpException.INVALID_ARGUMENT,
                        "part of this request is larger than the ingest queue takes ("
                                + maxRecordBytes
                                + " bytes, kafka.max-record-size); send fewer or smaller items per"
                                + " resource: "
                                + t.getMessage());
            }
        }
        return error;
    }

    /** What a caller is told when ingest could not take its request. */
    public static String unavailable(Throwable error) {
        return "the ingest queue is unavailable, retry later: " + rootMessage(error);
    }

    public void countRequest() {
        counters.requests.increment();
    }

    private static void ok(Context ctx, OtlpFormat format, Message response) {
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
