package io.aimonitor.api.ai.llm;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Caps calls to a paid model per minute and per day (sliding windows), across all incidents. Each
 * API replica keeps its own; a restart starts from the calls recorded in the last day.
 */
public final class CallBudget {
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;
    private final int perMinute;
    private final int perDay;
    private final Clock clock;
    private final Deque<Long> calls = new ArrayDeque<>();

    public CallBudget(int perMinute, int perDay, Clock clock) {
        this.perMinute = perMinute;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Calls made before this process started. */
    public synchronized void seed(java.util.Collection<Long> callTimesMs) {
        callTimesMs.stream().sorted().forEach(calls::addLast);
    }

    /** Gives back the last call taken: the request never reached the provider. */
    public synchronized void refund() {
        calls.pollLast();
    }

    /** Takes one call from the budget, or says no. */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        while (!calls.isEmpty() && calls.peekFirst() <= now - DAY) {
            calls.pollFirst();
        }
        if (calls.size() >= perDay) {
            return false;
        }
        long lastMinute = calls.stream().filter(t -> t > now - MINUTE).count();
        if (lastMinute >= perMinute) {
            return false;
        }
        calls.addLast(now);
        return true;
    }
}
