package io.aimonitor.api.ingest;

import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.AuthException;
import io.aimonitor.api.auth.Principal;
import io.aimonitor.api.auth.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC (what OpenTelemetry SDKs and the Java agent use by default) for traces and metrics,
 * through the same validation and Kafka path as OTLP/HTTP. Credentials as for HTTP: {@code
 * authorization: Bearer <API key or token>} with the ingest role, unless ingest is open.
 */
public final class OtlpGrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcServer.class);

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;

    public OtlpGrpcServer(
            String host,
            int port,
            int maxMessageBytes,
            OtlpIngestController<ExportMetricsServiceRequest> metrics,
            OtlpIngestController<ExportTraceServiceRequest> traces,
            AccessControl access,
            boolean authRequired) {
        ServerInterceptor auth = new Authentication(access, authRequired);
        server =
                NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                        .maxInboundMessageSize(maxMessageBytes)
                        .addService(
                                ServerInterceptors.intercept(
                                        new MetricsServiceGrpc.MetricsServiceImplBase() {
                                            @Override
                                            public void export(
                                                    ExportMetricsServiceRequest request,
                                                    StreamObserver<ExportMetricsServiceResponse>
                                                            out) {
                                                metrics.countRequest();
                                                answer(() -> metrics.accept(request, null), out);
                                            }
                                        },
                                        auth))
                        .addService(
                                ServerInterceptors.intercept(
                                        new TraceServiceGrpc.TraceServiceImplBase() {
                                            @Override
                                            public void export(
                                                    ExportTraceServiceRequest request,
                                                    StreamObserver<ExportTraceServiceResponse>
                                                            out) {
                                                traces.countRequest();
                                                answer(() -> traces.accept(request, null), out);
                                            }
                                        },
                                        auth))
                        .build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void answer(
            java.util.function.Supplier<
                            java.util.concurrent.CompletableFuture<com.google.protobuf.Message>>
                    accept,
            StreamObserver<T> out) {
        java.util.concurrent.CompletableFuture<com.google.protobuf.Message> result;
        try {
            result = accept.get();
        } catch (RuntimeException e) {
            LOG.warn("OTLP/gRPC export failed", e);
            out.onError(
                    Status.INTERNAL
                            .withDescription("the server could not take this request")
                            .asRuntimeException());
            return;
        }
        result.whenComplete(
                (response, error) -> {
                    if (error != null && error.getCause() instanceof OtlpHttpException refused) {
                        out.onError(
                                Status.fromCodeValue(refused.grpcCode)
                                        .withDescription(refused.getMessage())
                                        .asRuntimeException());
                    } else if (error != null) {
                        // UNAVAILABLE: OTLP clients retry it with backoff
                        out.onError(
                                Status.UNAVAILABLE
                                        .withDescription(OtlpIngestController.unavailable(error))
                                        .asRuntimeException());
                    } else {
                        out.onNext((T) response);
                        out.onCompleted();
                    }
                });
    }

    public OtlpGrpcServer start() throws IOException {
        server.start();
        return this;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }

    /** Checks the caller's credentials before any request is read. */
    private record Authentication(AccessControl access, boolean required)
            implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            if (!required) {
                return next.startCall(call, headers);
            }
            String header = headers.get(AUTHORIZATION);
            Status refusal = null;
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                refusal =
                        Status.UNAUTHENTICATED.withDescription(
                                "send authorization: Bearer <API key with the ingest role>");
            } else {
                try {
                    Principal p = access.authenticate(header.substring(7).strip());
                    if (!p.role().grants(Role.INGEST)) {
                        refusal =
                                Status.PERMISSION_DENIED.withDescription(
                                        "the ingest role is required");
                    }
                } catch (AuthException e) {
                    refusal = Status.UNAUTHENTICATED.withDescription(e.getMessage());
                } catch (RuntimeException e) {
                    // the credential store did not answer: worth a retry, unlike a bad key
                    LOG.warn("cannot check OTLP/gRPC credentials: {}", e.toString());
                    refusal = Status.UNAVAILABLE.withDescription("cannot check credentials now");
                }
            }
            if (refusal != null) {
                call.close(refusal, new Metadata());
                return new ServerCall.Listener<>() {};
            }
            return Contexts.interceptCall(Context.current(), call, headers, next);
        }
    }
}
