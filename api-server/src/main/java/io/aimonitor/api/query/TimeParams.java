package io.aimonitor.api.query;

import io.aimonitor.api.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times and durations in query parameters. */
public final class TimeParams {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private TimeParams() {}

    /** A time range from query parameters. */
    public record Range(long fromMs, long toMs) {}

    /**
     * {@code from} (default {@code defaultFrom}) and {@code to} (default now); 400 unless from <
     * to.
     */
    public static Range range(io.javalin.http.Context ctx, String defaultFrom, long nowMs) {
        String from = ctx.queryParam("from");
        String to = ctx.queryParam("to");
        long f = instantMillis("from", from == null || from.isBlank() ? defaultFrom : from, nowMs);
        long t = instantMillis("to", to == null || to.isBlank() ? "now" : to, nowMs);
        if (f >= t) {
            throw ApiException.badParameter("from", "from must be before to");
        }
        return new Range(f, t);
    }

    /** RFC 3339, unix seconds (fractions allowed), {@code now} or {@code now-<duration>}. */
    public static long instantMillis(String parameter, String text, long nowMs) {
        String t = text.strip();
        if (t.equals("now")) {
            return nowMs;
        }
        if (t.startsWith("now-")) {
            return nowMs - durationMillis(parameter, t.substring(4));
        }
        try {
            return Math.round(Double.parseDouble(t) * 1000);
        } catch (NumberFormatException ignored) {
            // not a number: try RFC 3339
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(
                    parameter,
                    parameter
                            + " must be RFC 3339, unix seconds, 'now' or 'now-<duration>', got '"
                            + text
                            + "'");
        }
    }

    /** 15s, 1m, 2h, 1d, 1w, or plain seconds. */
    public static long durationMillis(String parameter, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+(\\.\\d+)?")) {
            return Math.round(Double.parseDouble(t) * 1000);
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw ApiException.badParameter(
                    parameter,
                    parameter
                            + " must be a duration such as 15s, 1m, 1h, 1d or a number of seconds, got '"
                            + text
                            + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> Duration.ofSeconds(n).toMillis();
            case "m" -> Duration.ofMinutes(n).toMillis();
            case "h" -> Duration.ofHours(n).toMillis();
            case "d" -> Duration.ofDays(n).toMillis();
            default -> Duration.ofDays(7 * n).toMillis();
        };
    }
}
