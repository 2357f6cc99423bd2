package io.aimonitor.api.notify.channel;

/**
 * A delivery that failed: {@code retryable} for 5xx, 429 and network errors, with the delay the
 * receiver asked for (Retry-After) when it did.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final Long retryAfterSeconds;

    public DeliveryException(String message, boolean retryable, Long retryAfterSeconds) {
        super(message);
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, false, null);
    }

    public static DeliveryException transientFailure(String message) {
        return new DeliveryException(message, true, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
