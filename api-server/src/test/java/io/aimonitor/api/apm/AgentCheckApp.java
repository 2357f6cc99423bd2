package io.aimonitor.api.apm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** An application with no OpenTelemetry code: one HTTP call, which the Java agent traces. */
public final class AgentCheckApp {
    private AgentCheckApp() {}

    public static void main(String[] args) throws Exception {
        HttpResponse<Void> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(args[0])).build(),
                                HttpResponse.BodyHandlers.discarding());
        System.out.println("status " + r.statusCode());
    }
}
