package io.aimonitor.api.ai.llm;

import io.aimonitor.api.ai.analysis.Analysis;

/**
 * What asking a model gave: a validated analysis, or why there is none. A failed outcome never
 * carries an analysis.
 *
 * @param status ok, failed (provider error or no valid answer after the retry) or skipped (no
 *     budget left)
 * @param attempts how many answers were requested
 */
public record LlmOutcome(
        String status,
        Analysis analysis,
        String error,
        String model,
        int attempts,
        long inputTokens,
        long outputTokens,
        long durationMs) {

    public boolean ok() {
        return "ok".equals(status);
    }
}
