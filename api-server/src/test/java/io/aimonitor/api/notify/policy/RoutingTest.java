package io.aimonitor.api.notify.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.api.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Alertmanager's routing semantics: deepest match, first sibling unless continue, inheritance. */
class RoutingTest {
    private static final String POLICY =
            """
            {"route": {"receiver": "default", "group_by": ["alertname"], "group_wait": "10s",
               "routes": [
                 {"matchers": [{"label": "team", "op": "=", "value": "db"}], "receiver": "dba", "continue": true,
                  "routes": [{"matchers": [{"label": "severity", "op": "=", "value": "critical"}],
                              "receiver": "dba-pager", "group_wait": "0s"}]},
                 {"matchers": [{"label": "team", "op": "=~", "value": "db|web"}], "receiver": "ops", "group_by": ["..."]},
                 {"matchers": [{"label": "team", "op": "=", "value": "web"}], "receiver": "never"}]},
             "receivers": [{"name": "default"}, {"name": "dba"}, {"name": "dba-pager"}, {"name": "ops"}, {"name": "never"}]}
            """;

    private final Routing routing = new Routing(PolicyJson.parse(POLICY, Set.of()));

    @Test
    void routesToTheDeepestMatchesHonouringContinue() {
        assertThat(receivers(Map.of("team", "db", "severity", "critical")))
                .containsExactly("dba-pager", "ops");
        assertThat(receivers(Map.of("team", "db", "severity", "warning")))
                .containsExactly("dba", "ops");
        assertThat(receivers(Map.of("team", "web")))
                .as("the first sibling wins")
                .containsExactly("ops");
        assertThat(receivers(Map.of("team", "none"))).containsExactly("default");
    }

    @Test
    void childrenInheritUnsetSettings() {
        Routing.ResolvedRoute pager =
                routing.match(Map.of("team", "db", "severity", "critical")).get(0);
        assertThat(pager.groupWaitMs()).isZero();
        assertThat(pager.groupBy()).containsExactly("alertname");
        assertThat(pager.groupIntervalMs()).isEqualTo(300_000);
        Routing.ResolvedRoute ops = routing.match(Map.of("team", "web")).get(0);
        assertThat(ops.groupWaitMs()).isEqualTo(10_000);
        assertThat(ops.groupLabels(Map.of("team", "web", "host", "a")))
                .isEqualTo(Map.of("team", "web", "host", "a"));
        assertThat(pager.groupLabels(Map.of("team", "db"))).isEqualTo(Map.of("alertname", ""));
    }

    @Test
    void invalidPoliciesNameTheField() {
        assertThatThrownBy(
                        () ->
                                PolicyJson.parse(
                                        "{\"route\": {\"receiver\": \"x\"}, \"receivers\": [{\"name\": \"x\"}], \"extra\": 1}",
                                        Set.of()))
                .isInstanceOf(ApiException.class)
                .satisfies(
                        e ->
                                assertThat(((ApiException) e).details())
                                        .containsEntry("field", "extra"));
        assertThatThrownBy(
                        () ->
                                PolicyJson.parse(
                                        "{\"route\": {\"receiver\": \"nobody\"}, \"receivers\": []}",
                                        Set.of()))
                .satisfies(
                        e ->
                                assertThat(((ApiException) e).details())
                                        .containsEntry("field", "route.receiver"));
        assertThatThrownBy(
                        () ->
                                PolicyJson.parse(
                                        "{\"route\": {\"receiver\": \"x\", \"routes\": [{\"matchers\": [{\"label\": \"a\", \"op\": \"=~\", \"value\": \"(\"}]}]},"
                                                + " \"receivers\": [{\"name\": \"x\"}]}",
                                        Set.of()))
                .satisfies(
                        e ->
                                assertThat(((ApiException) e).details())
                                        .containsEntry(
                                                "field", "route.routes[0].matchers[0].value"));
    }

    private List<String> receivers(Map<String, String> labels) {
        return routing.match(labels).stream().map(Routing.ResolvedRoute::receiver).toList();
    }
}
