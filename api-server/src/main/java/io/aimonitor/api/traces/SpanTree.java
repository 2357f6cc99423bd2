package io.aimonitor.api.traces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans (objects with {@code span_id} and {@code parent_span_id}) nested under their parents for a
 * waterfall, whatever the spans say: a span whose parent is missing is a root; a duplicate span id
 * keeps both spans (children go under the first); a cycle is cut at its first span, which becomes a
 * root; below {@link #MAX_NESTING} levels descendants are listed flat, in order, so the answer
 * stays within JSON nesting limits. Every span gets its {@code depth}.
 */
final class SpanTree {
    static final int MAX_NESTING = 200;

    private final List<ObjectNode> spans;
    private final int[] parent;
    private final List<List<Integer>> children = new ArrayList<>();

    SpanTree(List<ObjectNode> spans) {
        this.spans = spans;
        this.parent = new int[spans.size()];
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < spans.size(); i++) {
            first.putIfAbsent(spans.get(i).path("span_id").asText(), i);
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < spans.size(); i++) {
            Integer p = first.get(spans.get(i).path("parent_span_id").asText());
            parent[i] = p == null || p == i ? -1 : p;
            if (parent[i] >= 0) {
                children.get(parent[i]).add(i);
            }
        }
    }

    /** The roots, with their descendants nested in {@code children}. */
    List<ObjectNode> roots() {
        boolean[] reached = new boolean[spans.size()];
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            if (parent[i] < 0) {
                roots.add(i);
                mark(i, reached);
            }
        }
        for (int i = 0; i < spans.size(); i++) {
            if (!reached[i]) { // on a cycle or below one: cut it here
                children.get(parent[i]).remove(Integer.valueOf(i));
                parent[i] = -1;
                roots.add(i);
                mark(i, reached);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int root : roots) {
            out.add(nest(root, 0));
        }
        return out;
    }

    private void mark(int from, boolean[] reached) {
        ArrayDeque<Integer> stack = new ArrayDeque<>(List.of(from));
        while (!stack.isEmpty()) {
            int i = stack.pop();
            reached[i] = true;
            for (int c : children.get(i)) {
                if (!reached[c]) {
                    stack.push(c);
                }
            }
        }
    }

    private ObjectNode nest(int i, int depth) {
        ObjectNode span = spans.get(i).put("depth", depth);
        ArrayNode nested = span.putArray("children");
        if (depth < MAX_NESTING) {
            for (int c : children.get(i)) {
                nested.add(nest(c, depth + 1));
            }
            return span;
        }
        // deeper: every descendant in pre-order, flat, each with its own depth
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        pushChildren(i, depth + 1, stack);
        while (!stack.isEmpty()) {
            int[] next = stack.pop();
            ObjectNode descendant = spans.get(next[0]).put("depth", next[1]);
            descendant.putArray("children");
            nested.add(descendant);
            pushChildren(next[0], next[1] + 1, stack);
        }
        return span;
    }

    private void pushChildren(int i, int depth, ArrayDeque<int[]> stack) {
        List<Integer> c = children.get(i);
        for (int k = c.size() - 1; k >= 0; k--) {
            stack.push(new int[] {c.get(k), depth});
        }
    }
}
