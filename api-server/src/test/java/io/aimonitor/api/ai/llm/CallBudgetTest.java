package io.aimonitor.api.ai.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallBudgetTest {
    private static final long NOW = 1_764_158_400_000L;
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @Test
    void callsBeforeARestartStillCount() {
        CallBudget budget = new CallBudget(2, 3, clock);
        budget.seed(List.of(NOW - 10_000, NOW - 90_000_000L, NOW - 3_600_000));
        assertThat(budget.tryAcquire()).as("two in the day so far, one in the minute").isTrue();
        assertThat(budget.tryAcquire()).as("the day's third was the last").isFalse();
    }

    @Test
    void aRefundGivesTheLastCallBack() {
        CallBudget budget = new CallBudget(1, 10, clock);
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        budget.refund();
        assertThat(budget.tryAcquire()).isTrue();
    }
}
