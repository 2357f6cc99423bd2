package io.aimonitor.api.ops;

/** A dependency the API needs to serve requests; {@link #check} throws when it is not usable. */
public interface ReadinessCheck {
    String name();

    void check() throws Exception;
}
