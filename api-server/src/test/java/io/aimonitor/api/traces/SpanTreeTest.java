package io.aimonitor.api.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestsChildrenUnderParentsAndKeepsOrphansAsRoots() {
        List<ObjectNode> roots =
                new SpanTree(spans("a:", "b:a", "c:a", "d:b", "e:missing")).roots();
        assertThat(roots).extracting(r -> r.path("span_id").asText()).containsExactly("a", "e");
        assertThat(ids(roots.get(0).path("children"))).containsExactly("b", "c");
        assertThat(
                        roots.get(0)
                                .path("children")
                                .get(0)
                                .path("children")
                                .get(0)
                                .path("depth")
                                .asInt())
                .isEqualTo(2);
    }

    @Test
    void aCycleIsCutSoNoSpanIsLost() {
        List<ObjectNode> roots = new SpanTree(spans("x:y", "y:x", "s:s", "k:x")).roots();
        assertThat(count(roots)).isEqualTo(4);
        assertThat(roots).extracting(r -> r.path("span_id").asText()).containsExactly("s", "x");
    }

    @Test
    void duplicateSpanIdsAreBothShown() {
        List<ObjectNode> roots = new SpanTree(spans("a:", "b:a", "b:a", "c:b")).roots();
        assertThat(count(roots)).isEqualTo(4);
        assertThat(ids(roots.get(0).path("children"))).containsExactly("b", "b");
    }

    @Test
    void aVeryDeepChainIsFlattenedBelowTheNestingLimitAndStillSerialises() throws Exception {
        String[] chain = new String[1500];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = "s" + i + ":" + (i == 0 ? "" : "s" + (i - 1));
        }
        List<ObjectNode> roots = new SpanTree(spans(chain)).roots();
        assertThat(count(roots)).isEqualTo(1500);
        JsonNode deepest = roots.get(0);
        for (int d = 0; d < SpanTree.MAX_NESTING; d++) {
            deepest = deepest.path("children").get(0);
        }
        assertThat(deepest.path("children").size()).isEqualTo(1500 - SpanTree.MAX_NESTING - 1);
        assertThat(deepest.path("children").get(0).path("depth").asInt())
                .isEqualTo(SpanTree.MAX_NESTING + 1);
        assertThat(JSON.writeValueAsString(roots)).contains("\"s1499\"");
    }

    private static List<ObjectNode> spans(String... idColonParent) {
        List<ObjectNode> out = new ArrayList<>();
        for (String s : idColonParent) {
            String[] p = s.split(":", -1);
            out.add(JSON.createObjectNode().put("span_id", p[0]).put("parent_span_id", p[1]));
        }
        return out;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("span_id").asText()));
        return out;
    }

    private static int count(Iterable<? extends JsonNode> nodes) {
        int n = 0;
        for (JsonNode node : nodes) {
            n += 1 + count(node.path("children"));
        }
        return n;
    }
}
