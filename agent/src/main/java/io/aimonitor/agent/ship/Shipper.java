package io.aimonitor.agent.ship;

import java.io.IOException;

/** Sends one OTLP export request (protobuf) to the backend. */
public interface Shipper extends AutoCloseable {
    /**
     * @throws Rejected when the backend refuses this request for good (it will never be accepted)
     * @throws IOException when it may succeed later
     */
    void ship(byte[] request) throws IOException, Rejected;

    @Override
    default void close() {}

    /** The backend refused the request itself (malformed, too large): retrying cannot help. */
    final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        public Rejected(String message) {
            super(message);
        }
    }

    /** A temporary failure with the delay the backend asked for (Retry-After). */
    final class RetryLater extends IOException {
        private static final long serialVersionUID = 1L;
        private final long seconds;

        public RetryLater(String message, long seconds) {
            super(message);
            this.seconds = seconds;
        }

        public long seconds() {
            return seconds;
        }
    }
}
