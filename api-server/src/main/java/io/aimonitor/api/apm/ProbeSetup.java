package io.aimonitor.api.apm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to point an application's OpenTelemetry instrumentation at this server, per language: the
 * environment every OpenTelemetry SDK reads (OTLP over HTTP/protobuf to {@code /v1/traces} and
 * {@code /v1/metrics}, an ingest API key, logs off - this server takes traces and metrics) and the
 * steps to install and start the automatic instrumentation.
 */
public final class ProbeSetup {
    /** What the API answers. */
    public record Instructions(
            String language,
            String endpoint,
            Map<String, String> environment,
            List<String> steps,
            String notes) {}

    public static final List<String> LANGUAGES =
            List.of("java", "go", "python", "nodejs", "dotnet");

    private ProbeSetup() {}

    public static Instructions of(String language, String endpoint, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_SERVICE_NAME", service);
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer <INGEST_API_KEY>");
        env.put("OTEL_TRACES_EXPORTER", "otlp");
        env.put("OTEL_METRICS_EXPORTER", "otlp");
        env.put("OTEL_LOGS_EXPORTER", "none");
        String exports = exports(env);
        return switch (language) {
            case "java" ->
                    new Instructions(
                            language,
                            endpoint,
                            env,
                            List.of(
                                    "curl -L -o opentelemetry-javaagent.jar https://repo1.maven.org/maven2/io/opentelemetry/javaagent/opentelemetry-javaagent/2.22.0/opentelemetry-javaagent-2.22.0.jar",
                                    exports,
                                    "java -javaagent:opentelemetry-javaagent.jar -jar your-app.jar"),
                            "The OpenTelemetry Java agent instruments HTTP servers and clients, JDBC, Kafka, gRPC and more without code changes.");
            case "nodejs" ->
                    new Instructions(
                            language,
                            endpoint,
                            env,
                            List.of(
                                    "npm install --save @opentelemetry/api @opentelemetry/auto-instrumentations-node",
                                    exports,
                                    "node --require @opentelemetry/auto-instrumentations-node/register your-app.js"),
                            "Automatic instrumentation for http, express, fastify, pg, mysql, redis and more.");
            case "python" ->
                    new Instructions(
                            language,
                            endpoint,
                            env,
                            List.of(
                                    "pip install opentelemetry-distro opentelemetry-exporter-otlp-proto-http",
                                    "opentelemetry-bootstrap -a install",
                                    exports,
                                    "opentelemetry-instrument python your_app.py"),
                            "opentelemetry-bootstrap installs instrumentation for the libraries it finds (Flask, Django, requests, psycopg2...).");
            case "dotnet" ->
                    new Instructions(
                            language,
                            endpoint,
                            env,
                            List.of(
                                    "curl -sSfL https://github.com/open-telemetry/opentelemetry-dotnet-instrumentation/releases/latest/download/otel-dotnet-auto-install.sh -O",
                                    "sh ./otel-dotnet-auto-install.sh",
                                    exports,
                                    ". $HOME/.otel-dotnet-auto/instrument.sh",
                                    "dotnet YourApp.dll"),
                            "The .NET automatic instrumentation covers ASP.NET Core, HttpClient, SqlClient and more.");
            case "go" ->
                    new Instructions(
                            language,
                            endpoint,
                            env,
                            List.of(
                                    "go get go.opentelemetry.io/otel go.opentelemetry.io/otel/sdk go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp",
                                    "in main(): exp, _ := otlptracehttp.New(ctx); tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp)); otel.SetTracerProvider(tp); defer tp.Shutdown(ctx)",
                                    exports,
                                    "go run ."),
                            "Go has no agent: the exporter reads the same OTEL_ variables; wrap handlers with go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.");
            default -> null;
        };
    }

    private static String exports(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        env.forEach(
                (k, v) ->
                        b.append(b.length() == 0 ? "" : " ")
                                .append("export ")
                                .append(k)
                                .append("='")
                                .append(v)
                                .append("';"));
        return b.toString();
    }
}
