package io.aimonitor.agent.host;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/** An OSHI interface answering from a map of method name to value (zero or empty otherwise). */
final class Fake {
    private Fake() {}

    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, Object> answers) {
        return (T)
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (answers.containsKey(method.getName())) {
                                return answers.get(method.getName());
                            }
                            Class<?> r = method.getReturnType();
                            if (r == boolean.class) {
                                return false;
                            }
                            if (r == int.class) {
                                return 0;
                            }
                            if (r == long.class) {
                                return 0L;
                            }
                            if (r == double.class) {
                                return 0.0;
                            }
                            if (r == List.class) {
                                return List.of();
                            }
                            if (method.getName().equals("toString")) {
                                return "fake " + type.getSimpleName();
                            }
                            return null;
                        });
    }
}
