package io.aimonitor.schemas.rules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Compiled matcher regexes, shared: rules are evaluated for every point. */
final class PatternCache {
    private static final int MAX = 10_000;
    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private PatternCache() {}

    static Pattern get(String regex) {
        Pattern p = PATTERNS.get(regex);
        if (p == null) {
            if (PATTERNS.size() >= MAX) {
                PATTERNS.clear();
            }
            p = Pattern.compile(regex);
            PATTERNS.put(regex, p);
        }
        return p;
    }
}
