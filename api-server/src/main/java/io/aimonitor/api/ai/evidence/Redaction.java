package io.aimonitor.api.ai.evidence;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of evidence: values of labels or annotations whose names suggest a secret, and
 * values that look like one (bearer tokens, JWTs, cloud keys, private keys, URLs with passwords),
 * whatever they are called.
 */
public final class Redaction {
    public static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_NAME =
            Pattern.compile(
                    "(?i).*(password|passwd|secret|token|api[_.-]?key|apikey|authorization|credential|private[_.-]?key|cookie|session[_.-]?id).*");
    private static final Pattern SECRET_VALUE =
            Pattern.compile(
                    "(?i)(bearer\\s+\\S+|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"
                            + "|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{16,}|xox[abpr]-[A-Za-z0-9-]{10,}"
                            + "|-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"
                            + "|[a-z][a-z0-9+.-]*://[^\\s/:@]+:[^\\s/@]+@)");

    private Redaction() {}

    public static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach(
                (k, v) ->
                        out.put(
                                k,
                                SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT)).matches()
                                        ? REDACTED
                                        : text(v)));
        return out;
    }

    public static String text(String value) {
        return SECRET_VALUE.matcher(value).replaceAll(REDACTED);
    }
}
