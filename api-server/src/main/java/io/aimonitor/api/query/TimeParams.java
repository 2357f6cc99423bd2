package io.aimonitor.api.query;

import io.aimonitor.api.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times and durations in query parameters. */
public final class TimeParams {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Map<String, Long> UNIT_MS =
            Map.of(
                    "ms", 1L,
                    "s", 1000L,
                    "m", 60_000L,
                    "h", 3_600_000L,
                    "d", 86_400_000L,
                    "w", 604_800_000L);

    /** The last millisecond ClickHouse's nanosecond timestamps (DateTime64(9)) can hold. */
    private static final long MAX_INSTANT_MS = Long.MAX_VALUE / 1_000_000;

    private static final long MAX_DURATION_MS = Duration.ofDays(36_525).toMillis();

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
        long ms;
        if (t.equals("now")) {
            ms = nowMs;
        } else if (t.startsWith("now-")) {
            ms = nowMs - durationMillis(parameter, t.substring(4));
        } else if (NUMBER.matcher(t).matches()) {
            double seconds = Double.parseDouble(t);
            ms = seconds > MAX_INSTANT_MS / 1000.0 ? Long.MAX_VALUE : Math.round(seconds * 1000);
        } else {
            try {
                ms = Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw ApiException.badParameter(
                        parameter,
                        parameter
                                + " must be RFC 3339, unix seconds, 'now' or 'now-<duration>', got '"
                                + text
                                + "'");
            }
        }
        if (ms < 0 || ms > MAX_INSTANT_MS) {
            throw ApiException.badParameter(
                    parameter, parameter + " must be between 1970 and 2262, got '" + text + "'");
        }
        return ms;
    }

    /** 15s, 1m, 2h, 1d, 1w, or plain seconds; at most 100 years. */
    public static long durationMillis(String parameter, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        double ms;
        if (t.matches("\\d+(\\.\\d+)?")) {
            ms = Double.parseDouble(t) * 1000;
        } else if (m.matches()) {
            ms = Double.parseDouble(m.group(1)) * UNIT_MS.get(m.group(2));
        } else {
            throw ApiException.badParameter(
                    parameter,
                    parameter
                            + " must be a duration such as 15s, 1m, 1h, 1d or a number of seconds, got '"
                            + text
                            + "'");
        }
        if (ms > MAX_DURATION_MS) {
            throw ApiException.badParameter(
                    parameter, parameter + " must be at most 100 years, got '" + text + "'");
        }
        return Math.round(ms);
    }
}
