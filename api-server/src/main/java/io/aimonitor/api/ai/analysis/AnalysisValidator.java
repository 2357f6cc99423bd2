package io.aimonitor.api.ai.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.ai.evidence.EvidencePack;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a model's answer into an {@link Analysis} or says why it cannot: exactly the schema's
 * fields and types, bounded lengths, a known severity, a confidence from 0 to 1, evidence ids and a
 * root-cause entity that exist in the pack, and nothing of the instructions it was given (no run of
 * {@value #LEAK_WORDS} of their words, and not the canary planted in them). An answer wrapped in a
 * Markdown code fence is unwrapped.
 */
public final class AnalysisValidator {
    static final int MAX_SUMMARY = 1000;
    static final int MAX_REASON = 600;
    static final int MAX_ACTIONS = 6;
    static final int MAX_ACTION = 300;
    static final int LEAK_WORDS = 7;
    private static final Set<String> FIELDS =
            Set.of("summary", "root_cause", "evidence", "actions", "severity", "confidence");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AnalysisValidator() {}

    /** Why an answer was refused. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * @param instructions what the model was told (its answer must not repeat them); null for the
     *     offline analyzer
     */
    public static Analysis parse(String answer, EvidencePack pack, String instructions)
            throws Invalid {
        if (answer == null || answer.isBlank()) {
            throw new Invalid("empty answer");
        }
        if (instructions != null && repeats(answer, instructions)) {
            throw new Invalid("the answer repeats the instructions");
        }
        JsonNode root;
        try {
            root = JSON.readTree(unfence(answer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, not what: the correction goes back to the model, so it quotes none of its text
            throw new Invalid(
                    e.getLocation() == null
                            ? "not JSON"
                            : "not JSON (line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr()
                                    + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("not a JSON object");
        }
        // the strings as decoded: JSON escapes must not hide a repeat of the instructions
        if (instructions != null && repeats(decodedText(root), instructions)) {
            throw new Invalid("the answer repeats the instructions");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new Invalid("unexpected field " + quoted(field));
            }
        }
        String summary = text(root, "summary", MAX_SUMMARY);
        JsonNode cause = root.get("root_cause");
        if (cause == null || !cause.isObject() || cause.size() != 2) {
            throw new Invalid("root_cause must be an object with entity and reason");
        }
        String entity = text(cause, "entity", 200);
        if (!entity.equals("unknown") && !pack.entities().contains(entity)) {
            throw new Invalid("root_cause.entity " + quoted(entity) + " is not in the evidence");
        }
        Analysis.RootCause rootCause =
                new Analysis.RootCause(entity, text(cause, "reason", MAX_REASON));
        List<String> evidence = strings(root, "evidence", 50, 20);
        for (String id : evidence) {
            if (!pack.ids().contains(id)) {
                throw new Invalid("evidence " + quoted(id) + " is not in the pack");
            }
        }
        List<String> actions = strings(root, "actions", MAX_ACTIONS, MAX_ACTION);
        String severity = text(root, "severity", 16);
        if (!SEVERITIES.contains(severity)) {
            throw new Invalid("severity must be critical, warning or info");
        }
        JsonNode confidence = root.get("confidence");
        if (confidence == null
                || !confidence.isNumber()
                || confidence.asDouble() < 0
                || confidence.asDouble() > 1) {
            throw new Invalid("confidence must be a number from 0 to 1");
        }
        return new Analysis(summary, rootCause, evidence, actions, severity, confidence.asDouble());
    }

    /**
     * A value of the model's own, quoted in a correction sent back to it only when it is one short
     * token: a correction must not become a channel for text the evidence planted.
     */
    private static String quoted(String value) {
        return value.matches("[\\p{L}\\p{N}_.:/|-]{1,60}") ? "'" + value + "'" : "(a value)";
    }

    private static String decodedText(JsonNode node) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append(e.getKey()).append(' ');
            appendText(e.getValue(), out);
        }
        return out.toString();
    }

    private static void appendText(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.asText()).append(' ');
        } else if (node.isObject()) {
            out.append(decodedText(node));
        } else if (node.isArray()) {
            node.forEach(n -> appendText(n, out));
        }
    }

    private static boolean repeats(String answer, String instructions) {
        String said = " " + String.join(" ", words(answer)) + " ";
        List<String> told = words(instructions);
        for (int i = 0; i + LEAK_WORDS <= told.size(); i++) {
            if (said.contains(" " + String.join(" ", told.subList(i, i + LEAK_WORDS)) + " ")) {
                return true;
            }
        }
        // the canary is one word: its own check
        return told.stream().anyMatch(w -> w.length() >= 20 && said.contains(w));
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        // compatibility forms folded and invisible format characters dropped, so neither
        // full-width letters nor zero-width spaces hide a word
        String folded =
                java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
                        .replaceAll("\\p{Cf}", "")
                        .toLowerCase(java.util.Locale.ROOT);
        for (String w : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String unfence(String answer) {
        String s = answer.strip();
        if (s.startsWith("```")) {
            int firstLine = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (firstLine > 0 && end > firstLine) {
                return s.substring(firstLine + 1, end);
            }
        }
        return s;
    }

    private static String text(JsonNode node, String field, int max) throws Invalid {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new Invalid(field + " must be a non-empty string");
        }
        if (v.asText().length() > max) {
            throw new Invalid(field + " is longer than " + max + " characters");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String field, int maxItems, int maxLength)
            throws Invalid {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.size() > maxItems) {
            throw new Invalid(field + " must be an array of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()
                    || item.asText().isBlank()
                    || item.asText().length() > maxLength) {
                throw new Invalid(
                        field
                                + " must hold non-empty strings of at most "
                                + maxLength
                                + " characters");
            }
            out.add(item.asText());
        }
        return out;
    }
}
