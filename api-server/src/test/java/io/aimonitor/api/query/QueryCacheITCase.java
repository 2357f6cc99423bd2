package io.aimonitor.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.api.support.StoreRows;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestClock;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Viewers asking the same range query within the cache TTL share one answer. */
class QueryCacheITCase {
    // recent: older rows would fall to the tables' retention TTL
    private static final long START =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS).toEpochMilli();
    private static final TestClock CLOCK = new TestClock(START + 3_600_000L + 1_000);
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        store = TestStores.migratedStore("query_cache");
        StoreRows.gauge(store, "temp", 1, Map.of("room", "a"), START, 60_000, 20);
        api = new TestApi("127.0.0.1:1", store, CLOCK, "--query.cache-ttl=10s");
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    private static HttpResponse<String> query() throws Exception {
        return api.get("/api/v1/query_range?metric=temp&from=now-2h&step=1m&agg=max");
    }

    @Test
    void answersRepeatedQueriesFromTheCacheUntilItExpires() throws Exception {
        HttpResponse<String> first = query();
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
        assertThat(first.body()).contains("20.0");

        StoreRows.gauge(store, "temp", 1, Map.of("room", "a"), START + 60_000, 60_000, 99);
        CLOCK.advance(Duration.ofSeconds(2));
        HttpResponse<String> second = query();
        assertThat(second.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(second.body()).isEqualTo(first.body());

        CLOCK.advance(Duration.ofSeconds(10));
        HttpResponse<String> third = query();
        assertThat(third.headers().firstValue("X-Cache")).hasValue("miss");
        assertThat(third.body()).contains("99.0");
    }
}
