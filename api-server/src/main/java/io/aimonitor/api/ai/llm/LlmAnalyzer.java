package io.aimonitor.api.ai.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.aimonitor.api.ai.analysis.Analysis;
import io.aimonitor.api.ai.analysis.AnalysisValidator;
import io.aimonitor.api.ai.evidence.EvidencePack;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Asks a language model (no tools: it can only answer) for an incident's analysis, with the offline
 * analysis as its first pass. Its answer must pass {@link AnalysisValidator}; an invalid answer is
 * asked for once more, telling the model what was wrong, and then the attempt is recorded as failed
 * - never shown as valid. Calls are capped by a {@link CallBudget}; token usage is reported.
 */
public final class LlmAnalyzer {
    static final JsonSchema SCHEMA =
            JsonSchema.builder()
                    .name("incident_analysis")
                    .rootElement(
                            JsonObjectSchema.builder()
                                    .addProperty("summary", new JsonStringSchema())
                                    .addProperty(
                                            "root_cause",
                                            JsonObjectSchema.builder()
                                                    .addStringProperty("entity")
                                                    .addStringProperty("reason")
                                                    .required("entity", "reason")
                                                    .additionalProperties(false)
                                                    .build())
                                    .addProperty(
                                            "evidence",
                                            JsonArraySchema.builder()
                                                    .items(new JsonStringSchema())
                                                    .build())
                                    .addProperty(
                                            "actions",
                                            JsonArraySchema.builder()
                                                    .items(new JsonStringSchema())
                                                    .build())
                                    .addEnumProperty(
                                            "severity", List.of("critical", "warning", "info"))
                                    .addProperty("confidence", new JsonNumberSchema())
                                    .required(
                                            "summary",
                                            "root_cause",
                                            "evidence",
                                            "actions",
                                            "severity",
                                            "confidence")
                                    .additionalProperties(false)
                                    .build())
                    .build();

    private final ChatModel model;
    private final String modelName;
    private final boolean enforceSchema;
    private final CallBudget budget;
    private final int transportRetries;
    private final String canary;

    /**
     * @param transportRetries how often a request that timed out, was rate limited or met a server
     *     error is sent again (each one taken from the budget)
     */
    public LlmAnalyzer(
            ChatModel model,
            String modelName,
            boolean enforceSchema,
            CallBudget budget,
            int transportRetries) {
        this.model = model;
        this.transportRetries = transportRetries;
        this.modelName = modelName;
        this.enforceSchema = enforceSchema;
        this.budget = budget;
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.canary = HexFormat.of().formatHex(random);
    }

    /** The planted string that must never come back in an answer. */
    public String canary() {
        return canary;
    }

    public LlmOutcome analyze(EvidencePack pack, Analysis firstPass) {
        long begin = System.nanoTime();
        List<ChatMessage> messages = new ArrayList<>();
        String instructions = Prompt.system(canary);
        messages.add(SystemMessage.from(instructions));
        messages.add(UserMessage.from(Prompt.user(pack, firstPass)));
        long in = 0;
        long out = 0;
        String error = null;
        int requests = 0;
        for (int attempt = 1; attempt <= 2; attempt++) {
            ChatResponse response = null;
            for (int retry = 0; response == null; retry++) {
                if (!budget.tryAcquire()) {
                    return new LlmOutcome(
                            requests == 0 ? "skipped" : "failed",
                            null,
                            "the model's call budget is used up"
                                    + (error == null ? "" : "; " + error),
                            modelName,
                            requests,
                            in,
                            out,
                            elapsed(begin));
                }
                requests++;
                try {
                    response = model.chat(request(messages));
                } catch (RuntimeException e) {
                    if (neverReached(e)) {
                        budget.refund();
                    }
                    if (!(e instanceof RetriableException) || retry >= transportRetries) {
                        return new LlmOutcome(
                                "failed",
                                null,
                                "provider error: " + rootMessage(e),
                                modelName,
                                requests,
                                in,
                                out,
                                elapsed(begin));
                    }
                    error = "provider error: " + rootMessage(e);
                    pause(retry);
                }
            }
            TokenUsage usage = response.tokenUsage();
            if (usage != null) {
                in += usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
                out += usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            }
            String answer = response.aiMessage() == null ? null : response.aiMessage().text();
            try {
                Analysis analysis = AnalysisValidator.parse(answer, pack, instructions);
                return new LlmOutcome(
                        "ok", analysis, null, modelName, requests, in, out, elapsed(begin));
            } catch (AnalysisValidator.Invalid invalid) {
                error = "invalid answer: " + invalid.getMessage();
                messages.add(AiMessage.from(answer == null ? "" : answer));
                messages.add(
                        UserMessage.from(
                                "That answer was not valid ("
                                        + invalid.getMessage()
                                        + "). Answer again with only the JSON object the rules describe."));
            }
        }
        return new LlmOutcome("failed", null, error, modelName, requests, in, out, elapsed(begin));
    }

    /** A connection that was never made costs nothing. */
    private static boolean neverReached(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** 1 s, 2 s, 4 s ... at most 30 s between tries. */
    private static void pause(int retry) {
        try {
            Thread.sleep(Math.min(30_000L, 1000L << Math.min(retry, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the model", e);
        }
    }

    private ChatRequest request(List<ChatMessage> messages) {
        ChatRequest.Builder b = ChatRequest.builder().messages(messages);
        if (enforceSchema) {
            b.responseFormat(
                    ResponseFormat.builder()
                            .type(ResponseFormatType.JSON)
                            .jsonSchema(SCHEMA)
                            .build());
        }
        return b.build();
    }

    private static long elapsed(long beginNanos) {
        return (System.nanoTime() - beginNanos) / 1_000_000;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        return t.getClass().getSimpleName()
                + (m.isEmpty() ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
