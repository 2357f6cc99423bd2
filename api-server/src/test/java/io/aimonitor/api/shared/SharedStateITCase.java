package io.aimonitor.api.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both implementations behave alike; Redis runs against the real server on this machine. */
class SharedStateITCase {
    static final String REDIS =
            System.getProperty("aimonitor.test.redis", "redis://127.0.0.1:6379");

    static Stream<Arguments> states() {
        String prefix = "aimonitor-test-" + UUID.randomUUID() + ":";
        return Stream.of(
                Arguments.of(
                        "in-process",
                        (Supplier<SharedState>)
                                () -> new InProcessState(System::currentTimeMillis)),
                Arguments.of("redis", (Supplier<SharedState>) () -> new RedisState(REDIS, prefix)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void deniesTokensUntilTheirExpiry(String name, Supplier<SharedState> factory) {
        try (SharedState state = factory.get()) {
            state.denyToken("jti-1", System.currentTimeMillis() + 60_000);
            state.denyToken("jti-old", System.currentTimeMillis() - 1);

            assertThat(state.tokenDenied("jti-1")).isTrue();
            assertThat(state.tokenDenied("jti-2")).isFalse();
            assertThat(state.tokenDenied("jti-old")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void countsWithinAWindowAndResets(String name, Supplier<SharedState> factory) throws Exception {
        try (SharedState state = factory.get()) {
            assertThat(state.increment("c", Duration.ofMillis(300))).isEqualTo(1);
            assertThat(state.increment("c", Duration.ofMillis(300))).isEqualTo(2);
            assertThat(state.count("c").value()).isEqualTo(2);
            assertThat(state.count("c").resetsInMillis()).isBetween(1L, 300L);
            Thread.sleep(400);
            assertThat(state.count("c").value()).isZero();
            state.increment("c", Duration.ofSeconds(10));
            state.reset("c");
            assertThat(state.count("c").value()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void cachesForATtl(String name, Supplier<SharedState> factory) throws Exception {
        try (SharedState state = factory.get()) {
            state.cache("q", "answer", Duration.ofMillis(300));
            assertThat(state.cached("q")).hasValue("answer");
            Thread.sleep(400);
            assertThat(state.cached("q")).isEmpty();
        }
    }

    @Test
    void redisFansMessagesOutToEveryReplica() throws Exception {
        String prefix = "aimonitor-test-" + UUID.randomUUID() + ":";
        try (RedisState a = new RedisState(REDIS, prefix);
                RedisState b = new RedisState(REDIS, prefix)) {
            List<String> atA = new CopyOnWriteArrayList<>();
            List<String> atB = new CopyOnWriteArrayList<>();
            a.subscribe(atA::add);
            b.subscribe(atB::add);
            long deadline = System.currentTimeMillis() + 5000;
            while ((!a.subscribed() || !b.subscribed()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            a.publish("alert-1");
            b.publish("alert-2");
            while ((atA.size() < 2 || atB.size() < 2) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(atA).containsExactly("alert-1", "alert-2");
            assertThat(atB).containsExactly("alert-1", "alert-2");
        }
    }
}
