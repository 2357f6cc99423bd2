package io.aimonitor.api.ops;

/** Readiness checks from plain actions. */
public final class Readiness {
    private Readiness() {}

    public interface Check {
        void run() throws Exception;
    }

    public static ReadinessCheck of(String name, Check check) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check() throws Exception {
                check.run();
            }
        };
    }
}
