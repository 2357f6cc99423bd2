package io.aimonitor.api.ai.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.aimonitor.api.config.AimonitorConfig;

/**
 * The configured chat model: OpenAI, Anthropic, Ollama, or any OpenAI-compatible endpoint (Qwen /
 * DashScope, DeepSeek, ERNIE, Zhipu, Kimi) by its base URL. Low temperature: an analysis should not
 * change between runs on the same evidence.
 */
public final class ChatModels {
    private ChatModels() {}

    /**
     * Whether the provider constrains answers to a JSON schema (the others get it in the prompt).
     */
    public static boolean enforcesSchema(String provider) {
        return provider.equals("openai") || provider.equals("ollama");
    }

    /**
     * No retries inside the client: {@link LlmAnalyzer} retries, charging each try to the budget.
     */
    public static ChatModel create(AimonitorConfig.Ai ai) {
        return switch (ai.provider()) {
            case "openai", "openai-compatible" -> {
                OpenAiChatModel.OpenAiChatModelBuilder b =
                        OpenAiChatModel.builder()
                                .apiKey(ai.apiKey().isEmpty() ? "none" : ai.apiKey())
                                .modelName(ai.model())
                                .temperature(0.1)
                                .timeout(ai.timeout())
                                .maxRetries(0);
                if (!ai.baseUrl().isEmpty()) {
                    b.baseUrl(ai.baseUrl());
                }
                if (ai.provider().equals("openai")) {
                    b.supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                            .strictJsonSchema(true);
                }
                yield b.build();
            }
            case "anthropic" -> {
                AnthropicChatModel.AnthropicChatModelBuilder b =
                        AnthropicChatModel.builder()
                                .apiKey(ai.apiKey())
                                .modelName(ai.model())
                                .temperature(0.1)
                                .maxTokens(2048)
                                .timeout(ai.timeout())
                                .maxRetries(0);
                if (!ai.baseUrl().isEmpty()) {
                    b.baseUrl(ai.baseUrl());
                }
                yield b.build();
            }
            case "ollama" ->
                    OllamaChatModel.builder()
                            .baseUrl(ai.baseUrl())
                            .modelName(ai.model())
                            .temperature(0.1)
                            .timeout(ai.timeout())
                            .maxRetries(0)
                            .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                            .build();
            default ->
                    throw new IllegalArgumentException(
                            "no chat model for provider " + ai.provider());
        };
    }
}
